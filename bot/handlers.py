"""Thin handlers for asking: parse the update, call the engine in a worker thread, render, reply.

An answer is CPU-bound (it embeds the question and its candidate sentences), so it runs
in ``asyncio.to_thread``; the event loop only moves messages. Indexing has its own thread
(bot/admin.py), so answers never wait behind it. Which handler sees which update is
decided in bot/app.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
import unicodedata
from collections.abc import AsyncIterator

from telegram import BotCommand, BotCommandScopeChat, Message, MessageEntity, Update
from telegram.constants import ChatAction, ChatType
from telegram.error import RetryAfter, TelegramError, TimedOut
from telegram.ext import filters

from index import Answer, Engine, InspectionBotError, Status
from index.answer.chart import timeline_png
from index.conversation import Conversation
from index.question.followups import Conversations, conversation_key

from . import render
from .context import Context
from .replies import COSTS, admitted, reply

logger = logging.getLogger(__name__)

MAX_QUESTION = 1000  # characters; the engine reads no further, and longer text is rarely a question

COMMANDS = (
    BotCommand("ask", "Ask a question about the inspections"),
    BotCommand("docs", "List the documents I quote from"),
    BotCommand("status", "Current grade, last visit, next expected"),
    BotCommand("timeline", "Inspection events in order, with a picture"),
    BotCommand("brief", "One page on a council: grades, what to improve, visits, what next"),
    BotCommand("council", "Show or set the council this chat is about"),
    BotCommand("national", "How councils are rated, as a chart (or /national care leavers)"),
    BotCommand("list", "Councils by grade, region or year, e.g. /list inadequate in london"),
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
    if not await admitted(
        update, context
    ):  # a stranger learns their id for the admins, not what is held
        return
    documents = await asyncio.to_thread(context.bot_data.engine.documents)
    user = update.effective_user
    await reply(
        update.effective_message,
        render.help_html(documents, context.bot_data.settings.is_admin(user and user.id)),
    )


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
    await _answer(
        update, context, re.sub(rf"@{re.escape(context.bot.username)}\b", " ", text, flags=re.I)
    )


async def button(update: Update, context: Context) -> None:
    """A button under an answer: reply with its sources, or record a 👍/👎."""
    query = update.callback_query
    parsed = render.parse_button(query.data)
    if parsed is None:
        return await query.answer()
    action, answer_id = parsed
    if not await admitted(update, context, COSTS["reply" if action == render.SOURCES else "vote"]):
        return
    if action == render.SOURCES:
        # A forged inline-mode callback carries no message to reply under: nothing to show it.
        answer = (
            await asyncio.to_thread(context.bot_data.state.answer, answer_id)
            if query.message
            else None
        )
        await query.answer(None if answer else render.BUTTON_EXPIRED)
        if answer:
            await reply(query.message, render.sources_html(answer), quote=True)
        return
    recorded = await asyncio.to_thread(
        context.bot_data.state.vote, answer_id, query.from_user.id, 1 if action == render.UP else -1
    )
    await query.answer(render.THANKS[action] if recorded else render.BUTTON_EXPIRED)


async def docs(update: Update, context: Context) -> None:
    """/docs: the indexed documents with their dates, newest first."""
    if await admitted(update, context):
        documents = await asyncio.to_thread(context.bot_data.engine.documents)
        await reply(update.effective_message, render.documents_html(documents))


async def status(update: Update, context: Context) -> None:
    """/status [COUNCIL]: current grade, last visit and next expected, each quoted, as of today."""
    if found := await _status(update, context):
        await reply(update.effective_message, render.status_html(found))


async def timeline(update: Update, context: Context) -> None:
    """/timeline [COUNCIL]: the events in order, then the timeline drawn as a PNG."""
    if not (found := await _status(update, context, COSTS["picture"])):
        return
    await reply(update.effective_message, render.timeline_html(found))
    if found.marks:
        title = f"Inspection timeline: {found.organisation or 'all documents'}"
        picture = await asyncio.to_thread(timeline_png, found.marks, found.today, title)
        await update.effective_message.reply_photo(picture, caption=title[:1024])


async def _status(update: Update, context: Context, cost: float = COSTS["reply"]) -> Status | None:
    """The status of the council named after the command, or None once the user has been told why not."""
    if not await admitted(update, context, cost):
        return None
    try:
        from .council import chat_council  # the chat's council when the command names none

        named = " ".join(context.args or ()) or chat_council(context, update.effective_chat.id)[0]
        return await asyncio.to_thread(context.bot_data.engine.status, named)
    except (
        InspectionBotError
    ) as error:  # OutOfScope: an unknown council, one without documents, or which one?
        await reply(update.effective_message, render.escape(str(error)))
        return None


async def unknown_command(update: Update, context: Context) -> None:
    """A command the bot does not have, in a private chat."""
    if not await admitted(update, context):  # a stranger gets the refusal, as for everything else
        return
    command = (update.effective_message.text or "/").split()[0]
    await reply(
        update.effective_message, render.UNKNOWN_COMMAND.format(command=render.escape(command))
    )


async def not_text(update: Update, context: Context) -> None:
    """Stickers, photos, voice notes and the like in a private chat."""
    if not await admitted(update, context):
        return
    await reply(update.effective_message, render.NOT_TEXT)


# ---------------------------------------------------------------- errors


async def on_error(update: object, context: Context) -> None:
    """Log the error first; then tell the user something went wrong, never the traceback."""
    if isinstance(
        context.error, (RetryAfter, TimedOut)
    ):  # Telegram is throttling or slow: a reply would add to it
        logger.warning(
            "update %s: a reply was dropped (%s)", getattr(update, "update_id", None), context.error
        )
        return
    logger.error(
        "error while handling update %s", getattr(update, "update_id", None), exc_info=context.error
    )
    if not isinstance(update, Update) or update.effective_message is None:
        return
    text = render.WENT_WRONG
    if (
        isinstance(context.error, InspectionBotError)
        and update.effective_user
        and context.bot_data.settings.is_admin(update.effective_user.id)
    ):
        text += f"\n\n<i>For administrators:</i> {render.escape(str(context.error))}"
    try:
        if update.callback_query:
            await update.callback_query.answer()  # stop the button's spinner
        await reply(update.effective_message, text)
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


async def _answer(update: Update, context: Context, question: str) -> None:
    """Check the question and the asker, ask the engine in a worker thread, reply with the answer and buttons."""
    message, user = update.effective_message, update.effective_user
    question = clean_question(question)
    if not await admitted(update, context):
        return
    if not question:
        return await reply(message, render.ASK_USAGE)
    if len(question) > MAX_QUESTION:
        return await reply(
            message, render.TOO_LONG.format(length=len(question), limit=MAX_QUESTION)
        )
    started = time.perf_counter()
    from .council import (
        chat_council,  # the chat's council, for questions that name none or say "our"
    )

    chat = update.effective_chat
    key = conversation_key(
        message.chat_id, user and user.id, chat is not None and chat.type != ChatType.PRIVATE
    )
    council = chat_council(context, message.chat_id)[0]
    async with _typing(message):
        answer, held = await asyncio.to_thread(
            _ask,
            context.bot_data.engine,
            question,
            council,
            context.bot_data.conversations,
            key,
        )
    answer_id = await asyncio.to_thread(
        context.bot_data.state.save_answer, answer, message.chat_id, user and user.id
    )
    buttons = render.answer_buttons(answer_id, bool(answer.citations)) if answer_id else None
    await reply(message, render.answer_html(answer, held), buttons)
    logger.info(
        "answered user %s in chat %s in %.0f ms (%s)",
        user and user.id,
        message.chat_id,
        1000 * (time.perf_counter() - started),
        "abstained" if answer.abstained else render.plural(len(answer.citations), "source"),
    )


def clean_question(text: str) -> str:
    """The question without control characters or bidi controls: an abstention quotes it back."""
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    return render.without_bidi(text).strip()


def _ask(
    engine: Engine, question: str, council: str | None, conversations: Conversations, key
) -> tuple[Answer, int]:
    """In a worker thread: the answer, and how many documents the index holds (said when it abstains).

    The conversation's previous turn (within 30 minutes) lends a follow-up what it lacks.
    """
    answer = Conversation(engine, conversations, key, council=council).ask(question)
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
