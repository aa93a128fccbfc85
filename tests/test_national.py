"""National answers over a real index of real reports (Bury, Blackpool) and two letters written here.

Every figure is checked against the report's own text (its judgement table), not only
against what the extractor read.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil

import pytest

from bot.national import national_html
from index.engine import Engine
from index.national import Nation, NotUnderstood, engine_events, from_words
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


def test_a_count_of_good_or_better_counts_none_here_and_says_out_of_how_many(nation):
    answer = nation.rated("good or better", count=True)
    assert answer.total == 0
    assert answer.heading.startswith("0 councils are rated good or better overall")
    assert "out of 3 with a full inspection" in answer.heading


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
        answer.text_lines * 12,
        answer.citations,
        12,
        answer.today,
        answer.notes,
        answer.more,
    )
    text = padded.to_text(limit=10)
    assert text.count("Havering: inadequate") == 10 and "… and 2 more" in text
    # the way to see the rest is each interface's own: the bot's /list (the CLI's is in test_whole_answers)
    assert "… and 2 more. Send /list inadequate for all 12." in national_html(padded)


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
