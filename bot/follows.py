"""Following councils: /follow, /unfollow, /following, and the jobs that send the alerts.

What an alert says, and the outbox that sends each one once, are bot/alerts.py's; here the
checks run on python-telegram-bot's JobQueue, and chats choose the councils they hear about.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from telegram import Update
from telegram.ext import Application

from . import render, replies
from .context import Context
from .council import council_named, may_configure

logger = logging.getLogger(__name__)

DAILY_AT = dt.time(7, 0, tzinfo=dt.UTC)  # the overdue check: once a day, before the working day


# ---------------------------------------------------------------- jobs (python-telegram-bot's JobQueue)


def schedule(application: Application, every: float) -> None:
    """Look for new documents every ``every`` seconds, and for overdue visits daily (and once at start)."""
    queue = application.job_queue
    queue.run_repeating(_documents_job, interval=every, first=1, name="alerts: new documents")
    queue.run_daily(_overdue_job, DAILY_AT, name="alerts: overdue visits")
    queue.run_once(_overdue_job, 5, name="alerts: overdue visits at start")


async def _documents_job(context: Context) -> None:
    alerts = context.bot_data.alerts
    queued = await asyncio.to_thread(alerts.check_documents)
    if queued:
        logger.info("queued %d alerts about new documents", queued)
    await alerts.send_pending(context.bot)


async def _overdue_job(context: Context) -> None:
    alerts = context.bot_data.alerts
    queued = await asyncio.to_thread(alerts.check_overdue, dt.date.today())
    if queued:
        logger.info("queued %d alerts about overdue visits", queued)
    await alerts.send_pending(context.bot)


# ---------------------------------------------------------------- commands


async def follow(update: Update, context: Context) -> None:
    """/follow NAME: this chat is told when a document about NAME is indexed, or its expected visit is overdue."""
    if not await replies.admitted(update, context):
        return
    name = " ".join(context.args or ())
    if not name:
        return await replies.reply(
            update.effective_message,
            "Send <code>/follow NAME</code>, for example <code>/follow Bolton</code>.",
        )
    if not await may_configure(update, context, "choose which councils this chat follows"):
        return
    found = council_named(name)
    if found is None:
        return await replies.reply(
            update.effective_message,
            f"I do not know a council or trust called “{render.escape(name)}”.",
        )
    new = await asyncio.to_thread(context.bot_data.state.follow, update.effective_chat.id, found)
    await replies.reply(
        update.effective_message,
        (
            f"Following <b>{render.escape(found)}</b>: this chat will hear when a document about it is indexed, "
            "and when an expected visit's dates pass with nothing newer."
            if new
            else f"This chat already follows <b>{render.escape(found)}</b>."
        ),
    )


async def unfollow(update: Update, context: Context) -> None:
    """/unfollow NAME: stop the alerts about NAME in this chat."""
    if not await replies.admitted(update, context):
        return
    name = " ".join(context.args or ())
    if not await may_configure(update, context, "choose which councils this chat follows"):
        return
    found = council_named(name) if name else None
    done = found and await asyncio.to_thread(
        context.bot_data.state.unfollow, update.effective_chat.id, found
    )
    await replies.reply(
        update.effective_message,
        f"Stopped following <b>{render.escape(found)}</b>."
        if done
        else f"This chat does not follow “{render.escape(name)}”; /following lists what it does.",
    )


async def following(update: Update, context: Context) -> None:
    """/following: the councils this chat follows."""
    if not await replies.admitted(update, context):
        return
    councils = await asyncio.to_thread(context.bot_data.state.following, update.effective_chat.id)
    await replies.reply(
        update.effective_message,
        "This chat follows: " + ", ".join(f"<b>{render.escape(c)}</b>" for c in councils) + "."
        if councils
        else "This chat follows no council. Send <code>/follow NAME</code>.",
    )
