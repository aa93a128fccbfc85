"""How long each turn of a conversation takes, by kind of turn: issue 24's targets (p95 under
30 ms for a fact turn, under 0.5 s for a topic turn).

    python -m benchmarks.conversation_latency INDEX_DIR [--conversations eval/conversations.json] [--rounds 2]

Opens the index once, as the bot does, and plays every conversation of the file through the
one conversation object the bot, `chat` and `ask` use (index/conversation.py), once to warm
every path and then ``--rounds`` times more, timing each turn end to end. A turn counts as a
topic turn when the answer quotes passages (its question was read as a topic) and as a fact
turn otherwise. Prints p50 / p95 by the set's kind of turn and by fact or topic, with the CPU
and load average, as docs/benchmarks.md asks of every figure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

from benchmarks.question_latency import cpu_name, percentile

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index_dir", type=Path)
    parser.add_argument("--conversations", type=Path, default=ROOT / "eval" / "conversations.json")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)

    from index.conversation import Conversation
    from index.engine import Engine
    from index.settings import Settings

    conversations = json.loads(args.conversations.read_text())["conversations"]
    engine = Engine.open(Settings.load(env={}, index_dir=args.index_dir))
    load_before = os.getloadavg()
    timed: dict[str, list[float]] = defaultdict(list)

    def play(record: bool) -> None:
        for talk in conversations:
            today = dt.date.fromisoformat(talk["today"]) if talk.get("today") else None
            chat = Conversation(engine, council=talk.get("council"))
            for turn in talk["turns"]:
                began = time.perf_counter()
                answer = chat.ask(turn["say"], today)
                spent = time.perf_counter() - began
                if record:
                    understood = answer.understood
                    path = "topic" if understood and understood.field == "topic" else "fact"
                    for key in (turn.get("kind", "turn"), f"({path} turns)", "(all)"):
                        timed[key].append(spent)

    play(record=False)
    for _ in range(args.rounds):
        play(record=True)
    load_after = os.getloadavg()
    turns = sum(len(t["turns"]) for t in conversations)
    print(
        f"CPU: {cpu_name()}, {os.cpu_count()} cores; load average {load_before[0]:.2f} at the "
        f"start, {load_after[0]:.2f} at the end; {turns} turns × {args.rounds} rounds"
    )
    print(f"{'kind of turn':22} {'turns':>6} {'p50 ms':>8} {'p95 ms':>8}")
    for kind in sorted(timed, key=lambda k: (k.startswith("("), k)):
        times = timed[kind]
        print(
            f"{kind:22} {len(times):6} {1000 * percentile(times, 50):8.1f} "
            f"{1000 * percentile(times, 95):8.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
