"""How well index.facts reads Ofsted reports: compared, row by row, with inspection_history.csv.

    python -m scripts.extraction_accuracy [CORPUS] [--details disagreements.csv]

CORPUS defaults to ../shared/corpus/ofsted-ilacs beside the repository. Each report is read
through index.ingest.read_document (the text and date the indexer sees), its facts read
(index.facts.read_facts, as at indexing time) and compared with the CSV row for the same
folder and file: start and end date, every judgement, the lead inspector and the framework
(short or standard ILACS). The CSV is another scraper's reading, not ground truth (it splits
some inspections, merges "children in care and care leavers", misspells names): a
disagreement means one of the two is wrong, and --details lists them to check.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from datetime import date, datetime
from pathlib import Path

from index.errors import UnreadableDocument
from index.extract.facts import Fact, read_facts
from index.extract.report import grade_of
from index.ingest.read import read_document

ROOT = Path(__file__).resolve().parent.parent

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
FIELDS = ["start", "end", *GRADE_COLUMNS, "inspector_name", "framework"]
FRAMEWORKS = {"ilacs_short": "short", "ilacs_standard": "standard"}  # ours → the CSV's words


def csv_date(value: str) -> date | None:
    for fmt in ("%d/%m/%Y", "%d/%m/%y"):
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def ours(facts: list[Fact], field: str) -> str | None:
    by_field = {f.field: f.value for f in facts}
    if field in ("start", "end"):
        dates = by_field.get("inspection_dates")
        return dates.split("/")[0 if field == "start" else 1] if dates else None
    if field == "framework":
        return FRAMEWORKS.get((by_field.get("framework") or "").replace("ilacs_2026", "ilacs"))
    if field == "inspector_name":
        return normal_name(by_field.get("lead_inspector"))
    return next(
        (
            grade_of(by_field[f"judgement:{k}"])
            for k in GRADE_COLUMNS[field]
            if f"judgement:{k}" in by_field
        ),
        None,
    )


def normal_name(name: str | None) -> str | None:
    return " ".join(name.replace("’", "'").split()).lower() if name else None


def evidence(facts: list[Fact], field: str) -> str:
    wanted = {
        "start": "inspection_dates",
        "end": "inspection_dates",
        "inspector_name": "lead_inspector",
    }.get(field)
    keys = (
        (wanted,)
        if wanted
        else ("framework",)
        if field == "framework"
        else tuple(f"judgement:{k}" for k in GRADE_COLUMNS[field])
    )
    return next((" ".join(f.quote.split())[:200] for f in facts if f.field in keys), "")


def theirs(row: dict[str, str], field: str) -> str | None:
    if field in ("start", "end"):
        value = csv_date(row[f"inspection_{field}_date"])
        return value.isoformat() if value else None
    if field == "inspector_name":
        return normal_name(row[field].strip())
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


class Tally:
    """What the comparison found so far, field by field, and what it could not read.

    A plain class, not a dataclass: tests load this script by path, outside sys.modules,
    where dataclasses cannot read its string annotations.
    """

    def __init__(self) -> None:
        self.counts = {
            f: {"csv": 0, "agree": 0, "disagree": 0, "missing": 0, "ours_only": 0} for f in FIELDS
        }
        self.invented_overall = 0  # post-reform rows (no overall grade) where we stated one
        self.details: list[dict[str, str]] = []
        self.skipped: list[tuple[str, str]] = []
        self.read_time = self.extract_time = 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument(
        "--details", type=Path, help="write every disagreement and miss to this CSV"
    )
    args = parser.parse_args(argv)
    table = args.corpus / "inspection_history.csv"
    if not table.is_file():
        print(
            f"No corpus at {args.corpus} (no inspection_history.csv): nothing to measure, skipping."
        )
        return 0

    rows = list(csv.DictReader(table.open(encoding="utf-8")))
    tally = Tally()
    for row in rows:
        name = f"{row['urn']}_{row['local_authority']}/{row['pdf_filename']}"
        facts = read_report(args.corpus, row, name, tally)
        if facts is not None:
            compare(row, facts, name, tally)
    print_summary(len(rows), tally)
    if args.details:
        write_details(args.details, tally.details)
    return 0


def read_report(corpus: Path, row: dict[str, str], name: str, tally: Tally) -> list[Fact] | None:
    """The facts of the row's report as indexing reads them, timed; None (and why, in
    tally.skipped) when the file is missing or unreadable."""
    path = find_file(corpus, row)
    if path is None:
        tally.skipped.append((name, "file not found"))
        return None
    t0 = time.perf_counter()
    try:
        doc = read_document(path, source=name)
    except UnreadableDocument as exc:
        tally.skipped.append((name, exc.reason))
        return None
    t1 = time.perf_counter()
    facts = read_facts(doc.text, doc_date=doc.date, title=doc.title)
    t2 = time.perf_counter()
    tally.read_time += t1 - t0
    tally.extract_time += t2 - t1
    return facts


def compare(row: dict[str, str], facts: list[Fact], name: str, tally: Tally) -> None:
    """Count each field of one report as agreeing, disagreeing, missing or ours only, and keep
    every disagreement and miss with the quote it came from."""
    if row["overall_effectiveness_grade"] == "not_reported_post_reform" and ours(
        facts, "overall_effectiveness_grade"
    ):
        tally.invented_overall += 1
    for field in FIELDS:
        want, got = theirs(row, field), ours(facts, field)
        c = tally.counts[field]
        if want is None:
            c["ours_only"] += got is not None
            continue
        c["csv"] += 1
        if got == want:
            c["agree"] += 1
            continue
        c["missing" if got is None else "disagree"] += 1
        tally.details.append(
            {
                "file": name,
                "field": field,
                "csv": want,
                "ours": got or "",
                "evidence": evidence(facts, field),
            }
        )


def print_summary(rows: int, tally: Tally) -> None:
    read = rows - len(tally.skipped)
    print(f"{rows} CSV rows; {read} reports read, {len(tally.skipped)} skipped:")
    for name, reason in tally.skipped:
        print(f"  skipped {name}: {reason}")
    print(
        f"\n{'field':<30}{'csv has':>8}{'agree':>8}{'disagree':>10}{'missing':>9}{'ours only':>11}"
    )
    for field in FIELDS:
        c = tally.counts[field]
        print(
            f"{field:<30}{c['csv']:>8}{c['agree']:>8}{c['disagree']:>10}{c['missing']:>9}{c['ours_only']:>11}"
        )
    print(f"\nPost-reform reports given an overall grade anyway: {tally.invented_overall}")
    print(
        f"Reading (read_document): {tally.read_time:.1f}s; reading facts: {tally.extract_time:.2f}s "
        f"({1000 * tally.extract_time / max(1, read):.1f} ms a report)"
    )


def write_details(path: Path, details: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["file", "field", "csv", "ours", "evidence"])
        writer.writeheader()
        writer.writerows(details)
    print(f"{len(details)} disagreements and misses written to {path}")


if __name__ == "__main__":
    sys.exit(main())
