"""index.dates: date expressions in council and Ofsted text, publication dates, file-name dates."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.text.dates import DateSpan, date_from_filename, find_dates, find_publication_date

D = date
REF = D(2021, 9, 9)
DOCUMENTS = Path(__file__).resolve().parent.parent / "documents"
CABINET_REPORT = (
    DOCUMENTS / "2021-09-23 Cabinet member report - Ofsted monitoring visit July 2021.txt"
)
NEWS_RELEASE = DOCUMENTS / (
    "2021-09-09 News release - Ofsted finds tangible progress in "
    "Northamptonshire children's services.txt"
)
CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "ofsted-ilacs"


def only(text: str, reference: date | None = None) -> DateSpan:
    spans = find_dates(text, reference=reference)
    assert len(spans) == 1, spans
    return spans[0]


# (text, reference, wording matched, earliest, latest, precision)
SINGLE = [
    # days
    ("23rd September, 2021", None, "23rd September, 2021", D(2021, 9, 23), D(2021, 9, 23), "day"),
    (
        "**23<sup>rd</sup> September, 2021**",
        None,
        "23<sup>rd</sup> September, 2021",
        D(2021, 9, 23),
        D(2021, 9, 23),
        "day",
    ),
    (
        "on 23rd September 2021 the",
        None,
        "23rd September 2021",
        D(2021, 9, 23),
        D(2021, 9, 23),
        "day",
    ),
    (
        "on 23 rd September 2021 the",
        None,
        "23 rd September 2021",
        D(2021, 9, 23),
        D(2021, 9, 23),
        "day",
    ),
    (
        "**9<sup>th</sup> September 2021:** Final letters",
        None,
        "9<sup>th</sup> September 2021",
        D(2021, 9, 9),
        D(2021, 9, 9),
        "day",
    ),
    (
        "Posted: Monday 25th November 2019",
        None,
        "Monday 25th November 2019",
        D(2019, 11, 25),
        D(2019, 11, 25),
        "day",
    ),
    (
        "published on Ofsted's website today (September 9), said",
        REF,
        "September 9",
        REF,
        REF,
        "day",
    ),
    ("on September 9th, 2021 we", None, "September 9th, 2021", REF, REF, "day"),
    ("date 2021-09-09 A visit", None, "2021-09-09", REF, REF, "day"),
    ("Decision date: 19/12/2024", None, "19/12/2024", D(2024, 12, 19), D(2024, 12, 19), "day"),
    ("issued 9 Sept 2021.", None, "9 Sept 2021", REF, REF, "day"),
    ("issued 9 Sept. 2021.", None, "9 Sept. 2021", REF, REF, "day"),
    ("issued 9 sep 2021", None, "9 sep 2021", REF, REF, "day"),
    ("ON 9 SEPTEMBER 2021", None, "9 SEPTEMBER 2021", REF, REF, "day"),
    ("1 Jan 2020", None, "1 Jan 2020", D(2020, 1, 1), D(2020, 1, 1), "day"),
    ("18 Feb 2014", None, "18 Feb 2014", D(2014, 2, 18), D(2014, 2, 18), "day"),
    (
        "the 3rd of December 2019",
        None,
        "3rd of December 2019",
        D(2019, 12, 3),
        D(2019, 12, 3),
        "day",
    ),
    ("on 9 September the letter", REF, "9 September", REF, REF, "day"),
    ("on 1 April 2021. NCT", None, "1 April 2021", D(2021, 4, 1), D(2021, 4, 1), "day"),
    # ranges of days
    (
        "Between 13<sup>th</sup> – 30<sup>th</sup> July 2021 Ofsted",
        None,
        "Between 13<sup>th</sup> – 30<sup>th</sup> July 2021",
        D(2021, 7, 13),
        D(2021, 7, 30),
        "range",
    ),
    (
        "13<sup>th</sup> – 30<sup>th</sup> July 2021",
        None,
        "13<sup>th</sup> – 30<sup>th</sup> July 2021",
        D(2021, 7, 13),
        D(2021, 7, 30),
        "range",
    ),
    (
        "13th – 30th July 2021",
        None,
        "13th – 30th July 2021",
        D(2021, 7, 13),
        D(2021, 7, 30),
        "range",
    ),
    (
        "13th - 30th July 2021",
        None,
        "13th - 30th July 2021",
        D(2021, 7, 13),
        D(2021, 7, 30),
        "range",
    ),
    (
        "13th to 30th July 2021",
        None,
        "13th to 30th July 2021",
        D(2021, 7, 13),
        D(2021, 7, 30),
        "range",
    ),
    (
        "13 rd – 30 th July 2021",
        None,
        "13 rd – 30 th July 2021",
        D(2021, 7, 13),
        D(2021, 7, 30),
        "range",
    ),
    (
        "Inspection dates: 3 to 14 October 2022",
        None,
        "3 to 14 October 2022",
        D(2022, 10, 3),
        D(2022, 10, 14),
        "range",
    ),
    (
        "Inspection dates: 7 to 18 November 2022\r\nLead",
        None,
        "7 to 18 November 2022",
        D(2022, 11, 7),
        D(2022, 11, 18),
        "range",
    ),
    (
        "28 November to 9 December 2022",
        None,
        "28 November to 9 December 2022",
        D(2022, 11, 28),
        D(2022, 12, 9),
        "range",
    ),
    (
        "30 September 2019 to 11 October 2019",
        None,
        "30 September 2019 to 11 October 2019",
        D(2019, 9, 30),
        D(2019, 10, 11),
        "range",
    ),
    (
        "visited between 13 and 30 July 2021.",
        None,
        "between 13 and 30 July 2021",
        D(2021, 7, 13),
        D(2021, 7, 30),
        "range",
    ),
    (
        "Inspection date: 23 April–18 May 2018",
        None,
        "23 April–18 May 2018",
        D(2018, 4, 23),
        D(2018, 5, 18),
        "range",
    ),
    (
        "Inspection date: 20 June 2017 ─ 13 July 2017",
        None,
        "20 June 2017 ─ 13 July 2017",
        D(2017, 6, 20),
        D(2017, 7, 13),
        "range",
    ),
    (
        "28 December to 3 January 2022",
        None,
        "28 December to 3 January 2022",
        D(2021, 12, 28),
        D(2022, 1, 3),
        "range",
    ),
    (
        "from 13 January until 16 January 2025.",
        None,
        "13 January until 16 January 2025",
        D(2025, 1, 13),
        D(2025, 1, 16),
        "range",
    ),
    (
        "Inspection date: 12/09/2016 to 06/10/2016",
        None,
        "12/09/2016 to 06/10/2016",
        D(2016, 9, 12),
        D(2016, 10, 6),
        "range",
    ),
    # months, seasons, parts and vague forms
    ("MONITORING VISIT JULY 2021", None, "JULY 2021", D(2021, 7, 1), D(2021, 7, 31), "month"),
    (
        "in November \r\n2021, when",
        None,
        "November \r\n2021",
        D(2021, 11, 1),
        D(2021, 11, 30),
        "month",
    ),
    ("February 2024", None, "February 2024", D(2024, 2, 1), D(2024, 2, 29), "month"),
    (
        "visit, in October/ November 2021, followed",
        None,
        "October/ November 2021",
        D(2021, 10, 1),
        D(2021, 11, 30),
        "range",
    ),
    (
        "October/November 2021",
        None,
        "October/November 2021",
        D(2021, 10, 1),
        D(2021, 11, 30),
        "range",
    ),
    (
        "October or November 2021",
        None,
        "October or November 2021",
        D(2021, 10, 1),
        D(2021, 11, 30),
        "range",
    ),
    (
        "between January and \r\nSeptember 2023.",
        None,
        "between January and \r\nSeptember 2023",
        D(2023, 1, 1),
        D(2023, 9, 30),
        "range",
    ),
    (
        "a full inspection in Summer 2022.",
        None,
        "Summer 2022",
        D(2022, 6, 1),
        D(2022, 8, 31),
        "season",
    ),
    ("spring 2020", None, "spring 2020", D(2020, 3, 1), D(2020, 5, 31), "season"),
    ("autumn 2019", None, "autumn 2019", D(2019, 9, 1), D(2019, 11, 30), "season"),
    ("winter 2021", None, "winter 2021", D(2021, 12, 1), D(2022, 2, 28), "season"),
    ("improve by autumn 2019.", None, "by autumn 2019", D(2019, 9, 1), D(2019, 11, 30), "season"),
    (
        "improve by autumn 2019.",
        D(2019, 5, 1),
        "by autumn 2019",
        D(2019, 5, 1),
        D(2019, 11, 30),
        "season",
    ),
    (
        "in late February or early March",
        REF,
        "late February or early March",
        D(2021, 2, 21),
        D(2021, 3, 10),
        "range",
    ),
    (
        "late 2021 or early 2022",
        None,
        "late 2021 or early 2022",
        D(2021, 9, 1),
        D(2022, 4, 30),
        "range",
    ),
    ("expected in early 2022.", None, "early 2022", D(2022, 1, 1), D(2022, 4, 30), "year"),
    ("at the end of 2021.", None, "the end of 2021", D(2021, 9, 1), D(2021, 12, 31), "year"),
    # halves: "a re-inspection in the first half of 2026", as council papers plan
    (
        "a review in the first half of 2026.",
        None,
        "the first half of 2026",
        D(2026, 1, 1),
        D(2026, 6, 30),
        "year",
    ),
    (
        "not before the second half of 2019",
        None,
        "the second half of 2019",
        D(2019, 7, 1),
        D(2019, 12, 31),
        "year",
    ),
    (
        "in the 2nd half of March 2022",
        None,
        "the 2nd half of March 2022",
        D(2022, 3, 16),
        D(2022, 3, 31),
        "month",
    ),
    ("by the end of 2021.", REF, "by the end of 2021", REF, D(2021, 12, 31), "year"),
    (
        "in mid-September 2021 has",
        None,
        "mid-September 2021",
        D(2021, 9, 11),
        D(2021, 9, 20),
        "month",
    ),
    (
        "in late January 2016, pending",
        None,
        "late January 2016",
        D(2016, 1, 21),
        D(2016, 1, 31),
        "month",
    ),
    ("late February", REF, "late February", D(2021, 2, 21), D(2021, 2, 28), "month"),
    # bare years need a cue word; the span is the year itself
    ("the inspection in 2021 found", None, "2021", D(2021, 1, 1), D(2021, 12, 31), "year"),
    ("declined significantly since 2019 and", None, "2019", D(2019, 1, 1), D(2019, 12, 31), "year"),
    ("during 2020, services", None, "2020", D(2020, 1, 1), D(2020, 12, 31), "year"),
    ("judged good by 2017.", None, "by 2017", D(2017, 1, 1), D(2017, 12, 31), "year"),
    ("between 2009 and 2013.", None, "2009 and 2013", D(2009, 1, 1), D(2013, 12, 31), "range"),
]


@pytest.mark.parametrize("text, reference, wording, earliest, latest, precision", SINGLE)
def test_find_dates_forms(text, reference, wording, earliest, latest, precision):
    span = only(text, reference)
    assert (span.text, span.earliest, span.latest, span.precision) == (
        wording,
        earliest,
        latest,
        precision,
    )
    assert text[span.start : span.end] == span.text


@pytest.mark.parametrize(
    "text",
    [
        "24 hours",
        "within 24 hours of referral",
        "3.1 Inspectors reported",
        "paragraph 3.1 and 12.4",
        "2,000 children",
        "over 2,000 children and 1,989 families",
        "Section 47",
        "section 47 enquiries",
        "the Children Act 1989",
        "12-15year olds",
        "carry out between 4- 6 monitoring visits",
        "at 10:30",
        "following the Summer break",
        "the council may decide",
        "we March on",
        "in 2021/22",
        "in 2019-20",
        "Covid-19 pandemic",
        "the past 18 months",
        "Board1",
        "£2021 saved",
        "the 2012 inspection",
    ],
)
def test_no_false_dates(text):
    assert find_dates(text, reference=REF) == []


def test_impossible_day_is_not_a_day():
    assert [(s.text, s.precision) for s in find_dates("on 31 February 2021")] == [
        ("February 2021", "month")
    ]
    assert find_dates("31/02/2021") == find_dates("2021-02-30") == []


@pytest.mark.parametrize("text", ["September 9", "late February or early March", "on 9 September"])
def test_no_year_and_no_reference_means_no_date(text):
    assert find_dates(text) == []


def test_two_ranges_on_one_line():
    spans = find_dates(
        "Inspection dates: 5 to 9 December 2022 and 14 to 15 February 2023\r\nLead inspector"
    )
    assert [(s.text, s.earliest, s.latest) for s in spans] == [
        ("5 to 9 December 2022", D(2022, 12, 5), D(2022, 12, 9)),
        ("14 to 15 February 2023", D(2023, 2, 14), D(2023, 2, 15)),
    ]


def test_ranges_wrapped_over_lines_in_pdf_text():
    text = (
        "Inspection dates: 19 November-11 December 2013 and 28 – 30 \r\nJanuary 2014\r\n"
        "Inspection dates: 8 July 2019 to 12 July 2019 and 7 August 2019 to\r\n8 August 2019\r\nLead"
    )
    assert [(s.earliest, s.latest) for s in find_dates(text)] == [
        (D(2013, 11, 19), D(2013, 12, 11)),
        (D(2014, 1, 28), D(2014, 1, 30)),
        (D(2019, 7, 8), D(2019, 7, 12)),
        (D(2019, 8, 7), D(2019, 8, 8)),
    ]


def test_longest_match_wins_and_day_is_not_swallowed():
    assert [s.text for s in find_dates("9 September 2021 or summer")] == ["9 September 2021"]
    assert [s.text for s in find_dates("The 13th – 30th July 2021 visit")] == [
        "13th – 30th July 2021"
    ]


def test_cabinet_report_dates():
    text = CABINET_REPORT.read_text(encoding="utf-8")
    found = [(s.text, s.earliest, s.latest) for s in find_dates(text, reference=D(2021, 9, 23))]
    for expected in [
        ("23<sup>rd</sup> September, 2021", D(2021, 9, 23), D(2021, 9, 23)),
        ("Between 13<sup>th</sup> – 30<sup>th</sup> July 2021", D(2021, 7, 13), D(2021, 7, 30)),
        ("June 2019", D(2019, 6, 1), D(2019, 6, 30)),
        ("October/ November 2021", D(2021, 10, 1), D(2021, 11, 30)),
        ("Summer 2022", D(2022, 6, 1), D(2022, 8, 31)),
        ("9<sup>th</sup> September 2021", D(2021, 9, 9), D(2021, 9, 9)),
    ]:
        assert expected in found
    assert not any(re.fullmatch(r"[\d.,]+", s[0]) and "20" not in s[0] for s in found)


def test_news_release_dates():
    spans = find_dates(NEWS_RELEASE.read_text(encoding="utf-8"), reference=D(2021, 9, 9))
    assert [(s.text, s.earliest) for s in spans] == [
        ("2021-09-09", D(2021, 9, 9)),
        ("June 2019", D(2019, 6, 1)),
        ("September 9", D(2021, 9, 9)),
    ]


# --- find_publication_date ----------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected, evidence",
    [
        (
            " date 2021-09-09 A visit to Northamptonshire’s children’s services",
            D(2021, 9, 9),
            "text: 'date 2021-09-09'",
        ),
        (
            "News\nPosted: Monday 25th November 2019\n\nThe council has",
            D(2019, 11, 25),
            "text: 'Posted: Monday 25th November 2019'",
        ),
        (
            "Published: 9 September 2021\nOfsted",
            D(2021, 9, 9),
            "text: 'Published: 9 September 2021'",
        ),
        (
            "**Published:** 9 September 2021\n",
            D(2021, 9, 9),
            "text: 'Published:** 9 September 2021'",
        ),
        (
            "Record of decision\nDecision date: 19/12/2024\nDecision maker",
            D(2024, 12, 19),
            "text: 'Decision date: 19/12/2024'",
        ),
        ("Date: 3 March 2022\nTitle", D(2022, 3, 3), "text: 'Date: 3 March 2022'"),
        (
            "Date of publication 14 July 2017\n",
            D(2017, 7, 14),
            "text: 'Date of publication 14 July 2017'",
        ),
        (
            "Inspection date: 6 July 2015 – 30 July 2015\r\nReport published: 19 October 2015\r\n",
            D(2015, 10, 19),
            "text: 'Report published: 19 October 2015'",
        ),
        (
            "\n\n**23<sup>rd</sup> September, 2021**\n\nI am pleased to report",
            D(2021, 9, 23),
            "text: '**23<sup>rd</sup> September, 2021**' (a date on its own line)",
        ),
        # council documents: news, minutes, decisions, a date under a title, ISO dates
        (
            "BCP Council news, 2 November 2022\n\nOfsted praises children's services",
            D(2022, 11, 2),
            "text: 'news, 2 November 2022'",
        ),
        (
            "Children's Services Committee\n\nMinutes of the meeting held on 15 November 2021\n\nPresent:",
            D(2021, 11, 15),
            "text: 'meeting held on 15 November 2021'",
        ),
        (
            "Ofsted monitoring visit update\n\n14 March 2023\n\nThe council welcomes",
            D(2023, 3, 14),
            "text: '14 March 2023' (a date on its own line)",
        ),
        (
            "Published: 3rd March 2023\n\nOfsted letter",
            D(2023, 3, 3),
            "text: 'Published: 3rd March 2023'",
        ),
        (
            "Officer decision notice\n\nDate of decision: 19 December 2024\n\nDecision:",
            D(2024, 12, 19),
            "text: 'Date of decision: 19 December 2024'",
        ),
        # a short title, a comma and the day, as a note opens (the reader may join the next line on)
        (
            "Children's services bulletin (fictional)\n\nMonthly bulletin, 14 February 2024.\n\nTo: members",
            D(2024, 2, 14),
            "text: 'Monthly bulletin, 14 February 2024'",
        ),
        (
            "Briefing note, 9 October 2023. From: Director of Children's Services To: Cabinet",
            D(2023, 10, 9),
            "text: 'Briefing note, 9 October 2023'",
        ),
        (
            "## Ofsted readiness\n\nReport date: 5 June 2024\nReport author: Head of Service",
            D(2024, 6, 5),
            "text: 'Report date: 5 June 2024'",
        ),
        (
            "Corporate parenting board\nMeeting date: 27 November 2023\nVenue: Town Hall",
            D(2023, 11, 27),
            "text: 'Meeting date: 27 November 2023'",
        ),
        (
            "Improvement board update 2023-06-30\n\nThe board met",
            D(2023, 6, 30),
            "text: 'Improvement board update 2023-06-30' (an ISO date near the top)",
        ),
    ],
)
def test_publication_date_labelled_forms(text, expected, evidence):
    assert find_publication_date(text) == (expected, evidence)


@pytest.mark.parametrize(
    "text",
    [
        "Inspection of Barnet\r\nInspection dates: 7 to 18 November 2022\r\nLead inspector: A Person",
        "Inspection of Nottingham City local authority children’s services\r\n11 July 2022\r\n"
        "Inspection date: 11 – 22 July 2022\r\nLead inspector",  # a heading repeating the first inspection day
        "Inspection date: 12 March 2019\nLead inspector",  # an inspection date, even a single day, is not it
        "Date: 5 to 9 December 2022\n",
        "The inspection in 2021 found the council had improved since June 2019.",
        "x" * 1600 + "\nPublished: 9 September 2021\n",  # too far down
        "We held on to 3 experienced managers through 2021.",  # "held on" without a date after it
        "Local news: the inspection in 2021 found the council had improved.",
        # prose goes on after the day: not a date line
        "On Tuesday, 5 March 2024 inspectors arrived at the front door.",
        "In our note, 3 May 2023 was given as the date of the visit and it was moved.",
        "",
    ],
)
def test_publication_date_absent(text):
    assert find_publication_date(text) is None


def test_publication_date_of_the_seed_documents():
    assert find_publication_date(CABINET_REPORT.read_text(encoding="utf-8")) == (
        D(2021, 9, 23),
        "text: '**23<sup>rd</sup> September, 2021**' (a date on its own line)",
    )
    assert find_publication_date(NEWS_RELEASE.read_text(encoding="utf-8")) == (
        D(2021, 9, 9),
        "text: 'date 2021-09-09'",
    )


# --- date_from_filename -------------------------------------------------------------


@pytest.mark.parametrize(
    "name, expected",
    [
        ("children's services inspection - 13 january 2023.pdf", D(2023, 1, 13)),
        ("2021-09-23 cabinet report.txt", D(2021, 9, 23)),
        ("children's services inspection,  pdf - 16 august 2013.pdf", D(2013, 8, 16)),
        (
            "single inspection of la children's services as pdf - 10 february 2015.pdf",
            D(2015, 2, 10),
        ),
        ("2021-09-09 News release - Ofsted finds tangible progress.txt", D(2021, 9, 9)),
        ("/some/folder/report_13_january_2023.docx", D(2023, 1, 13)),
        ("20210923-minutes.pdf", D(2021, 9, 23)),
        ("minutes 19-12-2024.md", D(2024, 12, 19)),
        ("Ofsted monitoring visit July 2021.txt", None),
        ("annual report 2021.pdf", None),
        ("notes.txt", None),
        ("20211340.pdf", None),
    ],
)
def test_date_from_filename(name, expected):
    assert date_from_filename(name) == expected


# --- properties ---------------------------------------------------------------------

TOKENS = [
    "13th",
    "30<sup>th</sup>",
    "9",
    "31",
    "29",
    "rd",
    "–",
    "-",
    "—",
    "/",
    "to",
    "or",
    "and",
    "between",
    "by",
    "in",
    "since",
    "late",
    "early",
    "mid-",
    "the end of",
    "July",
    "Sept",
    "February",
    "May",
    "Summer",
    "winter",
    "2021",
    "2019",
    "1999",
    "2021-09-09",
    "19/12/2024",
    "3.1",
    "2,000",
    "Monday",
    ",",
    "\r\n",
    "\n",
    "of",
    "(",
    ")",
]
noisy_text = st.one_of(
    st.text(),
    st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=4)), max_size=30).map(" ".join),
)


def check_spans(text: str, spans: list[DateSpan]) -> None:
    for span in spans:
        assert text[span.start : span.end] == span.text
        assert span.earliest <= span.latest
        assert span.precision in {"day", "month", "season", "year", "range"}
    for a, b in zip(spans, spans[1:]):
        assert a.end <= b.start


@settings(max_examples=400, deadline=None)
@given(noisy_text, st.none() | st.dates(min_value=D(1950, 1, 1), max_value=D(2060, 12, 31)))
def test_find_dates_never_fails_and_spans_are_well_formed(text, reference):
    check_spans(text, find_dates(text, reference=reference))


@settings(max_examples=200, deadline=None)
@given(noisy_text)
def test_publication_and_filename_never_fail(text):
    found = find_publication_date(text)
    assert found is None or isinstance(found[0], date)
    date_from_filename(text)


words = st.lists(
    st.sampled_from(
        [
            "the",
            "report",
            "by",
            "in",
            "to",
            "or",
            "and",
            "late",
            "early",
            "summer",
            "May",
            "Monday",
            "between",
            "of",
            "inspection",
            "children",
            "visit",
            "on",
        ]
    )
    | st.from_regex(r"[a-z]{1,8}", fullmatch=True),
    max_size=6,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=D(1900, 1, 1), max_value=D(2099, 12, 31)),
    st.sampled_from(["{d.day} {d:%B} {d.year}", "{d:%Y-%m-%d}", "{d:%d/%m/%Y}"]),
    words,
    words,
)
def test_round_trip(d, form, before, after):
    wording = form.format(d=d)
    text = f"{before} {wording} {after}"
    spans = find_dates(text)
    check_spans(text, spans)
    assert any(s.earliest == s.latest == d and s.text.endswith(wording) for s in spans), spans


# --- the real Ofsted reports --------------------------------------------------------

MONTH_NUMBER = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}


def _line_ends(line: str) -> list[tuple[date, date]]:
    """A naive reading of "D [Month [YYYY]] ... D Month YYYY [and ...]" for comparison."""
    ends = []
    for part in re.split(r"\band\b", line):
        tokens = re.findall(r"(\d{1,2})(?:\s+([A-Za-z]{3,}))?(?:\s+(\d{4}))?", part)
        days, month, year = [], None, None
        for day, name, yyyy in reversed(tokens):
            year = int(yyyy) if yyyy else year
            month = MONTH_NUMBER[name.lower()[:3]] if name else month
            days.insert(0, date(year, month, int(day)))
        ends.append((days[0], days[-1]))
    return ends


@pytest.mark.skipif(not CORPUS.is_dir(), reason="Ofsted corpus not present")
def test_inspection_dates_lines_of_real_reports():
    pypdfium2 = pytest.importorskip("pypdfium2")
    paths = [p for p in sorted(CORPUS.glob("*/*.pdf")) if p.read_bytes()[:5] == b"%PDF-"][::12]
    assert len(paths) >= 30
    for path in paths:
        page = pypdfium2.PdfDocument(path)[0].get_textpage().get_text_range()
        line = re.search(r"Inspection dates?:\s*([^\r\n]*(?:\r?\n[^\r\n]*)?)", page).group(1)
        if not re.search(r"(to|and|[-–])\s*\r?\n", line):
            line = line.splitlines()[0]
        if "/" in line:
            continue  # numeric ranges are covered above; the naive reader only knows month names
        spans = find_dates(line)
        assert [(s.earliest, s.latest) for s in spans] == _line_ends(" ".join(line.split())), (
            path.name,
            line,
        )
        assert all(s.precision == "range" for s in spans), (path.name, spans)
