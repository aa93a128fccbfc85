"""Issue 25: an answer's ``as_of`` is the date of the newest document it cites, whatever kind of
answer it is; and no list an answer shows is cut short without saying how many more there are
and how to see them where the answer is read (the command line, or the bot).

Reports written here in Ofsted's layout: Plymouth twice (inadequate, then good with eleven
things to improve), Northumberland, and ten more councils rated good, so that a national list
runs past the ten lines an answer shows.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from index.engine import Engine
from index.settings import Settings
from inspection_bot.text import answer_text
from tests.conftest import run_cli
from tests.test_respond import ILACS, report

TODAY = dt.date(2026, 11, 30)
ELEVEN = [
    f"Improvement number {n}: the quality of plans for children, point {n}." for n in range(1, 12)
]
GOOD_COUNCILS = [
    "Bolton",
    "Bury",
    "Derby",
    "Essex",
    "Leeds",
    "Luton",
    "Rutland",
    "Salford",
    "Slough",
    "Wigan",
]


def _reports() -> dict[str, str]:
    reports = {
        "2018-06-01 Plymouth inspection.txt": report(
            "Plymouth",
            "9 to 20 April 2018",
            "Alan Wood",
            list(zip(ILACS, ["Inadequate"] * 5)),
            ["The timeliness of strategy discussions."],
            "Leaders had not understood the weaknesses of the front door.",
        ),
        "2023-10-27 Plymouth inspection.txt": report(
            "Plymouth",
            "11 to 15 September 2023",
            "Maria Brennan",
            list(zip(ILACS, ["Good"] * 5)),
            ELEVEN,
            "Edge of care work is strong.",
        ),
        "2024-03-01 Northumberland inspection.txt": report(
            "Northumberland",
            "5 to 16 February 2024",
            "Tom Price",
            list(zip(ILACS, ["Outstanding"] * 5)),
            ["The sufficiency of local homes for children in care."],
            "Young carers are identified early.",
        ),
    }
    for day, council in enumerate(GOOD_COUNCILS, 1):
        reports[f"2025-05-{day:02d} {council} inspection.txt"] = report(
            council,
            f"{day} to {day + 4} March 2025",
            "Test Inspector",
            list(zip(ILACS, ["Good"] * 5)),
            ["The consistency of supervision."],
            "Children are safe.",
        )
    return reports


@pytest.fixture(scope="module")
def engine(tmp_path_factory, encoder) -> Engine:
    folder = tmp_path_factory.mktemp("whole")
    documents = folder / "documents"
    documents.mkdir()
    for name, text in _reports().items():
        (documents / name).write_text(text)
    settings = Settings.load(env={}, documents_dir=documents, index_dir=folder / "index")
    return Engine.open(settings, encoder, build_if_missing=True)


def newest_cited(answer) -> dt.date:
    return max(c.date for c in answer.citations if c.date)


@pytest.mark.parametrize(
    "question,newest",
    [
        # a change: the last grade, then the one before (it gave the oldest before)
        ("has plymouth improved", dt.date(2023, 10, 27)),
        ("is plymouth better or worse than last time", dt.date(2023, 10, 27)),
        # several councils, each answered in turn
        ("plymouth and northumberland grades", dt.date(2024, 3, 1)),
        # a comparison and a national list, from every council's latest report
        ("compare plymouth and northumberland", dt.date(2024, 3, 1)),
        ("which councils are rated outstanding", dt.date(2024, 3, 1)),
        # twelve councils, a list asked for: all are shown and cited, the newest Wigan's (10 May)
        ("which councils are good or better", dt.date(2025, 5, 10)),
    ],
)
def test_as_of_is_the_newest_document_the_answer_cites(engine, question, newest):
    answer = engine.ask(question, today=TODAY)
    assert not answer.abstained, answer.answer
    assert len({c.source for c in answer.citations}) >= 1
    assert answer.as_of == newest_cited(answer) == newest, (question, answer.as_of)
    assert answer.to_json()["as_of"] == newest.isoformat()
    assert f"As of {newest.day} " in answer_text(answer)


def test_a_change_cites_both_inspections_and_is_as_of_the_later_report(engine):
    answer = engine.ask("has plymouth improved", today=TODAY)
    assert {c.date for c in answer.citations} == {dt.date(2018, 6, 1), dt.date(2023, 10, 27)}
    assert answer.as_of == dt.date(2023, 10, 27)


def test_a_national_answer_says_the_day_asked_apart_from_its_as_of(engine):
    from index.national import Nation, engine_events

    nation = Nation(engine_events(engine), TODAY)
    listed = nation.compare(["Plymouth", "Northumberland"]).to_json()
    assert listed["today"] == "2026-11-30" and listed["as_of"] == "2024-03-01"
    changed = nation.changed("inadequate", "good")  # cites the earlier report too
    assert changed.as_of == dt.date(2023, 10, 27) and changed.to_json()["total"] == 1


def test_what_needs_to_improve_gives_every_item(engine):
    answer = engine.ask("what does plymouth need to improve", today=TODAY)
    assert not answer.abstained, answer.answer
    for item in ELEVEN:
        assert item in answer.answer, item
    assert answer.answer.index(ELEVEN[0]) < answer.answer.index(ELEVEN[-1])


def test_a_national_list_asked_for_is_given_whole_as_the_command_gives_it(engine):
    answer = engine.ask("which councils are rated good", today=TODAY)
    for council in [*GOOD_COUNCILS, "Plymouth"]:
        assert f"  {council}: good (" in answer.answer, council
    assert len(answer.citations) == 11 and "more" not in answer.answer
    assert answer.more is None and "whole list" not in answer_text(answer)
    settings = engine.settings
    whole = run_cli(
        "national",
        "good",
        "--today",
        "2026-11-30",
        "--index-dir",
        str(settings.index_dir),
        "--documents-dir",
        str(settings.documents_dir),
    )
    assert whole.returncode == 0, whole.stderr
    for council in [*GOOD_COUNCILS, "Plymouth"]:
        assert f"  {council}: good (" in whole.stdout, council
    assert "more" not in whole.stdout
    data = json.loads(
        run_cli(
            "national",
            "good",
            "--json",
            "--today",
            "2026-11-30",
            "--index-dir",
            str(settings.index_dir),
        ).stdout
    )
    assert data["total"] == 11 and len(data["citations"]) == 11
    assert data["as_of"] == "2025-05-10" and data["today"] == "2026-11-30"


def test_councils_named_beyond_those_answered_are_named_in_a_warning(engine):
    answer = engine.ask("who led plymouth, northumberland, bolton and wigan", today=TODAY)
    assert "Maria Brennan" in answer.answer and "Tom Price" in answer.answer
    assert any("… and 1 more: ask about Wigan" in w for w in answer.warnings), answer.warnings


def test_a_short_list_says_nothing_more(engine):
    answer = engine.ask("which councils are rated outstanding", today=TODAY)
    assert answer.more is None and "more" not in answer.to_json()
    assert "whole list" not in answer_text(answer)
