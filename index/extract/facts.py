"""The facts an Ofsted report states about its own inspection, each with the shortest quote that holds it.

Read once at indexing time (``read_facts``) and stored beside the document, so that an
answer to "who led Hounslow's 2023 inspection" or "how was help and protection judged"
states the fact and quotes its own line, never a 700-character run-on table.

A ``Fact`` is ``(field, value, start, end, quote)`` with ``quote == text[start:end]``:

    inspection_dates   "2022-11-07/2022-11-18" (ISO interval)  "Inspection dates: 7 to 18 November 2022"
    framework          "sif", "ilacs_standard", "ilacs_2026_short", ...  the dates line
    judgement:<key>    the grade as written: "Requires improvement to be good"
                       (keys as events.Event names them: overall, leaders, help_and_protection, ...)
    lead_inspector     the name as written: "Sarah Canto"        "Lead inspector: Sarah Canto, His Majesty’s Inspector"
    improvement        one item of "What needs to improve" (or the single inspection framework's
                       recommendations to the local authority)
    visit_number       "4" for a fourth monitoring visit          the sentence that says so
    visit_focus        what a monitoring or focused visit looked at  the sentence that says so
    summary            (empty)                                   the report's own summary: its first sentences

Frameworks: "lac" (2012–13 looked after children), "sif" (the single inspection framework,
2013–18), "ilacs_short" / "ilacs_standard" (from 2018), "ilacs_2026_short" /
"ilacs_2026_standard" (from April 2026: no overall effectiveness grade), "monitoring",
"focused", "assurance".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from index.extract.cues import ORDINAL, ORDINALS
from index.extract.report import Head, read_head
from index.text.sentences import TextView, sentence_ends, strip_span

FIELDS = (
    "inspection_dates",
    "framework",
    "judgement",
    "lead_inspector",
    "improvement",
    "visit_number",
    "visit_focus",
    "summary",
)
# ILACS inspections from this day give no overall effectiveness grade
NO_OVERALL_FROM = date(2026, 4, 1)


@dataclass(frozen=True)
class Fact:
    field: str  # one of FIELDS, judgements as "judgement:<key>"
    value: str
    start: int  # offsets into the document text: quote == text[start:end]
    end: int
    quote: str


_NAME_WORD = r"(?!(?:HMI|Her|His|Senior|Judgement|Age|Social|Ofsted|Inspector|Deputy|Regional)\b)[A-Z][\w’'.-]*"
_NAME = rf"{_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|de|van|von|du|da|le|la))*"
_TITLE = r",?[ \t]*(?:\n[ \t]*\n?[ \t]*)?(?:Senior[ \t]+)?(?:HMI\b|H(?:er|is)[ \t]+Majesty[’']s[ \t]+Inspector\b)"
_LEAD = re.compile(
    rf"\b(?i:lead|reporting)\s+(?i:inspector)\s*:?[ \t]*(?P<name>{_NAME})(?P<title>{_TITLE})?"
)
# Two leads (Stoke-on-Trent, 2022): "Lead inspectors: Rebecca Quested, His Majesty’s Inspector, and Matthew Reed, …".
_LEADS = re.compile(
    rf"\b(?i:lead|reporting)\s+(?i:inspectors)\s*:?[ \t]*(?P<first>{_NAME})(?:{_TITLE})?,?\s+and\s+"
    rf"(?P<second>{_NAME})(?:{_TITLE})?"
)
# The heading, on its own line or run on after the paragraph before it ("… oversight. What needs to improve?").
_IMPROVE = re.compile(
    r"(?:^[ \t]*|(?<=[.!?])[ \t]+)what\s+needs\s+to\s+improve\b[^\n]{0,60}$", re.I | re.M
)
_RECOMMENDATIONS = re.compile(
    r"^[ \t]*(?:recommendations|areas\s+for\s+improvement)[ \t]*:?[ \t]*$", re.I | re.M
)
# Where the list of what needs to improve ends: the first judgement's section, or a numbered paragraph.
_SECTION = re.compile(
    r"\b(?:the\s+)?(?:experiences\s+and\s+progress\s+of|impact\s+of\s+leaders)\b|^\s*1\.\s",
    re.I | re.M,
)
_NUMBERED = re.compile(r"\s*(?P<n>\d{1,3})\.\s+")
_BULLET = re.compile(r"[\uf000-\uf0ff•▪●■◦]\s*")
_FOCUS = re.compile(
    r"\binspectors\s+(?:looked\s+at|reviewed|evaluated|considered|focused\s+on|examined)\b", re.I
)
MAX_ITEMS = 12


def read_facts(
    text: str, *, doc_date: date | None = None, title: str = "", head: Head | None = None
) -> list[Fact]:
    """The facts ``text`` states about its own inspection or visit, in the order of FIELDS."""
    head = head or read_head(text, doc_date, title)
    if head is None or not head.own:
        return []
    facts = [
        _fact(
            text,
            "inspection_dates",
            f"{head.earliest.isoformat()}/{head.latest.isoformat()}",
            head.start,
            head.dates_end,
        )
    ]
    framework = _framework(head)
    if framework:
        facts.append(_fact(text, "framework", framework, head.start, head.dates_end))
    facts += [
        _fact(text, f"judgement:{row.key}", row.wording, row.start, row.end)
        for row in (*head.rows, *([head.board] if head.board else []))
    ]
    lead, leads = _LEAD.search(text), _LEADS.search(text)
    if leads and not (lead and lead.start() < leads.start()):
        names = f"{leads.group('first').rstrip(',.')} and {leads.group('second').rstrip(',.')}"
        facts.append(_fact(text, "lead_inspector", names, leads.start(), leads.end()))
    elif lead:
        facts.append(
            _fact(text, "lead_inspector", lead.group("name").rstrip(",."), lead.start(), lead.end())
        )
    facts += _improvements(text)
    if head.kind != "inspection":
        facts += _visit(text, head)
    else:
        facts += _summary(text, head) + _sections(text, head)
    return facts


#: The single inspection framework's summary heading (the contents list names it with a page number).
_SUMMARY_HEADING = re.compile(
    r"^[ \t]*(?:section 1:[^\n]*?-[ \t]*)?(?:summary of (?:key )?findings|executive summary)[ \t]*$",
    re.I | re.M,
)
SUMMARY_SENTENCES = 6
MIN_SUMMARY_CHARS = 120


def _summary(text: str, head: Head) -> list[Fact]:
    """The report's own summary of its judgement: the paragraph after the judgements table
    (ILACS: "Children are at the centre of Kent County Council's culture and practice…"), or the
    first after the single inspection framework's "Summary of findings"; its first sentences."""
    start = max((row.end for row in head.rows), default=head.end)
    if head.framework == "sif":
        found = _SUMMARY_HEADING.search(text, head.end)
        if found is None:
            return []
        start = found.end()
    for block in re.finditer(r"[^\n](?:.|\n(?!\n))*", text[start : start + 4000]):
        if len(block.group().strip()) >= MIN_SUMMARY_CHARS:
            ends = sentence_ends(text, start + block.start(), start + block.end())[
                :SUMMARY_SENTENCES
            ]
            if ends:
                return [_fact(text, "summary", "", ends[0][0], ends[-1][1])]
            break
    return []


#: Each judgement's section title, as a report heads the section that explains it.
_EXPERIENCES = r"(?:the\s+)?experiences\s+and\s+progress\s+of\s+"
_SECTION_TITLES = {
    "leaders": r"(?:the\s+)?impact\s+of\s+leaders\s+on\s+social\s+work\s+practice\s+with\s+children\s+and\s+families",
    "help_and_protection": _EXPERIENCES + r"children\s+who\s+need\s+help\s+and\s+protection",
    "in_care_and_care_leavers": _EXPERIENCES + r"children\s+in\s+care\s+and\s+care\s+leavers",
    "in_care": _EXPERIENCES
    + r"(?:children\s+in\s+care|children\s+looked\s+after)(?!\s+and\s+care)",
    "care_leavers": _EXPERIENCES + r"care\s+leavers",
    "leadership": r"leadership,\s+management\s+and\s+governance",
}
#: A section title stated as a heading: the title, its grade (after a colon, "is" or a label), then text.
_SECTION_GRADE = re.compile(
    r"\s*(?::|\s+is|\s+Key\s+Judgement[^\n]*?Grade[^\n]*?)?\s*"
    r"(?:requires\s+improvement(?:\s+to\s+be\s+good)?|good|outstanding|inadequate|adequate)\b",
    re.I,
)
SECTION_SENTENCES = 2
_PARA_NUMBER = re.compile(r"\s*(?:\d{1,3}\.\s*)?")  # a paragraph's number, kept out of the quote


def _sections(text: str, head: Head) -> list[Fact]:
    """Each judgement's own summary: the first sentences of the section the report heads with
    that judgement and its grade ("The experiences and progress of care leavers: good")."""
    facts = []
    for key, title in _SECTION_TITLES.items():
        for found in re.finditer(title, text[head.end :], re.I):
            graded = _SECTION_GRADE.match(text, head.end + found.end())
            if graded is None:
                continue
            ends = sentence_ends(text, graded.end(), min(len(text), graded.end() + 1500))
            ends = [(s, e) for s, e in ends if e - s > 40][:SECTION_SENTENCES]
            if ends:
                start = _PARA_NUMBER.match(text, ends[0][0]).end()
                facts.append(_fact(text, f"section:{key}", "", start, ends[-1][1]))
            break
    return facts


def _fact(text: str, field: str, value: str, start: int, end: int) -> Fact:
    start, end = strip_span(text, start, end)
    return Fact(field, value, start, end, text[start:end])


def _framework(head: Head) -> str | None:
    if head.framework in ("ilacs_short", "ilacs_standard") and head.earliest >= NO_OVERALL_FROM:
        return head.framework.replace("ilacs", "ilacs_2026")
    return head.framework


def _improvements(text: str) -> list[Fact]:
    """Each item of "What needs to improve", or of the single inspection framework's first recommendations."""
    heading = _IMPROVE.search(text)
    numbered = heading is None
    if heading is None:
        heading = _RECOMMENDATIONS.search(text)
    if heading is None:
        return []
    facts: list[Fact] = []
    pos = heading.end()
    end = _SECTION.search(text, pos + 1) if not numbered else None
    limit = end.start() if end else min(len(text), pos + 6000)
    for paragraph in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text[:limit]):
        if paragraph.start() < pos:
            continue
        if numbered and not _NUMBERED.match(paragraph.group()):
            if facts:
                break  # the next heading after the numbered recommendations
            continue
        for s, e in _items(text, paragraph.start(), paragraph.end(), numbered):
            facts.append(_fact(text, "improvement", " ".join(text[s:e].split()), s, e))
        if len(facts) >= MAX_ITEMS:
            break
    return facts[:MAX_ITEMS]


def _items(text: str, start: int, end: int, numbered: bool) -> list[tuple[int, int]]:
    """A paragraph's items: split at bullet glyphs, without its leading number or bullet."""
    if numbered:
        start += _NUMBERED.match(text, start).end() - start
    cuts = [start, *(m.start() for m in _BULLET.finditer(text, start, end)), end]
    items = []
    for s, e in zip(cuts, cuts[1:]):
        bullet = _BULLET.match(text, s)
        s = bullet.end() if bullet else s
        s, e = strip_span(text, s, e)
        if e - s >= 12:
            items.append((s, e))
    return items


def _visit(text: str, head: Head) -> list[Fact]:
    """A monitoring or focused visit's number ("the fourth monitoring visit") and focus ("Inspectors reviewed …")."""
    view = TextView(text)
    facts = []
    for m in ORDINAL.finditer(text, 0, min(len(text), head.end + 4000)):
        word = m.group("n").lower()
        number = ORDINALS.get(word) or int(re.match(r"\d+", word).group())
        s, e = view.sentence(m.start())
        facts.append(_fact(text, "visit_number", str(number), s, e))
        break
    focus = _FOCUS.search(text, head.end)
    if focus:
        s, e = view.sentence(focus.start())
        facts.append(
            _fact(text, "visit_focus", " ".join(text[focus.end() : e].split()).rstrip("."), s, e)
        )
    return facts
