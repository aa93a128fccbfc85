"""How well events are read from council documents: compared with events read by hand.

    python -m scripts.event_accuracy [eval/council_events.json] [--details]

The gold file (eval/council_events.json) lists, per document, each event a reader finds in
it by hand: kind, status as of the document's date, first and last day, number and a phrase
its focus must contain, and each document's own date. Each document is read through
index.ingest.read_document and its events extracted as indexing does. An extracted event
matches a gold one of the same document, kind, status and days. Printed: document dates
right; events found (recall) and extracted events that are real (precision); of the events
found, numbers and focuses right; and gold events found with every field right.
``optional`` gold events (stated loosely: an "it" pointing back, "not before ...") count
neither way. ``--details`` lists every miss and stray event.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from index.extract.events import extract_events
from index.ingest.read import read_document

ROOT = Path(__file__).resolve().parent.parent


def key(kind: str, status: str, earliest, latest) -> tuple:
    return (kind, status, str(earliest), str(latest))


def describe(event) -> str:
    focus = getattr(event, "focus", None)
    return (
        f"{event.kind} {event.status} {event.earliest}/{event.latest} "
        f"#{event.number or '-'} focus={focus!r}"
    )


def score(gold: dict, details: bool) -> dict[str, list[int]]:
    """[right, out of] for each measure."""
    totals = {m: [0, 0] for m in ("dates", "recall", "precision", "number", "focus", "whole")}

    def count(measure: str, ok: bool) -> None:
        totals[measure][0] += ok
        totals[measure][1] += 1

    root = Path(gold["documents"])
    for source, wanted in gold["events"].items():
        document = read_document(root / source, source)
        count("dates", str(document.date) == gold["dates"][source])
        if details and str(document.date) != gold["dates"][source]:
            print(f"{source}: dated {document.date} ({document.date_source})")
        events = extract_events(
            document.text, doc_date=document.date, title=document.title, source=source
        )
        found = {}
        for event in events:
            found.setdefault(key(event.kind, event.status, event.earliest, event.latest), event)
        required = {key(*g[:4]): g for g in wanted if len(g) < 7}
        optional = {key(*g[:4]) for g in wanted if len(g) >= 7}
        for k, g in required.items():
            event = found.get(k)
            count("recall", event is not None)
            if event is None:
                count("whole", False)
                if details:
                    print(f"{source}: missed {' '.join(map(str, g))}")
                continue
            number_ok = event.number == g[4]
            focus = (getattr(event, "focus", None) or "").lower()
            focus_ok = (g[5] is None and not focus) or (g[5] is not None and g[5] in focus)
            count("number", number_ok)
            count("focus", focus_ok)
            count("whole", number_ok and focus_ok)
            if details and not (number_ok and focus_ok):
                print(f"{source}: wrong  {describe(event)}  (want #{g[4]}, focus {g[5]!r})")
        for k, event in found.items():
            if k in optional:
                continue
            count("precision", k in required)
            if details and k not in required:
                print(
                    f"{source}: stray  {describe(event)}  « {' '.join(event.quote.split())[:90]} »"
                )
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("gold", nargs="?", type=Path, default=ROOT / "eval" / "council_events.json")
    parser.add_argument("--details", action="store_true")
    args = parser.parse_args()
    gold = json.loads(args.gold.read_text())
    gold["documents"] = args.gold.parent / gold["documents"]  # relative to the gold file
    totals = score(gold, args.details)
    names = {
        "dates": "document dates right",
        "recall": "gold events found",
        "precision": "extracted events that are real",
        "number": "numbers right (events found)",
        "focus": "focuses right (events found)",
        "whole": "gold events found all right",
    }
    for measure, (right, of) in totals.items():
        print(
            f"{names[measure]:32} {right}/{of} ({right / of:.0%})"
            if of
            else f"{names[measure]:32} -"
        )


if __name__ == "__main__":
    main()
