"""What a national question asks, as one typed value: ``NationalQuery``.

A query is built once, from a parsed Question (``from_question``) or from the words of a
/list command (``index.national.asked.from_words``), and run over the events by
``Nation.answer``. It says which inspections are looked at, which of them are kept, and
what is done with them:

- the inspections: each council's latest full inspection (the default); every full
  inspection in a period (``period``: a year by its fieldwork or by its report's
  publication); or, for a ``change``, each council's inspection and the one before it;
- the filters: a ``region``; a judgement's ``grades`` (overall by default, or "every"
  judgement); the framework (``ungraded``: from April 2026, no overall grade; ``sif`` or
  ``ilacs``); no full inspection since a year (``not_since``);
- the operation: ``list``, ``count``, ``newest`` or ``oldest`` first, or ``compare``.

    NationalQuery("count", grades=("inadequate",), region="London")
    NationalQuery("list", period=Period(2025, "fieldwork"), grades=("inadequate",))
    NationalQuery("list", change=Change(before=("outstanding",), direction="worse"))

``words()`` gives the /list words that ask for the same query again, so that a list cut
short can say how to see all of it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from index.question.types import Question
from index.text.dates import format_date

#: Overall grades, best first, as index.events writes them ("adequate": before 2013).
GRADES = ("outstanding", "good", "requires improvement", "adequate", "inadequate")
RANK = {"outstanding": 3, "good": 2, "requires improvement": 1, "adequate": 1, "inadequate": 0}
#: Words for a set of grades, as a question or a /list command names it ("ri", "good or better").
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
    "below good": ("requires improvement", "adequate", "inadequate"),
}
#: The judgements a national question may filter by (index.events' keys), and "every".
JUDGEMENTS = ("overall", "leaders", "help_and_protection", "in_care", "care_leavers", "every")
#: A question's judgement (index.question.types.JUDGEMENTS) → the key filtered by.
_JUDGEMENT_ASKED = {
    "leadership": "leaders",
    "in_care_and_care_leavers": "in_care",
}
#: How /list words name each judgement (parsed back by index.question).
JUDGEMENT_WORDS = {
    "leaders": "leaders",
    "help_and_protection": "help and protection",
    "in_care": "children in care",
    "care_leavers": "care leavers",
    "every": "every judgement",
}
OPERATIONS = ("list", "count", "newest", "oldest", "compare")


@dataclass(frozen=True)
class Period:
    """Inspections of a span of days, by their fieldwork or by their report's publication."""

    first: dt.date
    last: dt.date | None  # None: up to the day asked about ("since 2024")
    reading: str  # "fieldwork": the day the inspection ended; "published": its report's date
    stated: bool = True  # whether the question said which; else the other is noted too
    text: str = ""  # the words that named it ("2025", "this year")

    def holds(self, day: dt.date | None) -> bool:
        return day is not None and self.first <= day and (self.last is None or day <= self.last)

    def words(self) -> str:
        """ "in 2025", "since 2024", "between 1 March 2024 and 30 June 2024"."""
        if self.last is None:
            return (
                f"since {self.first.year}"
                if _year_start(self.first)
                else f"since {format_date(self.first)}"
            )
        if _year_start(self.first) and self.last == dt.date(self.first.year, 12, 31):
            return f"in {self.first.year}"
        return f"between {format_date(self.first)} and {format_date(self.last)}"


@dataclass(frozen=True)
class Change:
    """From one full inspection to the next: the grades at each, or just better or worse."""

    before: tuple[str, ...] = ()  # grades at the earlier inspection; () any
    after: tuple[str, ...] = ()  # grades at the later one; () any
    direction: str | None = None  # "better" or "worse": the later grade ranks above (below)
    latest: bool = True  # the latest inspection and the one before; else any two in a row
    before_words: str = ""  # as asked ("good or better"), for the heading
    after_words: str = ""

    def holds(self, before: str | None, after: str | None) -> bool:
        if before is None or after is None:
            return False
        if self.before and before not in self.before or self.after and after not in self.after:
            return False
        step = RANK[after] - RANK[before]
        return {"better": step > 0, "worse": step < 0}.get(self.direction or "", True)


@dataclass(frozen=True)
class NationalQuery:
    """A national question as a value: see the module docstring."""

    operation: str = "list"  # one of OPERATIONS
    judgement: str = "overall"  # one of JUDGEMENTS: the judgement ``grades`` is of
    grades: tuple[str, ...] = ()  # the grades wanted; () any
    grade_words: str = ""  # the grades as asked ("good or better"), for the heading
    ungraded: bool = False  # only inspections under the framework from April 2026
    framework: str | None = None  # "sif" or "ilacs": only inspections under it
    region: str | None = None  # a key of index.councils.regions' REGIONS or AREAS
    period: Period | None = None  # every full inspection of the period, not the latest
    not_since: int | None = None  # councils with no full inspection since this year began
    change: Change | None = None  # a change between two inspections
    ordered_by: str = "fieldwork"  # newest/oldest: by the inspection's dates, or "published"
    councils: tuple[str, ...] = ()  # for compare
    as_of: dt.date | None = None  # what was known that day, not today

    def words(self) -> str:
        """The /list words that ask for this query again (index.national.asked.from_words)."""
        if self.operation == "compare":
            return "compare " + " and ".join(self.councils)
        parts = [] if self.operation == "list" else [self.operation]
        if self.operation in ("newest", "oldest"):
            parts.append("published" if self.ordered_by == "published" else "inspected")
        if self.change is not None:
            parts.append(_change_words(self.change))
        if self.judgement != "overall":
            parts.append(JUDGEMENT_WORDS[self.judgement])
        if self.grades and self.change is None:
            parts.append(self.grade_words or " or ".join(self.grades))
        parts += ["no overall grade"] if self.ungraded else []
        parts += [self.framework] if self.framework else []
        parts += [f"in {self.region.lower()}"] if self.region else []
        if self.period is not None:
            verb = "published" if self.period.reading == "published" else "inspected"
            parts.append(f"{verb} {self.period.words().removeprefix('in ')}")
        parts += [f"since {self.not_since}"] if self.not_since is not None else []
        parts += [f"as of {format_date(self.as_of)}"] if self.as_of is not None else []
        return " ".join(parts)


def from_question(question: Question) -> NationalQuery:
    """The query a parsed national Question asks (its kind, grade, judgement, time, regions, cues).

    A year names every full inspection of that year, and "newest" or "oldest" orders them:
    by publication when the words say so ("published", "reports", "gave out") or when a
    grade is asked with no word for the fieldwork ("rated inadequate in 2023", "most
    recently judged inadequate": a grade is given when its report is published); otherwise
    by the inspection's own dates ("inspected in 2025", "took place").
    """
    cues = set(question.national_cues)
    if question.national == "compare":
        return NationalQuery("compare", councils=question.councils)
    operation = "count" if question.national == "count" else "list"
    operation = "newest" if "newest" in cues else "oldest" if "oldest" in cues else operation
    grade = question.grade if question.grade in GRADE_SETS else None
    grades = GRADE_SETS[grade] if grade else ()
    change = _change(question, cues, grade)
    published = "published" in cues and "fieldwork" not in cues
    stated = bool(cues & {"published", "fieldwork"})
    reading = (
        "published" if published or (not stated and grades and change is None) else "fieldwork"
    )
    period, not_since, as_of = _time(question, reading, stated, cues)
    judgement = (
        "every"
        if "every" in cues
        else _JUDGEMENT_ASKED.get(question.judgement or "", question.judgement)
    )
    return NationalQuery(
        operation,
        judgement=judgement if judgement in JUDGEMENTS else "overall",
        grades=() if change else grades,
        grade_words="" if change else grade or "",
        ungraded="ungraded" in cues,
        framework=next((f for f in ("sif", "ilacs") if f in cues), None),
        region=question.regions[0] if question.regions else None,
        period=period,
        not_since=not_since,
        change=change,
        ordered_by=reading if operation in ("newest", "oldest") else "fieldwork",
        as_of=as_of,
    )


def _change(question: Question, cues: set[str], grade: str | None) -> Change | None:
    """The change asked: from one grade to another, a grade lost, kept or gained, or a direction."""
    turned = cues & {"better", "worse", "lost", "kept", "gained"}
    if question.national != "change" and not turned and not question.grade_from:
        return None
    before = question.grade_from if question.grade_from in GRADE_SETS else None
    # "at their last inspection": the latest and the one before; else any two in a row
    latest = question.time.kind in ("last", "now") if before and grade else True
    if before and grade:
        return Change(GRADE_SETS[before], GRADE_SETS[grade], None, latest, before, grade)
    if grade and "lost" in cues:
        return Change(GRADE_SETS[grade], (), "worse", latest, grade)
    if grade and "kept" in cues:
        return Change(GRADE_SETS[grade], GRADE_SETS[grade], None, latest, grade, grade)
    if grade and cues & {"gained", "better"}:
        return Change((), GRADE_SETS[grade], "better", latest, "", grade)
    direction = "better" if "better" in cues or "gained" in cues else "worse" if turned else None
    if direction is None and grade:  # "which councils went to inadequate": any grade before it
        return Change((), GRADE_SETS[grade], None, latest, "", grade)
    return Change(direction=direction or "worse", latest=latest)


def _time(
    question: Question, reading: str, stated: bool, cues: set[str]
) -> tuple[Period | None, int | None, dt.date | None]:
    """(period, not_since, as_of) from the time asked."""
    time = question.time
    spans = time.spans
    if not spans:
        return None, None, None
    if time.kind == "as_of":
        return None, None, spans[-1].latest
    if time.kind == "since":
        if "negated" in cues:  # "no full inspection since 2019"
            return None, spans[0].earliest.year, None
        return Period(spans[0].earliest, None, reading, stated, time.text), None, None
    if time.kind in ("during", "future"):
        last = max(s.latest for s in spans)
        return Period(spans[0].earliest, last, reading, stated, time.text), None, None
    return None, None, None


def _change_words(change: Change) -> str:
    if change.before and change.before == change.after and change.latest:
        return f"kept {change.before_words or ' or '.join(change.before)}"
    if change.before and change.after:
        words = f"changed {change.before_words or ' or '.join(change.before)} to "
        words += change.after_words or " or ".join(change.after)
        return words + (" at the latest inspection" if change.latest else "")
    if change.before and change.direction == "worse":
        return f"lost {change.before_words or ' or '.join(change.before)}"
    if change.after and change.direction == "better":
        return f"became {change.after_words or ' or '.join(change.after)}"
    return change.direction or "changed"


def _year_start(day: dt.date) -> bool:
    return day.month == 1 and day.day == 1
