"""Admins changing the documents through the bot, end to end: uploads, /remove, /reindex.

One bot process for the module; the files it saves are checked on disk, in the copy of documents/ it serves.
"""

from __future__ import annotations

import asyncio
import io

import docx
import pytest
import pytest_asyncio

from tests.bot_harness import CABINET_REPORT, BotProcess, bot_call, bot_message
from tests.fake_telegram import FakeTelegram

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]

LETTER_TITLE = "Focused visit to Northamptonshire Children's Trust, March 2026"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def focused_visit_letter() -> bytes:
    """A new (fictional) Ofsted letter, as a Word document, with facts the seed documents do not hold."""
    document = docx.Document()
    document.add_heading(LETTER_TITLE, 1)
    document.add_paragraph("Published: 14 April 2026")
    document.add_paragraph(
        "This letter summarises the findings of the focused visit to Northamptonshire Children's "
        "Trust by Ofsted inspectors on 9 and 10 March 2026."
    )
    document.add_paragraph(
        "The focused visit in March 2026 looked at the trust's arrangements for care leavers."
    )
    document.add_paragraph(
        "Inspectors found that every care leaver now has a named personal adviser within two weeks "
        "of their 18th birthday."
    )
    document.add_paragraph(
        "Inspectors also found that 42 care leavers had moved into their own tenancies through the "
        "Staying Close scheme."
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def fake():
    async with FakeTelegram() as server:
        yield server


@pytest.fixture(scope="module")
def admin(fake):
    return fake.user("Ada the admin")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def bot(fake, admin, tmp_path_factory):
    process = BotProcess(fake, tmp_path_factory.mktemp("uploads"), admins=[admin["id"]])
    await process.start()
    yield process
    assert await process.stop() == 0, process.logs()


@pytest.fixture
def admin_chat(fake, admin):
    return fake.private_chat(admin)


async def upload_outcome(
    fake, chat, user, filename: str, data: bytes, mime: str = "text/plain"
) -> str:
    """Send a document; the bot's last word on it: a refusal, or its status message once edited to an outcome.

    Messages still in progress end with "…"; outcomes end with a full stop.
    """
    fake.send_document(chat, user, filename, data, mime)
    since = fake.mark()
    first = (await bot_call(fake, chat, since=since, timeout=30)).result
    if not first["text"].endswith("…"):
        return first["text"]
    final = await fake.wait_for_call(
        "editMessageText",
        lambda c: (
            c.params.get("chat_id") == chat["id"]
            and c.params.get("message_id") == first["message_id"]
            and not c.params["text"].rstrip().endswith("…")
        ),
        since=since,
        timeout=60,
    )
    assert final.status == 200
    return final.result["text"]


async def test_an_admins_new_letter_is_indexed_and_answerable_at_once(fake, bot, admin, admin_chat):
    data = focused_visit_letter()
    text = await upload_outcome(fake, admin_chat, admin, "Focused visit letter.docx", data, DOCX)
    assert "Saved Focused visit letter.docx" in text and "added 1 document" in text
    assert (bot.documents / "Focused visit letter.docx").read_bytes() == data
    fake.send_text(admin_chat, admin, "What did the March 2026 focused visit look at?")
    answer = await bot_message(fake, admin_chat)
    assert "arrangements for care leavers" in answer["text"]
    assert f"[1] {LETTER_TITLE} (14 April 2026)" in answer["text"]


async def test_questions_are_answered_while_an_upload_is_under_way(fake, bot, admin, admin_chat):
    asker = fake.user("Asker")
    asker_chat = fake.private_chat(asker)
    fake.slow("getFile", 3)
    try:
        fake.send_document(
            admin_chat,
            admin,
            "Slow letter.md",
            b"# Slow letter\n\nPublished 2 February 2026.\n\n"
            b"Inspectors visited the fostering service and met twelve foster carers.\n",
            "text/markdown",
        )
        await asyncio.sleep(0.3)
        fake.send_text(asker_chat, asker, "When is the next Ofsted visit?")
        answer = await bot_call(fake, asker_chat, timeout=10)
        assert "October/ November 2021" in answer.result["text"]
        assert not any(
            c.method == "editMessageText" and "Slow letter" in c.params.get("text", "")
            for c in fake.calls[: fake.calls.index(answer)]
        )
    finally:
        fake.clear_faults()
    await fake.wait_for_call(
        "editMessageText",
        lambda c: "Slow letter" in c.params["text"] and "added 1 document" in c.params["text"],
        since=0,
        timeout=30,
    )


async def test_a_non_admins_upload_is_refused_and_logged(fake, bot):
    mallory = fake.user("Mallory")
    chat = fake.private_chat(mallory)
    text = await upload_outcome(
        fake, chat, mallory, "sneaky.txt", b"Ofsted said everything is outstanding, honest."
    )
    assert "Only the bot's administrators can add documents" in text
    assert not (bot.documents / "sneaky.txt").exists()
    assert not any(
        c.method == "getFile" and c.params.get("chat_id") == chat["id"] for c in fake.calls
    )
    assert f"user {mallory['id']}" in bot.logs()


async def test_an_oversized_upload_is_refused_before_downloading(fake, bot, admin, admin_chat):
    since = fake.mark()
    text = await upload_outcome(
        fake, admin_chat, admin, "huge.pdf", b"%PDF-1.7\n" + b"\0" * (20 * 1024 * 1024)
    )
    assert "I did not save huge.pdf" in text and "at most 20 MB" in text
    assert not [c for c in fake.calls[since:] if c.method == "getFile"]
    assert not (bot.documents / "huge.pdf").exists()


async def test_html_named_as_a_pdf_is_refused_with_the_reason(fake, bot, admin, admin_chat):
    text = await upload_outcome(
        fake,
        admin_chat,
        admin,
        "report.pdf",
        b"<html><body>Not a PDF</body></html>",
        "application/pdf",
    )
    assert "I did not save report.pdf" in text and "its content is an HTML page, not a PDF" in text
    assert not (bot.documents / "report.pdf").exists()


async def test_an_unsupported_type_is_refused_naming_the_ones_that_work(
    fake, bot, admin, admin_chat
):
    text = await upload_outcome(fake, admin_chat, admin, "minutes.xlsx", b"PK\x03\x04 not really")
    assert "I index only" in text and "DOCX" in text and "PDF" in text


async def test_a_name_collision_gets_a_new_name_and_the_original_is_untouched(
    fake, bot, admin, admin_chat
):
    original = (bot.documents / CABINET_REPORT).read_bytes()
    replacement = b"A different report that happens to share the file name.\n\nInspectors met with the panel in May."
    text = await upload_outcome(fake, admin_chat, admin, CABINET_REPORT, replacement)
    renamed = CABINET_REPORT.replace(".txt", " (2).txt")
    assert (
        f"Saved {renamed} (a file named {CABINET_REPORT} already exists, so I did not overwrite it)"
        in text
    )
    assert (bot.documents / CABINET_REPORT).read_bytes() == original
    assert (bot.documents / renamed).read_bytes() == replacement


async def test_a_file_the_engine_cannot_read_is_moved_aside_with_the_reason(
    fake, bot, admin, admin_chat
):
    text = await upload_outcome(fake, admin_chat, admin, "scribble.txt", b"ok ok\n")
    assert "Could not index scribble.txt: no readable text" in text
    assert "moved aside to .rejected/scribble.txt" in text
    assert not (bot.documents / "scribble.txt").exists()
    assert (bot.documents / ".rejected" / "scribble.txt").read_bytes() == b"ok ok\n"


async def test_path_tricks_in_a_file_name_stay_inside_the_documents_folder(
    fake, bot, admin, admin_chat
):
    data = b"# Escape attempt\n\nPublished 3 March 2026.\n\nInspectors reviewed the adoption service in depth.\n"
    text = await upload_outcome(
        fake, admin_chat, admin, "../../..\\evil\x07 name.md", data, "text/markdown"
    )
    assert "Saved evil name.md" in text and "added 1 document" in text
    assert (bot.documents / "evil name.md").read_bytes() == data
    assert not (bot.folder / "evil name.md").exists()


async def test_remove_moves_the_file_aside_and_reindex_reports(fake, bot, admin, admin_chat):
    fake.send_text(admin_chat, admin, "/remove evil name.md")
    removed = await bot_message(fake, admin_chat)
    assert "Removed" in removed["text"] and "moved to .removed/evil name.md" in removed["text"]
    assert (bot.documents / ".removed" / "evil name.md").exists()
    fake.send_text(admin_chat, admin, "/remove no such thing")
    assert (
        "No indexed document matches “no such thing”"
        in (await bot_message(fake, admin_chat))["text"]
    )
    fake.send_text(admin_chat, admin, "/reindex")
    status = await bot_message(fake, admin_chat)
    report = await fake.wait_for_call(
        "editMessageText",
        lambda c: (
            c.params.get("message_id") == status["message_id"]
            and "The index holds" in c.params["text"]
        ),
        timeout=60,
    )
    assert "unchanged" in report.result["text"]


async def test_an_unexpected_failure_is_logged_and_the_user_told_without_a_traceback(
    fake, bot, admin, admin_chat
):
    fake.fail("getFile", status=500, times=None)  # fails on every retry too
    try:
        fake.send_document(
            admin_chat, admin, "unlucky.txt", b"Inspectors visited in June and met the panel."
        )
        reply = (
            await fake.wait_for_call(
                "sendMessage", lambda c: "went wrong" in c.params["text"], timeout=30
            )
        ).result
    finally:
        fake.clear_faults()
    assert "something went wrong on my side" in reply["text"] and "Traceback" not in reply["text"]
    assert "error while handling update" in bot.logs()
    assert (
        len([c for c in fake.calls if c.method == "getFile" and c.status == 500]) == 4
    )  # tried, then 3 retries
    assert not (bot.documents / "unlucky.txt").exists()
