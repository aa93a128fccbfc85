"""Follow-ups: a question that lacks a council, an inspection or a field takes them from the
previous turn of the same conversation.

A conversation is one chat (in a group, one person in it) within ``WINDOW`` seconds of its
last turn. Each turn keeps its parsed Question and what its answer used (the council, the
inspection's dates and document, the field), so that

    "when was rochdale last inspected"  → Rochdale, its last inspection, field "dates"
    "and before that?"                  → Rochdale, the inspection before that one, "dates"
    "who led it?"                       → Rochdale, that same inspection, "lead_inspector"
    "what about care leavers?"          → Rochdale, that inspection, the care leavers judgement
    "and Bury?"                         → Bury, afresh, still asking for the dates

A question naming its own council starts afresh: only a field it lacks is carried. The
answer opens with what was assumed, e.g. "(Rochdale, inspection of March 2018)".
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace

from index.councils import regions
from index.question.gazetteer import fold
from index.question.parsing import specific
from index.question.types import Question, TimeAsked, Used
from index.text.dates import DateSpan, format_month
from index.text.judgements import judgement_label

WINDOW = 30 * 60  # seconds: a question after this long is a new conversation
#: Time kinds a question states in its own words: carried to a new council ("and Bury?").
_STATED_TIMES = ("now", "last", "during", "as_of", "since")
#: How an assumed field reads in the opening line.
FIELD_WORDS = {
    "overall": "overall grade",
    "dates": "dates",
    "lead_inspector": "who led it",
    "visit_kind": "kind of visit",
    "next": "next expected",
    "count": "how many",
    "improvements": "what needs to improve",
    "status": "status",
    "when_judged": "when judged",
    "topic": "topic",
}


@dataclass(frozen=True)
class Turn:
    question: Question  # as answered, after carry()
    used: Used
    at: float  # the clock's reading when it was answered
    # the council the conversation has made "we" (index/conversation.py)
    said_council: str | None = None
    noted: bool = False  # whether a reply has said so
    seen: tuple[str, ...] = ()  # the councils the conversation has been about, latest last


def _span(days: tuple[dt.date, dt.date], text: str) -> DateSpan:
    return DateSpan(text, 0, len(text), days[0], days[1], "range" if days[0] != days[1] else "day")


def _month(day: dt.date) -> str:
    return format_month(day)


def _what_was_asked(previous: Turn, question: Question) -> dict:
    """The topic, or the field and judgement, a follow-up lacks: "and the one before?" and "and
    in bury?" after a question about the lado are still about the lado."""
    used, before = previous.used, previous.question
    topic = used.topic or (before.topic if before.field == "topic" else ())
    # "was that a problem last time too": words that name no topic of their own
    own = specific(question.topic)
    if topic and not own and question.field in (None, "topic", "status"):
        return {"topic": topic, "field": "topic"}
    if question.field is None and (used.field or before.field):
        judgement = question.judgement or used.judgement or before.judgement
        return {"field": used.field or before.field, "judgement": judgement}
    return {}


_LAST_TIME = re.compile(r"\blast time\b", re.I)


_NAMES_A_VISIT = re.compile(r"\b(?:visit|visits|inspection|inspections|jtai)\b", re.I)


def _carries_visit(used: Used, question: Question) -> bool:
    """Whether a follow-up is about the visit the turn before answered about ("what did it look
    at", "and the one before?"), not one it names or times itself."""
    return bool(
        used.kind
        and not question.visit_kind
        and question.visit_number is None
        and question.time.kind in ("none", "previous")
        and not _NAMES_A_VISIT.search(question.text)
    )


def carry(previous: Turn | None, question: Question) -> Question:
    """``question`` with what it lacks taken from the previous turn (None: nothing to carry).

    - Names a council (or says "our"): a new subject. Only a missing field (and judgement)
      is carried, with a time the previous question stated in words ("in 2018"), never
      the previous inspection.
    - Names none: the previous council; "before that" becomes the inspection (or visit)
      before the one used (TimeAsked("previous", spans=(that inspection,))); no time at all
      becomes that same inspection (TimeAsked("during", …)); a missing field and judgement
      carry, and the kind of visit the turn before was about ("what did it look at").
    """
    if previous is None:
        return question
    used, before = previous.used, previous.question
    if _continues_national(before, question):
        return _carry_national(before, question)
    changes = _what_was_asked(previous, question)
    if question.councils or question.ours or question.places or question.national:
        return _new_subject(before, question, changes)
    visit = _carries_visit(used, question)
    if visit:
        changes["visit_kind"] = used.kind  # "when was the last visit" → "what did it look at"
    council = used.council or (before.councils[0] if before.councils else None)
    if council is not None:
        changes["councils"] = (council,)
    if used.inspection is not None and (council is not None or visit):
        changes.update(_same_or_before(question, used))
    elif council is not None and question.time.kind == "none" and before.time.kind != "none":
        changes["time"] = before.time
    return replace(question, **changes) if changes else question


def _new_subject(before: Question, question: Question, changes: dict) -> Question:
    """A follow-up naming its own council: the field it lacks, and a time stated in words."""
    # A time carried from further back names the other council's inspection: not this one's.
    carried = before.time.text.startswith("inspection of") or before.time.kind == "previous"
    if (
        question.time.kind == "none"
        and before.time.kind in _STATED_TIMES
        and question.field is None
        and not carried
    ):
        changes["time"] = before.time
    return replace(question, **changes) if changes else question


def _same_or_before(question: Question, used: Used) -> dict:
    """The time of a follow-up about the inspection or visit just answered about: that one
    (no time of its own), or the one before ("before that", "and last time?")."""
    days = used.inspection
    assert days is not None
    visit = used.kind is not None and used.kind != "inspection"
    label = f"{'visit' if visit else 'inspection'} of {_month(days[0])}"
    kind = question.time.kind
    if kind == "last" and _LAST_TIME.search(question.text):
        kind = "previous"  # "and last time?" after an inspection was answered: the one before
    if kind == "previous":
        return {"time": TimeAsked("previous", (_span(days, label),), question.time.text)}
    if kind == "none":
        return {"time": TimeAsked("during", (_span(days, label),), label)}
    return {}


#: How people point at one of the options offered: "the second", "the last one".
_POSITIONS = {
    "first": 0, "1st": 0, "former": 0, "second": 1, "2nd": 1, "latter": -1, "third": 2, "3rd": 2,
    "fourth": 3, "4th": 3, "fifth": 4, "5th": 4, "last": -1,
}  # fmt: skip


def chosen(options: tuple[str, ...], reply: Question) -> str | None:
    """The option a reply to a clarifying question picks, or None (a new question).

    A reply picks by naming it ("bury"), by the words that tell the options apart ("west",
    "the one with furness", "thames"), by position ("the second") or by where it is ("the one
    in london"); filler around them ("ok", "then", "what about") does not matter.
    """
    if not options:
        return None
    named = [c for c in reply.councils if c in options]
    if len(named) == 1:
        return named[0]
    if reply.councils and not named:
        return None  # another council altogether: a new question
    words = set(fold(reply.text).split())
    picks = [o for o in options if words & _telling(o, options)]
    if len(picks) == 1:
        return picks[0]
    areas = [regions.members(name) for name in reply.regions]
    picks = [o for o in options if any(o in members for members in areas)]
    if len(picks) == 1:
        return picks[0]
    for word, at in _POSITIONS.items():
        if word in words and at < len(options):
            return options[at]
    return None


def _telling(option: str, options: tuple[str, ...]) -> set[str]:
    """The words of an option's name that no other option's name has ("west", "furness")."""
    others = {w for o in options if o != option for w in fold(o).split()}
    return {
        w
        for w in fold(option).split()
        if w not in others and w not in ("and", "upon", "of", "the", "on")
    }


#: Cues a national follow-up carries from the question before ("which ones" after "how many
#: are inadequate under the new framework"); an order or a "more" is the new question's own.
_CARRIED_CUES = ("published", "fieldwork", "ungraded", "every", "sif", "ilacs", "negated")


def _continues_national(before: Question, question: Question) -> bool:
    """Whether ``question`` narrows or turns the national question before it: "and
    inadequate?", "which ones", "which london ones", "what about care leavers", "and in 2019?".

    Not when it names a council, a place or "we", points at one thing ("why was it …"), or
    has words of its own a national list does not answer.
    """
    if before.national in (None, "compare") or question.national == "compare":
        return False
    if question.councils or question.ours or question.places or question.ambiguous:
        return False
    cues = set(question.national_cues)
    if question.topic or "single" in cues:
        return False
    # "which councils have not been inspected since 2023" is a question of its own; "and
    # inadequate?", "how many are good" and "which london boroughs?" lean on the last
    complete = question.grade or question.judgement or question.time.spans or cues - {"plural"}
    if "plural" in cues and complete and not question.refers_back:
        return False
    said = (
        question.national
        or question.grade
        or question.judgement
        or question.regions
        or question.time.spans  # "and in 2019?"; not "and last time?", about the one listed
        or cues - {"single", "more", "plural"}
    )
    return bool(said) and question.field in (None, "overall", "judgement", "count", "dates")


def _carry_national(before: Question, question: Question) -> Question:
    """The national question before, with what the follow-up names in place of its own."""
    cues = [c for c in before.national_cues if c in _CARRIED_CUES]
    if question.grade:  # a grade named now: not the framework that gives none
        cues = [c for c in cues if c != "ungraded"]
    cues += [c for c in question.national_cues if c not in cues]
    return replace(
        before,
        text=question.text,
        national=question.national or before.national,
        grade=question.grade or before.grade,
        grade_from=question.grade_from if question.grade else before.grade_from,
        judgement=question.judgement or before.judgement,
        regions=question.regions or before.regions,
        time=question.time if question.time.kind != "none" else before.time,
        national_cues=tuple(cues),
        refers_back=True,
    )


def assumed(asked: Question, carried: Question) -> str | None:
    """The opening line saying what a follow-up took from before, e.g. "(Rochdale, inspection of March 2018)".

    ``asked`` is the question as parsed, ``carried`` the result of carry(); None when nothing was carried.
    """
    parts = []
    if carried.councils and not asked.councils:
        parts.append(carried.councils[0])
    if carried.time != asked.time:
        if carried.time.kind == "during" and carried.time.spans:
            parts.append(carried.time.text or carried.time.spans[0].text)
        elif carried.time.kind == "previous" and carried.time.spans:
            said = carried.time.spans[0].text
            if said.startswith("visit of "):  # "the visit before July 2021"
                parts.append(f"the visit before {said.removeprefix('visit of ')}")
            else:
                parts.append(f"the inspection before {said.removeprefix('inspection of ')}")
        elif carried.time.text:
            parts.append(carried.time.text)
    if carried.field != asked.field and carried.field:
        if carried.field == "judgement" and carried.judgement:
            parts.append(judgement_label(carried.judgement))
        else:
            parts.append(FIELD_WORDS.get(carried.field, carried.field.replace("_", " ")))
    return f"({', '.join(parts)})" if parts else None


def conversation_key(chat_id: int, user_id: int | None, group: bool) -> Hashable:
    """One conversation per private chat; in a group, one per person in it."""
    return (chat_id, user_id) if group else (chat_id, None)


class Conversations:
    """The last turn of each conversation, forgotten ``window`` seconds after it was answered.

    ``clock`` is injected (seconds, monotonic) so tests can move time on. Thread-safe:
    the bot answers in worker threads.
    """

    def __init__(self, window: float = WINDOW, clock: Callable[[], float] = time.monotonic) -> None:
        self.window, self._clock = window, clock
        self._turns: dict[Hashable, Turn] = {}
        self._lock = threading.Lock()

    def previous(self, key: Hashable) -> Turn | None:
        """The last turn, if it was within the window; else None (and it is forgotten)."""
        now = self._clock()
        with self._lock:
            turn = self._turns.get(key)
            if turn is not None and now - turn.at > self.window:
                del self._turns[key]
                return None
            return turn

    def remember(
        self,
        key: Hashable,
        question: Question,
        used: Used,
        *,
        said_council: str | None = None,
        noted: bool = False,
        seen: tuple[str, ...] = (),
    ) -> Turn:
        turn = Turn(question, used, self._clock(), said_council, noted, seen)
        with self._lock:
            self._turns[key] = turn
            if len(self._turns) > 10_000:  # now and then, forget conversations long over
                self._turns = {
                    k: t for k, t in self._turns.items() if turn.at - t.at <= self.window
                }
        return turn

    def forget(self, key: Hashable) -> None:
        with self._lock:
            self._turns.pop(key, None)

    def follow(self, key: Hashable, question: Question) -> tuple[Question, str | None]:
        """The question with what it lacks carried from this conversation, and the opening line saying so."""
        carried = carry(self.previous(key), question)
        return carried, assumed(question, carried)
