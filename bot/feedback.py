"""Answers shown, kept under short ids for their buttons, and the 👍/👎 they got: one SQLite file.

Callback data is limited to 64 bytes and can be forged by a client, so a button carries
only an unguessable short id; the question, the answer and its citations stay here.
Calls are quick single-row statements but run in worker threads, hence one lock.
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
"""


class FeedbackUnavailable(InspectionBotError):
    """The feedback database cannot be opened; the message names the file and the fix."""


class Feedback:
    """The bot's own SQLite file; nothing in it is needed to answer questions."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:  # damaged, or not SQLite at all: say which file, and what to do
            self._db.close()
            raise FeedbackUnavailable(
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
                self._db.execute("INSERT INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                 (answer_id, _now(), chat_id, user_id, answer.question, answer.answer,
                                  int(answer.abstained), json.dumps(asdict(answer), default=_iso, ensure_ascii=False)))
        except sqlite3.Error as error:
            logger.warning("could not keep the answer for its buttons (%s); answering without them", error)
            return None
        return answer_id

    def answer(self, answer_id: str) -> Answer | None:
        """The answer kept under this id, or None for an unknown (or forged) id."""
        with self._lock:
            row = self._db.execute("SELECT payload FROM answers WHERE id = ?", (answer_id,)).fetchone()
        return _answer_from_json(json.loads(row[0])) if row else None

    def vote(self, answer_id: str, user_id: int, vote: int) -> bool:
        """Record +1 or -1 from a user for an answer; False if the answer is unknown."""
        with self._lock:
            row = self._db.execute("SELECT question, answer FROM answers WHERE id = ?", (answer_id,)).fetchone()
            if row is None:
                return False
            self._db.execute("INSERT OR REPLACE INTO feedback VALUES (?, ?, ?, ?, ?, ?)",
                             (answer_id, user_id, 1 if vote > 0 else -1, row[0], row[1], _now()))
        return True


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


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

    citations = tuple(Citation(**{**known(Citation, c), "date": _date(c.get("date"))}) for c in data["citations"])
    return Answer(**{**known(Answer, data), "as_of": _date(data.get("as_of")), "today": _date(data.get("today")),
                     "warnings": tuple(data.get("warnings", ())), "citations": citations})
