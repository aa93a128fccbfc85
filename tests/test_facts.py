"""index.facts: what a report states about its own inspection, each fact with the shortest quote that holds it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from index.build.update import update_index
from index.extract.facts import read_facts
from index.ingest.read import read_document
from index.store import Store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "ofsted-ilacs"

ILACS_2023 = """Inspection of Hounslow local authority children’s services

Inspection dates: 13 to 24 March 2023

Lead inspector: Sarah Canto, His Majesty’s Inspector Judgement Grade The impact of leaders on social work practice with children and families Requires improvement to be good The experiences and progress of children who need help and protection Good The experiences and progress of children in care Requires improvement to be good The experiences and progress of care leavers Good Overall effectiveness Requires improvement to be good Leaders have worked hard since the last inspection in 2019.

What needs to improve?

The quality of plans for children in need, so that they are specific.

The response to children aged 16 and 17 who present as homeless.

The experiences and progress of children who need help and protection: good

1. Children and families benefit from a range of early help services.
"""

ILACS_2026 = """Inspection of Rutland local authority children’s services

Inspection dates: 11 to 22 May 2026

Lead inspector: Rebecca Dubbins, His Majesty’s Inspector Judgement Grade The impact of leaders on practice with children and families Outstanding The experiences and progress of children who need help and protection Good The experiences and progress of children in care Good The experiences and progress of care leavers Requires improvement to be good Leaders know their services well.
"""

SIF_2015 = """Norfolk County Council

Inspection of services for children in need of help and protection, children looked after and care leavers

Inspection date: 6 July 2015 – 30 July 2015

Report published: 20 October 2015

Children’s services in Norfolk are inadequate

1. Children who need help and protection Requires improvement

2. Children looked after and achieving permanence Inadequate

2.1 Adoption performance Requires improvement

2.2 Experiences and progress of care leavers Inadequate

3. Leadership, management and governance Requires improvement

Recommendations

7. Strengthen management oversight in the MASH to improve the quality of decisions.

8. Ensure that all children who go missing have a return home interview.

Summary for children and young people

Lead inspector: Louise Hocking HMI
"""

MONITORING_LETTER = """Monitoring visit to Northamptonshire children’s services

Visit dates: 13 to 14 July 2021

This visit was the fourth monitoring visit since the local authority was judged inadequate in 2019.

Inspectors reviewed the progress made in the quality of help and protection for children at the front door.
"""


def facts_of(text: str, doc_date: date | None = None) -> dict[str, tuple[str, str]]:
    facts = read_facts(text, doc_date=doc_date)
    for fact in facts:
        assert text[fact.start : fact.end] == fact.quote
    return {f.field: (f.value, f.quote) for f in facts if f.field != "improvement"}


def test_each_judgement_is_quoted_by_its_own_row_with_its_exact_wording():
    facts = facts_of(ILACS_2023, date(2023, 5, 1))
    assert facts["judgement:overall"] == (
        "Requires improvement to be good",
        "Overall effectiveness Requires improvement to be good",
    )
    assert facts["judgement:help_and_protection"] == (
        "Good",
        "The experiences and progress of children who need help and protection Good",
    )
    assert facts["judgement:leaders"][1] == (
        "The impact of leaders on social work practice with children and families "
        "Requires improvement to be good"
    )
    assert facts["judgement:in_care"][0] == "Requires improvement to be good"
    assert facts["judgement:care_leavers"][0] == "Good"
    assert all(len(quote) < 120 for _, quote in facts.values())


def test_dates_framework_and_lead_inspector_of_an_ilacs_report():
    facts = facts_of(ILACS_2023, date(2023, 5, 1))
    assert facts["inspection_dates"] == (
        "2023-03-13/2023-03-24",
        "Inspection dates: 13 to 24 March 2023",
    )
    assert facts["framework"][0] == "ilacs_standard"
    assert facts["lead_inspector"] == (
        "Sarah Canto",
        "Lead inspector: Sarah Canto, His Majesty’s Inspector",
    )


def test_what_needs_to_improve_gives_each_item_and_stops_at_the_first_judgement_section():
    items = [
        f.value
        for f in read_facts(ILACS_2023, doc_date=date(2023, 5, 1))
        if f.field == "improvement"
    ]
    assert items == [
        "The quality of plans for children in need, so that they are specific.",
        "The response to children aged 16 and 17 who present as homeless.",
    ]


def test_a_report_from_april_2026_has_its_own_framework_and_no_overall_judgement():
    facts = facts_of(ILACS_2026, date(2026, 7, 7))
    assert facts["framework"][0] == "ilacs_2026_standard"
    assert "judgement:overall" not in facts
    assert facts["judgement:care_leavers"] == (
        "Requires improvement to be good",
        "The experiences and progress of care leavers Requires improvement to be good",
    )
    assert facts["lead_inspector"][0] == "Rebecca Dubbins"


def test_single_inspection_framework_report_overall_sentence_rows_and_recommendations():
    facts = facts_of(SIF_2015, date(2015, 10, 20))
    assert facts["framework"][0] == "sif"
    assert facts["judgement:overall"] == (
        "Inadequate",
        "Children’s services in Norfolk are inadequate",
    )
    assert facts["judgement:adoption"] == (
        "Requires improvement",
        "Adoption performance Requires improvement",
    )
    assert facts["lead_inspector"] == ("Louise Hocking", "Lead inspector: Louise Hocking HMI")
    items = [
        f.value
        for f in read_facts(SIF_2015, doc_date=date(2015, 10, 20))
        if f.field == "improvement"
    ]
    assert items == [
        "Strengthen management oversight in the MASH to improve the quality of decisions.",
        "Ensure that all children who go missing have a return home interview.",
    ]


def test_a_monitoring_visit_letter_keeps_its_number_and_focus():
    facts = facts_of(MONITORING_LETTER, date(2021, 9, 1))
    assert facts["framework"][0] == "monitoring"
    assert facts["visit_number"] == (
        "4",
        "This visit was the fourth monitoring visit since the local authority "
        "was judged inadequate in 2019.",
    )
    assert facts["visit_focus"][0].startswith(
        "the progress made in the quality of help and protection"
    )


def test_a_document_that_is_not_a_report_states_no_facts():
    assert read_facts("Cabinet member report. Ofsted visited in July 2021 and will return.") == []


def test_facts_are_stored_and_read_back_by_document(tmp_path, encoder):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "hounslow.txt").write_text(ILACS_2023)
    update_index(tmp_path / "index", [folder], encoder)
    store = Store.open(tmp_path / "index")
    try:
        ((doc_id, facts),) = store.facts().items()
        by_field = {f.field: f for f in facts}
        assert by_field["lead_inspector"].value == "Sarah Canto"
        text = store.document_text(doc_id)
        assert all(text[f.start : f.end] == f.quote for f in facts)
    finally:
        store.close()


def test_new_extraction_code_re_extracts_without_embedding_again(tmp_path, encoder):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "hounslow.txt").write_text(ILACS_2023)
    (folder / "letter.txt").write_text(MONITORING_LETTER)
    first = update_index(tmp_path / "index", [folder], encoder, extractor="old code")
    assert first.passages_added > 0
    store = Store.open(tmp_path / "index")
    passages_before = store.vectors.ntotal
    store.close()

    same = update_index(tmp_path / "index", [folder], encoder, extractor="old code")
    assert (same.reextracted, same.changed) == ([], False)

    again = update_index(tmp_path / "index", [folder], encoder, extractor="new code")
    assert sorted(again.reextracted) == ["hounslow.txt", "letter.txt"]
    assert (again.passages_added, again.added, again.updated) == (0, [], [])
    store = Store.open(tmp_path / "index")
    try:
        assert store.vectors.ntotal == passages_before
        assert len(store.facts()) == 2
    finally:
        store.close()
    assert (
        update_index(tmp_path / "index", [folder], encoder, extractor="new code").reextracted == []
    )


@pytest.mark.skipif(
    not CORPUS.is_dir(), reason="the Ofsted report corpus is not beside the repository"
)
@pytest.mark.parametrize(
    "name, field, value",
    [
        (
            "80418_norfolk/children's services inspection - 13 january 2023.pdf",
            "judgement:help_and_protection",
            "Good",
        ),
        (
            "80542_rochdale/children's services inspection - 12 march 2018.pdf",
            "lead_inspector",
            "Paula Thomson-Jones",
        ),
        (
            "80560_st helens/children's services inspection - 04 september 2023.pdf",
            "judgement:care_leavers",
            "Outstanding",
        ),
        (
            "80418_norfolk/children's services inspection - 20 october 2015.pdf",
            "judgement:overall",
            "Inadequate",
        ),
        (
            "2637539_north northamptonshire/children's services inspection - 07 july 2026.pdf",
            "framework",
            "ilacs_2026_standard",
        ),
    ],
)
def test_real_reports_facts(name, field, value):
    doc = read_document(CORPUS / name, source=name)
    facts = {f.field: f for f in read_facts(doc.text, doc_date=doc.date, title=doc.title)}
    assert facts[field].value == value
    assert doc.text[facts[field].start : facts[field].end] == facts[field].quote


def test_two_lead_inspectors_are_both_named():
    # As Stoke-on-Trent's 2022 report has it: one heading, two inspectors, each with a title.
    text = ILACS_2023.replace(
        "Lead inspector: Sarah Canto, His Majesty’s Inspector",
        "Lead inspectors: Rebecca Quested, His Majesty’s Inspector, and Matthew Reed, His Majesty’s Inspector",
    )
    name, quote = facts_of(text, date(2023, 5, 1))["lead_inspector"]
    assert name == "Rebecca Quested and Matthew Reed"
    assert quote.startswith("Lead inspectors: Rebecca Quested") and quote.endswith(
        "Matthew Reed, His Majesty’s Inspector"
    )


def test_the_safeguarding_boards_own_judgement_is_read_where_its_review_begins():
    report = SIF_2015 + (
        "\n\nThe Local Safeguarding Children Board (LSCB)\n"
        "The Local Safeguarding Children Board is good\n\nExecutive summary\n"
        "The board is well led.\n"
    )
    facts = facts_of(report, date(2015, 10, 20))
    assert facts["judgement:lscb"] == ("Good", "The Local Safeguarding Children Board is good")
    # the council's own judgements are untouched
    assert facts["judgement:overall"][0] == "Inadequate"
