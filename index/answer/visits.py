"""What a visit looked at or found, read where a document tells of that visit.

"What did the second monitoring visit find", "what did the last focused visit look at",
"what was the july 2021 visit about": the visit is picked from the events the documents
state (by its number, its dates, or as the newest of its kind), and the answer is the
sentence stating it with the rest of its paragraph, where a council's note or an Ofsted
letter says what inspectors looked at and found. The document chosen is the one whose
paragraph says most about what was found; a paragraph that only names the visit answers
what it looked at, never what it found (then passages are read, and those documents first).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from index.answer.results import Answer, Citation
from index.answer.timeline import VISIT_KINDS, Timeline, overdue_warning
from index.answer.timeline_answers import event_answer, recorded
from index.question.types import Question
from index.store import Store
from index.store.records import DocumentInfo, StoredEvent
from index.text import dates
from index.text.sentences import sentences_of, tidy

#: Words of a sentence that says what a visit looked at.
LOOKED_AT = re.compile(
    r"\b(?:focus(?:ed|sed)?\s+on|(?:the|a|its)\s+focus|focus\s*[:-]|looked\s+at|looking\s+at"
    r"|look\s+at|considered|examined|evaluated)",
    re.I,
)  # not "focused visit", the kind's own name
MAX_SENTENCES = 10  # sentences or list items
MAX_CHARS = 1200  # of the document read from the statement on
#: Words of a sentence that says what inspectors found.
FOUND = re.compile(
    r"\b(found|find(?:s|ings)?|identified|saw|noted|judged|reported|concluded|highlight\w*|"
    r"point(?:ed|ing) out|praised|recognis\w+|recogniz\w+|letter(?:,[^,]*,)? said|"
    r"inspectors? (?:said|told|were)|weak\w*|strength\w*)\b",
    re.I,
)


def listed(question: Question) -> bool:
    """Whether a question asks about every visit ("list the monitoring visits and their focus",
    "what did the visits look at"), not one."""
    return (
        question.visit_number is None
        and question.time.kind in ("none", "since")
        and bool(re.search(r"\b(?:visits|mvs|fvs)\b", question.reading))
    )


def the_visit(question: Question, today: dt.date, timeline: Timeline) -> list[StoredEvent]:
    """Every statement of the one visit a question names, newest document last; [] for none.

    By its number ("the fifth"), by its dates ("the july 2021 visit"), else the newest of the
    kind asked ("the last monitoring visit")."""
    kinds = {question.visit_kind} if question.visit_kind in VISIT_KINDS else VISIT_KINDS
    done = [e for e in timeline.completed(today, kinds) if (e.latest - e.earliest).days <= 62]
    if question.visit_number is not None:
        chosen = [e for e in done if e.number == question.visit_number] or _nth(
            question, today, timeline
        )
    elif question.time.kind == "during" and question.time.spans:
        spans = question.time.spans
        chosen = [e for e in done if any(dates.overlaps(e, s) for s in spans)]
        if not chosen and not re.search(r"\b(?:19|20)\d\d\b", question.time.text or ""):
            # "the july visit": the newest July with one, whichever year
            months = {s.earliest.month for s in spans if s.earliest.month == s.latest.month}
            chosen = [e for e in done if e.earliest.month in months or e.latest.month in months]
            chosen = [max(chosen, key=lambda e: e.latest)] if chosen else []
    elif question.time.kind == "previous" and question.time.spans:  # "and the one before?"
        before = [e for e in done if e.latest < min(s.earliest for s in question.time.spans)]
        chosen = [max(before, key=lambda e: e.latest)] if before else []
    elif question.visit_kind in VISIT_KINDS and question.time.kind in ("none", "last", "now"):
        last = timeline.last_event(today, kinds)
        chosen = [last] if last is not None else []
    else:
        return []
    if not chosen:
        return []
    anchor = min(chosen, key=lambda e: ((e.latest - e.earliest).days, e.earliest))
    return [
        e
        for e in done
        if e.kind == anchor.kind and e.earliest <= anchor.latest and anchor.earliest <= e.latest
    ]


def newest_on(
    forms: tuple[str, ...], today: dt.date, timeline: Timeline, after: dt.date
) -> list[StoredEvent]:
    """Every statement of the newest visit since ``after`` that looked at a topic (its focus
    holds one of ``forms``, index/answer/topics.py): Ofsted's newest word on it; [] for none."""
    done = [
        e
        for e in timeline.completed(today, VISIT_KINDS)
        if e.earliest > after
        and (e.latest - e.earliest).days <= 62
        and e.focus
        and any(f.lower() in e.focus.lower() for f in forms)
    ]
    if not done:
        return []
    newest = max(done, key=lambda e: e.latest)
    return [
        e
        for e in timeline.completed(today, {newest.kind})
        if e.earliest <= newest.latest and newest.earliest <= e.latest
    ]


def _nth(question: Question, today: dt.date, timeline: Timeline) -> list[StoredEvent]:
    """The Nth visit of a series none numbers N: counted in order, when the visits the
    documents do number stand at their own places in it (the 4th is the fourth held)."""
    kind = question.visit_kind if question.visit_kind in VISIT_KINDS else "monitoring_visit"
    series = recorded(timeline.events, today, {kind})
    numbered = [(i, e.number) for i, e in enumerate(series, 1) if e.number]
    n = question.visit_number or 0
    if not numbered or any(i != number for i, number in numbered) or not 0 < n <= len(series):
        return []
    return [series[n - 1]]


def numbered_status(
    question: Question, today: dt.date, timeline: Timeline, documents: Mapping[int, DocumentInfo]
) -> Answer | None:
    """ "Is the fifth visit still happening", "the fourth monitoring visit": when it took place,
    or when it was planned, warned when those dates have passed with nothing recorded."""
    held = the_visit(question, today, timeline)
    if held:
        event = min(held, key=lambda e: ((e.latest - e.earliest).days, -len(e.quote)))
        return event_answer(question.text, today, event, documents[event.doc_id], [])
    planned = [
        e
        for e in timeline.events
        if e.status == "expected"
        and e.number == question.visit_number
        and (e.doc_date or e.earliest) <= today
    ]
    if not planned:
        return None
    newest = max(planned, key=lambda e: (e.doc_date or e.earliest, e.latest))
    warnings = []
    if newest.latest < today:
        after = timeline.fulfilled_by(newest)
        warnings.append(
            overdue_warning(newest, today)
            if after is None or after.earliest > today
            else f"The {newest.label} expected for {newest.wording} is not recorded as held; "
            f"the {after.label} of {after.wording} came after it."
        )
    return event_answer(question.text, today, newest, documents[newest.doc_id], warnings)


def visit_answer(
    question: Question,
    today: dt.date,
    statements: list[StoredEvent],
    timeline: Timeline,
    store: Store,
    documents: Mapping[int, DocumentInfo],
) -> Answer | None:
    """What the section telling of the visit says, from its statement on; None when none says
    what was found and that was asked."""
    visit = statements[0]
    others = [  # where the telling of this visit ends: another visit or inspection is told of
        e
        for e in timeline.events
        if e.kind in VISIT_KINDS | {"inspection", "jtai"}
        and not (e.earliest <= visit.latest and visit.earliest <= e.latest)
    ]
    told = [_told(store, e, others) for e in statements]
    findings = question.aspect == "findings"
    ranked = sorted(
        told,
        key=lambda t: (
            not findings and t[0].focus is None,  # what it looked at: where that is stated
            -sum(bool(FOUND.search(s)) for _, _, s in t[1][1:]),  # says most about what was found
            -len(t[1]),
            t[0].doc_date or dt.date.max,
        ),
    )
    if not ranked:
        return None
    event, sentences = ranked[0]
    if findings and not any(
        FOUND.search(s) for s in [_after(event)] + [s for *_, s in sentences[1:]]
    ):
        return None
    if not findings:  # what it looked at: up to where that is said
        said = next(
            (
                i
                for i, (_, _, s) in enumerate(sentences)
                if (event.focus and event.focus[:30] in s) or LOOKED_AT.search(s)
            ),
            None,
        )
        sentences = sentences[: said + 1] if said is not None else sentences
    document = documents[event.doc_id]
    text = store.document_text(event.doc_id)
    quote = tidy(text[sentences[0][0] : sentences[-1][1]], limit=MAX_CHARS)
    citation = Citation(
        1, document.source, document.title, document.date, event.location, quote, event.doc_id, -1
    )
    warnings = []
    if document.date and (today - document.date).days > 365:
        warnings.append(
            f"This comes from “{document.title}”, {dates.describe_age(document.date, today)} old "
            f"({dates.format_date(document.date)})."
        )
    return Answer(
        question.text,
        f"{quote} [1]",
        False,
        0.85,
        document.date,
        tuple(warnings),
        (citation,),
        today,
    )


def _told(
    store: Store, event: StoredEvent, others: list[StoredEvent]
) -> tuple[StoredEvent, list[tuple[int, int, str]]]:
    """The event's sentence and what follows it in its section ("Inspectors found that: …"),
    up to where the document tells of another visit or inspection; at most MAX_SENTENCES,
    each as (start, end, its words)."""
    text = store.document_text(event.doc_id)
    start = event.event.start
    ends = [store.section_end(event.doc_id, start), start + MAX_CHARS, len(text)]
    ends += [o.event.start for o in others if o.doc_id == event.doc_id and o.event.start > start]
    spans = sentences_of(text[start : min(e for e in ends if e is not None)], start)
    told = [(s, e, tidy(text[s:e])) for s, e in spans if len(text[s:e].strip()) > 3]
    return event, told[:MAX_SENTENCES] or [(start, event.event.end, tidy(event.quote))]


def _after(event: StoredEvent) -> str:
    """What the statement itself says past its dates ("…, and found that …")."""
    quote = event.quote
    return quote[quote.find(event.wording) + len(event.wording) :] if event.wording in quote else ""
