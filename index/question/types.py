"""The typed values a question is understood into: ``Question``, its ``TimeAsked`` and ``Place``s,
and ``Used``, what an answer was about (a follow-up's defaults).

Every stage after understanding takes these values, never the raw text again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from index.text.dates import DateSpan

#: What a question asks for. None (no field stated: "and Bury?") lets a follow-up take the
#: previous question's field, or gives the council's status.
FIELDS = (
    "status",  # "how is bolton doing": grade, last inspection, what comes next
    "overall",  # the overall effectiveness grade
    "judgement",  # one judgement: see Question.judgement
    "dates",  # when an inspection or visit took place ("when was X last inspected")
    "lead_inspector",  # who led it
    "visit_kind",  # what kind of inspection or visit it was
    "next",  # the next expected inspection or visit
    "count",  # how many inspections or visits (since a day, in a span)
    "improvements",  # what needs to improve
    "when_judged",  # when a grade was given ("when was X judged inadequate")
    "topic",  # what inspectors said about a topic (Question.topic)
)

#: Judgement keys, as index.events names them.
JUDGEMENTS = (
    "overall",
    "leaders",
    "help_and_protection",
    "in_care",
    "care_leavers",
    "in_care_and_care_leavers",
    "adoption",
    "leadership",
    "safeguarding",
    "capacity",
    "lscb",  # the review of the Local Safeguarding Children Board (2013–18 reports)
)

#: What time a question asks about.
TIME_KINDS = (
    "none",  # nothing said: as of today (a follow-up may take the previous question's time)
    "now",  # "current", "now", "at the moment": as of today
    "last",  # "last", "latest", "most recent"
    "previous",  # "before that", "the one before", "previous"
    "change",  # "has it improved", "better or worse than last time": the last and the one before
    "first",  # "first inspected", "first ilacs inspection": the earliest (from a named start)
    "next",  # "next", "upcoming", "when will"
    "during",  # a year, month, date or range names an inspection ("in 2018", "march 2023")
    "as_of",  # "as of 1 march 2020", "in june 2019 what was the grade": what was known then
    "since",  # "since 2019": a bound, for counts and lists
    "future",  # a named time after today ("in 2028"): nothing can be known
)


@dataclass(frozen=True)
class Place:
    """A place named in a question that is not an English children's services authority."""

    text: str  # as typed
    name: str | None  # the place recognised ("Cardiff"); None when no gazetteer entry knows it
    # who inspects its children's services ("Care Inspectorate Wales"); None if unknown
    inspectorate: str | None


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
    # places named that Ofsted does not inspect, or that nobody knows
    places: tuple[Place, ...] = ()
    ours: bool = False  # "our", "we", "us": the chat's own council
    # "it", "that", "before that", "and …?": continues the previous question
    refers_back: bool = False
    time: TimeAsked = TimeAsked()
    field: str | None = None  # one of FIELDS; None when the question names none
    judgement: str | None = None  # with field "judgement" or "when_judged": one of JUDGEMENTS
    # a grade named ("inadequate", "good or better"), for when_judged and lists
    grade: str | None = None
    # inspection, monitoring_visit, focused_visit, assurance_visit; None: any
    visit_kind: str | None = None
    # content words the parse did not use: what a "topic" question is about
    topic: tuple[str, ...] = ()
    # "list", "count", "change" or "compare" for questions about the country
    national: str | None = None
    # with national "change": the grade left ("from inadequate to good")
    grade_from: str | None = None
    # per ``ambiguous`` entry, the words typed ("richmond"), to ask with
    ambiguous_text: tuple[str, ...] = ()
    # "the fifth monitoring visit", "2nd visit": which visit of a series
    visit_number: int | None = None
    # other facts asked in the same message ("grade and lead inspector"): ALSO
    also: tuple[str, ...] = ()
    # districts or towns named ("ryedale"), with their authority
    served: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # a subject outside the bot's remit ("schools", "police"): index/question/remit.py
    outside: str | None = None
    # what the answer must state: "number", "name", "date" or "grade"; None for anything
    wants: str | None = None
    # trusts and former councils named ("Sandwell Children's Trust", "Cumbria"), as Ofsted names them
    bodies: tuple[str, ...] = ()
    # what part of a document answers: "findings", "focus" (what a visit looked at), "improve",
    # "strengths" or "why"
    aspect: str | None = None
    regions: tuple[str, ...] = ()  # regions or areas named ("London", "North West"): REGIONS
    national_cues: tuple[str, ...] = ()  # what else a national question says: NATIONAL_CUES
    # asked in the past or perfect tense ("have we had", "did", "was"): about what has happened
    past: bool = False
    # "since the June 2019 inspection": the bound is an inspection, counted from its last day
    since_inspection: bool = False
    # the words as read: typos corrected, short forms spelt out, each place named as "the council"
    reading: str = ""
    # set when answering: the nearest labelled questions say passages answer this, not a fact
    read_passages: bool = False
    # "how does that compare with leeds", "which of them did worst": councils set side by side
    comparing: bool = False


#: What a national question's words may say besides its kind (list, count, change, compare),
#: as index.question.forms names them; index.national turns them into a query.
NATIONAL_CUES = (
    "plural",  # councils named in the plural ("councils", "las", "boroughs"): a question of its own
    "published",  # a year is of the reports' publication ("reports published in 2025")
    "fieldwork",  # a year is of the inspections' own dates ("inspections carried out in 2025")
    "newest",  # the most recent first ("which council was inspected most recently")
    "oldest",  # the least recent first ("which council has gone longest without one")
    "ungraded",  # the framework from April 2026, which gives no overall grade
    "every",  # a grade in every judgement ("outstanding across the board")
    "sif",  # the single inspection framework (2013-2017)
    "ilacs",  # inspections of local authority children's services (2018 on)
    "better",  # a better grade than the inspection before
    "worse",  # a worse one
    "lost",  # a grade held before and not now ("lost outstanding")
    "kept",  # a grade held at both ("kept outstanding")
    "gained",  # a grade held now and not before ("became outstanding")
    "negated",  # "not", "no", "never": "no full inspection since 2019"
    "single",  # one thing named before ("it", "that one"): not the whole list
    "more",  # the rest of the last list ("more", "show all")
)

#: Facts a message may ask for beside its field, each answered in turn (dates come with each of them).
ALSO = ("overall", "lead_inspector", "improvements")

#: Fields whose facts belong to one inspection: a day named for them names that inspection
#: (during), where for a grade or status it asks what was known that day (as_of).
EVENT_FIELDS = frozenset(
    {"dates", "lead_inspector", "visit_kind", "improvements", "topic", "count"}
)


@dataclass(frozen=True)
class Used:
    """What an answer was about: the follow-up's defaults."""

    council: str | None = None
    # the inspection (or visit) answered about: first, last day
    inspection: tuple[dt.date, dt.date] | None = None
    document: str | None = None  # the cited report's source, as in Citation.source
    field: str | None = None  # the field answered (FIELDS)
    judgement: str | None = None  # with field "judgement"
    topic: tuple[str, ...] = ()  # the topic answered about ("lado"): "and the one before?" keeps it
    # the councils a clarifying question offered, in the order offered
    options: tuple[str, ...] = ()
    listed: tuple[str, ...] = ()  # the councils a list answer showed, in the order shown
    shown: int = 0  # how many of its lines were shown ("more" shows the rest)
    kind: str | None = None  # the kind of visit answered about ("what did it look at" is of it)
