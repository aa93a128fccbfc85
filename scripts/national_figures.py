"""The national figures as of a day, read from the reports themselves, beside inspection_history.csv's.

    python -m scripts.national_figures [CORPUS] [--today YYYY-MM-DD]

Each report is read and its events extracted as indexing does (no embedding, so about a
minute), then index.national counts councils by the overall grade of their latest full
inspection; the CSV's latest row per council (by publication date) is counted the same way,
and the councils where the two differ are listed.
"""

from __future__ import annotations

import argparse
import collections
import csv
import datetime as dt
import sys
from pathlib import Path

from index.councils.organisations import canonical
from index.errors import UnreadableDocument
from index.extract.events import extract_events
from index.ingest.read import read_document
from index.national import Nation
from index.store.records import StoredEvent

ROOT = Path(__file__).resolve().parent.parent

# Beside the checkout, or beside the folder holding a git worktree of it.
DEFAULT_CORPUS = next(
    (
        p
        for p in (
            ROOT.parent / "shared" / "corpus" / "ofsted-ilacs",
            ROOT.parent.parent / "shared" / "corpus" / "ofsted-ilacs",
        )
        if p.is_dir()
    ),
    ROOT.parent / "shared" / "corpus" / "ofsted-ilacs",
)
CSV_NO_OVERALL = {
    "not_reported_post_reform": "no overall grade",
    "": "no overall grade",
    "data_unreadable": "no overall grade",
}


def events(corpus: Path) -> list[StoredEvent]:
    out = []
    for doc_id, path in enumerate(sorted(corpus.glob("*/*.pdf"))):
        source = str(path.relative_to(corpus))
        try:
            document = read_document(path, source=source)
        except UnreadableDocument:
            continue
        for e in extract_events(
            document.text, doc_date=document.date, title=document.title, source=source
        ):
            out.append(StoredEvent(e, doc_id, source, document.title, document.date, "page 1"))
    return out


def csv_latest(corpus: Path, today: dt.date) -> dict[str, str]:
    latest: dict[str, tuple[dt.date, str]] = {}
    for row in csv.DictReader(open(corpus / "inspection_history.csv", newline="")):
        published = dt.datetime.strptime(row["publication_date"], "%d/%m/%y").date()
        council = canonical(row["local_authority"]) or row["local_authority"]
        if published <= today and (council not in latest or published > latest[council][0]):
            grade = row["overall_effectiveness_grade"]
            latest[council] = (published, CSV_NO_OVERALL.get(grade, grade))
    return {council: grade for council, (_, grade) in latest.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())
    args = parser.parse_args()
    nation = Nation(events(args.corpus), args.today)
    ours = nation.grade_counts()
    theirs_by_council = csv_latest(args.corpus, args.today)
    theirs = collections.Counter(theirs_by_council.values())
    print(f"As of {args.today}: councils by overall grade at their latest full inspection")
    print(f"{'grade':<24}{'reports':>8}{'csv':>8}")
    for grade in ours:
        print(f"{grade:<24}{ours[grade]:>8}{theirs.get(grade, 0):>8}")
    print(f"{'councils':<24}{sum(ours.values()):>8}{sum(theirs.values()):>8}")
    for council in sorted(set(nation.inspections) | set(theirs_by_council)):
        latest = nation.latest(council)
        mine = (latest.overall or "no overall grade") if latest else None
        if mine != theirs_by_council.get(council):
            print(
                f"differs: {council}: reports {mine} ({latest and latest.source}), csv {theirs_by_council.get(council)}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
