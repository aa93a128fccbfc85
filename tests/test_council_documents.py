"""Council documents read as people wrote them: publication dates, clean text, titles from the first heading."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from index.engine import Engine
from index.ingest.read import clean_glyphs, read_document
from index.national.nation import engine_events, full_inspections
from index.settings import Settings
from tests.pdfgen import make_pdf

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "ofsted-ilacs"


@pytest.mark.parametrize(
    "name, text, expected",
    [
        (
            "news.txt",
            "BCP Council news, 2 November 2022\n\nOfsted has praised the council's work.",
            date(2022, 11, 2),
        ),
        (
            "minutes.txt",
            "Corporate Parenting Board\n\nMinutes of the meeting held on 15 November 2021\n\n"
            "Present: Councillors",
            date(2021, 11, 15),
        ),
        (
            "update.md",
            "# Ofsted update\n\n3 March 2023\n\nThe council welcomes the letter.",
            date(2023, 3, 3),
        ),
        (
            "decision.txt",
            "Record of officer decision\n\nDate of decision: 19 December 2024\n\nThe decision",
            date(2024, 12, 19),
        ),
        (  # the plain-text reader joins "From: …" onto the date line
            "note to members.txt",
            "Children's Services: note to all members\n\nMonthly note, 6 March 2024.\n"
            "From: Director of Children's Services\nTo: All Members\n\n1. Purpose",
            date(2024, 3, 6),
        ),
        (
            "cabinet report.md",
            "# Cabinet\n\n## Ofsted improvement update\n\nReport date: 11 September 2023\n"
            "Report of: Director of Children's Services\n\n### 1. Purpose",
            date(2023, 9, 11),
        ),
        (
            "press release.txt",
            "Council welcomes Ofsted letter\n\nPublished 30 January 2024\nCommunications team",
            date(2024, 1, 30),
        ),
    ],
)
def test_a_council_document_is_dated_from_its_text_not_the_file(tmp_path, name, text, expected):
    path = tmp_path / name
    path.write_text(text)
    os.utime(path, (1_800_000_000, 1_800_000_000))  # a file time in 2027: never the date read
    document = read_document(path)
    assert document.date == expected and document.date_source.startswith("text:")


def test_a_markdown_table_keeps_a_line_for_each_row(tmp_path):
    path = tmp_path / "board note.md"
    path.write_text(
        "# Board note\n\n## Visits\n\n| Visit | Dates | Focus |\n|---|:---:|---|\n"
        "| First | 3-4 May 2022 | The **front door** |\n| Second | 8-9 November 2022 | Care leavers |\n\n"
        "Both letters are published."
    )
    text = read_document(path).text
    assert "Visit | Dates | Focus\n\nFirst | 3-4 May 2022 | The front door\n\n" in text
    assert "Second | 8-9 November 2022 | Care leavers\n\nBoth letters" in text
    assert "---" not in text


def test_private_use_bullets_become_bullets_and_other_glyphs_go():
    text = "\uf06e The proportion of children: \uf02d in primary schools is 13%\uf0e0"
    assert clean_glyphs(text) == "• The proportion of children: • in primary schools is 13%"


def test_a_pdf_title_is_its_first_heading_without_the_page_number_or_footnote_mark(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(
        make_pdf(
            [
                [
                    "1",
                    "Kent County Council",
                    "Inspection of services for children in need of help and",
                    "protection, children looked after and care leavers1",
                    "",
                    "Inspection dates: 9 to 26 January 2017",
                    "Children's services in Kent are good.",
                ]
            ]
        )
    )
    document = read_document(path)
    assert document.title == (
        "Kent County Council Inspection of services for children in need of help and "
        "protection, children looked after and care leavers"
    )


@pytest.mark.skipif(
    not CORPUS.is_dir(), reason="the Ofsted report corpus is not beside the repository"
)
def test_real_reports_have_no_private_use_glyphs_and_whole_titles():
    name = "80476_kent/children's services inspection - 13 june 2017.pdf"
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"{name} is not in the corpus")
    document = read_document(path, source=name)
    assert not any(0xE000 <= ord(ch) <= 0xF8FF for ch in document.text)
    assert document.title.startswith(
        "Kent County Council Inspection of services for children in need of help and protection"
    )


def test_a_jtai_after_the_full_inspection_is_never_taken_for_it(tmp_path, encoder):
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "update to members.md").write_text(
        "# Rutland County Council: update to members (fictional)\n\nDate: 2 May 2023\n\n"
        "1.1 Ofsted's ILACS inspection of our children's services took place from 3 to 14 "
        "October 2022.\n\n1.2 A joint targeted area inspection of the multi-agency response "
        "to child exploitation took place in March 2023. Partners share information well.\n"
    )
    settings = Settings.load(env={}, documents_dir=documents, index_dir=tmp_path / "index")
    engine = Engine.open(settings, encoder, build_if_missing=True)
    today = date(2023, 6, 1)
    events = engine_events(engine)
    assert sorted((e.kind, e.focus) for e in events) == [
        ("inspection", None),
        ("jtai", "the multi-agency response to child exploitation"),
    ]
    # the national list counts the full inspection only
    assert [(i.earliest, i.latest) for i in full_inspections(events, today)["Rutland"]] == [
        (date(2022, 10, 3), date(2022, 10, 14))
    ]
    # and the last inspection is that one, not the newer JTAI
    answer = engine.ask("when was rutland last inspected", today=today)
    assert "3 to 14 October 2022" in answer.answer
    assert "joint targeted" not in answer.answer


@pytest.fixture(scope="module")
def sefton(tmp_path_factory, encoder):
    """Sefton's three real reports beside a board note of its own (fictional, July 2024)."""
    reports = CORPUS / "80550_sefton"
    if not reports.is_dir():
        pytest.skip("the national corpus is not beside the checkout")
    folder = tmp_path_factory.mktemp("sefton")
    documents = folder / "documents"
    shutil.copytree(reports, documents / "80550_sefton")
    (documents / "board note.md").write_text(
        "# Sefton Children's Services Improvement Board: briefing note (fictional)\n\n"
        "Date: 18 July 2024\n\n"
        "2.1 Ofsted has carried out five monitoring visits since the 2022 inspection.\n\n"
        "2.2 The sixth monitoring visit is planned for 8 and 9 October 2024.\n\n"
        "3.1 Actions: the neglect strategy and a new neglect toolkit will be launched in "
        "September 2024.\n"
    )
    settings = Settings.load(env={}, documents_dir=documents, index_dir=folder / "index")
    return Engine.open(settings, encoder, build_if_missing=True)


def test_a_topic_reads_the_councils_own_papers_beside_the_report(sefton):
    answer = sefton.ask("what is sefton doing about neglect", today=date(2024, 8, 1))
    assert not answer.abstained
    assert "neglect toolkit" in answer.answer
    assert any(c.source == "board note.md" for c in answer.citations)


def test_a_planned_visit_overtaken_by_an_inspection_is_quoted_with_what_came_after(sefton):
    answer = sefton.ask("when is the sixth monitoring visit to sefton", today=date(2026, 12, 7))
    assert "8 and 9 October 2024" in answer.answer  # what the newest note to plan it said
    assert "23 June to 4 July 2025" in answer.answer  # and the inspection that came after
    assert any("6th monitoring visit" in w and "taking place" in w for w in answer.warnings)
    # before the visit was due, it is simply the next one
    before = sefton.ask("when is the sixth monitoring visit to sefton", today=date(2024, 8, 1))
    assert before.answer.startswith(
        "The sixth monitoring visit is planned for 8 and 9 October 2024"
    )
    assert not before.warnings


QUARTERLY_NOTE = """\
Rutland County Council (fictional)
Children's Services: quarterly note to members

Quarterly note, 2 May 2024.
Issued on behalf of the Director of Children's Services.

Ofsted: third monitoring visit

Ofsted carried out the third monitoring visit on 5 and 6 March 2024. \
Inspectors looked at children in care, in particular permanence planning.

Inspectors found that:

- the new Permanence Tracking Panel gives managers a clear view of children \
waiting for permanence;
- later life letters and life-story work are not routinely completed.

What is next

The fourth monitoring visit is planned for 9 and 10 July 2024. It will focus on care leavers.
"""


@pytest.fixture(scope="module")
def rutland_note(tmp_path_factory, encoder):
    folder = tmp_path_factory.mktemp("rutland")
    documents = folder / "documents"
    documents.mkdir()
    (documents / "quarterly note.txt").write_text(QUARTERLY_NOTE)
    settings = Settings.load(env={}, documents_dir=documents, index_dir=folder / "index")
    return Engine.open(settings, encoder, build_if_missing=True)


def test_what_a_numbered_visit_found_is_read_from_its_section_and_stops_at_the_next_visit(
    rutland_note,
):
    answer = rutland_note.ask("what did the third mv find", today=date(2024, 6, 1))
    assert not answer.abstained, answer.answer
    assert "Permanence Tracking Panel" in answer.answer and "life-story work" in answer.answer
    assert "fourth" not in answer.answer  # the next visit is another telling
    looked = rutland_note.ask("what did the third monitoring visit look at", today=date(2024, 6, 1))
    assert "children in care, in particular permanence planning" in looked.answer
    assert "Permanence Tracking Panel" not in looked.answer  # what it found was not asked


def test_a_visit_only_planned_has_no_findings_and_says_when_it_was_planned(rutland_note):
    answer = rutland_note.ask("what did the 4th monitoring visit find", today=date(2024, 8, 1))
    assert answer.abstained
    assert "No document I hold records the 4th monitoring visit taking place" in answer.answer
    assert "planned for 9 and 10 July 2024" in answer.answer


def test_a_role_without_a_name_does_not_answer_who(rutland_note):
    answer = rutland_note.ask("whats the name of the director", today=date(2024, 6, 1))
    assert answer.abstained, answer.answer


def test_a_visit_named_by_its_month_alone_is_the_newest_such_and_its_findings_are_read(
    seed_engine,
):
    # "the july visit", asked years later: July 2021's, and what the news release says it found
    answer = seed_engine.ask("what did ofsted find on the july visit", today=date(2026, 12, 7))
    assert not answer.abstained, answer.answer
    assert "highlighting the improvements" in answer.answer


def test_a_visit_told_of_only_by_what_it_looked_at_has_no_findings_to_give(seed_engine):
    answer = seed_engine.ask("what did the jan 2020 visit find", today=date(2022, 3, 1))
    assert answer.abstained
    assert "tell of the monitoring visit of January 2020, but not what it found" in answer.answer
    assert "'Front door'" in answer.answer  # what they do say of it


def test_the_nth_visit_is_counted_from_the_series_when_the_documents_number_only_a_later_one(
    seed_engine,
):
    # January 2020, October 2020, February 2021, then "the fourth visit" in July 2021
    answer = seed_engine.ask(
        "when was the first monitoring visit and what was it about", today=date(2022, 3, 1)
    )
    assert answer.answer.startswith("January 2020- Focus on progress made"), answer.answer


def test_a_numbered_visit_only_expected_is_given_with_its_dates_passed_warned(seed_engine):
    answer = seed_engine.ask(
        "is the fifth visit still happening in oct/nov", today=date(2022, 3, 1)
    )
    assert "October/ November 2021" in answer.answer, answer.answer
    assert any("has passed" in w for w in answer.warnings), answer.warnings


@pytest.mark.skipif(not (CORPUS / "80540_reading").is_dir(), reason="the national corpus")
def test_who_delivers_a_councils_services_is_quoted_from_its_newest_report(tmp_path, encoder):
    documents = tmp_path / "documents"
    shutil.copytree(CORPUS / "80540_reading", documents / "80540_reading")
    settings = Settings.load(env={}, documents_dir=documents, index_dir=tmp_path / "index")
    engine = Engine.open(settings, encoder, build_if_missing=True)
    answer = engine.ask("who delivers reading childrens social care", today=date(2024, 9, 10))
    assert "Brighter Futures for Children" in answer.answer, answer.answer
    assert answer.citations[0].source.endswith("12 july 2024.pdf")


@pytest.mark.skipif(not (CORPUS / "2733690_cumberland").is_dir(), reason="the national corpus")
def test_a_former_council_is_answered_with_what_its_successors_reports_say_of_it(tmp_path, encoder):
    documents = tmp_path / "documents"
    shutil.copytree(CORPUS / "2733690_cumberland", documents / "2733690_cumberland")
    settings = Settings.load(env={}, documents_dir=documents, index_dir=tmp_path / "index")
    engine = Engine.open(settings, encoder, build_if_missing=True)
    answer = engine.ask("what happened to cumbria childrens services", today=date(2026, 12, 7))
    # the successor's report on the council before it, then the successor's own grade
    assert "Cumbria County Council, were judged requires improvement" in answer.answer
    assert answer.answer.index("Cumbria County Council") < answer.answer.index("Cumberland: Good")


@pytest.mark.skipif(not (CORPUS / "80553_slough").is_dir(), reason="the national corpus")
def test_a_trust_named_is_answered_with_its_councils_report_and_says_so(tmp_path, encoder):
    documents = tmp_path / "documents"
    shutil.copytree(CORPUS / "80553_slough", documents / "80553_slough")
    settings = Settings.load(env={}, documents_dir=documents, index_dir=tmp_path / "index")
    engine = Engine.open(settings, encoder, build_if_missing=True)
    answer = engine.ask("scf ofsted rating", today=date(2026, 12, 7))
    assert answer.answer.startswith("Slough Children First delivers Slough's children's services")
    assert "Slough: Requires improvement to be good overall" in answer.answer
