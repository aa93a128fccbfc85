"""The typed values the store hands out: documents, their profiles, passages and events.

Nothing here knows SQL; index/store.py fills these from the database, and every stage
past the store reads these, never rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from index.extract.events import Event


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    source: str
    path: str
    title: str
    date: dt.date | None
    date_source: str
    format: str
    passages: int
    content_hash: str
    organisation: str | None = None


@dataclass(frozen=True)
class Passage:
    """A run of a document's text that is embedded and retrieved as one (index/build/chunk.py);
    ``id`` and ``doc_id`` once it is stored."""

    start: int  # offsets into the document's text
    end: int
    text: str
    location: str  # where it starts, as a citation says it ("page 7, para 12")
    section: str | None  # the heading in force
    page: int | None
    id: int | None = None
    doc_id: int | None = None

    def context(self, title: str) -> str:
        """Its document title and heading, as the model sees them before the passage."""
        return " — ".join(part for part in (title, self.section) if part)

    def embedding_text(self, title: str) -> str:
        """What the model sees: the passage with its document title and heading for context."""
        context = self.context(title)
        return f"{context}\n{self.text}" if context else self.text


@dataclass(frozen=True)
class DocumentProfile:
    """What a document is about, for matching the names a question uses (index/retrieve.py)."""

    id: int
    title: str
    source: str
    opening: str  # the first 3,000 characters of its text


#: How each kind of event is named to people.
EVENT_LABELS = {
    "inspection": "full inspection",
    "monitoring_visit": "monitoring visit",
    "focused_visit": "focused visit",
    "assurance_visit": "assurance visit",
    "jtai": "joint targeted area inspection",
    "judgement": "judgement",
    "publication": "publication",
}


@dataclass(frozen=True)
class StoredEvent:
    """An event a document states (index/events.py), with the document and place it comes from."""

    event: Event
    doc_id: int
    source: str
    title: str
    doc_date: dt.date | None
    location: str  # where in the document: "para 1.6", "page 3"

    kind = property(lambda self: self.event.kind)
    status = property(lambda self: self.event.status)
    earliest = property(lambda self: self.event.earliest)
    latest = property(lambda self: self.event.latest)
    wording = property(lambda self: self.event.wording)
    number = property(lambda self: self.event.number)
    organisation = property(lambda self: self.event.organisation)
    grades = property(lambda self: self.event.grades)
    framework = property(lambda self: self.event.framework)
    quote = property(lambda self: self.event.quote)
    focus = property(lambda self: self.event.focus)

    @property
    def label(self) -> str:
        label = EVENT_LABELS.get(self.kind, self.kind.replace("_", " "))
        if self.kind == "monitoring_visit" and self.number:
            n = self.number
            label = f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')} {label}"
        return label

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "label": self.label,
            "status": self.status,
            "earliest": self.earliest.isoformat(),
            "latest": self.latest.isoformat(),
            "wording": self.wording,
            "number": self.number,
            "organisation": self.organisation,
            "grades": dict(self.grades),
            "focus": self.focus,
            "source": self.source,
            "title": self.title,
            "document_date": self.doc_date.isoformat() if self.doc_date else None,
            "location": self.location,
            "quote": self.quote,
        }
