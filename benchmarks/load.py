"""Load on the bot through the fake Bot API: many people asking at once, an admin upload midway.

    .venv/bin/python -m benchmarks.load                          # 200 users × 5 questions within 60 s
    .venv/bin/python -m benchmarks.load --users 20 --questions 3 --seconds 10 --upload-passages 40

The bot runs as its own process (``inspection-bot serve``) against tests/fake_telegram.py on
loopback, on a copy of documents/. Users ask with /ask in groups of five, at random moments
spread over the window, so that each answer quotes its question and is matched to it exactly.
Halfway through, an admin sends three long letters at once, which the bot saves and queues
on its indexing thread, then indexes one after another and reports on, while answering.

Reported: reply latency (question sent → the bot's answer reaching the server) p50/p95/max,
throughput, whether every question was answered exactly once, the upload's duration, and the
bot's event-loop lag. The lag comes from a heartbeat task inside the bot process that wakes
every 10 ms and records how late it woke: a loop blocked by embedding or indexing shows as lag.
The heartbeat is installed by this file's own launcher (``--serve-with-heartbeat``), which wraps
the bot's post_init before starting ``inspection-bot serve``: the bot itself carries no
instrumentation. tests/test_hardening_load.py runs a small version and asserts exactly-once.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.bot_harness import DOCUMENTS, BotProcess  # noqa: E402
from tests.fake_telegram import FakeTelegram  # noqa: E402

QUESTIONS = (
    "When is the next Ofsted visit?",
    "What did the February 2021 visit focus on?",
    "What did inspectors find about the workforce?",
    "What grade did the last inspection give?",
    "How many monitoring visits will Ofsted carry out before a full inspection?",
    "What did inspectors say about caseloads?",
    "What is the capital of France?",
    "Did inspectors see tangible progress?",
    "When did the July 2021 monitoring visit take place?",
)
HEARTBEAT_EVERY = 0.010  # seconds
HEARTBEAT_WINDOW = 0.25  # seconds per line written: the worst lag seen in it


# ---------------------------------------------------------------- inside the bot process


def serve_with_heartbeat(lag_file: str, argv: list[str]) -> int:
    """Run `inspection-bot serve` with a heartbeat on its event loop, writing lag to ``lag_file``."""
    from bot import app

    opened, beating = app._open, []  # the task is kept referenced here, or it could be collected

    async def open_and_beat(application) -> None:
        await opened(application)
        beating.append(asyncio.get_running_loop().create_task(_heartbeat(Path(lag_file))))

    app._open = open_and_beat  # build_application reads it when it wires post_init
    from inspection_bot.cli import main

    return main(["serve", *argv])


async def _heartbeat(path: Path) -> None:
    loop = asyncio.get_running_loop()
    with open(path, "a", buffering=1) as out:
        window_start, worst = time.time(), 0.0
        while True:
            planned = loop.time() + HEARTBEAT_EVERY
            await asyncio.sleep(HEARTBEAT_EVERY)
            worst = max(worst, loop.time() - planned)
            if time.time() - window_start >= HEARTBEAT_WINDOW:
                out.write(json.dumps({"t": time.time(), "lag": round(worst, 4)}) + "\n")
                window_start, worst = time.time(), 0.0


class HeartbeatBot(BotProcess):
    """The bot process, started through ``serve_with_heartbeat``."""

    def __init__(self, fake: FakeTelegram, folder: Path, **kwargs) -> None:
        super().__init__(fake, folder, **kwargs)
        self.lag_file = folder / "loop-lag.jsonl"

    async def start(self, ready_method: str = "getUpdates", timeout: float = 120) -> float:
        import shutil

        if not self.documents.exists():
            shutil.copytree(DOCUMENTS, self.documents)
        self.out, self.err = (
            open(self.folder / "stdout.log", "wb"),
            open(self.folder / "stderr.log", "wb"),
        )
        self.started_at = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.load", "--serve-with-heartbeat", str(self.lag_file)],
            cwd=ROOT,
            env=self.env,
            stdout=self.out,
            stderr=self.err,
            stdin=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while not any(
            c.method == ready_method and c.status in (None, 200) for c in self.fake.calls
        ):
            if self.process.poll() is not None or time.monotonic() > deadline:
                await self.stop()
                raise AssertionError(
                    f"the bot did not start (exit {self.process.returncode}):\n{self.logs()}"
                )
            await asyncio.sleep(0.05)
        return time.monotonic() - self.started_at

    def lag(self, start: float = 0.0, end: float = float("inf")) -> list[float]:
        """Worst heartbeat lag (seconds) of each window between two time.time() moments."""
        if not self.lag_file.exists():
            return []
        rows = [json.loads(line) for line in self.lag_file.read_text().splitlines() if line.strip()]
        return [r["lag"] for r in rows if start <= r["t"] <= end]


# ---------------------------------------------------------------- the load


def long_letter(paragraphs: int) -> bytes:
    """A long (fictional) inspection letter as Markdown: enough passages to make indexing take a while."""
    lines = [
        "# Ofsted monitoring visit to the Loadshire children's trust",
        "",
        "Published: 12 March 2026",
        "",
    ]
    for n in range(1, paragraphs + 1):
        lines += [
            f"{n // 10 + 1}.{n % 10 + 1} Inspectors reviewed the records of child number {n} in the "
            f"Loadshire trust and found that plans for area {n} were reviewed on time, that visits were "
            f"regular, and that managers oversaw decisions about contact and permanence for team {n % 7}.",
            "",
        ]
    return "\n".join(lines).encode()


@dataclass
class LoadResult:
    questions: int
    answered_once: int
    missing: list[int] = field(default_factory=list)
    duplicated: list[int] = field(default_factory=list)
    errors: list[str] = field(
        default_factory=list
    )  # replies that were not answers: failures, rate limits
    latencies: list[float] = field(default_factory=list)  # seconds, one per answered question
    seconds: float = 0.0  # first question sent → last answer
    upload_seconds: float | None = None
    upload_outcome: str = ""
    lag_all: list[float] = field(default_factory=list)
    lag_upload: list[float] = field(default_factory=list)
    startup_seconds: float = 0.0

    @property
    def exactly_once(self) -> bool:
        return self.answered_once == self.questions and not (
            self.missing or self.duplicated or self.errors
        )

    def report(self) -> str:
        lat = sorted(self.latencies) or [0.0]

        def pct(values: list[float], p: float) -> float:
            return values[min(len(values) - 1, max(0, round(p * len(values)) - 1))]

        lag, lag_up = sorted(self.lag_all) or [0.0], sorted(self.lag_upload) or [0.0]
        return "\n".join(
            [
                f"questions: {self.questions}; answered exactly once: {self.answered_once}; missing: "
                f"{len(self.missing)}; answered twice: {len(self.duplicated)}; error replies: {len(self.errors)}"
                f" -> {'EXACTLY ONCE' if self.exactly_once else 'NOT exactly once'}",
                f"reply latency: p50 {statistics.median(lat):.2f} s, p95 {pct(lat, 0.95):.2f} s, max {lat[-1]:.2f} s",
                f"throughput: {len(self.latencies) / self.seconds if self.seconds else 0:.1f} answers/s over "
                f"{self.seconds:.1f} s (first question → last answer)",
                f"admin uploads: {self.upload_outcome or 'none'}"
                + (f" in {self.upload_seconds:.1f} s" if self.upload_seconds is not None else ""),
                f"event-loop lag (10 ms heartbeat): max {lag[-1] * 1000:.0f} ms, "
                f"p99 {pct(lag, 0.99) * 1000:.0f} ms over "
                f"the run; max {lag_up[-1] * 1000:.0f} ms while the upload was checked and indexed",
                f"bot start-up (process start → taking updates): {self.startup_seconds:.1f} s",
            ]
        )


async def run_load(
    users: int = 200,
    questions: int = 5,
    seconds: float = 60.0,
    upload_passages: int = 300,
    folder: Path | None = None,
    seed: int = 1,
    timeout: float = 900,
    uploads: int = 3,
) -> LoadResult:
    """Start the bot, send the load, wait for every answer, and measure."""
    folder = folder or Path(tempfile.mkdtemp(prefix="bot-load-"))
    rng = random.Random(seed)
    async with FakeTelegram() as fake:
        people = [fake.user(f"User {n}") for n in range(users)]
        groups = [fake.group(f"Team {n}") for n in range((users + 4) // 5)]
        admin = fake.user("Ada the admin")
        bot = HeartbeatBot(
            fake,
            folder,
            admins=[admin["id"]],
            env={"BOT_RATE_LIMIT_QUESTIONS": str(max(10, questions))},
        )
        startup = await bot.start()
        try:
            return await _drive(
                fake,
                bot,
                people,
                groups,
                admin,
                questions,
                seconds,
                upload_passages,
                rng,
                timeout,
                startup,
                uploads,
            )
        finally:
            await bot.stop()


async def _drive(
    fake,
    bot,
    people,
    groups,
    admin,
    questions,
    seconds,
    upload_passages,
    rng,
    timeout,
    startup,
    uploads,
) -> LoadResult:
    schedule = sorted(
        (rng.uniform(0, seconds), n, k) for n in range(len(people)) for k in range(questions)
    )
    sent: dict[tuple[int, int], float] = {}  # (chat id, message id) → time.time() it was sent
    began = time.time()
    upload_task = (
        asyncio.create_task(_upload(fake, admin, seconds / 2, upload_passages, uploads))
        if upload_passages and uploads
        else None
    )
    loop = asyncio.get_running_loop()
    start = loop.time()
    for at, n, k in schedule:
        await asyncio.sleep(max(0.0, start + at - loop.time()))
        group = groups[n // 5]
        message = fake.send_text(group, people[n], f"/ask {QUESTIONS[(n + k) % len(QUESTIONS)]}")[
            "message"
        ]
        sent[(group["id"], message["message_id"])] = time.time()

    deadline = loop.time() + timeout
    while True:
        replies = _replies(fake, sent)
        if all(replies.get(key) for key in sent) or loop.time() > deadline:
            break
        await asyncio.sleep(0.2)
    await asyncio.sleep(2)  # time for a duplicate, if any, to show
    upload = await upload_task if upload_task else (None, "", None, None)
    replies = _replies(fake, sent)

    result = LoadResult(
        questions=len(sent),
        answered_once=sum(1 for key in sent if len(replies.get(key, [])) == 1),
        startup_seconds=startup,
    )
    result.missing = [key[1] for key in sent if not replies.get(key)]
    result.duplicated = [key[1] for key in sent if len(replies.get(key, [])) > 1]
    last = began
    for key, calls in replies.items():
        for call in calls:
            text = call.result["text"]
            if "went wrong" in text or "Please wait" in text:
                result.errors.append(text[:80])
        if calls:
            result.latencies.append(calls[0].time - sent[key])
            last = max(last, calls[0].time)
    result.seconds = last - began
    upload_seconds, outcome, upload_start, upload_end = upload
    result.upload_seconds, result.upload_outcome = upload_seconds, outcome
    result.lag_all = bot.lag()
    if upload_start is not None:
        result.lag_upload = bot.lag(upload_start, upload_end)
    return result


def _replies(fake: FakeTelegram, sent: dict) -> dict:
    found: dict[tuple[int, int], list] = {}
    for call in fake.calls:
        if call.method == "sendMessage" and call.status == 200:
            replied = call.result.get("reply_to_message", {}).get("message_id")
            key = (call.result["chat"]["id"], replied)
            if key in sent:
                found.setdefault(key, []).append(call)
    return found


async def _upload(fake: FakeTelegram, admin: dict, delay: float, paragraphs: int, count: int):
    """``count`` letters sent at once after ``delay``: (seconds to the last outcome, the outcomes, start, end)."""
    await asyncio.sleep(delay)
    chat = fake.private_chat(admin)
    began = time.time()
    since = fake.mark()
    for n in range(1, count + 1):
        fake.send_document(
            chat,
            admin,
            f"Loadshire monitoring visit {n}.md",
            long_letter(paragraphs).replace(b"Loadshire", b"Loadshire %d" % n),
            "text/markdown",
        )
    outcomes: dict[int, object] = {}
    while len(outcomes) < count:
        done = await fake.wait_for_call(
            "editMessageText",
            lambda c: (
                c.params.get("chat_id") == chat["id"]
                and c.params.get("message_id") not in outcomes
                and not c.params["text"].rstrip().endswith("…")
            ),
            since=since,
            timeout=600,
        )
        outcomes[done.params["message_id"]] = done
    texts = [
        (c.result["text"].split("\n")[-1] if c.status == 200 else f"failed ({c.status})").strip()
        for c in outcomes.values()
    ]
    end = max(c.time for c in outcomes.values())
    return end - began, "; ".join(texts), began, end


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--serve-with-heartbeat"]:
        return serve_with_heartbeat(argv[1], argv[2:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--questions", type=int, default=5, help="questions per user")
    parser.add_argument(
        "--seconds", type=float, default=60.0, help="window the questions are spread over"
    )
    parser.add_argument(
        "--upload-passages",
        type=int,
        default=300,
        help="paragraphs in each of the admin's letters (0: no upload)",
    )
    parser.add_argument(
        "--uploads", type=int, default=3, help="letters the admin sends at once, halfway"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    print(
        f"{args.users} users × {args.questions} questions over {args.seconds:.0f} s, "
        f"{args.uploads} admin uploads of {args.upload_passages} paragraphs each at {args.seconds / 2:.0f} s "
        f"(machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f})",
        flush=True,
    )
    result = asyncio.run(
        run_load(
            args.users,
            args.questions,
            args.seconds,
            args.upload_passages,
            seed=args.seed,
            uploads=args.uploads,
        )
    )
    print(result.report())
    return 0 if result.exactly_once else 1


if __name__ == "__main__":
    sys.exit(main())
