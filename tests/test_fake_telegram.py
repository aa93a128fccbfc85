"""The fake Bot API server, driven by python-telegram-bot's own telegram.Bot as the real bot will drive it."""

from __future__ import annotations

import asyncio
import datetime as dtm
import struct
import zlib

import httpx
import pytest
import pytest_asyncio
import telegram
from aiohttp import web
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Conflict, InvalidToken, NetworkError, RetryAfter

from tests.fake_telegram import PNG_SIGNATURE, ApiError, FakeTelegram, parse_html

pytestmark = [
    pytest.mark.asyncio,
    # PTB 22 warns whenever a time period (RetryAfter.retry_after, Voice.duration) is read as an int.
    pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning"),
]


def png(width: int = 2, height: int = 3) -> bytes:
    """A small but valid PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\0" + b"\xff\0\0" * width for _ in range(height))
    return (
        PNG_SIGNATURE
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest_asyncio.fixture
async def fake():
    async with FakeTelegram() as server:
        yield server


@pytest_asyncio.fixture
async def bot(fake):
    async with telegram.Bot(
        fake.token, base_url=fake.url + "/bot", base_file_url=fake.url + "/file/bot"
    ) as b:
        yield b


@pytest.fixture
def alice(fake):
    return fake.user("Alice", username="alice")


@pytest.fixture
def chat(fake, alice):
    return fake.private_chat(alice)


# ---------------------------------------------------------------- the HTTP surface


async def test_get_me_through_ptb(fake, bot):
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (int(fake.token.split(":")[0]), "test_bot", True)
    assert [c.method for c in fake.calls] == [
        "getMe",
        "getMe",
    ]  # Bot.initialize() asked once already


async def test_wrong_token_unknown_method_and_stray_paths(fake):
    async with httpx.AsyncClient() as client:
        assert (await client.post(f"{fake.url}/bot999:wrong/getMe")).json() == {
            "ok": False,
            "error_code": 401,
            "description": "Unauthorized",
        }
        unknown = await client.post(f"{fake.url}/bot{fake.token}/sendCarrierPigeon", json={})
        assert (unknown.status_code, unknown.json()) == (
            404,
            {"ok": False, "error_code": 404, "description": "Not Found"},
        )
        assert (await client.get(f"{fake.url}/nothing/here")).status_code == 404
        # GET with query parameters and lower-case method names work, as on the real server.
        me = await client.get(f"{fake.url}/bot{fake.token}/getme")
        assert me.json()["result"]["username"] == "test_bot"
    with pytest.raises(InvalidToken, match="was rejected by the server"):
        async with telegram.Bot(
            "999:wrong", base_url=fake.url + "/bot"
        ):  # initialize() calls getMe
            pass


async def test_json_body_params_are_accepted(fake, chat):
    async with httpx.AsyncClient() as client:
        answer = await client.post(
            f"{fake.url}/bot{fake.token}/sendMessage",
            json={
                "chat_id": chat["id"],
                "text": "hello",
                "reply_markup": {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]},
            },
        )
    result = answer.json()["result"]
    assert result["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "a"
    assert fake.calls[-1].params["chat_id"] == chat["id"]


# ---------------------------------------------------------------- sending messages


async def test_send_message_returns_full_message_with_increasing_ids(fake, bot, chat):
    first = await bot.send_message(chat["id"], "one")
    second = await bot.send_message(chat["id"], "two")
    assert second.message_id == first.message_id + 1
    assert second.from_user.id == bot.id and second.chat.id == chat["id"] and second.text == "two"
    assert [m["text"] for m in fake.messages(chat)] == ["one", "two"]
    call = fake.calls[-1]
    assert call.method == "sendMessage" and call.params == {"chat_id": chat["id"], "text": "two"}


async def test_html_accepted_and_parsed(bot, chat):
    message = await bot.send_message(
        chat["id"],
        '<b>Ofsted</b> &amp; <i>council</i>: <a href="https://example.org/r?a=1&amp;b=2">report</a> '
        "&lt;2023&gt; &#8212; <blockquote expandable>quote</blockquote> <tg-spoiler>s</tg-spoiler>",
        parse_mode="HTML",
    )
    assert message.text == "Ofsted & council: report <2023> \u2014 quote s"
    kinds = [(e.type, e.offset, e.length) for e in message.entities]
    assert kinds == [
        ("bold", 0, 6),
        ("italic", 9, 7),
        ("text_link", 18, 6),
        ("expandable_blockquote", 34, 5),
        ("spoiler", 40, 1),
    ]
    assert message.entities[2].url == "https://example.org/r?a=1&b=2"


@pytest.mark.parametrize(
    "html, error",
    [
        ("<div>x</div>", 'unsupported start tag "div" at byte offset 0'),
        ("<b>x", 'can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "unexpected end tag at byte offset 1"),
        ("a <b", "unclosed start tag at byte offset 2"),
        ("a < b", 'unsupported start tag "" at byte offset 2'),
        ("Q&A", 'character "&" at byte offset 1'),
        ("&nbsp;", 'character "&" at byte offset 0'),
        ("x > y", 'character ">" at byte offset 2'),
        ('<span class="x">s</span>', 'tag "span" must have class "tg-spoiler"'),
        ("<a href=x/>y</a>", "unexpected end of name token at byte offset 8"),
    ],
)
async def test_html_rejected_like_telegram(bot, chat, html, error):
    with pytest.raises(BadRequest) as caught:
        await bot.send_message(chat["id"], html, parse_mode="HTML")
    # python-telegram-bot strips "Bad Request: " and capitalize()s the rest, lower-casing it.
    assert caught.value.message.startswith(("can't parse entities: " + error).capitalize())


async def test_text_length_is_counted_after_parsing(bot, chat):
    await bot.send_message(chat["id"], "é" * 4096)
    await bot.send_message(chat["id"], "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(chat["id"], "a" * 4097)
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(chat["id"], "")
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(chat["id"], "<b> </b>\n", parse_mode="HTML")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(424242, "hello")


async def test_callback_data_limit_and_button_press(fake, bot, chat, alice):
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(
            chat["id"],
            "pick",
            reply_markup=InlineKeyboardMarkup(
                [[InlineKeyboardButton("too long", callback_data="x" * 65)]]
            ),
        )
    with pytest.raises(BadRequest, match="Button_data_invalid"):  # 64 *bytes*, not characters
        await bot.send_message(
            chat["id"],
            "pick",
            reply_markup=InlineKeyboardMarkup(
                [[InlineKeyboardButton("too long", callback_data="é" * 33)]]
            ),
        )
    sent = await bot.send_message(
        chat["id"],
        "pick",
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data="y" * 64)]]),
    )
    assert sent.reply_markup.inline_keyboard[0][0].callback_data == "y" * 64
    update = fake.press_button(chat, alice, sent.message_id, "y" * 64)
    with pytest.raises(ValueError):
        fake.press_button(chat, alice, sent.message_id, "not on the keyboard")
    assert await bot.answer_callback_query(update["callback_query"]["id"], text="thanks") is True
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(update["callback_query"]["id"])  # only once
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query("12345")


async def test_edits_and_deletes(fake, bot, chat):
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("more", callback_data="more")]])
    sent = await bot.send_message(chat["id"], "<b>v1</b>", parse_mode="HTML", reply_markup=keyboard)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text(
            "<b>v1</b>", chat["id"], sent.message_id, parse_mode="HTML", reply_markup=keyboard
        )
    edited = await bot.edit_message_text("v2", chat["id"], sent.message_id)
    assert edited.text == "v2" and edited.reply_markup is None and edited.edit_date is not None
    assert fake.calls[-3].result["text"] == "v1"  # recorded results are snapshots
    await bot.edit_message_reply_markup(chat["id"], sent.message_id, reply_markup=keyboard)
    assert fake.messages(chat)[0]["reply_markup"]["inline_keyboard"][0][0]["text"] == "more"
    assert await bot.delete_message(chat["id"], sent.message_id) is True
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(chat["id"], sent.message_id)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("v3", chat["id"], sent.message_id)


async def test_small_methods(fake, bot, chat):
    assert await bot.send_chat_action(chat["id"], "typing") is True
    with pytest.raises(BadRequest, match="Wrong parameter action"):
        await bot.send_chat_action(chat["id"], "dancing")
    commands = [
        telegram.BotCommand("ask", "Ask about the inspections"),
        telegram.BotCommand("help", "Help"),
    ]
    assert await bot.set_my_commands(commands) is True
    assert [c.command for c in await bot.get_my_commands()] == ["ask", "help"]
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([telegram.BotCommand("Ask", "upper case is refused")])
    assert await bot.close() is True and await bot.log_out() is True


# ---------------------------------------------------------------- receiving updates


async def test_long_polling_and_offset_confirmation(fake, bot, chat, alice):
    poll = asyncio.create_task(
        bot.get_updates(timeout=5, allowed_updates=["message", "callback_query"])
    )
    await asyncio.sleep(0.3)
    assert not poll.done()  # really waiting
    fake.send_text(chat, alice, "/start@test_bot hello @test_bot")
    updates = await asyncio.wait_for(poll, 2)
    assert len(updates) == 1
    message = updates[0].message
    assert message.text == "/start@test_bot hello @test_bot" and message.from_user.id == alice["id"]
    assert [(e.type, e.offset, e.length) for e in message.entities] == [
        ("bot_command", 0, 15),
        ("mention", 22, 9),
    ]
    # Not confirmed yet: served again.
    assert [u.update_id for u in await bot.get_updates(timeout=0)] == [updates[0].update_id]
    # offset = last update_id + 1 confirms it: gone for good.
    assert await bot.get_updates(offset=updates[0].update_id + 1, timeout=0) == ()
    assert await bot.get_updates(timeout=0) == ()
    # limit
    for n in range(3):
        fake.send_text(chat, alice, f"q{n}")
    assert [u.message.text for u in await bot.get_updates(limit=2)] == ["q0", "q1"]


async def test_second_poller_terminates_the_first(fake, bot):
    # Two running copies of the bot. (One telegram.Bot can't overlap its own getUpdates calls: PTB sends them
    # through a separate connection pool of size 1.)
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.2)
    async with telegram.Bot(fake.token, base_url=fake.url + "/bot") as other_copy:
        second = asyncio.create_task(other_copy.get_updates(timeout=1))
        with pytest.raises(Conflict, match="terminated by other getUpdates request"):
            await asyncio.wait_for(first, 2)
        assert await second == ()


async def test_group_messages_and_replies(fake, bot, alice):
    group = fake.group("Parents' forum", supergroup=True)
    bob = fake.user("Bob")
    asked = fake.send_text(group, bob, "@test_bot when is the next visit?")
    answer = await bot.send_message(
        group["id"], "Not announced yet.", reply_to_message_id=asked["message"]["message_id"]
    )
    assert answer.reply_to_message.text == "@test_bot when is the next visit?"
    assert answer.chat.type == "supergroup" and group["id"] < -1_000_000_000_000
    follow_up = fake.send_text(group, alice, "thanks", reply_to=answer.message_id)
    assert follow_up["message"]["reply_to_message"]["from"]["is_bot"] is True
    (first, second) = await bot.get_updates()
    assert (
        first.message.entities[0].type == "mention"
        and second.message.reply_to_message.message_id == answer.message_id
    )


async def test_wait_for_call(fake, bot, chat, alice):
    async def reply_later():
        await asyncio.sleep(0.2)
        await bot.send_message(chat["id"], "answer")

    fake.send_text(chat, alice, "question")
    task = asyncio.create_task(reply_later())
    call = await fake.wait_for_call(
        "sendMessage", lambda c: c.params["chat_id"] == chat["id"], timeout=2
    )
    assert call.result["text"] == "answer"
    await task
    with pytest.raises(AssertionError, match="no matching sendPhoto call"):
        await fake.wait_for_call("sendPhoto", timeout=0.1)


# ---------------------------------------------------------------- files


async def test_get_file_and_download_of_a_users_document(fake, bot, chat, alice):
    data = b"%PDF-1.4 inspection letter\n" + bytes(range(256)) * 40
    update = fake.send_document(chat, alice, "letter.pdf", data, "application/pdf")
    document = (await bot.get_updates())[0].message.document
    assert (document.file_name, document.mime_type, document.file_size) == (
        "letter.pdf",
        "application/pdf",
        len(data),
    )
    file = await bot.get_file(document.file_id)
    assert file.file_size == len(data) and file.file_path.startswith(fake.url + "/file/bot")
    assert bytes(await file.download_as_bytearray()) == data
    assert update["message"]["document"]["file_id"] == document.file_id
    with pytest.raises(BadRequest, match="Invalid file_id"):
        await bot.get_file("nope")


async def test_send_photo_and_document_uploads(fake, bot, chat):
    image = png(4, 5)
    message = await bot.send_photo(chat["id"], image, caption="<b>chart</b>", parse_mode="HTML")
    upload = fake.calls[-1].files["photo"]
    assert upload.data.startswith(PNG_SIGNATURE) and upload.data == image
    assert (message.photo[-1].width, message.photo[-1].height) == (4, 5)
    assert message.caption == "chart" and message.caption_entities[0].type == "bold"
    assert fake.file_bytes(message.photo[-1].file_id) == image
    with pytest.raises(BadRequest, match="Image_process_failed"):
        await bot.send_photo(chat["id"], b"not an image at all")
    doc = await bot.send_document(chat["id"], b"a,b\n1,2\n", filename="table.csv")
    assert (
        doc.document.file_name == "table.csv"
        and fake.calls[-1].files["document"].data == b"a,b\n1,2\n"
    )
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_document(chat["id"], b"x", filename="x.txt", caption="c" * 1025)


async def test_user_media_updates(fake, bot, chat, alice):
    fake.send_sticker(chat, alice)
    fake.send_photo(chat, alice, png(), caption="look")
    fake.send_voice(chat, alice, duration=4)
    sticker, photo, voice = (u.message for u in await bot.get_updates())
    assert (
        sticker.sticker.emoji == "👍"
        and photo.caption == "look"
        and voice.voice.duration in (4, dtm.timedelta(seconds=4))
    )
    assert (
        bytes(await (await bot.get_file(photo.photo[-1].file_id)).download_as_bytearray()) == png()
    )


# ---------------------------------------------------------------- failure injection


async def test_429_raises_retry_after(fake, bot, chat):
    fake.fail("sendMessage", status=429, retry_after=7)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(chat["id"], "hi")
    assert caught.value.retry_after in (
        7,
        dtm.timedelta(seconds=7),
    )  # int, or timedelta with PTB_TIMEDELTA=1
    assert fake.calls[-1].status == 429
    assert (await bot.send_message(chat["id"], "hi")).text == "hi"  # times=1: only once


async def test_500_reset_and_slow(fake, bot, chat):
    fake.fail("sendMessage", status=500, times=2)
    for _ in range(2):
        with pytest.raises(NetworkError, match="Internal Server Error"):
            await bot.send_message(chat["id"], "hi")
    fake.fail("*", reset=True)
    with pytest.raises(NetworkError):
        await bot.send_message(chat["id"], "hi")
    fake.slow("sendMessage", 0.4)
    started = asyncio.get_running_loop().time()
    await bot.send_message(chat["id"], "hi")
    assert asyncio.get_running_loop().time() - started >= 0.4
    fake.fail("getMe", status=400, description="Bad Request: custom")
    with pytest.raises(BadRequest, match="Custom"):
        await bot.get_me()


# ---------------------------------------------------------------- webhooks


async def test_webhook_delivery_and_switching_back(fake, bot, chat, alice):
    received: list[tuple[str | None, dict]] = []
    arrived = asyncio.Event()

    async def receive(request: web.Request) -> web.Response:
        received.append(
            (request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json())
        )
        arrived.set()
        return web.Response()

    app = web.Application()
    app.router.add_post("/hook", receive)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        hook_url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/hook"
        assert await bot.set_webhook(hook_url, secret_token="s3cret_token-1") is True
        with pytest.raises(Conflict, match="can't use getUpdates method while webhook is active"):
            await bot.get_updates()
        update = fake.send_text(chat, alice, "via webhook")
        await asyncio.wait_for(arrived.wait(), 3)
        assert received == [("s3cret_token-1", update)]
        info = await bot.get_webhook_info()
        assert info.url == hook_url and info.pending_update_count == 0

        # Back to polling: what arrives while no webhook is set waits for getUpdates...
        assert await bot.delete_webhook() is True
        fake.send_text(chat, alice, "kept")
        assert [u.message.text for u in await bot.get_updates()] == ["kept"]
        # ... unless drop_pending_updates says otherwise.
        await bot.delete_webhook(drop_pending_updates=True)
        assert await bot.get_updates() == ()
        with pytest.raises(BadRequest, match="Secret token contains unallowed characters"):
            await bot.set_webhook(hook_url, secret_token="no spaces allowed")
    finally:
        await runner.cleanup()


async def test_webhook_retries_until_the_receiver_accepts(fake, bot, chat, alice):
    answers = [500, 200]

    async def receive(request: web.Request) -> web.Response:
        return web.Response(status=answers.pop(0))

    app = web.Application()
    app.router.add_post("/", receive)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        await bot.set_webhook(f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/")
        fake.send_text(chat, alice, "retry me")
        for _ in range(50):
            if len(fake.webhook_deliveries) == 2:
                break
            await asyncio.sleep(0.1)
        assert [d["status"] for d in fake.webhook_deliveries] == [500, 200]
        info = await bot.get_webhook_info()
        assert info.pending_update_count == 0 and "500" in info.last_error_message
    finally:
        await runner.cleanup()


# ---------------------------------------------------------------- the HTML parser on its own (tdlib's test vectors)


@pytest.mark.parametrize(
    "html, error",
    [
        ("🏟 🏟&lt;<abacaba", "Unclosed start tag at byte offset 13"),
        ("🏟 🏟&lt;<i   =aba>", 'Empty attribute name in the tag "i" at byte offset 13'),
        ("🏟 🏟&lt;<i    aba  =  ", 'Unclosed start tag "i" at byte offset 13'),
        ("🏟 🏟&lt;<i    aba  =  190azAz-.,", "Unexpected end of name token at byte offset 27"),
        ("🏟 🏟&lt;<i>a</i   ", "Unclosed end tag at byte offset 17"),
        (
            "🏟 🏟&lt;<i>a</em   >",
            'Unmatched end tag at byte offset 17, expected "</i>", found "</em>"',
        ),
        ('<tg-emoji emoji-id="x">y</tg-emoji>', "Invalid custom emoji identifier specified"),
        (
            "&#xDFDF;",
            "Text contains invalid Unicode characters after decoding HTML entities, check for unmatched "
            "surrogate code units",
        ),
    ],
)
async def test_parse_html_errors_match_tdlib(html, error):
    with pytest.raises(ApiError) as caught:
        parse_html(html, strict=False)
    assert caught.value.description == "Bad Request: can't parse entities: " + error


async def test_parse_html_matches_tdlib_vectors():
    assert parse_html("🏟 🏟&lt;<i>a</    >", strict=False) == (
        "🏟 🏟<a",
        [{"type": "italic", "offset": 6, "length": 1}],
    )
    assert (
        parse_html("&lt;&gt;&amp;&quot;&laquo;&#12345678;", strict=False)[0]
        == '<>&"&laquo;&#12345678;'
    )
    assert parse_html('<pre><code class="language-python">x = 1</code></pre>')[1] == [
        {"type": "pre", "offset": 0, "length": 5, "language": "python"}
    ]
    assert parse_html("<b></b>x") == ("x", [])
    assert parse_html("a > b", strict=False) == ("a > b", [])
    assert parse_html('<a href="tg://user?id=42">A</a>')[1][0]["type"] == "text_mention"
