"""Load and responsiveness, end to end. Assertions here are about delivery and order, never timing.

benchmarks/load.py measures the same things at full size (200 users × 5 questions in a minute) and
reports latency, throughput and the bot's event-loop lag; this runs a small version of it.
"""

from __future__ import annotations

import pytest

from benchmarks.load import HeartbeatBot, run_load
from tests.bot_harness import bot_call
from tests.fake_telegram import FakeTelegram

pytestmark = [pytest.mark.slow, pytest.mark.asyncio]

LETTER = (
    "# Ofsted focused visit to Council {n}\n\ndate 2023-03-{day:02}\n\n1.1 Ofsted carried out a focused visit "
    "to Council {n} children's services, looking at topic {n}.\n\n1.2 Inspectors found that leaders have a "
    "clear plan for topic number {n} of the review, and that social workers knew their children well.\n"
)


async def test_every_question_is_answered_exactly_once_under_load_with_three_uploads_queued_midway(
    tmp_path,
):
    result = await run_load(
        users=20,
        questions=3,
        seconds=6,
        upload_passages=60,
        folder=tmp_path,
        timeout=300,
        uploads=3,
    )
    print("\n" + result.report())
    assert not result.missing and not result.duplicated and not result.errors
    assert result.exactly_once and result.questions == 60
    assert result.upload_outcome.count("added 1 document") == 3, result.upload_outcome


async def test_help_and_questions_are_answered_while_a_large_index_update_runs(tmp_path):
    async with FakeTelegram() as fake:
        admin, user = fake.user("Ada the admin"), fake.user("Impatient")
        bot = HeartbeatBot(fake, tmp_path, admins=[admin["id"]])
        await bot.start()
        try:
            for n in range(1000):  # an admin copies a thousand letters in, then re-indexes
                (bot.documents / f"letter-{n:04}.md").write_text(LETTER.format(n=n, day=1 + n % 28))
            admin_chat, chat = fake.private_chat(admin), fake.private_chat(user)
            fake.send_text(admin_chat, admin, "/reindex")
            status = (await bot_call(fake, admin_chat, timeout=30)).result
            # A progress edit is made only while the update is still running.
            progress = await fake.wait_for_call(
                "editMessageText",
                lambda c: (
                    c.params.get("message_id") == status["message_id"]
                    and "of 1000 " in c.params["text"]
                ),
                timeout=120,
            )
            fake.send_text(chat, user, "/help")
            help_reply = await bot_call(fake, chat, timeout=60)
            fake.send_text(chat, user, "When is the next Ofsted visit?")
            answer = await bot_call(fake, chat, timeout=60)
            done = await fake.wait_for_call(
                "editMessageText",
                lambda c: (
                    c.params.get("message_id") == status["message_id"]
                    and "The index holds" in c.params["text"]
                ),
                since=0,
                timeout=300,
            )
        finally:
            await bot.stop()
        assert "I hold 2 documents" in help_reply.result["text"]  # from the index in use meanwhile
        assert "October/ November 2021" in answer.result["text"]
        assert (
            progress.time < help_reply.time < answer.time < done.time
        )  # both while the update ran
        assert "1000 documents added" in done.result["text"]
        lag = bot.lag(progress.time, done.time)
        print(
            f"\nevent-loop lag while indexing 1,000 letters: max {max(lag, default=0) * 1000:.0f} ms "
            f"over {len(lag)} heartbeat windows"
        )
