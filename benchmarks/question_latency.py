"""How long a national question takes to answer, by kind: the p95 < 30 ms target of issue 13.

    python -m benchmarks.question_latency INDEX_DIR [--questions eval/national_questions.json] [--rounds 2]

Opens the index once (the bundled model, FAISS, SQLite, as the bot does), asks every
question of the evaluation file once to warm every path, then ``--rounds`` times more,
timing each ``Engine.ask`` end to end (question understanding, scoping, facts or
retrieval, composing the answer) and, apart, question understanding alone
(``index.question.parsing``). Prints p50 / p95 by kind, the CPU it ran on and the load
average, as docs/benchmarks.md asks of every figure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def cpu_name() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index_dir", type=Path)
    parser.add_argument("--questions", type=Path, default=ROOT / "eval" / "national_questions.json")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)

    from index.engine import Engine
    from index.question.parsing import parse
    from index.settings import Settings

    items = json.loads(args.questions.read_text())["questions"]
    engine = Engine.open(Settings.load(env={}, index_dir=args.index_dir))
    load_before = os.getloadavg()
    asked = [
        (
            q["question"],
            dt.date.fromisoformat(q["today"]) if q.get("today") else dt.date.today(),
            q.get("kind", "all"),
        )
        for q in items
    ]
    for text, today, _ in asked:  # warm every path once
        engine.ask(text, today=today)
    total: dict[str, list[float]] = defaultdict(list)
    parsing: list[float] = []
    for _ in range(args.rounds):
        for text, today, kind in asked:
            began = time.perf_counter()
            parse(text, today)
            parsing.append(time.perf_counter() - began)
            began = time.perf_counter()
            engine.ask(text, today=today)
            spent = time.perf_counter() - began
            total[kind].append(spent)
            total["all"].append(spent)
    load_after = os.getloadavg()
    ms = 1000.0
    print(
        f"CPU: {cpu_name()}, {os.cpu_count()} cores; load average {load_before[0]:.2f} at the start, "
        f"{load_after[0]:.2f} at the end; {len(asked)} questions × {args.rounds} rounds"
    )
    print(f"{'kind':22} {'asked':>6} {'p50 ms':>8} {'p95 ms':>8}")
    for kind in sorted(total, key=lambda k: (k == "all", k)):
        times = total[kind]
        print(
            f"{kind:22} {len(times):6} {ms * percentile(times, 50):8.1f} {ms * percentile(times, 95):8.1f}"
        )
    print(
        f"{'understanding only':22} {len(parsing):6} {ms * percentile(parsing, 50):8.2f} "
        f"{ms * percentile(parsing, 95):8.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
