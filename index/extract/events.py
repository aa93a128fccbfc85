"""The dated inspection events a document states, read once at indexing time.

``extract_events`` turns a document's text into ``Event``s: an inspection, a monitoring,
focused or assurance visit, a judgement (a grade stated without its own inspection
dates) or a publication, each with its dates, status as of the document's date, and the
sentence quoted as evidence (``text[start:end] == quote``).

Two readers share the work:

* An Ofsted report's first page, read by ``report.read_head`` ("Inspection dates: 7 to 18
  November 2022" and the judgement table), gives the report's own inspection, with grades.
* Everything else is read sentence by sentence (a list item or a "Label: value" line is
  a sentence): each date is tied to the nearest event word within a few words ("Between
  13th – 30th July 2021 Ofsted undertook a monitoring visit", "October/ November 2021:
  Expected 5th monitoring visit"), and list items take their event from the line that
  introduces them ("The previous visits were:"). The words it looks for are in cues.py,
  the sentences come from sentences.TextView, the dates from dates.py.

Speed matters (hundreds of reports at indexing time): ``find_dates`` is only run on the
few sentences that hold an event word and something date-like.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from index.councils.organisations import find_organisations, organisation_of, served_by
from index.extract.cues import (
    AREAS,
    ASPIRATION,
    BEFORE_CUE_PAST,
    CALLED_OFF,
    CUE,
    DATEISH,
    EXPLICIT_FUTURE,
    FUTURE,
    GAP_BREAK,
    INSPECTION_NAME,
    ITEM_MARK,
    LEAD_IN_END,
    MAX_GAP_CHARS,
    MAX_GAP_WORDS,
    NOT_FUTURE,
    ORDINAL,
    ORDINALS,
    OTHER_INSPECTION,
    OTHER_SUBJECT,
    PAST,
    PUBLISHED_LABEL,
    PUBLISHED_WHAT,
    PUBLISHED_WHOSE,
    SHORT,
    SIF,
    SINCE_INSPECTION,
    SPECIFIC_VISITS,
    STANDARD,
    STRONG_PRESENT,
    VISIT_CONTEXT,
    WORDS,
)
from index.extract.report import GRADE_ORDER, grade_of, read_head
from index.text.dates import find_dates, find_relative_dates
from index.text.sentences import TextView, strip_span

KINDS = (
    "inspection",
    "monitoring_visit",
    "focused_visit",
    "assurance_visit",
    "judgement",
    "publication",
)
STATUSES = ("completed", "expected")


@dataclass(frozen=True)
class Event:
    kind: str  # one of KINDS
    status: str  # "completed" | "expected", as of the document's date
    earliest: date
    latest: date
    wording: str  # the date's own words, e.g. "October/ November 2021" ("" if none stated)
    number: int | None  # monitoring visit number when given ("fourth", "5th")
    organisation: str | None  # canonical name (index.organisations)
    # (("overall", "good"), ("leaders", "good"), ...); keys: overall, leaders, help_and_protection,
    # in_care, in_care_and_care_leavers (one judgement until 2023), care_leavers, adoption (SIF),
    # capacity (2012–13). Grades: outstanding, good, requires improvement, inadequate, adequate.
    grades: tuple[tuple[str, str], ...]
    # "ilacs_standard", "ilacs_short", "ilacs" (named, kind unknown), "sif", "lac" (2012–13
    # looked after children), "monitoring", "focused", "assurance"; None if not known.
    framework: str | None
    start: int  # offsets into the text of the evidence quoted
    end: int
    quote: str


def _gap_ok(gap: str) -> bool:
    return (
        len(gap) <= MAX_GAP_CHARS
        and len(WORDS.findall(gap)) <= MAX_GAP_WORDS
        and not GAP_BREAK.search(gap)
    )


# --- dates in a sentence ------------------------------------------------------------

_YEAR_NOUN = re.compile(
    r"\b(?:the|its|their|our|a|an|this|that)\s+(?P<y>(?:19|20)\d\d)\s+(?=(?:[\w-]+\s+){0,2}?"
    r"(?:inspection|monitoring\s+visit|focused\s+visit|assurance\s+visit|visit|ILACS|SIF|judgement)\b)",
    re.I,
)
_TWO_DAYS = re.compile(r"(?<!\d)(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:and|&)\s+\Z", re.I)


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    earliest: date
    latest: date
    wording: str
    by: bool  # "by autumn 2019": a deadline, so an expectation


def _dates(text: str, start: int, end: int, ref: date | None) -> list[_Span]:
    """Every date in text[start:end], absolute offsets; with the event-only forms dates.py leaves out."""
    chunk = text[start:end]
    spans = []
    for s in find_dates(chunk, reference=ref):
        earliest = s.earliest
        if s.precision == "day":  # "on 5 and 6 July 2022": a two-day visit
            two = _TWO_DAYS.search(chunk, max(0, s.start - 12), s.start)
            if two and int(two.group("d")) < s.earliest.day:
                earliest = s.earliest.replace(day=int(two.group("d")))
                s = replace(s, start=two.start(), text=chunk[two.start() : s.end])
        spans.append(
            _Span(
                start + s.start,
                start + s.end,
                earliest,
                s.latest,
                s.text,
                s.text[:2].lower() == "by",
            )
        )
    taken = [(s.start, s.end) for s in spans]

    def free(a: int, b: int) -> bool:
        return not any(a < e and s < b for s, e in taken)

    for r in find_relative_dates(chunk, reference=ref):
        a, b = start + r.start, start + r.end
        if free(a, b):
            spans.append(_Span(a, b, r.earliest, r.latest, r.text, False))
            taken.append((a, b))
    for m in _YEAR_NOUN.finditer(chunk):  # "the 2019 focused visit"
        a, b = start + m.start("y"), start + m.end("y")
        year = int(m.group("y"))
        if free(a, b):
            spans.append(_Span(a, b, date(year, 1, 1), date(year, 12, 31), m.group("y"), False))
    return sorted(spans, key=lambda s: s.start)


# --- sentence by sentence -----------------------------------------------------------


@dataclass(frozen=True)
class _Cue:
    kind: str
    start: int
    end: int
    grade: tuple[str, str] | None = None  # a judgement's (area, grade)


class _Reader:
    """Reads events from a document's sentences; keeps what a later sentence may refer back to."""

    def __init__(
        self, text: str, ref: date | None, organisation: str | None, has_head: bool
    ) -> None:
        self.doc = TextView(text)
        self.text = text
        self.ref = ref
        self.organisation = organisation
        self.has_head = has_head
        self.events: list[Event] = []
        self.specific: list[tuple[int, str]] = []  # (position, kind) of each named kind of visit

    # cues ---------------------------------------------------------------------------

    def cue(self, m: re.Match) -> _Cue | None:
        kind = m.lastgroup
        if kind in SPECIFIC_VISITS:
            self.specific.append((m.start(), kind))
        elif kind == "visit":
            kind = self._resolve_visit(m.start())
            if kind is None:
                return None
        elif kind == "judgement":
            grade = m.group("grade") or m.group("grade2")
            g_start = m.start("grade") if m.group("grade") else m.start("grade2")
            clause = max(self.text.rfind(",", 0, m.start()), self.text.rfind(";", 0, m.start()))
            before = self.text[max(0, m.start() - 60, clause + 1) : g_start]  # the grade's subject
            before = INSPECTION_NAME.sub(" ", before)
            area = next((key for key, p in AREAS if p.search(before)), "overall")
            return _Cue(kind, m.start(), m.end(), (area, grade_of(grade)))
        return _Cue(kind, m.start(), m.end())

    def _resolve_visit(self, pos: int) -> str | None:
        """A bare "visit" is the kind of visit last named; Ofsted's, if it was named nearby."""
        if not self.specific:
            return None
        last_pos, kind = self.specific[-1]
        s, e = self.doc.sentence(pos)
        if pos - last_pos < 1500 or VISIT_CONTEXT.search(self.text, s, e):
            return kind
        return None

    # one sentence -------------------------------------------------------------------

    def sentence(self, s: int, e: int, cues: list[_Cue]) -> None:
        """The events of one sentence: each date with the cue nearest it, then grades beside them."""
        spans = _dates(self.text, s, e, self.ref) if DATEISH.search(self.text, s, e) else []
        if not spans:
            self._lead_in(s, e, cues)
            self._back_reference(s, e)
            self._dateless_judgement(s, e, cues)
            return
        # each event, its cue, where its own words lie
        made: list[tuple[Event, _Cue, int, int]] = []
        for span in spans:
            cue = self._nearest_cue(s, e, span, cues)
            if cue is None:
                continue
            lo, hi = min(cue.start, span.start), max(cue.end, span.end)
            event = self._event(s, e, span, cue, lo, hi)
            if event is not None:
                made.append((event, cue, lo, hi))
        used = {m[1] for m in made}
        for cue in cues:
            self._grade_beside(s, cue, used, made)
        self.events.extend(m[0] for m in made)
        self._back_reference(s, e, {m[1].end for m in made})

    def _nearest_cue(self, s: int, e: int, span: _Span, cues: list[_Cue]) -> _Cue | None:
        """The cue of the sentence nearest a date, with nothing between them that breaks the link."""
        text = self.text
        best, best_gap = None, None
        for cue in cues:
            if cue.kind == "publication" and not self._publication_ok(s, e):
                continue
            if cue.end <= span.start:
                gap = text[cue.end : span.start]
            else:
                gap = text[span.end : cue.start] if span.end <= cue.start else ""
            if cue.kind == "publication" and span.end <= cue.start and len(WORDS.findall(gap)) > 4:
                continue  # "9 September 2021: Final letters were published", not any earlier date
            if _gap_ok(gap) and (best_gap is None or len(gap) < len(best_gap)):
                best, best_gap = cue, gap
        return best

    def _event(self, s: int, e: int, span: _Span, cue: _Cue, lo: int, hi: int) -> Event | None:
        """The event a date and its cue state; None when the sentence calls it off, or it is
        another body's inspection, or a grade hoped for."""
        text = self.text
        if CALLED_OFF.search(text, s, e):
            return None
        if cue.kind == "inspection" and OTHER_INSPECTION.search(text, max(s, lo - 60), hi):
            return (
                None  # a JTAI, a children's home, a fostering agency: not the council's inspection
            )
        status = self._status(s, lo, hi, cue, span)
        if cue.kind == "judgement" and (
            status == "expected"
            or ASPIRATION.search(text, s, cue.start)
            or OTHER_INSPECTION.search(text, s, e)
            or OTHER_SUBJECT.search(text, s, e)
        ):
            return None  # a hoped-for grade is not a grade, nor one of a children's home
        return Event(
            cue.kind,
            status,
            span.earliest,
            span.latest,
            span.wording,
            self._number(cue, s, e),
            self._organisation(s, e),
            (cue.grade,) if cue.grade else (),
            self._framework(cue.kind, s, e),
            s,
            e,
            text[s:e],
        )

    def _grade_beside(self, s: int, cue: _Cue, used: set[_Cue], made: list) -> None:
        """A grade stated beside a completed inspection ("the inspection in June 2019 which found
        … to be inadequate") belongs to the nearest such inspection in the sentence."""
        text = self.text
        if (
            cue.kind != "judgement"
            or cue in used
            or cue.grade is None
            or ASPIRATION.search(text, s, cue.start)
        ):
            return
        best_i, best_gap = None, None
        for i, (event, _, lo, hi) in enumerate(made):
            if event.kind != "inspection" or event.status != "completed":
                continue
            gap = (
                text[hi : cue.start]
                if cue.start >= hi
                else text[cue.end : lo]
                if cue.end <= lo
                else None
            )
            if gap is not None and _gap_ok(gap) and (best_gap is None or len(gap) < len(best_gap)):
                best_i, best_gap = i, gap
        if best_i is not None:
            event, owner, lo, hi = made[best_i]
            made[best_i] = (replace(event, grades=_merge(event.grades, [cue.grade])), owner, lo, hi)

    def _publication_ok(self, s: int, e: int) -> bool:
        text = self.text
        return bool(
            PUBLISHED_LABEL.match(text, s, e)
            or PUBLISHED_WHAT.search(text, s, e)
            and PUBLISHED_WHOSE.search(text, s, e)
        )

    def _status(self, s: int, lo: int, hi: int, cue: _Cue, span: _Span) -> str:
        ref = self.ref
        if ref and span.earliest > ref or span.by and (ref is None or span.latest >= ref):
            return "expected"
        if BEFORE_CUE_PAST.search(self.text, max(s, cue.start - 40), cue.start):
            return "completed"
        # A past interval counts as expected only with an expectation close to it.
        future = EXPLICIT_FUTURE if ref and span.latest < ref else FUTURE
        futures = [
            m
            for m in future.finditer(self.text, s, hi)
            if not NOT_FUTURE.search(self.text, max(0, m.start() - 3), m.end())
        ]
        if futures and not PAST.search(self.text, futures[-1].end(), hi):
            return "expected"
        return "completed"

    def _number(self, cue: _Cue, s: int, e: int) -> int | None:
        if cue.kind not in SPECIFIC_VISITS:
            return None
        for m in ORDINAL.finditer(self.text, s, e):
            if m.end() == cue.end and not SINCE_INSPECTION.match(self.text, m.end(), e):
                return _ordinal(m.group("n"))
        return None

    def _back_reference(self, s: int, e: int, dated: set[int] = frozenset()) -> None:
        """ "This was the fourth visit …": the number of the visit just described."""
        for m in ORDINAL.finditer(self.text, s, e):
            if m.end() in dated or not re.search(
                r"\b(?:this|it|that)\s+(?:was|is)\s+(?:therefore\s+)?(?:the\s+|ofsted['’]s\s+)?\Z",
                self.text[max(s, m.start() - 40) : m.start()],
                re.I,
            ):
                continue
            if SINCE_INSPECTION.match(self.text, m.end(), e):
                continue
            for i in range(len(self.events) - 1, -1, -1):
                event = self.events[i]
                if s - event.end > 800:
                    break
                if event.kind in SPECIFIC_VISITS and event.status == "completed":
                    if event.number is None:
                        self.events[i] = replace(event, number=_ordinal(m.group("n")))
                    break

    def _lead_in(self, s: int, e: int, cues: list[_Cue]) -> None:
        """ "The previous visits were:" and the dated list items after it."""
        kinds = [c for c in cues if c.kind in ("inspection", *SPECIFIC_VISITS)]
        if not kinds or not LEAD_IN_END.search(self.text, s, e):
            return
        cue = kinds[-1]
        future = FUTURE.search(self.text, s, e) and not PAST.search(self.text, s, e)
        pos = e
        for _ in range(20):
            nxt = self.doc.neighbour(pos, pos, forward=True)
            if not nxt:
                break
            start = nxt[0] + ITEM_MARK.match(self.text, nxt[0], nxt[1]).end() - nxt[0]
            spans = _dates(self.text, start, min(nxt[1], start + 60), self.ref)
            if not spans or spans[0].start - start > 4:
                break
            span = spans[0]
            qs, qe = self.doc.sentence(start)
            expected = future or (self.ref and span.earliest > self.ref) or span.by
            self.events.append(
                Event(
                    cue.kind,
                    "expected" if expected else "completed",
                    span.earliest,
                    span.latest,
                    span.wording,
                    None,
                    self._organisation(qs, qe),
                    (),
                    self._framework(cue.kind, s, e),
                    qs,
                    qe,
                    self.text[qs:qe],
                )
            )
            pos = nxt[1]

    def _dateless_judgement(self, s: int, e: int, cues: list[_Cue]) -> None:
        """ "Our children's services are currently rated Good": the grade held as of the document's date."""
        if self.has_head or not self.ref or not STRONG_PRESENT.search(self.text, s, e):
            return
        for cue in cues:
            if (
                cue.kind == "judgement"
                and cue.grade
                and not ASPIRATION.search(self.text, s, cue.start)
            ):
                self.events.append(
                    Event(
                        "judgement",
                        "completed",
                        self.ref,
                        self.ref,
                        "",
                        None,
                        self._organisation(s, e),
                        (cue.grade,),
                        None,
                        s,
                        e,
                        self.text[s:e],
                    )
                )
                return

    # context ------------------------------------------------------------------------

    def _organisation(self, s: int, e: int) -> str | None:
        """Who a sentence's event is about: the body it names, read against the document's own."""
        named = find_organisations(self.text[s:e])
        doc = self.organisation
        if not named:
            return doc
        if not doc:
            return named[0]
        related = [n for n in named if served_by(n) & served_by(doc) or n == doc]
        if len(related) == 1:
            return related[0]  # "Northamptonshire" (the county, before 2021) in a trust's report
        if related:
            return doc  # "North and West Northamptonshire" in a Northamptonshire Children's Trust report
        # An unrelated council: in an Ofsted report about one council, a neighbour named in
        # passing ("Hampshire senior managers") is not whose inspection this is.
        return doc if self.has_head else named[0]

    def _framework(self, kind: str, s: int, e: int) -> str | None:
        if kind in SPECIFIC_VISITS:
            return kind.split("_")[0]
        if kind != "inspection":
            return None
        if SHORT.search(self.text, s, e):
            return "ilacs_short"
        if STANDARD.search(self.text, s, e):
            return "ilacs_standard"
        if SIF.search(self.text, s, e):
            return "sif"
        if re.search(r"\bILACS\b", self.text[s:e]):
            return "ilacs"
        return None


def _merge(
    grades: tuple[tuple[str, str], ...], more: list[tuple[str, str]]
) -> tuple[tuple[str, str], ...]:
    have = dict(grades)
    for key, grade in more:
        have.setdefault(key, grade)
    return tuple((k, have[k]) for k in GRADE_ORDER if k in have)


def _ordinal(word: str) -> int:
    word = word.lower()
    return ORDINALS.get(word) or int(re.match(r"\d+", word).group())


# --- the whole document ---------------------------------------------------------------


def extract_events(
    text: str, *, doc_date: date | None, title: str = "", source: str = ""
) -> list[Event]:
    """The dated inspection events ``text`` states, in the order they appear.

    ``doc_date`` is the document's own date: events after it, or announced with "expect",
    "will", "due", "next", "by …", are "expected"; the rest "completed". ``title`` and
    ``source`` (the file's path) help name the organisation when the text does not.
    """
    organisation = organisation_of(title, text, source)
    events: list[Event] = []
    head = read_head(text, doc_date, title)
    skip = table = (-1, -1)
    if head:
        # the dates line is read once, as the report's inspection
        skip = (
            head.start,
            head.dates_end,
        )
    if head and head.own:
        events.append(
            Event(
                head.kind,
                "completed",
                head.earliest,
                head.latest,
                head.wording,
                None,
                organisation,
                head.grades,
                head.framework,
                head.start,
                head.end,
                text[head.start : head.end],
            )
        )
        table = (head.start, head.end)
    reader = _Reader(text, doc_date, organisation, head is not None)
    units: dict[tuple[int, int], list[_Cue]] = {}
    for m in CUE.finditer(text):
        if skip[0] <= m.start() < skip[1] or (
            m.lastgroup == "judgement" and table[0] <= m.start() < table[1]
        ):
            continue
        cue = reader.cue(m)
        if cue is not None:
            units.setdefault(reader.doc.sentence(m.start()), []).append(cue)
    for (s, e), cues in sorted(units.items()):
        if s < table[1] < e:  # a sentence run on from the judgement table starts after it
            s = strip_span(text, table[1], e)[0]
            cues = [c for c in cues if c.start >= s]
        reader.sentence(s, e, cues)
    events.extend(reader.events)
    seen, unique = set(), []
    for event in sorted(events, key=lambda ev: (ev.start, ev.earliest)):
        key = (event.kind, event.status, event.earliest, event.latest, event.start)
        if key not in seen:
            seen.add(key)
            unique.append(event)
    return unique
