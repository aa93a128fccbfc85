"""What national question is asked: a /list command's words, or a parsed Question, → a NationalAnswer.

The lists, counts, changes and comparisons themselves are ``Nation``'s (index/national/nation.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from index.councils import organisations
from index.national.nation import GRADE_SETS, Nation, NationalAnswer
from index.question import resolve_council

#: The words of a /list command (and `inspection-bot national`), first word → what it lists.
#: A grade set alone ("inadequate", "good or better") lists by grade.
USAGE = (
    "GRADE (outstanding, good, ri, inadequate, good or better) | count GRADE | inspected YEAR | "
    "since YEAR | changed GRADE to GRADE | worse | better | compare COUNCIL and COUNCIL"
)


class NotUnderstood(ValueError):
    """The words name no national list; the message gives the forms that do."""


def from_words(nation: Nation, words: str) -> NationalAnswer:
    """The answer a /list command's words ask for (see USAGE); NotUnderstood otherwise."""
    text = " ".join(words.lower().replace("-", " ").split())
    first, _, rest = text.partition(" ")
    if text in GRADE_SETS:
        return nation.rated(text)
    if first == "count" and rest in GRADE_SETS:
        return nation.rated(rest, count=True)
    if first in ("inspected", "since") and rest.isdigit() and len(rest) == 4:
        return (
            nation.inspected_in(int(rest))
            if first == "inspected"
            else nation.not_inspected_since(int(rest))
        )
    if first == "changed" and " to " in rest:
        before, _, after = rest.partition(" to ")
        if before in GRADE_SETS and after in GRADE_SETS:
            return nation.changed(before, after)
    if text in ("worse", "better"):
        return nation.moved(text)
    if first == "compare":
        named = resolve_council(words.partition(" ")[2]).councils
        councils = [c for name in named for c in sorted(organisations.served_by(name))]
        if councils:
            return nation.compare(councils)
    raise NotUnderstood(f"I can list: {USAGE}.")


def answer(question, events: Iterable, today: dt.date) -> NationalAnswer | None:
    """The national answer for a parsed Question (index.question) whose ``national`` is set, else None.

    list: by ``grade``, or by the time asked ("inspected in 2025": during; "no full inspection
    since 2019": since); count: by grade; change: from one grade to another when two are
    given (``topic`` holds the second), else "worse"/"better" from ``topic``; compare: the
    councils named.
    """
    kind = question.national
    if kind is None:
        return None
    nation = Nation(events, today)
    spans = question.time.spans
    if kind == "compare" and question.councils:
        return nation.compare(list(question.councils))
    if kind == "change":
        if getattr(question, "grade_from", None) in GRADE_SETS and question.grade in GRADE_SETS:
            return nation.changed(question.grade_from, question.grade)
        grades = [w for w in (question.grade, *question.topic) if w in GRADE_SETS]
        if len(grades) >= 2:
            return nation.changed(grades[0], grades[1])
        direction = next((w for w in question.topic if w in ("worse", "better")), "worse")
        return nation.moved(direction)
    if kind == "list" and question.time.kind in ("during", "since") and spans:
        year = spans[0].earliest.year
        return (
            nation.inspected_in(year)
            if question.time.kind == "during"
            else nation.not_inspected_since(year)
        )
    if question.grade in GRADE_SETS:
        return nation.rated(question.grade, count=kind == "count")
    return None
