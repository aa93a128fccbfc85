"""Uploads that cost too much, many uploads at once, and uploads a kill interrupted, end to end.

The bot runs as its own process against the fake Bot API; the hostile files are made here.
"""

from __future__ import annotations

import asyncio

import pytest
import pytest_asyncio

from benchmarks.load import long_letter
from bot import uploads
from tests.bot_harness import BotProcess, bot_call, bot_message
from tests.fake_telegram import FakeTelegram
from tests.hostile_files import inflating_pdf, many_paragraphs_docx

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]

PDF, DOCX = (
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def fake():
    async with FakeTelegram() as server:
        yield server


@pytest.fixture(scope="module")
def admin(fake):
    return fake.user("Ada the admin")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def bot(fake, admin, tmp_path_factory):
    process = BotProcess(
        fake,
        tmp_path_factory.mktemp("hostile-uploads"),
        admins=[admin["id"]],
        env={"BOT_RATE_LIMIT_QUESTIONS": "1000"},
    )
    await process.start()
    yield process
    assert await process.stop() == 0, process.logs()


async def outcome(fake, chat: dict, status: dict, since: int, timeout: float = 120) -> str:
    """The text of ``status`` once edited to an outcome (progress ends with "…", outcomes do not)."""
    final = await fake.wait_for_call(
        "editMessageText",
        lambda c: (
            c.params.get("chat_id") == chat["id"]
            and c.params.get("message_id") == status["message_id"]
            and not c.params["text"].rstrip().endswith("…")
        ),
        since=since,
        timeout=timeout,
    )
    return final.result["text"]


async def send_and_wait(fake, chat, user, name: str, data: bytes, mime: str) -> str:
    since = fake.mark()
    fake.send_document(chat, user, name, data, mime)
    status = (await bot_call(fake, chat, since=since, timeout=30)).result
    return await outcome(fake, chat, status, since)


@pytest.mark.parametrize(
    "name, data, mime, reason",
    [
        ("bomb.pdf", inflating_pdf(120), PDF, "MB of memory"),  # 0.4 MB → ~1.8 GB in pdfium
        (
            "many.docx",
            many_paragraphs_docx(100_000),
            DOCX,
            "over 20,000 paragraphs",
        ),  # 0.2 MB, minutes to read
    ],
)
async def test_a_file_that_costs_too_much_to_read_is_set_aside_the_admin_told_and_never_read_again(
    fake, bot, admin, name, data, mime, reason
):
    chat = fake.private_chat(admin)
    text = await send_and_wait(fake, chat, admin, name, data, mime)
    assert f"Could not index {name}" in text and reason in text and f".rejected/{name}" in text
    assert (bot.documents / ".rejected" / name).read_bytes() == data and not (
        bot.documents / name
    ).exists()
    fake.send_text(chat, admin, "When is the next Ofsted visit?")  # the bot lived through it
    assert "October/ November 2021" in (await bot_message(fake, chat, timeout=30))["text"]
    since = fake.mark()
    fake.send_text(chat, admin, "/reindex")
    status = (await bot_call(fake, chat, since=since, timeout=30)).result
    report = await outcome(fake, chat, status, since)
    assert "The index holds" in report and name not in report


async def test_questions_are_answered_at_once_while_any_number_of_uploads_queue(fake, bot, admin):
    chat, asker = fake.private_chat(admin), fake.user("Asker")
    asker_chat = fake.private_chat(asker)
    since = fake.mark()
    letters = [("Long letter.md", long_letter(300))] + [
        (
            f"Short letter {n}.md",
            f"# Short letter {n}\n\nPublished 2 February 2026.\n\nInspectors met foster carer "
            f"number {n} and read the records of {n + 3} children.\n".encode(),
        )
        for n in range(1, 10)
    ]  # more than the bot's concurrent updates and its worker threads
    for name, data in letters:
        fake.send_document(chat, admin, name, data, "text/markdown")
    statuses = []
    while len(statuses) < len(letters):
        statuses = [
            c
            for c in fake.calls[since:]
            if c.method == "sendMessage"
            and c.status == 200
            and c.params["chat_id"] == chat["id"]
            and c.params["text"].startswith("Received")
        ]
        await asyncio.sleep(0.05)
    fake.send_text(asker_chat, asker, "When is the next Ofsted visit?")
    answer = await bot_call(fake, asker_chat, timeout=30)
    assert "October/ November 2021" in answer.result["text"]
    texts = [await outcome(fake, chat, status.result, since, timeout=300) for status in statuses]
    assert all("added 1 document" in text for text in texts), texts
    first_done = min(
        c.time
        for c in fake.calls[since:]
        if c.method == "editMessageText" and "added 1 document" in c.params["text"]
    )
    assert answer.time < first_done  # answered while every upload still queued or ran


async def test_a_restart_after_a_kill_indexes_the_interrupted_upload_and_sweeps_partial_files(
    tmp_path,
):
    async with FakeTelegram() as fake:  # its own server: the module's bot polls the other one
        await _kill_and_restart(fake, tmp_path)


async def _kill_and_restart(fake: FakeTelegram, tmp_path) -> None:
    admin = fake.user("Ada the admin")
    chat = fake.private_chat(admin)
    first = BotProcess(fake, tmp_path, admins=[admin["id"]])
    await first.start()
    since = fake.mark()
    fake.send_document(chat, admin, "Killed letter.md", long_letter(300), "text/markdown")
    status = (await bot_call(fake, chat, since=since, timeout=30)).result
    await fake.wait_for_call(
        "editMessageText",
        lambda c: (
            c.params.get("message_id") == status["message_id"]
            and "Indexing…" in c.params["text"]
            and "done" not in c.params["text"]
        ),
        since=since,
        timeout=60,
    )
    first.process.kill()  # kill -9 while it indexes
    first.process.wait()
    await first.stop()
    assert (tmp_path / "documents" / "Killed letter.md").is_file()
    # A second upload was cut off while its bytes were written: a journal entry and a partial file.
    cut = uploads.Journal(tmp_path / "documents").begin(
        "Cut letter.pdf", admin["id"], chat["id"], None
    )
    (tmp_path / "documents" / ".upload-abc123.part").write_bytes(b"%PDF-1.4 half a file")

    since = fake.mark()
    second = BotProcess(fake, tmp_path, admins=[admin["id"]])
    await second.start()
    try:
        lost = await fake.wait_for_call(
            "sendMessage",
            lambda c: (
                c.params.get("chat_id") == chat["id"] and "Cut letter.pdf" in c.params["text"]
            ),
            since=since,
            timeout=120,
        )
        assert (
            "restarted while saving" in lost.result["text"]
            and "send it again" in lost.result["text"]
        )
        resumed = await fake.wait_for_call(
            "sendMessage",
            lambda c: (
                c.params.get("chat_id") == chat["id"] and "Killed letter.md" in c.params["text"]
            ),
            since=since,
            timeout=120,
        )
        assert "restarted while indexing" in resumed.result["text"]
        text = await outcome(fake, chat, resumed.result, since, timeout=180)
        assert "added 1 document" in text
        fake.send_text(chat, admin, "/docs")
        assert "Loadshire" in (await bot_message(fake, chat, timeout=30))["text"]
    finally:
        assert await second.stop() == 0, second.logs()
    assert not list((tmp_path / "documents").glob(".upload-*.part"))
    assert uploads.Journal(tmp_path / "documents").pending() == [] and cut.path is None
