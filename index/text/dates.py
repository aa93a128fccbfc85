"""Dates in council and Ofsted documents: find them, and find when a document was published.

``find_dates`` returns every date expression in a text as a ``DateSpan``: the original
wording, its character offsets and the interval ``[earliest, latest]`` it stands for.
``precision`` is one of:

    "day"     one calendar day               "23rd September, 2021", "2021-09-09", "19/12/2024"
    "month"   a month or part of one         "July 2021", "late February"
    "season"  a season or part of one        "Summer 2022"
    "year"    a year or part of one          "in 2021", "early 2022", "the end of 2021"
    "range"   two dates joined               "13th – 30th July 2021", "October/ November 2021",
              by to / – / or / and           "between 13 and 30 July 2021", "late 2021 or early 2022"

Conventions. Seasons: spring = March–May, summer = June–August, autumn = September–November,
winter = December–February of the next year. Part of a month: early = days 1–10, mid = 11–20,
late/end = 21–last. Part of a year: early/start = January–April, mid = May–August,
late/end = September–December. Part of a season: one of its three months.
Expressions without a year ("September 9", "late February") take the year of ``reference``
and are skipped when there is none. "by X" ends where X ends and starts at ``reference``
when given (else where X starts). A bare year counts only after a cue word ("in 2021",
"since 2019"), so "24 hours", "3.1" and "2,000 children" are not dates.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from index.text.words import MONTHS


@dataclass(frozen=True)
class DateSpan:
    text: str  # the original wording, exactly text[start:end]
    start: int
    end: int
    earliest: date
    latest: date
    precision: str  # "day" | "month" | "season" | "year" | "range"


def overlaps(a, b) -> bool:
    """Whether two things with ``earliest`` and ``latest`` dates (spans, events) share a day."""
    return a.earliest <= b.latest and b.earliest <= a.latest


# --- building blocks ----------------------------------------------------------------

SP = r"[ \t\u00a0\u2009\u202f]"  # a blank within a line (also no-break and thin spaces)
GAP = rf"(?:{SP}+|{SP}*(?:\r\n|\r|\n){SP}*)"  # blanks, or one line break (PDF wrapping)
OGAP = rf"(?:{GAP})?"  # an optional GAP
DASH = r"[-\u2010-\u2015\u2212\u2500]"  # hyphen, en dash, em dash, minus, box-drawing line
# A month name or abbreviation ("Sept", "Sep.", "september"), not the start of a longer word.
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?(?![a-z])"
)
SEASON = r"(?:spring|summer|autumn|winter)(?![a-z])"
YEAR = r"(?:19|20)\d\d(?!\d)"  # 1900–2099, four digits
DAY = r"(?<![\d.,/:£$])[0-3]?\d(?!\d)"  # 1–31, not the tail of "3.1", "2,000" or "10:30"
# Ordinal suffix, perhaps in (or left spaced out by stripped) HTML: "23rd", "23 rd", "23<sup>rd</sup>".
ORD = rf"(?:{SP}?(?:<sup>{SP}*)?(?:st|nd|rd|th)(?:{SP}*</sup>)?(?![a-z]))?"
WEEKDAY = rf"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?{GAP})?"  # "Monday ", optional
YSEP = rf"(?:,{OGAP}|{GAP})"  # between month and year: "September 2021", "September, 2021"
TO = rf"(?:{OGAP}{DASH}{OGAP}|{GAP}(?:to|until|till){GAP})"  # "13 – 30", "3 to 14"
OR = rf"(?:{TO}|{OGAP}/{OGAP}|{GAP}or{GAP})"  # also "October/ November", "October or November"
AND = rf"{GAP}and{GAP}"  # only after "between"
BETWEEN = rf"(?:(?P<btw>between){GAP})?"
NOT_NUM = rf"(?![.,]\d|{SP}*(?:/|{DASH}){SP}*\d)"  # not "2021/22", "2019-20", "2021.5"
CUE = r"in|since|by|during|from|until|till|before|after|throughout"  # words that make a bare year


def _dmy(n: int, month_optional: bool = False, gap: str = f"{SP}*") -> str:
    """Day, month and optional year: "Monday 25th November 2019", "23<sup>rd</sup> September, 2021"."""
    month = rf"{gap}(?:of{GAP})?(?P<m{n}>{MONTH})(?:{YSEP}(?P<y{n}>{YEAR}))?"
    return rf"{WEEKDAY}(?P<d{n}>{DAY}){ORD}" + (f"(?:{month})?" if month_optional else month)


def _numeric_date(n: int, iso: bool) -> str:
    """2021-09-09 (also 2021/09/09) or, UK order, 19/12/2024 (also 19-12-2024)."""
    day, month, year = rf"(?P<d{n}>[0-3]?\d)", rf"(?P<m{n}>[01]?\d)", rf"(?P<y{n}>{YEAR})"
    sep, again = rf"(?P<s{n}>[-/])", rf"(?P=s{n})"
    return f"{year}{sep}{month}{again}{day}" if iso else f"{day}{sep}{month}{again}{year}"


def _numeric_span(body: str) -> str:
    return rf"(?<![\d/.-]){body}(?!\d|[/.-]\d)"  # not inside a longer run of numbers


def _part(n: str) -> str:
    """A qualifier: "early", "mid-", "late", "the end of", "the beginning of", "the first half of" ..."""
    return (
        rf"(?:the{GAP})?(?P<p{n}>early|mid(?:dle{GAP}of)?|late|(?:beginning|start|end){GAP}of"
        rf"|(?:first|second|1st|2nd){GAP}half{GAP}of)"
        rf"(?:{DASH}|{GAP})"
    )


def _vague(n: int) -> str:
    """A (part of a) month or season with optional year, or a part of a year: "late 2021"."""
    return (
        rf"(?:{_part(str(n))})?(?:(?P<m{n}>{MONTH})|(?P<s{n}>{SEASON}))(?:{YSEP}(?P<y{n}>{YEAR}){NOT_NUM})?"
        rf"|{_part(f'{n}b')}(?P<z{n}>{YEAR}){NOT_NUM}"
    )


# --- interpreting matches -----------------------------------------------------------

_MONTHS = {name[:3]: i for i, name in enumerate(MONTHS, start=1)}
_SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}
_PART_INDEX = {
    "ear": 0,
    "beg": 0,
    "sta": 0,
    "mid": 1,
    "lat": 2,
    "end": 2,
}  # first/middle/last third
Bounds = tuple[date, date, str]


def _month(word: str) -> int:
    return _MONTHS[word.lower()[:3]]


def _last(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _int(m: re.Match, name: str) -> int | None:
    value = m.group(name)
    return int(value) if value else None


def _vague_bounds(m: re.Match, n: int, year: int) -> Bounds:
    part = m.group(f"p{n}") or m.group(f"p{n}b")
    if part and "half" in part.lower():
        return _half_bounds(m, n, year, second=part.lower().startswith(("sec", "2nd")))
    third = _PART_INDEX[part.lower()[:3]] if part else None
    if m.group(f"m{n}"):
        month = _month(m.group(f"m{n}"))
        if third is None:
            return date(year, month, 1), _last(year, month), "month"
        first, last = ((1, 10), (11, 20), (21, _last(year, month).day))[third]
        return date(year, month, first), date(year, month, last), "month"
    if m.group(f"s{n}"):
        start = _SEASON_START[m.group(f"s{n}").lower()]
        months = [(year + (start + i - 1) // 12, (start + i - 1) % 12 + 1) for i in range(3)]
        if third is not None:
            months = [months[third]]
        return date(*months[0], 1), _last(*months[-1]), "season"
    first = 1 + 4 * third  # early: Jan–Apr, mid: May–Aug, late: Sep–Dec
    return date(year, first, 1), _last(year, first + 3), "year"


def _half_bounds(m: re.Match, n: int, year: int, second: bool) -> Bounds:
    """ "the first half of 2025": January to June; "the second half of July": 16 to 31 July."""
    if m.group(f"m{n}"):
        month = _month(m.group(f"m{n}"))
        last = _last(year, month)
        return (
            (date(year, month, 16), last, "month")
            if second
            else (date(year, month, 1), date(year, month, 15), "month")
        )
    if m.group(f"s{n}"):
        start = _SEASON_START[m.group(f"s{n}").lower()] + (1 if second else 0)
        first = (year + (start - 1) // 12, (start - 1) % 12 + 1)
        then = (year + start // 12, start % 12 + 1)
        return date(*first, 1), _last(*then), "season"
    if second:
        return date(year, 7, 1), date(year, 12, 31), "year"
    return date(year, 1, 1), date(year, 6, 30), "year"


def _pair(
    bounds: Callable[[int, int], Bounds], y1: int | None, y2: int | None, ref: date | None
) -> Bounds | None:
    """Join two ends into a range; a missing year comes from the other end, else from ref."""
    inherited = 0
    if y1 is None and y2 is None:
        if ref is None:
            return None
        y1, y2, inherited = ref.year, ref.year, 1
    elif y1 is None:
        y1, inherited = y2, 1
    elif y2 is None:
        y2, inherited = y1, 2
    a, b = bounds(1, y1), bounds(2, y2)
    if a[0] > b[0] and inherited == 1:  # "28 December to 3 January 2022"
        a = bounds(1, y1 - 1)
    elif a[0] > b[0] and inherited == 2:
        b = bounds(2, y2 + 1)
    return (a[0], b[1], "range") if a[0] <= b[1] else None


def _day(m: re.Match, ref: date | None) -> Bounds | None:
    year = _int(m, "y1") or (ref.year if ref else None)
    if year is None:
        return None
    d = date(year, _month(m.group("m1")), int(m.group("d1")))
    return d, d, "day"


def _numeric(m: re.Match, ref: date | None) -> Bounds | None:
    a = date(int(m.group("y1")), int(m.group("m1")), int(m.group("d1")))
    if "y2" not in m.re.groupindex:
        return a, a, "day"
    b = date(int(m.group("y2")), int(m.group("m2")), int(m.group("d2")))
    return (a, b, "range") if a <= b else None


def _day_range(m: re.Match, ref: date | None) -> Bounds | None:
    if m.group("sep").strip().lower() == "and" and not m.group("btw"):
        return None  # "5 and 6 July" is two days, not a range

    def bounds(n: int, year: int) -> Bounds:
        d = date(year, _month(m.group(f"m{n}") or m.group("m2")), int(m.group(f"d{n}")))
        return d, d, "day"

    return _pair(bounds, _int(m, "y1"), _int(m, "y2"), ref)


def _vague_one(m: re.Match, ref: date | None) -> Bounds | None:
    year = _int(m, "y1") or _int(m, "z1")
    if year is None and m.group("m1") and m.group("p1") and ref:
        year = ref.year  # "late February" needs a reference; bare "May" or "Summer" never counts
    return _vague_bounds(m, 1, year) if year else None


def _vague_range(m: re.Match, ref: date | None) -> Bounds | None:
    if m.group("lead") or m.group("sep").strip().lower() == "and" and not m.group("btw"):
        return None  # "9 September 2021 or summer": the day is the date, not "September ... summer"
    return _pair(
        lambda n, y: _vague_bounds(m, n, y),
        _int(m, "y1") or _int(m, "z1"),
        _int(m, "y2") or _int(m, "z2"),
        ref,
    )


def _cue_year(m: re.Match, ref: date | None) -> Bounds:
    year = int(m.group("x"))
    return date(year, 1, 1), date(year, 12, 31), "year"


def _year_range(m: re.Match, ref: date | None) -> Bounds | None:
    a, b = int(m.group("y1")), int(m.group("y2"))
    return (date(a, 1, 1), date(b, 12, 31), "range") if a <= b else None


# Each pattern with its interpreter; a group named "x", if any, is the span (the rest is context).
_PATTERNS: list[tuple[re.Pattern, Callable[[re.Match, date | None], Bounds | None]]] = [
    (re.compile(p, re.I), f)
    for p, f in [
        # 2021-09-09 / 19/12/2024, and ranges of them: 12/09/2016 to 06/10/2016
        *[(_numeric_span(_numeric_date(1, iso)), _numeric) for iso in (True, False)],
        *[
            (_numeric_span(_numeric_date(1, iso) + TO + _numeric_date(2, iso)), _numeric)
            for iso in (True, False)
        ],
        # 23rd September, 2021 / Monday 25th November 2019 / 9 Sept
        (_dmy(1), _day),
        # September 9 / September 9th, 2021
        (
            rf"{WEEKDAY}(?P<m1>{MONTH}){SP}+(?P<d1>{DAY}){ORD}(?:{YSEP}(?P<y1>{YEAR}))?(?![.,:]\d)",
            _day,
        ),
        # 13th – 30th July 2021 / 28 November to 9 December 2022 / between 13 and 30 July 2021
        (
            rf"{BETWEEN}{_dmy(1, month_optional=True)}(?P<sep>{TO}|{AND}){_dmy(2, gap=OGAP)}",
            _day_range,
        ),
        # July 2021 / Summer 2022 / late February / early 2022 / the end of 2021
        (_vague(1), _vague_one),
        # October/ November 2021 / late February or early March / late 2021 or early 2022
        (
            rf"{BETWEEN}(?P<lead>{DAY}{ORD}{SP}*)?(?:{_vague(1)})(?P<sep>{OR}|{AND})(?:{_vague(2)})",
            _vague_range,
        ),
        # in 2021 / since 2019 (a bare year only after a cue word)
        (rf"\b(?:{CUE}){GAP}(?P<x>{YEAR}){NOT_NUM}", _cue_year),
        # from 2019 to 2021 / between 2019 and 2021
        (
            rf"\b(?:from|between){GAP}(?P<x>(?P<y1>{YEAR})(?:{TO}|{AND})(?P<y2>{YEAR})){NOT_NUM}",
            _year_range,
        ),
    ]
]
_BY = re.compile(rf"\bby{GAP}\Z", re.I)  # "by autumn 2019": ends then, starts now


def find_dates(text: str, *, reference: date | None = None) -> list[DateSpan]:
    """Every date expression in ``text``, in order, non-overlapping, longest match preferred."""
    candidates: list[tuple[int, int, Bounds]] = []
    for pattern, interpret in _PATTERNS:
        for m in pattern.finditer(text):
            try:
                bounds = interpret(m, reference)
            except (ValueError, OverflowError):  # 31 February, month 13 ...
                continue
            if bounds:
                start, end = m.span("x") if "x" in pattern.groupindex else m.span()
                candidates.append((start, end, bounds))
    taken = bytearray(len(text))
    spans: list[DateSpan] = []
    for start, end, (earliest, latest, precision) in sorted(
        candidates, key=lambda c: (c[0] - c[1], c[0])
    ):
        if not any(taken[start:end]):
            taken[start:end] = b"\x01" * (end - start)
            spans.append(DateSpan(text[start:end], start, end, earliest, latest, precision))
    spans.sort(key=lambda s: s.start)
    for i, span in enumerate(spans):
        by = _BY.search(text, max(0, span.start - 12), span.start)
        if by and not any(taken[by.start() : span.start]):
            earliest = reference if reference and reference <= span.latest else span.earliest
            spans[i] = replace(
                span, text=text[by.start() : span.end], start=by.start(), earliest=earliest
            )
    return spans


# --- dates relative to a document's own ---------------------------------------------

# not "in the last year"
_RELATIVE = re.compile(
    r"\b(?:(?P<part>early|mid|late)[\s-]+)?(?P<m>jan(?:uary)?|feb(?:ruary)?|march|april|may|june|july|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|spring|summer|autumn|winter)\s+"
    r"(?P<rel>this|last|next)\s+year\b"
    r"|\b(?P<rel2>this|last|next)\s+(?P<s>spring|summer|autumn|winter)\b"
    r"|\b(?P<side>earlier|later)\s+this\s+year\b|(?<!the\s)\b(?P<rel3>this|last|next)\s+year\b",
    re.I,
)
_SHIFT = {"this": 0, "last": -1, "next": 1}


def _relative(m: re.Match, ref: date) -> Bounds:
    if m.group("side"):
        if m.group("side").lower() == "earlier":
            return date(ref.year, 1, 1), ref, "range"
        return ref, date(ref.year, 12, 31), "range"
    if m.group("rel3"):
        year = ref.year + _SHIFT[m.group("rel3").lower()]
        return date(year, 1, 1), date(year, 12, 31), "year"
    if m.group("m"):
        word, year = m.group("m").lower(), ref.year + _SHIFT[m.group("rel").lower()]
    else:
        word, rel = m.group("s").lower(), m.group("rel2").lower()
        year = ref.year
        if rel == "next" and ref.month >= _SEASON_START[word]:
            year += 1
        elif rel == "last" and ref.month < _SEASON_START[word] + 3:
            year -= 1
    if word in _SEASON_START:
        first = _SEASON_START[word]
        return date(year, first, 1), _last(year + (first + 1) // 12, (first + 1) % 12 + 1), "season"
    month = _month(word)
    first, last = date(year, month, 1), _last(year, month)
    part = (m.group("part") or "").lower()
    if part:
        first, last = {
            "early": (first, first.replace(day=10)),
            "mid": (first.replace(day=11), first.replace(day=20)),
            "late": (first.replace(day=21), last),
        }[part]
    return first, last, "month"


def find_relative_dates(text: str, *, reference: date | None) -> list[DateSpan]:
    """Dates stated relative to the document's own (``reference``): "July this year", "next spring",
    "later this year", "next year". None without a reference."""
    if reference is None:
        return []
    spans = []
    for m in _RELATIVE.finditer(text):
        earliest, latest, precision = _relative(m, reference)
        spans.append(DateSpan(m.group(), m.start(), m.end(), earliest, latest, precision))
    return spans


# --- saying a date ------------------------------------------------------------------


def format_month(value: date) -> str:
    """A month as answers write it: "March 2023"."""
    return value.strftime("%B %Y")


def format_range(earliest: date, latest: date) -> str:
    """Two days as one span: "7 – 18 November 2022", "28 November – 9 December 2022"."""
    if earliest == latest:
        return format_date(earliest)
    if earliest.year == latest.year:
        first = (
            earliest.strftime("%-d %B")
            if earliest.month != latest.month
            else earliest.strftime("%-d")
        )
        return f"{first} – {format_date(latest)}"
    return f"{format_date(earliest)} – {format_date(latest)}"


def format_date(value: date | None) -> str:
    """A date as every answer, status and list writes it: "23 September 2021" (or "undated")."""
    return value.strftime("%-d %B %Y") if value else "undated"


def describe_age(then: date, today: date) -> str:
    """How old something dated ``then`` is on ``today``: "12 days", "5 months", "4 years"."""
    days = (today - then).days
    if days < 0:
        return "dated in the future"
    if days < 62:
        return f"{days} day{'s' if days != 1 else ''}"
    months = round(days / 30.44)
    if months < 24:
        return f"{months} months"
    return f"{days // 365} years"


# --- publication dates --------------------------------------------------------------

HEAD = 1500  # a publication date is looked for this near the top
# A label at the start of a line (after markdown or a "|" separator): "Published:", "date", ...
_LABEL = re.compile(
    rf"(?:^|[|•·]){SP}*[*_#>]*{SP}*(?P<label>(?:date{SP}+of{SP}+publication|publication{SP}+date"
    rf"|date{SP}+published|(?:first{SP}+|report{SP}+)?published(?:{SP}+on)?|posted(?:{SP}+on)?"
    rf"|(?:decision|report|meeting|issue|letter|note|briefing){SP}+date|date{SP}+of{SP}+(?:decision|meeting|issue|report)"
    rf"|issued(?:{SP}+on)?|dated?))(?![a-z])[*_]*{SP}*[:\-\u2013]?",
    re.I | re.M,
)
# Words that put a publication date anywhere on a line: "BCP Council news, 2 November 2022",
# "Minutes of the meeting held on 15 November 2021".
_LEAD_IN = re.compile(
    rf"(?P<label>\bnews|\bmeeting{SP}+held(?:{SP}+on)?|\bheld{SP}+on)(?![a-z]){SP}*[,:\-\u2013]?",
    re.I,
)
# A short title, a comma, the day, and the line or sentence ends: "Quarterly note, 3 May 2023."
# (a sentence of prose, "On Tuesday, 5 March 2024 inspectors arrived", goes on after the date).
_TITLED = re.compile(
    rf"^{SP}*[*_#>]*{SP}*(?P<label>[A-Za-z][\w'’&-]*(?:{SP}+[\w'’&()-]+){{0,5}}),{SP}*(?=\S)", re.M
)
TITLED_LINES = 8  # such a line counts among the first lines of the text only
_ISO = re.compile(r"(?<![\d/.-])(?:19|20)\d\d-[01]\d-[0-3]\d(?![\d/.-])")
ISO_HEAD_LINES = 5  # an ISO date this near the top is the document's own (it is never prose)
_FILLER = re.compile(r"[\s*_#:.,;()\[\]\-\u2013]*")  # what may surround a date on its own line


def find_publication_date(text: str) -> tuple[date, str] | None:
    """The publication date stated near the top of ``text`` and the evidence, or None."""
    head = text[:HEAD]
    labels = sorted([*_LABEL.finditer(head), *_LEAD_IN.finditer(head)], key=lambda m: m.start())
    for m in labels:
        after = text[m.end() : m.end() + 120]
        spans = find_dates(after)
        if spans and spans[0].precision == "day" and _FILLER.fullmatch(after[: spans[0].start]):
            snippet = " ".join(text[m.start("label") : m.end() + spans[0].end].split())
            return spans[0].earliest, f"text: '{snippet}'"
    titled = _titled_date(head)
    if titled:
        return titled
    top = "\n".join(line for line in head.splitlines() if line.strip())
    top = "\n".join(top.splitlines()[:ISO_HEAD_LINES])
    iso = _ISO.search(top)
    if iso:
        day = find_dates(iso.group())
        if day:
            line = top[top.rfind("\n", 0, iso.start()) + 1 :].split("\n", 1)[0].strip()
            return day[0].earliest, f"text: '{line}' (an ISO date near the top)"
    spans = find_dates(head)  # over the whole head, so a range wrapped over two lines stays one
    ranges = [s for s in spans if s.precision == "range"]
    for span in spans:
        if any(r.earliest <= span.earliest <= r.latest for r in ranges):
            continue  # a heading repeating the first inspection day is not a publication date
        first = head.rfind("\n", 0, span.start) + 1
        last = len(head) if head.find("\n", span.end) < 0 else head.find("\n", span.end)
        if span.precision == "day" and _FILLER.fullmatch(
            head[first : span.start] + head[span.end : last]
        ):
            return span.earliest, f"text: '{head[first:last].strip()}' (a date on its own line)"
    return None


def _titled_date(head: str) -> tuple[date, str] | None:
    """ "Quarterly note, 3 May 2023.": a day after a short title and a comma, ending its line."""
    lines = [line for line in head.splitlines() if line.strip()][:TITLED_LINES]
    for line in lines:
        m = _TITLED.match(line)
        if not m:
            continue
        rest = line[m.end() :]
        spans = find_dates(rest)
        if not spans or spans[0].start != 0 or spans[0].precision != "day":
            continue
        after = rest[spans[0].end :]
        # The line ends there, or the sentence does: a reader may have joined the next line on.
        if _FILLER.fullmatch(after) or re.match(r"\.\s", after):
            return spans[0].earliest, f"text: '{line[: m.end() + spans[0].end].strip()}'"
    return None


def date_from_filename(name: str) -> date | None:
    """A day named in a file name: "... - 13 january 2023.pdf", "2021-09-23 cabinet report.txt"."""
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", name.replace("\\", "/").rsplit("/", 1)[-1])
    for span in find_dates(stem.replace("_", " ")):
        if span.precision == "day":
            return span.earliest
    compact = re.search(r"(?<!\d)((?:19|20)\d\d)([01]\d)([0-3]\d)(?!\d)", stem)  # 20210923
    if compact:
        try:
            return date(*map(int, compact.groups()))
        except ValueError:
            return None
    return None
