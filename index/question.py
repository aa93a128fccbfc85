"""Text → Question: who a question is about, what time it asks about, and what it asks for.

A question is understood once, here, into a typed value; scoping, retrieval and answering
take that value and never read the raw text again for these decisions.

    parse("who led hounslows 2023 inspection", today)
    == Question(councils=("Hounslow",), time=TimeAsked("during", spans=(2023,)), field="lead_inspector", …)

Which words mean which field or time is data (tables of forms), not regexes tuned to
particular questions; council names are linked by the gazetteer, which forgives typos,
lower case, possessives without apostrophes and short forms ("bucks", "south glos").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .dates import DateSpan

#: What a question asks for. None (no field stated: "and Bury?") lets a follow-up take the
#: previous question's field, or gives the council's status.
FIELDS = (
    "status",          # "how is bolton doing": grade, last inspection, what comes next
    "overall",         # the overall effectiveness grade
    "judgement",       # one judgement: see Question.judgement
    "dates",           # when an inspection or visit took place ("when was X last inspected")
    "lead_inspector",  # who led it
    "visit_kind",      # what kind of inspection or visit it was
    "next",            # the next expected inspection or visit
    "count",           # how many inspections or visits (since a day, in a span)
    "improvements",    # what needs to improve
    "when_judged",     # when a grade was given ("when was X judged inadequate")
    "topic",           # what inspectors said about a topic (Question.topic)
)

#: Judgement keys, as index.events names them.
JUDGEMENTS = ("overall", "leaders", "help_and_protection", "in_care", "care_leavers",
              "in_care_and_care_leavers", "adoption", "leadership", "safeguarding", "capacity")

#: What time a question asks about.
TIME_KINDS = (
    "none",      # nothing said: as of today (a follow-up may take the previous question's time)
    "now",       # "current", "now", "at the moment": as of today
    "last",      # "last", "latest", "most recent"
    "previous",  # "before that", "the one before", "previous"
    "next",      # "next", "upcoming", "when will"
    "during",    # a year, month, date or range names an inspection ("in 2018", "march 2023")
    "as_of",     # "as of 1 march 2020", "in june 2019 what was the grade": what was known then
    "since",     # "since 2019": a bound, for counts and lists
    "future",    # a named time after today ("in 2028"): nothing can be known
)


@dataclass(frozen=True)
class Place:
    """A place named in a question that is not an English children's services authority."""

    text: str  # as typed
    name: str | None  # the place recognised ("Cardiff"); None when no gazetteer entry knows it
    inspectorate: str | None  # who inspects its children's services ("Care Inspectorate Wales"); None if unknown


@dataclass(frozen=True)
class TimeAsked:
    kind: str = "none"  # one of TIME_KINDS
    spans: tuple[DateSpan, ...] = ()  # the dates named, for during / as_of / since / future
    text: str = ""  # the words that said it ("in 2018", "before that")


@dataclass(frozen=True)
class Question:
    text: str  # as asked, with whitespace and control characters tidied
    councils: tuple[str, ...] = ()  # canonical names of English authorities, in the order named
    ambiguous: tuple[tuple[str, ...], ...] = ()  # per unresolved name, its two or three candidates
    places: tuple[Place, ...] = ()  # places named that Ofsted does not inspect, or that nobody knows
    ours: bool = False  # "our", "we", "us": the chat's own council
    refers_back: bool = False  # "it", "that", "before that", "and …?": continues the previous question
    time: TimeAsked = TimeAsked()
    field: str | None = None  # one of FIELDS; None when the question names none
    judgement: str | None = None  # with field "judgement" or "when_judged": one of JUDGEMENTS
    grade: str | None = None  # a grade named ("inadequate", "good or better"), for when_judged and lists
    visit_kind: str | None = None  # inspection, monitoring_visit, focused_visit, assurance_visit; None: any
    topic: tuple[str, ...] = ()  # content words the parse did not use: what a "topic" question is about
    national: str | None = None  # "list", "count", "change" or "compare" for questions about the country
