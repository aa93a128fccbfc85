"""The national evaluation set is well formed, and `eval` reports it by kind and split."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from index.engine import Engine
from index.errors import InspectionBotError
from index.evaluate import evaluate, load_questions, report, same_source, select
from index.ingest.read import read_document
from index.settings import Settings
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent
NATIONAL = ROOT / "eval" / "national_questions.json"
# Beside the repository, or beside the folder of worktrees that holds this checkout.
CORPUS = next(
    (
        p
        for p in (
            ROOT.parent / "shared" / "corpus" / "ofsted-ilacs",
            ROOT.parent.parent / "shared" / "corpus" / "ofsted-ilacs",
        )
        if p.is_dir()
    ),
    None,
)
needs_corpus = pytest.mark.skipif(
    CORPUS is None, reason="the Ofsted report corpus is not beside the repository"
)
KINDS = {
    "last_inspected",
    "last_inspected_past",
    "current_grade",
    "current_grade_past",
    "judgement",
    "grade_in_year",
    "lead_inspector",
    "topic",
    "improve",
    "count",
    "inadequate_when",
    "decline",
}
# Kinds added for failures seen on the first set (scripts/national_more.py): fewer questions each.
MORE_KINDS = {"topic_judgement", "typo_field"}
NORFOLK = "80418_norfolk"
NORFOLK_2026 = "children's services inspection - 18 may 2026.pdf"
NORFOLK_2023 = "children's services inspection - 13 january 2023.pdf"


def national() -> dict:
    return json.loads(NATIONAL.read_text())


def test_national_set_has_400_questions_over_140_councils_in_every_kind():
    data = national()
    questions = data["questions"]
    assert data["documents"] == ["../../shared/corpus/ofsted-ilacs"]
    assert len(questions) >= 400
    councils = {q["source"].split("/")[0] for q in questions if q.get("source")}
    assert len(councils) >= 140
    kinds = Counter(q["kind"] for q in questions)
    assert set(kinds) == KINDS | MORE_KINDS
    assert all(n >= 35 for kind, n in kinds.items() if kind in KINDS), kinds
    assert all(kinds[kind] >= 20 for kind in MORE_KINDS), kinds
    assert kinds["decline"] >= 45


def test_national_questions_each_state_a_today_a_split_and_their_gold():
    seen = set()
    for q in national()["questions"]:
        dt.date.fromisoformat(q["today"])
        assert q["split"] in ("dev", "test")
        assert (q["question"], q["today"]) not in seen, q["question"]
        seen.add((q["question"], q["today"]))
        assert q["question"] == q["question"].lower(), q["question"]
        assert "'" not in q["question"] and "’" not in q["question"]
        if q.get("abstain"):
            assert not q.get("facts") and not q.get("source")
        else:
            assert q["facts"] and all(f.strip() and "\n" not in f for f in q["facts"])
            assert q.get("source") or q["kind"] == "count"


def test_a_quarter_of_each_kind_is_the_test_split():
    by_kind: dict[str, Counter] = {}
    for q in national()["questions"]:
        by_kind.setdefault(q["kind"], Counter())[q["split"]] += 1
    for kind, splits in by_kind.items():
        share = splits["test"] / (splits["test"] + splits["dev"])
        assert 0.2 <= share <= 0.3, (kind, splits)


def test_past_days_make_an_earlier_report_the_answer():
    questions = national()["questions"]
    past = [q for q in questions if q["kind"] in ("last_inspected_past", "current_grade_past")]
    assert all(q["today"] < "2026-11-30" for q in past)
    latest = {}
    for q in questions:
        if q["kind"] == "last_inspected" and q["today"] >= "2026-09-01":
            latest[q["source"].split("/")[0]] = q["source"]
    assert any(latest.get(q["source"].split("/")[0]) not in (None, q["source"]) for q in past)


def test_about_one_question_in_ten_has_a_typo():
    questions = national()["questions"]
    share = sum(bool(q.get("typo")) for q in questions) / len(questions)
    assert 0.07 <= share <= 0.15


@needs_corpus
def test_every_gold_source_of_the_national_set_is_a_report_in_the_corpus():
    for q in national()["questions"]:
        for source in [q["source"]] if q.get("source") else q.get("sources", []):
            assert (CORPUS / source).is_file(), source


@needs_corpus
def test_national_gold_facts_are_verbatim_in_the_cited_reports_text():
    sample = [q for q in national()["questions"] if q.get("source")][::25]
    for q in sample:
        text = read_document(CORPUS / q["source"]).text.lower()
        for fact in q["facts"]:
            assert fact.lower() in text, (q["question"], q["source"], fact)


def test_a_cited_path_matches_the_gold_path_it_ends_with_at_a_folder_boundary():
    gold = f"{NORFOLK}/{NORFOLK_2026}"
    assert same_source(gold, gold)
    assert same_source(f"ofsted-ilacs/{gold}", gold)
    assert not same_source(f"x{gold}", gold)
    assert not same_source(NORFOLK_2026, gold)


def test_select_takes_one_split_and_kind_then_the_first_n():
    items = [
        {
            "question": f"q{i}",
            "kind": "a" if i % 2 else "b",
            "split": "test" if i % 4 == 0 else "dev",
        }
        for i in range(12)
    ]
    assert [i["question"] for i in select(items, split="test")] == ["q0", "q4", "q8"]
    assert [i["question"] for i in select(items, kind="a", limit=2)] == ["q1", "q3"]
    assert select(items) == items
    with pytest.raises(InspectionBotError, match="the kinds are: a, b"):
        select(items, kind="nope")


def tiny_set(tmp_path: Path) -> Path:
    gold_2026, gold_2023 = f"{NORFOLK}/{NORFOLK_2026}", f"{NORFOLK}/{NORFOLK_2023}"
    questions = [
        {
            "question": "When was Norfolk last inspected?",
            "today": "2026-11-23",
            "kind": "last_inspected",
            "split": "dev",
            "source": gold_2026,
            "facts": ["23 to 27 February 2026"],
        },
        {
            "question": "When was Norfolk last inspected?",
            "today": "2024-06-01",
            "kind": "last_inspected_past",
            "split": "test",
            "source": gold_2023,
            "facts": ["7 to 18 November 2022"],
        },
        {
            "question": "What is Norfolk's current grade?",
            "today": "2026-11-23",
            "kind": "current_grade",
            "split": "dev",
            "source": gold_2026,
            "facts": ["Outstanding"],
        },
        {
            "question": "whats the weather in leeds tomorrow",
            "today": "2026-11-23",
            "kind": "decline",
            "split": "test",
            "abstain": True,
        },
    ]
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(questions))
    return path


@pytest.fixture(scope="module")
def norfolk_index(tmp_path_factory, encoder):
    """Two real Norfolk reports indexed from a folder above the council's, as the national corpus is."""
    folder = tmp_path_factory.mktemp("national")
    council = folder / "documents" / "ofsted-ilacs" / NORFOLK
    council.mkdir(parents=True)
    for name in (NORFOLK_2026, NORFOLK_2023):
        shutil.copy(CORPUS / NORFOLK / name, council / name)
    settings = Settings.load(env={}, documents_dir=folder / "documents", index_dir=folder / "index")
    engine = Engine.open(settings, encoder, build_if_missing=True)
    return folder, engine


@needs_corpus
def test_eval_gives_pass_rates_by_kind_with_the_splits_side_by_side(norfolk_index, tmp_path):
    folder, engine = norfolk_index
    _, items = load_questions(tiny_set(tmp_path))
    summary = evaluate(engine, items)
    by_question = {(r.question, r.kind): r for r in summary.results}
    assert by_question[
        "When was Norfolk last inspected?", "last_inspected"
    ].top1  # cited path ends with the gold
    assert by_question["When was Norfolk last inspected?", "last_inspected_past"].top1
    table = summary.by_kind()
    assert table[0].split() == ["kind", "dev", "test", "all"]
    rows = {line.split()[0]: line for line in table[1:]}
    assert set(rows) == {"current_grade", "decline", "last_inspected", "last_inspected_past", "all"}
    assert rows["all"].split()[-2] == f"{sum(r.passed for r in summary.results)}/4"
    assert "\n".join(table) in report(summary)


@needs_corpus
def test_eval_command_takes_split_kind_and_limit_over_an_existing_index(norfolk_index, tmp_path):
    folder, _ = norfolk_index
    questions = tiny_set(tmp_path)
    result = run_cli(
        "eval",
        str(questions),
        "--index-dir",
        str(folder / "index"),
        "--split",
        "dev",
        "--kind",
        "last_inspected",
    )
    assert result.returncode == 0, result.stderr
    assert "questions passed: 1/1" in result.stdout
    assert "last_inspected_past" not in result.stdout
    result = run_cli("eval", str(questions), "--index-dir", str(folder / "index"), "--limit", "2")
    assert "questions passed:" in result.stdout and "/2" in result.stdout
    assert "dev" in result.stdout and "test" in result.stdout
    result = run_cli("eval", str(questions), "--index-dir", str(folder / "index"), "--kind", "nope")
    assert result.returncode != 0 and "the kinds are" in (result.stdout + result.stderr)


@needs_corpus
def test_the_generator_writes_the_same_questions_each_run_with_every_fact_in_its_report(tmp_path):
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    from build_national_eval import build

    councils = [NORFOLK, "80560_st helens", "80564_stoke-on-trent"]
    texts = {
        f"{c}/{p.name}": read_document(p).text
        for c in councils
        for p in sorted((CORPUS / c).glob("*.pdf"))
    }
    first, second = build(CORPUS, texts), build(CORPUS, dict(reversed(list(texts.items()))))
    assert first == second
    assert {q["kind"] for q in first} >= {
        "last_inspected",
        "current_grade",
        "lead_inspector",
        "decline",
    }
    for q in first:
        for fact in q.get("facts", []) if q.get("source") else []:
            assert fact.lower() in texts[q["source"]].lower()
    st_helens = [q for q in first if q.get("note", "").startswith("CSV help_and_protection_grade")]
    assert st_helens and st_helens[0]["facts"] == [
        "requires improvement"
    ]  # the CSV says good; the report does not
