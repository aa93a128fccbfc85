"""Inspection timelines: which event is next, which was last, what grade stands, as of a day.

Events come from the store (extracted from each document's text at indexing time), already
limited to the documents in scope (index/scope.py decides which, and as of which day).
An expectation ("expected October/ November 2021") stands until a later document shows
an event of that kind done on or after the expectation was written, or a later document
gives a newer expectation of the same kind. "Next" is the earliest standing expectation
still ahead of today; when the only standing expectation is already past, it is given
with a warning, never presented as upcoming.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from index.answer import marks
from index.answer.factual import Report
from index.answer.results import Status
from index.store.records import StoredEvent
from index.text import dates
from index.text.judgements import judgement_label

VISIT_KINDS = {"monitoring_visit", "focused_visit", "assurance_visit"}
INSPECTION_KINDS = {"inspection"}


def _compatible(expected: str, done: str) -> bool:
    """A completed event of kind ``done`` fulfils an expectation of kind ``expected``."""
    if expected in INSPECTION_KINDS:
        return done in INSPECTION_KINDS
    if expected in VISIT_KINDS:
        return done == expected or done in INSPECTION_KINDS
    return expected == done


class Timeline:
    def __init__(self, events: list[StoredEvent]) -> None:
        self.events = sorted(events, key=lambda e: (e.earliest, e.latest))

    def completed(self, today: dt.date, kinds: set[str] | None = None) -> list[StoredEvent]:
        return [
            e
            for e in self.events
            if e.status == "completed"
            and e.earliest <= today
            and (kinds is None or e.kind in kinds)
        ]

    def fulfilled_by(self, expected: StoredEvent) -> StoredEvent | None:
        """The first visit or inspection a later document shows done since ``expected`` was written."""
        written = expected.doc_date or expected.earliest
        done = [
            c
            for c in self.events
            if c.status == "completed"
            and _compatible(expected.kind, c.kind)
            and c.latest >= written
            and c.doc_id != expected.doc_id
        ]
        return min(done, key=lambda c: (c.earliest, (c.latest - c.earliest).days)) if done else None

    def standing_expectations(self) -> list[StoredEvent]:
        """Expectations no later document shows done or replaces with a newer one."""
        expected = [e for e in self.events if e.status == "expected"]
        standing = []
        for event in expected:
            written = event.doc_date or event.earliest
            done = self.fulfilled_by(event) is not None
            replaced = any(
                o.kind == event.kind and o is not event and (o.doc_date or o.earliest) > written
                for o in expected
            )
            if not done and not replaced:
                standing.append(event)
        return standing

    def next_expected(self, today: dt.date) -> StoredEvent | None:
        ahead = [e for e in self.standing_expectations() if e.latest >= today]
        return min(ahead, key=lambda e: (e.earliest, e.latest)) if ahead else None

    def overdue(self, today: dt.date) -> StoredEvent | None:
        past = [e for e in self.standing_expectations() if e.latest < today]
        return max(past, key=lambda e: (e.doc_date or e.earliest, e.latest)) if past else None

    def last_event(self, today: dt.date, kinds: set[str] | None = None) -> StoredEvent | None:
        kinds = kinds or (VISIT_KINDS | INSPECTION_KINDS)
        done = self.completed(today, kinds)
        return (
            _most_precise(max(done, key=lambda e: (e.latest, e.doc_date or e.latest)), done)
            if done
            else None
        )

    def first_event(self, today: dt.date, kinds: set[str] | None = None) -> StoredEvent | None:
        """The earliest visit or inspection the documents record as done ("the first monitoring visit")."""
        done = self.completed(today, kinds or (VISIT_KINDS | INSPECTION_KINDS))
        return (
            _most_precise(min(done, key=lambda e: (e.earliest, e.doc_date or e.earliest)), done)
            if done
            else None
        )

    def graded_during(self, spans) -> StoredEvent | None:
        """The graded inspection or judgement whose dates meet one of the given date spans."""
        graded = [
            e
            for e in self.events
            if e.grades and e.status == "completed" and any(dates.overlaps(e, s) for s in spans)
        ]
        return (
            max(graded, key=lambda e: (e.latest, -(e.latest - e.earliest).days)) if graded else None
        )

    def current_grade(self, today: dt.date) -> StoredEvent | None:
        graded = [
            e
            for e in self.completed(today)
            if e.grades and e.kind in INSPECTION_KINDS | {"judgement"}
        ]
        return max(graded, key=lambda e: (e.latest, e.doc_date or e.latest)) if graded else None

    def status(
        self,
        today: dt.date,
        organisation: str | None,
        newest_document: tuple[str, dt.date] | None,
        reports: Iterable[Report] = (),
    ) -> Status:
        """The status as of ``today``, with the timeline's marks (``reports`` give their
        publication dates)."""
        upcoming = self.next_expected(today)
        overdue = self.overdue(today)
        warnings = []
        if overdue is not None and (upcoming is None or overdue.latest < upcoming.earliest):
            warnings.append(overdue_warning(overdue, today))
        if newest_document is not None:
            age = (today - newest_document[1]).days
            if age > 365:
                warnings.append(
                    f"The newest document held is {dates.describe_age(newest_document[1], today)} old "
                    f"(“{newest_document[0]}”, {dates.format_date(newest_document[1])}); newer news may exist."
                )
        return Status(
            organisation,
            today,
            self.current_grade(today),
            self.last_event(today),
            upcoming,
            overdue,
            newest_document,
            tuple(warnings),
            tuple(self.events),
            marks.build(self.events, reports, self.standing_expectations(), today),
        )


def _most_precise(chosen: StoredEvent, events: list[StoredEvent]) -> StoredEvent:
    """The same event as stated most exactly: "13th – 30th July 2021" rather than a heading's "JULY 2021"."""
    same = [
        e
        for e in events
        if e.kind == chosen.kind and e.earliest <= chosen.latest and chosen.earliest <= e.latest
    ]
    return min(same, key=lambda e: ((e.latest - e.earliest).days, -len(e.quote)))


def overdue_warning(event: StoredEvent, today: dt.date) -> str:
    return (
        f"The {event.label} expected for {event.wording} (in “{event.title}”, {dates.format_date(event.doc_date)}) "
        f"should have happened by {dates.format_date(event.latest)}; that date has passed and no newer document "
        f"confirms it took place."
    )


def describe_grades(event: StoredEvent) -> str:
    grades = dict(event.grades)
    parts = [f"{judgement_label(k)}: {v}" for k, v in grades.items()]
    if "overall" not in grades:
        parts.append("no overall effectiveness grade (not given by this inspection)")
    return "; ".join(parts)
