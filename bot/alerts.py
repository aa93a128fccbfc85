"""Alerts: a short message when a document about a followed council is indexed, and once a day
when an expected visit's dates have passed with nothing newer. Chats choose what they follow
with /follow (bot/follows.py, which also runs the checks below on python-telegram-bot's JobQueue).

Alerts go through an outbox in the bot's database (bot/state.py): finding them marks the
documents seen and queues one row per chat in one transaction, and a row is marked sent
once Telegram has taken it. A restart sends what is still queued and never queues a
(chat, alert) twice. Documents indexed by anyone (an upload, /reindex, or
`inspection-bot index` run beside the bot) are found by the index generation changing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections import deque
from collections.abc import Callable

from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError

from index.answer import scope
from index.answer.timeline import Timeline, describe_grades, overdue_warning
from index.councils import organisations
from index.engine import Engine
from index.national import engine_events
from index.store import DocumentInfo, live_generation

from . import render
from .state import BotState

logger = logging.getLogger(__name__)

PER_CHAT_PER_MINUTE = 20  # Telegram lets a bot send about 20 messages a minute into one group
QUOTE_CHARS = 300


def councils_of(document: DocumentInfo) -> set[str]:
    """The councils a document is about: its body, or the councils a trust or predecessor stands for."""
    if not document.organisation:
        return set()
    return organisations.served_by(document.organisation) | {document.organisation}


def _citation(event) -> str:
    quote = " ".join(event.quote.split())
    quote = quote if len(quote) <= QUOTE_CHARS else quote[:QUOTE_CHARS].rsplit(" ", 1)[0] + " …"
    return (
        f"[1] <i>{render.escape(event.title)}</i> ({render.format_date(event.doc_date)}), "
        f"{render.escape(event.location)}: “{render.escape(quote)}”"
    )


def document_html(council: str, document: DocumentInfo, events: list) -> str:
    """Title, date and what the document says (the inspection and its grades, a visit, or what it expects), cited."""
    head = (
        f"🔔 <b>New document about {render.escape(council)}</b>: <i>{render.escape(document.title)}</i> "
        f"({render.format_date(document.date)})"
    )
    graded = [e for e in events if e.grades and e.status == "completed"]
    done = [e for e in events if e.status == "completed" and e.kind != "publication"]
    expected = [e for e in events if e.status == "expected"]
    if graded:
        event = max(graded, key=lambda e: (len(e.grades), e.latest))
        says = (
            f"{event.label.capitalize()}, {render.escape(event.wording)}: "
            f"{render.escape(describe_grades(event))} [1]"
        )
    elif done:
        event = max(done, key=lambda e: e.latest)
        says = f"{event.label.capitalize()}: {render.escape(event.wording)} [1]"
    elif expected:
        event = min(expected, key=lambda e: e.earliest)
        says = f"Expected: {event.label}, {render.escape(event.wording)} [1]"
    else:
        return head + "\n/docs lists it."
    return f"{head}\n{says}\n\n{_citation(event)}"


def overdue_html(council: str, event, today: dt.date) -> str:
    return f"⏰ <b>{render.escape(council)}</b>: {render.escape(overdue_warning(event, today))}\n\n{_citation(event)}"


class Alerts:
    """Finds what to tell the following chats, queues it once, and sends it within Telegram's limits."""

    def __init__(
        self, state: BotState, engine: Engine, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.state, self.engine, self._clock = state, engine, clock
        self._sent: dict[int, deque[float]] = {}

    def _reload_if_reindexed(self) -> None:
        """Someone else (`inspection-bot index`) swapped a new generation in: answer from it too."""
        live = live_generation(self.engine.settings.index_dir)
        if live is not None and live != self.engine.snapshot.store.generation:
            logger.info("the index changed on disk (%s); reloading", live.name)
            self.engine.reload()

    def check_documents(self) -> int:
        """Queue an alert per following chat for each document not seen before; returns how many were queued.

        The first check only notes the documents already indexed: following starts from now.
        """
        self._reload_if_reindexed()
        documents = self.engine.documents()
        seen = self.state.seen_documents()
        if seen is None:
            return self.state.queue_alerts([d.content_hash for d in documents], [])
        new = [d for d in documents if d.content_hash not in seen]
        if not new:
            return 0
        followers = self.state.followers()
        events = engine_events(self.engine)
        alerts = []
        for document in new:
            about = [e for e in events if e.doc_id == document.id]
            for council in sorted(councils_of(document) & followers.keys()):
                html = document_html(council, document, about)
                alerts += [
                    (chat, f"doc:{document.content_hash}", html) for chat in followers[council]
                ]
        return self.state.queue_alerts([d.content_hash for d in new], alerts)

    def check_overdue(self, today: dt.date) -> int:
        """Queue, once per chat, each followed council's expected visit whose dates passed with nothing newer."""
        followers = self.state.followers()
        if not followers:
            return 0
        documents = {d.id: d for d in self.engine.documents()}
        events = engine_events(self.engine)
        alerts = []
        for council, chats in followers.items():
            # only what was published by then
            found = scope.decide((council,), today, documents.values())
            if not isinstance(found, scope.Scope):
                continue
            mine = [
                e
                for e in events
                if found.allows(e.doc_id) and council in councils_of(documents[e.doc_id])
            ]
            event = Timeline(mine).overdue(today)
            if event is not None:
                key = (
                    f"overdue:{council}:{event.source}:{event.kind}:{event.earliest}:{event.latest}"
                )
                alerts += [(chat, key, overdue_html(council, event, today)) for chat in chats]
        return self.state.queue_alerts([], alerts)

    def _may_send(self, chat_id: int) -> bool:
        now = self._clock()
        sent = self._sent.setdefault(chat_id, deque())
        while sent and sent[0] <= now - 60:
            sent.popleft()
        return len(sent) < PER_CHAT_PER_MINUTE

    async def send_pending(self, bot) -> int:
        """Send the queued alerts each chat's budget allows now; the rest wait for the next run."""
        sent = 0
        for chat_id, key, html in await asyncio.to_thread(self.state.pending_alerts):
            if not self._may_send(chat_id):
                continue
            try:
                await bot.send_message(
                    chat_id,
                    html,
                    parse_mode=ParseMode.HTML,
                    link_preview_options=render.NO_PREVIEW,
                )
            except (
                Forbidden,
                BadRequest,
            ) as error:  # removed from the group, chat gone: it will never go
                logger.warning("alert %s to chat %s dropped: %s", key, chat_id, error)
            except TelegramError as error:  # try again on the next run
                logger.warning("alert %s to chat %s not sent yet: %s", key, chat_id, error)
                continue
            self._sent[chat_id].append(self._clock())
            await asyncio.to_thread(self.state.alert_sent, chat_id, key)
            sent += 1
        return sent
