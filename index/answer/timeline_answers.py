"""Questions whose answer depends on today: the next visit, the last one, the grade held.

These are answered from the timeline of inspection events (index/timeline.py), not from
the passages retrieval ranks: "next" is the earliest expectation still standing, "last"
the newest completed visit or inspection, "grade" the newest graded one, and "grade at"
the one graded in the time the question names. The quote is the sentence that states the
event, cited to its document. When the timeline holds no such event, ``timeline_answer``
gives None and the question is answered from passages as any other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace

from index.answer.results import Answer, Citation
from index.answer.timeline import Timeline, overdue_warning
from index.question.types import Question, Used
from index.store.records import EVENT_LABELS, DocumentInfo, StoredEvent
from index.text.dates import describe_age, format_date
from index.text.sentences import tidy as _tidy

MAX_EVENT_QUOTE_CHARS = 700
#: What a count or list of "visits and inspections" counts.
DONE_KINDS = {
    "inspection",
    "monitoring_visit",
    "focused_visit",
    "assurance_visit",
    "jtai",
}  # a report's judgement table, overall grade included


def timeline_answer(
    question: Question,
    today: dt.date,
    intent: str,
    timeline: Timeline,
    documents: Mapping[int, DocumentInfo],
) -> Answer | None:
    """The answer to a time question from the events in scope; None when they do not hold one."""
    kinds = _kinds_asked(question)
    text = question.text
    timeline = Timeline(
        [e for e in timeline.events if kinds is None or e.kind in kinds | {"judgement"}]
    )
    warnings: list[str] = []
    if intent == "next":
        event = timeline.next_expected(today)
        overdue = timeline.overdue(today)
        if overdue is not None and (event is None or overdue.latest < event.earliest):
            warnings.append(overdue_warning(overdue, today))
        if event is None and overdue is None:
            last = timeline.last_event(today)
            if last is None:
                return None
            warnings.append(
                f"No document I hold expects a further {_kind_words(kinds)}; "
                f"the most recent one they record is quoted."
            )
            return event_answer(text, today, last, documents[last.doc_id], warnings)
        event = event or overdue
    elif intent in ("last", "first"):
        event = timeline.last_event(today) if intent == "last" else timeline.first_event(today)
    elif intent == "previous":  # "and the one before?": before the visit or inspection said
        before = min(s.earliest for s in question.time.spans)
        event = Timeline([e for e in timeline.events if e.latest < before]).last_event(today)
    elif intent == "grade_at":
        event = timeline.graded_during(question.time.spans)
    else:
        event = timeline.current_grade(today)
        if event is not None and "overall" not in dict(event.grades):
            warnings.append(
                "This inspection gave no overall effectiveness grade (Ofsted stopped giving one "
                "from April 2026); the judgements it gave are quoted."
            )
    if event is None:
        return None
    return event_answer(text, today, event, documents[event.doc_id], warnings)


def event_answer(
    question: str, today: dt.date, event: StoredEvent, document: DocumentInfo, warnings: list[str]
) -> Answer:
    """The sentence stating ``event``, cited; a warning when its document is over a year old."""
    quote = _tidy(event.quote, limit=MAX_EVENT_QUOTE_CHARS)
    citation = Citation(
        1, document.source, document.title, document.date, event.location, quote, event.doc_id, -1
    )
    if document.date and (today - document.date).days > 365:
        warnings.append(
            f"This comes from “{document.title}”, {describe_age(document.date, today)} old "
            f"({format_date(document.date)})."
        )
    # what a follow-up is about: this visit or inspection ("what did it look at")
    used = Used(
        inspection=(event.earliest, event.latest),
        document=document.source,
        kind=event.kind if event.kind != "judgement" else None,
    )
    return Answer(
        question,
        f"{quote} [1]",
        False,
        0.9,
        document.date,
        tuple(warnings),
        (citation,),
        today,
        used,
    )


def _kinds_asked(question: Question) -> set[str] | None:
    """The kinds of event a question means; None for any visit or inspection."""
    return {question.visit_kind} if question.visit_kind else None


def _kind_words(kinds: set[str] | None) -> str:
    if kinds is None:
        return "visit or inspection"
    return " or ".join(sorted(EVENT_LABELS.get(k, k.replace("_", " ")) for k in kinds))


def recorded(
    events: list[StoredEvent],
    today: dt.date,
    kinds: set[str],
    *,
    after: dt.date | None = None,
    until: dt.date | None = None,
) -> list[StoredEvent]:
    """The visits and inspections the documents record as held, each once, oldest first.

    The same visit told by several documents (a letter, a later cabinet report, a press
    release) is kept once, as it is stated most exactly.
    """
    done = [
        e
        for e in events
        if e.status == "completed"
        and e.kind in kinds
        and e.earliest <= today
        and (after is None or e.earliest > after)
        and (until is None or e.latest <= until)
        and (e.latest - e.earliest).days <= 62  # a visit or an inspection, not "in 2019"
    ]
    kept: list[StoredEvent] = []
    for event in sorted(done, key=lambda e: ((e.latest - e.earliest).days, -len(e.quote))):
        if not any(
            k.kind == event.kind and k.earliest <= event.latest and event.earliest <= k.latest
            for k in kept
        ):
            kept.append(event)
    return sorted((_with_focus(k, done) for k in kept), key=lambda e: (e.earliest, e.latest))


def _with_focus(event: StoredEvent, told: list[StoredEvent]) -> StoredEvent:
    """The event with what it looked at, from another telling of it when its own has none."""
    if event.focus:
        return event
    focus = next(
        (
            t.focus
            for t in told
            if t.focus
            and t.kind == event.kind
            and t.earliest <= event.latest
            and event.earliest <= t.latest
        ),
        None,
    )
    return replace(event, event=replace(event.event, focus=focus)) if focus else event


def events_answer(
    question: str,
    today: dt.date,
    heading: str,
    events: list[StoredEvent],
    documents: Mapping[int, DocumentInfo],
) -> Answer:
    """``heading``, then one line per event, each its kind and dates as the document words them,
    cited to the sentence that states it."""
    citations: list[Citation] = []
    lines = []
    for event in events:
        document = documents[event.doc_id]
        quote = _tidy(event.quote, limit=MAX_EVENT_QUOTE_CHARS)
        same = next(
            (c for c in citations if c.doc_id == event.doc_id and c.location == event.location),
            None,
        )
        if same is None:
            same = Citation(
                len(citations) + 1,
                document.source,
                document.title,
                document.date,
                event.location,
                quote,
                event.doc_id,
                -1,
            )
            citations.append(same)
        looked_at = f": {event.focus}" if event.focus else ""
        lines.append(f"• {event.label}, {event.wording}{looked_at} [{same.n}]")
    quotes = " ".join(f"“{c.quote}” [{c.n}]" for c in citations)
    dated = [c.date for c in citations if c.date]
    return Answer(
        question,
        "\n".join([heading, *lines, quotes]),
        False,
        0.9,
        max(dated) if dated else None,
        (),
        tuple(citations),
        today,
    )


def planned_answer(
    question: Question,
    today: dt.date,
    timeline: Timeline,
    documents: Mapping[int, DocumentInfo],
    council: str | None,
) -> Answer | None:
    """ "When is the sixth monitoring visit" once no expectation of it stands: what the newest
    document to expect it said, then the visit or inspection that has happened since, each
    quoted. None when no document ever expected one of the kind (or number) asked."""
    kinds = _kinds_asked(question)
    expected = [
        e
        for e in timeline.events
        if e.status == "expected"
        and (kinds is None or e.kind in kinds)
        and (question.visit_number is None or e.number == question.visit_number)
    ]
    if not expected:
        return None
    planned = max(expected, key=lambda e: (e.doc_date or e.earliest, e.latest))
    done = timeline.fulfilled_by(planned)
    cited = [planned] + ([done] if done is not None else [])
    citations = tuple(
        Citation(
            n,
            documents[e.doc_id].source,
            documents[e.doc_id].title,
            documents[e.doc_id].date,
            e.location,
            _tidy(e.quote, limit=MAX_EVENT_QUOTE_CHARS),
            e.doc_id,
            -1,
        )
        for n, e in enumerate(cited, 1)
    )
    where = f" of {council}" if council else ""
    lines = [
        f"No document I hold expects a further {_kind_words(kinds)}{where}.",
        f"The last one expected: “{citations[0].quote}” [1]",
    ]
    warnings = []
    if done is not None:
        grades = dict(done.grades)
        graded = f", judged {grades['overall'].capitalize()}" if "overall" in grades else ""
        lines.append(f"Since then: the {done.label}, {done.wording}{graded} [2].")
        if done.kind != planned.kind and planned.latest < today:
            warnings.append(
                f"No document I hold records the {planned.label} expected for {planned.wording} "
                f"taking place; the {done.label} of {done.wording} came after it."
            )
        elif planned.latest < today:
            warnings.append(
                f"The dates expected ({planned.wording}) have passed: the {done.label} took place "
                f"{done.wording}, and no document I hold expects another."
            )
    elif planned.latest < today:
        warnings.append(overdue_warning(planned, today))
    dated = [c.date for c in citations if c.date]
    return Answer(
        question.text,
        "\n".join(lines),
        False,
        0.8,
        max(dated) if dated else None,
        tuple(warnings),
        citations,
        today,
    )


def unrecorded(events: list[StoredEvent], today: dt.date, kinds: set[str]) -> str | None:
    """A warning for a count or list of visits: the newest one expected of those kinds, its dates
    passed, that no document records as held; None when there is none."""
    expected = [
        e
        for e in events
        if e.status == "expected"
        and e.kind in kinds
        and e.latest < today
        and (e.doc_date or e.earliest) <= today
    ]
    if not expected:
        return None
    planned = max(expected, key=lambda e: (e.doc_date or e.earliest, e.latest))
    written = planned.doc_date or planned.earliest
    if any(
        c.status == "completed"
        and c.kind == planned.kind
        and c.latest >= written
        and c.earliest <= today
        for c in events
    ):
        return None
    after = Timeline(events).fulfilled_by(planned)
    where = f"(in “{planned.title}”, {format_date(planned.doc_date)})" if planned.doc_date else ""
    said = f"The {planned.label} expected for {planned.wording} {where} is not recorded as held"
    if after is not None and after.earliest <= today:
        return f"{said}; the {after.label} of {after.wording} came after it."
    return f"{said}, so what is listed may be out of date."
