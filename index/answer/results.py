"""What the engine returns: an ``Answer`` (with its ``Citation``s) and a ``Status``.

Both are frozen values with ``to_json`` (the documented ``--json`` shapes); their text
renderings for a terminal are in inspection_bot/text.py, their Telegram HTML in bot/render.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from index.answer.marks import Mark
from index.question.types import Question, Used
from index.store.records import StoredEvent


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True)
class Citation:
    n: int
    source: str
    title: str
    date: dt.date | None
    location: str
    quote: str
    doc_id: int
    passage_id: int


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str
    abstained: bool
    confidence: float
    as_of: dt.date | None
    warnings: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()
    today: dt.date | None = None
    # what the answer was about (council, inspection, field): a follow-up's defaults
    used: Used | None = None
    # the question as answered, after a follow-up took what it lacked
    understood: Question | None = None
    # a national list shown in part ("… and 8 more"): the words that list it whole, which each
    # interface turns into its own way of asking (`/list WORDS`, `inspection-bot national WORDS`)
    more: str | None = None

    def to_json(self) -> dict:
        """The documented --json shape; dates as YYYY-MM-DD or null; ``more`` only for a list cut short."""
        shape = {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "confidence": round(self.confidence, 3),
            "as_of": _iso(self.as_of),
            "warnings": list(self.warnings),
            "citations": [
                {
                    "n": c.n,
                    "source": c.source,
                    "title": c.title,
                    "date": _iso(c.date),
                    "location": c.location,
                    "quote": c.quote,
                }
                for c in self.citations
            ],
        }
        if self.more:
            shape["more"] = self.more
        return shape


@dataclass(frozen=True)
class Status:
    """A body's inspection status as of a day, and the events it was read from, in order."""

    organisation: str | None
    today: dt.date
    current_grade: StoredEvent | None
    last_event: StoredEvent | None
    next_expected: StoredEvent | None
    overdue: StoredEvent | None  # the newest standing expectation whose dates have passed
    newest_document: tuple[str, dt.date] | None  # (title, date)
    warnings: tuple[str, ...]
    events: tuple[StoredEvent, ...] = ()
    # the timeline as drawn and listed: each visit or inspection once, publications, what is
    # expected or overdue, mentions by year only (index/answer/marks.py)
    marks: tuple[Mark, ...] = ()

    def to_json(self) -> dict:
        """The documented `timeline --json` shape."""

        def event(e: StoredEvent | None) -> dict | None:
            return e.to_json() if e else None

        return {
            "organisation": self.organisation,
            "today": self.today.isoformat(),
            "current_grade": event(self.current_grade),
            "last_event": event(self.last_event),
            "next_expected": event(self.next_expected),
            "overdue": event(self.overdue),
            "newest_document": {
                "title": self.newest_document[0],
                "date": self.newest_document[1].isoformat(),
            }
            if self.newest_document
            else None,
            "warnings": list(self.warnings),
            "events": [e.to_json() for e in self.events],
            "marks": [m.to_json() for m in self.marks],
        }
