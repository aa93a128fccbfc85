"""What each reply costs, and replies that must say nothing more than they should, end to end.

One bot for the module, with a small limit (6 per minute) so that it is reached quickly, an
allowlist (Alice and two groups), and a document whose text carries bidi overrides.
"""

from __future__ import annotations

import asyncio
import shutil

import pytest
import pytest_asyncio

from tests.bot_harness import DOCUMENTS, BotProcess, bot_message, buttons
from tests.fake_telegram import FakeTelegram

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]

LIMIT = 6
BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: A Markdown letter whose text carries bidi overrides, raw and as an HTML entity (decoded when read).
REVERSED_LETTER = (
    "# Ofsted focused visit to Zedshire\n\nPublished: 3 March 2023\n\n1.1 The focused visit to "
    "Zedshire looked at the adoption panel &#x202E;and found its decisions timely\u202e and well "
    "recorded.\n"
)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def fake():
    async with FakeTelegram() as server:
        yield server


@pytest.fixture(scope="module")
def people(fake):
    return {
        "admin": fake.user("Ada the admin"),
        "alice": [fake.user(f"Alice {n}") for n in range(8)],
        "team": fake.group("Team A"),
        "other team": fake.group("Team B"),
    }


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def bot(fake, people, tmp_path_factory):
    folder = tmp_path_factory.mktemp("replies")
    shutil.copytree(DOCUMENTS, folder / "documents")
    (folder / "documents" / "2023-03-03 Zedshire letter.md").write_text(REVERSED_LETTER)
    process = BotProcess(
        fake,
        folder,
        admins=[people["admin"]["id"]],
        env={
            "BOT_RATE_LIMIT_QUESTIONS": str(LIMIT),
            "BOT_RATE_LIMIT_SECONDS": "60",
            "BOT_ALLOWED_USER_IDS": ",".join(str(a["id"]) for a in people["alice"]),
            "BOT_ALLOWED_CHAT_IDS": f"{people['team']['id']},{people['other team']['id']}",
        },
    )
    await process.start()
    yield process
    assert await process.stop() == 0, process.logs()


async def settled(
    fake, chat: dict, count: int, timeout: float = 60, settle: float = 2.0
) -> list[dict]:
    """The bot's messages in ``chat`` once there are ``count`` of them and no more came for ``settle`` s."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while len(fake.messages(chat)) < count and loop.time() < deadline:
        await asyncio.sleep(0.1)
    await asyncio.sleep(settle)
    return fake.messages(chat)


# ---------------------------------------------------------------- rate limits on every reply


async def test_a_timeline_costs_three_so_two_are_drawn_then_one_wait_then_silence(
    fake, bot, people
):
    alice, other = people["alice"][0], people["alice"][1]
    chat = fake.private_chat(alice)
    for _ in range(10):
        fake.send_text(chat, alice, "/timeline")
    messages = await settled(fake, chat, 5)
    photos = [m for m in messages if "photo" in m]
    waits = [m for m in messages if "Please wait" in m.get("text", "")]
    assert (
        len(photos) == 2 and len(waits) == 1 and len(messages) == 5
    )  # 2 × (events, picture) + 1 wait
    other_chat = fake.private_chat(other)
    fake.send_text(other_chat, other, "/help")  # others are not held up
    assert "I hold" in (await bot_message(fake, other_chat, timeout=30))["text"]


async def test_help_docs_and_status_count_against_the_limit_too(fake, bot, people):
    alice = people["alice"][2]
    chat = fake.private_chat(alice)
    for command in ["/help", "/docs", "/status Northamptonshire"] * 4:
        fake.send_text(chat, alice, command)
    messages = await settled(fake, chat, LIMIT + 1)  # handled concurrently: any order
    assert len(messages) == LIMIT + 1 and sum("Please wait" in m["text"] for m in messages) == 1


async def test_a_stranger_gets_at_most_the_limit_in_refusals_then_silence(fake, bot):
    stranger = fake.user("Stranger")
    chat = fake.private_chat(stranger)
    for n in range(20):
        fake.send_text(chat, stranger, "/timeline" if n % 2 else f"When is the next visit? {n}")
    messages = await settled(fake, chat, LIMIT)
    assert len(messages) == LIMIT and all(str(stranger["id"]) in m["text"] for m in messages)


async def test_anonymous_admins_of_different_groups_have_a_limit_each(fake, bot, people):
    anonymous, team, other = fake.anonymous_admin(), people["team"], people["other team"]
    for _ in range(LIMIT + 1):
        fake.send_text(team, anonymous, "/help", sender_chat=team)
    team_replies = await settled(fake, team, LIMIT + 1)
    assert sum("Please wait" in m["text"] for m in team_replies) == 1
    fake.send_text(other, anonymous, "/help", sender_chat=other)  # the same user id, another group
    assert "I hold" in (await bot_message(fake, other, timeout=30))["text"]


async def test_a_second_429_drops_the_reply_rather_than_keep_waiting(fake, bot, people):
    alice = people["alice"][3]
    chat = fake.private_chat(alice)
    fake.fail("sendMessage", status=429, retry_after=1, times=None)
    try:
        since = fake.mark()
        fake.send_text(chat, alice, "/help")
        await asyncio.sleep(6)  # long enough for more retries, had there been any
        tries = [
            c
            for c in fake.calls[since:]
            if c.method == "sendMessage" and c.params.get("chat_id") == chat["id"]
        ]
        assert len(tries) == 2 and all(c.status == 429 for c in tries)
    finally:
        fake.clear_faults()
    fake.send_text(chat, alice, "/help")
    assert "I hold" in (await bot_message(fake, chat, timeout=30))["text"]


async def test_a_send_whose_answer_comes_after_the_read_timeout_is_not_sent_again(
    fake, bot, people
):
    alice = people["alice"][4]
    chat = fake.private_chat(alice)
    fake.late("sendMessage", 35)  # over the bot's 30 s read timeout: delivered, answer late
    try:
        fake.send_text(chat, alice, "When is the next Ofsted visit?")
        messages = await settled(fake, chat, 1, settle=40)
    finally:
        fake.clear_faults()
    assert len(messages) == 1 and "October/ November 2021" in messages[0]["text"]


# ---------------------------------------------------------------- what replies say


async def test_bidi_controls_from_a_document_reach_no_reply(fake, bot, people):
    alice = people["alice"][5]
    chat = fake.private_chat(alice)
    fake.send_text(chat, alice, "What did the focused visit to Zedshire look at?")
    answer = await bot_message(fake, chat, timeout=30)
    assert "adoption panel" in answer["text"] and not BIDI & set(answer["text"])
    fake.press_button(chat, alice, answer, buttons(answer)["📄 Sources"])
    sources = await bot_message(fake, chat, timeout=30)
    assert "adoption panel" in sources["text"] and not BIDI & set(sources["text"])
    fake.send_text(chat, alice, "/docs")
    assert not BIDI & set((await bot_message(fake, chat, timeout=30))["text"])


async def test_a_stranger_gets_the_same_refusal_for_unknown_commands_and_stickers(fake, bot):
    stranger = fake.user("Another stranger")
    chat = fake.private_chat(stranger)
    fake.send_text(chat, stranger, "/foo")
    assert str(stranger["id"]) in (await bot_message(fake, chat, timeout=30))["text"]
    fake.send_sticker(chat, stranger)
    assert str(stranger["id"]) in (await bot_message(fake, chat, timeout=30))["text"]
    assert not any(
        "/foo" in m["text"] or "only read text" in m["text"] for m in fake.messages(chat)
    )


async def test_a_forged_inline_sources_button_is_answered_and_ignored(fake, bot, people):
    alice = people["alice"][6]
    chat = fake.private_chat(alice)
    fake.send_text(chat, alice, "When is the next Ofsted visit?")
    answer = await bot_message(fake, chat, timeout=30)
    before, logged = len(fake.messages(chat)), len(bot.logs())
    fake.press_inline_button(alice, "AQAAAGZvcmdlZA", buttons(answer)["📄 Sources"])
    await fake.wait_for_call("answerCallbackQuery", timeout=30)
    await asyncio.sleep(0.5)
    assert len(fake.messages(chat)) == before
    assert "error while handling" not in bot.logs()[logged:]


async def test_an_empty_upload_is_refused_in_plain_english(fake, bot, people):
    admin = people["admin"]
    chat = fake.private_chat(admin)
    fake.send_document(chat, admin, "blank.txt", b"  \n\n \n", "text/plain")
    status = await bot_message(fake, chat, timeout=30)
    refusal = (
        await fake.wait_for_call(
            "editMessageText",
            lambda c: c.params.get("message_id") == status["message_id"],
            timeout=30,
        )
    ).result["text"]
    assert "it's an empty file" in refusal and "its empty" not in refusal
