"""The facts of each national report, read from its own text and checked against the CSV.

Used by build_national_eval.py to take gold answers from the reports. This reader is
deliberately separate from index/ (the engine's own extractor is what the evaluation
measures, so it must not also write the answers): plain patterns over the text that
index.ingest.read_document gives, each fact kept only if it appears verbatim in that text.
The CSV (inspection_history.csv, another scraper's reading) is compared field by field;
where the two disagree the report text wins and the disagreement is recorded.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

MONTHS = {
    m: i
    for i, m in enumerate(
        "january february march april may june july august september october november december".split(),
        1,
    )
}

#: The report's own judgement wording → the short form any correct answer holds.
GRADES = (
    ("requires improvement", "requires improvement"),
    ("require improvement", "requires improvement"),
    ("inadequate", "inadequate"),
    ("outstanding", "outstanding"),
    ("good", "good"),
    ("adequate", "adequate"),
)
GRADE = r"(Outstanding|Good|Requires improvement to be good|Requires improvement|Inadequate)"

#: (judgement key, pattern before the grade in the whitespace-normalised header).
ILACS_JUDGEMENTS = (
    ("leaders", r"impact of leaders on (?:social work )?practice with children and families\.?"),
    ("help_and_protection", r"children who need help and protection"),
    ("in_care_and_care_leavers", r"children in care and care leavers"),
    ("in_care", r"progress of children in care"),
    ("care_leavers", r"progress of (?:children )?care leavers"),
    ("overall", r"Overall effectiveness"),
)
SIF_JUDGEMENTS = (
    ("help_and_protection", r"1\. Children who need help and protection"),
    ("looked_after", r"2\. Children looked after and achieving permanence"),
    ("adoption", r"2\.1 Adoption performance"),
    ("care_leavers", r"2\.2 Experiences and progress of care leavers"),
    ("leadership", r"3\. Leadership, management and governance"),
)
#: CSV column → our judgement keys (the first present counts).
CSV_GRADES = {
    "overall_effectiveness_grade": ("overall",),
    "impact_of_leaders_grade": ("leaders", "leadership"),
    "help_and_protection_grade": ("help_and_protection",),
    "in_care_grade": ("in_care", "in_care_and_care_leavers", "looked_after"),
    "care_leavers_grade": ("care_leavers",),
}
CSV_NO_VALUE = {"", "data_unreadable", "inspection_pre_dates_judgement", "not_reported_post_reform"}


@dataclass(frozen=True)
class Report:
    council: str  # folder name without the URN, e.g. "norfolk"
    folder: str
    file: str
    text: str
    framework: str  # "ilacs", "ilacs_2026" (no overall grade), "sif", "older"
    published: dt.date  # the earliest of the dates it may be taken as published on
    published_latest: dt.date  # the latest such date (file name, text, CSV)
    dates: str  # the inspection dates verbatim, e.g. "7 to 18 November 2022"
    start: dt.date
    end: dt.date
    leads: tuple[
        str, ...
    ]  # the lead inspector's name verbatim (two when two led it; none when not named)
    grades: dict[str, str] = field(default_factory=dict)  # key → the report's wording
    improve: tuple[str, ...] = ()  # "what needs to improve" items, verbatim
    csv_notes: tuple[str, ...] = ()  # where the CSV disagrees with the text

    @property
    def lead(self) -> str | None:
        return self.leads[0] if len(self.leads) == 1 else None

    @property
    def source(self) -> str:
        return f"{self.folder}/{self.file}"

    def short_grade(self, key: str) -> str | None:
        wording = self.grades.get(key)
        if wording is None:
            return None
        return next(short for word, short in GRADES if wording.lower().startswith(word))


def parse_date(text: str) -> dt.date | None:
    m = re.fullmatch(r"\s*(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]+),? (\d{4})\s*", text)
    if m and m.group(2).lower() in MONTHS:
        return dt.date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
    return None


def span_dates(dates: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of an inspection-dates string in any of the reports' forms."""
    numeric = re.findall(r"(\d{2})/(\d{2})/(\d{4})", dates)
    if numeric:
        days = [dt.date(int(y), int(m), int(d)) for d, m, y in numeric]
        return min(days), max(days)
    found = re.findall(r"(\d{1,2})(?:\s+([A-Za-z]+))?(?:\s+(\d{4}))?", dates)
    days = []
    for day, month, year in found:
        if month and month.lower() not in MONTHS:
            month = ""
        days.append([int(day), month.lower() or None, int(year) if year else None])
    days = [d for d in days if d[0] <= 31 or d[2]]
    # Fill month and year backwards: "7 to 18 November 2022", "30 September to 11 October 2024".
    for i in range(len(days) - 2, -1, -1):
        days[i][1] = days[i][1] or days[i + 1][1]
        days[i][2] = days[i][2] or days[i + 1][2]
    try:
        out = [dt.date(y, MONTHS[m], d) for d, m, y in days]
    except (KeyError, TypeError, ValueError):
        return None
    return (min(out), max(out)) if out else None


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def read_grades(text: str, framework: str) -> dict[str, str]:
    head = normalised(text[:6000])
    grades = {}
    if framework.startswith("ilacs"):
        table = head[head.find("Judgement Grade") :] if "Judgement Grade" in head else head
        for key, label in ILACS_JUDGEMENTS:
            m = re.search(label + r" " + GRADE + r"\b", table)
            if m:
                grades[key] = m.group(1)
        if "in_care_and_care_leavers" in grades:
            grades.pop("in_care", None)
    elif framework == "sif":
        for key, label in SIF_JUDGEMENTS:
            m = re.search(label + r" " + GRADE + r"\b", head, re.I)
            if m:
                grades[key] = m.group(1)
        m = re.search(
            r"(?:Children’s services in .{2,60}? (?:is|are)|Children’s services in .{2,60}?(?= requires? )"
            r"|The overall judgement is(?: that children’s services)?(?: are| is)?) "
            r"(inadequate|good|outstanding|requires? improvement(?: to be good)?)",
            head,
            re.I,
        )
        if m:
            grades["overall"] = m.group(1)
        m = re.search(
            r"The effectiveness of the Local Safeguarding Children Board \(LSCB\) (?:is )?"
            r"(inadequate|good|outstanding|requires improvement)",
            head,
        )
        if m:
            grades["lscb"] = m.group(1)
    return grades


def read_improve(text: str, framework: str) -> tuple[str, ...]:
    """The items under "What needs to improve?" (ILACS), one per line, verbatim."""
    if not framework.startswith("ilacs"):
        return ()
    m = re.search(r"What needs to improve\??\d?\n", text)
    if not m:
        return ()
    items = []
    for line in text[m.end() : m.end() + 3000].split("\n"):
        line = line.strip()
        if not line or re.fullmatch(r"\d+", line):
            continue
        if (
            line.startswith(("The experiences and progress", "The impact of leaders"))
            and ":" in line[:120]
        ):
            break
        if re.match(r"\d+\. ", line):
            break
        items.append(line)
    return tuple(i for i in items if len(i.split()) >= 4)


def read_leads(text: str) -> tuple[str, ...]:
    """The lead inspector's name, or the names of the two who led it ("Lead inspectors: A, HMI, and B, HMI")."""
    m = re.search(
        r"(?:Lead inspectors?|Reporting inspector)(?: on site)?[:\s]+([^\n]+)", text[:4000]
    ) or re.search(r"\nLead inspector(?: on site)?:\s+([^\n]+)", text)
    if not m:
        return ()
    line = re.split(r"\s+Judgement Grade", m.group(1))[0]
    names = []
    for part in re.split(r",? and |, (?=[A-Z][a-z]+ [A-Z])", line):
        name = re.split(r",| HMI\b| Her Majesty| His Majesty| Senior HMI", part)[0].strip()
        if (
            2 <= len(name.split()) <= 4
            and name[0].isupper()
            and not re.search(r"Majesty|Inspector", name)
        ):
            names.append(name)
    return tuple(names)


def framework_of(text: str, start: dt.date) -> str:
    head = normalised(text[:3000])
    if "inspection of services for children in need of help" in head.lower():
        return "sif"
    if "Review of the effectiveness of the Local Safeguarding Children Board" in head[:300]:
        return "lscb"
    if start.year >= 2018 and "Judgement Grade" in head:
        return "ilacs" if "Overall effectiveness" in head else "ilacs_2026"
    return "older"


def file_date(name: str) -> dt.date | None:
    m = re.search(r"- (\d{2} [a-z]+ \d{4})\.pdf$", name)
    return parse_date(m.group(1)) if m else None


def csv_date(value: str) -> dt.date | None:
    for fmt in ("%d/%m/%Y", "%d/%m/%y"):
        try:
            return dt.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def load_csv(corpus: Path) -> dict[tuple[str, str], dict]:
    with open(corpus / "inspection_history.csv", newline="") as handle:
        return {(row["urn"], row["pdf_filename"]): row for row in csv.DictReader(handle)}


def compare_csv(report: Report, row: dict | None) -> tuple[str, ...]:
    """Each field on which the CSV's reading differs from the report's own text."""
    if row is None:
        return ("no CSV row",)
    notes = []
    for column, ours in (
        ("inspection_start_date", report.start),
        ("inspection_end_date", report.end),
    ):
        theirs = csv_date(row[column])
        if theirs and theirs != ours:
            notes.append(f"CSV {column} {theirs} but the report says {report.dates!r}")
    for column, keys in CSV_GRADES.items():
        theirs = row[column].strip().lower()
        ours = next((report.short_grade(k) for k in keys if k in report.grades), None)
        if theirs in CSV_NO_VALUE or ours is None:
            continue
        if theirs != ours and not (
            theirs.endswith("requires improvement") and ours == "requires improvement"
        ):
            notes.append(f"CSV {column} {theirs!r} but the report says {ours!r}")
    name = row["inspector_name"].strip()
    if name and report.lead and name.lower() != report.lead.lower():
        notes.append(f"CSV inspector_name {name!r} but the report says {report.lead!r}")
    return tuple(notes)


def read_reports(corpus: Path, texts: dict[str, str]) -> list[Report]:
    """Every readable report with its facts; ``texts`` maps "folder/file" to read_document's text."""
    rows = load_csv(corpus)
    reports = []
    for source, text in sorted(texts.items()):
        folder, file = source.split("/", 1)
        m = re.search(r"(?:Inspection dates?|Dates? of inspection):?\s+([^\n]+)", text)
        if not m:
            continue
        dates = (
            re.split(
                r"\s+(?:Lead inspector|Reporting inspector|Judgement Grade|Age group|Report published)",
                m.group(1),
            )[0]
            .strip()
            .rstrip(".")
        )
        span = span_dates(dates)
        if span is None:
            continue
        framework = framework_of(text, span[0])
        row = rows.get((folder.split("_", 1)[0], file))
        published = [
            d for d in (file_date(file), csv_date(row["publication_date"]) if row else None) if d
        ]
        pm = re.search(r"(?:Report published|Published):?\s+(\d{1,2} [A-Za-z]+ \d{4})", text[:5000])
        if pm and parse_date(pm.group(1)):
            published.append(parse_date(pm.group(1)))
        report = Report(
            council=folder.split("_", 1)[1],
            folder=folder,
            file=file,
            text=text,
            framework=framework,
            published=min(published),
            published_latest=max(published),
            dates=dates,
            start=span[0],
            end=span[1],
            leads=read_leads(text),
            grades=read_grades(text, framework),
            improve=read_improve(text, framework),
        )
        reports.append(_with_notes(report, compare_csv(report, row)))
    return reports


def _with_notes(report: Report, notes: tuple[str, ...]) -> Report:
    from dataclasses import replace

    return replace(report, csv_notes=notes)
