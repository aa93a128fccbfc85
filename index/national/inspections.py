"""Each council's full inspections, read from the events extracted at indexing time.

Reads only the fields every event carries (kind, status, earliest, latest, organisation,
grades, framework, quote, source, title, doc_date, location). A council's *full
inspections* are the graded inspections stated with their own dates: a report's
"Inspection dates: 7 to 18 November 2022" and judgement table, not a later letter's
"since the last inspection in 2018".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from index.councils import organisations
from index.text.dates import format_range

NO_OVERALL_FROM = dt.date(2026, 4, 1)  # inspections from here on give judgements, no overall grade
MAX_DAYS = (
    62  # an inspection stated with its own dates lasts weeks; "in 2018" (a year) is a mention
)
# A report's own dates may name two parts months apart ("… 2024 and 13 to 16 January 2025").
MAX_SPLIT_DAYS = 200
#: The judgements "every judgement" means: the overall grade and those ILACS and SIF share.
EVERY = ("overall", "leaders", "help_and_protection", "in_care", "care_leavers")


@dataclass(frozen=True)
class Inspection:
    """One council's full inspection, as its report (or a later document) states it."""

    council: str
    earliest: dt.date
    latest: dt.date
    grades: tuple[tuple[str, str], ...]
    framework: str | None  # None: stated by a later document, its own report not held
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

    @property
    def own_report(self) -> bool:
        """Read from its own report (its dates line and judgement table), not from a mention."""
        return self.framework is not None

    def dates(self) -> str:
        return format_range(self.earliest, self.latest)

    def grade(self, judgement: str) -> str | None:
        """The grade of one judgement; children in care may be judged with care leavers."""
        grades = dict(self.grades)
        if judgement == "in_care":
            return grades.get("in_care") or grades.get("in_care_and_care_leavers")
        return grades.get(judgement)

    def judged(self, judgement: str, grades: tuple[str, ...]) -> bool | None:
        """Whether the judgement (or "every" one) was given one of ``grades``; None when the
        inspection gave no such judgement (or, for "every", no overall grade)."""
        if judgement == "every":
            given = dict(self.grades)
            if "overall" not in given:
                return None
            return all(
                given[k] in grades for k in (*EVERY, "in_care_and_care_leavers") if k in given
            )
        grade = self.grade(judgement)
        return None if grade is None else grade in grades


@lru_cache(maxsize=2048)
def _councils_of(name: str | None) -> frozenset[str]:
    """The current councils an event's body stands for: itself, a trust's councils, a predecessor's successors."""
    return frozenset(organisations.served_by(name)) if name else frozenset()


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
