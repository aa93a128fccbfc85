"""Thin handlers: parse the update, call the engine in a worker thread, render, reply.

The engine's work is CPU-bound (an answer embeds the question and its candidate
sentences) or slow (indexing), so it always runs in ``asyncio.to_thread``; the event
loop only moves messages. Which handler sees which update is decided in bot/app.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import sqlite3
import time
import unicodedata
from pathlib import Path
from typing import AsyncIterator

from telegram import (BotCommand, BotCommandScopeChat, LinkPreviewOptions, MaybeInaccessibleMessage, Message,
                      MessageEntity, ReplyParameters, Update)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes, filters

from index.answer import Answer
from index.build import IndexReport
from index.engine import Engine
from index.chart import timeline_png
from index.errors import DocumentNotFound, InspectionBotError

from . import render, uploads
from .feedback import Feedback
from .limits import QuestionLimit
from .settings import BotSettings

logger = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
MAX_QUESTION = 1000  # characters; the engine reads no further, and longer text is rarely a question
#: Bidi embeddings, overrides and isolates: quoted back unbalanced, they would re-order the bot's own words after them.
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
PROGRESS_EVERY = 1.5  # seconds between edits of a progress message: Telegram throttles edits per chat
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)

COMMANDS = (
    BotCommand("ask", "Ask a question about the inspections"),
    BotCommand("docs", "List the documents I quote from"),
    BotCommand("status", "Current grade, last visit, next expected"),
    BotCommand("timeline", "Inspection events in order, with a picture"),
    BotCommand("council", "Show or set the council this chat is about"),
    BotCommand("national", "How councils across England are rated, as a chart"),
    BotCommand("list", "Councils by grade, e.g. /list inadequate"),
    BotCommand("follow", "Be told when a council has a new document"),
    BotCommand("following", "The councils this chat follows"),
    BotCommand("help", "What I know and how to ask"),
)
ADMIN_COMMANDS = COMMANDS + (
    BotCommand("reindex", "Admins: index the documents folder again"),
    BotCommand("remove", "Admins: remove a document (by its /docs id)"),
)


# ---------------------------------------------------------------- asking


async def start(update: Update, context: Context) -> None:
    """/start and /help: what the bot knows, how to ask, examples; admins also see their commands."""
    if not await _admitted(update, context):  # a stranger learns their id for the admins, not what is held
        return
    documents = await asyncio.to_thread(_engine(context).documents)
    user = update.effective_user
    await _reply(update.effective_message, render.help_html(documents, _settings(context).is_admin(user and user.id)))


async def ask_command(update: Update, context: Context) -> None:
    """/ask QUESTION, in any chat."""
    text = update.effective_message.text or ""
    await _answer(update, context, re.sub(r"^/\S*", "", text, count=1))


async def ask_private(update: Update, context: Context) -> None:
    """In a private chat, any text is a question."""
    await _answer(update, context, update.effective_message.text or "")


async def ask_in_group(update: Update, context: Context) -> None:
    """A group message that mentions the bot or replies to it: the rest of its text is the question."""
    text = update.effective_message.text or ""
    await _answer(update, context, re.sub(rf"@{re.escape(context.bot.username)}\b", " ", text, flags=re.I))


async def button(update: Update, context: Context) -> None:
    """A button under an answer: reply with its sources, or record a 👍/👎."""
    query = update.callback_query
    parsed = render.parse_button(query.data)
    if parsed is None:
        return await query.answer()
    if not await _admitted(update, context):
        return
    action, answer_id = parsed
    if action == render.SOURCES:
        answer = await asyncio.to_thread(_feedback(context).answer, answer_id)
        await query.answer(None if answer else render.BUTTON_EXPIRED)
        if answer:
            await _reply(query.message, render.sources_html(answer), quote=True)
        return
    recorded = await asyncio.to_thread(_feedback(context).vote, answer_id, query.from_user.id,
                                       1 if action == render.UP else -1)
    await query.answer(render.THANKS[action] if recorded else render.BUTTON_EXPIRED)


async def docs(update: Update, context: Context) -> None:
    """/docs: the indexed documents with their dates, newest first."""
    if await _admitted(update, context):
        documents = await asyncio.to_thread(_engine(context).documents)
        await _reply(update.effective_message, render.documents_html(documents))


async def status(update: Update, context: Context) -> None:
    """/status [COUNCIL]: current grade, last visit and next expected, each quoted, as of today."""
    if found := await _status(update, context):
        await _reply(update.effective_message, render.status_html(found[0]))


async def timeline(update: Update, context: Context) -> None:
    """/timeline [COUNCIL]: the events in order, then the timeline drawn as a PNG."""
    if not (found := await _status(update, context)):
        return
    current, events = found
    await _reply(update.effective_message, render.timeline_html(current, events))
    if events:
        title = f"Inspection timeline: {current.organisation or 'all documents'}"
        picture = await asyncio.to_thread(timeline_png, events, current.today, title)
        await update.effective_message.reply_photo(picture, caption=title[:1024])


async def _status(update: Update, context: Context):
    """The status and events of the council named after the command, or None once the user has been told why not."""
    if not await _admitted(update, context):
        return None
    try:
        from .council import chat_council  # the chat's council when the command names none

        named = " ".join(context.args or ()) or chat_council(context, update.effective_chat.id)[0]
        return await asyncio.to_thread(_engine(context).status, named)
    except InspectionBotError as error:  # an unknown council, or several and none named
        await _reply(update.effective_message, render.escape(str(error)))
        return None


async def unknown_command(update: Update, context: Context) -> None:
    """A command the bot does not have, in a private chat."""
    command = (update.effective_message.text or "/").split()[0]
    await _reply(update.effective_message, render.UNKNOWN_COMMAND.format(command=render.escape(command)))


async def not_text(update: Update, context: Context) -> None:
    """Stickers, photos, voice notes and the like in a private chat."""
    await _reply(update.effective_message, render.NOT_TEXT)


# ---------------------------------------------------------------- changing the documents (admins)


async def upload(update: Update, context: Context) -> None:
    """Admins: check a document sent in a private chat, save it and index it, reporting on one edited message."""
    message, document = update.effective_message, update.effective_message.document
    if not await _admin(update, context, "add documents"):
        return
    name = uploads.clean_name(document.file_name)
    try:
        uploads.check_name(name)
        uploads.check_size(document.file_size)  # before downloading: Telegram stops at 20 MB
    except uploads.Refused as refused:
        return await _reply(message, render.upload_refused(name, str(refused)))
    status = await _reply(message, render.upload_received(name, document.file_size))
    try:
        data = await _download(message)
        uploads.check_content(name, data)
        saved = await asyncio.to_thread(uploads.save, _settings(context).engine.documents_dir, name, data)
    except uploads.Refused as refused:
        return await _edit(status, render.upload_refused(name, str(refused)))
    await _index_upload(status, context, saved)


async def reindex(update: Update, context: Context) -> None:
    """Admins: /reindex brings the index up to date with the documents folder."""
    if not await _admin(update, context, "re-index the documents"):
        return
    heading = "Indexing the documents folder…\n"
    status = await _reply(update.effective_message, heading)
    report = await _index_with_progress(status, _engine(context), None, heading)
    await _edit(status, render.report_html(report))


async def remove(update: Update, context: Context) -> None:
    """Admins: /remove DOC takes a document out of the index; its file is moved aside, not deleted."""
    if not await _admin(update, context, "remove documents"):
        return
    name = " ".join(context.args or ())
    if not name:
        return await _reply(update.effective_message, render.REMOVE_USAGE)
    try:
        document, moved = await asyncio.to_thread(_engine(context).remove, name)
    except DocumentNotFound:
        return await _reply(update.effective_message, render.NOT_FOUND.format(name=render.escape(name)))
    except InspectionBotError as error:  # e.g. the name matches several documents: the message lists them
        return await _reply(update.effective_message, render.escape(str(error)))
    shown = _relative(moved, _settings(context).engine.documents_dir) if moved else None
    await _reply(update.effective_message, render.removed_html(document, shown))


# ---------------------------------------------------------------- errors


async def on_error(update: object, context: Context) -> None:
    """Log the error first; then tell the user something went wrong, never the traceback."""
    logger.error("error while handling update %s", getattr(update, "update_id", None), exc_info=context.error)
    if not isinstance(update, Update) or update.effective_message is None:
        return
    text = render.WENT_WRONG
    if isinstance(context.error, InspectionBotError) and update.effective_user \
            and _settings(context).is_admin(update.effective_user.id):
        text += f"\n\n<i>For administrators:</i> {render.escape(str(context.error))}"
    try:
        if update.callback_query:
            await update.callback_query.answer()  # stop the button's spinner
        await _reply(update.effective_message, text)
    except TelegramError as error:
        logger.warning("could not tell the user either: %s", error)


# ---------------------------------------------------------------- set-up


class AddressedToBot(filters.MessageFilter):
    """A message that mentions the bot by @username or replies to one of its messages."""

    def filter(self, message: Message) -> bool:
        bot = message.get_bot()
        replied = message.reply_to_message
        if replied and replied.from_user and replied.from_user.id == bot.id:
            return True
        mentions = message.parse_entities([MessageEntity.MENTION]).values()
        return any(m[1:].lower() == (bot.username or "").lower() for m in mentions)


async def set_commands(bot, admin_ids: frozenset[int]) -> None:
    """The command menu; admins get theirs too. Best effort: a failure is logged, never fatal."""
    try:
        await bot.set_my_commands(COMMANDS)
    except TelegramError as error:
        logger.warning("could not register the command menu (%s); the commands still work", error)
    for admin in sorted(admin_ids):
        try:
            await bot.set_my_commands(ADMIN_COMMANDS, scope=BotCommandScopeChat(admin))
        except TelegramError as error:  # e.g. an admin who has not started a chat with the bot yet
            logger.info("could not register the admin command menu for user %s (%s)", admin, error)


# ---------------------------------------------------------------- helpers (not handlers)


def _settings(context: Context) -> BotSettings:
    return context.bot_data["settings"]


def _engine(context: Context) -> Engine:
    return context.bot_data["engine"]


def _feedback(context: Context) -> Feedback:
    return context.bot_data["feedback"]


def _limit(context: Context) -> QuestionLimit:
    return context.bot_data["limit"]


async def _answer(update: Update, context: Context, question: str) -> None:
    """Check the question and the asker, ask the engine in a worker thread, reply with the answer and buttons."""
    message, user = update.effective_message, update.effective_user
    question = clean_question(question)
    if not await _admitted(update, context):
        return
    if not question:
        return await _reply(message, render.ASK_USAGE)
    if len(question) > MAX_QUESTION:
        return await _reply(message, render.TOO_LONG.format(length=len(question), limit=MAX_QUESTION))
    if wait := _limit(context).wait(user.id if user else message.chat_id):
        limit = _limit(context)
        return await _reply(message, render.rate_limited(limit.count, limit.seconds, wait))
    started = time.perf_counter()
    async with _typing(message):
        answer, held = await asyncio.to_thread(_ask, _engine(context), question)
    try:
        answer_id = await asyncio.to_thread(_feedback(context).save_answer, answer, message.chat_id, user and user.id)
    except sqlite3.Error as error:  # a full disk, say: the answer matters more than its buttons
        logger.warning("could not keep the answer for its buttons (%s); answering without them", error)
        answer_id = None
    buttons = render.answer_buttons(answer_id, bool(answer.citations)) if answer_id else None
    await _reply(message, render.answer_html(answer, held), buttons)
    logger.info("answered user %s in chat %s in %.0f ms (%s)", user and user.id, message.chat_id,
                1000 * (time.perf_counter() - started),
                "abstained" if answer.abstained else render.plural(len(answer.citations), "source"))


def clean_question(text: str) -> str:
    """The question without control characters or bidi controls: an abstention quotes it back."""
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    return text.translate(BIDI_CONTROLS).strip()


def _ask(engine: Engine, question: str) -> tuple[Answer, int]:
    """In a worker thread: the answer, and how many documents the index holds (said when it abstains)."""
    answer = engine.ask(question)
    return answer, len(engine.documents()) if answer.abstained else 0


@contextlib.asynccontextmanager
async def _typing(message: Message) -> AsyncIterator[None]:
    """Show "typing…" while the body runs; best effort, and never after the answer has gone."""
    async def send() -> None:
        try:
            await message.get_bot().send_chat_action(message.chat_id, ChatAction.TYPING)
        except TelegramError as error:
            logger.info("typing indicator failed (%s); answering anyway", error)

    task = asyncio.create_task(send())
    try:
        yield
    finally:
        task.cancel()


async def _admitted(update: Update, context: Context) -> bool:
    """Whether this user may ask in this chat; if not, a polite refusal naming their id for the admins."""
    user, chat = update.effective_user, update.effective_chat
    user_id = user.id if user else None
    if _settings(context).may_ask(user_id, chat.id if chat else None):
        return True
    logger.info("refused user %s in chat %s: not on the allowlist", user_id, chat and chat.id)
    text = render.NOT_ALLOWED.format(user_id=user_id)
    if update.callback_query:
        await update.callback_query.answer(re.sub(r"<[^>]+>", "", text)[:200], show_alert=True)
    else:
        await _reply(update.effective_message, text)
    return False


async def _admin(update: Update, context: Context, what: str) -> bool:
    """Whether the user is an admin; if not, a refusal, and the attempt is logged (user id only)."""
    user_id = update.effective_user.id if update.effective_user else None
    if _settings(context).is_admin(user_id):
        return True
    logger.warning("refused a non-admin's attempt to %s: user %s", what, user_id)
    await _reply(update.effective_message, render.ADMINS_ONLY.format(what=what))
    return False


async def _download(message: Message) -> bytes:
    try:
        file = await message.document.get_file()
    except BadRequest as error:
        if "too big" in str(error).lower():
            raise uploads.Refused("Telegram says it is too big for a bot to download (over 20 MB).") from None
        raise
    return bytes(await file.download_as_bytearray())


async def _index_upload(status: Message, context: Context, saved: uploads.Saved) -> None:
    """Index a saved upload, reporting on the status message; a file the engine skips is moved aside."""
    folder, name = _settings(context).engine.documents_dir, saved.path.name
    heading = render.upload_indexing(name, saved.renamed_from)
    await _edit(status, heading)
    try:
        report = await _index_with_progress(status, _engine(context), [saved.path], heading + "\n")
    except InspectionBotError as error:
        return await _edit(status, heading + f"\nIndexing failed: {render.escape(str(error))}\n"
                                              "The file is saved; send /reindex to try again.")
    if report.added or report.updated:
        return await _edit(status, render.upload_indexed(name, report, saved.renamed_from))
    reason = report.skipped[0].reason if report.skipped else "the engine did not take it in"
    moved = await asyncio.to_thread(uploads.set_aside, folder, saved.path)
    await _edit(status, render.upload_rejected(name, reason, _relative(moved, folder)))
    logger.info("upload %s was not indexed (%s); moved aside", name, reason)


async def _index_with_progress(status: Message, engine: Engine, paths: list[Path] | None,
                               heading: str) -> IndexReport:
    """engine.update in a worker thread, editing ``status`` with its progress now and then."""
    latest: list[tuple[str, int, int]] = []  # appended by the worker thread, read here
    work = asyncio.ensure_future(asyncio.to_thread(engine.update, paths,
                                                   progress=lambda *step: latest.append(step)))
    shown = None
    while not work.done():
        await asyncio.wait([work], timeout=PROGRESS_EVERY)
        if latest and latest[-1] != shown and not work.done():
            shown = latest[-1]
            await _edit(status, heading + render.progress_html(*shown))
    return work.result()


async def _reply(message: MaybeInaccessibleMessage, html: str, markup=None, quote: bool | None = None) -> Message:
    """Send ``html`` in as many messages as it takes; in groups (or when asked) quote ``message``.

    Buttons go under the last part. Returns the last message sent.
    """
    quote = message.chat.type != ChatType.PRIVATE if quote is None else quote
    parts = render.split_html(html)
    sent = None
    for i, part in enumerate(parts):
        reply = ReplyParameters(message.message_id, allow_sending_without_reply=True) if quote and i == 0 else None
        sent = await message.get_bot().send_message(
            message.chat.id, part, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW,
            reply_parameters=reply, reply_markup=markup if i == len(parts) - 1 else None)
    return sent


async def _edit(status: Message, html: str) -> None:
    """Edit a progress message; text past one message's limit follows as new messages."""
    first, *rest = render.split_html(html) or ["…"]
    try:
        await status.edit_text(first, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW)
    except BadRequest as error:
        if "not modified" not in str(error):
            raise
    for part in rest:
        await status.get_bot().send_message(status.chat.id, part, parse_mode=ParseMode.HTML,
                                             link_preview_options=NO_PREVIEW)


def _relative(path: Path, folder: Path) -> str:
    try:
        return str(path.resolve().relative_to(folder.resolve()))
    except ValueError:
        return path.name
