"""Two indexes of the same documents, asked the same questions: how many answers change?

    python -m benchmarks.compare_answers INDEX_A INDEX_B QUESTIONS.json [QUESTIONS.json ...] [--show]

Used to judge a change to how vectors are made (issue 16: passage vectors pooled from the
sentence vectors) on answers rather than on cosine: for every question (with its own
``today``) both indexes answer, and the answers are compared whole, by their first
sentence, and by the documents they cite; with the eval file's gold facts, each index's
pass count is given too. ``--show`` prints every question whose answer changed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path


def _first(answer: str) -> str:
    return answer.split("[1]")[0].strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index_a", type=Path)
    parser.add_argument("index_b", type=Path)
    parser.add_argument("questions", type=Path, nargs="+")
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args(argv)

    from index.engine import Engine
    from index.settings import Settings

    engines = [
        Engine.open(Settings.load(env={}, index_dir=path)) for path in (args.index_a, args.index_b)
    ]
    items = [q for path in args.questions for q in json.loads(path.read_text())["questions"]]
    same = same_first = same_sources = 0
    passed = [0, 0]
    for item in items:
        today = dt.date.fromisoformat(item["today"]) if item.get("today") else None
        answers = [engine.ask(item["question"], today=today) for engine in engines]
        texts = [a.answer for a in answers]
        same += texts[0] == texts[1]
        same_first += _first(texts[0]) == _first(texts[1])
        same_sources += [c.source for c in answers[0].citations] == [
            c.source for c in answers[1].citations
        ]
        for i, answer in enumerate(answers):
            facts = item.get("facts", [])
            passed[i] += bool(facts) and all(f.lower() in answer.answer.lower() for f in facts)
        if args.show and texts[0] != texts[1]:
            print(f"- {item['question']}\n  A: {texts[0][:240]}\n  B: {texts[1][:240]}")
    n = len(items)
    print(
        f"{n} questions: the same answer {same}/{n}, the same first sentence {same_first}/{n}, "
        f"the same sources cited {same_sources}/{n}; gold facts present: A {passed[0]}, B {passed[1]}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
