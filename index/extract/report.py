"""An Ofsted report's front page: the inspection it reports, its dates, framework and judgements.

``read_head`` finds the "Inspection dates:" line near the top of a report and the judgements
that follow it: ILACS's table ("Overall effectiveness Good"), the single inspection
framework's list and sentence ("Children's services in Norfolk are inadequate"), or, for a
2012–13 inspection of looked after children's services, the findings that close the report.
Reports from April 2026 on have no overall effectiveness grade: none is ever inferred.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from index.text.dates import find_dates

GRADE = r"(?:outstanding|good|requir(?:es?|ing)\s+improvement(?:\s+to\s+be\s+good)?|inadequate|adequate)"


def grade_of(words: str) -> str:
    """A grade as stored: lower case, and "requires improvement (to be good)" as "requires improvement"."""
    words = " ".join(words.lower().split())
    return "requires improvement" if "improvement" in words else words


@dataclass(frozen=True)
class Row:
    """One judgement as the report states it: its own row of the table, or its own sentence."""

    key: str  # overall, leaders, help_and_protection, in_care, ... (as Event.grades names them)
    wording: str  # the grade as written, blanks collapsed: "Requires improvement to be good"
    start: (
        int  # text[start:end] is the row: "Overall effectiveness Requires improvement to be good"
    )
    end: int


@dataclass(frozen=True)
class Head:
    """The inspection a report's front page states."""

    kind: str  # "inspection", "monitoring_visit", "focused_visit" or "assurance_visit"
    earliest: date
    latest: date
    wording: str  # the dates as written: "7 to 18 November 2022"
    # (key, grade) in GRADE_ORDER; keys as events.Event names them
    grades: tuple[tuple[str, str], ...]
    framework: str | None
    start: int  # the "Inspection dates" label
    end: int  # the end of the evidence: the dates line and the judgements read
    dates_end: int  # the end of the dates line
    own: bool  # False for a review of a safeguarding children board: not an inspection of the council
    rows: tuple[Row, ...] = ()  # where each grade is stated, in GRADE_ORDER
    # the review of the Local Safeguarding Children Board a 2013–18 report includes: its own
    # judgement, stated where its part begins (not a judgement of the council's services)
    board: Row | None = None


HEAD_WINDOW = 4000  # the "Inspection dates:" label is looked for this near the top
TABLE_WINDOW = 3500  # and the judgements this far after it
_HEAD_LABEL = re.compile(
    r"^[ \t*_#>|-]*(?P<label>(?:inspection|visit|monitoring\s+visit|focused\s+visit|assurance\s+visit)\s+dates?"
    r"|dates?\s+of\s+(?:the\s+)?(?:inspection|visit))[*_]*[ \t]*[:\-–][*_]*",
    re.I | re.M,
)
_HEAD_STOP = re.compile(
    r"\n[ \t]*\n(?![ \t]*\d)|\b(?:lead|reporting)\s+inspector|\breport\s+published"
    r"|\bpublished\s*:|\bage\s+group|\bjudgement\s+grade",
    re.I,
)
_TABLE_END = re.compile(r"what\s+needs\s+to\s+improve|\bcontents\b|executive\s+summary", re.I)
_G = rf"(?:[\s:]|\.(?=\s*\n))+(?P<g>{GRADE})\b"  # "… families.\n\nRequires improvement"
# (key, layout, pattern): ILACS's table rows, the single inspection framework's list.
_OPENING = (
    r"(?:the\s+)?(?:experiences\s+and\s+(?:progress\s+of\s+)?)?(?:the\s+)?"  # the row's first words
)
_JUDGEMENTS = [
    (key, layout, re.compile(_OPENING + p, re.I))
    for key, layout, p in [
        ("overall", "any", rf"overall\s+effectiveness{_G}"),
        (
            "leaders",
            "ilacs",
            rf"impact\s+of\s+leaders\s+on\s+(?:social\s+work\s+)?practice\s+with\s+children\s+and\s+families{_G}",
        ),
        ("leaders", "sif", rf"leadership,?\s+management\s+and\s+governance{_G}"),
        ("help_and_protection", "any", rf"children\s+who\s+need\s+help\s+and\s+protection{_G}"),
        ("in_care_and_care_leavers", "ilacs", rf"children\s+in\s+care\s+and\s+care\s+leavers{_G}"),
        ("in_care", "ilacs", rf"progress\s+of\s+children\s+in\s+care{_G}"),
        ("in_care", "sif", rf"children\s+looked\s+after\s+and\s+achieving\s+permanence{_G}"),
        ("care_leavers", "any", rf"progress\s+of\s+(?:children\s+)?care\s+leavers{_G}"),
        ("adoption", "sif", rf"adoption\s+performance{_G}"),
    ]
]
# The single inspection framework states the overall judgement in a sentence.
_SIF_OVERALL = [
    re.compile(p, re.I)
    for p in [
        r"children['’]s\s+services\s+(?:in\s+[^.]{1,120}?\s+)?(?:are|is|were)\s+(?P<g>outstanding|good|inadequate|adequate)\b",
        r"children['’]s\s+services\s+(?:in\s+[^.]{1,120}?\s+)?(?P<g>requires?\s+improvement(?:\s+to\s+be\s+good)?)",
        rf"overall\s+judgement\s+is\s+(?:that\s+(?:the\s+)?(?:children['’]s\s+services?|local\s+authority|authority)\s+)?"
        rf"(?:are|is)?\s*(?P<g>{GRADE})\b",
    ]
]
# 2012–13 inspections of looked after children's services: the grades close the report.
_LAC_FINDINGS = re.compile(r"record\s+of\s+main\s+findings", re.I)
_LAC_GRADES = [
    ("overall", re.compile(rf"overall\s+effectiveness{_G}", re.I)),
    ("capacity", re.compile(rf"capacity\s+to\s+improve{_G}", re.I)),
]
# Until 2023 ILACS judged children in care and care leavers together; after, apart.
_EXCLUSIVE = {
    "in_care_and_care_leavers": {"in_care", "care_leavers"},
    "in_care": {"in_care_and_care_leavers"},
    "care_leavers": {"in_care_and_care_leavers"},
}
GRADE_ORDER = (
    "overall",
    "leaders",
    "help_and_protection",
    "in_care",
    "in_care_and_care_leavers",
    "care_leavers",
    "adoption",
    "capacity",
)


def read_head(text: str, ref: date | None, title: str = "") -> Head | None:
    """The inspection a report is about, from its first page, or None if ``text`` has no dates line.

    A review of a safeguarding children board gives a Head with ``own=False``: its dates
    line is still the report's own, not a sentence to read as an inspection of the council.
    """
    label = _HEAD_LABEL.search(text, 0, HEAD_WINDOW)
    if not label:
        return None
    before = f"{title}\n{text[: label.start()]}".lower()
    lscb = "safeguarding children board" in before and "inspection of" not in before
    stop = _HEAD_STOP.search(text, label.end(), label.end() + 200)
    seg_end = stop.start() if stop else min(len(text), label.end() + 200)
    segment = text[label.end() : seg_end]
    # a range wrapped onto the next line
    spans = find_dates(segment.replace("\n\n", " \n"), reference=ref)
    if not spans:
        return None
    earliest, latest = min(s.earliest for s in spans), max(s.latest for s in spans)
    a, b = label.end() + spans[0].start, label.end() + spans[-1].end
    if lscb:
        return Head(
            "review", earliest, latest, text[a:b], (), None, label.start("label"), b, b, own=False
        )
    kind = next(
        (
            k
            for k, words in (
                ("monitoring_visit", "monitoring visit"),
                ("focused_visit", "focused visit"),
                ("assurance_visit", "assurance visit"),
            )
            if words in before
        ),
        "inspection",
    )

    lac = "looked after children services" in before
    if lac:
        rows, layouts, end = _lac_grades(text), set(), b
    else:
        window_end = min(len(text), label.start() + TABLE_WINDOW)
        cut = _TABLE_END.search(text, b, window_end)
        rows, layouts, end = _table_grades(text, b, cut.start() if cut else window_end)
    grades = {row.key: grade_of(row.wording) for row in rows}

    if kind != "inspection":
        framework = kind.split("_")[0]
    elif lac:
        framework = "lac"
    elif "ilacs" in layouts or ("sif" not in layouts and earliest >= date(2018, 1, 1)):
        # A short inspection is one week on site, a standard one two; an inspection split in two
        # parts ("8 to 12 July 2019 and 7 to 8 August 2019") is told by its first part.
        framework = (
            "ilacs_short" if (spans[0].latest - spans[0].earliest).days <= 7 else "ilacs_standard"
        )
    elif "sif" in layouts or earliest >= date(2013, 11, 1):
        framework = "sif"
    else:
        framework = None
    ordered = tuple((k, grades[k]) for k in GRADE_ORDER if k in grades)
    rows = sorted(rows, key=lambda row: GRADE_ORDER.index(row.key))
    start = label.start("label")
    return Head(
        kind,
        earliest,
        latest,
        text[a:b],
        ordered,
        framework,
        start,
        end,
        b,
        own=True,
        rows=tuple(rows),
        board=_board(text) if framework == "sif" else None,
    )


#: "The Local Safeguarding Children Board is outstanding", opening the review of the board.
_BOARD = re.compile(
    r"^[ \t]*the\s+local\s+safeguarding\s+children\s+board\s+(?:\(lscb\)\s+)?(?:is\s+)?"
    r"(?P<g>requires\s+improvement|outstanding|good|inadequate)\b",
    re.I | re.M,
)


def _board(text: str) -> Row | None:
    found = _BOARD.search(text)
    return _row("lscb", found) if found else None


def _row(key: str, m: re.Match) -> Row:
    wording = " ".join(m.group("g").split())
    return Row(key, wording[:1].upper() + wording[1:], m.start(), m.end())


def _table_grades(text: str, start: int, stop: int) -> tuple[list[Row], set[str], int]:
    """Page 1's judgements between start and stop, the layouts they show, and where they end."""
    rows: dict[str, Row] = {}
    layouts: set[str] = set()
    end = start
    overall = _JUDGEMENTS[0][2].search(text, start, stop)
    if overall:
        stop = overall.end()  # ILACS's last row: what follows is prose
    for key, layout, pattern in _JUDGEMENTS:
        if key in rows or key in _EXCLUSIVE and rows.keys() & _EXCLUSIVE[key]:
            continue
        m = pattern.search(text, start, stop)
        if m:
            rows[key] = _row(key, m)
            layouts.add(layout)
            end = max(end, m.end())
    if "ilacs" not in layouts and "overall" not in rows:
        for pattern in _SIF_OVERALL:  # never for ILACS: from April 2026 there is no overall grade
            m = pattern.search(text, start, stop)
            if m:
                rows["overall"], end = _row("overall", m), max(end, m.end())
                layouts.add("sif")
                break
    return list(rows.values()), layouts, end


def _lac_grades(text: str) -> list[Row]:
    """A 2012–13 looked after children inspection's grades, from the findings that close it."""
    findings = None
    for findings in _LAC_FINDINGS.finditer(text):  # noqa: B007 (the last one is wanted)
        pass
    rows = []
    if findings:
        for key, pattern in _LAC_GRADES:
            m = pattern.search(text, findings.end(), findings.end() + 600)
            if m:
                rows.append(_row(key, m))
    return rows
