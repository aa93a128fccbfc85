"""A small but faithful fake of the Telegram Bot API server, for end-to-end tests.

    async with FakeTelegram() as fake:          # aiohttp server on 127.0.0.1, ephemeral port
        env["TELEGRAM_API_URL"] = fake.url      # the bot uses ROOT/bot<TOKEN>/... and ROOT/file/bot<TOKEN>/...
        alice = fake.user("Alice"); chat = fake.private_chat(alice)
        fake.send_text(chat, alice, "/start")
        call = await fake.wait_for_call("sendMessage")

Mirrors the real server where a bot can tell the difference: URL layout, JSON envelope, status codes, params
as JSON / form / multipart (all values arrive as strings in the latter two), long polling and offset
confirmation, webhook delivery, the HTML parse mode (after tdlib's parse_html, byte offsets and messages
included) and the limits that bots trip over. Deliberate differences: webhooks may be plain http on loopback,
only one webhook request is in flight at a time, Markdown parse modes are not parsed, group privacy mode is not
modelled, and with strict_html=True (the default) a bare "&" or ">" is refused although the real server lets
it through: the Bot API docs require both to be escaped, so a bot that relies on the leniency is wrong.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import re
import socket
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NoReturn

from aiohttp import ClientSession, ClientTimeout, web

MAX_TEXT, MAX_CAPTION, MAX_CALLBACK_DATA = 4096, 1024, 64  # characters, characters, bytes
MAX_DOWNLOAD = 20 * 1024 * 1024  # getFile refuses bigger files
JSON_PARAMS = {
    "reply_markup",
    "entities",
    "caption_entities",
    "allowed_updates",
    "commands",
    "scope",
    "reply_parameters",
    "link_preview_options",
    "media",
}
INT_PARAMS = {
    "offset",
    "limit",
    "timeout",
    "message_id",
    "reply_to_message_id",
    "cache_time",
    "max_connections",
    "message_thread_id",
}
BOOL_PARAMS = {
    "drop_pending_updates",
    "show_alert",
    "disable_notification",
    "protect_content",
    "disable_web_page_preview",
    "allow_sending_without_reply",
    "disable_content_type_detection",
}
CHAT_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
}
BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "copy_text",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "callback_game",
    "pay",
)
# Update types a bot receives when allowed_updates is empty or was never given.
DEFAULT_UPDATES_EXCLUDED = {"chat_member", "message_reaction", "message_reaction_count"}
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
IMAGE_SIGNATURES = (PNG_SIGNATURE, b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"RIFF")


class ApiError(Exception):
    """An error answer of the Bot API: {"ok": false, "error_code": status, "description": ...}."""

    def __init__(self, status: int, description: str, parameters: dict | None = None):
        super().__init__(description)
        self.status, self.description, self.parameters = status, description, parameters

    def body(self) -> dict:
        body = {"ok": False, "error_code": self.status, "description": self.description}
        return body | ({"parameters": self.parameters} if self.parameters else {})


def bad(description: str) -> ApiError:
    return ApiError(400, "Bad Request: " + description)


def utf16_len(text: str) -> int:
    """Entity offsets and lengths are counted in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


# ---------------------------------------------------------------- HTML parse mode (after tdlib's parse_html)

_TAGS = {
    "a",
    "b",
    "strong",
    "i",
    "em",
    "s",
    "strike",
    "del",
    "u",
    "ins",
    "tg-spoiler",
    "tg-emoji",
    "span",
    "pre",
    "code",
    "blockquote",
}
_SIMPLE = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}
_SPACE = " \t\r\n\v\f\0"  # tdlib's is_space; "\0" also stands for "end of text" below
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}  # the only named entities Telegram knows
_ENTITY_RE = re.compile(r"&(?:#x([0-9a-fA-F]*)|#([0-9]*)|([a-zA-Z]*))(;?)")


def _decode_entity(html: str, i: int) -> tuple[str, int, bool] | None:
    """(character, end, had_semicolon) for an HTML entity at html[i] == "&", or None if there is none."""
    m = _ENTITY_RE.match(html, i)
    hexa, dec, name, semi = m.groups()
    if name is not None:
        char = _NAMED.get(name)
    else:
        code = int(hexa or dec or "0", 16 if hexa is not None else 10)
        too_long = m.end() - len(semi) - i >= 10
        char = None if code == 0 or code >= 0x10FFFF or too_long else chr(code)
    return (char, m.end(), bool(semi)) if char else None


def parse_html(html: str, strict: bool = True) -> tuple[str, list[dict]]:
    """Plain text and Bot API entities for text sent with parse_mode=HTML; ApiError(400) where Telegram refuses."""
    return _HtmlParser(html, strict).parse()


class _HtmlParser:
    """tdlib's parse_html in steps: text and character entities, start tags and their
    attributes, end tags, and the Bot API entity that a closed tag makes."""

    def __init__(self, html: str, strict: bool):
        self.html, self.strict = html, strict
        self.n, self.i, self.u16 = len(html), 0, 0  # length, position, UTF-16 length of out
        self.out: list[str] = []
        self.entities: list[dict] = []
        # open tags: tag, argument, utf16 start, start in out, expandable
        self.stack: list[tuple[str, str, int, int, bool]] = []

    def fail(self, message: str) -> NoReturn:
        raise bad("can't parse entities: " + message)

    def at(self, k: int) -> str:
        return self.html[k] if k < self.n else "\0"

    def offset(self, k: int) -> int:  # error messages give UTF-8 byte offsets
        return len(self.html[:k].encode())

    def skip_spaces(self) -> None:
        while self.i < self.n and self.at(self.i) in _SPACE:
            self.i += 1

    def parse(self) -> tuple[str, list[dict]]:
        while self.i < self.n:
            c = self.html[self.i]
            if c == "&" and self.character_entity():
                continue
            if c == ">" and self.strict:
                self.fail(
                    f'Character ">" at byte offset {self.offset(self.i)} must be escaped as "&gt;" (the fake '
                    f"is stricter than Telegram here; the Bot API docs require the escape)"
                )
            if c != "<":
                self.text(c)
                self.i += 1
            elif self.at(self.i + 1) != "/":
                self.start_tag()
            else:
                self.end_tag()
        if self.stack:
            self.fail(f'Can\'t find end tag corresponding to start tag "{self.stack[-1][0]}"')
        for entity in self.entities:
            if entity["type"] == "code":
                entity.pop("language", None)  # only pre entities keep a language
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.out), self.entities

    def text(self, chars: str) -> None:
        self.out.append(chars)
        self.u16 += utf16_len(chars)

    def character_entity(self) -> bool:
        """Decode the entity at "&" into the text, if it is one; False where the "&" is plain
        text (Telegram lets a bare "&" through, the strict fake refuses it)."""
        decoded = _decode_entity(self.html, self.i)
        if decoded and (decoded[2] or not self.strict):
            if "\ud800" <= decoded[0] <= "\udfff":
                self.fail(
                    "Text contains invalid Unicode characters after decoding HTML entities, check for "
                    "unmatched surrogate code units"
                )
            self.text(decoded[0])
            self.i = decoded[1]
            return True
        if self.strict:
            self.fail(
                f'Character "&" at byte offset {self.offset(self.i)} must be escaped as "&amp;" (the fake '
                f"is stricter than Telegram here; the Bot API docs require the escape)"
            )
        return False

    def start_tag(self) -> None:
        """A start tag at "<": its name and attributes, pushed on the stack of open tags."""
        begin = self.i
        self.i += 1
        while self.at(self.i) not in _SPACE and self.at(self.i) != ">":
            self.i += 1
        if self.i >= self.n:
            self.fail(f"Unclosed start tag at byte offset {self.offset(begin)}")
        tag = self.html[begin + 1 : self.i].lower()
        if tag not in _TAGS:
            self.fail(f'Unsupported start tag "{tag}" at byte offset {self.offset(begin)}')
        argument, expandable = "", False
        while self.at(self.i) != ">":
            self.skip_spaces()
            if self.at(self.i) == ">":
                break
            name, value = self.attribute(tag, begin)
            if (
                value is None
            ):  # an attribute without a value: ignored, except <blockquote expandable>
                expandable = expandable or (tag, name) == ("blockquote", "expandable")
            else:
                argument = _argument(tag, name, value, argument)
        if tag == "span" and argument != "spoiler":
            self.fail(
                f'Tag "span" must have class "tg-spoiler" at byte offset {self.offset(begin)}'
            )
        self.stack.append((tag, argument, self.u16, len(self.out), expandable))
        self.i += 1

    def attribute(self, tag: str, begin: int) -> tuple[str, str | None]:
        """One attribute's name and value (None where it has none)."""
        name_start = self.i
        while self.at(self.i) not in _SPACE and self.at(self.i) not in "=>/\"'":
            self.i += 1
        name = self.html[name_start : self.i]  # compared case-sensitively, as tdlib does
        if not name:
            self.fail(
                f'Empty attribute name in the tag "{tag}" at byte offset {self.offset(begin)}'
            )
        self.skip_spaces()
        if self.at(self.i) != "=":
            if self.i >= self.n:
                self.fail(f'Unclosed start tag "{tag}" at byte offset {self.offset(begin)}')
            return name, None
        self.i += 1
        self.skip_spaces()
        if self.i >= self.n:
            self.fail(f'Unclosed start tag "{tag}" at byte offset {self.offset(begin)}')
        value = self.name_token() if self.at(self.i) not in "'\"" else self.quoted_string()
        if self.i >= self.n:
            self.fail(f"Unclosed start tag at byte offset {self.offset(begin)}")
        return name, value

    def name_token(self) -> str:
        """An unquoted attribute value: [A-Za-z0-9.-]*, lower-cased."""
        token_start = self.i
        while self.at(self.i).isascii() and (self.at(self.i).isalnum() or self.at(self.i) in ".-"):
            self.i += 1
        if self.at(self.i) not in _SPACE and self.at(self.i) != ">":
            self.fail(f"Unexpected end of name token at byte offset {self.offset(token_start)}")
        return self.html[token_start : self.i].lower()

    def quoted_string(self) -> str:
        """A quoted attribute value; entities are decoded in it."""
        quote, chars = self.at(self.i), []
        self.i += 1
        while self.i < self.n and self.at(self.i) != quote:
            decoded = _decode_entity(self.html, self.i) if self.at(self.i) == "&" else None
            if decoded:
                chars.append(decoded[0])
                self.i = decoded[1]
            else:
                chars.append(self.at(self.i))
                self.i += 1
        self.i += self.at(self.i) == quote
        return "".join(chars)

    def end_tag(self) -> None:
        """An end tag at "<": it closes the innermost open tag ("</>" closes whatever is open)."""
        begin = self.i
        self.i += 1
        if not self.stack:
            self.fail(f"Unexpected end tag at byte offset {self.offset(begin)}")
        while self.at(self.i) not in _SPACE and self.at(self.i) != ">":
            self.i += 1
        end_tag = self.html[begin + 2 : self.i].lower()
        self.skip_spaces()
        if self.at(self.i) != ">":
            self.fail(f"Unclosed end tag at byte offset {self.offset(begin)}")
        tag, argument, start, out_start, expandable = self.stack.pop()
        if end_tag and end_tag != tag:
            self.fail(
                f'Unmatched end tag at byte offset {self.offset(begin)}, expected "</{tag}>", found "</{end_tag}>"'
            )
        self.i += 1
        if self.u16 == start:
            return  # empty entities vanish
        if self.merged(tag, argument, start):
            return
        fields = self.entity_fields(tag, argument, out_start, expandable)
        if fields is not None:
            self.entities.append({"offset": start, "length": self.u16 - start} | fields)

    def merged(self, tag: str, argument: str, start: int) -> bool:
        """Whether the closed tag joins the entity just made over the same text:
        <pre><code class="language-x"> is one pre entity, and so is <code><pre>."""
        last = self.entities[-1] if self.entities else {}
        same_range = last.get("offset") == start and last.get("length") == self.u16 - start
        if tag == "pre" and last.get("type") == "code" and same_range and last.get("language"):
            self.entities[-1] = {**last, "type": "pre"}
            return True
        if tag == "code" and last.get("type") == "pre" and same_range and argument:
            last["language"] = argument
            return True
        return False

    def entity_fields(
        self, tag: str, argument: str, out_start: int, expandable: bool
    ) -> dict[str, Any] | None:
        """The type (and its data) of the entity a closed tag makes; None for a link Telegram
        does not accept, which stays plain text."""
        if tag in _SIMPLE:
            return {"type": _SIMPLE[tag]}
        if tag == "tg-emoji":
            if not argument.isdigit() or int(argument) == 0:
                self.fail("Invalid custom emoji identifier specified")
            return {"type": "custom_emoji", "custom_emoji_id": argument}
        if tag == "a":
            return _link(argument or "".join(self.out[out_start:]))
        if tag in ("pre", "code"):
            return {"type": tag} | ({"language": argument} if argument and tag == "code" else {})
        return {"type": "expandable_blockquote" if expandable else "blockquote"}


def _argument(tag: str, name: str, value: str, argument: str) -> str:
    """The tag's argument after this attribute: a link, an emoji id, a language, a span class."""
    if (tag, name) in (("a", "href"), ("tg-emoji", "emoji-id")):
        return value
    if (tag, name) == ("code", "class") and value.startswith("language-"):
        return value[9:]
    if (tag, name) == ("span", "class") and value.startswith("tg-"):
        return value[3:]
    return argument


def _link(url: str) -> dict[str, Any] | None:
    """A text_mention for a tg://user link, a text_link for a URL, None for anything else."""
    if m := re.fullmatch(r"tg://user\?id=(\d+)", url):
        return {
            "type": "text_mention",
            "user": {"id": int(m[1]), "is_bot": False, "first_name": ""},
        }
    if re.match(r"[a-z][a-z0-9+.-]*:", url, re.I) or re.fullmatch(r"[\w-]+(\.[\w-]+)+(/\S*)?", url):
        return {"type": "text_link", "url": url if ":" in url else f"http://{url}"}
    return None  # not a link Telegram accepts: plain text


def _strip(text: str, entities: list[dict]) -> tuple[str, list[dict]]:
    """Telegram trims leading and trailing whitespace from message texts, moving entities along."""
    head = utf16_len(text) - utf16_len(text.lstrip())
    text = text.strip()
    size, kept = utf16_len(text), []
    for e in entities:
        start, end = max(e["offset"] - head, 0), min(e["offset"] - head + e["length"], size)
        if end > start:
            kept.append({**e, "offset": start, "length": end - start})
    return text, kept


def detect_entities(text: str) -> list[dict]:
    """bot_command and mention entities, as Telegram's clients and servers find them in users' messages."""
    found = []
    for m in re.finditer(r"(?<![\w/<>])/([A-Za-z0-9_]+)(?:@([A-Za-z0-9_]+))?(?![\w/<>])", text):
        if 1 <= len(m[1]) <= 64 and (m[2] is None or 3 <= len(m[2]) <= 32):
            found.append(("bot_command", m.start(), m.end()))
    for m in re.finditer(r"(?<!\w)@([A-Za-z0-9_]+)(?!\w)", text):
        if 2 <= len(m[1]) <= 32:
            found.append(("mention", m.start(), m.end()))
    return sorted(
        (
            {"type": t, "offset": utf16_len(text[:s]), "length": utf16_len(text[s:e])}
            for t, s, e in found
        ),
        key=lambda e: e["offset"],
    )


# ---------------------------------------------------------------- recorded state


@dataclass
class Call:
    """One request the bot made. status/result/description are filled in once it has been answered."""

    method: str
    params: dict
    time: float
    files: dict[str, StoredFile] = field(default_factory=dict)
    status: int | None = None
    result: Any = None
    description: str | None = None


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    data: bytes
    file_path: str
    filename: str | None = None
    mime_type: str | None = None


@dataclass
class _Fault:
    status: int
    times: int | None
    retry_after: int | None
    description: str | None
    reset: bool


class FakeTelegram:
    def __init__(
        self,
        token: str = "123456789:AAFakeTokenForTests_abcdefghijklmnop",
        bot_username: str = "test_bot",
        bot_name: str = "Test Bot",
        strict_html: bool = True,
    ):
        if not re.fullmatch(r"\d+:[\w-]+", token):
            raise ValueError("a bot token looks like 123456:ABC-def")
        self.token, self.strict_html = token, strict_html
        self.bot_user = {
            "id": int(token.split(":")[0]),
            "is_bot": True,
            "first_name": bot_name,
            "username": bot_username,
        }
        self.url = ""
        self.calls: list[Call] = []
        self.chats: dict[int, dict] = {}
        self.files: dict[str, StoredFile] = {}
        self.commands: dict[tuple, list] = {}
        self.webhook: dict | None = None
        self.webhook_deliveries: list[dict] = []  # {"update_id", "status" or "error", "time"}
        self.members: dict[
            int, dict[int, tuple[dict, str]]
        ] = {}  # chat id -> user id -> (user, status)
        self._messages: dict[
            int, dict[int, dict]
        ] = {}  # chat id -> message id -> message, in order
        self._message_ids: dict[int, itertools.count] = {}
        self._updates: list[dict] = []
        self._update_ids = itertools.count(700_000_001)
        self._allowed_updates: list[str] = []
        self._ids = itertools.count(1)
        self._callback_queries: set[str] = set()
        self._faults: dict[str, list[_Fault]] = {}
        self._slow: dict[str, float] = {}
        self._late: dict[str, list[float]] = {}
        self._poll_generation = 0
        self._mark = 0
        self._changed = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._webhook_task: asyncio.Task | None = None

    # ------------------------------------------------------------ lifecycle

    async def start(self) -> FakeTelegram:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        app.router.add_route("*", "/{tail:.*}", self._not_found)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"
        return self

    async def stop(self) -> None:
        self._closing = True
        self._notify()  # long polls and slowed calls return at once
        if self._webhook_task:
            self._webhook_task.cancel()
        if self._runner:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeTelegram:
        return await self.start()

    async def __aexit__(self, *exc) -> None:
        await self.stop()

    # ------------------------------------------------------------ test-side API: people and chats

    def user(
        self, first_name: str = "Alice", username: str | None = None, language_code: str = "en"
    ) -> dict:
        user = {
            "id": 5_000_000 + next(self._ids),
            "is_bot": False,
            "first_name": first_name,
            "language_code": language_code,
        }
        return user | ({"username": username} if username else {})

    def private_chat(self, user: dict) -> dict:
        chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        return self._register(chat | ({"username": user["username"]} if "username" in user else {}))

    def group(self, title: str = "Test group", supergroup: bool = False) -> dict:
        n = next(self._ids)
        chat_id = -1_001_000_000_000 - n if supergroup else -4_000_000_000 - n
        return self._register(
            {"id": chat_id, "type": "supergroup" if supergroup else "group", "title": title}
        )

    def _register(self, chat: dict) -> dict:
        self.chats[chat["id"]] = chat
        self._messages.setdefault(chat["id"], {})
        self._message_ids.setdefault(chat["id"], itertools.count(1))
        return chat

    def set_member(self, chat: dict, user: dict, status: str = "member") -> None:
        """A user's standing in a group: "creator", "administrator", "member", "restricted", "left" or "kicked".
        Anyone who writes in a group becomes a member unless set otherwise."""
        if status not in ("creator", "administrator", "member", "restricted", "left", "kicked"):
            raise ValueError(f"not a chat member status: {status}")
        self.members.setdefault(chat["id"], {})[user["id"]] = (user, status)

    # ------------------------------------------------------------ test-side API: what users do

    def send_text(
        self,
        chat: dict,
        user: dict,
        text: str,
        reply_to: dict | int | None = None,
        entities: list[dict] | None = None,
        sender_chat: dict | None = None,
    ) -> dict:
        """A user's text message; bot_command and mention entities are found as Telegram finds them.
        With sender_chat, it is posted on behalf of that chat (see anonymous_admin)."""
        found = detect_entities(text) if entities is None else entities
        return self._user_message(
            chat,
            user,
            reply_to,
            text=text,
            **({"entities": found} if found else {}),
            **({"sender_chat": sender_chat} if sender_chat else {}),
        )

    def anonymous_admin(self) -> dict:
        """The user every anonymous group admin's message comes from; the group is its sender_chat."""
        return {
            "id": 1087968824,
            "is_bot": True,
            "first_name": "Group",
            "username": "GroupAnonymousBot",
        }

    def send_document(
        self,
        chat: dict,
        user: dict,
        filename: str,
        data: bytes,
        mime_type: str = "application/octet-stream",
        caption: str | None = None,
    ) -> dict:
        return self._user_file(
            chat,
            user,
            "document",
            data,
            "documents",
            filename,
            mime_type,
            caption,
            file_name=filename,
            mime_type=mime_type,
        )

    def send_photo(
        self,
        chat: dict,
        user: dict,
        data: bytes = PNG_SIGNATURE,
        width: int = 800,
        height: int = 600,
        caption: str | None = None,
    ) -> dict:
        return self._user_file(
            chat,
            user,
            "photo",
            data,
            "photos",
            "photo.jpg",
            "image/jpeg",
            caption,
            width=width,
            height=height,
        )

    def send_sticker(
        self,
        chat: dict,
        user: dict,
        emoji: str = "\N{THUMBS UP SIGN}",
        data: bytes = b"RIFF\0\0\0\0WEBP",
    ) -> dict:
        return self._user_file(
            chat,
            user,
            "sticker",
            data,
            "stickers",
            "sticker.webp",
            "image/webp",
            None,
            type="regular",
            width=512,
            height=512,
            is_animated=False,
            is_video=False,
            emoji=emoji,
        )

    def send_voice(
        self, chat: dict, user: dict, duration: int = 3, data: bytes = b"OggS\0fake voice"
    ) -> dict:
        return self._user_file(
            chat,
            user,
            "voice",
            data,
            "voice",
            "voice.oga",
            "audio/ogg",
            None,
            duration=duration,
            mime_type="audio/ogg",
        )

    def _user_file(self, chat, user, kind, data, folder, filename, mime, caption, **fields) -> dict:
        """A user's message carrying a file; getFile and the download URL then serve its bytes."""
        f = self._store(data, folder, filename, mime)
        media = {
            "file_id": f.file_id,
            "file_unique_id": f.file_unique_id,
            **fields,
            "file_size": len(data),
        }
        content = {kind: [media] if kind == "photo" else media} | (
            {"caption": caption} if caption else {}
        )
        return self._user_message(chat, user, None, **content)

    def press_button(self, chat: dict, user: dict, message: dict | int, callback_data: str) -> dict:
        """The user taps an inline button of a message the bot sent; it must carry that callback_data."""
        current = self._messages[chat["id"]].get(
            message if isinstance(message, int) else message["message_id"]
        )
        if current is None:
            raise ValueError("no such message in that chat (deleted?)")
        buttons = [
            b for row in current.get("reply_markup", {}).get("inline_keyboard", []) for b in row
        ]
        if not any(b.get("callback_data") == callback_data for b in buttons):
            raise ValueError(
                f"message {current['message_id']} has no button with callback_data {callback_data!r}"
            )
        query_id = str(8_000_000_000_000 + next(self._ids))
        self._callback_queries.add(query_id)
        return self._push_update(
            "callback_query",
            {
                "id": query_id,
                "from": user,
                "message": current,
                "chat_instance": str(chat["id"] * 7),
                "data": callback_data,
            },
        )

    def press_inline_button(self, user: dict, inline_message_id: str, callback_data: str) -> dict:
        """A button press on a message sent via inline mode: the update names the message by inline_message_id
        and carries no message (a modified client can send any callback_data this way)."""
        query_id = str(8_000_000_000_000 + next(self._ids))
        self._callback_queries.add(query_id)
        return self._push_update(
            "callback_query",
            {
                "id": query_id,
                "from": user,
                "inline_message_id": inline_message_id,
                "chat_instance": str(user["id"] * 11),
                "data": callback_data,
            },
        )

    def _user_message(self, chat: dict, user: dict, reply_to: dict | int | None, **content) -> dict:
        if chat["type"] == "private" and chat["id"] != user["id"]:
            raise ValueError("a private chat's id is its user's id")
        if chat["type"] != "private":
            self.members.setdefault(chat["id"], {}).setdefault(user["id"], (user, "member"))
        message = self._new_message(chat["id"], user, content, reply_to)
        return self._push_update("message", message)

    # ------------------------------------------------------------ test-side API: observing the bot

    def mark(self) -> int:
        """An index into .calls, for wait_for_call(since=...)."""
        return len(self.calls)

    def messages(self, chat: dict | int, from_bot: bool = True) -> list[dict]:
        """Messages now in a chat (edits applied, deleted ones gone), oldest first; by default the bot's only."""
        chat_id = chat if isinstance(chat, int) else chat["id"]
        return [
            copy.deepcopy(m)
            for m in self._messages.get(chat_id, {}).values()
            if m["from"]["is_bot"] or not from_bot
        ]

    def file_bytes(self, file_id: str) -> bytes:
        return self.files[file_id].data

    async def wait_for_call(
        self,
        method: str,
        predicate: Callable[[Call], bool] | None = None,
        timeout: float = 5.0,
        since: int | None = None,
    ) -> Call:
        """The first answered call to `method` matching predicate, made after `since` (a mark()); by default
        after the latest update injected with send_text & co."""
        start = self._mark if since is None else since
        deadline = time.monotonic() + timeout
        while True:
            for call in self.calls[start:]:
                if (
                    call.method == method
                    and call.status is not None
                    and (predicate is None or predicate(call))
                ):
                    return call
            if time.monotonic() >= deadline:
                seen = [(c.method, c.status) for c in self.calls[start:]]
                raise AssertionError(
                    f"no matching {method} call within {timeout}s; calls seen: {seen}"
                )
            await self._wait_change(deadline - time.monotonic())

    # ------------------------------------------------------------ test-side API: misbehaving

    def fail(
        self,
        method: str,
        status: int = 500,
        times: int | None = 1,
        retry_after: int | None = None,
        description: str | None = None,
        reset: bool = False,
    ) -> None:
        """The next `times` calls (None: all) to `method` ("*": any) fail with `status`, or with a connection
        reset when reset=True."""
        if status == 429 and retry_after is None:
            retry_after = 1
        self._faults.setdefault(method, []).append(
            _Fault(status, times, retry_after, description, reset)
        )

    def slow(self, method: str, seconds: float) -> None:
        """Delay every answer to `method` ("*": any) by `seconds`; 0 undoes it."""
        self._slow[method] = seconds

    def late(self, method: str, seconds: float, times: int = 1) -> None:
        """The next `times` calls to `method` take effect at once (a message is sent) but their answer comes
        `seconds` later: a slow response, not a slow request."""
        self._late[method] = [seconds] * times

    def clear_faults(self) -> None:
        self._faults.clear()
        self._slow.clear()
        self._late.clear()

    # ------------------------------------------------------------ internals: updates and messages

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def _wait_change(self, timeout: float) -> None:
        try:
            await asyncio.wait_for(self._changed.wait(), max(timeout, 0))
        except TimeoutError:
            pass

    def _push_update(self, kind: str, payload: dict) -> dict:
        update = {"update_id": next(self._update_ids), kind: copy.deepcopy(payload)}
        self._updates.append(update)
        self._mark = len(self.calls)
        self._notify()
        return update

    def _deliverable(self) -> list[dict]:
        """Pending updates, dropping for good those of types the bot did not ask for (as Telegram does)."""
        allowed = set(self._allowed_updates)
        self._updates = [
            u
            for u in self._updates
            if (
                next(k for k in u if k != "update_id") in allowed
                if allowed
                else next(k for k in u if k != "update_id") not in DEFAULT_UPDATES_EXCLUDED
            )
        ]
        return self._updates

    def _new_message(
        self, chat_id: int, sender: dict, content: dict, reply_to: dict | int | None = None
    ) -> dict:
        message = {
            "message_id": next(self._message_ids[chat_id]),
            "from": sender,
            "chat": self.chats[chat_id],
            "date": int(time.time()),
            **content,
        }
        if reply_to is not None:
            target_id = reply_to if isinstance(reply_to, int) else reply_to["message_id"]
            target = self._messages[chat_id].get(target_id)
            if target is None:
                raise bad("message to be replied not found")
            message["reply_to_message"] = copy.deepcopy(
                {k: v for k, v in target.items() if k != "reply_to_message"}
            )
        self._messages[chat_id][message["message_id"]] = message
        return message

    def _store(
        self, data: bytes, folder: str, filename: str | None, mime_type: str | None
    ) -> StoredFile:
        n = next(self._ids)
        ext = filename.rsplit(".", 1)[-1] if filename and "." in filename else "bin"
        f = StoredFile(
            f"BQACAgQAAx0F{n:08d}",
            f"AgAD{n:04d}",
            data,
            f"{folder}/file_{n}.{ext}",
            filename,
            mime_type,
        )
        self.files[f.file_id] = f
        return f

    # ------------------------------------------------------------ internals: HTTP

    @staticmethod
    def _json(body: dict, status: int = 200) -> web.Response:
        return web.json_response(body, status=status)

    async def _read_params(self, request: web.Request) -> tuple[dict, dict[str, StoredFile]]:
        raw, uploads = dict(request.query), {}
        if request.content_type == "application/json" and request.can_read_body:
            try:
                raw.update(await request.json())
            except ValueError:
                raise bad("can't parse JSON object") from None
        elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            for key, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    uploads[key] = StoredFile(
                        "", "", value.file.read(), "", value.filename, value.content_type
                    )
                else:
                    raw[key] = value
        # Form and multipart values are all strings (python-telegram-bot JSON-encodes objects and numbers):
        # decode them per parameter, as the real server does.
        params = {}
        for key, value in raw.items():
            if isinstance(value, str) and key in JSON_PARAMS:
                try:
                    value = json.loads(value)
                except ValueError:
                    raise bad(
                        "can't parse reply keyboard markup JSON object"
                        if key == "reply_markup"
                        else f"can't parse {key} JSON object"
                    ) from None
            elif isinstance(value, str) and (
                key in INT_PARAMS or key == "chat_id" and re.fullmatch(r"-?\d+", value)
            ):
                try:
                    value = int(value)
                except ValueError:
                    raise bad(f"invalid {key} specified") from None
            elif isinstance(value, str) and key in BOOL_PARAMS:
                value = value.lower() in ("true", "1")
            params[key] = value
        return params, uploads

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return self._json(ApiError(401, "Unauthorized").body(), 401)
        name = request.match_info["method"]
        handler = getattr(self, "_api_" + name.lower(), None)  # method names are case-insensitive
        method = handler.__doc__.split()[0] if handler else name
        call = Call(method, {}, time.time())
        self.calls.append(call)
        try:
            call.params, call.files = await self._read_params(request)
            delay = self._slow.get(method) or self._slow.get("*")
            if delay:
                await self._wait_change_until(time.monotonic() + delay)
            fault = self._take_fault(method)
            if fault and fault.reset:
                call.status = 0  # connection reset: no answer at all
                sock = request.transport.get_extra_info("socket")
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                request.transport.abort()
                return web.Response()
            if fault:
                raise ApiError(
                    fault.status,
                    fault.description
                    or {
                        400: "Bad Request: injected failure",
                        429: f"Too Many Requests: retry after {fault.retry_after}",
                        502: "Bad Gateway",
                    }.get(fault.status, "Internal Server Error"),
                    {"retry_after": fault.retry_after} if fault.status == 429 else None,
                )
            if handler is None:
                raise ApiError(404, "Not Found")
            call.result = copy.deepcopy(
                await handler(call.params, call.files)
            )  # a snapshot: later edits
            status, body = 200, {"ok": True, "result": call.result}  # don't rewrite history
            if self._late.get(method):
                self._notify()  # done, as the chat shows; the answer is late
                await self._wait_change_until(time.monotonic() + self._late[method].pop(0))
        except ApiError as error:
            status, body, call.description = error.status, error.body(), error.description
        except Exception as error:  # a bug in the fake: answer, and make it visible
            error = ApiError(500, f"Internal Server Error: fake_telegram raised {error!r}")
            status, body, call.description = error.status, error.body(), error.description
        call.status = status
        self._notify()
        return self._json(body, status)

    async def _wait_change_until(self, deadline: float) -> None:
        while not self._closing and time.monotonic() < deadline:
            await self._wait_change(deadline - time.monotonic())

    def _take_fault(self, method: str) -> _Fault | None:
        for key in (method, "*"):
            queue = self._faults.get(key, [])
            if queue:
                fault = queue[0]
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times <= 0:
                        queue.pop(0)
                return fault
        return None

    async def _not_found(self, request: web.Request) -> web.StreamResponse:
        return self._json(ApiError(404, "Not Found").body(), 404)

    async def _download(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return self._json(ApiError(401, "Unauthorized").body(), 401)
        for f in self.files.values():
            if f.file_path == request.match_info["path"]:
                return web.Response(
                    body=f.data, content_type=f.mime_type or "application/octet-stream"
                )
        return self._json(ApiError(404, "Not Found").body(), 404)

    # ------------------------------------------------------------ internals: validation shared by methods

    def _chat(self, params: dict) -> int:
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise bad("chat_id is empty")
        if chat_id not in self.chats:
            raise bad("chat not found")  # bots can only write to chats they have met
        return chat_id

    def _formatted(self, params: dict, key: str, limit: int, required: bool) -> dict:
        """Text or caption after entity parsing, with Telegram's emptiness and length rules."""
        raw = params.get(key)
        entities_key = "entities" if key == "text" else "caption_entities"
        if raw is None or raw == "":
            if required:
                raise bad("message text is empty")
            return {}
        text, entities = str(raw), params.get(entities_key) or []
        mode = (params.get("parse_mode") or "").lower()
        if entities:
            pass  # explicit entities win over parse_mode
        elif mode == "html":
            text, entities = parse_html(text, self.strict_html)
        elif mode not in ("", "markdown", "markdownv2"):
            raise bad("unsupported parse_mode")
        text, entities = _strip(text, entities)
        if not text and required:
            raise bad("message text is empty")
        if len(text) > limit:  # counted in Unicode code points, after parsing
            raise bad("message is too long" if key == "text" else "message caption is too long")
        return {key: text} | ({entities_key: entities} if entities else {}) if text else {}

    @staticmethod
    def _markup(params: dict) -> dict:
        """Checks reply_markup; returns what Telegram echoes in the Message (inline keyboards only)."""
        markup = params.get("reply_markup")
        if markup is None:
            return {}
        if not isinstance(markup, dict):
            raise bad("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" not in markup:
            return {}  # reply keyboards, removals, force_reply: not echoed
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad(
                'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays'
            )
        for button in (b for row in rows for b in row):
            if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                raise bad('can\'t find field "text"')
            if not any(k in button for k in BUTTON_ACTIONS):
                raise bad("text buttons are unallowed in the inline keyboard")
            if (
                "callback_data" in button
                and not 1 <= len(str(button["callback_data"]).encode()) <= MAX_CALLBACK_DATA
            ):
                raise bad("BUTTON_DATA_INVALID")
            if "url" in button and not re.match(r"(https?|tg)://\S+$", str(button["url"])):
                raise bad(
                    f"inline keyboard button URL '{button['url']}' is invalid: unsupported URL protocol"
                )
        return {"reply_markup": {"inline_keyboard": rows}}

    def _reply_to(self, params: dict) -> int | None:
        reply = params.get("reply_parameters") or {}
        return reply.get("message_id") or params.get("reply_to_message_id")

    def _own_message(self, params: dict, verb: str) -> dict:
        if "inline_message_id" in params:
            raise bad("inline messages are not supported by the fake")
        message = self._messages.get(self._chat(params), {}).get(params.get("message_id"))
        if message is None:
            raise bad(f"message to {verb} not found")
        if not message["from"]["is_bot"] and verb == "edit":
            raise bad("message can't be edited")
        return message

    def _upload(
        self, params: dict, files: dict[str, StoredFile], key: str, folder: str
    ) -> StoredFile:
        """The file sent as `key`: a multipart upload (also via attach://name) or the file_id of a known file."""
        value = params.get(key)
        name = (
            value[len("attach://") :]
            if isinstance(value, str) and value.startswith("attach://")
            else key
        )
        if name in files:
            upload = files[name]
            if not upload.data:
                raise bad("file must be non-empty")
            stored = self._store(upload.data, folder, upload.filename, upload.mime_type)
            files[name] = stored  # so Call.files shows the stored file
            return stored
        if isinstance(value, str) and value in self.files:
            return self.files[value]
        if isinstance(value, str) and re.match(r"https?://", value):
            return self._store(b"", folder, value.rsplit("/", 1)[-1], None)
        raise bad(
            "wrong file identifier/HTTP URL specified"
            if value
            else f"there is no {key} in the request"
        )

    # ------------------------------------------------------------ Bot API methods (docstring: canonical name)

    async def _api_getme(self, p, f):
        """getMe"""
        return self.bot_user | {
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _api_getupdates(self, p, f):
        """getUpdates"""
        if self.webhook:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use "
                "deleteWebhook to delete the webhook first",
            )
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()  # an older long poll still waiting is terminated
        if "allowed_updates" in p:
            self._allowed_updates = list(p["allowed_updates"] or [])  # remembered for later calls
        offset, limit = p.get("offset", 0), min(max(p.get("limit", 100), 1), 100)
        if offset < 0:  # keep only the last -offset updates
            self._updates = self._updates[offset:]
        elif offset:  # everything before offset is confirmed: gone
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        deadline = time.monotonic() + max(p.get("timeout", 0), 0)
        while not self._deliverable() and not self._closing and time.monotonic() < deadline:
            await self._wait_change(deadline - time.monotonic())
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one "
                    "bot instance is running",
                )
            if self.webhook:
                raise ApiError(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; use "
                    "deleteWebhook to delete the webhook first",
                )
        return self._deliverable()[:limit]

    async def _api_sendmessage(self, p, f):
        """sendMessage"""
        chat_id = self._chat(p)
        content = self._formatted(p, "text", MAX_TEXT, required=True) | self._markup(p)
        return self._new_message(chat_id, self.bot_user, content, self._reply_to(p))

    async def _api_editmessagetext(self, p, f):
        """editMessageText"""
        message = self._own_message(p, "edit")
        if "text" not in message:
            raise bad("there is no text in the message to edit")
        # Leaving reply_markup out of an edit removes the inline keyboard, as on the real server.
        new = self._formatted(p, "text", MAX_TEXT, required=True) | self._markup(p)
        old = {k: message[k] for k in ("text", "entities", "reply_markup") if k in message}
        if new == old:
            raise bad(NOT_MODIFIED[len("Bad Request: ") :])
        for key in ("entities", "reply_markup"):
            message.pop(key, None)
        message.update(new, edit_date=int(time.time()))
        return message

    async def _api_editmessagereplymarkup(self, p, f):
        """editMessageReplyMarkup"""
        message = self._own_message(p, "edit")
        new = self._markup(p)
        if new.get("reply_markup") == message.get("reply_markup"):
            raise bad(NOT_MODIFIED[len("Bad Request: ") :])
        message.pop("reply_markup", None)
        message.update(new, edit_date=int(time.time()))
        return message

    async def _api_deletemessage(self, p, f):
        """deleteMessage"""
        message = self._own_message(p, "delete")
        del self._messages[message["chat"]["id"]][message["message_id"]]
        return True

    async def _api_answercallbackquery(self, p, f):
        """answerCallbackQuery"""
        if p.get("callback_query_id") not in self._callback_queries:
            raise bad("query is too old and response timeout expired or query ID is invalid")
        self._callback_queries.discard(p["callback_query_id"])  # a query is answered once
        return True

    async def _api_sendchataction(self, p, f):
        """sendChatAction"""
        self._chat(p)
        if p.get("action") not in CHAT_ACTIONS:
            raise bad("wrong parameter action in request")
        return True

    async def _api_setmycommands(self, p, f):
        """setMyCommands"""
        commands = p.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad("commands must be an array of at most 100 BotCommand")
        for c in commands:
            if not isinstance(c, dict) or not re.fullmatch(
                r"[a-z0-9_]{1,32}", str(c.get("command", ""))
            ):
                raise bad("BOT_COMMAND_INVALID")
            if not 1 <= len(str(c.get("description", ""))) <= 256:
                raise bad("command description must be non-empty")
        self.commands[
            (json.dumps(p.get("scope") or {"type": "default"}), p.get("language_code", ""))
        ] = commands
        return True

    async def _api_getmycommands(self, p, f):
        """getMyCommands"""
        return self.commands.get(
            (json.dumps(p.get("scope") or {"type": "default"}), p.get("language_code", "")), []
        )

    async def _api_deletemycommands(self, p, f):
        """deleteMyCommands"""
        self.commands.pop(
            (json.dumps(p.get("scope") or {"type": "default"}), p.get("language_code", "")), None
        )
        return True

    async def _api_setwebhook(self, p, f):
        """setWebhook"""
        if not p.get("url"):
            return await self._api_deletewebhook(p, f)  # an empty url removes the webhook
        secret = p.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise bad("secret token contains unallowed characters")
        if not re.match(r"https?://", p["url"]):
            raise bad("bad webhook: An HTTPS URL must be provided for webhook")
        if p.get("drop_pending_updates"):
            self._updates.clear()
        if "allowed_updates" in p:
            self._allowed_updates = list(p["allowed_updates"] or [])
        self.webhook = {
            "url": p["url"],
            "secret_token": secret,
            "last_error_date": None,
            "last_error_message": None,
        }
        if self._webhook_task is None or self._webhook_task.done():
            self._webhook_task = asyncio.create_task(self._deliver_webhook())
        self._notify()
        return True

    async def _api_deletewebhook(self, p, f):
        """deleteWebhook"""
        if p.get("drop_pending_updates"):
            self._updates.clear()
        self.webhook = None
        if self._webhook_task:
            self._webhook_task.cancel()
            self._webhook_task = None
        self._notify()
        return True

    async def _api_getwebhookinfo(self, p, f):
        """getWebhookInfo"""
        info = {
            "url": self.webhook["url"] if self.webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._deliverable()),
        }
        if self.webhook and self.webhook["last_error_date"]:
            info |= {k: self.webhook[k] for k in ("last_error_date", "last_error_message")}
        return info | ({"allowed_updates": self._allowed_updates} if self._allowed_updates else {})

    async def _api_getfile(self, p, f):
        """getFile"""
        stored = self.files.get(p.get("file_id", ""))
        if stored is None:
            raise bad("invalid file_id")
        if len(stored.data) > MAX_DOWNLOAD:
            raise bad("file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }

    async def _api_sendphoto(self, p, f):
        """sendPhoto"""
        chat_id = self._chat(p)
        stored = self._upload(p, f, "photo", "photos")
        if stored.data and not stored.data.startswith(IMAGE_SIGNATURES):
            raise bad("IMAGE_PROCESS_FAILED")  # Telegram decodes photos; non-images are refused
        width, height = (
            struct.unpack(">II", stored.data[16:24])
            if stored.data.startswith(PNG_SIGNATURE) and len(stored.data) >= 24
            else (800, 600)
        )
        photo = [
            {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "width": width,
                "height": height,
                "file_size": len(stored.data),
            }
        ]
        content = (
            {"photo": photo}
            | self._formatted(p, "caption", MAX_CAPTION, required=False)
            | self._markup(p)
        )
        return self._new_message(chat_id, self.bot_user, content, self._reply_to(p))

    async def _api_senddocument(self, p, f):
        """sendDocument"""
        chat_id = self._chat(p)
        stored = self._upload(p, f, "document", "documents")
        document = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
        }
        document |= {
            k: v for k, v in (("file_name", stored.filename), ("mime_type", stored.mime_type)) if v
        }
        content = {"document": document} | self._formatted(
            p, "caption", MAX_CAPTION, required=False
        )
        return self._new_message(
            chat_id, self.bot_user, content | self._markup(p), self._reply_to(p)
        )

    def _chat_member(self, chat_id: int, user: dict, status: str) -> dict:
        """A ChatMember object as the Bot API serialises it for each status."""
        member = {"status": status, "user": user}
        if status == "creator":
            member |= {"is_anonymous": False}
        elif status == "administrator":
            member |= {
                "can_be_edited": False,
                "is_anonymous": False,
                "can_manage_chat": True,
                "can_delete_messages": True,
                "can_manage_video_chats": True,
                "can_restrict_members": True,
                "can_promote_members": False,
                "can_change_info": True,
                "can_invite_users": True,
                "can_post_stories": False,
                "can_edit_stories": False,
                "can_delete_stories": False,
                "can_pin_messages": True,
            }
        elif status == "restricted":
            member |= {"is_member": True, "until_date": 0, "can_send_messages": True}
        elif status == "kicked":
            member |= {"until_date": 0}
        return member

    async def _api_getchatmember(self, p, f):
        """getChatMember"""
        chat_id = self._chat(p)
        user_id = p.get("user_id")
        if not isinstance(user_id, int):
            user_id = int(user_id) if str(user_id or "").lstrip("-").isdigit() else None
        if user_id is None:
            raise bad("user_id is empty" if not p.get("user_id") else "invalid user_id specified")
        chat = self.chats[chat_id]
        if chat["type"] == "private":
            if user_id not in (chat_id, self.bot_user["id"]):
                raise bad("user not found")
            return self._chat_member(
                chat_id,
                self.bot_user
                if user_id == self.bot_user["id"]
                else {"id": chat_id, "is_bot": False, "first_name": chat["first_name"]},
                "member",
            )
        if user_id == self.bot_user["id"]:
            return self._chat_member(chat_id, self.bot_user, "member")
        known = self.members.get(chat_id, {}).get(user_id)
        if known is None:
            raise bad("user not found")
        return self._chat_member(chat_id, *known)

    async def _api_getchatadministrators(self, p, f):
        """getChatAdministrators"""
        chat_id = self._chat(p)
        if self.chats[chat_id]["type"] == "private":
            raise bad("there are no administrators in the private chat")
        return [
            self._chat_member(chat_id, user, status)
            for user, status in self.members.get(chat_id, {}).values()
            if status in ("creator", "administrator")
        ]

    async def _api_close(self, p, f):
        """close"""
        return True

    async def _api_logout(self, p, f):
        """logOut"""
        return True

    # ------------------------------------------------------------ webhook delivery

    async def _deliver_webhook(self) -> None:
        """POST pending updates one by one to the webhook; an update is done when the receiver answers 2xx,
        otherwise it is retried (Telegram keeps retrying, recording the error in getWebhookInfo)."""
        async with ClientSession(timeout=ClientTimeout(total=10)) as session:
            while self.webhook and not self._closing:
                pending = self._deliverable()
                if not pending:
                    await self._wait_change(60)
                    continue
                update, hook = pending[0], self.webhook
                headers = (
                    {"X-Telegram-Bot-Api-Secret-Token": hook["secret_token"]}
                    if hook["secret_token"]
                    else {}
                )
                record: dict[str, Any] = {"update_id": update["update_id"], "time": time.time()}
                try:
                    async with session.post(hook["url"], json=update, headers=headers) as response:
                        record["status"] = response.status
                except Exception as error:  # refused, reset, timed out...
                    record["error"] = repr(error)
                self.webhook_deliveries.append(record)
                if 200 <= record.get("status", 0) < 300:
                    self._updates = [u for u in self._updates if u is not update]
                else:
                    hook["last_error_date"] = int(time.time())
                    hook["last_error_message"] = (
                        record.get("error")
                        or f"Wrong response from the webhook: {record['status']}"
                    )
                    await asyncio.sleep(0.2)
                self._notify()
