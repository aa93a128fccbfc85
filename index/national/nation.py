"""The whole country as of a day: each council's latest full inspection, and lists, counts,
changes and comparisons over them, every council cited.

Built from the events extracted at indexing time (index.events), reading only the fields
every event carries (kind, status, earliest, latest, organisation, grades, framework,
quote, source, title, doc_date, location). A council's *full inspections* are the graded
inspections stated with their own dates: a report's "Inspection dates: 7 to 18 November
2022" and judgement table, not a later letter's "since the last inspection in 2018".

    nation = Nation(events, today)
    nation.rated("inadequate")          # NationalAnswer: heading, one line and citation per council
    nation.changed("inadequate", "good")
    nation.compare(["Bolton", "Bury"])

Reports from April 2026 on give no overall effectiveness grade: a list by overall grade
leaves those councils out and its notes say so, naming them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from index.councils import organisations
from index.text.dates import format_date, format_range
from index.text.judgements import judgement_label

#: Overall grades, best first, as index.events writes them ("adequate": before 2013).
GRADES = ("outstanding", "good", "requires improvement", "adequate", "inadequate")
RANK = {"outstanding": 3, "good": 2, "requires improvement": 1, "adequate": 1, "inadequate": 0}
#: Words for a set of grades, as a list or command names it ("/list ri", "good or better").
GRADE_SETS: dict[str, tuple[str, ...]] = {
    "outstanding": ("outstanding",),
    "good": ("good",),
    "requires improvement": ("requires improvement",),
    "requires improvement to be good": ("requires improvement",),
    "ri": ("requires improvement",),
    "adequate": ("adequate",),
    "inadequate": ("inadequate",),
    "good or better": ("outstanding", "good"),
    "good or outstanding": ("outstanding", "good"),
    "less than good": ("requires improvement", "adequate", "inadequate"),
}
# inspections from here on give judgements but no overall grade
NO_OVERALL_FROM = dt.date(2026, 4, 1)
MAX_DAYS = (
    62  # an inspection stated with its own dates lasts weeks; "in 2018" (a year) is a mention
)
MAX_SPLIT_DAYS = (
    200  # a report's own dates may name two parts months apart ("… 2024 and 13 to 16 January 2025")
)
LINES_PER_MESSAGE = 10  # a longer list shows the count, the first ten and the command for the rest


@dataclass(frozen=True)
class Inspection:
    """One council's full inspection, as its report states it."""

    council: str
    earliest: dt.date
    latest: dt.date
    grades: tuple[tuple[str, str], ...]
    framework: str | None
    source: str
    title: str
    doc_date: dt.date | None
    location: str
    quote: str

    @property
    def overall(self) -> str | None:
        return dict(self.grades).get("overall")

    @property
    def ungraded_framework(self) -> bool:
        """Under the framework from April 2026, which gives no overall grade."""
        return self.overall is None and self.earliest >= NO_OVERALL_FROM

    def dates(self) -> str:
        return format_range(self.earliest, self.latest)


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

    question: str  # what was asked, in words ("councils rated inadequate")
    heading: str  # "14 councils are rated inadequate at their latest full inspection, as of …:"
    text_lines: tuple[str, ...]
    citations: tuple[NationalCitation, ...]  # one per council listed, in the order listed
    total: int  # councils listed (or counted)
    today: dt.date  # the day the list is taken as of: each council's latest inspection known then
    notes: tuple[str, ...] = ()  # how the list counted what it could not grade
    # the words that list every council, after `/list` in the bot or `inspection-bot national`
    more: str | None = None

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

    def shown_lines(self, limit: int | None = LINES_PER_MESSAGE) -> tuple[tuple[str, ...], int]:
        """The lines to show (the first ``limit``; all with None) and how many are left out.

        A list with no words that list it whole (a comparison) is always shown whole.
        """
        if limit is None or self.more is None or len(self.text_lines) <= limit:
            return self.text_lines, 0
        return self.text_lines[:limit], len(self.text_lines) - limit

    def to_text(self, limit: int | None = None) -> str:
        """Plain text: heading, lines, sources (title and date per [n]), notes."""
        lines, left = self.shown_lines(limit)
        shown = {int(line.rsplit("[", 1)[1].rstrip("]")) for line in lines if line.endswith("]")}
        parts = [self.headline, *(f"  {line}" for line in lines)]
        if left:
            # how to see the rest depends on where it is shown: the bot and the command line add it
            parts.append(f"  … and {left} more")
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


def _councils_of(name: str | None) -> set[str]:
    """The current councils an event's body stands for: itself, a trust's councils, a predecessor's successors."""
    return organisations.served_by(name) if name else set()


def full_inspections(events: Iterable, today: dt.date) -> dict[str, list[Inspection]]:
    """Each council's full inspections known on ``today``, oldest first, one per inspection.

    The same inspection stated by several documents (its report, a later council paper) is
    kept once, from the statement that gives the most judgements: the report's table.
    """
    found: dict[str, list[Inspection]] = {}
    for e in events:
        if e.kind != "inspection" or e.status != "completed" or e.latest > today:
            continue
        if e.doc_date is not None and e.doc_date > today:
            continue  # published after the day asked about
        days = (e.latest - e.earliest).days
        if days > (MAX_SPLIT_DAYS if e.framework else MAX_DAYS):
            continue
        if not (e.grades or (e.framework or "").startswith(("ilacs", "sif"))):
            continue
        for council in _councils_of(e.organisation):
            found.setdefault(council, []).append(
                Inspection(
                    council,
                    e.earliest,
                    e.latest,
                    tuple(e.grades),
                    e.framework,
                    e.source,
                    e.title,
                    e.doc_date,
                    e.location,
                    e.quote,
                )
            )
    merged: dict[str, list[Inspection]] = {}
    for council, inspections in found.items():
        kept: list[Inspection] = []
        for inspection in sorted(inspections, key=_preference):
            if not any(
                inspection.earliest <= k.latest and k.earliest <= inspection.latest for k in kept
            ):
                kept.append(inspection)
        merged[council] = sorted(kept, key=lambda i: (i.latest, i.earliest))
    return merged


def _preference(inspection: Inspection) -> tuple:
    # Most judgements first; then its own report (published soonest after the inspection).
    published = inspection.doc_date or dt.date.max
    return (-len(inspection.grades), inspection.framework is None, published)


class Nation:
    """Every council's full inspections as known on ``today``; the lists, counts and comparisons over them."""

    def __init__(self, events: Iterable, today: dt.date) -> None:
        self.today = today
        self.inspections = full_inspections(events, today)

    # --- per council ---------------------------------------------------------------

    def latest(self, council: str) -> Inspection | None:
        inspections = self.inspections.get(council)
        return inspections[-1] if inspections else None

    def previous(self, council: str) -> Inspection | None:
        inspections = self.inspections.get(council) or []
        return inspections[-2] if len(inspections) > 1 else None

    def councils(self) -> list[str]:
        """Councils with at least one full inspection known, alphabetically."""
        return sorted(self.inspections)

    def grade_counts(self) -> dict[str, int]:
        """How many councils hold each overall grade at their latest full inspection, plus those with none."""
        counts = {grade: 0 for grade in GRADES}
        counts["no overall grade"] = 0
        for council in self.inspections:
            overall = self.latest(council).overall
            counts[overall if overall in counts else "no overall grade"] += 1
        return counts

    # --- lists and counts ----------------------------------------------------------

    def rated(self, grade: str, *, count: bool = False) -> NationalAnswer:
        """Councils whose latest full inspection gave ``grade`` overall ("good or better" for several)."""
        wanted = GRADE_SETS[grade]
        chosen = [c for c in self.councils() if self.latest(c).overall in wanted]
        ungraded = [c for c in self.councils() if self.latest(c).overall is None]
        described = (
            " or ".join(wanted) if grade not in ("good or better", "good or outstanding") else grade
        )
        verb = "is" if len(chosen) == 1 else "are"
        heading = (
            f"{_councils(len(chosen))} {verb} rated {described} overall at their latest full inspection, "
            f"as of {format_date(self.today)}"
            + (f", out of {len(self.inspections)} with a full inspection" if count else "")
            + ":"
        )
        lines, citations = self._lines(
            chosen, lambda c: f"{c}: {self.latest(c).overall} ({self.latest(c).dates()})"
        )
        notes = [self._ungraded_note(ungraded)] if ungraded else []
        return NationalAnswer(
            f"{'how many' if count else 'which'} councils are rated {grade}",
            heading,
            lines,
            citations,
            len(chosen),
            self.today,
            tuple(notes),
            grade,
        )

    def inspected_in(self, year: int) -> NationalAnswer:
        """Councils with a full inspection that ended in ``year``."""
        chosen = [
            c for c in self.councils() if any(i.latest.year == year for i in self.inspections[c])
        ]

        def line(council: str) -> str:
            inspection = self._in_year(council, year)
            return f"{council}: {inspection.dates()}, {_overall_words(inspection)}"

        lines, citations = self._lines(chosen, line, lambda c: self._in_year(c, year))
        verb = "was" if len(chosen) == 1 else "were"
        heading = (
            f"{_councils(len(chosen))} {verb} given a full inspection in {year}, "
            f"as known on {format_date(self.today)}:"
        )
        return NationalAnswer(
            f"which councils were inspected in {year}",
            heading,
            lines,
            citations,
            len(chosen),
            self.today,
            (),
            f"inspected {year}",
        )

    def not_inspected_since(self, year: int) -> NationalAnswer:
        """Councils whose latest full inspection ended before 1 January of ``year``."""
        chosen = [c for c in self.councils() if self.latest(c).latest.year < year]
        lines, citations = self._lines(
            chosen,
            lambda c: (
                f"{c}: last full inspection {self.latest(c).dates()}, "
                f"{_overall_words(self.latest(c))}"
            ),
        )
        verb = "has" if len(chosen) == 1 else "have"
        heading = (
            f"{_councils(len(chosen))} {verb} had no full inspection since {year} began, "
            f"as of {format_date(self.today)}:"
        )
        never = sorted(set(organisations.COUNCILS) - set(self.inspections))
        notes = (
            (
                f"{_councils(len(never))} with no full inspection report held at all are not listed: "
                f"{_names(never)}.",
            )
            if never
            else ()
        )
        return NationalAnswer(
            f"which councils have had no full inspection since {year}",
            heading,
            lines,
            citations,
            len(chosen),
            self.today,
            notes,
            f"since {year}",
        )

    # --- changes ---------------------------------------------------------------------

    def changed(self, before: str, after: str) -> NationalAnswer:
        """Councils whose overall grade went from ``before`` at one full inspection to ``after`` at the next."""
        pairs = {}
        for council in self.councils():
            inspections = self.inspections[council]
            steps = [
                (a, b)
                for a, b in zip(inspections, inspections[1:])
                if a.overall in GRADE_SETS[before] and b.overall in GRADE_SETS[after]
            ]
            if steps:
                pairs[council] = steps[-1]
        lines, citations = self._pair_lines(pairs)
        heading = (
            f"{_councils(len(pairs))} went from {before} to {after} overall from one full inspection to "
            f"the next, as of {format_date(self.today)}:"
        )
        return NationalAnswer(
            f"which councils went from {before} to {after}",
            heading,
            lines,
            citations,
            len(pairs),
            self.today,
            (),
            f"changed {before} to {after}",
        )

    def moved(self, direction: str) -> NationalAnswer:
        """Councils whose latest full inspection gave a worse (or better) overall grade than the one before."""
        sign = {"worse": -1, "better": 1}[direction]
        pairs, ungraded = {}, []
        for council in self.councils():
            latest, previous = self.latest(council), self.previous(council)
            if previous is None:
                continue
            if latest.overall is None or previous.overall is None:
                ungraded.append(council)
            elif (RANK[latest.overall] - RANK[previous.overall]) * sign > 0:
                pairs[council] = (previous, latest)
        lines, citations = self._pair_lines(pairs)
        heading = (
            f"{_councils(len(pairs))} got a {direction} overall grade at their latest full inspection "
            f"than at the one before, as of {format_date(self.today)}:"
        )
        notes = (
            (
                f"Not compared, for want of an overall grade at one of the two inspections: {_names(ungraded)}.",
            )
            if ungraded
            else ()
        )
        return NationalAnswer(
            f"which councils got {direction} at their last inspection",
            heading,
            lines,
            citations,
            len(pairs),
            self.today,
            notes,
            direction,
        )

    # --- comparisons -----------------------------------------------------------------

    def compare(self, councils: list[str]) -> NationalAnswer:
        """The latest full inspection of each council named, judgement by judgement."""
        held = [c for c in councils if self.latest(c)]
        lines, citations = self._lines(
            held,
            lambda c: f"{c}: {self.latest(c).dates()}: {_judgements(self.latest(c))}",
            ordered=True,
        )
        missing = [c for c in councils if c not in held]
        notes = (f"No full inspection report is held for {_names(missing)}.",) if missing else ()
        heading = f"Latest full inspections, as of {format_date(self.today)}:"
        return NationalAnswer(
            f"compare {' and '.join(councils)}",
            heading,
            lines,
            citations,
            len(held),
            self.today,
            notes,
        )

    # --- helpers ---------------------------------------------------------------------

    def _in_year(self, council: str, year: int) -> Inspection:
        return [i for i in self.inspections[council] if i.latest.year == year][-1]

    def _lines(self, councils: list[str], line, which=None, ordered: bool = False):
        which = which or self.latest
        lines, citations = [], []
        for n, council in enumerate(councils, 1):
            citations.append(_cite(n, which(council)))
            lines.append(f"{line(council)} [{n}]")
        return tuple(lines), tuple(citations)

    def _pair_lines(self, pairs: dict[str, tuple[Inspection, Inspection]]):
        lines, citations = [], []
        for n, (council, (before, after)) in enumerate(sorted(pairs.items()), 1):
            citations.append(_cite(n, after, previous=_cite(n, before)))
            lines.append(
                f"{council}: {before.overall} ({before.dates()}) → {after.overall} ({after.dates()}) [{n}]"
            )
        return tuple(lines), tuple(citations)

    def _ungraded_note(self, councils: list[str]) -> str:
        new = [c for c in councils if self.latest(c).ungraded_framework]
        unread = [c for c in councils if c not in new]
        notes = []
        if new:
            notes.append(
                f"Not counted: {_councils(len(new))} whose latest inspection, under the framework from "
                f"April 2026, gives no overall grade ({_names(new)})."
            )
        if unread:
            notes.append(
                f"Not counted: {_councils(len(unread))} whose latest report's overall grade could not be "
                f"read ({_names(unread)})."
            )
        return " ".join(notes)


def _cite(
    n: int, inspection: Inspection, previous: NationalCitation | None = None
) -> NationalCitation:
    return NationalCitation(
        n,
        inspection.council,
        inspection.source,
        inspection.title,
        inspection.doc_date,
        inspection.location,
        inspection.quote,
        (inspection.earliest, inspection.latest),
        previous,
    )


def _councils(n: int) -> str:
    return f"{n} council{'' if n == 1 else 's'}"


def _names(names: list[str]) -> str:
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)


def _overall_words(inspection: Inspection) -> str:
    if inspection.overall:
        return inspection.overall
    return (
        "no overall grade (framework from April 2026)"
        if inspection.ungraded_framework
        else "overall grade not read"
    )


def _judgements(inspection: Inspection) -> str:
    parts = [f"{judgement_label(k)} {v}" for k, v in inspection.grades]
    if inspection.overall is None:
        parts.insert(0, _overall_words(inspection))
    return "; ".join(parts)


def engine_events(engine) -> list:
    """The events of the engine's live index: the one place national answers reach into the engine."""
    return list(engine.snapshot.answerer.timeline.events)
