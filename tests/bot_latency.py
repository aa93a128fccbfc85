"""Measures the bot through the fake Bot API server: start-up to first answer, and answer latency.

    .venv/bin/python -m tests.bot_latency [QUESTIONS]      # from the checkout; default 20 questions

A question is sent before the process starts (as if it arrived while the bot was down), so
the first figure is process start → that answer delivered. Then QUESTIONS questions, one
at a time, each timed from the update being queued to the bot's sendMessage answered.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tests.bot_harness import BotProcess, bot_call
from tests.fake_telegram import FakeTelegram

QUESTIONS = (
    "When is the next Ofsted visit?",
    "What did the February 2021 visit focus on?",
    "What did inspectors find about the workforce?",
    "What is the capital of France?",
)


async def measure(count: int) -> None:
    async with FakeTelegram() as fake:
        user = fake.user("Timer")
        chat = fake.private_chat(user)
        bot = BotProcess(
            fake,
            Path(tempfile.mkdtemp(prefix="bot-latency-")),
            env={"BOT_RATE_LIMIT_QUESTIONS": str(count + 10)},
        )
        fake.send_text(chat, user, QUESTIONS[0])
        try:
            ready = await bot.start()
            await bot_call(fake, chat, since=0, timeout=120)
            first = time.monotonic() - bot.started_at
            latencies = []
            for n in range(count):
                began = time.monotonic()
                fake.send_text(chat, user, QUESTIONS[n % len(QUESTIONS)])
                await bot_call(fake, chat, timeout=30)
                latencies.append(1000 * (time.monotonic() - began))
        finally:
            await bot.stop()
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, round(0.95 * len(latencies)) - 1)]
    print(f"process start → taking updates: {ready:.1f} s; → first answer delivered: {first:.1f} s")
    print(
        f"answer latency over {count} questions: p50 {statistics.median(latencies):.0f} ms, p95 {p95:.0f} ms, "
        f"min {latencies[0]:.0f} ms, max {latencies[-1]:.0f} ms"
    )


if __name__ == "__main__":
    asyncio.run(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 20))
