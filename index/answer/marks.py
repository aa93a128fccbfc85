"""The timeline as it is drawn and listed: one mark per inspection or visit, with its grade and
its report's publication; what is expected, or overdue; what is mentioned by a year only.

The picture (index/answer/chart.py) and its text twin (`inspection-bot timeline`, the bot's
/timeline) are both made from these marks, so they cannot tell different stories. Built from
the events extracted at indexing time and the report facts (index/answer/factual.py): nothing
here reads a document again.

- An inspection or visit *stated with its own dates* (a month at most, or a report's own dates
  line) is one mark, however many documents state it: the most exact statement gives its
  dates, the one with the most judgements its grades (a council paper's "judged inadequate in
  June 2019" is that inspection's grade).
- A *mention by year only* ("in 2019", "by 2013") says little about when: it is kept, faint,
  only when no dated mark of its kind falls in that year.
- A report's *publication* is the date of the report that states the inspection's own dates,
  or a publication a document states within half a year after a visit or inspection.
- An *expectation* is drawn only while it stands (index/answer/timeline.py): ahead of today
  it is expected, past it is overdue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from index.answer.factual import Report
from index.national.inspections import MAX_SPLIT_DAYS, NO_OVERALL_FROM
from index.store.records import StoredEvent
from index.text.dates import format_date, format_month, format_range
from index.text.judgements import judgement_label

#: The kinds of visit or inspection drawn, one row each, in this order.
KINDS = ("inspection", "monitoring_visit", "focused_visit", "assurance_visit", "jtai")
KIND_NAMES = {
    "inspection": "Full inspection",
    "monitoring_visit": "Monitoring visit",
    "focused_visit": "Focused visit",
    "assurance_visit": "Assurance visit",
    "jtai": "JTAI",
    "publication": "Published",
}
EXACT_DAYS = 62  # stated with its own dates: a month at most; "in 2019" is a mention
PUBLISHED_WITHIN = (
    183  # days after a visit ends that a stated publication is taken to be its letter's
)


@dataclass(frozen=True)
class Mark:
    """One thing the timeline draws, and lists, with the statement it is cited to."""

    kind: str  # one of KINDS, or "publication" for one that belongs to no visit held
    state: str  # "done", "expected", "overdue" (expected, its dates passed) or "mention"
    earliest: dt.date
    latest: dt.date
    event: StoredEvent  # the statement it is drawn from
    grades: tuple[tuple[str, str], ...] = ()
    published: dt.date | None = None  # its report's publication date, when known

    @property
    def exact(self) -> bool:
        return self.state == "done"

    @property
    def overall(self) -> str | None:
        """The overall grade in words ("good"); "no overall grade" under the framework from April
        2026; for an older inspection stated with other judgements only, the first of them."""
        grades = dict(self.grades)
        if "overall" in grades:
            return grades["overall"]
        if not grades:
            return None
        if self.earliest >= NO_OVERALL_FROM:
            return "no overall grade"
        key, grade = self.grades[0]
        return f"{judgement_label(key)} {grade}"

    @property
    def when(self) -> str:
        """Its dates as people say them: "9 – 20 May 2022", "June 2019", or the wording of a
        mention or an expectation ("Summer 2022")."""
        if self.state in ("expected", "overdue", "mention"):
            return self.event.wording
        whole_month = (
            self.earliest.day == 1
            and self.earliest.month == self.latest.month
            and (self.latest + dt.timedelta(days=1)).month != self.latest.month
        )
        return (
            format_month(self.earliest) if whole_month else format_range(self.earliest, self.latest)
        )

    @property
    def name(self) -> str:
        """What it was: "Inspection", "Monitoring visit 4"."""
        name = KIND_NAMES.get(self.kind, self.kind.replace("_", " ").capitalize())
        number = self.event.number if self.kind.endswith("visit") else None
        return f"{name} {number}" if number else name

    @property
    def label(self) -> str:
        """The picture's label: kind, short date and grade ("Inspection May 2022: Outstanding")."""
        name = "Inspection" if self.kind == "inspection" else self.name  # its row says "full"
        if self.state == "expected":
            return f"{name} expected {self.event.wording}"
        if self.state == "overdue":
            return f"{name} expected {self.event.wording}: overdue"
        if self.state == "mention":
            return f"{name} ({self.event.wording})"
        if self.kind == "publication":
            return f"Published {self.earliest:%-d %b %Y}"
        short = self.earliest.strftime("%b %Y")
        if self.latest.strftime("%b %Y") != short:
            short = f"{self.earliest:%b}–{self.latest:%b %Y}"
        grade = self.overall
        return f"{name} {short}" + (f": {grade[:1].upper()}{grade[1:]}" if grade else "")

    def text(self) -> str:
        """The text twin's line: what, when, grade, publication or how overdue."""
        what = self.name[:1].lower() + self.name[1:]
        if self.state == "expected":
            return f"{what} expected {self.event.wording}"
        if self.state == "overdue":
            return (
                f"{what} expected {self.event.wording}: overdue, it should have happened by "
                f"{format_date(self.latest)}"
            )
        if self.state == "mention":
            return f"{what} mentioned by year only ({self.event.wording}); not drawn exactly"
        if self.kind == "publication":
            return f"published {format_date(self.earliest)}"
        grade = self.overall
        return (
            f"{what}, {self.when}"
            + (f": {grade}" if grade else "")
            + (f"; report published {format_date(self.published)}" if self.published else "")
        )

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "state": self.state,
            "earliest": self.earliest.isoformat(),
            "latest": self.latest.isoformat(),
            "when": self.when,
            "label": self.label,
            "overall": self.overall,
            "grades": dict(self.grades),
            "published": self.published.isoformat() if self.published else None,
            "source": self.event.source,
            "title": self.event.title,
            "document_date": self.event.doc_date.isoformat() if self.event.doc_date else None,
            "location": self.event.location,
        }


def build(
    events: Iterable[StoredEvent],
    reports: Iterable[Report],
    standing: Iterable[StoredEvent],
    today: dt.date,
) -> tuple[Mark, ...]:
    """The marks of a body's events as of ``today``, oldest first.

    ``reports`` are the body's reports (their publication dates); ``standing`` its expectations
    no later document shows done or replaced (``Timeline.standing_expectations``).
    """
    events = list(events)
    done = _done(events, today)
    done, loose = _published(done, list(reports), events, today)
    marks = done + loose + _mentions(events, done, today) + _expected(standing, today)
    return tuple(sorted(marks, key=lambda m: (m.earliest, m.latest, KINDS_ORDER.get(m.kind, 9))))


KINDS_ORDER = {k: i for i, k in enumerate((*KINDS, "publication"))}


def _row(event: StoredEvent) -> str | None:
    """The row an event is drawn in: a judgement is its inspection's outcome."""
    if event.kind == "judgement":
        return "inspection" if event.grades else None
    return event.kind if event.kind in KINDS else None


def _exact(event: StoredEvent) -> bool:
    days = (event.latest - event.earliest).days
    # a report's own dates line may name two parts months apart; never a whole year
    return days <= (MAX_SPLIT_DAYS if event.framework else EXACT_DAYS)


def _overlap(a, b) -> bool:
    return a.earliest <= b.latest and b.earliest <= a.latest


def _done(events: list[StoredEvent], today: dt.date) -> list[Mark]:
    """One mark per visit or inspection stated with its own dates, each once."""
    candidates = [
        e
        for e in events
        if e.status == "completed" and e.earliest <= today and _row(e) and _exact(e)
    ]
    # most exact first; then the one with the most judgements, an inspection before a judgement
    candidates.sort(
        key=lambda e: (
            (e.latest - e.earliest).days,
            -len(e.grades),
            e.kind == "judgement",
            -len(e.quote),
        )
    )
    groups: list[list[StoredEvent]] = []
    for event in candidates:
        group = next(
            (g for g in groups if _row(g[0]) == _row(event) and _overlap(g[0], event)), None
        )
        if group is None:
            groups.append([event])
        else:
            group.append(event)
    marks = []
    for group in groups:
        first = group[0]
        graded = max(group, key=lambda e: len(e.grades))
        numbered = next((e for e in group if e.number), first)
        cited = graded if graded.grades else numbered
        marks.append(
            Mark(
                _row(first) or first.kind,
                "done",
                first.earliest,
                first.latest,
                cited,
                tuple(graded.grades),
            )
        )
    return marks


def _published(
    done: list[Mark], reports: list[Report], events: list[StoredEvent], today: dt.date
) -> tuple[list[Mark], list[Mark]]:
    """The marks with their reports' publication dates; publications that belong to none."""
    out = []
    for mark in done:
        dates = sorted(
            r.published
            for r in reports
            if r.published and r.published <= today and r.kind == mark.kind and _overlap(r, mark)
        )
        out.append(_with(mark, dates[0]) if dates else mark)
    loose: list[Mark] = []
    stated = sorted(
        (e for e in events if e.kind == "publication" and e.status == "completed"),
        key=lambda e: e.earliest,
    )
    for event in stated:
        day = event.earliest
        if (
            day > today
            or any(m.published == day for m in out)
            or any(m.earliest == day for m in loose)
        ):
            continue
        before = [
            (i, m)
            for i, m in enumerate(out)
            if m.published is None and m.latest <= day <= m.latest + dt.timedelta(PUBLISHED_WITHIN)
        ]
        if before:
            i, mark = max(before, key=lambda p: p[1].latest)
            out[i] = _with(mark, day)
        else:
            loose.append(Mark("publication", "done", day, day, event))
    return out, loose


def _with(mark: Mark, published: dt.date) -> Mark:
    return Mark(
        mark.kind, mark.state, mark.earliest, mark.latest, mark.event, mark.grades, published
    )


def _mentions(events: list[StoredEvent], done: list[Mark], today: dt.date) -> list[Mark]:
    """Visits and inspections mentioned by a year only, where no dated one of the kind falls."""
    kept: list[Mark] = []
    vague = sorted(
        (
            e
            for e in events
            if e.status == "completed" and e.earliest <= today and _row(e) and not _exact(e)
        ),
        key=lambda e: ((e.latest - e.earliest).days, -len(e.grades)),
    )
    for event in vague:
        row = _row(event)
        if any(m.kind == row and _overlap(m, event) for m in (*done, *kept)):
            continue
        kept.append(Mark(row or event.kind, "mention", event.earliest, event.latest, event))
    return kept


def _expected(standing: Iterable[StoredEvent], today: dt.date) -> list[Mark]:
    """Each standing expectation once: expected while its dates are ahead, overdue after."""
    kept: list[Mark] = []
    for event in sorted(standing, key=lambda e: (not e.number, -len(e.quote))):
        row = event.kind if event.kind in KINDS else None
        if row is None or any(
            m.kind == row and (m.earliest, m.latest) == (event.earliest, event.latest) for m in kept
        ):
            continue
        state = "overdue" if event.latest < today else "expected"
        kept.append(Mark(row, state, event.earliest, event.latest, event))
    return kept
