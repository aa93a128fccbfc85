"""Date-aware answers: next, last and current grade depend on today and on the newest document."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from conftest import CABINET_REPORT, DOCUMENTS, ROOT, run_cli

from index.engine import Engine
from index.errors import InspectionBotError
from index.settings import Settings

LETTERS = ROOT / "eval" / "letters"
FIFTH_VISIT = "2021-12-14 Monitoring visit letter - fifth visit (fictional).md"
INSPECTION = "2022-08-26 Inspection report - West Northamptonshire (fictional).md"


@pytest.fixture(scope="module")
def engine(tmp_path_factory, encoder) -> Engine:
    """The bundled letters plus two newer (fictional) ones: a fifth visit letter and an inspection report."""
    folder = tmp_path_factory.mktemp("timeline")
    shutil.copytree(DOCUMENTS, folder / "documents")
    for letter in LETTERS.iterdir():
        shutil.copy(letter, folder / "documents" / letter.name)
    settings = Settings.load(env={}, documents_dir=folder / "documents", index_dir=folder / "index")
    return Engine.open(settings, encoder, build_if_missing=True)


def ask(engine, question: str, today: str):
    return engine.ask(question, today=dt.date.fromisoformat(today))


@pytest.mark.parametrize(
    "today,source,fact,warned",
    [
        # Only the bundled letters exist yet: the October/November visit is ahead.
        ("2021-10-01", CABINET_REPORT, "October/ November 2021", False),
        # Its dates have passed and no newer letter confirms it: the full inspection is next, with a warning.
        ("2021-12-01", CABINET_REPORT, "Summer 2022", True),
        # The fifth visit's letter is out: it supersedes the old expectation.
        ("2022-01-01", FIFTH_VISIT, "summer 2022", False),
    ],
)
def test_next_visit_depends_on_today_and_on_the_newest_document(
    engine, today, source, fact, warned
):
    answer = ask(engine, "When is the next Ofsted visit?", today)
    assert not answer.abstained
    assert answer.citations[0].source == source
    assert fact in answer.answer
    assert bool(answer.warnings) is warned, answer.warnings


def test_passed_expectation_is_given_with_a_warning_not_as_upcoming(engine):
    answer = ask(engine, "When is the next monitoring visit?", "2021-12-01")
    assert "October/ November 2021" in answer.answer
    assert any("has passed" in w and "no newer document" in w for w in answer.warnings)


def test_last_and_current_grade_come_from_the_newest_completed_event(engine):
    last = ask(engine, "When was the last monitoring visit?", "2021-10-01")
    assert "July 2021" in last.answer and last.citations[0].source == CABINET_REPORT
    later = ask(engine, "When was the last monitoring visit?", "2022-01-01")
    assert "9 and 10 November 2021" in later.answer and later.citations[0].source == FIFTH_VISIT
    grade = ask(engine, "What is our current Ofsted grade?", "2022-10-01")
    assert (
        "Requires improvement to be good" in grade.answer
        and grade.citations[0].source == INSPECTION
    )
    old = ask(engine, "What is our current Ofsted grade?", "2026-11-23")
    assert any("4 years old" in w for w in old.warnings), old.warnings


def test_nothing_expected_declines_and_says_what_is_known(engine):
    # Issue 13: with no document expecting a visit, "next" is not answered with a past one.
    answer = ask(engine, "When is the next Ofsted visit?", "2022-10-01")
    assert answer.abstained
    assert "No document I hold says when Ofsted will next inspect" in answer.answer
    assert "does not publish" in answer.answer
    assert answer.citations[0].source == INSPECTION  # the last inspection, cited


def test_documents_published_after_today_are_not_known(engine):
    answer = ask(engine, "When was the last Ofsted inspection?", "2021-10-01")
    assert all(c.source != INSPECTION for c in answer.citations)


def test_question_about_a_council_with_no_documents_abstains(engine):
    answer = ask(engine, "When is the next Ofsted visit to Cornwall?", "2026-11-23")
    assert answer.abstained and "no documents about Cornwall" in answer.answer
    assert answer.citations == ()


def test_question_naming_the_council_uses_its_documents(engine):
    answer = ask(
        engine, "When is the full inspection of West Northamptonshire expected?", "2022-01-01"
    )
    assert "summer 2022" in answer.answer.lower()


def test_status_and_timeline_views(engine, tmp_path):
    status = engine.status("West Northamptonshire", dt.date(2026, 11, 23))
    events = status.events
    assert "Requires improvement to be good" in status.current_grade.quote
    assert status.last_event.earliest == dt.date(2022, 7, 4)
    assert status.next_expected is None
    assert status.newest_document[1] == dt.date(2022, 8, 26)
    assert [e.earliest for e in events] == sorted(e.earliest for e in events)
    with pytest.raises(InspectionBotError, match="no documents about Cornwall"):
        engine.status("Cornwall", dt.date(2026, 11, 23))


@pytest.mark.slow
def test_timeline_command_prints_json_and_draws_a_png(engine, tmp_path):
    settings = engine.settings
    png = tmp_path / "timeline.png"
    result = run_cli(
        "timeline",
        "West Northamptonshire",
        "--json",
        "--today",
        "2021-12-01",
        "--png",
        str(png),
        "--index-dir",
        str(settings.index_dir),
    )
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["organisation"] == "West Northamptonshire"
    assert payload["next_expected"]["wording"] == "Summer 2022"
    assert payload["warnings"]
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n") and png.stat().st_size > 5000


@pytest.mark.slow
def test_eval_command_reports_rates_over_the_question_set():
    result = run_cli("eval", str(ROOT / "eval" / "questions.json"))
    assert result.returncode == 0, result.stderr
    assert "cited source in top 1:" in result.stdout and "correct abstentions:" in result.stdout


def test_a_document_dated_ahead_of_the_real_today_is_still_used(tmp_path, encoder):
    folder = tmp_path / "documents"
    folder.mkdir()
    ahead = dt.date.today() + dt.timedelta(days=10)
    (folder / "agenda.md").write_text(
        f"# Cabinet report\n\ndate {ahead.isoformat()}\n\n"
        "1.1 Ofsted carried out a focused visit to Avonshire children's services, "
        "looking at care leavers.\n"
    )
    engine = Engine.open(
        Settings.load(env={}, documents_dir=folder, index_dir=tmp_path / "index"),
        encoder,
        build_if_missing=True,
    )
    answer = engine.ask("What did the focused visit look at?")
    assert not answer.abstained and answer.citations[0].source == "agenda.md"
    before = engine.ask("What did the focused visit look at?", today=dt.date(2020, 1, 1))
    assert before.abstained  # asked as of a past day, that document did not exist yet


def test_corpus_question_set_is_skipped_cleanly_without_the_corpus(tmp_path):
    shutil.copy(ROOT / "eval" / "corpus_questions.json", tmp_path / "corpus_questions.json")
    result = run_cli("eval", str(tmp_path / "corpus_questions.json"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("skipped: the question set's documents are not here")
