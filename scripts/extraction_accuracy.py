"""How well index.events reads Ofsted reports: compared, row by row, with inspection_history.csv.

    python scripts/extraction_accuracy.py [CORPUS] [--details disagreements.csv]

CORPUS defaults to ../shared/corpus/ofsted-ilacs beside the repository. Each report is read
through index.ingest.read_document (the text and date the indexer sees), its events
extracted, and the report's own inspection (the "Inspection dates:" event) compared with
the CSV row for the same folder and file: start date, end date, overall effectiveness and,
as a bonus, the four other judgements and the framework (short or standard ILACS). The CSV is another scraper's reading, not ground
truth: a disagreement means one of the two is wrong, and --details lists them to check.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.errors import UnreadableDocument  # noqa: E402
from index.events import Event, extract_events  # noqa: E402
from index.ingest import read_document  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "ofsted-ilacs"
NO_VALUE = {"", "data_unreadable", "inspection_pre_dates_judgement", "not_reported_post_reform"}
# CSV column → our grade keys (the first one present counts).
GRADE_COLUMNS = {
    "overall_effectiveness_grade": ("overall",),
    "impact_of_leaders_grade": ("leaders",),
    "help_and_protection_grade": ("help_and_protection",),
    "in_care_grade": ("in_care", "in_care_and_care_leavers"),
    "care_leavers_grade": ("care_leavers",),
}
FIELDS = ["start", "end", *GRADE_COLUMNS, "framework"]
FRAMEWORKS = {"ilacs_short": "short", "ilacs_standard": "standard"}  # ours → the CSV's words


def csv_date(value: str) -> date | None:
    for fmt in ("%d/%m/%Y", "%d/%m/%y"):
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def report_inspection(events: list[Event]) -> Event | None:
    """The report's own inspection: the event read from its "Inspection dates:" line."""
    for event in events:
        if event.quote.lower().startswith(("inspection date", "dates of", "visit date")):
            return event
    return next((e for e in events if e.kind == "inspection"), None)


def ours(event: Event | None, field: str) -> str | None:
    if event is None:
        return None
    if field == "start":
        return event.earliest.isoformat()
    if field == "end":
        return event.latest.isoformat()
    if field == "framework":
        return FRAMEWORKS.get(event.framework or "")
    grades = dict(event.grades)
    return next((grades[k] for k in GRADE_COLUMNS[field] if k in grades), None)


def theirs(row: dict[str, str], field: str) -> str | None:
    if field in ("start", "end"):
        value = csv_date(row[f"inspection_{field}_date"])
        return value.isoformat() if value else None
    if field == "framework":
        value = row["inspection_framework"].strip().lower()
        return value if value in ("short", "standard") else None
    value = row[field].strip().lower()
    return None if value in NO_VALUE else value


def find_file(corpus: Path, row: dict[str, str]) -> Path | None:
    folder = corpus / f"{row['urn']}_{row['local_authority']}"
    if not folder.is_dir():
        folder = next(iter(sorted(corpus.glob(f"{row['urn']}_*"))), None)
    if folder is None:
        return None
    path = folder / row["pdf_filename"]
    return path if path.is_file() else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--details", type=Path, help="write every disagreement and miss to this CSV")
    args = parser.parse_args(argv)
    table = args.corpus / "inspection_history.csv"
    if not table.is_file():
        print(f"No corpus at {args.corpus} (no inspection_history.csv): nothing to measure, skipping.")
        return 0

    rows = list(csv.DictReader(table.open(encoding="utf-8")))
    counts = {f: {"csv": 0, "agree": 0, "disagree": 0, "missing": 0, "ours_only": 0} for f in FIELDS}
    invented_overall = 0  # post-reform rows (no overall grade) where we stated one anyway
    details: list[dict[str, str]] = []
    skipped: list[tuple[str, str]] = []
    read_time = extract_time = 0.0
    for row in rows:
        path = find_file(args.corpus, row)
        name = f"{row['urn']}_{row['local_authority']}/{row['pdf_filename']}"
        if path is None:
            skipped.append((name, "file not found"))
            continue
        t0 = time.perf_counter()
        try:
            doc = read_document(path, source=name)
        except UnreadableDocument as exc:
            skipped.append((name, exc.reason))
            continue
        t1 = time.perf_counter()
        events = extract_events(doc.text, doc_date=doc.date, title=doc.title, source=name)
        t2 = time.perf_counter()
        read_time += t1 - t0
        extract_time += t2 - t1
        event = report_inspection(events)
        if row["overall_effectiveness_grade"] == "not_reported_post_reform" and ours(event, "overall_effectiveness_grade"):
            invented_overall += 1
        for field in FIELDS:
            want, got = theirs(row, field), ours(event, field)
            c = counts[field]
            if want is None:
                c["ours_only"] += got is not None
                continue
            c["csv"] += 1
            if got is None:
                c["missing"] += 1
            elif got == want:
                c["agree"] += 1
                continue
            else:
                c["disagree"] += 1
            details.append({"file": name, "field": field, "csv": want, "ours": got or "",
                            "evidence": " ".join((event.quote if event else "")[:200].split())})

    print(f"{len(rows)} CSV rows; {len(rows) - len(skipped)} reports read, {len(skipped)} skipped:")
    for name, reason in skipped:
        print(f"  skipped {name}: {reason}")
    print(f"\n{'field':<30}{'csv has':>8}{'agree':>8}{'disagree':>10}{'missing':>9}{'ours only':>11}")
    for field in FIELDS:
        c = counts[field]
        print(f"{field:<30}{c['csv']:>8}{c['agree']:>8}{c['disagree']:>10}{c['missing']:>9}{c['ours_only']:>11}")
    print(f"\nPost-reform reports given an overall grade anyway: {invented_overall}")
    print(f"Reading (read_document): {read_time:.1f}s; extracting events: {extract_time:.2f}s "
          f"({1000 * extract_time / max(1, len(rows) - len(skipped)):.1f} ms a report)")
    if args.details:
        with args.details.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=["file", "field", "csv", "ours", "evidence"])
            writer.writeheader()
            writer.writerows(details)
        print(f"{len(details)} disagreements and misses written to {args.details}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
