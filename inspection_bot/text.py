"""Answer, Status and the document list as plain text for a terminal: the CLI's one renderer.

(Their JSON is ``Answer.to_json`` and ``Status.to_json`` in index/results.py; their
Telegram HTML is bot/render.py.)
"""

from __future__ import annotations

import datetime as dt

from index import Answer, Brief, DocumentInfo, Status
from index.answer.timeline import describe_grades
from index.text.dates import describe_age, format_date


def answer_text(answer: Answer) -> str:
    """The answer, its numbered sources with their quotes, the as-of date and warnings."""
    lines = [answer.answer]
    if answer.more:  # a national list shown in part: the command that prints it whole
        lines.append(f"  The whole list: {national_command(answer.more, answer.today)}")
    if answer.citations:
        lines += ["", "Sources:"]
        for c in answer.citations:
            lines.append(f"  [{c.n}] {c.title} ({format_date(c.date)}), {c.location} — {c.source}")
            lines.append(f"      “{c.quote}”")
    if answer.as_of and not answer.abstained:
        lines.append(f"\nAs of {format_date(answer.as_of)}.")
    lines += [f"Warning: {w}" for w in answer.warnings]
    return "\n".join(lines)


def national_command(words: str, today: dt.date | None) -> str:
    """The command line that prints a national list whole, as of the same day."""
    day = f" --today {today.isoformat()}" if today and today != dt.date.today() else ""
    return f"inspection-bot national {words}{day}"


def status_text(status: Status) -> str:
    """Current grade, last visit and next expected, each quoted and cited; warnings; then every event."""
    lines = [
        f"Inspection status: {status.organisation or 'all documents'} (as of {format_date(status.today)})"
    ]
    if status.newest_document:
        title, date = status.newest_document
        lines.append(
            f"Newest document: “{title}”, {format_date(date)} ({describe_age(date, status.today)} old)"
        )
    for label, event in (
        ("Current grade", status.current_grade),
        ("Last visit or inspection", status.last_event),
        ("Next expected", status.next_expected),
    ):
        if event is None:
            lines.append(f"{label}: not stated in the documents")
            continue
        detail = (
            describe_grades(event)
            if label == "Current grade"
            else f"{event.label}, {event.wording}"
        )
        lines.append(
            f"{label}: {detail}\n    “{event.quote}” — {event.title} ({format_date(event.doc_date)}), "
            f"{event.location}"
        )
    lines += [f"Warning: {warning}" for warning in status.warnings]
    lines.append("\nTimeline (as `--png` draws it; `--json` also lists every statement):")
    for mark in status.marks:
        lines.append(
            f"  {mark.earliest.isoformat()}  {mark.text()}  — {mark.event.source}, {mark.event.location}"
        )
    if not status.marks:
        lines.append("  no dated inspection, visit or expectation is stated")
    return "\n".join(lines)


def documents_text(documents: list[DocumentInfo]) -> str:
    """One line per document: id, date, passages, title, and where it and its date came from."""
    if not documents:
        return "No documents are indexed."
    return "\n".join(
        f"{d.id:>4}  {format_date(d.date):>17}  {d.passages:>4} passages  {d.title}  "
        f"[{d.source}; date from {d.date_source}]"
        for d in documents
    )


def brief_text(brief: Brief) -> str:
    """The one-page brief: headline, each section's cited lines, the sources, as-of, warnings."""
    lines = [
        f"Inspection brief: {brief.council} (as of {format_date(brief.today)})",
        brief.headline,
    ]
    for section in brief.sections:
        lines += ["", section.heading]
        lines += [f"  {'Warning: ' if ln.warning else ''}{ln.text}" for ln in section.lines]
    if brief.citations:
        lines += ["", "Sources:"]
        lines += [
            f"  [{c.n}] {c.title} ({format_date(c.date)}), {c.location} — {c.source}"
            for c in brief.citations
        ]
    if brief.as_of:
        lines.append(f"\nAs of {format_date(brief.as_of)}.")
    lines += [f"Warning: {w}" for w in brief.warnings]
    return "\n".join(lines)
