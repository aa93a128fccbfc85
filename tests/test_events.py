"""index.events and index.organisations: dated inspection events, and who they are about."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.councils.organisations import (
    COUNCILS,
    canonical,
    find_organisations,
    organisation_of,
    served_by,
)
from index.extract.events import KINDS, STATUSES, Event, extract_events
from index.ingest.read import read_document

D = date
ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ROOT / "documents"
CABINET_REPORT = (
    DOCUMENTS / "2021-09-23 Cabinet member report - Ofsted monitoring visit July 2021.txt"
)
NEWS_RELEASE = DOCUMENTS / (
    "2021-09-09 News release - Ofsted finds tangible progress in "
    "Northamptonshire children's services.txt"
)
CORPUS = ROOT.parent / "shared" / "corpus" / "ofsted-ilacs"


def only(text: str, doc_date: date | None = None, **kwargs) -> Event:
    events = extract_events(text, doc_date=doc_date, **kwargs)
    assert len(events) == 1, events
    return events[0]


def summary(events: list[Event]) -> list[tuple]:
    return [(e.kind, e.status, e.earliest, e.latest, e.number, e.grades) for e in events]


# --- date forms --------------------------------------------------------------------

# (sentence, document date, kind, status, earliest, latest)
FORMS = [
    (
        "Between 13th – 30th July 2021 Ofsted undertook a monitoring visit of children's social care.",
        D(2021, 9, 23),
        "monitoring_visit",
        "completed",
        D(2021, 7, 13),
        D(2021, 7, 30),
    ),
    (
        "Ofsted inspected children's services from 3 to 14 October 2022.",
        D(2022, 12, 1),
        "inspection",
        "completed",
        D(2022, 10, 3),
        D(2022, 10, 14),
    ),
    (
        "This letter summarises the findings of the monitoring visit on 5 and 6 July 2022.",
        D(2022, 8, 1),
        "monitoring_visit",
        "completed",
        D(2022, 7, 5),
        D(2022, 7, 6),
    ),
    (
        "The routine monitoring visit took place in July this year.",
        D(2021, 9, 9),
        "monitoring_visit",
        "completed",
        D(2021, 7, 1),
        D(2021, 7, 31),
    ),
    (
        "In February 2020, a focused visit found areas for priority action.",
        D(2022, 9, 5),
        "focused_visit",
        "completed",
        D(2020, 2, 1),
        D(2020, 2, 29),
    ),
    (
        "Leaders have built on the areas noted in the 2019 focused visit.",
        D(2023, 1, 13),
        "focused_visit",
        "completed",
        D(2019, 1, 1),
        D(2019, 12, 31),
    ),
    (
        "Since the last inspection in 2017, services have improved.",
        D(2023, 1, 13),
        "inspection",
        "completed",
        D(2017, 1, 1),
        D(2017, 12, 31),
    ),
    # expected: by a cue word, by a deadline, or because the dates lie after the document's
    (
        "We expect that there will be at least one further monitoring visit, in October/ November 2021.",
        D(2021, 9, 23),
        "monitoring_visit",
        "expected",
        D(2021, 10, 1),
        D(2021, 11, 30),
    ),
    (
        "Ofsted expects the council to be ready for a full inspection by autumn 2019.",
        D(2019, 5, 1),
        "inspection",
        "expected",
        D(2019, 5, 1),
        D(2019, 11, 30),
    ),
    (
        "The next focused visit is likely in late February or early March.",
        D(2022, 1, 10),
        "focused_visit",
        "expected",
        D(2022, 2, 21),
        D(2022, 3, 10),
    ),
    (
        "We anticipate a full inspection in late 2021 or early 2022.",
        D(2021, 6, 1),
        "inspection",
        "expected",
        D(2021, 9, 1),
        D(2022, 4, 30),
    ),
    (
        "The next inspection is due in spring 2023.",
        D(2022, 11, 1),
        "inspection",
        "expected",
        D(2023, 3, 1),
        D(2023, 5, 31),
    ),
    (
        "An assurance visit took place in March 2021.",
        D(2021, 1, 10),
        "assurance_visit",
        "expected",
        D(2021, 3, 1),
        D(2021, 3, 31),
    ),
    (
        "The letter was published on Ofsted's website today (September 9).",
        D(2021, 9, 9),
        "publication",
        "completed",
        D(2021, 9, 9),
        D(2021, 9, 9),
    ),
]


@pytest.mark.parametrize("text, doc_date, kind, status, earliest, latest", FORMS)
def test_each_date_form_becomes_an_event_with_its_interval_and_status(
    text, doc_date, kind, status, earliest, latest
):
    event = only(text, doc_date)
    assert (event.kind, event.status, event.earliest, event.latest) == (
        kind,
        status,
        earliest,
        latest,
    )
    assert event.quote == text and event.wording in text


def test_label_lines_give_the_date_to_the_event_named_after_them():
    text = (
        "9th September 2021: Final letters were published on Ofsted - GOV.UK\n\n"
        "October/ November 2021: Expected 5th monitoring visit by Ofsted\n\n"
        "Summer 2022: Expected full inspection which will result in gradings\n"
    )
    assert summary(extract_events(text, doc_date=D(2021, 9, 23))) == [
        ("publication", "completed", D(2021, 9, 9), D(2021, 9, 9), None, ()),
        ("monitoring_visit", "expected", D(2021, 10, 1), D(2021, 11, 30), 5, ()),
        ("inspection", "expected", D(2022, 6, 1), D(2022, 8, 31), None, ()),
    ]


def test_a_sentence_naming_two_events_dates_each_one():
    text = (
        "We expect that there will be at least one further monitoring visit, in October/ November 2021, "
        "followed by a full inspection in Summer 2022."
    )
    assert [
        (e.kind, e.status, e.wording) for e in extract_events(text, doc_date=D(2021, 9, 23))
    ] == [
        ("monitoring_visit", "expected", "October/ November 2021"),
        ("inspection", "expected", "Summer 2022"),
    ]


def test_list_items_take_their_event_from_the_line_introducing_them():
    text = (
        "Ofsted are due to carry out between 4- 6 monitoring visits.\n\n"
        "The previous visits were:\n\n"
        "- **January 2020-** Focus on the front door\n"
        "- **October 2020-** Focus on practice during the pandemic\n\n"
        "The council's budget was set in March 2021.\n"
    )
    assert [
        (e.kind, e.status, e.earliest) for e in extract_events(text, doc_date=D(2021, 9, 23))
    ] == [
        ("monitoring_visit", "completed", D(2020, 1, 1)),
        ("monitoring_visit", "completed", D(2020, 10, 1)),
    ]


def test_a_visit_number_in_the_next_sentence_belongs_to_the_visit_just_described():
    text = (
        "This letter summarises the findings of the monitoring visit to Rutland County Council "
        "children's services on 5 and 6 July 2022. This was the third monitoring visit since the "
        "local authority was judged inadequate in March 2021."
    )
    visit, judgement = extract_events(text, doc_date=D(2022, 8, 1))
    assert (visit.kind, visit.number, visit.organisation) == ("monitoring_visit", 3, "Rutland")
    assert (judgement.kind, judgement.earliest, judgement.grades) == (
        "judgement",
        D(2021, 3, 1),
        (("overall", "inadequate"),),
    )


def test_a_first_visit_since_something_other_than_an_inspection_is_not_numbered():
    text = (
        "February 2021 monitoring visit: focus on children in care. "
        "This was the first visit since the establishment of the trust."
    )
    assert only(text, D(2021, 9, 23)).number is None


def test_a_grade_stated_with_an_inspection_is_that_inspections_grade():
    event = only(
        "This was the fourth visit Ofsted have made since the inspection in June 2019 which found "
        "children's social care in Northamptonshire to be inadequate.",
        D(2021, 9, 23),
    )
    assert (event.kind, event.earliest, event.grades, event.organisation) == (
        "inspection",
        D(2019, 6, 1),
        (("overall", "inadequate"),),
        "Northamptonshire",
    )


def test_a_grade_with_only_its_own_date_is_a_judgement():
    event = only(
        "The routine visit came after the children's services at Northamptonshire County Council "
        "were graded as 'inadequate' in June 2019.",
        D(2021, 9, 9),
    )
    assert (event.kind, event.status, event.earliest, event.grades) == (
        "judgement",
        "completed",
        D(2019, 6, 1),
        (("overall", "inadequate"),),
    )


def test_requires_improvement_to_be_good_is_not_good():
    event = only("In 2016, services were judged to require improvement to be good.", D(2018, 7, 17))
    assert event.grades == (("overall", "requires improvement"),)
    event = only(
        "They were judged requires improvement to be good in November 2022.", D(2024, 7, 1)
    )
    assert event.grades == (("overall", "requires improvement"),)


def test_a_grade_held_now_without_a_date_is_a_judgement_as_of_the_document():
    event = only("Our children's services are currently rated Good by Ofsted.", D(2023, 5, 1))
    assert (event.kind, event.earliest, event.latest, event.wording, event.grades) == (
        "judgement",
        D(2023, 5, 1),
        D(2023, 5, 1),
        "",
        (("overall", "good"),),
    )


@pytest.mark.parametrize(
    "text",
    [
        "The council's budget for 2021 was set in March 2021.",
        "Caseloads were too high in June 2021 and attendance was good.",
        "Social workers visited the family in May 2021.",  # a social worker's visit, not Ofsted's
        "Our ambition is to be judged outstanding by 2025.",  # a hope, not a grade
        "An audit of supervision is planned for July 2014, and inspectors noted this.",
        "Thirty care leavers were at university at the time of the inspection, and nine had offers for September 2016.",
        "Two of its children's homes were judged to be good at their inspection in June 2014.",
        "A peer review led by our partner, a mock inspection, is planned for January 2025.",
        "The LSCB annual report, published in September 2014, covers partners' work.",
    ],
)
def test_no_event_from_sentences_not_stating_one(text):
    assert extract_events(text, doc_date=D(2022, 1, 1)) == []


# --- council documents: focus, numbers, JTAIs, tables ------------------------------------


def brief(events: list[Event]) -> list[tuple]:
    return [(e.kind, e.status, e.earliest, e.latest, e.number, e.focus) for e in events]


# (text, document date, kind, status, earliest, latest, number, focus)
FOCUS_FORMS = [
    (  # a verb after the dates
        "The second monitoring visit, on 14 and 15 March 2023, looked at children in care and care leavers.",
        D(2023, 6, 1),
        "monitoring_visit",
        "completed",
        D(2023, 3, 14),
        D(2023, 3, 15),
        2,
        "children in care and care leavers",
    ),
    (
        "The fourth monitoring visit is planned for 3 and 4 October 2023 and will focus on the front door.",
        D(2023, 6, 1),
        "monitoring_visit",
        "expected",
        D(2023, 10, 3),
        D(2023, 10, 4),
        4,
        "the front door",
    ),
    (  # a colon after the dates; what inspectors found is another sentence
        "Third monitoring visit, 11 and 12 July 2022: care leavers, including where they live. Inspectors found that most had a personal adviser.",
        D(2022, 9, 1),
        "monitoring_visit",
        "completed",
        D(2022, 7, 11),
        D(2022, 7, 12),
        3,
        "care leavers, including where they live",
    ),
    (  # the next sentence names it
        "The next monitoring visit is due on 6 and 7 June 2024. Its focus will be children in need of help and protection.",
        D(2024, 3, 1),
        "monitoring_visit",
        "expected",
        D(2024, 6, 6),
        D(2024, 6, 7),
        None,
        "children in need of help and protection",
    ),
    (
        "We expect the fifth monitoring visit in the week commencing 12 February 2024. It will look at disabled children.",
        D(2023, 12, 1),
        "monitoring_visit",
        "expected",
        D(2024, 2, 12),
        D(2024, 2, 16),
        5,
        "disabled children",
    ),
    (  # "of" what it looked at
        "A focused visit of arrangements for children in need in May 2019 found that plans had improved.",
        D(2020, 1, 1),
        "focused_visit",
        "completed",
        D(2019, 5, 1),
        D(2019, 5, 31),
        None,
        "arrangements for children in need",
    ),
    (  # the focus ends where the sentence moves on to a new subject
        "Since the focused visit in June 2019, when inspectors looked at the front door, leaders have strengthened supervision.",
        D(2020, 1, 1),
        "focused_visit",
        "completed",
        D(2019, 6, 1),
        D(2019, 6, 30),
        None,
        "the front door",
    ),
    (  # a monitoring visit of the council is whose, not what it looked at
        "The monitoring visit of the council's children's services in April 2022 was the third.",
        D(2022, 6, 1),
        "monitoring_visit",
        "completed",
        D(2022, 4, 1),
        D(2022, 4, 30),
        None,
        None,
    ),
]


@pytest.mark.parametrize(
    "text, doc_date, kind, status, earliest, latest, number, focus",
    FOCUS_FORMS,
    ids=[f[0][:50] for f in FOCUS_FORMS],
)
def test_a_visit_keeps_what_it_looked_at(
    text, doc_date, kind, status, earliest, latest, number, focus
):
    assert brief([only(text, doc_date)]) == [(kind, status, earliest, latest, number, focus)]


@pytest.mark.parametrize(
    "text",
    [
        "After the monitoring visit in May 2021, managers put a stronger focus on supervision.",
        "Since the focused visit in 2019, services for children in need have improved.",
        "Leaders used the learning from the monitoring visit in June 2020 to focus on permanence.",
    ],
)
def test_the_councils_own_focus_is_not_the_visits(text):
    assert only(text, D(2022, 1, 1)).focus is None


def test_a_visit_named_first_and_dated_after_keeps_its_number_and_focus():
    text = (
        "Ofsted has written to us after a monitoring visit to the council's services for disabled "
        "children, the third monitoring visit since the inadequate judgement.\n\n"
        "Inspectors visited on 12 and 13 March 2024. They spoke to parents and carers."
    )
    event = only(text, D(2024, 4, 20))
    assert (event.kind, event.earliest, event.latest, event.number, event.focus) == (
        "monitoring_visit",
        D(2024, 3, 12),
        D(2024, 3, 13),
        3,
        "disabled children",
    )


def test_a_visit_dated_in_its_own_sentence_does_not_lend_its_number_to_the_next():
    text = (
        "The fourth monitoring visit took place on 10 and 11 May 2023 and looked at care leavers. "
        "The next visit is planned for 8 and 9 November 2023."
    )
    assert brief(extract_events(text, doc_date=D(2023, 6, 1))) == [
        ("monitoring_visit", "completed", D(2023, 5, 10), D(2023, 5, 11), 4, "care leavers"),
        ("monitoring_visit", "expected", D(2023, 11, 8), D(2023, 11, 9), None, None),
    ]


def test_visits_listed_with_their_dates_in_brackets_are_one_event_each():
    text = (
        "Earlier monitoring visits looked at the front door (May 2022), children in care "
        "(October 2022) and care leavers (February 2023)."
    )
    assert brief(extract_events(text, doc_date=D(2023, 6, 1))) == [
        ("monitoring_visit", "completed", D(2022, 5, 1), D(2022, 5, 31), None, "the front door"),
        (
            "monitoring_visit",
            "completed",
            D(2022, 10, 1),
            D(2022, 10, 31),
            None,
            "children in care",
        ),
        ("monitoring_visit", "completed", D(2023, 2, 1), D(2023, 2, 28), None, "care leavers"),
    ]


def test_list_items_give_their_focus_after_a_colon():
    text = (
        "Ofsted has carried out three monitoring visits:\n\n- May 2022: the front door;\n\n"
        "- October 2022: children in care;\n\n- February 2023: care leavers."
    )
    assert [(e.earliest, e.focus) for e in extract_events(text, doc_date=D(2023, 6, 1))] == [
        (D(2022, 5, 1), "the front door"),
        (D(2022, 10, 1), "children in care"),
        (D(2023, 2, 1), "care leavers"),
    ]


def test_a_table_of_visits_gives_a_numbered_event_per_row(tmp_path):
    path = tmp_path / "improvement board note.md"
    path.write_text(
        "# Improvement board note\n\nDate: 4 September 2023\n\n## Ofsted monitoring visits\n\n"
        "| Visit | Dates | Focus |\n|---|---|---|\n"
        "| First | 3-4 May 2022 | The front door and the MASH |\n"
        "| Second | 8-9 November 2022 | Children in care |\n"
        "| Third | 17-18 October 2023 | Care leavers (planned) |\n\n"
        "Both letters so far are on Ofsted's website."
    )
    document = read_document(path)
    events = extract_events(document.text, doc_date=document.date, source=document.source)
    assert brief(events) == [
        (
            "monitoring_visit",
            "completed",
            D(2022, 5, 3),
            D(2022, 5, 4),
            1,
            "The front door and the MASH",
        ),
        ("monitoring_visit", "completed", D(2022, 11, 8), D(2022, 11, 9), 2, "Children in care"),
        (
            "monitoring_visit",
            "expected",
            D(2023, 10, 17),
            D(2023, 10, 18),
            3,
            "Care leavers (planned)",
        ),
    ]
    assert all(document.text[e.start : e.end] == e.quote for e in events)


def test_an_action_plan_table_with_a_date_column_is_read_as_text(tmp_path):
    path = tmp_path / "action plan.md"
    path.write_text(
        "# Action plan\n\n| Action | Owner | Date |\n|---|---|---|\n"
        "| Prepare for the monitoring visit on 5 and 6 June 2024 | Head of service | May 2024 |\n"
    )
    document = read_document(path)
    events = extract_events(document.text, doc_date=D(2024, 3, 1))
    assert brief(events) == [
        ("monitoring_visit", "expected", D(2024, 6, 5), D(2024, 6, 6), None, None)
    ]


def test_the_dates_of_visit_letters_are_not_a_visit():
    text = "Background papers: Ofsted monitoring visit letters (May 2022 to March 2023)."
    assert extract_events(text, doc_date=D(2023, 6, 1)) == []


def test_a_jtai_is_its_own_kind_with_its_theme_never_a_full_inspection():
    text = (
        "The joint targeted area inspection (JTAI) of the response to children living with "
        "domestic abuse in March 2018 found areas for priority action. Ofsted inspected our "
        "children's services from 3 to 14 October 2022."
    )
    events = extract_events(text, doc_date=D(2023, 1, 1))
    assert brief(events) == [
        (
            "jtai",
            "completed",
            D(2018, 3, 1),
            D(2018, 3, 31),
            None,
            "the response to children living with domestic abuse",
        ),
        ("inspection", "completed", D(2022, 10, 3), D(2022, 10, 14), None, None),
    ]
    assert only("A JTAI on neglect in May 2019 found weaknesses.", D(2020, 1, 1)).kind == "jtai"


def test_a_grade_given_following_an_inspection_is_that_inspections():
    event = only(
        "Children's services were judged inadequate following an Ofsted inspection "
        "between 3 and 14 May 2021.",
        D(2021, 8, 1),
    )
    assert (event.kind, event.earliest, event.latest, event.grades) == (
        "inspection",
        D(2021, 5, 3),
        D(2021, 5, 14),
        (("overall", "inadequate"),),
    )


def test_a_re_inspection_planned_for_half_a_year():
    event = only(
        "The service is planning for a re-inspection in the first half of 2026.", D(2025, 6, 1)
    )
    assert (event.kind, event.status, event.earliest, event.latest) == (
        "inspection",
        "expected",
        D(2026, 1, 1),
        D(2026, 6, 30),
    )


# --- the seed documents --------------------------------------------------------------


def test_cabinet_report_events():
    doc = read_document(CABINET_REPORT)
    events = extract_events(doc.text, doc_date=doc.date, title=doc.title, source=doc.source)
    inadequate = (("overall", "inadequate"),)
    assert summary(events) == [
        ("monitoring_visit", "completed", D(2021, 7, 1), D(2021, 7, 31), None, ()),  # the heading
        (
            "monitoring_visit",
            "completed",
            D(2021, 7, 13),
            D(2021, 7, 30),
            4,
            (),
        ),  # 1.1, numbered by 1.2
        ("inspection", "completed", D(2019, 6, 1), D(2019, 6, 30), None, inadequate),  # 1.2
        (
            "monitoring_visit",
            "completed",
            D(2020, 1, 1),
            D(2020, 1, 31),
            None,
            (),
        ),  # "The previous visits were:"
        ("monitoring_visit", "completed", D(2020, 10, 1), D(2020, 10, 31), None, ()),
        ("monitoring_visit", "completed", D(2021, 2, 1), D(2021, 2, 28), None, ()),
        ("monitoring_visit", "expected", D(2021, 10, 1), D(2021, 11, 30), None, ()),  # 1.6
        ("inspection", "expected", D(2022, 6, 1), D(2022, 8, 31), None, ()),
        ("publication", "completed", D(2021, 9, 9), D(2021, 9, 9), None, ()),  # 4. Next steps
        ("monitoring_visit", "expected", D(2021, 10, 1), D(2021, 11, 30), 5, ()),
        ("inspection", "expected", D(2022, 6, 1), D(2022, 8, 31), None, ()),
    ]
    assert events[1].wording == "Between 13th – 30th July 2021"
    assert events[1].quote.startswith(
        "1.1 Between 13th – 30th July 2021 Ofsted undertook a monitoring visit"
    )
    assert events[2].organisation == "Northamptonshire"  # the county council, before 2021
    assert events[1].organisation == "Northamptonshire Children's Trust"
    assert served_by(events[1].organisation) == {"North Northamptonshire", "West Northamptonshire"}


def test_cabinet_report_read_raw_gives_the_same_events():
    raw = CABINET_REPORT.read_text(encoding="utf-8")
    doc = read_document(CABINET_REPORT)
    events = extract_events(raw, doc_date=doc.date, source=str(CABINET_REPORT))
    assert summary(events) == summary(extract_events(doc.text, doc_date=doc.date, title=doc.title))
    assert all(raw[e.start : e.end] == e.quote for e in events)


def test_news_release_events():
    doc = read_document(NEWS_RELEASE)
    events = extract_events(doc.text, doc_date=doc.date, title=doc.title, source=doc.source)
    assert summary(events) == [
        (
            "judgement",
            "completed",
            D(2019, 6, 1),
            D(2019, 6, 30),
            None,
            (("overall", "inadequate"),),
        ),
        (
            "monitoring_visit",
            "completed",
            D(2021, 7, 1),
            D(2021, 7, 31),
            None,
            (),
        ),  # "July this year"
        (
            "publication",
            "completed",
            D(2021, 9, 9),
            D(2021, 9, 9),
            None,
            (),
        ),  # "today (September 9)"
    ]
    assert {e.organisation for e in events} == {"Northamptonshire"}


# --- Ofsted reports (page 1, written for these tests in each layout) --------------------

ILACS_2022 = """Inspection of Rutland local

authority children’s services

Inspection dates: 7 to 18 November 2022

Lead inspector: A N Inspector, His Majesty’s Inspector

Judgement Grade

The impact of leaders on social work

practice with children and families

Good

The experiences and progress of

children who need help and protection

Requires improvement to be good

The experiences and progress of

children in care and care leavers

Good

Overall effectiveness Good

Since the last inspection in 2017, when services were judged to require improvement to be good, leaders have steadily strengthened practice.

What needs to improve?

The timeliness of assessments for children in need.
"""

ILACS_2026 = """Inspection of Rutland local authority children’s services

Inspection dates: 11 to 22 May 2026

Lead inspector: A N Inspector, His Majesty’s Inspector Judgement Grade The impact of leaders on practice with children and families Outstanding The experiences and progress of children who need help and protection Good The experiences and progress of children in care Good The experiences and progress of care leavers Requires improvement to be good Children’s services in Rutland are now good for most children. Leaders have improved services since the previous inspection in 2022.

What needs to improve?
"""

SIF_2015 = """Rutland County Council

Inspection of services for children in need of help and

protection, children looked after and care leavers

Inspection date: 12 January 2015 – 4 February 2015

Report published: 27 March 2015

Children’s services in Rutland require improvement to be good

1. Children who need help and protection Requires improvement

2. Children looked after and achieving permanence Good

2.1 Adoption performance Good

2.2 Experiences and progress of care leavers Requires improvement

3. Leadership, management and governance Requires improvement

Contents
"""

SIF_2014 = """Inspection of services for children in need of help and protection, children looked after and care leavers

Inspection date: 3 March 2014 to 26 March 2014

The overall judgement is that children’s services require

improvement

1. Children who need help and protection Require improvement
"""

LAC_2013 = """Inspection of looked after children services Rutland County Council

Inspection dates: 8 – 12 July 2013 Reporting inspector A N Inspector HMI

Published: 16 August 2013

Outcomes for looked after children are improving.

Record of main findings Services for looked after children Overall effectiveness Adequate Capacity to improve Good
"""


def test_ilacs_report_gives_its_inspection_with_the_judgement_table():
    events = extract_events(
        ILACS_2022, doc_date=D(2023, 1, 13), title="Inspection of Rutland local authority"
    )
    head, previous = events
    assert (
        head.kind,
        head.status,
        head.earliest,
        head.latest,
        head.framework,
        head.organisation,
    ) == ("inspection", "completed", D(2022, 11, 7), D(2022, 11, 18), "ilacs_standard", "Rutland")
    assert head.grades == (
        ("overall", "good"),
        ("leaders", "good"),
        ("help_and_protection", "requires improvement"),
        ("in_care_and_care_leavers", "good"),
    )
    assert head.wording == "7 to 18 November 2022"
    assert head.quote.startswith("Inspection dates: 7 to 18 November 2022") and head.quote.endswith(
        "Overall effectiveness Good"
    )
    # the body's "last inspection in 2017" is another, earlier inspection with its own grade
    assert (previous.kind, previous.earliest, previous.grades) == (
        "inspection",
        D(2017, 1, 1),
        (("overall", "requires improvement"),),
    )


def test_2026_report_has_no_overall_grade_and_none_is_invented():
    head = extract_events(ILACS_2026, doc_date=D(2026, 7, 7))[0]
    assert head.framework == "ilacs_standard"
    assert head.grades == (
        ("leaders", "outstanding"),
        ("help_and_protection", "good"),
        ("in_care", "good"),
        ("care_leavers", "requires improvement"),
    )
    assert "overall" not in dict(head.grades)


def test_single_inspection_framework_report():
    events = extract_events(SIF_2015, doc_date=D(2015, 3, 27))
    head, published = events
    assert (head.kind, head.earliest, head.latest, head.framework) == (
        "inspection",
        D(2015, 1, 12),
        D(2015, 2, 4),
        "sif",
    )
    assert head.grades == (
        ("overall", "requires improvement"),
        ("leaders", "requires improvement"),
        ("help_and_protection", "requires improvement"),
        ("in_care", "good"),
        ("care_leavers", "requires improvement"),
        ("adoption", "good"),
    )
    assert (published.kind, published.earliest) == ("publication", D(2015, 3, 27))


def test_single_inspection_framework_overall_judgement_wrapped_over_lines():
    head = extract_events(SIF_2014, doc_date=D(2014, 5, 1))[0]
    assert dict(head.grades)["overall"] == "requires improvement"
    assert (head.earliest, head.latest, head.framework) == (D(2014, 3, 3), D(2014, 3, 26), "sif")


def test_overall_effectiveness_label_in_an_older_layout():
    text = (
        "Inspection date: 3 March 2014 to 26 March 2014\n\nOverall effectiveness: Requires improvement\n\n"
        "Contents\n"
    )
    head = extract_events(text, doc_date=D(2014, 5, 1))[0]
    assert head.grades == (("overall", "requires improvement"),)


def test_2013_looked_after_children_inspection_takes_its_grades_from_the_findings():
    events = extract_events(
        LAC_2013, doc_date=D(2013, 8, 16), title="Inspection of looked after children services"
    )
    head = events[0]
    assert (head.earliest, head.latest, head.framework) == (D(2013, 7, 8), D(2013, 7, 12), "lac")
    assert head.grades == (("overall", "adequate"), ("capacity", "good"))
    assert head.quote == "Inspection dates: 8 – 12 July 2013"


def test_an_inspection_in_two_parts_spans_both_and_is_short_by_its_first_week():
    text = (
        "Inspection dates: 8 July 2019 to 12 July 2019 and 7 August 2019 to 8 August 2019\n\n"
        "Judgement Grade\n\nOverall effectiveness Good\n"
    )
    head = extract_events(text, doc_date=D(2019, 9, 19))[0]
    assert (head.earliest, head.latest, head.framework) == (
        D(2019, 7, 8),
        D(2019, 8, 8),
        "ilacs_short",
    )


@pytest.mark.skipif(
    not CORPUS.is_dir(), reason="the Ofsted report corpus is not beside the repository"
)
@pytest.mark.parametrize(
    "name, start, end, grades",
    [
        (
            "80418_norfolk/children's services inspection - 13 january 2023.pdf",
            D(2022, 11, 7),
            D(2022, 11, 18),
            {
                "overall": "good",
                "leaders": "good",
                "help_and_protection": "good",
                "in_care_and_care_leavers": "good",
            },
        ),
        (
            "2637539_north northamptonshire/children's services inspection - 07 july 2026.pdf",
            D(2026, 5, 11),
            D(2026, 5, 22),
            {
                "leaders": "outstanding",
                "help_and_protection": "good",
                "in_care": "good",
                "care_leavers": "good",
            },
        ),
        (
            "80418_norfolk/children's services inspection - 20 october 2015.pdf",
            D(2015, 7, 6),
            D(2015, 7, 30),
            {
                "overall": "inadequate",
                "help_and_protection": "requires improvement",
                "in_care": "inadequate",
                "adoption": "requires improvement",
                "care_leavers": "inadequate",
                "leaders": "requires improvement",
            },
        ),
    ],
)
def test_real_reports(name, start, end, grades):
    doc = read_document(CORPUS / name, source=name)
    head = extract_events(doc.text, doc_date=doc.date, title=doc.title, source=name)[0]
    assert (head.kind, head.earliest, head.latest, dict(head.grades)) == (
        "inspection",
        start,
        end,
        grades,
    )


# --- organisations ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, expected",
    [
        ("BCP", "Bournemouth, Christchurch and Poole"),
        ("bournemouth, christchurch & poole", "Bournemouth, Christchurch and Poole"),
        ("Bournemouth, Christchurch and Poole Council", "Bournemouth, Christchurch and Poole"),
        ("Northamptonshire Children’s Trust", "Northamptonshire Children's Trust"),
        ("NCT", "Northamptonshire Children's Trust"),
        ("Northamptonshire County Council", "Northamptonshire"),
        ("Hull", "Kingston upon Hull"),
        ("Hull City Council", "Kingston upon Hull"),
        ("St. Helens", "St Helens"),
        ("County of Herefordshire", "Herefordshire"),
        ("windsor & maidenhead", "Windsor and Maidenhead"),
        ("City of London", "City of London"),
        ("london corporation", "City of London"),
        ("City of Bristol", "Bristol"),
        ("County Durham", "Durham"),
        ("Southend", "Southend-on-Sea"),
        ("the London Borough of Hackney", "Hackney"),
        ("Slough Children's Services Trust", "Slough Children First"),
        ("Doncaster Children's Trust", "Doncaster Children's Services Trust"),
        ("Barsetshire", None),
    ],
)
def test_canonical_names_and_aliases(name, expected):
    assert canonical(name) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "North Northamptonshire and West Northamptonshire",
            ["North Northamptonshire", "West Northamptonshire"],
        ),
        (
            "inspectors wrote to North and West Northamptonshire Councils",
            ["North Northamptonshire", "West Northamptonshire"],
        ),
        ("social care in Northamptonshire was inadequate", ["Northamptonshire"]),
        (
            "Bath and North East Somerset, not Somerset",
            ["Bath and North East Somerset", "Somerset"],
        ),
        ("the city of Bath", ["Bath and North East Somerset"]),
        (
            "North Yorkshire and the East Riding of Yorkshire",
            ["North Yorkshire", "East Riding of Yorkshire"],
        ),
        ("New York is not York", ["York"]),
        ("South Somerset District Council and North Somerset", ["North Somerset"]),
        ("Newcastle-under-Lyme is not Newcastle upon Tyne", ["Newcastle upon Tyne"]),
        (
            "Lincolnshire, North Lincolnshire, North East Lincolnshire",
            ["Lincolnshire", "North Lincolnshire", "North East Lincolnshire"],
        ),
        (
            "Kingston upon Thames and Kingston upon Hull",
            ["Kingston upon Thames", "Kingston upon Hull"],
        ),
        ("reading the report in Reading", ["Reading"]),
        ("working together for children", []),
        ("Achieving for Children runs services", ["Achieving for Children"]),
        ("the Northamptonshire Children’s Trust (NCT)", ["Northamptonshire Children's Trust"]),
        ("when is the next inspection in st helens?", ["St Helens"]),
    ],
)
def test_find_organisations_in_order_without_substring_traps(text, expected):
    assert find_organisations(text) == expected


def test_served_by_maps_trusts_and_predecessors_to_the_councils_they_stand_for():
    assert served_by("Northamptonshire Children's Trust") == {
        "North Northamptonshire",
        "West Northamptonshire",
    }
    assert served_by("Northamptonshire") == {"North Northamptonshire", "West Northamptonshire"}
    assert served_by("Achieving for Children") == {
        "Kingston upon Thames",
        "Richmond upon Thames",
        "Windsor and Maidenhead",
    }
    assert served_by("Sandwell Children's Trust") == {"Sandwell"}
    assert served_by("Norfolk") == {"Norfolk"}
    assert served_by("Barsetshire") == set()


def test_organisation_of_reads_title_then_opening_then_folder():
    assert (
        organisation_of("Inspection of Norfolk local authority", "Suffolk ...", "x/y.pdf")
        == "Norfolk"
    )
    assert organisation_of("Cabinet report", "Suffolk County Council report", "") == "Suffolk"
    assert (
        organisation_of("Report", "No names here.", "80559_southend-on-sea/report.pdf")
        == "Southend-on-Sea"
    )
    assert organisation_of("Report", "No names here.", "") is None


@pytest.mark.skipif(
    not CORPUS.is_dir(), reason="the Ofsted report corpus is not beside the repository"
)
def test_every_corpus_folder_names_a_council_in_the_gazetteer():
    folders = [p.name.split("_", 1)[1] for p in CORPUS.iterdir() if p.is_dir()]
    assert len(folders) == len(COUNCILS) == 153
    assert {canonical(f) for f in folders} == set(COUNCILS)


# --- properties ----------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "Ofsted",
        "monitoring visit",
        "focused visit",
        "inspection",
        "visit",
        "published",
        "judged",
        "inadequate",
        "good",
        "requires improvement",
        "expected",
        "will",
        "by",
        "in",
        "on",
        "and",
        "between",
        "next",
        "last",
        "13th – 30th July 2021",
        "October/ November 2021",
        "Summer 2022",
        "late 2021 or early 2022",
        "2019",
        "5 and 6 July",
        "July this year",
        "fourth",
        "5th",
        "Inspection dates:",
        "Overall effectiveness",
        "Northamptonshire",
        "North",
        "West",
        ".",
        ",",
        ":",
        "\n",
        "\n\n",
        "- ",
        "**",
        "<sup>th</sup>",
        "’",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(st.text(max_size=300), st.lists(_PIECES, max_size=40).map(" ".join)),
    st.one_of(st.none(), st.dates(D(2010, 1, 1), D(2030, 12, 31))),
)
def test_extraction_never_raises_and_every_quote_is_its_slice_of_the_text(text, doc_date):
    for event in extract_events(text, doc_date=doc_date, title="", source=""):
        assert text[event.start : event.end] == event.quote
        assert event.earliest <= event.latest
        assert event.kind in KINDS and event.status in STATUSES
        assert all(
            grade in ("outstanding", "good", "requires improvement", "inadequate", "adequate")
            for _, grade in event.grades
        )


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_find_organisations_only_returns_known_canonical_names(text):
    for name in find_organisations(text):
        assert canonical(name) == name or served_by(name)


# --- speed and the accuracy script -----------------------------------------------------


def test_a_long_report_is_read_in_well_under_a_second():
    import time

    text = ILACS_2022 + (
        "Inspectors reviewed the quality of plans and supervision for children in need. " * 3000
    )
    started = time.perf_counter()
    extract_events(text, doc_date=D(2023, 1, 13))
    assert time.perf_counter() - started < 0.5, "the whole corpus is meant to take seconds"


def test_reading_grows_linearly_on_lines_without_full_stops():
    """Issue 26: hostile lines of event words with no full stop must not cost the square."""
    import time

    line = (
        "Third monitoring visit, 11 and 12 July 2022: care leavers, including the JTAI of neglect "
        "in 2019 | visits looked at the front door (May 2022), children in care (June 2023)\n"
    )

    def cost(lines: int) -> float:
        best = float("inf")
        for _ in range(3):
            started = time.process_time()
            extract_events(line * lines, doc_date=D(2024, 1, 1))
            best = min(best, time.process_time() - started)
        return best

    small, large = cost(150), cost(600)
    assert large < 8 * small, (small, large)  # four times the text; the square would be 16


def test_accuracy_script_skips_cleanly_without_a_corpus(tmp_path, capsys):
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "extraction_accuracy", ROOT / "scripts" / "extraction_accuracy.py"
    )
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.main([str(tmp_path / "absent")]) == 0
    assert "skipping" in capsys.readouterr().out
