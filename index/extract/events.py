"""The dated inspection events a document states, read once at indexing time.

``extract_events`` turns a document's text into ``Event``s: an inspection, a monitoring,
focused or assurance visit, a joint targeted area inspection (JTAI: of a partnership, on
one theme, never counted as a full inspection), a judgement (a grade stated without its
own inspection dates) or a publication, each with its dates, status as of the document's
date, number ("the fourth monitoring visit"), focus (what a visit looked at: "care
leavers") and the sentence quoted as evidence (``text[start:end] == quote``).

Two readers share the work:

* An Ofsted report's first page, read by ``report.read_head`` ("Inspection dates: 7 to 18
  November 2022" and the judgement table), gives the report's own inspection, with grades.
* Everything else is read sentence by sentence (a list item or a "Label: value" line is
  a sentence): each date is tied to the nearest event word within a few words ("Between
  13th – 30th July 2021 Ofsted undertook a monitoring visit", "October/ November 2021:
  Expected 5th monitoring visit"), and list items take their event from the line that
  introduces them ("The previous visits were:"). The words it looks for are in cues.py,
  the sentences come from sentences.TextView, the dates from dates.py.
* Council papers state visits in a few more ways, read here too: a table of visits ("Visit
  | Dates | Focus", a row each), dates in brackets after what each visit looked at ("the
  front door (September 2022), children in care (June 2023)"), a visit named in one
  sentence and dated in the next ("… the fifth monitoring visit. Inspectors visited on 6
  and 7 February 2024."), and a focus given by the next sentence ("It will focus on …").

Speed matters (hundreds of reports at indexing time): ``find_dates`` is only run on the
few sentences that hold an event word and something date-like, and every look past an
event's own words (its focus, the next sentence, a table's rows) has a fixed reach, so a
long line without full stops costs in proportion to its length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from index.councils.organisations import find_organisations, organisation_of, served_by
from index.extract.cues import (
    AREAS,
    ASPIRATION,
    BEFORE_CUE_PAST,
    CALLED_OFF,
    CUE,
    CUE_ENDS_FOCUS,
    DATE_HEADER,
    DATEISH,
    EXPLICIT_FUTURE,
    FOCUS,
    FOCUS_COLON,
    FOCUS_END,
    FOCUS_HEADER,
    FOCUS_REACH,
    FOCUS_TAIL,
    FOCUSED_KINDS,
    FUTURE,
    GAP_BREAK,
    INSPECTION_NAME,
    ITEM_MARK,
    JUDGED_AFTER,
    LEAD_IN_END,
    LETTERS,
    MAX_FOCUS_CHARS,
    MAX_GAP_CHARS,
    MAX_GAP_WORDS,
    NEXT_FOCUS,
    NOT_A_FOCUS,
    NOT_FUTURE,
    OF_FOCUS,
    OF_FOCUS_GAP,
    ORDINAL,
    ORDINAL_CELL,
    ORDINALS,
    OTHER_INSPECTION,
    OTHER_SUBJECT,
    PAST,
    PUBLISHED_LABEL,
    PUBLISHED_WHAT,
    PUBLISHED_WHOSE,
    SAME_VISIT,
    SHORT,
    SIF,
    SINCE_INSPECTION,
    SPECIFIC_VISITS,
    STANDARD,
    STRONG_PRESENT,
    VISIT_CONTEXT,
    WEEK_OF,
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
    "jtai",  # a joint targeted area inspection: of a partnership, on one theme; never a full inspection
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
    # What a visit looked at, as the text words it: "care leavers", "the front door, including
    # the MASH" (None when not stated, and for full inspections, judgements and publications).
    focus: str | None = None


def _gap_ok(gap: str) -> bool:
    return (
        len(gap) <= MAX_GAP_CHARS
        and len(WORDS.findall(gap)) <= MAX_GAP_WORDS
        and not GAP_BREAK.search(gap)
    )


# --- dates in a sentence ------------------------------------------------------------

_YEAR_NOUN = re.compile(
    r"\b(?:the|its|their|our|a|an|this|that)\s+(?P<y>(?:19|20)\d\d)\s+(?=(?:[\w-]+\s+){0,2}?"
    r"(?:inspection|monitoring\s+visit|focused\s+visit|assurance\s+visit|visit|ILACS|SIF|judgement|JTAI)\b"
    r"|joint\s+targeted)",
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
            week = WEEK_OF.search(chunk, max(0, s.start - 30), s.start)
            if week:  # "the week commencing 8 July 2024": Monday to Friday, as visits are
                s = replace(
                    s,
                    start=week.start(),
                    text=chunk[week.start() : s.end],
                    latest=s.earliest + timedelta(days=4),
                )
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
    # "Inspectors visited on …" after "the fifth monitoring visit, to services for care leavers":
    # where that visit was named, for its number and focus (see _named_before).
    named_at: int | None = None


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
        self.specific: list[tuple[int, int, str]] = []  # (start, end, kind) of each named visit
        self.tables: list[tuple[int, int]] = []  # the tables read whole (see _table)

    # cues ---------------------------------------------------------------------------

    def cue(self, m: re.Match) -> _Cue | None:
        kind = m.lastgroup
        if kind in SPECIFIC_VISITS:
            self.specific.append((m.start(), m.end(), kind))
        elif kind == "visit":
            kind = self._resolve_visit(m.start())
            if kind is None:
                return None
            if SAME_VISIT.match(self.text, m.start(), m.end()):
                return _Cue(kind, m.start(), m.end(), named_at=self.specific[-1][1])
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
        last_pos, _, kind = self.specific[-1]
        s, e = self.doc.sentence(pos)
        if pos - last_pos < 1500 or VISIT_CONTEXT.search(self.text, s, e):
            return kind
        return None

    # one sentence -------------------------------------------------------------------

    def sentence(self, s: int, e: int, cues: list[_Cue]) -> None:
        """The events of one sentence: each date with the cue nearest it, then grades beside them."""
        if self._table(s, cues):
            return
        spans = _dates(self.text, s, e, self.ref) if DATEISH.search(self.text, s, e) else []
        if not spans:
            self._lead_in(s, e, cues)
            self._back_reference(s, e)
            self._dateless_judgement(s, e, cues)
            return
        spans = self._focus_list(s, e, spans, cues)
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
        self._focus_next(e, made)
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
            linked = _gap_ok(gap) or (
                cue.kind in FOCUSED_KINDS and cue.end <= span.start and OF_FOCUS_GAP.match(gap)
            )
            if linked and (best_gap is None or len(gap) < len(best_gap)):
                best, best_gap = cue, gap
        return best

    def _event(self, s: int, e: int, span: _Span, cue: _Cue, lo: int, hi: int) -> Event | None:
        """The event a date and its cue state; None when the sentence calls it off, or it is
        another body's inspection, or a grade hoped for."""
        text = self.text
        if CALLED_OFF.search(text, s, e):
            return None
        if cue.end <= span.start and LETTERS.match(text, cue.end, span.start):
            # "monitoring visit letters (June 2023 to January 2025)": the letters' dates
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
        number, focus = self._number(cue, s, e), self._focus(cue, span, e, hi)
        if cue.named_at is not None and (number is None or focus is None):
            named_number, named_focus = self._named_before(cue)
            number, focus = number or named_number, focus or named_focus
        return Event(
            cue.kind,
            status,
            span.earliest,
            span.latest,
            span.wording,
            number,
            self._organisation(s, e),
            (cue.grade,) if cue.grade else (),
            self._framework(cue.kind, s, e),
            s,
            e,
            text[s:e],
            focus,
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
            linked = gap is not None and (
                _gap_ok(gap) or cue.end <= lo and JUDGED_AFTER.match(gap)
            )  # "judged inadequate following an Ofsted inspection between …"
            if linked and (best_gap is None or len(gap) < len(best_gap)):
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
            colon = FOCUS_COLON.match(self.text, span.end, nxt[1])
            focus = (  # "- June 2023: the front door, contacts and referrals;"
                self._clause(colon.end(), nxt[1]) if colon and cue.kind in FOCUSED_KINDS else None
            )
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
                    focus,
                )
            )
            pos = nxt[1]

    def _focus_list(self, s: int, e: int, spans: list[_Span], cues: list[_Cue]) -> list[_Span]:
        """ "Earlier monitoring visits looked at the front door (September 2022), children in care
        (June 2023) …": a visit for each date in brackets, its focus the words before it.

        Returns the dates left for the sentence's other events.
        """
        text = self.text
        bracketed = [
            sp
            for sp in spans
            if text[sp.start - 1 : sp.start] == "(" and text[sp.end : sp.end + 1] == ")"
        ]
        if len(bracketed) < 2:
            return spans
        cue = next(
            (c for c in reversed(cues) if c.kind in FOCUSED_KINDS and c.end <= bracketed[0].start),
            None,
        )
        phrase = cue and FOCUS.search(text, cue.end, bracketed[0].start)
        if not phrase:
            return spans
        pos, taken = phrase.end(), []
        for span in bracketed:
            words = text[pos : span.start - 1]
            if not words.strip() or len(words) > MAX_FOCUS_CHARS or "(" in words:
                break
            self.events.append(
                Event(
                    cue.kind,
                    self._status(s, cue.start, span.end, cue, span),
                    span.earliest,
                    span.latest,
                    span.wording,
                    None,
                    self._organisation(s, e),
                    (),
                    self._framework(cue.kind, s, e),
                    s,
                    e,
                    text[s:e],
                    _tidy_focus(words),
                )
            )
            taken.append(span)
            pos = _LIST_SEPARATOR.match(text, span.end + 1).end()
        return [sp for sp in spans if sp not in taken]

    def _table(self, s: int, cues: list[_Cue]) -> bool:
        """A table of visits, read whole from its header ("Visit | Dates | Focus", then a row
        for each): True when the sentence at ``s`` is that header or one of its rows.

        Only a header naming a kind of visit or inspection and a column of dates makes one: an
        action plan's "Action | Owner | Date" rows are read sentence by sentence as any text.
        """
        text = self.text
        if self.tables and self.tables[-1][0] <= s < self.tables[-1][1]:
            return True  # sentences come in order: only the last table read can hold this one
        header = _row_at(text, s) if text.find(" | ", s, s + MAX_ROW_CHARS) >= 0 else None
        if header is None or _next_row(text, header, forward=False) is not None:
            return False  # not a table, or not its first row
        names = [text[a:b] for a, b in _cells(text, *header)]
        dates_at = next((i for i, n in enumerate(names) if DATE_HEADER.fullmatch(n)), None)
        kind = next((c.kind for c in cues if c.kind in (*FOCUSED_KINDS, "inspection")), None)
        if dates_at is None or kind is None:
            return False
        focus_at = next((i for i, n in enumerate(names) if FOCUS_HEADER.fullmatch(n)), None)
        row, end = header, header[1]
        for _ in range(MAX_TABLE_ROWS):
            row = _next_row(text, row, forward=True)
            cells = _cells(text, *row) if row else []
            if len(cells) != len(names):
                break
            event = self._row(row, cells, dates_at, focus_at, kind)
            if event is not None:
                self.events.append(event)
            end = row[1]
        self.tables.append((header[0], end + 1))
        return True

    def _row(
        self,
        row: tuple[int, int],
        cells: list[tuple[int, int]],
        dates_at: int,
        focus_at: int | None,
        kind: str | None,
    ) -> Event | None:
        """One row of a table of visits: "First | 27-28 September 2022 | Front door, MASH"."""
        text = self.text
        spans = _dates(text, *cells[dates_at], self.ref)
        named = [CUE.search(text, a, b) for i, (a, b) in enumerate(cells) if i != focus_at]
        kind = next((m.lastgroup for m in named if m and m.lastgroup in KINDS), kind)
        if not spans or kind not in (*FOCUSED_KINDS, "inspection"):
            return None
        span = spans[0]
        numbers = [
            ORDINAL_CELL.fullmatch(text, a, b)
            for i, (a, b) in enumerate(cells)
            if i not in (dates_at, focus_at)
        ]
        number = next((_ordinal(m.group("n")) for m in numbers if m), None)
        planned = FUTURE.search(text, *row) or (self.ref and span.earliest > self.ref)
        return Event(
            kind,
            "expected" if planned else "completed",
            span.earliest,
            span.latest,
            span.wording,
            number if kind in SPECIFIC_VISITS else None,
            self._organisation(*row),
            (),
            self._framework(kind, *row),
            row[0],
            row[1],
            text[row[0] : row[1]],
            _tidy_focus(text[slice(*cells[focus_at])]) if focus_at is not None else None,
        )

    # focus --------------------------------------------------------------------------

    def _focus(self, cue: _Cue, span: _Span, e: int, hi: int) -> str | None:
        """What the visit a sentence names looked at, when that sentence says."""
        if cue.kind not in FOCUSED_KINDS:
            return None
        text = self.text
        of = OF_FOCUS.match(text, cue.end, e)
        if of:  # "a JTAI of the multi-agency response … in January 2022"
            focus = self._clause(of.end(), span.start if span.start >= of.end() else e)
            if focus and not NOT_A_FOCUS.search(focus) and not find_organisations(focus):
                return focus
        colon = FOCUS_COLON.match(text, hi, e)
        if colon:  # "First monitoring visit, 27 and 28 September 2022: the front door, …"
            return self._clause(colon.end(), e)
        phrase = FOCUS.search(text, cue.end, min(e, hi + FOCUS_REACH))
        if phrase:  # "… took place on 9 and 10 July 2024 and focused on care leavers"
            return self._clause(phrase.end(), span.start if span.start > phrase.end() else e)
        return None

    def _focus_next(self, e: int, made: list) -> None:
        """ "The sixth visit is planned for 8 and 9 October 2024. It will focus on disabled
        children": the next sentence gives the focus of the last visit a sentence names."""
        if not made:
            return
        last = max(range(len(made)), key=lambda i: made[i][3])
        event = made[last][0]
        if event.kind not in FOCUSED_KINDS or event.focus:
            return
        text, pos = self.text, e
        while pos < len(text) and text[pos] in " \t\r\n":
            pos += 1
        if pos >= len(text):
            return
        ns, ne = self.doc.sentence(pos)
        opener = NEXT_FOCUS.match(text, ns, ne)
        if not opener or self.has_head and opener.group().lower().endswith("inspectors"):
            return  # in an Ofsted report, "Inspectors looked at" is this inspection's work
        phrase = FOCUS.search(text, opener.start(), min(ne, opener.end() + 60))
        if phrase:
            focus = self._clause(phrase.end(), ne)
            made[last] = (replace(event, focus=focus), *made[last][1:])

    def _named_before(self, cue: _Cue) -> tuple[int | None, str | None]:
        """The number and focus of a visit named just before without its dates ("a monitoring
        visit to services for care leavers, the fifth …"), for "Inspectors visited on …"."""
        text = self.text
        ms, me = self.doc.sentence(cue.named_at - 1)
        if cue.start - me > MAX_NAMED_REACH:
            return None, None
        kind = cue.kind  # the kind of the visit named at cue.named_at (see cue)
        for event in reversed(self.events[-RECENT_EVENTS:]):
            if event.start < ms:
                break
            if event.start == ms and event.kind == kind:
                return None, None  # that sentence dated its visit: this is another one
        number = self._number(_Cue(kind, cue.named_at - 1, cue.named_at), ms, me)
        phrase = FOCUS.search(text, ms, min(me, ms + 2 * MAX_FOCUS_CHARS))
        return number, self._clause(phrase.end(), me) if phrase else None

    def _clause(self, start: int, limit: int) -> str | None:
        """A focus: the words from ``start`` to the end of their clause, or to the next event named."""
        text = self.text
        limit = min(limit, start + 2 * MAX_FOCUS_CHARS)
        stop = FOCUS_END.search(text, start, limit)
        end = stop.start() if stop else limit
        for m in CUE.finditer(text, start, end):
            if m.lastgroup in CUE_ENDS_FOCUS:
                end = m.start()
                break
        return _tidy_focus(text[start:end])

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


MAX_TABLE_ROWS = 60  # a table of visits is read this far up and down from a row
MAX_ROW_CHARS = 2000  # a longer line is not a table's row (and is never scanned whole for one)
MAX_NAMED_REACH = 600  # "Inspectors visited on …" this near the sentence naming the visit
RECENT_EVENTS = 50  # the events looked back over for that sentence's own: bounded work
_LIST_SEPARATOR = re.compile(r"[\s,;]*(?:and\s+)?")
_CELL = re.compile(r"[^|]+")
_BLANKS = re.compile(r"\s{0,200}")


def _row_at(text: str, pos: int) -> tuple[int, int] | None:
    """The line holding ``pos`` if it is short enough to be a table's row and has cells."""
    start = text.rfind("\n", max(0, pos - MAX_ROW_CHARS), pos) + 1
    if start == 0 and pos > MAX_ROW_CHARS:
        return None
    end = text.find("\n", pos, pos + MAX_ROW_CHARS)
    if end < 0:
        if len(text) - pos > MAX_ROW_CHARS:
            return None
        end = len(text)
    start, end = strip_span(text, start, end)
    return (start, end) if " | " in text[start:end] else None


def _next_row(text: str, row: tuple[int, int], forward: bool) -> tuple[int, int] | None:
    """The table row after (or before) ``row``, past blank lines; None if that line is not one."""
    if forward:
        pos = _BLANKS.match(text, row[1]).end()
        return _row_at(text, pos) if pos < len(text) else None
    pos = row[0]
    while pos > 0 and row[0] - pos < 200 and text[pos - 1].isspace():
        pos -= 1
    return _row_at(text, pos - 1) if pos > 0 else None


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each cell of a table row "a | b | c", blanks trimmed."""
    return [strip_span(text, *m.span()) for m in _CELL.finditer(text, start, end)]


def _tidy_focus(words: str) -> str | None:
    """A focus as stored: one space between words, no trailing "in" or comma, at most
    MAX_FOCUS_CHARS (cut at a word)."""
    words = " ".join(words.split())
    words = words[:-60] + FOCUS_TAIL.sub("", words[-60:])  # a tail is a few words: bounded work
    if len(words) > MAX_FOCUS_CHARS:
        words = words[:MAX_FOCUS_CHARS].rsplit(" ", 1)[0].rstrip(",;") + "…"
    return words if len(words) > 2 else None


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
