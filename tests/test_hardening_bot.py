"""The bot under bad input and hostile users, end to end: its own process, the fake Bot API, real files.

One bot serves the module, set up as a council would run it: one admin, an allowlist of users and
one group. Every bad question and file gets one clear reply and changes nothing else; only admins
change what the bot knows, on every path; strangers learn nothing but their own id; logs and the
feedback database keep ids, not what people wrote (beyond the questions asked).
"""

from __future__ import annotations

import asyncio
import sqlite3
import unicodedata

import pytest
import pytest_asyncio

from index.store import live_generation
from tests.bot_harness import BotProcess, bot_call, bot_message, buttons
from tests.fake_telegram import FakeTelegram
from tests.pdfgen import make_pdf
from tests.test_hardening_inputs import (
    BAD_QUESTIONS,
    docx_letter,
    encrypted_pdf,
    pdf_letter,
    rezip,
    zip_bomb_docx,
)

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]

PDF, DOCX = (
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
#: Characters that change how the text after them is laid out: the bot must never echo one.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def fake():
    async with FakeTelegram() as server:
        yield server


@pytest.fixture(scope="module")
def people(fake):
    """Made before the bot starts, so their ids can go in its settings."""
    return {
        "admin": fake.user("Ada the admin"),
        "alice": fake.user("Alice"),
        "mallory": fake.user("Mallory"),
        "team": fake.group("Safeguarding team"),
        "other": fake.group("Another group"),
    }


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def bot(fake, people, tmp_path_factory):
    process = BotProcess(
        fake,
        tmp_path_factory.mktemp("hardening"),
        admins=[people["admin"]["id"]],
        env={
            "BOT_ALLOWED_USER_IDS": str(people["alice"]["id"]),
            "BOT_ALLOWED_CHAT_IDS": str(people["team"]["id"]),
            "BOT_RATE_LIMIT_QUESTIONS": "1000",
        },
    )
    await process.start()
    yield process
    assert await process.stop() == 0, process.logs()


def snapshot(bot: BotProcess) -> dict:
    """What the bot knows: the live index generation and every file in the documents folder."""
    return {
        "generation": live_generation(bot.index),
        "files": sorted(
            (str(p.relative_to(bot.documents)), p.stat().st_size)
            for p in bot.documents.rglob("*")
            if p.is_file()
        ),
    }


async def replies_to(
    fake, chat: dict, messages: list[dict], settle: float = 1.0, timeout: float = 90
) -> dict:
    """message id → every bot message replying to it, once each has one (then a pause, to catch doubles)."""
    wanted = {m["message_id"] for m in messages}
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        found: dict[int, list[dict]] = {i: [] for i in wanted}
        for m in fake.messages(chat):
            if m.get("reply_to_message", {}).get("message_id") in wanted:
                found[m["reply_to_message"]["message_id"]].append(m)
        if all(found.values()):
            break
        assert asyncio.get_running_loop().time() < deadline, [i for i, v in found.items() if not v]
        await asyncio.sleep(0.1)
    await asyncio.sleep(settle)
    return {
        i: [m for m in fake.messages(chat) if m.get("reply_to_message", {}).get("message_id") == i]
        for i in wanted
    }


def clear_kind(text: str) -> str:
    """Which clear reply a question got."""
    if "Ask a question after /ask" in text:
        return "usage"
    if "Please ask a shorter question" in text:
        return "too long"
    if "something went wrong" in text:
        return "error"
    return "answer"


# ---------------------------------------------------------------- bad questions


async def test_every_bad_question_gets_exactly_one_clear_reply_and_changes_nothing(
    fake, bot, people
):
    team, alice = people["team"], people["alice"]
    before = snapshot(bot)
    asked = [fake.send_text(team, alice, f"/ask {q}")["message"] for q in BAD_QUESTIONS]
    replies = await replies_to(fake, team, asked)
    for question, message in zip(BAD_QUESTIONS, asked):
        got = replies[message["message_id"]]
        assert len(got) == 1, (question[:40], [m["text"][:80] for m in got])  # exactly once
        kind = clear_kind(got[0]["text"])
        expected = (
            "usage"
            if not question.strip()
            else "too long"
            if len(question.strip()) > 1000
            else "answer"
        )
        assert kind == expected, (question[:40], got[0]["text"][:200])
        if kind == "answer":
            assert set(buttons(got[0])) >= {"👍", "👎"}
    sends = [
        c for c in fake.calls if c.method == "sendMessage" and c.params.get("chat_id") == team["id"]
    ]
    assert all(c.status == 200 for c in sends)  # the fake parsed every reply's HTML
    assert snapshot(bot) == before
    with sqlite3.connect(bot.feedback_db) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert {
            r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        } >= {"answers", "feedback"}


@pytest.mark.parametrize(
    "question",
    [
        "\u202eWhat is the capital of France? \u2066",
        "What is\x00 the\x1b[31m capital\x07 of France?\x7f\x9b",
        "<b>What</b> is the capital of &amp; France?",
    ],
)
async def test_a_question_echoed_back_carries_no_control_characters_or_markup(
    fake, bot, people, question
):
    alice = people["alice"]
    chat = fake.private_chat(alice)
    fake.send_text(chat, alice, question)
    call = await bot_call(fake, chat, timeout=30)
    text = call.result["text"]
    assert "I could not find an answer to" in text  # the abstention quotes the question
    assert not BIDI_CONTROLS & set(text), [hex(ord(c)) for c in text if c in BIDI_CONTROLS]
    assert not [c for c in text if unicodedata.category(c) == "Cc" and c != "\n"]
    assert not [
        e
        for e in call.result.get("entities", [])
        if e["type"] == "bold"
        and "What"
        in text.encode("utf-16-le")[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode(
            "utf-16-le"
        )
    ]


# ---------------------------------------------------------------- bad files, from the admin


async def upload(fake, chat, user, name: str, data: bytes, mime: str) -> str:
    """The bot's last word on an upload: a refusal, or its status message once edited to an outcome."""
    fake.send_document(chat, user, name, data, mime)
    since = fake.mark()
    first = (await bot_call(fake, chat, since=since, timeout=60)).result
    if not first["text"].endswith("…"):
        return first["text"]
    final = await fake.wait_for_call(
        "editMessageText",
        lambda c: (
            c.params.get("message_id") == first["message_id"]
            and c.params.get("chat_id") == chat["id"]
            and not c.params["text"].rstrip().endswith("…")
        ),
        since=since,
        timeout=90,
    )
    assert final.status == 200
    return final.result["text"]


# name → (bytes, MIME type, words in the reply, where the file ends up: None nowhere, else under documents/)
BAD_UPLOADS = {
    "report.pdf": (
        b"<html><body>Not a PDF at all</body></html>",
        PDF,
        "content is an HTML page, not a PDF",
        None,
    ),
    "archive.pdf": (rezip(docx_letter(), {"word/document.xml": None}), PDF, "ZIP archive", None),
    "empty.pdf": (b"", PDF, "the file is empty", None),
    "huge.pdf": (b"%PDF-1.7\n" + bytes(25 * 1024 * 1024), PDF, "at most 20 MB", None),
    "truncated.pdf": (pdf_letter()[:300], PDF, "corrupt PDF", ".rejected/truncated.pdf"),
    "locked.pdf": (encrypted_pdf(), PDF, "encrypted PDF", ".rejected/locked.pdf"),
    "scan.pdf": (make_pdf([[]]), PDF, "no text layer", ".rejected/scan.pdf"),
    "bomb.docx": (zip_bomb_docx(), DOCX, "zip bomb", ".rejected/bomb.docx"),
    "broken.docx": (
        rezip(docx_letter(), {"word/document.xml": b"<w:document><unclosed"}),
        DOCX,
        "corrupt Word document",
        ".rejected/broken.docx",
    ),
    "spreadsheet.xlsx": (
        b"PK\x03\x04 not really",
        "application/octet-stream",
        "I index only",
        None,
    ),
}


@pytest.mark.parametrize("name", BAD_UPLOADS)
async def test_a_bad_upload_gets_one_clear_reply_and_the_index_is_unchanged(
    fake, bot, people, name
):
    admin = people["admin"]
    chat = fake.private_chat(admin)
    data, mime, words, ends_up = BAD_UPLOADS[name]
    before = snapshot(bot)
    reply = await upload(fake, chat, admin, name, data, mime)
    assert words in reply, reply
    after = snapshot(bot)
    assert after["generation"] == before["generation"]  # the index did not change
    added = sorted(set(after["files"]) - set(before["files"]))
    assert added == ([(ends_up, len(data))] if ends_up else []), (
        added
    )  # set aside whole, or not kept at all
    assert not [p for p in bot.documents.rglob(".upload-*")]  # no partial copies left behind


LETTER = (
    b"# Letter about the adoption service\n\nPublished 3 March 2026.\n\nInspectors reviewed the adoption "
    b"service of the council in depth and met %s adopters.\n"
)


@pytest.mark.parametrize(
    ("sent", "saved"),
    [
        ("../../etc/passwd.md", "passwd.md"),
        ("/tmp/../../root/.ssh/authorized_keys.md", "authorized_keys.md"),
        ('Ofsted "final" letter.md', 'Ofsted "final" letter.md'),
        ("it's <b>bold & 'quoted'.md", "it's <b>bold & 'quoted'.md"),
        ("<b>tag</b>.md", "b>.md"),  # a "/" starts a folder: only the last part
        ("two\nlines\r\nname.md", "twolinesname.md"),
        ("a" * 300 + ".md", "a" * 177 + ".md"),
    ],
)
async def test_a_hostile_name_is_saved_under_a_safe_name_inside_the_documents_folder(
    fake, bot, people, sent, saved
):
    admin = people["admin"]
    chat = fake.private_chat(admin)
    data = LETTER % str(len(sent)).encode()
    reply = await upload(fake, chat, admin, sent, data, "text/markdown")
    assert f"Saved {saved}" in reply and "added 1 document" in reply, reply
    assert (bot.documents / saved).read_bytes() == data
    outside = [p for p in bot.folder.rglob("*") if p.is_file() and p.read_bytes() == data]
    assert outside == [bot.documents / saved]  # nowhere else


async def test_the_same_content_under_another_name_is_set_aside_naming_the_original(
    fake, bot, people
):
    admin = people["admin"]
    chat = fake.private_chat(admin)
    data = LETTER % b"seventeen"
    assert "added 1 document" in await upload(
        fake, chat, admin, "adoption.md", data, "text/markdown"
    )
    before = snapshot(bot)
    reply = await upload(fake, chat, admin, "Copy of adoption (final).md", data, "text/markdown")
    assert (
        "same content as adoption.md" in reply and ".rejected/Copy of adoption (final).md" in reply
    ), reply
    assert snapshot(bot)["generation"] == before["generation"]


# ---------------------------------------------------------------- only admins change what the bot knows


async def test_non_admins_cannot_change_the_documents_on_any_path(fake, bot, people):
    alice, mallory, admin = people["alice"], people["mallory"], people["admin"]
    team, other = people["team"], people["other"]
    before = snapshot(bot)
    since = fake.mark()
    for chat, user in (
        (fake.private_chat(alice), alice),
        (team, alice),
        (team, mallory),
        (other, mallory),
    ):
        for command in ("/reindex", "/remove 1", "/reindex@test_bot", "/remove@test_bot 2"):
            fake.send_text(chat, user, command)
    # Documents: a non-admin's in private is refused; anyone's in a group is not even downloaded.
    fake.send_document(fake.private_chat(alice), alice, "sneaky.md", LETTER % b"0", "text/markdown")
    fake.send_document(team, mallory, "sneaky2.md", LETTER % b"1", "text/markdown")
    fake.send_document(team, admin, "group upload.md", LETTER % b"2", "text/markdown")
    fake.send_document(
        fake.private_chat(mallory),
        mallory,
        "x.md",
        LETTER % b"3",
        "text/markdown",
        caption="/reindex",
    )
    await asyncio.sleep(3)
    replies = [c for c in fake.calls[since:] if c.method == "sendMessage"]
    admin_only = [c for c in replies if "Only the bot's administrators" in c.params["text"]]
    assert len(admin_only) >= 10 and not [c for c in replies if "Indexing" in c.params["text"]]
    assert not [c for c in fake.calls[since:] if c.method == "getFile"]
    assert snapshot(bot) == before


async def test_forged_buttons_do_nothing(fake, bot, people):
    alice = people["alice"]
    chat = fake.private_chat(alice)
    fake.send_text(chat, alice, "When is the next Ofsted visit?")
    answer = await bot_message(fake, chat, timeout=30)
    before = snapshot(bot)
    keyboard = fake._messages[chat["id"]][answer["message_id"]]["reply_markup"]["inline_keyboard"][
        0
    ]
    since = fake.mark()
    for forged in (
        "reindex",
        "remove:1",
        "src:../../etc/passwd",
        "up:' OR 1=1 --",
        "down:" + "x" * 64,
        "src:",
    ):
        keyboard[0]["callback_data"] = forged[:64]  # a modified client sends any data
        fake.press_button(chat, alice, answer, forged[:64])
    await asyncio.sleep(2)
    acks = [c for c in fake.calls[since:] if c.method == "answerCallbackQuery"]
    assert len(acks) == 6 and all(c.status == 200 for c in acks)
    assert not [c for c in fake.calls[since:] if c.method == "sendMessage"]
    assert snapshot(bot) == before
    with sqlite3.connect(bot.feedback_db) as db:
        assert db.execute(
            "SELECT count(*) FROM feedback WHERE user_id = ?", (alice["id"],)
        ).fetchone() == (0,)


# ---------------------------------------------------------------- the allowlist, in private chats and groups


async def test_a_stranger_is_told_their_id_and_nothing_else_in_any_chat(fake, bot, people):
    mallory, other = people["mallory"], people["other"]
    private = fake.private_chat(mallory)
    for text in (
        "/start",
        "/help",
        "/docs",
        "/status",
        "/timeline",
        "When is the next Ofsted visit?",
    ):
        fake.send_text(private, mallory, text)
        reply = (await bot_message(fake, private, timeout=30))["text"]
        assert (
            "I only answer people this bot has been set up for" in reply
            and str(mallory["id"]) in reply
        ), (text, reply)
        assert "document" not in reply and "2021" not in reply, (text, reply)
    for text in (
        "/ask When is the next Ofsted visit?",
        "@test_bot when is the next visit?",
        "/docs",
    ):
        fake.send_text(other, mallory, text)
        reply = (await bot_message(fake, other, timeout=30))["text"]
        assert str(mallory["id"]) in reply and "2021" not in reply, (text, reply)


async def test_a_strangers_button_press_in_a_chat_not_on_the_list_is_refused(fake, bot, people):
    alice, mallory, other = people["alice"], people["mallory"], people["other"]
    fake.send_text(
        other, alice, "/ask What did the February 2021 visit focus on?"
    )  # Alice may ask anywhere
    answer = await bot_message(fake, other, timeout=30)
    assert "children in care" in answer["text"]
    fake.press_button(other, mallory, answer, buttons(answer)["👍"])
    ack = await fake.wait_for_call("answerCallbackQuery", timeout=15)
    assert ack.params.get("show_alert") and str(mallory["id"]) in ack.params["text"]
    fake.press_button(other, mallory, answer, buttons(answer)["📄 Sources"])
    await fake.wait_for_call("answerCallbackQuery", timeout=15)
    await asyncio.sleep(0.5)
    assert not [m for m in fake.messages(other) if "Sources for" in m["text"]]
    with sqlite3.connect(bot.feedback_db) as db:
        assert db.execute(
            "SELECT count(*) FROM feedback WHERE user_id = ?", (mallory["id"],)
        ).fetchone() == (0,)


async def test_anyone_in_an_allowed_group_may_ask_and_chatter_there_is_ignored(fake, bot, people):
    team, mallory = people["team"], people["mallory"]
    fake.send_text(team, mallory, "just chatting about biscuits")
    fake.send_text(team, mallory, "/ask When is the next Ofsted visit?")
    reply = await bot_message(fake, team, timeout=30)
    assert "October/ November 2021" in reply["text"]
    assert reply["reply_to_message"]["text"].startswith("/ask")


# ---------------------------------------------------------------- what is kept: ids, the question, nothing more


async def test_logs_and_feedback_keep_ids_and_the_question_but_nothing_else_people_wrote(
    fake, bot, people
):
    alice, mallory, team, other = (
        people["alice"],
        people["mallory"],
        people["team"],
        people["other"],
    )
    asked = "When is the next Ofsted visit for the zebracorn panel?"
    private_words = {
        "chatter": "zanzibar-chatter-4711",
        "stranger": "quokka-stranger-4712",
        "command": "wombat-command-4713",
        "caption": "narwhal-caption-4714",
        "sticker": "axolotl-caption-4715",
        "document": "okapi-filename-4716",
    }
    since = fake.mark()
    fake.send_text(fake.private_chat(alice), alice, asked)
    fake.send_text(team, mallory, f"did you see {private_words['chatter']}?")
    fake.send_text(
        fake.private_chat(mallory), mallory, f"Is {private_words['stranger']} inspected?"
    )
    fake.send_text(fake.private_chat(alice), alice, f"/frobnicate {private_words['command']}")
    fake.send_photo(fake.private_chat(alice), alice, caption=private_words["caption"])
    fake.send_document(
        other,
        mallory,
        f"{private_words['document']}.md",
        LETTER % b"4",
        "text/markdown",
        caption=private_words["sticker"],
    )
    await fake.wait_for_call(
        "sendMessage",
        # the answer to the question: quoted back in a decline, or an answer "As of" its source
        lambda c: (
            c.params.get("chat_id") == alice["id"]
            and ("As of" in c.params["text"] or "zebracorn" in c.params["text"])
        ),
        since=since,
        timeout=30,
    )
    await asyncio.sleep(2)
    logs = bot.logs()
    assert f"user {alice['id']}" in logs and f"user {mallory['id']}" in logs
    assert "zebracorn" not in logs  # not even the question
    stored = b"".join(p.read_bytes() for p in bot.folder.glob("feedback.sqlite*"))
    assert b"zebracorn" in stored  # the question, kept with its answer
    for where, word in private_words.items():
        assert word not in logs, where
        assert word.encode() not in stored, where


async def test_the_token_appears_in_no_log_reply_or_request(fake, bot, people):
    admin = people["admin"]
    chat = fake.private_chat(admin)
    fake.fail("getFile", status=500, times=None)  # a failure whose traceback is logged
    try:
        fake.send_document(chat, admin, "unlucky.md", LETTER % b"5", "text/markdown")
        await fake.wait_for_call(
            "sendMessage", lambda c: "went wrong" in c.params.get("text", ""), timeout=30
        )
    finally:
        fake.clear_faults()
    secret = fake.token.partition(":")[2]
    logs = bot.logs()
    assert "Traceback" in logs or "error while handling update" in logs
    assert secret not in logs and fake.token not in logs
    assert not [c for c in fake.calls if secret in repr(c.params) or secret in repr(c.result)]
