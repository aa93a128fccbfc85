"""What a national question returns: a ``NationalAnswer``, one ``NationalCitation`` per council.

Its plain text is ``to_text``; its JSON ``to_json`` (the `inspection-bot national --json`
shape); the bot's HTML is bot/national.py, the engine's Answer index/answer/respond.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from index.national.query import NationalQuery
from index.text.dates import format_date

LINES_PER_MESSAGE = 10  # a longer list shows the count, the first ten and how to see the rest


@dataclass(frozen=True)
class NationalCitation:
    n: int
    council: str
    source: str
    title: str
    date: dt.date | None  # the report's publication date
    location: str
    quote: str
    inspected: tuple[dt.date, dt.date]  # the inspection's first and last days
    previous: NationalCitation | None = None  # for a change: the earlier inspection's report

    def to_json(self) -> dict:
        return {
            "n": self.n,
            "council": self.council,
            "source": self.source,
            "title": self.title,
            "date": _iso(self.date),
            "location": self.location,
            "quote": self.quote,
            "inspected": [self.inspected[0].isoformat(), self.inspected[1].isoformat()],
            "previous": self.previous.to_json() if self.previous else None,
        }


@dataclass(frozen=True)
class NationalAnswer:
    """A national answer: a heading, one line per council (each ending in its [n]), notes."""

    question: str  # what was asked, as /list words ("inadequate in london")
    heading: str  # "2 of the 32 councils in London with an overall grade are rated …:"
    text_lines: tuple[str, ...]
    citations: tuple[NationalCitation, ...]  # one per line, in the order listed
    total: int  # councils (or inspections) listed, or counted
    today: dt.date  # the day the list is taken as of: each council's latest inspection known then
    notes: tuple[str, ...] = ()  # what the list left out and why; the other reading of a year
    more: str | None = None  # the words that list every one, after /list ("inadequate in london")
    query: NationalQuery | None = None  # what was asked, as a value

    @property
    def as_of(self) -> dt.date | None:
        """The date of the newest report the answer cites (as everywhere): not the day asked as of."""
        dated = [
            d.date
            for c in self.citations
            for d in (c, c.previous)
            if d is not None and d.date is not None
        ]
        return max(dated) if dated else None

    @property
    def headline(self) -> str:
        """The heading, ending in a full stop when nothing is listed under it."""
        return self.heading if self.text_lines else self.heading.removesuffix(":") + "."

    @property
    def councils(self) -> tuple[str, ...]:
        """The councils listed, in order (a follow-up's "the second one")."""
        return tuple(c.council for c in self.citations)

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "answer": self.headline,
            "total": self.total,
            "today": self.today.isoformat(),
            "as_of": _iso(self.as_of),
            "lines": list(self.text_lines),
            "notes": list(self.notes),
            "citations": [c.to_json() for c in self.citations],
        }

    def shown_lines(
        self, limit: int | None = LINES_PER_MESSAGE, start: int = 0
    ) -> tuple[tuple[str, ...], int]:
        """The lines to show (``limit`` of them from ``start``, or all when at most half as many
        again are left, or with None), and how many are left after them."""
        rest = self.text_lines[start:]
        if limit is None or len(rest) <= limit + limit // 2:  # never cut off just a few
            return rest, 0
        return rest[:limit], len(rest) - limit

    def to_text(self, limit: int | None = None, start: int = 0, more: str | None = None) -> str:
        """Plain text: heading, lines, sources (title and date per [n]), notes. ``more`` says
        how to see the lines left out (default: the /list command)."""
        lines, left = self.shown_lines(limit, start)
        shown = {int(line.rsplit("[", 1)[1].rstrip("]")) for line in lines if line.endswith("]")}
        parts = [self.headline, *(f"  {line}" for line in lines)]
        if left:
            how = more or (f"/list {self.more}" if self.more else None)
            parts.append(f"  … and {left} more" + (f": {how}" if how else ""))
        sources = [
            f"  [{c.n}] {c.title} ({format_date(c.date)}), {c.location}"
            for c in self.citations
            if c.n in shown
        ]
        if sources:
            parts += ["", "Sources:", *sources]
        parts += ["", *self.notes] if self.notes else []
        return "\n".join(parts)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
