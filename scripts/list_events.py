"""The events read from each document, as indexing reads them: to check by eye against the text.

    python -m scripts.list_events PATH... [--tsv events.tsv]

Each file (or every supported file under a folder) is read through index.ingest.read_document
(the text and date the indexer sees) and its events extracted (index.extract.events, as at
indexing time). Printed per document: its date and where the date came from, then one line
per event: kind, status, dates, number, focus, organisation and the quoted sentence's start.
``--tsv`` writes one row per event instead, sorted, for diffing two versions of the code over
the national corpus (``diff before.tsv after.tsv``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from index.errors import UnreadableDocument
from index.extract.events import extract_events
from index.ingest.read import SUPPORTED, read_document

ROOT = Path(__file__).resolve().parent.parent


def files(paths: list[Path]) -> list[tuple[Path, str]]:
    """(file, source) for each path: a folder gives its supported files, named from the folder."""
    found = []
    for path in paths:
        if path.is_dir():
            found += [
                (p, str(p.relative_to(path)))
                for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in SUPPORTED
            ]
        else:
            found.append((path, path.name))
    return found


def row(event) -> list[str]:
    dates = event.earliest.isoformat()
    if event.latest != event.earliest:
        dates += "/" + event.latest.isoformat()
    return [
        event.kind,
        event.status,
        dates,
        str(event.number or ""),
        getattr(event, "focus", None) or "",  # older code has no focus
        event.organisation or "",
        ",".join(f"{k}={v}" for k, v in event.grades),
        event.framework or "",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--tsv", type=Path, help="write one row per event here instead")
    args = parser.parse_args()
    rows = []
    for path, source in files(args.paths):
        try:
            document = read_document(path, source)
        except UnreadableDocument as exc:
            print(f"skipped {source}: {exc}", file=sys.stderr)
            continue
        events = extract_events(
            document.text, doc_date=document.date, title=document.title, source=document.source
        )
        if args.tsv:
            rows.append([source, str(document.date), "(document)", document.date_source])
            rows += [[source, str(document.date), *row(e), str(e.start)] for e in events]
            continue
        print(f"\n== {source}\n   date {document.date} ({document.date_source})")
        for event in events:
            cells = row(event)
            quote = " ".join(event.quote.split())
            print("   " + " | ".join(cells) + f"\n      « {quote[:150]} »")
    if args.tsv:
        args.tsv.write_text("".join("\t".join(r) + "\n" for r in sorted(rows)))
        print(f"{len(rows)} events written to {args.tsv}")


if __name__ == "__main__":
    main()
