"""Telegram misbehaving, and the bot restarting: nothing lost, nothing answered twice.

The fake Bot API fails chosen calls with 429s, 500s and 502s, resets connections, or answers
slowly. Calls the bot makes are retried with backoff; updates are taken with getUpdates offsets,
so one confirmed is never delivered again and one not yet confirmed is delivered after a restart.
Questions are asked with /ask in groups, where the bot quotes the question it answers: each answer
is matched to its question exactly.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest
import pytest_asyncio

from tests.bot_harness import BotProcess, bot_call, bot_message, buttons
from tests.fake_telegram import FakeTelegram

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]

QUESTIONS = (
    "When is the next Ofsted visit?",
    "What did the February 2021 visit focus on?",
    "What did inspectors find about the workforce?",
    "What grade did the last inspection give?",
)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def fake():
    async with FakeTelegram() as server:
        yield server


@pytest.fixture(scope="module")
def feedback_disk(tmp_path_factory):
    """A 2 MB tmpfs for the feedback database, so a test can fill it; None where mounting is not allowed."""
    path = tmp_path_factory.mktemp("feedback-disk")
    if (
        os.geteuid() != 0
        or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(path)], capture_output=True
        ).returncode
        != 0
    ):
        yield None
        return
    yield path
    subprocess.run(["umount", "-l", str(path)], check=False)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def bot(fake, feedback_disk, tmp_path_factory):
    admin = fake.user("Ada the admin")
    env = {"BOT_RATE_LIMIT_QUESTIONS": "1000"}
    if feedback_disk:
        env["BOT_FEEDBACK_DB"] = str(feedback_disk / "feedback.sqlite")
    process = BotProcess(
        fake, tmp_path_factory.mktemp("telegram-faults"), admins=[admin["id"]], env=env
    )
    process.admin = admin
    await process.start()
    yield process
    assert await process.stop() == 0, process.logs()


def ask_in(fake, group: dict, user: dict, questions) -> list[dict]:
    return [fake.send_text(group, user, f"/ask {q}")["message"] for q in questions]


async def answered_once(
    fake, group: dict, asked: list[dict], timeout: float = 90, settle: float = 1.5
) -> None:
    """Wait until every question has an answer quoting it; then, after a pause, none has two."""
    wanted = {m["message_id"] for m in asked}
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout

    def counts() -> dict[int, int]:
        found = dict.fromkeys(wanted, 0)
        for m in fake.messages(group):
            replied = m.get("reply_to_message", {}).get("message_id")
            if replied in found:
                found[replied] += 1
        return found

    while not all(counts().values()):
        assert loop.time() < deadline, f"unanswered: {[i for i, n in counts().items() if not n]}"
        await asyncio.sleep(0.1)
    await asyncio.sleep(settle)
    assert set(counts().values()) == {1}, counts()


# ---------------------------------------------------------------- failing calls


@pytest.mark.parametrize(
    "fault",
    [
        dict(status=500, times=2),
        dict(status=502, times=3),
        dict(reset=True, times=2),
        dict(status=429, retry_after=1, times=1),  # a second 429 drops the reply
        dict(status=500, times=1, description="Internal Server Error: restart"),
    ],
)
async def test_a_failing_send_is_retried_and_the_answer_arrives_once(fake, bot, fault):
    group, user = fake.group(), fake.user("Asker")
    fake.fail("sendMessage", **fault)
    try:
        asked = ask_in(fake, group, user, QUESTIONS[:1])
        await answered_once(fake, group, asked, timeout=30)
    finally:
        fake.clear_faults()
    sends = [
        c
        for c in fake.calls
        if c.method == "sendMessage" and c.params.get("chat_id") == group["id"]
    ]
    assert [c.status for c in sends][-1] == 200 and len(sends) == fault["times"] + 1
    gaps = [b.time - a.time for a, b in zip(sends, sends[1:])]
    least = (
        0.9 * fault.get("retry_after", 0) or 0.4
    )  # waited as told, else backed off from 0.5 s, doubling
    assert all(gap >= least for gap in gaps), gaps
    if "retry_after" not in fault:
        assert gaps == sorted(gaps), gaps


async def test_a_send_slower_than_the_read_timeout_arrives_once(fake, bot):
    group, user = fake.group(), fake.user("Patient")
    fake.slow("sendMessage", 6)  # over python-telegram-bot's default 5 s read timeout
    since = fake.mark()
    asked = ask_in(fake, group, user, QUESTIONS[1:2])
    while not [
        c
        for c in fake.calls[since:]
        if c.method == "sendMessage" and c.params.get("chat_id") == group["id"]
    ]:
        await asyncio.sleep(0.05)
    fake.clear_faults()  # only the first try is slow: Telegram was slow once
    await answered_once(fake, group, asked, timeout=40, settle=2.5)


async def test_failing_get_updates_lose_no_update_and_answer_none_twice(fake, bot):
    group, users = fake.group(), [fake.user(f"User {n}") for n in range(3)]
    fake.fail("getUpdates", status=502, times=1)
    fake.fail("getUpdates", reset=True, times=1)
    fake.fail("getUpdates", status=500, times=1)
    try:
        await asyncio.sleep(0.3)  # the long poll in flight returns; the next ones fail
        asked = [m for user in users for m in ask_in(fake, group, user, QUESTIONS[:3])]
        await answered_once(fake, group, asked, timeout=60)
    finally:
        fake.clear_faults()
    assert [c.status for c in fake.calls if c.method == "getUpdates"].count(
        0
    ) >= 1  # the reset happened


async def test_an_upload_survives_a_reset_download_and_a_failed_progress_edit(fake, bot):
    admin = bot.admin
    chat = fake.private_chat(admin)
    fake.fail("getFile", reset=True, times=1)
    fake.fail("editMessageText", status=500, times=1)
    try:
        fake.send_document(
            chat,
            admin,
            "Resilient letter.md",
            b"# Resilient letter\n\nPublished 2 February 2026."
            b"\n\nInspectors visited the fostering service and met eleven foster carers.\n",
            "text/markdown",
        )
        done = await fake.wait_for_call(
            "editMessageText", lambda c: "added 1 document" in c.params.get("text", ""), timeout=60
        )
    finally:
        fake.clear_faults()
    assert done.status == 200
    assert (bot.documents / "Resilient letter.md").exists()
    assert not (
        bot.documents / "Resilient letter (2).md"
    ).exists()  # saved once, not once per retry


async def test_a_failed_button_answer_is_retried_and_the_vote_is_counted_once(fake, bot):
    user = fake.user("Voter")
    chat = fake.private_chat(user)
    fake.send_text(chat, user, QUESTIONS[1])
    answer = await bot_message(fake, chat, timeout=30)
    fake.fail("answerCallbackQuery", status=500, times=1)
    try:
        fake.press_button(chat, user, answer, buttons(answer)["👍"])
        ack = await fake.wait_for_call("answerCallbackQuery", lambda c: c.status == 200, timeout=20)
    finally:
        fake.clear_faults()
    assert "Thanks" in ack.params["text"]
    await asyncio.sleep(0.5)
    assert not [m for m in fake.messages(chat) if "went wrong" in m["text"]]
    with sqlite3.connect(bot.env.get("BOT_FEEDBACK_DB", bot.feedback_db)) as db:
        assert db.execute(
            "SELECT count(*) FROM feedback WHERE user_id = ?", (user["id"],)
        ).fetchone() == (1,)


async def test_answers_still_go_out_when_the_feedback_database_cannot_be_written(
    fake, bot, feedback_disk
):
    if feedback_disk is None:
        pytest.skip("mounting a small tmpfs needs root")
    stat = os.statvfs(feedback_disk)
    filler = feedback_disk / "filler"
    filler.write_bytes(bytes(stat.f_bavail * stat.f_frsize))
    try:
        user = fake.user("Full disk")
        chat = fake.private_chat(user)
        for question in QUESTIONS[1:2] * 3:  # enough answers to outgrow the WAL's free pages
            fake.send_text(chat, user, question)
            reply = await bot_call(fake, chat, timeout=30)
            assert "went wrong" not in reply.result["text"]
        assert "As of" in reply.result["text"] and not buttons(
            reply.result
        )  # no buttons to store, still answered
        assert "could not keep the answer" in bot.logs()
    finally:
        filler.unlink()
    fake.send_text(chat, user, QUESTIONS[0])
    assert buttons((await bot_call(fake, chat, timeout=30)).result)  # with space, buttons again


# ---------------------------------------------------------------- restarts


async def test_a_restart_mid_conversation_answers_every_pending_question_once(tmp_path):
    async with FakeTelegram() as fake:  # its own server: no other bot may take these updates
        await _restart_mid_conversation(fake, tmp_path)


async def _restart_mid_conversation(fake: FakeTelegram, tmp_path: Path) -> None:
    folder = tmp_path / "restart"
    folder.mkdir()
    groups = [fake.group(f"Team {n}") for n in range(3)]
    users = [fake.user(f"Member {n}") for n in range(6)]
    env = {"BOT_RATE_LIMIT_QUESTIONS": "1000"}
    first = BotProcess(fake, folder, env=env)
    await first.start()
    asked = {g["id"]: [] for g in groups}
    for n, user in enumerate(users):
        group = groups[n % 3]
        asked[group["id"]] += ask_in(fake, group, user, QUESTIONS)
    since = fake.mark()
    await fake.wait_for_call("sendMessage", lambda c: c.status == 200, since=since, timeout=60)
    assert await first.stop() == 0, first.logs()  # SIGTERM after the first answer
    answered_by_first = sum(1 for g in groups for m in fake.messages(g) if "reply_to_message" in m)
    second = BotProcess(fake, folder, env=env)
    await second.start()
    try:
        for group in groups:
            await answered_once(fake, group, asked[group["id"]], timeout=120)
    finally:
        assert await second.stop() == 0, second.logs()
    assert 1 <= answered_by_first <= 24


async def test_questions_sent_while_the_bot_is_killed_are_answered_once_after_it_restarts(tmp_path):
    async with FakeTelegram() as fake:
        await _killed_while_questions_arrive(fake, tmp_path)


async def _killed_while_questions_arrive(fake: FakeTelegram, tmp_path: Path) -> None:
    folder = tmp_path / "killed"
    folder.mkdir()
    group, user = fake.group("Night shift"), fake.user("Night")
    env = {"BOT_RATE_LIMIT_QUESTIONS": "1000"}
    first = BotProcess(fake, folder, env=env)
    await first.start()
    before = ask_in(fake, group, user, QUESTIONS[:2])
    await answered_once(fake, group, before, timeout=60, settle=0.5)
    first.process.send_signal(signal.SIGKILL)  # no clean shutdown at all
    first.process.wait()
    await first.stop()
    during = ask_in(fake, group, user, QUESTIONS)
    second = BotProcess(fake, folder, env=env)
    await second.start()
    try:
        await answered_once(fake, group, before + during, timeout=120)
    finally:
        assert await second.stop() == 0, second.logs()
