"""A one-page brief on one council, for a councillor before a scrutiny meeting.

    brief = build(status, reports, documents)   # Engine.brief(council, today) calls this

It holds, each line cited:
- the grade and the judgements in force, with the inspection's dates (its report's own
  table; failing a report, the grade the council's papers state);
- the grades over time, one per inspection (the timeline's marks, index/answer/marks.py);
- every "what needs to improve" item of the last inspection's report;
- the monitoring, focused and assurance visits since that inspection;
- what is expected next, and any expectation whose dates have passed (overdue).

Everything comes from the report facts (index/answer/factual.py) and the events and marks of the
status (index/answer/timeline.py): the same facts the answers are built from. Nothing here reads
a document. Its renderings are ``to_json`` here, the command line's text
(inspection_bot/text.py), the bot's message (bot/brief.py) and the picture
(index/answer/brief_chart.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from index.answer.factual import Evidence, Report, choose, grade_words
from index.answer.marks import Mark
from index.answer.results import Citation, Status
from index.answer.timeline import VISIT_KINDS, overdue_warning
from index.question.types import TimeAsked
from index.store.records import DocumentInfo, StoredEvent
from index.text.dates import format_date
from index.text.judgements import judgement_label

NOT_PUBLISHED = "Ofsted does not publish the dates of its inspections in advance."
#: The sections, in the order a brief gives them.
SECTIONS = {
    "in_force": "In force",
    "grades": "Grades over time",
    "improve": "What needs to improve",
    "visits": "Visits since",
    "next": "Expected next",
}


@dataclass(frozen=True)
class Line:
    """One line of a brief: its words, with ``[n]`` where each citation goes."""

    text: str
    warning: bool = False  # said as a warning: an expectation whose dates have passed


@dataclass(frozen=True)
class Section:
    key: str  # a key of SECTIONS
    heading: str  # "What needs to improve (inspection of 4 to 15 December 2023)"
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Graded:
    """One inspection on the grades-over-time chart, and the citation for it."""

    earliest: dt.date
    latest: dt.date
    grade: str | None  # the overall grade in words; "no overall grade"; None when not stated
    n: int


@dataclass(frozen=True)
class Brief:
    council: str
    today: dt.date
    headline: str  # "Tameside: Inadequate overall at the inspection of 4 to 15 December 2023 [1]."
    overall: str | None  # the overall grade in force, lower case ("inadequate"), for the picture
    judgements: tuple[tuple[str, str, int], ...]  # (judgement, grade as worded, citation) in force
    sections: tuple[Section, ...]
    grades: tuple[Graded, ...]
    citations: tuple[Citation, ...]
    warnings: tuple[str, ...] = ()
    newest_document: tuple[str, dt.date] | None = None

    @property
    def as_of(self) -> dt.date | None:
        """The date of the newest document the brief cites, as for every answer."""
        dated = [c.date for c in self.citations if c.date]
        return max(dated) if dated else None

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def to_json(self) -> dict:
        return {
            "council": self.council,
            "today": self.today.isoformat(),
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "headline": self.headline,
            "overall": self.overall,
            "judgements": [
                {"judgement": k, "grade": g, "citation": n} for k, g, n in self.judgements
            ],
            "sections": [
                {
                    "key": s.key,
                    "heading": s.heading,
                    "lines": [{"text": ln.text, "warning": ln.warning} for ln in s.lines],
                }
                for s in self.sections
            ],
            "grades": [
                {
                    "earliest": g.earliest.isoformat(),
                    "latest": g.latest.isoformat(),
                    "grade": g.grade,
                    "citation": g.n,
                }
                for g in self.grades
            ],
            "warnings": list(self.warnings),
            "citations": [
                {
                    "n": c.n,
                    "source": c.source,
                    "title": c.title,
                    "date": c.date.isoformat() if c.date else None,
                    "location": c.location,
                    "quote": c.quote,
                }
                for c in self.citations
            ],
        }


@dataclass
class _Citations:
    """Numbers each place cited once (a document and a location), in the order first cited."""

    documents: Mapping[int, DocumentInfo]
    cited: list[Citation] = field(default_factory=list)

    def __call__(self, doc_id: int, location: str, quote: str) -> str:
        quote = " ".join(quote.split())
        for i, c in enumerate(self.cited):
            if c.doc_id == doc_id and c.location == location:
                if quote not in c.quote:
                    self.cited[i] = replace(c, quote=f"{c.quote} … {quote}")
                return f"[{c.n}]"
        document = self.documents[doc_id]
        n = len(self.cited) + 1
        self.cited.append(
            Citation(n, document.source, document.title, document.date, location, quote, doc_id, -1)
        )
        return f"[{n}]"

    def evidence(self, e: Evidence) -> str:
        return self(e.doc_id, e.location, e.quote)

    def event(self, e: StoredEvent) -> str:
        return self(e.doc_id, e.location, e.quote)

    def n(self, cited: Evidence | StoredEvent) -> int:
        """The number of what is cited (for the picture, which places its own brackets)."""
        return int(self(cited.doc_id, cited.location, cited.quote).strip("[]"))


def build(status: Status, reports: list[Report], documents: Mapping[int, DocumentInfo]) -> Brief:
    """The brief on ``status``'s body as of its day, from its reports and its timeline's marks."""
    today, council = status.today, status.organisation or "the council"
    cite = _Citations(documents)
    last = choose(reports, TimeAsked("now"), today, kinds={"inspection"})
    if last is not None:
        headline, overall, judgements, in_force = _in_force_report(council, last, cite)
    else:
        headline, overall, judgements, in_force = _in_force_event(council, status, cite)
    # the inspections whose grade is stated (a report's "since March 2012" gives none)
    done = [m for m in status.marks if m.state == "done" and m.kind == "inspection" and m.overall]
    grades = [Graded(m.earliest, m.latest, m.overall, cite.n(m.event)) for m in done]
    since = (last.latest, last.dates.value) if last is not None else _last_graded(status)
    sections = [
        Section("in_force", SECTIONS["in_force"], tuple(in_force)),
        Section(
            "grades",
            SECTIONS["grades"],
            tuple(
                Line(f"{m.when}: {m.overall or 'grade not stated'} [{g.n}]")
                for m, g in zip(done, grades)
            )
            or (Line("No inspection with its own dates is stated in the documents I hold."),),
        ),
        _improvements(last, cite),
        _visits(status.marks, since, cite),
        _next(council, status, cite),
    ]
    return Brief(
        council,
        today,
        headline,
        overall,
        tuple(judgements),
        tuple(sections),
        tuple(grades),
        tuple(cite.cited),
        _age_warnings(status),
        status.newest_document,
    )


def _in_force_report(council: str, report: Report, cite: _Citations):
    """The last inspection's report: its overall grade, each judgement, its dates, its lead."""
    dates = cite.evidence(report.dates)
    found = report.judgement("overall")
    if found is not None:
        overall = found[1].value
        row = cite.evidence(found[1])
        row = "" if row == dates else f" {row}"  # one citation said once
        headline = (
            f"{council}: {grade_words(overall)} overall{row} at the "
            f"inspection of {report.dates.value} {dates}."
        )
    else:
        overall = "no overall grade" if report.judgements else None
        headline = (
            f"{council}: no overall effectiveness grade at the inspection of {report.dates.value} "
            f"{dates} (Ofsted's framework from April 2026 gives none); its judgements are below."
            if report.judgements
            else f"{council} was last inspected on {report.dates.value} {dates}."
        )
    lines = [
        Line(
            f"Inspection of {report.dates.value} {dates}"
            + (f", report published {format_date(report.published)}" if report.published else "")
            + (
                f", led by {report.lead_inspector.value} {cite.evidence(report.lead_inspector)}"
                if report.lead_inspector
                else ""
            )
            + "."
        )
    ]
    judgements = []
    for key, evidence in report.judgements:
        n = cite.n(evidence)
        judgements.append((key, grade_words(evidence.value), n))
        lines.append(Line(f"{_capital(judgement_label(key))}: {grade_words(evidence.value)} [{n}]"))
    if found is None and report.judgements:
        lines.insert(1, Line("Overall effectiveness: not given (framework from April 2026)"))
    return headline, _grade_key(overall), judgements, lines


def _in_force_event(council: str, status: Status, cite: _Citations):
    """No report held: the grade the council's own papers state, as the timeline reads it."""
    event = status.current_grade
    if event is None:
        line = f"No document I hold states a grade for {council}."
        return f"{council}: {line}", None, [], [Line(line)]
    n = cite.event(event)
    grades = dict(event.grades)
    judgements = [(k, grade_words(v), cite.n(event)) for k, v in event.grades]
    lines = [Line(f"{_capital(judgement_label(k))}: {grade_words(v)} {n}") for k, v in event.grades]
    lines.insert(
        0,
        Line(
            f"No inspection report is held; “{event.title}” ({format_date(event.doc_date)}) states "
            f"the {event.label} of {event.wording} {n}."
        ),
    )
    overall = grades.get("overall")
    headline = (
        f"{council}: {grade_words(overall)} overall {n} at the {event.label} of {event.wording}."
        if overall
        else f"{council}: the {event.label} of {event.wording} {n}."
    )
    return headline, _grade_key(overall), judgements, lines


def _improvements(report: Report | None, cite: _Citations) -> Section:
    """Every item of the last inspection's "what needs to improve", in the report's order."""
    if report is None:
        return Section(
            "improve",
            SECTIONS["improve"],
            (
                Line(
                    "No inspection report is held: there is no list of what needs to improve to give."
                ),
            ),
        )
    heading = f"{SECTIONS['improve']} (inspection of {report.dates.value})"
    if not report.improvements:
        line = "The report does not list what needs to improve."
        return Section("improve", heading, (Line(line),))
    return Section(
        "improve",
        heading,
        tuple(
            Line(f"{i}. {e.value} {cite.evidence(e)}") for i, e in enumerate(report.improvements, 1)
        ),
    )


def _visits(
    marks: tuple[Mark, ...], since: tuple[dt.date, str] | None, cite: _Citations
) -> Section:
    """The monitoring, focused and assurance visits after the last inspection (``since``: its
    last day, and its dates in words), oldest first."""
    visits = [
        m
        for m in marks
        if m.state == "done" and m.kind in VISIT_KINDS and (since is None or m.earliest > since[0])
    ]
    heading = f"{SECTIONS['visits']} the inspection of {since[1]}" if since else "Visits"
    if not visits:
        after = f" since the inspection of {since[1]}" if since else ""
        return Section(
            "visits",
            heading,
            (
                Line(
                    "None: the documents I hold state no monitoring, focused or assurance visit"
                    f"{after}."
                ),
            ),
        )
    return Section(
        "visits",
        heading,
        tuple(Line(f"{_capital(m.text())} {cite.event(m.event)}") for m in visits),
    )


def _next(council: str, status: Status, cite: _Citations) -> Section:
    """What is expected, soonest first; an expectation whose dates have passed, as a warning."""
    lines = []
    for mark in (m for m in status.marks if m.state in ("expected", "overdue")):
        n = cite.event(mark.event)
        if mark.state == "overdue":
            lines.append(Line(f"{overdue_warning(mark.event, status.today)} {n}", warning=True))
        else:
            lines.append(Line(f"{_capital(mark.text())} {n}"))
    if not lines:
        lines.append(
            Line(
                f"No document I hold says when Ofsted will next inspect {council}. {NOT_PUBLISHED}"
            )
        )
    return Section("next", SECTIONS["next"], tuple(lines))


def _last_graded(status: Status) -> tuple[dt.date, str] | None:
    event = status.current_grade
    return (event.latest, event.wording) if event is not None else None


def _age_warnings(status: Status) -> tuple[str, ...]:
    """The status's warnings but the overdue one (the brief says it under "Expected next")."""
    return tuple(w for w in status.warnings if "should have happened by" not in w)


def _grade_key(worded: str | None) -> str | None:
    """A grade as the picture colours it: "requires improvement", "inadequate", …"""
    if not worded:
        return None
    words = worded.lower()
    return "requires improvement" if "improvement" in words else words


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
