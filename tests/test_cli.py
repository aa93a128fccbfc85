"""The command line as a user runs it: its own process, real files, real index."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import CABINET_REPORT, DOCUMENTS, run_cli

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cli_env(tmp_path_factory):
    """Environment pointing the CLI at a copy of documents/ and a fresh index folder."""
    folder = tmp_path_factory.mktemp("cli")
    shutil.copytree(DOCUMENTS, folder / "documents")
    return {
        "INSPECTION_BOT_DOCUMENTS_DIR": str(folder / "documents"),
        "INSPECTION_BOT_INDEX_DIR": str(folder / "index"),
    }


def test_ask_builds_the_index_on_first_use_and_answers_in_json(cli_env):
    result = run_cli(
        "ask", "When is the next Ofsted visit?", "--json", "--today", "2026-11-23", env=cli_env
    )
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert set(payload) == {
        "question",
        "answer",
        "abstained",
        "confidence",
        "as_of",
        "warnings",
        "citations",
    }
    assert payload["question"] == "When is the next Ofsted visit?"
    assert payload["abstained"] is False and 0 < payload["confidence"] <= 1
    assert payload["as_of"] == "2021-09-23"
    assert "October/ November 2021" in payload["answer"]
    assert payload["warnings"]
    citation = payload["citations"][0]
    assert set(citation) == {"n", "source", "title", "date", "location", "quote"}
    assert (
        citation["n"] == 1
        and citation["source"] == CABINET_REPORT
        and citation["date"] == "2021-09-23"
    )
    assert citation["quote"] in payload["answer"]


def test_batch_mode_reads_one_question_per_line(cli_env):
    questions = (
        "When is the next Ofsted visit?\n\nWhat is the capital of France?\n"
        "What did the February 2021 visit focus on?\n"
    )
    result = run_cli("ask", "-", "--json", "--today", "2026-11-23", env=cli_env, input=questions)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["question"] for line in lines] == [q for q in questions.splitlines() if q]
    assert [line["abstained"] for line in lines] == [False, True, False]


def test_plain_text_answer_lists_sources(cli_env):
    result = run_cli("ask", "What did the February 2021 visit focus on?", env=cli_env)
    assert result.returncode == 0, result.stderr
    assert "children in care" in result.stdout
    assert "Sources:" in result.stdout and "(23 September 2021), para 1.3" in result.stdout


def test_index_reports_a_summary_and_docs_lists_documents(cli_env, tmp_path):
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "fake.pdf").write_text("<html><body>Not a PDF</body></html>")
    (extra / "note.md").write_text(
        "# Focused visit\n\ndate 2024-05-01\n\nInspectors looked at care leavers in Testshire.\n"
    )
    result = run_cli("index", str(extra), env=cli_env)
    assert result.returncode == 0, result.stderr
    assert "added 1, updated 0, removed 0, unchanged 0, skipped 1" in result.stdout
    assert "skipped fake.pdf: content is an HTML page, not a PDF" in result.stdout
    docs = run_cli("docs", "--json", env=cli_env)
    listed = {d["source"]: d for d in json.loads(docs.stdout)}
    assert listed["note.md"]["date"] == "2024-05-01"
    assert listed[CABINET_REPORT]["date_source"].startswith("text")


def test_index_exits_non_zero_only_when_nothing_could_be_indexed(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    result = run_cli("index", str(bad), "--index-dir", str(tmp_path / "index"))
    assert result.returncode == 1
    assert "skipped empty.txt: empty file" in result.stdout


def test_missing_index_is_a_clear_error(tmp_path):
    result = run_cli("docs", "--index-dir", str(tmp_path / "nothing"))
    assert result.returncode == 2
    assert (
        result.stderr.startswith("error: No index at") and "inspection-bot index" in result.stderr
    )
