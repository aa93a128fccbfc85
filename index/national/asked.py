"""What national question is asked: a parsed Question, or a /list command's words, → a
``NationalQuery``, answered by ``Nation``.

The words of /list (and of `inspection-bot national`) are read the way a question is, by
index.question, so "/list inadequate in the north west" and "which councils in the north
west are inadequate?" make the same query; the short forms the command has always taken
("since 2019", "changed ri to good", "worse") keep their meaning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from index.councils import organisations
from index.national.nation import Nation
from index.national.query import GRADE_SETS, Change, NationalQuery, Period, from_question
from index.national.results import NationalAnswer
from index.question import parse, resolve_council

#: The words of a /list command (and `inspection-bot national`).
USAGE = (
    "GRADE (outstanding, good, ri, inadequate, good or better) | count GRADE | inspected YEAR | "
    "published YEAR | since YEAR | changed GRADE to GRADE | worse | better | newest | oldest | "
    "compare COUNCIL and COUNCIL; and with them: in REGION (london, north west, …), a judgement "
    "(care leavers, children in care, help and protection, leaders, every judgement), "
    "no overall grade"
)


class NotUnderstood(ValueError):
    """The words name no national list; the message gives the forms that do."""


def from_words(nation: Nation, words: str) -> NationalAnswer:
    """The answer a /list command's words ask for (see USAGE); NotUnderstood otherwise."""
    return nation.answer(query_of(words, nation.today))


def query_of(words: str, today: dt.date) -> NationalQuery:
    """The query a /list command's words ask for; NotUnderstood when they name none."""
    text = " ".join(words.lower().replace("-", " ").split())
    query = _short_form(text, words)
    if query is not None:
        return query
    question = parse(text, today, listing=True)
    unread = question.topic or question.places or question.ambiguous or question.councils
    if unread or not text or text.startswith("compare"):  # "compare" names no two councils
        raise NotUnderstood(f"I can list: {USAGE}.")
    return from_question(question)


def _short_form(text: str, words: str) -> NationalQuery | None:
    """The command's own short forms, which a question would read otherwise ("since 2019":
    no full inspection since; "changed ri to good": at any two inspections in a row)."""
    first, _, rest = text.partition(" ")
    if text in GRADE_SETS:
        return NationalQuery(grades=GRADE_SETS[text], grade_words=text)
    if first == "count" and rest in GRADE_SETS:
        return NationalQuery("count", grades=GRADE_SETS[rest], grade_words=rest)
    if first in ("inspected", "since") and rest.isdigit() and len(rest) == 4:
        year = int(rest)
        if first == "since":
            return NationalQuery(not_since=year)
        period = Period(dt.date(year, 1, 1), dt.date(year, 12, 31), "fieldwork", True, rest)
        return NationalQuery(period=period)
    if first == "changed" and " to " in rest:
        before, _, after = rest.partition(" to ")
        if before in GRADE_SETS and after in GRADE_SETS:
            change = Change(GRADE_SETS[before], GRADE_SETS[after], None, False, before, after)
            return NationalQuery(change=change)
    if text in ("worse", "better"):
        return NationalQuery(change=Change(direction=text))
    if first == "compare":
        named = resolve_council(words.strip().partition(" ")[2]).councils
        councils = tuple(c for name in named for c in sorted(organisations.served_by(name)))
        if councils:
            return NationalQuery("compare", councils=councils)
    return None


#: The last few nations built, with the events they were built from: every question of a
#: snapshot reads the same events, and reading them into inspections is the costly part.
_NATIONS: list[tuple[object, dt.date, Nation]] = []


def nation_of(events: Iterable, today: dt.date) -> Nation:
    """The Nation of these events as of ``today``, built once for the same events object."""
    for held, day, nation in _NATIONS:
        if held is events and day == today:
            return nation
    nation = Nation(events, today)
    _NATIONS[:] = [(events, today, nation), *_NATIONS[:3]]
    return nation


def answer(question, events: Iterable, today: dt.date) -> NationalAnswer | None:
    """The national answer for a parsed Question (index.question) whose ``national`` is set,
    else None; None too for a question about something besides the grades ("which councils
    have a lado"), which no national list answers."""
    if question.national is None or question.places:  # "which councils in wales …": declined
        return None
    query = from_question(question)
    if query.operation == "compare" and not query.councils:
        return None
    if question.topic and _unfiltered(query):
        return None
    return nation_of(events, today).answer(query)


def _unfiltered(query: NationalQuery) -> bool:
    return query == NationalQuery(query.operation, judgement=query.judgement)
