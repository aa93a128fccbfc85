"""Wiring only: build_application(settings) → a python-telegram-bot Application.

The engine is opened once, in post_init (in a worker thread: the model takes seconds to
load), and kept in bot_data (a typed ``BotData``, bot/context.py) with the bot's database
and the question limit; updates are taken only once it is there.
"""

from __future__ import annotations

import asyncio
import logging
import time

from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from index import Engine, Settings

from . import admin, brief, council, follows, handlers, national, uploads
from .alerts import Alerts
from .context import BotData
from .indexing import Indexing
from .limits import QuestionLimit, RetryingLimiter
from .settings import BotSettings
from .state import BotState

logger = logging.getLogger(__name__)

#: The update types the bot handles; Telegram sends no others (no edits, no channel posts).
ALLOWED_UPDATES = ["message", "callback_query"]
CONCURRENT_UPDATES = 8
WARM_UP_QUESTION = "When is the next inspection?"
READ_TIMEOUT = (
    30.0  # seconds to wait for Telegram's answer to a call (not getUpdates: it has its own)
)


def build_application(settings: BotSettings) -> Application:
    application = (
        ApplicationBuilder()
        .token(settings.token)
        .context_types(ContextTypes(bot_data=BotData))
        .base_url(f"{settings.api_url}/bot")
        .base_file_url(f"{settings.api_url}/file/bot")
        .rate_limiter(RetryingLimiter())
        # A send that times out may still have reached Telegram, and its retry would show the
        # answer twice: wait long enough (PTB's default is 5 s) that only a lost request times out.
        .read_timeout(READ_TIMEOUT)
        # Answers run in worker threads and an upload takes seconds to index: take updates
        # concurrently, so one admin's upload never holds up anyone's question.
        .concurrent_updates(CONCURRENT_UPDATES)
        .post_init(_open)
        .post_shutdown(_close)
        .build()
    )
    application.bot_data.settings = settings
    private, groups = filters.ChatType.PRIVATE, filters.ChatType.GROUPS
    # Order matters: the first handler that matches an update takes it. Commands come
    # first, so "/ask …" in a private chat is not also read as a plain question; the
    # unknown-command reply must follow every CommandHandler; documents must come before
    # the "send me text" reply that takes every other kind of message in a private chat.
    # In groups only commands and messages addressed to the bot match: the rest is chatter.
    application.add_handlers(
        [
            CommandHandler(["start", "help"], handlers.start),
            CommandHandler("ask", handlers.ask_command),
            CommandHandler("docs", handlers.docs),
            CommandHandler("reindex", admin.reindex),
            CommandHandler("remove", admin.remove),
            CommandHandler("status", handlers.status),
            CommandHandler("timeline", handlers.timeline),
            CommandHandler("brief", brief.brief),
            CommandHandler("council", council.council),
            CommandHandler("national", national.national),
            CommandHandler("list", national.list_command),
            CommandHandler("follow", follows.follow),
            CommandHandler("unfollow", follows.unfollow),
            CommandHandler("following", follows.following),
            MessageHandler(private & filters.COMMAND, handlers.unknown_command),
            MessageHandler(private & filters.TEXT, handlers.ask_private),
            MessageHandler(
                groups & filters.TEXT & handlers.AddressedToBot(), handlers.ask_in_group
            ),
            MessageHandler(private & filters.Document.ALL, admin.upload),
            MessageHandler(private & ~filters.StatusUpdate.ALL, handlers.not_text),
            CallbackQueryHandler(handlers.button),
        ]
    )
    application.add_error_handler(handlers.on_error)
    return application


async def _open(application: Application) -> None:
    """Load the model and the index (building it on first use), then register the command menu."""
    data: BotData = application.bot_data
    settings = data.settings
    began = time.perf_counter()
    engine = await asyncio.to_thread(_open_engine, settings.engine)
    documents = await asyncio.to_thread(engine.documents)
    data.state = BotState(settings.feedback_db)
    data.engine = engine
    data.alerts = Alerts(data.state, engine)
    data.indexing = Indexing(engine)
    data.journal = uploads.Journal(settings.engine.documents_dir)
    data.limit = QuestionLimit(settings.rate_limit_questions, settings.rate_limit_seconds)
    follows.schedule(application, settings.alert_check_seconds)
    await handlers.set_commands(application.bot, settings.admin_ids)
    # In the background, so that questions are answered meanwhile; kept referenced until done.
    data.resuming = asyncio.get_running_loop().create_task(_resume(application))
    logger.info(
        "ready as @%s: %d documents indexed, model and index loaded in %.1fs; feedback in %s",
        application.bot.username,
        len(documents),
        time.perf_counter() - began,
        settings.feedback_db,
    )


def _open_engine(settings: Settings) -> Engine:
    engine = Engine.open(settings, build_if_missing=True)
    engine.ask(WARM_UP_QUESTION)  # the first forward pass is slow; let no user wait for it
    return engine


async def _resume(application: Application) -> None:
    try:
        await admin.resume_interrupted_uploads(application)
    except Exception:  # noqa: BLE001 - the journal keeps what was not finished for the next start
        logger.exception("could not finish the uploads a stop interrupted")


async def _close(application: Application) -> None:
    data: BotData = application.bot_data
    resuming = data.resuming
    if resuming is not None and not resuming.done():  # what it did not finish stays in the journal
        resuming.cancel()
        await asyncio.gather(resuming, return_exceptions=True)
    # This runs after a post_init that failed too: close only what _open got to.
    if hasattr(data, "indexing"):
        data.indexing.close()
    if hasattr(data, "state"):
        data.state.close()
