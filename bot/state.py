"""The bot's own state, kept across restarts in its own SQLite file (BOT_FEEDBACK_DB): answers
shown (for their buttons) and their 👍/👎, each chat's council, the councils chats follow, the
documents the alerts have looked at, and the alerts queued and sent.

Callback data is limited to 64 bytes and can be forged by a client, so a button carries
only an unguessable short id; the question, the answer and its citations stay here.
Calls are quick single-row statements but run in worker threads, hence one lock. The seven
tables are one class, not one per concept: they share that connection and lock, and queueing
alerts marks documents seen in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
import sqlite3
import threading
from dataclasses import asdict, fields
from pathlib import Path

from index import Answer, Citation, InspectionBotError

logger = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    id TEXT PRIMARY KEY,            -- short random id carried by the buttons
    asked_at TEXT NOT NULL,         -- UTC, ISO 8601
    chat_id INTEGER NOT NULL,
    user_id INTEGER,                -- who asked
    question TEXT NOT NULL,
    answer TEXT NOT NULL,           -- the answer's text, as shown
    abstained INTEGER NOT NULL,
    payload TEXT NOT NULL           -- the whole Answer as JSON, citations and quotes included
);
CREATE TABLE IF NOT EXISTS feedback (
    answer_id TEXT NOT NULL REFERENCES answers(id),
    user_id INTEGER NOT NULL,       -- who pressed the button; a second press replaces the vote
    vote INTEGER NOT NULL,          -- +1 for 👍, -1 for 👎
    question TEXT NOT NULL,         -- copied so a row reads on its own
    answer TEXT NOT NULL,
    voted_at TEXT NOT NULL,
    PRIMARY KEY (answer_id, user_id)
);
CREATE TABLE IF NOT EXISTS chat_councils (
    chat_id INTEGER PRIMARY KEY,
    council TEXT NOT NULL,          -- canonical name (index.organisations)
    set_by INTEGER,
    set_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS follows (
    chat_id INTEGER NOT NULL,
    council TEXT NOT NULL,
    since TEXT NOT NULL,
    PRIMARY KEY (chat_id, council)
);
CREATE TABLE IF NOT EXISTS seen_documents (
    content_hash TEXT PRIMARY KEY,  -- a document the alerts have already looked at
    seen_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS alerts (
    chat_id INTEGER NOT NULL,
    key TEXT NOT NULL,              -- what it is about ("doc:<hash>", "overdue:<council>:…"): never sent twice
    html TEXT NOT NULL,
    queued_at TEXT NOT NULL,
    sent_at TEXT,                   -- NULL until Telegram took it: a restart sends what is still NULL
    PRIMARY KEY (chat_id, key)
);
CREATE TABLE IF NOT EXISTS bot_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


class StateUnavailable(InspectionBotError):
    """The bot's database cannot be opened; the message names the file and the fix."""


class BotState:
    """The bot's own SQLite file; nothing in it is needed to answer questions."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(_SCHEMA)
        except (
            sqlite3.DatabaseError
        ) as exc:  # damaged, or not SQLite at all: say which file, and what to do
            self._db.close()
            raise StateUnavailable(
                f"The feedback database {path} cannot be used ({exc}). It holds only the answers shown and their "
                "votes: move it aside (the bot starts a new one) or set BOT_FEEDBACK_DB, then start the bot again."
            ) from None
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def save_answer(self, answer: Answer, chat_id: int, user_id: int | None) -> str | None:
        """Keep an answer for its buttons; returns its short id (11 URL-safe characters).

        None when it cannot be kept (a full disk, say): the answer matters more than its buttons.
        """
        answer_id = secrets.token_urlsafe(8)
        try:
            with self._lock:
                self._db.execute(
                    "INSERT INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        answer_id,
                        _now(),
                        chat_id,
                        user_id,
                        answer.question,
                        answer.answer,
                        int(answer.abstained),
                        json.dumps(asdict(answer), default=_iso, ensure_ascii=False),
                    ),
                )
        except sqlite3.Error as error:
            logger.warning(
                "could not keep the answer for its buttons (%s); answering without them", error
            )
            return None
        return answer_id

    def answer(self, answer_id: str) -> Answer | None:
        """The answer kept under this id, or None for an unknown (or forged) id."""
        with self._lock:
            row = self._db.execute(
                "SELECT payload FROM answers WHERE id = ?", (answer_id,)
            ).fetchone()
        return _answer_from_json(json.loads(row[0])) if row else None

    def vote(self, answer_id: str, user_id: int, vote: int) -> bool:
        """Record +1 or -1 from a user for an answer; False if the answer is unknown."""
        with self._lock:
            row = self._db.execute(
                "SELECT question, answer FROM answers WHERE id = ?", (answer_id,)
            ).fetchone()
            if row is None:
                return False
            self._db.execute(
                "INSERT OR REPLACE INTO feedback VALUES (?, ?, ?, ?, ?, ?)",
                (answer_id, user_id, 1 if vote > 0 else -1, row[0], row[1], _now()),
            )
        return True

    # --- the chat's council --------------------------------------------------------

    def set_council(self, chat_id: int, council: str | None, user_id: int | None) -> None:
        """Set (or with None clear) the council a chat is about."""
        with self._lock:
            if council is None:
                self._db.execute("DELETE FROM chat_councils WHERE chat_id = ?", (chat_id,))
            else:
                self._db.execute(
                    "INSERT OR REPLACE INTO chat_councils VALUES (?, ?, ?, ?)",
                    (chat_id, council, user_id, _now()),
                )

    def council(self, chat_id: int) -> str | None:
        with self._lock:
            row = self._db.execute(
                "SELECT council FROM chat_councils WHERE chat_id = ?", (chat_id,)
            ).fetchone()
        return row[0] if row else None

    # --- follows and alerts ------------------------------------------------------------

    def follow(self, chat_id: int, council: str) -> bool:
        """Follow a council; False if the chat already did."""
        with self._lock:
            done = self._db.execute(
                "INSERT OR IGNORE INTO follows VALUES (?, ?, ?)", (chat_id, council, _now())
            )
        return done.rowcount == 1

    def unfollow(self, chat_id: int, council: str) -> bool:
        with self._lock:
            done = self._db.execute(
                "DELETE FROM follows WHERE chat_id = ? AND council = ?", (chat_id, council)
            )
        return done.rowcount == 1

    def following(self, chat_id: int) -> list[str]:
        with self._lock:
            rows = self._db.execute(
                "SELECT council FROM follows WHERE chat_id = ? ORDER BY council", (chat_id,)
            )
            return [row[0] for row in rows]

    def followers(self) -> dict[str, list[int]]:
        """Council → the chats following it."""
        out: dict[str, list[int]] = {}
        with self._lock:
            for chat_id, council in self._db.execute(
                "SELECT chat_id, council FROM follows ORDER BY since"
            ):
                out.setdefault(council, []).append(chat_id)
        return out

    def seen_documents(self) -> set[str] | None:
        """Content hashes of the documents already looked at; None before the first look."""
        with self._lock:
            if not self._db.execute(
                "SELECT 1 FROM bot_state WHERE key = 'documents_seen'"
            ).fetchone():
                return None
            return {row[0] for row in self._db.execute("SELECT content_hash FROM seen_documents")}

    def queue_alerts(self, seen: list[str], alerts: list[tuple[int, str, str]]) -> int:
        """Mark documents seen and queue (chat, key, html) alerts, in one transaction; returns how many are new.

        An alert whose (chat, key) was ever queued is not queued again: none is repeated.
        """
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute(
                    "INSERT OR IGNORE INTO bot_state VALUES ('documents_seen', ?)", (_now(),)
                )
                self._db.executemany(
                    "INSERT OR IGNORE INTO seen_documents VALUES (?, ?)",
                    [(h, _now()) for h in seen],
                )
                queued = sum(
                    self._db.execute(
                        "INSERT OR IGNORE INTO alerts VALUES (?, ?, ?, ?, NULL)",
                        (chat, key, html, _now()),
                    ).rowcount
                    for chat, key, html in alerts
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return queued

    def pending_alerts(self) -> list[tuple[int, str, str]]:
        """(chat, key, html) of the alerts not sent yet, oldest first."""
        with self._lock:
            return self._db.execute(
                "SELECT chat_id, key, html FROM alerts WHERE sent_at IS NULL "
                "ORDER BY queued_at, rowid"
            ).fetchall()

    def alert_sent(self, chat_id: int, key: str) -> None:
        with self._lock:
            self._db.execute(
                "UPDATE alerts SET sent_at = ? WHERE chat_id = ? AND key = ?",
                (_now(), chat_id, key),
            )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _iso(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} as JSON")


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _answer_from_json(data: dict) -> Answer:
    # The engine has Answer.to_json but no way back, and to_json drops doc/passage ids. Fields
    # the engine has since dropped are ignored, so answers stored by an older version still load.
    def known(cls, values: dict) -> dict:
        return {f.name: values[f.name] for f in fields(cls) if f.name in values}

    citations = tuple(
        Citation(**{**known(Citation, c), "date": _date(c.get("date"))}) for c in data["citations"]
    )
    return Answer(
        **{
            **known(Answer, data),
            "as_of": _date(data.get("as_of")),
            "today": _date(data.get("today")),
            "warnings": tuple(data.get("warnings", ())),
            "citations": citations,
        }
    )
