"""National answers over a real index of real reports (Bury, Blackpool) and two letters written here.

Every figure is checked against the report's own text (its judgement table), not only
against what the extractor read.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from dataclasses import replace

import pytest

from bot.national import national_html
from index.councils import organisations, regions
from index.engine import Engine
from index.national import (
    Change,
    Nation,
    NationalQuery,
    NotUnderstood,
    Period,
    engine_events,
    from_question,
    from_words,
    query_of,
)
from index.question import Conversations, parse
from index.question.gazetteer import link
from index.settings import Settings
from tests.conftest import CORPUS as BESIDE_CHECKOUT
from tests.conftest import ROOT, run_cli

# Beside the checkout, or beside the folder holding a git worktree of it.
CORPUS = next(
    (
        p
        for p in (BESIDE_CHECKOUT, ROOT.parent.parent / "shared" / "corpus" / "ofsted-ilacs")
        if p.is_dir()
    ),
    BESIDE_CHECKOUT,
)

REPORTS = {
    "Bury": [
        "80443_bury/children's services inspection - 17 december 2021.pdf",
        "80443_bury/children's services inspection - 29 july 2025.pdf",
    ],
    "Blackpool": [
        "80431_blackpool/children's services inspection - 01 february 2023.pdf",
        "80431_blackpool/children's services inspection - 28 july 2026.pdf",
    ],
}
TODAY = dt.date(2026, 11, 30)

# Letters a test writes: the first page of two Havering reports, in Ofsted's layout.
HAVERING_2018 = """Inspection of Havering local authority children's services

Inspection dates: 4 June 2018 to 15 June 2018

Lead inspector: Test Inspector

Judgement Grade
The impact of leaders on social work practice with children and families Good
The experiences and progress of children who need help and protection Good
The experiences and progress of children in care and care leavers Good
Overall effectiveness Good

Children in Havering receive good services.
"""
HAVERING_2023 = (
    HAVERING_2018.replace("4 June 2018 to 15 June 2018", "13 to 24 November 2023")
    .replace(" Good\n", " Inadequate\n")
    .replace("receive good services", "do not receive good enough services")
)


def _judgement_table(text: str) -> str:
    """The report's page-one judgement table, as plain words (whitespace folded)."""
    start = text.lower().index("judgement grade")
    return " ".join(text[start : start + 1500].split())


@pytest.fixture(scope="module")
def national_engine(tmp_path_factory, encoder) -> Engine:
    if not CORPUS.is_dir():
        pytest.skip(f"the corpus is not at {CORPUS}")
    folder = tmp_path_factory.mktemp("national")
    documents = folder / "documents"
    for files in REPORTS.values():
        for name in files:
            (documents / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(CORPUS / name, documents / name)
    (documents / "2018-07-30 Havering inspection.txt").write_text(HAVERING_2018)
    (documents / "2024-01-22 Havering inspection.txt").write_text(HAVERING_2023)
    settings = Settings.load(env={}, documents_dir=documents, index_dir=folder / "index")
    return Engine.open(settings, encoder, build_if_missing=True)


@pytest.fixture(scope="module")
def nation(national_engine) -> Nation:
    return Nation(engine_events(national_engine), TODAY)


def test_each_council_latest_full_inspection_is_its_newest_report(nation):
    latest = {c: (nation.latest(c).latest, nation.latest(c).overall) for c in nation.councils()}
    assert latest == {
        "Bury": (dt.date(2025, 6, 20), "requires improvement"),
        "Blackpool": (dt.date(2026, 6, 19), None),
        "Havering": (dt.date(2023, 11, 24), "inadequate"),
    }


def test_the_grades_listed_are_the_ones_in_the_reports_own_judgement_tables(
    national_engine, nation
):
    store = national_engine.snapshot.store
    by_source = {d.source: d.id for d in store.documents()}
    bury = nation.latest("Bury")
    table = _judgement_table(store.document_text(by_source[bury.source]))
    assert "Overall effectiveness Requires improvement to be good" in table
    blackpool = _judgement_table(store.document_text(by_source[nation.latest("Blackpool").source]))
    assert (
        "Overall effectiveness" not in blackpool
    )  # the framework from April 2026: no overall grade
    earlier = _judgement_table(store.document_text(by_source[nation.previous("Bury").source]))
    assert "Overall effectiveness Inadequate" in earlier


def test_a_list_by_grade_cites_each_council_with_its_report_and_date(nation):
    answer = nation.rated("inadequate")
    assert answer.total == 1 and answer.text_lines == (
        "Havering: inadequate (13 – 24 November 2023) [1]",
    )
    (citation,) = answer.citations
    assert (citation.council, citation.date, citation.inspected) == (
        "Havering",
        dt.date(2024, 1, 22),
        (dt.date(2023, 11, 13), dt.date(2023, 11, 24)),
    )
    assert "Overall effectiveness Inadequate" in " ".join(citation.quote.split())


def test_a_list_by_overall_grade_says_it_left_out_reports_from_april_2026(nation):
    answer = nation.rated("requires improvement")
    assert [c.council for c in answer.citations] == ["Bury"]
    assert answer.notes == (
        "Not counted: 1 council whose latest inspection, under the framework from April 2026, "
        "gives no overall grade (Blackpool).",
    )
    assert "Blackpool" in answer.to_text()


def test_a_count_of_good_or_better_counts_none_here_out_of_the_councils_with_an_overall_grade(
    nation,
):
    answer = nation.rated("good or better", count=True)
    assert answer.total == 0
    # Blackpool's latest (2026) gives no overall grade: it is in neither number
    assert answer.heading.startswith(
        "0 of the 2 councils with an overall grade (0%) are rated good or better overall"
    )


def test_inspected_in_a_year_lists_the_councils_whose_inspection_ended_then(nation):
    answer = nation.inspected_in(2025)
    assert [c.council for c in answer.citations] == ["Bury"]
    assert answer.citations[0].source.endswith("29 july 2025.pdf")


def test_no_full_inspection_since_a_year_and_the_councils_with_none_held_are_noted(nation):
    answer = nation.not_inspected_since(2025)
    assert [c.council for c in answer.citations] == ["Havering"]
    assert answer.notes and "150 councils with no full inspection report held" in answer.notes[0]


def test_a_change_from_inadequate_cites_the_later_report_and_the_earlier_one(nation):
    answer = nation.changed("inadequate", "requires improvement")
    assert answer.text_lines == (
        "Blackpool: inadequate (1 – 30 November 2018) → requires improvement (5 – 16 December 2022) [1]",
        "Bury: inadequate (25 October – 5 November 2021) → requires improvement (9 – 20 June 2025) [2]",
    )
    blackpool, bury = answer.citations
    assert bury.previous.source.endswith("17 december 2021.pdf")
    # Blackpool's 2018 inspection is not held; its 2023 report states it, and is cited for it.
    assert blackpool.previous.source.endswith("01 february 2023.pdf")
    assert (
        "November 2018, when Blackpool local authority children’s services was judged to be inadequate"
        in blackpool.previous.quote
    )
    assert nation.changed("good", "inadequate").total == 1


def test_worse_and_better_at_the_last_inspection(nation):
    assert [c.council for c in nation.moved("worse").citations] == ["Havering"]
    better = nation.moved("better")
    assert [c.council for c in better.citations] == ["Bury"]
    assert better.notes == (
        "Not compared, for want of an overall grade at one of the two inspections: Blackpool.",
    )


def test_comparing_two_councils_gives_their_latest_judgements_side_by_side(nation):
    answer = from_words(nation, "compare bury and blackpool")
    assert [c.council for c in answer.citations] == ["Bury", "Blackpool"]
    assert answer.text_lines[0].startswith(
        "Bury: 9 – 20 June 2025: overall effectiveness requires improvement; impact of leaders good"
    )
    assert answer.text_lines[1].startswith("Blackpool: 2026") is False
    assert "no overall grade (framework from April 2026)" in answer.text_lines[1]


def test_has_a_council_improved_gives_its_last_grade_then_the_one_before_each_quoted(
    national_engine,
):
    for asked in (
        "has havering got better",
        "is havering better or worse than last time",
        "havering up or down?",
    ):
        answer = national_engine.ask(asked, today=TODAY)
        later, _, earlier = answer.answer.partition("Before that:")
        assert "Inadequate" in later and "13 to 24 November 2023" in later, asked
        assert "Good" in earlier and "4 June 2018 to 15 June 2018" in earlier, asked
        sources = [c.source for c in answer.citations]
        assert sources[0].startswith("2024-01-22") and sources[-1].startswith("2018-07-30"), asked
    # As of a day between the two reports only the first is held: it is the answer, and nothing is compared.
    then = national_engine.ask("has havering improved", today=dt.date(2020, 1, 1))
    assert "Before that" not in then.answer and "4 June 2018" in then.answer
    assert "No earlier inspection is held to compare it with." in then.warnings


def test_two_years_in_one_question_are_each_answered_from_that_years_inspection(national_engine):
    answer = national_engine.ask("what did havering get in 2018 and in 2023", today=TODAY)
    first, _, second = answer.answer.partition("\n\n")
    assert "Good" in first and "4 June 2018 to 15 June 2018" in first
    assert "Inadequate" in second and "13 to 24 November 2023" in second
    assert [c.source[:10] for c in answer.citations] == ["2018-07-30", "2024-01-22"]


def test_a_year_and_now_in_one_question_are_each_answered(national_engine):
    answer = national_engine.ask(
        "morning! was havering good in 2018 and what is it now?", today=TODAY
    )
    then, _, now = answer.answer.partition("\n\n")
    assert "Good" in then and "4 June 2018" in then
    assert "Inadequate" in now and "13 to 24 November 2023" in now


def test_a_change_since_the_year_of_the_last_inspection_compares_it_with_the_one_before(
    national_engine,
):
    answer = national_engine.ask("has havering improved since 2023", today=TODAY)
    later, _, earlier = answer.answer.partition("Before that:")
    assert "13 to 24 November 2023" in later and "4 June 2018 to 15 June 2018" in earlier
    assert "No earlier inspection" not in " ".join(answer.warnings)
    named = national_engine.ask("has havering changed since 2018", today=TODAY)
    assert "In 2018:" in named.answer and "4 June 2018" in named.answer.partition("In 2018:")[2]


def test_the_grade_before_the_latest_when_nothing_earlier_is_held_says_so(national_engine):
    answer = national_engine.ask(
        "what was havering rated before its latest inspection", today=dt.date(2020, 1, 1)
    )
    assert answer.abstained
    assert answer.answer.startswith(
        "I hold no report of an inspection of Havering before the latest."
    )


def test_the_grade_before_the_latest_inspection_or_a_named_one_is_the_earlier_report(
    national_engine,
):
    for asked in (
        "what was havering rated before its latest inspection",
        "havering grade before the 2023 inspection",
        "havering rating last but one",
    ):
        answer = national_engine.ask(asked, today=TODAY)
        assert "Good" in answer.answer and "Inadequate" not in answer.answer, asked
        assert {c.source for c in answer.citations} == {"2018-07-30 Havering inspection.txt"}, asked


def test_the_first_inspection_is_the_earliest_report_held(national_engine):
    for asked in (
        "when was havering first inspected",
        "earliest ofsted inspection of havering you have",
        "what did havering get at its first ilacs inspection",
    ):
        answer = national_engine.ask(asked, today=TODAY)
        assert "4 June 2018 to 15 June 2018" in answer.answer and "2023" not in answer.answer, asked
        assert {c.source for c in answer.citations} == {"2018-07-30 Havering inspection.txt"}, asked
    first = national_engine.ask("when was havering first inspected", today=TODAY)
    assert first.answer.startswith(
        "The earliest report I hold of Havering being inspected is of 4 June 2018"
    )


def test_how_many_inspections_before_a_year_counts_those_up_to_its_eve(national_engine):
    answer = national_engine.ask("how many inspections did havering get before 2023", today=TODAY)
    assert answer.answer.startswith(
        "I hold 1 report of full inspections of Havering by 31 December 2022: "
        "4 June 2018 to 15 June 2018"
    )


def test_how_many_times_judged_a_grade_counts_those_inspections_and_cites_each(national_engine):
    answer = national_engine.ask("how many times has havering been judged inadequate", today=TODAY)
    assert answer.answer.startswith(
        "1 of the 2 full inspections of Havering I hold judged it inadequate overall"
    )
    assert re.search(
        r"Inadequate \[\d\] at the inspection of 13 to 24 November 2023 \[\d\]", answer.answer
    )
    assert "4 June 2018" not in answer.answer.split("\n")[0]
    # then the latest inspection's own judgements at that grade, each named
    assert re.search(
        r"At the latest inspection of Havering, 13 to 24 November 2023 \[\d\], 3 of the 3 judgements",
        answer.answer,
    )
    judged = national_engine.ask(
        "how many times was havering judged inadequate for care leavers at its last inspection",
        today=TODAY,
    )
    assert judged.answer.startswith("At the inspection of Havering, 13 to 24 November 2023")
    assert "was judged Inadequate" in judged.answer
    one = national_engine.ask(
        "how many judgements were inadequate at haverings last inspection", today=TODAY
    )
    assert one.answer.startswith(
        "At the inspection of Havering, 13 to 24 November 2023 [1], 3 of the 3 judgements "
        "besides overall effectiveness were inadequate"
    )
    assert "1 of the 2" not in one.answer  # that inspection only


def test_a_town_without_children_services_of_its_own_is_answered_for_its_council_and_says_so(
    national_engine,
):
    answer = national_engine.ask("romford ofsted grade", today=TODAY)
    assert answer.answer.startswith("Havering: Inadequate overall")
    assert (
        "Romford is not a children's services authority: its children's services are Havering's."
        in answer.warnings
    )
    assert not any(
        "not a children's services authority" in w
        for w in national_engine.ask("havering ofsted grade", today=TODAY).warnings
    )


def test_as_of_a_past_day_only_what_was_published_by_then(national_engine):
    then = Nation(engine_events(national_engine), dt.date(2024, 6, 1))
    assert (
        then.latest("Bury").overall == "inadequate"
        and then.latest("Blackpool").overall == "requires improvement"
    )
    assert [c.council for c in then.moved("worse").citations] == ["Havering"]


def test_a_long_list_shows_ten_and_the_command_for_the_rest(nation):
    answer = nation.rated("inadequate")
    padded = type(answer)(
        answer.question,
        answer.heading,
        answer.text_lines * 20,
        answer.citations,
        20,
        answer.today,
        answer.notes,
        answer.more,
    )
    text = padded.to_text(limit=10)
    assert text.count("Havering: inadequate") == 10 and "… and 10 more: /list inadequate" in text
    # the bot says how to see the rest its own way (the CLI's is in test_whole_answers)
    assert "… and 10 more. Send /list inadequate for all 20." in national_html(padded)


def test_unknown_list_words_say_which_forms_work(nation):
    with pytest.raises(NotUnderstood, match="inspected YEAR"):
        from_words(nation, "tallest councils")


def test_the_cli_prints_a_national_list_as_json_with_one_citation_per_council(national_engine):
    settings = national_engine.settings
    result = run_cli(
        "national",
        "inadequate",
        "--json",
        "--today",
        "2026-11-30",
        "--index-dir",
        str(settings.index_dir),
        "--documents-dir",
        str(settings.documents_dir),
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["total"] == 1 and [c["council"] for c in data["citations"]] == ["Havering"]
    assert data["citations"][0]["date"] == "2024-01-22" and re.search(r"Havering", data["lines"][0])


# --- national questions as a typed query -----------------------------------------------------
#
# Questions of this file's own phrasing, each with the query it must make: what is filtered
# (grade, judgement, region, framework, a year read by fieldwork or by publication, a change)
# and what is done (list, count, newest or oldest first).

ASKED = dt.date(2026, 11, 30)
OUTSTANDING, GOOD_OR_BETTER = ("outstanding",), ("outstanding", "good")


def _year(year: int, reading: str, stated: bool) -> Period:
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), reading, stated)


@pytest.mark.parametrize(
    "asked, expected",
    [
        ("how many are outstanding", NationalQuery("count", grades=OUTSTANDING)),
        ("how many are good or better", NationalQuery("count", grades=GOOD_OR_BETTER)),
        (
            "list the councils rated requires improvement in the south east",
            NationalQuery(grades=("requires improvement",), region="South East"),
        ),
        (
            "which west yorkshire councils are good or better",
            NationalQuery(grades=GOOD_OR_BETTER, region="West Yorkshire"),
        ),
        (
            "inadequate councils in the east midlands",
            NationalQuery(grades=("inadequate",), region="East Midlands"),
        ),
        (
            "how many councils got inadequate for help and protection",
            NationalQuery("count", "help_and_protection", ("inadequate",)),
        ),
        (
            "number of councils judged outstanding for leadership",
            NationalQuery("count", "leaders", OUTSTANDING),
        ),
        (
            "which councils are outstanding across the board",
            NationalQuery(judgement="every", grades=OUTSTANDING),
        ),
        (
            "how many inspection reports came out in 2024",
            NationalQuery("count", period=_year(2024, "published", True)),
        ),
        (
            "which councils were inspected in 2022",
            NationalQuery(period=_year(2022, "fieldwork", True)),
        ),
        # a grade in a year, said to be neither: by publication (the other count is noted)
        (
            "how many councils were judged good in 2021",
            NationalQuery("count", grades=("good",), period=_year(2021, "published", False)),
        ),
        ("which councils havent had an inspection since 2020", NationalQuery(not_since=2020)),
        (
            "which councils got worse at their last inspection",
            NationalQuery(change=Change(direction="worse")),
        ),
        (
            "how many councils went from requires improvement to good",
            NationalQuery(
                "count",
                change=Change(
                    ("requires improvement",),
                    ("good",),
                    None,
                    False,
                    "requires improvement",
                    "good",
                ),
            ),
        ),
        (
            "which councils are no longer outstanding",
            NationalQuery(change=Change(OUTSTANDING, (), "worse", True, "outstanding")),
        ),
        ("which council has waited longest for an inspection", NationalQuery("oldest")),
        ("which council was most recently inspected", NationalQuery("newest")),
        ("whose report came out most recently", NationalQuery("newest", ordered_by="published")),
        (
            "which councils in the midlands have no overall grade",
            NationalQuery(ungraded=True, region="the Midlands"),
        ),
        (
            "how many london boroughs were inadequate as of 1 june 2019",
            NationalQuery(
                "count", grades=("inadequate",), region="London", as_of=dt.date(2019, 6, 1)
            ),
        ),
    ],
)
def test_a_national_question_becomes_one_typed_query(asked, expected):
    question = parse(asked, ASKED)
    assert question.national is not None, asked
    assert _same(from_question(question), expected), (asked, from_question(question))


def _same(query: NationalQuery, expected: NationalQuery) -> bool:
    """Equal but for the words kept for headings and the text a period was named with."""

    def plain(q: NationalQuery) -> NationalQuery:
        period = q.period and replace(q.period, text="")
        change = q.change and replace(q.change, before_words="", after_words="")
        return replace(q, grade_words="", period=period, change=change)

    return plain(query) == plain(expected)


@pytest.mark.parametrize(
    "asked",
    [
        "the one in london",  # a reply to "which council do you mean?", not a list
        "how is bolton doing",
        "whats our grade",
        "when was leeds last inspected",
        "tell me more about care leavers in bury",
    ],
)
def test_questions_about_one_council_or_a_reply_are_not_national(asked):
    assert parse(asked, ASKED).national is None, asked


@pytest.mark.parametrize(
    "words",
    [
        "inadequate in london",
        "count good or better in the north west",
        "care leavers inadequate",
        "every judgement outstanding",
        "no overall grade in london",
        "inadequate published 2025",
        "inspected since 2024",
        "since 2019",
        "changed inadequate to good",
        "lost outstanding",
        "kept outstanding",
        "became outstanding in greater manchester",
        "worse",
        "newest published",
        "oldest inspected inadequate",
        "count outstanding as of 1 January 2020",
    ],
)
def test_list_words_and_the_query_they_make_say_the_same(words):
    """/list words make a query whose own words make it again: a continuation always works."""
    query = query_of(words, ASKED)
    assert _same(query_of(query.words(), ASKED), query), (words, query.words())


def test_words_a_list_cannot_answer_are_refused_with_the_forms_it_takes():
    for words in (
        "tallest councils",
        "bury",
        "which schools are good",
        "compare",
        "inadequate in wales",
        "",
    ):
        with pytest.raises(NotUnderstood, match="in REGION"):
            query_of(words, ASKED)


# --- the regions of England ------------------------------------------------------------------


def test_every_council_is_in_exactly_one_of_the_nine_regions():
    placed = [c for councils in regions.REGIONS.values() for c in councils]
    assert len(regions.REGIONS) == 9
    assert sorted(placed) == sorted(organisations.COUNCILS)  # each once, none missing
    assert len(regions.REGIONS["London"]) == 33 and "City of London" in regions.REGIONS["London"]
    assert {len(regions.REGIONS[r]) for r in ("North East", "North West")} == {12, 24}
    for area, councils in regions.AREAS.items():
        assert set(councils) <= set(placed), area
    assert regions.region_of("Tameside") == "North West" and regions.region_of("Nowhere") is None


@pytest.mark.parametrize(
    "text, expected_regions, expected_councils",
    [
        ("which councils in the north west are good", ("North West",), ()),
        ("north east councils rated outstanding", ("North East",), ()),
        ("london boroughs that are inadequate", ("London",), ()),
        ("any inadequate councils in the east of england", ("East of England",), ()),
        ("the greater manchester ones", ("Greater Manchester",), ()),
        ("yorkshire and humber councils", ("Yorkshire and the Humber",), ()),
        # a council's name that starts with a region's words is the council
        ("how is the north east lincolnshire doing", (), ("North East Lincolnshire",)),
        ("north east linclnshire grade", (), ("North East Lincolnshire",)),
        ("north west leicestershire", (), ("Leicestershire",)),
        # a region still settles an ambiguous name beside it
        (
            "kingston yorkshire last inspection",
            ("Yorkshire and the Humber",),
            ("Kingston upon Hull",),
        ),
    ],
)
def test_the_gazetteer_names_regions_apart_from_councils(text, expected_regions, expected_councils):
    linked = link(text)
    assert (linked.regions, linked.councils) == (expected_regions, expected_councils), text


# --- a country of letters: lists, counts, regions, years, changes, follow-ups ---------------------
#
# Twenty-six councils' first pages, written here in Ofsted's layout and indexed for real
# (reading, extraction, the bundled model, FAISS, SQLite): enough councils for a list longer
# than one message, in every region, with the framework from April 2026 among them.

_ROWS = {
    "leaders": "The impact of leaders on social work practice with children and families",
    "help_and_protection": "The experiences and progress of children who need help and protection",
    "in_care": "The experiences and progress of children in care",
    "care_leavers": "The experiences and progress of care leavers",
    "in_care_and_care_leavers": "The experiences and progress of children in care and care leavers",
    "overall": "Overall effectiveness",
}
_WORDS = {
    "O": "Outstanding",
    "G": "Good",
    "RI": "Requires improvement to be good",
    "I": "Inadequate",
}
# council, published (the file's date), inspection dates, lead inspector, grades:
# overall, leaders, help and protection, children in care, care leavers ("-": not given)
COUNTRY = [
    ("Camden", "2025-04-15", "3 to 7 March 2025", "Ann Camberley", "O O O O G"),
    ("Bromley", "2024-01-12", "13 to 17 November 2023", "Bo Bromwich", "O O O O O"),
    ("Hackney", "2023-09-01", "10 to 21 July 2023", "Cy Hackett", "G G G G G"),
    ("Harrow", "2019-08-01", "10 to 21 June 2019", "Di Harwood", "G G G G G"),
    ("Harrow", "2025-03-04", "20 to 24 January 2025", "Di Harwood", "I I RI RI I"),
    ("Newham", "2024-06-01", "15 to 26 April 2024", "Ed Newland", "G G G G G"),
    ("Brent", "2026-06-17", "27 April to 1 May 2026", "Jo Brentwood", "- G G G G"),
    ("Bolton", "2023-10-27", "11 to 15 September 2023", "Fi Bolt", "G G G G G"),
    ("Wigan", "2025-12-01", "6 to 17 October 2025", "Gus Wiggins", "RI RI RI RI RI"),
    ("Halton", "2024-07-12", "13 to 24 May 2024", "Hal Haltwhistle", "I I I I I"),
    ("Oldham", "2024-07-12", "13 to 24 May 2024", "Ola Oldfield", "G G G G G"),
    ("Knowsley", "2021-12-01", "11 to 22 October 2021", "Kim Knowles", "RI RI RI RI RI"),
    ("Knowsley", "2025-01-20", "18 to 29 November 2024", "Kim Knowles", "I I I RI RI"),
    ("Trafford", "2026-08-03", "8 to 19 June 2026", "Tam Trafalgar", "- I I RI G"),
    ("Durham", "2025-05-13", "24 to 28 March 2025", "Dot Durrant", "O O O O O"),
    ("Sunderland", "2025-03-11", "27 to 31 January 2025", "Sol Sunder", "O O O O O"),
    ("Gateshead", "2024-12-20", "4 to 8 November 2024", "Gil Gates", "G G G G G"),
    ("Leeds", "2022-09-01", "4 to 15 July 2022", "Lee Leadbetter", "O O O O O"),
    ("York", "2020-03-01", "13 to 24 January 2020", "Yan Yorke", "G G G G G"),
    ("York", "2025-04-15", "24 February to 7 March 2025", "Yan Yorke", "O O O O G"),
    ("Derby", "2019-07-01", "13 to 24 May 2019", "Del Derwent", "G G G G G"),
    ("Derby", "2025-07-08", "19 to 23 May 2025", "Del Derwent", "O O O O O"),
    ("Rutland", "2023-05-01", "13 to 24 March 2023", "Rue Rutter", "G G G G"),
    ("Coventry", "2026-05-18", "9 to 13 March 2026", "Cov Ventris", "O O O O G"),
    ("Solihull", "2022-12-01", "10 to 21 October 2022", "Sal Solway", "I I I RI RI"),
    ("Solihull", "2025-12-10", "3 to 14 November 2025", "Sal Solway", "G G G G G"),
    ("Essex", "2023-08-11", "12 to 16 June 2023", "Ess Essington", "O O O O G"),
    ("Kent", "2022-07-01", "9 to 20 May 2022", "Ken Kenton", "O O O O O"),
    ("Kent", "2026-01-10", "3 to 7 November 2025", "Ken Kenton", "G G G G G"),
    ("Surrey", "2024-09-01", "1 to 12 July 2024", "Sue Surridge", "G G G G G"),
    ("Devon", "2025-02-10", "2 to 13 December 2024", "Dev Devereux", "I I I RI I"),
    ("Cornwall", "2024-08-01", "1 to 5 July 2024", "Cor Cornish", "G G G G G"),
]


# Outstanding or good at their latest inspection: all but Brent and Trafford (no overall
# grade), Wigan (requires improvement) and the four inadequate.
GOOD_OR_BETTER_HERE = sorted(
    {c for c, *_ in COUNTRY}
    - {"Brent", "Trafford", "Wigan", "Harrow", "Halton", "Knowsley", "Devon"}
)


def _letter(council: str, dates: str, lead: str, grades: str) -> str:
    keys = ("overall", "leaders", "help_and_protection", "in_care", "care_leavers")
    given = dict(zip(keys, grades.split()))
    if len(grades.split()) == 4:  # children in care and care leavers judged together
        given = {
            **dict(zip(keys[:3], grades.split())),
            "in_care_and_care_leavers": grades.split()[3],
        }
    rows = [f"{_ROWS[k]} {_WORDS[v]}" for k, v in given.items() if v != "-" and k != "overall"]
    if given.get("overall", "-") != "-":
        rows.append(f"{_ROWS['overall']} {_WORDS[given['overall']]}")
    return (
        f"Inspection of {council} local authority children's services\n\n"
        f"Inspection dates: {dates}\n\nLead inspector: {lead}, His Majesty's Inspector\n\n"
        "Judgement Grade\n" + "\n".join(rows) + f"\n\nChildren in {council} are helped.\n"
    )


@pytest.fixture(scope="module")
def country(tmp_path_factory, encoder) -> Engine:
    folder = tmp_path_factory.mktemp("country")
    documents = folder / "documents"
    documents.mkdir()
    for council, published, dates, lead, grades in COUNTRY:
        text = _letter(council, dates, lead, grades)
        (documents / f"{published} {council} inspection.txt").write_text(text)
    settings = Settings.load(env={}, documents_dir=documents, index_dir=folder / "index")
    return Engine.open(settings, encoder, build_if_missing=True)


def _chat(engine: Engine, *asked: str) -> list:
    """Each question asked in turn in one conversation, as `chat` and the bot do."""
    conversations, answers = Conversations(), []
    for text in asked:
        answer = engine.ask(text, today=TODAY, previous=conversations.previous("chat"))
        if answer.understood is not None and answer.used is not None:
            conversations.remember("chat", answer.understood, answer.used)
        answers.append(answer)
    return answers


def _listed(answer) -> list[str]:
    return re.findall(r"^  (\w[^:\n]*):", answer.answer, re.M)


def test_a_count_says_of_how_many_councils_with_an_overall_grade_and_names_those_without(country):
    answer = country.ask("how many councils are good or better?", today=TODAY)
    assert answer.answer.startswith(
        "19 of the 24 councils with an overall grade (79%) are rated good or better overall at their "
        "latest full inspection, as of 30 November 2026:"
    )
    assert "gives no overall grade (Brent and Trafford)" in answer.answer
    assert len(answer.citations) == 10 and "… and 9 more: say “more”" in answer.answer


def test_how_many_with_no_noun_is_a_national_count(country):
    answer = country.ask("how many are inadequate", today=TODAY)
    assert answer.answer.startswith(
        "4 of the 24 councils with an overall grade (17%) are rated inadequate"
    )
    assert _listed(answer) == ["Devon", "Halton", "Harrow", "Knowsley"]
    assert [c.source for c in answer.citations][:1] == ["2025-02-10 Devon inspection.txt"]


def test_more_shows_the_rest_of_the_list_then_says_it_was_all(country):
    first, more, again = _chat(country, "how many councils are good or better", "more", "more")
    shown, rest = _listed(first), _listed(more)
    assert len(shown) == 10 and len(rest) == 9 and not set(shown) & set(rest)
    assert sorted(shown + rest) == GOOD_OR_BETTER_HERE
    assert "(continued, from 11 on)" in more.answer.split("\n")[0]
    assert [c.n for c in more.citations] == list(range(11, 20))  # each line's own source
    assert again.answer == "That was the whole list: all 19 were shown."


def test_a_list_asked_for_is_given_whole_in_a_region(country):
    london = country.ask("which london boroughs are inadequate", today=TODAY)
    assert london.answer.startswith(
        "1 of the 5 councils in London with an overall grade is rated inadequate overall"
    )
    assert _listed(london) == ["Harrow"] and "(Brent)" in london.answer
    good = country.ask("which councils are good or better", today=TODAY)
    assert len(_listed(good)) == 19 and "more" not in good.answer  # every one, not ten
    north_west = country.ask("inadequate councils in the north west", today=TODAY)
    assert _listed(north_west) == ["Halton", "Knowsley"]
    assert "Trafford" in north_west.answer  # left out of the count for want of an overall grade


def test_follow_ups_narrow_or_turn_the_last_national_question(country):
    count, other, which, london = _chat(
        country,
        "how many councils are inadequate",
        "and good?",
        "which ones in the north west",
        "and in london?",
    )
    assert count.answer.startswith("4 of the 24")
    assert other.answer.startswith(
        "10 of the 24 councils with an overall grade (42%) are rated good"
    )
    assert _listed(which) == ["Bolton", "Oldham"]
    assert _listed(london) == ["Hackney", "Newham"]


def test_a_judgement_counts_the_councils_judged_on_it_and_says_who_was_not(country):
    answer = country.ask("how many councils are inadequate for care leavers", today=TODAY)
    assert answer.answer.startswith(
        "3 of the 25 councils with a judgement on care leavers (12%) were judged inadequate for it"
    )
    assert _listed(answer) == ["Devon", "Halton", "Harrow"]  # Knowsley's care leavers: RI
    assert "care and care leavers together" in answer.answer and "(Rutland)" in answer.answer
    every = country.ask("which councils were outstanding in every judgement", today=TODAY)
    assert _listed(every) == ["Bromley", "Derby", "Durham", "Leeds", "Sunderland"]


def test_a_year_is_read_by_publication_or_by_fieldwork_and_the_answer_says_which(country):
    rated = country.ask("how many councils were rated inadequate in 2025", today=TODAY)
    assert "published in 2025 (by publication date)" in rated.answer.split("\n")[0]
    assert _listed(rated) == ["Devon", "Harrow", "Knowsley"]
    # Devon's and Knowsley's inspections ended in 2024: by their own dates, only Harrow's
    assert "By the inspections' own dates instead: 1." in rated.answer
    inspected = country.ask("which councils were inspected in 2024", today=TODAY)
    assert "(by the inspections' own dates)" in inspected.answer.split("\n")[0]
    assert "Devon" in _listed(inspected) and "Harrow" not in _listed(inspected)
    published = country.ask("how many reports were published in 2024", today=TODAY)
    assert published.answer.startswith("7 full inspection reports were published in 2024")


def test_newest_and_oldest_name_the_first_and_say_by_which_date(country):
    newest = country.ask("which council was inspected most recently", today=TODAY)
    assert newest.answer.startswith("Trafford's is the most recent")
    assert "by the inspection's own dates (8 – 19 June 2026)" in newest.answer
    oldest = country.ask("which council has gone longest without an inspection", today=TODAY)
    assert oldest.answer.startswith("Leeds's is the least recent")
    judged = country.ask("which councils were most recently judged inadequate", today=TODAY)
    assert _listed(judged)[:2] == ["Harrow", "Devon"]  # by publication: 4 March, 10 February 2025


def test_changes_between_the_last_two_inspections(country):
    lost = country.ask("which councils lost outstanding at their latest inspection", today=TODAY)
    assert _listed(lost) == ["Kent"]
    assert "Kent: outstanding (9 – 20 May 2022) → good (3 – 7 November 2025)" in lost.answer
    assert {c.source for c in lost.citations} == {"2026-01-10 Kent inspection.txt"}
    better = country.ask("how many councils improved at their last inspection", today=TODAY)
    assert better.answer.startswith("3 of the 6 councils with an overall grade at both")
    assert _listed(better) == ["Derby", "Solihull", "York"]
    worse = country.ask("which councils got worse", today=TODAY)
    assert _listed(worse) == ["Harrow", "Kent", "Knowsley"]
    risen = country.ask("which councils went from inadequate to good", today=TODAY)
    assert _listed(risen) == ["Solihull"]


def test_the_new_framework_list_and_a_follow_up_about_the_one_council_in_it(country):
    ungraded, london, led = _chat(
        country,
        "which councils have been inspected under the new framework",
        "the london one",
        "who led it",
    )
    assert _listed(ungraded) == ["Brent", "Trafford"]
    # the one picked from the list: its own grades, and the conversation is about it now
    assert london.answer.startswith("(Brent, status) Brent: no overall effectiveness grade")
    assert london.used.council == "Brent"
    assert "Jo Brentwood" in led.answer and "Brent" in led.answer


def test_list_typed_into_ask_or_chat_gives_every_council(country):
    every = country.ask("/list good or better", today=TODAY)
    assert len(_listed(every)) == 19 and len(every.citations) == 19
    refused = country.ask("/list tallest councils", today=TODAY)
    assert refused.abstained and "I can list:" in refused.answer
    settings = country.settings
    where = ("--index-dir", str(settings.index_dir), "--documents-dir", str(settings.documents_dir))
    asked = run_cli("ask", "/list outstanding in the north east", "--today", "2026-11-30", *where)
    assert asked.returncode == 0, asked.stderr
    assert "2 of the 3 councils in the North East" in asked.stdout
    assert "Durham: outstanding" in asked.stdout and "Sunderland: outstanding" in asked.stdout
    chat = run_cli(
        "chat",
        "--today",
        "2026-11-30",
        *where,
        input="how many councils are good or better\nmore\n/list inadequate in london\n",
    )
    assert chat.returncode == 0, chat.stderr
    assert "… and 9 more: say “more”, or send /list good or better" in chat.stdout
    assert "(continued, from 11 on)" in chat.stdout
    assert "1 of the 5 councils in London" in chat.stdout


def test_a_national_question_about_a_place_ofsted_does_not_inspect_is_declined(country):
    answer = country.ask("which councils in wales are inadequate", today=TODAY)
    assert answer.abstained and "Care Inspectorate Wales" in answer.answer
    assert answer.citations == ()


def test_a_question_of_its_own_after_a_list_keeps_none_of_its_filters(country):
    london, since = _chat(
        country,
        "which london boroughs are inadequate",
        "which councils have not been inspected since 2023",
    )
    assert _listed(london) == ["Harrow"]
    assert since.answer.startswith(
        "1 council whose latest full inspection ended before 2023 has had none since"
    )
    assert _listed(since) == ["Leeds"]
    graded = country.ask(
        "which inadequate councils have not been inspected since 2025", today=TODAY
    )
    assert _listed(graded) == ["Devon", "Halton", "Knowsley"]  # Harrow's was in January 2025


def test_a_change_in_a_year_is_between_that_years_inspection_and_the_one_before(country):
    answer = country.ask("which councils improved in 2025", today=TODAY)
    assert answer.answer.startswith(
        "3 of the 5 councils with an overall grade at a full inspection carried out in 2025"
    )
    assert _listed(answer) == ["Derby", "Solihull", "York"]


def test_a_tally_counts_councils_by_grade_and_says_why_some_are_apart(nation):
    from index.national import judgement_named, tally

    overall = tally(nation)
    assert dict(overall.counts) == {
        "outstanding": 0,
        "good": 0,
        "requires improvement": 1,
        "inadequate": 1,
        "no overall grade": 1,
    }
    assert overall.as_of == dt.date(2026, 7, 28)  # Blackpool's report, the newest counted
    assert "framework from April 2026" in overall.notes[0] and "(Blackpool)" in overall.notes[0]
    assert overall.to_json()["percent"]["inadequate"] == 33
    care_leavers = tally(nation, judgement_named("care leavers"))
    assert dict(care_leavers.counts)["outstanding"] == 1  # Blackpool's, graded without overall
    # Havering's letters judged children in care and care leavers together: that one stands in
    assert dict(care_leavers.counts)["good"] == 0 and dict(care_leavers.counts)["inadequate"] == 1
    assert "(Havering)" in care_leavers.notes[-1]
    assert judgement_named("tallest") is None and judgement_named("inadequate") is None


def test_the_national_command_charts_a_judgement(national_engine, tmp_path):
    png = tmp_path / "care.png"
    result = run_cli(
        "national",
        "care",
        "leavers",
        "--today",
        "2026-11-30",
        "--png",
        str(png),
        "--index-dir",
        str(national_engine.settings.index_dir),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Care leavers: 3 councils by their grade")
    assert "  outstanding: 1 (33%)" in result.stdout and "Source: Ofsted" in result.stdout
    assert png.read_bytes().startswith(b"\x89PNG")


def test_every_judgement_is_given_when_the_question_asks_which_ones(country):
    answer = country.ask("york 2025 - were all the judgements outstanding?", today=TODAY)
    assert answer.answer.startswith("York: Outstanding overall"), answer.answer
    assert "care leavers: Good" in answer.answer
    plain = country.ask("what grade did york get", today=TODAY)
    assert "care leavers" not in plain.answer.split("\n")[0]


def test_an_old_report_is_warned_about_only_when_asked_how_things_stand(country):
    # Leeds's newest report is of July 2022, over four years before 30 November 2026
    now = country.ask("leeds grade", today=TODAY)
    assert any("years old" in w for w in now.warnings), now.warnings
    # a report two years old is how things stand, not a warning
    recent = country.ask("halton grade", today=TODAY)
    assert not any("old (" in w for w in recent.warnings), recent.warnings
    # nor is asking about an inspection by its year
    named = country.ask("harrow grade in 2019", today=TODAY)
    assert not any("years old" in w for w in named.warnings), named.warnings
