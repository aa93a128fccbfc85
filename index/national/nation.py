"""The whole country as of a day: each council's full inspections, and a ``NationalQuery`` run
over them into a ``NationalAnswer`` that cites every council it names.

    nation = Nation(events, today)
    nation.answer(NationalQuery("count", grades=("inadequate",), region="London"))
    nation.rated("inadequate")          # the same as NationalQuery("list", grades=("inadequate",))
    nation.changed("inadequate", "good")
    nation.compare(["Bolton", "Bury"])

Counts say what they count: "46 of the 142 councils with an overall grade". Reports from
April 2026 on give no overall effectiveness grade: a list by overall grade leaves those
councils out of both numbers, and its notes name them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from index.councils import organisations, regions
from index.national.inspections import Inspection, full_inspections
from index.national.query import GRADE_SETS, RANK, Change, NationalQuery, Period
from index.national.results import NationalAnswer, NationalCitation
from index.text.dates import format_date
from index.text.judgements import judgement_label, judgement_name


@dataclass(frozen=True)
class _Row:
    """One line of an answer: a council, the inspection it is listed for, and for a change
    the inspection before."""

    council: str
    inspection: Inspection
    previous: Inspection | None = None


class Nation:
    """Every council's full inspections as known on ``today``; national queries answered over them."""

    def __init__(self, events: Iterable, today: dt.date) -> None:
        self.events = list(events)
        self.today = today
        self.inspections = full_inspections(self.events, today)

    # --- per council ---------------------------------------------------------------

    def latest(self, council: str) -> Inspection | None:
        inspections = self.inspections.get(council)
        return inspections[-1] if inspections else None

    def previous(self, council: str) -> Inspection | None:
        inspections = self.inspections.get(council) or []
        return inspections[-2] if len(inspections) > 1 else None

    def councils(self, region: str | None = None) -> list[str]:
        """Councils with at least one full inspection known (in ``region``), alphabetically."""
        inside = regions.members(region) if region else None
        return sorted(c for c in self.inspections if inside is None or c in inside)

    def grade_counts(self) -> dict[str, int]:
        """How many councils hold each overall grade at their latest full inspection, plus those with none."""
        counts = {grade: 0 for grade in RANK}
        counts["no overall grade"] = 0
        for council in self.inspections:
            overall = self.latest(council).overall
            counts[overall if overall in counts else "no overall grade"] += 1
        return counts

    # --- queries -------------------------------------------------------------------

    def answer(self, query: NationalQuery) -> NationalAnswer:
        """The answer to a national query: its lines, one citation each, and what it counted."""
        if query.as_of is not None and query.as_of != self.today:
            return Nation(self.events, query.as_of).answer(replace(query, as_of=None))
        if query.operation == "compare":
            return self.compare(list(query.councils))
        if query.change is not None:
            return self._changes(query)
        if query.period is not None:
            return self._in_period(query)
        if query.not_since is not None:
            return self._not_since(query)
        return self._latest(query)

    def rated(self, grade: str, *, count: bool = False) -> NationalAnswer:
        """Councils whose latest full inspection gave ``grade`` overall ("good or better" for several)."""
        operation = "count" if count else "list"
        return self.answer(NationalQuery(operation, grades=GRADE_SETS[grade], grade_words=grade))

    def inspected_in(self, year: int) -> NationalAnswer:
        """Full inspections that ended in ``year`` (by their own dates)."""
        period = Period(dt.date(year, 1, 1), dt.date(year, 12, 31), "fieldwork", True, str(year))
        return self.answer(NationalQuery(period=period))

    def not_inspected_since(self, year: int) -> NationalAnswer:
        """Councils whose latest full inspection ended before 1 January of ``year``."""
        return self.answer(NationalQuery(not_since=year))

    def changed(self, before: str, after: str) -> NationalAnswer:
        """Councils whose overall grade went from ``before`` at one full inspection to ``after`` at the next."""
        change = Change(GRADE_SETS[before], GRADE_SETS[after], None, False, before, after)
        return self.answer(NationalQuery(change=change))

    def moved(self, direction: str) -> NationalAnswer:
        """Councils whose latest full inspection gave a worse (or better) overall grade than the one before."""
        return self.answer(NationalQuery(change=Change(direction=direction)))

    def compare(self, councils: list[str]) -> NationalAnswer:
        """The latest full inspection of each council named, judgement by judgement."""
        held = [c for c in councils if self.latest(c)]
        rows = [_Row(c, self.latest(c)) for c in held]
        lines, citations = _lines(
            rows, lambda r: f"{r.council}: {r.inspection.dates()}: {_judgements(r.inspection)}"
        )
        missing = [c for c in councils if c not in held]
        notes = (f"No full inspection report is held for {_names(missing)}.",) if missing else ()
        query = NationalQuery("compare", councils=tuple(councils))
        return NationalAnswer(
            query.words(),
            f"Latest full inspections, as of {format_date(self.today)}:",
            lines,
            citations,
            len(held),
            self.today,
            notes,
            None,
            query,
        )

    # --- each council's latest full inspection ---------------------------------------

    def _latest(self, query: NationalQuery) -> NationalAnswer:
        """Councils by their latest full inspection: by a grade, a framework, or all of them."""
        everyone = self.councils(query.region)
        pool = [c for c in everyone if _framework_holds(self.latest(c), query)]
        chosen, base, notes = pool, len(everyone), ()
        if query.grades:
            judged = [
                c for c in pool if self.latest(c).judged(query.judgement, query.grades) is not None
            ]
            chosen = [c for c in judged if self.latest(c).judged(query.judgement, query.grades)]
            base = len(judged)
            notes = self._not_judged(query, [c for c in pool if c not in judged])
            notes += _judged_together(query, [self.latest(c) for c in judged])
        rows = [_Row(c, self.latest(c)) for c in chosen]
        if query.operation in ("newest", "oldest"):
            return self._ordered(query, rows, _latest_set(query, len(chosen)), notes)
        heading = _latest_heading(query, len(chosen), base, self.today)
        return self._answer(query, heading, rows, _latest_line(query), notes)

    def _not_judged(self, query: NationalQuery, councils: list[str]) -> tuple[str, ...]:
        """Who a list by a judgement's grade left out, and why."""
        if not councils:
            return ()
        if query.judgement in ("overall", "every"):
            return (self._ungraded_note(councils),)
        name = judgement_name(query.judgement)
        together = [c for c in councils if self.latest(c).grade("in_care_and_care_leavers")]
        other = [c for c in councils if c not in together]
        notes = []
        if together:
            notes.append(
                f"Not counted: {_councils(len(together))} whose latest inspection judged children in "
                f"care and care leavers together, with no judgement on {name} alone ({_names(together)})."
            )
        if other:
            notes.append(
                f"Not counted: {_councils(len(other))} whose latest inspection gave no judgement on "
                f"{name} ({_names(other)})."
            )
        return (" ".join(notes),)

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

    # --- every full inspection of a period -------------------------------------------

    def _in_period(self, query: NationalQuery) -> NationalAnswer:
        """Full inspections of a period, by their own dates or their reports' publication."""
        period = query.period
        rows = self._period_rows(query, period)
        where = _where(query)
        notes: list[str] = []
        if query.grades:
            judged = [
                r for r in rows if r.inspection.judged(query.judgement, query.grades) is not None
            ]
            chosen = [r for r in judged if r.inspection.judged(query.judgement, query.grades)]
            what = _judgement_words(query)
            heading = (
                f"{len(chosen)} of the {len(judged)} full {_inspections_words(period, where)} "
                f"that gave {what[0]} {'was' if len(chosen) == 1 else 'were'} {what[1]}, "
                f"as known on {format_date(self.today)}:"
            )
        else:
            chosen = rows
            verb = "was" if len(rows) == 1 else "were"
            noun = "inspection report" if period.reading == "published" else "inspection"
            heading = (
                f"{len(rows)} full {noun}{'' if len(rows) == 1 else 's'}{where} {verb} "
                f"{_period_words(period)}, as known on {format_date(self.today)}:"
            )
        if not period.stated:  # the year was not said to be either: give the other count too
            other = replace(
                period, reading="fieldwork" if period.reading == "published" else "published"
            )
            again = self._in_period(
                replace(query, period=replace(other, stated=True), operation="count")
            )
            notes.append(
                f"{_reading_note(period)} By {_reading_name(other)} instead: {again.total}."
            )
        if query.operation in ("newest", "oldest"):
            described = f"the {len(chosen)} full inspections{where} {_period_words(period)}"
            return self._ordered(query, chosen, described, tuple(notes))
        return self._answer(query, heading, chosen, _period_line(query), tuple(notes))

    def _period_rows(self, query: NationalQuery, period: Period) -> list[_Row]:
        """Each full inspection with its own report held, in the period and the region asked."""
        rows = []
        for council in self.councils(query.region):
            for inspection in self.inspections[council]:
                if (
                    inspection.own_report
                    and period.holds(_day(inspection, period))
                    and _framework_holds(inspection, query)
                ):
                    rows.append(_Row(council, inspection))
        return rows

    def _not_since(self, query: NationalQuery) -> NationalAnswer:
        """Councils whose latest full inspection ended before a year began."""
        year = query.not_since
        chosen = [c for c in self.councils(query.region) if self.latest(c).latest.year < year]
        if query.grades:  # "which inadequate councils have not been inspected since 2023"
            chosen = [c for c in chosen if self.latest(c).judged(query.judgement, query.grades)]
        verb = "has" if len(chosen) == 1 else "have"
        graded = f" {_judgement_words(query)[1]} at it" if query.grades else ""
        heading = (
            f"{_councils(len(chosen))}{_where(query)} whose latest full inspection ended before "
            f"{year}{graded} {verb} had none since, as of {format_date(self.today)}:"
        )
        inside = regions.members(query.region) if query.region else set(organisations.COUNCILS)
        never = sorted(inside - set(self.inspections))
        notes = (
            (
                f"{_councils(len(never))} with no full inspection report held at all are not listed: "
                f"{_names(never)}.",
            )
            if never
            else ()
        )

        def line(row: _Row) -> str:
            return f"{row.council}: last full inspection {row.inspection.dates()}, {_overall_words(row.inspection)}"

        rows = [_Row(c, self.latest(c)) for c in chosen]
        return self._answer(query, heading, rows, line, notes)

    # --- changes ---------------------------------------------------------------------

    def _changes(self, query: NationalQuery) -> NationalAnswer:
        """Councils whose grade changed as asked, from one full inspection to the next."""
        change = query.change
        key = "overall" if query.judgement == "every" else query.judgement
        rows, compared, ungraded = [], 0, []
        for council in self.councils(query.region):
            inspections = self.inspections[council]
            steps = list(zip(inspections, inspections[1:]))
            if query.period is not None:  # "which councils improved in 2025": the later one then
                steps = [(a, b) for a, b in steps if query.period.holds(_day(b, query.period))]
                compared += any(None not in (a.grade(key), b.grade(key)) for a, b in steps)
            elif change.latest:
                steps = steps[-1:]
                if steps and None in (steps[0][0].grade(key), steps[0][1].grade(key)):
                    ungraded.append(council)
                    continue
                compared += bool(steps)
            found = [(a, b) for a, b in steps if change.holds(a.grade(key), b.grade(key))]
            if found:
                rows.append(_Row(council, found[-1][1], found[-1][0]))
        heading = _change_heading(query, len(rows), compared, self.today)
        notes = (
            (
                f"Not compared, for want of {_grade_noun(key)} at one of the two inspections: "
                f"{_names(ungraded)}.",
            )
            if ungraded
            else ()
        )

        def line(row: _Row) -> str:
            before, after = row.previous, row.inspection
            return f"{row.council}: {before.grade(key)} ({before.dates()}) → {after.grade(key)} ({after.dates()})"

        if query.operation in ("newest", "oldest"):
            return self._ordered(query, rows, f"the {len(rows)} such changes", notes)
        return self._answer(query, heading, rows, line, notes)

    # --- ordered: newest or oldest first ---------------------------------------------

    def _ordered(
        self, query: NationalQuery, rows: list[_Row], described: str, notes: tuple[str, ...]
    ) -> NationalAnswer:
        """The rows most recent (or least recent) first, by fieldwork or publication; the
        heading names the first."""
        published = query.ordered_by == "published"

        def day(row: _Row) -> dt.date:
            return (
                (row.inspection.doc_date or row.inspection.latest)
                if published
                else row.inspection.latest
            )

        rows = sorted(rows, key=lambda r: (day(r), r.council), reverse=query.operation == "newest")
        most = "most recent" if query.operation == "newest" else "least recent"
        by = "its report's publication date" if published else "the inspection's own dates"
        if rows:
            top = rows[0]
            when = (
                f"published {format_date(top.inspection.doc_date)}"
                if published
                else top.inspection.dates()
            )
            heading = (
                f"{top.council}'s is the {most} of {described}, by {by} ({when}), "
                f"as of {format_date(self.today)}; {most} first:"
            )
        else:
            heading = f"None of {described}, as of {format_date(self.today)}:"

        def line(row: _Row) -> str:
            i = row.inspection
            return f"{row.council}: {i.dates()}, published {format_date(i.doc_date)}, {_grade_words(i, query)}"

        return self._answer(query, heading, rows, line, notes)

    # --- the answer -------------------------------------------------------------------

    def _answer(
        self,
        query: NationalQuery,
        heading: str,
        rows: list[_Row],
        line: Callable[[_Row], str],
        notes: tuple[str, ...],
    ) -> NationalAnswer:
        lines, citations = _lines(rows, line)
        # the command for every line: a count lists them too
        every = replace(query, operation="list") if query.operation == "count" else query
        return NationalAnswer(
            query.words(),
            heading,
            lines,
            citations,
            len(rows),
            self.today,
            notes,
            every.words(),
            query,
        )


# --- headings ------------------------------------------------------------------------


def _day(inspection: Inspection, period: Period) -> dt.date | None:
    """The day a period reads an inspection by: its last day, or its report's publication."""
    return inspection.doc_date if period.reading == "published" else inspection.latest


def _where(query: NationalQuery) -> str:
    return f" {regions.described(query.region)}" if query.region else ""


def _grade_noun(judgement: str) -> str:
    return (
        "an overall grade"
        if judgement in ("overall", "every")
        else f"a judgement on {judgement_name(judgement)}"
    )


def _judgement_words(query: NationalQuery) -> tuple[str, str]:
    """(what an inspection must give to be counted, what it gave): ("an overall grade", "inadequate")."""
    grades = query.grade_words or " or ".join(query.grades)
    if query.judgement == "every":
        return "an overall grade", f"{grades} in every judgement"
    if query.judgement == "overall":
        return "an overall grade", f"rated {grades} overall"
    return f"a judgement on {judgement_name(query.judgement)}", f"judged {grades} for it"


def _latest_heading(query: NationalQuery, chosen: int, base: int, today: dt.date) -> str:
    """ "46 of the 142 councils with an overall grade are rated outstanding overall at their
    latest full inspection, as of 7 December 2026:"."""
    where, as_of = _where(query), f"as of {format_date(today)}"
    if query.grades:
        _, what = _judgement_words(query)
        plural = chosen != 1
        verb = (
            ("are" if plural else "is")
            if query.judgement == "overall"
            else ("were" if plural else "was")
        )
        return (
            f"{chosen} of the {base} councils{where}{_framework_words(query)} with "
            f"{_grade_noun(query.judgement)}{_share(query, chosen, base)} {verb} {what} at their "
            f"latest full inspection, {as_of}:"
        )
    if query.ungraded or query.framework:
        return (
            f"{chosen} of the {base} councils{where} with a full inspection had their latest "
            f"under {_framework_name(query)}, {as_of}:"
        )
    return f"{_councils(chosen)}{where} have a full inspection report held; each one's latest, {as_of}:"


def _share(query: NationalQuery, chosen: int, base: int) -> str:
    """A count's share of what it counted from: " (75%)"."""
    return f" ({round(100 * chosen / base)}%)" if query.operation == "count" and base else ""


def _latest_set(query: NationalQuery, chosen: int) -> str:
    """The latest inspections an ordered answer ranks, in words."""
    where = _where(query)
    if query.grades:
        _, what = _judgement_words(query)
        return f"the latest full inspections of the {chosen} councils{where} {what} at them"
    if query.ungraded or query.framework:
        return f"the {chosen} latest full inspections{where} under {_framework_name(query)}"
    return f"the latest full inspections of the {chosen} councils{where} with one"


def _judged_together(query: NationalQuery, inspections: list[Inspection]) -> tuple[str, ...]:
    """Children in care judged together with care leavers count as children in care: say so."""
    together = [i.council for i in inspections if i.grade("in_care_and_care_leavers")]
    if query.judgement != "in_care" or not together:
        return ()
    return (
        f"Where children in care and care leavers were judged together, that judgement is "
        f"taken: {_councils(len(together))} ({_names(together)}).",
    )


def _framework_words(query: NationalQuery) -> str:
    return (
        f" whose latest inspection was under {_framework_name(query)}"
        if query.ungraded or query.framework
        else ""
    )


def _framework_name(query: NationalQuery) -> str:
    if query.ungraded:
        return "the framework from April 2026, which gives no overall grade"
    return {"sif": "the single inspection framework (SIF)", "ilacs": "the ILACS framework"}.get(
        query.framework or "", "any framework"
    )


def _framework_holds(inspection: Inspection, query: NationalQuery) -> bool:
    if query.ungraded and not inspection.ungraded_framework:
        return False
    if query.framework == "sif":
        return inspection.framework == "sif"
    return query.framework != "ilacs" or (inspection.framework or "").startswith("ilacs")


def _period_words(period: Period) -> str:
    """ "carried out in 2025 (by the inspections' own dates)", "published in 2023 (by publication date)"."""
    if period.reading == "published":
        return f"published {period.words()} (by publication date)"
    return f"carried out {period.words()} (by the inspections' own dates)"


def _inspections_words(period: Period, where: str) -> str:
    noun = "inspection reports" if period.reading == "published" else "inspections"
    return f"{noun}{where} {_period_words(period)}"


def _reading_name(period: Period) -> str:
    return "publication date" if period.reading == "published" else "the inspections' own dates"


def _reading_note(period: Period) -> str:
    return f"Counted by {_reading_name(period)}."


def _change_heading(query: NationalQuery, found: int, compared: int, today: dt.date) -> str:
    """ "60 of the 140 councils with an overall grade at both their latest full inspection and
    the one before got a better one at the latest, as of …:"."""
    change = query.change
    key = "overall" if query.judgement == "every" else query.judgement
    what = "overall" if key == "overall" else f"for {judgement_name(key)}"
    before = change.before_words or " or ".join(change.before)
    after = change.after_words or " or ".join(change.after)
    if change.before and change.before == change.after:
        did = f"stayed {before} {what}"
    elif change.before and change.after:
        did = f"went from {before} to {after} {what}"
    elif change.before:
        did = f"went down from {before} {what}"
    elif change.after:
        did = (
            f"went up to {after} {what}"
            if change.direction == "better"
            else f"went to {after} {what}"
        )
    else:
        did = f"got a {change.direction} grade {what}"
    where, as_of = _where(query), f"as of {format_date(today)}"
    if query.period is not None:
        return (
            f"{found} of the {compared} councils{where} with {_grade_noun(key)} at a full "
            f"inspection {_period_words(query.period)} and at the one before {did} at it, {as_of}:"
        )
    if not change.latest:
        return f"{_councils(found)}{where} {did} from one full inspection to the next, {as_of}:"
    return (
        f"{found} of the {compared} councils{where} with {_grade_noun(key)} at both their latest "
        f"full inspection and the one before {did} at the latest, {as_of}:"
    )


# --- lines -------------------------------------------------------------------------------


def _latest_line(query: NationalQuery) -> Callable[[_Row], str]:
    def line(row: _Row) -> str:
        return f"{row.council}: {_grade_words(row.inspection, query)} ({row.inspection.dates()})"

    return line


def _period_line(query: NationalQuery) -> Callable[[_Row], str]:
    def line(row: _Row) -> str:
        i = row.inspection
        if query.period.reading == "published":
            published = f"published {format_date(i.doc_date)} (inspected {i.dates()})"
            return f"{row.council}: {published}, {_grade_words(i, query)}"
        return f"{row.council}: {i.dates()}, {_grade_words(i, query)}"

    return line


def _grade_words(inspection: Inspection, query: NationalQuery) -> str:
    """The grade a line gives: the judgement asked's, or the overall grade (or why none)."""
    if query.ungraded:
        return _judgements(inspection)
    if query.judgement == "every" and query.grades and inspection.judged("every", query.grades):
        return f"{inspection.overall} in every judgement"
    if query.judgement not in ("overall", "every"):
        return f"{judgement_label(query.judgement)} {inspection.grade(query.judgement) or 'not judged'}"
    return _overall_words(inspection)


def _lines(rows: list[_Row], line: Callable[[_Row], str]):
    lines, citations = [], []
    for n, row in enumerate(rows, 1):
        previous = _cite(n, row.previous) if row.previous else None
        citations.append(_cite(n, row.inspection, previous))
        lines.append(f"{line(row)} [{n}]")
    return tuple(lines), tuple(citations)


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
