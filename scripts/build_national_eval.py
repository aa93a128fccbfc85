"""Build eval/national_questions.json: questions over the whole national corpus, as people type them.

    python -m scripts.build_national_eval [CORPUS] [--out eval/national_questions.json] [--texts CACHE.json]

CORPUS defaults to ../shared/corpus/ofsted-ilacs beside the repository. Each report is read
through index.ingest.read_document (about a minute for the 497 reports; --texts keeps that
reading in a JSON file to reuse), its facts taken from its own text (national_reports.py),
and questions of every kind written from the hand-made phrasing tables
(national_phrasing.py). Every gold fact is checked to appear verbatim in the cited report's
text; where inspection_history.csv reads the same field differently, the question carries a
"note". Choices are made by a seeded hash, never random(), so the file is the same on every
run; a quarter of each kind is the test split.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from scripts.national_kinds import BUILDERS, Builder, h
from scripts.national_more import BUILDERS as MORE_BUILDERS
from scripts.national_phrasing import COUNCIL_TYPOS, WORD_TYPOS
from scripts.national_reports import read_reports

ROOT = Path(__file__).resolve().parent.parent

# Beside the repository; a git worktree one level further down (../wt/NAME) finds the same folder.
DEFAULT_CORPUS = next(
    (
        p
        for p in (
            ROOT.parent / "shared" / "corpus" / "ofsted-ilacs",
            ROOT.parent.parent / "shared" / "corpus" / "ofsted-ilacs",
        )
        if p.is_dir()
    ),
    ROOT.parent / "shared" / "corpus" / "ofsted-ilacs",
)
DOCUMENTS = "../../shared/corpus/ofsted-ilacs"  # from eval/, in /work/main and in a CI clone alike


def add_typos(questions: list[dict]) -> None:
    """About one question in ten gets the typo people make: in the council's name, else another word."""
    for q in questions:
        if h("typo", q["question"], q["today"]) % 9:
            continue
        words = q["question"].split()
        for i, word in enumerate(words):
            if word in COUNCIL_TYPOS:
                words[i] = COUNCIL_TYPOS[word]
                break
        else:
            for i, word in enumerate(words):
                if word in WORD_TYPOS:
                    words[i] = WORD_TYPOS[word]
                    break
            else:
                continue
        q["question"] = " ".join(words)
        q["typo"] = True


def assign_splits(questions: list[dict]) -> None:
    """A quarter of each kind is the test split, chosen by a seeded hash of the question: fixed once made."""
    by_kind = defaultdict(list)
    for q in questions:
        by_kind[q["kind"]].append(q)
    for items in by_kind.values():
        for i, q in enumerate(sorted(items, key=lambda q: h("split", q["question"], q["today"]))):
            q["split"] = "test" if i % 4 == 0 else "dev"


def read_texts(corpus: Path, cache: Path | None) -> dict[str, str]:
    if cache and cache.exists():
        return json.loads(cache.read_text())
    from index.errors import UnreadableDocument
    from index.ingest.read import read_document

    texts = {}
    for path in sorted(corpus.glob("*/*.pdf")):
        try:
            texts[f"{path.parent.name}/{path.name}"] = read_document(path).text
        except UnreadableDocument as exc:
            print(f"skipped: {exc}", file=sys.stderr)
    if cache:
        cache.write_text(json.dumps(texts))
    return texts


def build(corpus: Path, texts: dict[str, str]) -> list[dict]:
    b = Builder(read_reports(corpus, texts))
    for step in (*BUILDERS, *MORE_BUILDERS):
        step(b)
    add_typos(b.questions)
    assign_splits(b.questions)
    seen = set()
    for q in b.questions:
        assert (q["question"], q["today"]) not in seen, q
        seen.add((q["question"], q["today"]))
    return b.questions


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "national_questions.json")
    parser.add_argument(
        "--texts", type=Path, help="JSON file caching the reports' text (made on first use)"
    )
    args = parser.parse_args(argv)
    questions = build(args.corpus, read_texts(args.corpus, args.texts))
    args.out.write_text(
        json.dumps({"documents": [DOCUMENTS], "questions": questions}, indent=1, ensure_ascii=False)
        + "\n"
    )
    kinds = Counter((q["kind"], q["split"]) for q in questions)
    councils = {q["source"].split("/")[0] for q in questions if q.get("source")}
    councils |= {s.split("/")[0] for q in questions for s in q.get("sources", [])}
    print(
        f"{len(questions)} questions, {len(councils)} councils cited, "
        f"{sum(bool(q.get('typo')) for q in questions)} with typos → {args.out}"
    )
    for kind in sorted({k for k, _ in kinds}):
        print(f"  {kind:22} dev {kinds[kind, 'dev']:3}  test {kinds[kind, 'test']:3}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
