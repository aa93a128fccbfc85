"""How many councils hold each grade, overall or for one judgement, at their latest full inspection.

    tally(nation)                   # overall effectiveness: the national chart
    tally(nation, "care_leavers")   # one judgement (`/national care leavers`)
    judgement_named("care leavers") # → "care_leavers", the words of a command made a key

A council whose latest inspection gave no grade for what is counted is counted apart, and said
why: under the framework from April 2026 there is no overall grade; before 2023 children in
care and care leavers were judged together, and that one judgement stands for each.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from index.national.nation import Nation, _names
from index.national.query import GRADES
from index.question import parse
from index.text.dates import format_date
from index.text.judgements import judgement_label

#: The judgements a tally is made of, and what stands in for one an older framework gave under
#: another name (in order of preference).
TALLIED = {
    "overall": (),
    "leaders": ("leadership",),
    "help_and_protection": (),
    "in_care": ("in_care_and_care_leavers",),
    "care_leavers": ("in_care_and_care_leavers",),
}
NO_OVERALL = "no overall grade"
NOT_READ = "grade not read"
NOT_JUDGED = "not judged"
SOURCE = "Source: Ofsted's inspection reports on local authority children's services"


@dataclass(frozen=True)
class Tally:
    """Councils by the grade one judgement gave at their latest full inspection, best first."""

    judgement: str  # "overall", or a judgement's key
    counts: tuple[tuple[str, int], ...]  # (grade, councils), best first; then those not graded
    today: dt.date  # each council's latest inspection known on this day
    as_of: dt.date | None  # the newest report counted was published then
    notes: tuple[str, ...] = ()  # why some are counted apart, naming them

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)

    @property
    def name(self) -> str:
        """What is counted, as a heading names it: "Overall effectiveness", "Care leavers"."""
        label = judgement_label(self.judgement)
        return label[:1].upper() + label[1:]

    def percent(self, n: int) -> int:
        return round(100 * n / self.total) if self.total else 0

    @property
    def heading(self) -> str:
        return (
            f"{self.name}: {self.total} councils by their grade at their latest full inspection "
            f"known on {format_date(self.today)}"
        )

    @property
    def source(self) -> str:
        """Where the figures come from, and how new they are."""
        newest = f"; the newest, published {format_date(self.as_of)}" if self.as_of else ""
        return f"{SOURCE}: each council's latest full inspection report{newest}."

    def to_text(self) -> str:
        lines = [f"{self.heading}:"]
        lines += [f"  {grade}: {n} ({self.percent(n)}%)" for grade, n in self.counts]
        return "\n".join([*lines, *self.notes, self.source])

    def to_json(self) -> dict:
        return {
            "judgement": self.judgement,
            "today": self.today.isoformat(),
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "councils": self.total,
            "grades": dict(self.counts),
            "percent": {grade: self.percent(n) for grade, n in self.counts},
            "notes": list(self.notes),
        }


def tally(nation: Nation, judgement: str = "overall") -> Tally:
    """How ``nation``'s councils stand for ``judgement`` (a key of TALLIED) at their latest inspection."""
    by_grade: dict[str, list[str]] = {grade: [] for grade in GRADES}
    apart: dict[str, list[str]] = {NO_OVERALL: [], NOT_READ: [], NOT_JUDGED: []}
    stood_in: list[str] = []
    newest = None
    for council in nation.councils():
        latest = nation.latest(council)
        newest = max(filter(None, (newest, latest.doc_date)), default=None)
        grades = dict(latest.grades)
        key = next((k for k in (judgement, *TALLIED[judgement]) if k in grades), None)
        if key is not None and grades[key] in by_grade:
            by_grade[grades[key]].append(council)
            if key != judgement:
                stood_in.append(council)
        elif judgement == "overall":
            apart[NO_OVERALL if latest.ungraded_framework else NOT_READ].append(council)
        else:
            apart[NOT_JUDGED].append(council)
    counts = [(g, len(c)) for g, c in by_grade.items() if c or g != "adequate"]
    counts += [(g, len(c)) for g, c in apart.items() if c]
    return Tally(judgement, tuple(counts), nation.today, newest, _notes(judgement, apart, stood_in))


def judgement_named(words: str) -> str | None:
    """The judgement words name, as a key of TALLIED ("care leavers" → "care_leavers"); "overall"
    for no words or "overall"; None when they name none of them."""
    text = " ".join(words.split())
    if not text or text.lower() in ("overall", "overall effectiveness"):
        return "overall"
    question = parse(text, dt.date.today())
    key = {"leadership": "leaders"}.get(question.judgement or "", question.judgement)
    if question.councils or question.grade or key not in TALLIED:
        return None
    return key


def _notes(judgement: str, apart: dict[str, list[str]], stood_in: list[str]) -> tuple[str, ...]:
    notes = []
    if apart[NO_OVERALL]:
        notes.append(
            f"No overall grade: {_count(apart[NO_OVERALL])} inspected under Ofsted's framework from "
            f"April 2026, which grades each judgement but gives no overall effectiveness grade "
            f"({_names(apart[NO_OVERALL])})."
        )
    if apart[NOT_READ]:
        notes.append(
            f"Grade not read: {_count(apart[NOT_READ])} whose latest report's overall grade could "
            f"not be read ({_names(apart[NOT_READ])})."
        )
    if apart[NOT_JUDGED]:
        notes.append(
            f"Not judged: {_count(apart[NOT_JUDGED])} whose latest inspection gave no "
            f"{judgement_label(judgement)} judgement ({_names(apart[NOT_JUDGED])})."
        )
    if stood_in:
        notes.append(
            f"{_count(stood_in).capitalize()} whose latest inspection judged children in care and "
            f"care leavers together (the framework before 2023): that one judgement is counted "
            f"({_names(stood_in)})."
            if judgement in ("in_care", "care_leavers")
            else f"{_count(stood_in).capitalize()} judged under an older name for it "
            f"({_names(stood_in)})."
        )
    return tuple(notes)


def _count(councils: list[str]) -> str:
    return f"{len(councils)} council{'' if len(councils) == 1 else 's'}"
