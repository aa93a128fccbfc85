"""Our hand-written sentence splitter and date finder beside the libraries that do the same.

    pip install pysbd python-dateutil      # neither is a dependency of the project
    python -m benchmarks.libraries sentences CORPUS_TEXT documents [--sample 50]
    python -m benchmarks.libraries dates CORPUS_TEXT documents

CORPUS_TEXT is a folder of the national corpus as text (``pdftotext`` of each report).

``sentences`` reads every .txt file under the folders as indexing reads it (``read_document``,
``split_passages``), and cuts each passage's paragraphs into sentences twice: with
``index.text.sentences`` and with pysbd (English, ``clean=False`` so its pieces add up to the
text and offsets are kept). It prints sentences a second for each, how many sentence ends
only one of them makes, and ``--sample`` of those disagreements (seeded) with their context,
for judging by eye. It also runs both on the raw PDF-wrapped lines of the files and counts
the ends that appear only because of a line break ("wrapping" below).

``dates`` runs ``find_dates`` over the same passages (date expressions a second), then gives
each expression it found, and each form in tests/test_dates.py, to ``dateutil.parser.parse``
(``dayfirst=True``, a default day outside every month so a guessed day shows) and counts how
often dateutil gives the same day, or the same month for a month-precision date.
docs/libraries.md has the numbers and what was chosen.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def passages(folders: list[Path]) -> list[tuple[str, str]]:
    """(file name, passage text) for every passage indexing makes of the .txt files."""
    from index.build.chunk import split_passages
    from index.ingest.read import read_document

    out = []
    for folder in folders:
        for path in sorted(folder.rglob("*.txt")):
            document = read_document(path, path.name)
            out += [(path.name, p.text) for p in split_passages(document)]
    return out


def paragraphs(text: str) -> list[tuple[int, int]]:
    """The blank-line paragraphs both splitters are given (as ``sentences_of`` cuts them)."""
    starts = [0, *(m.end() for m in _PARAGRAPH_BREAK.finditer(text))]
    ends = [*(m.start() for m in _PARAGRAPH_BREAK.finditer(text)), len(text)]
    return list(zip(starts, ends))


def pysbd_spans(segmenter, text: str) -> list[tuple[int, int]]:
    """pysbd's sentences of ``text`` as stripped (start, end) offsets."""
    spans, pos = [], 0
    for piece in segmenter.segment(text):
        at = text.find(piece, pos)  # with clean=False the pieces follow each other in the text
        at = pos if at < 0 else at
        stripped = piece.strip()
        if stripped:
            s = at + piece.index(stripped[0])
            spans.append((s, s + len(stripped)))
        pos = at + len(piece)
    return spans


def ours_spans(text: str) -> list[tuple[int, int]]:
    from index.text.sentences import sentence_ends, strip_span

    return [
        strip_span(text, s, e) for s, e in sentence_ends(text) if text[s:e].strip()
    ]  # the same as sentences_of within one paragraph


def inner_ends(spans: list[tuple[int, int]]) -> set[int]:
    """Where one sentence ends and another follows (the paragraph's own end is not counted)."""
    return {e for _, e in spans[:-1]}


def run_sentences(folders: list[Path], sample: int) -> None:
    import pysbd

    from index.text.sentences import sentences_of

    segmenter = pysbd.Segmenter(language="en", clean=False)
    items = passages(folders)
    units = [(name, text[s:e]) for name, text in items for s, e in paragraphs(text)]
    units = [(n, u) for n, u in units if u.strip()]
    chars = sum(len(u) for _, u in units)
    print(f"{len(items):,} passages, {len(units):,} paragraphs, {chars:,} characters")

    t = time.process_time()
    ours_count = sum(len(sentences_of(text)) for _, text in items)
    ours_s = time.process_time() - t
    t = time.process_time()
    theirs = [pysbd_spans(segmenter, u) for _, u in units]
    theirs_s = time.process_time() - t
    theirs_count = sum(map(len, theirs))
    print(f"ours : {ours_count:,} sentences in {ours_s:.2f} s = {ours_count / ours_s:,.0f}/s")
    print(
        f"pysbd: {theirs_count:,} sentences in {theirs_s:.2f} s = {theirs_count / theirs_s:,.0f}/s"
    )

    only: dict[str, list[tuple[str, str, int]]] = {"ours": [], "pysbd": []}
    agree = 0
    for (name, unit), spans in zip(units, theirs):
        a, b = inner_ends(ours_spans(unit)), inner_ends(spans)
        agree += len(a & b)
        only["ours"] += [(name, unit, e) for e in sorted(a - b)]
        only["pysbd"] += [(name, unit, e) for e in sorted(b - a)]
    print(
        f"sentence ends both make: {agree:,}; only ours: {len(only['ours']):,}; "
        f"only pysbd: {len(only['pysbd']):,}"
    )
    rng = random.Random(8)
    for who, found in only.items():
        picked = rng.sample(found, min(sample // 2, len(found)))
        print(f"\n--- {len(picked)} ends only {who} makes (|| marks the end) ---")
        for i, (name, unit, e) in enumerate(picked, 1):
            context = (unit[max(0, e - 70) : e] + " || " + unit[e : e + 50]).replace("\n", "⏎")
            print(f"{who[0]}{i:02d} [{name[:30]}] …{context}…")

    wrapped = raw_wrapping(folders, segmenter)
    print(
        f"\nraw PDF-wrapped text, {wrapped['lines']:,} lines: ends made only because of a line "
        f"break: ours {wrapped['ours']:,}, pysbd {wrapped['pysbd']:,}"
    )


def raw_wrapping(folders: list[Path], segmenter) -> dict[str, int]:
    """Each splitter on the raw lines and on the same text with line breaks made spaces."""
    counts = {"lines": 0, "ours": 0, "pysbd": 0}
    for folder in folders:
        for path in sorted(folder.rglob("*.txt"))[::10]:  # every tenth file: pysbd is slow
            raw = path.read_text(encoding="utf-8", errors="replace")
            counts["lines"] += raw.count("\n")
            flat = raw.replace("\n", " ")  # same length, so offsets compare
            for who, split in (
                ("ours", ours_spans),
                ("pysbd", lambda t: pysbd_spans(segmenter, t)),
            ):
                counts[who] += len(inner_ends(split(raw)) - inner_ends(split(flat)))
    return counts


# --- dates ---------------------------------------------------------------------------

NO_DAY = 31  # dateutil's default day: a parse that had no day keeps it (or fails in short months)


def dateutil_reading(text: str) -> tuple[date | None, bool]:
    """(the day dateutil reads, whether it saw a day); None when it cannot parse the text."""
    from dateutil import parser

    default = datetime(1900, 1, NO_DAY)
    try:
        got = parser.parse(text, dayfirst=True, fuzzy=False, default=default).date()
    except (ValueError, OverflowError, parser.ParserError):
        return None, False
    return got, got.year != 1900


def verdict(precision: str, earliest: date, latest: date, got: date | None) -> str:
    """'right', 'wrong', 'unparsed' or 'cannot say': dateutil's reading beside ours."""
    if got is None:
        return "unparsed"
    whole_month = (
        precision == "month"
        and earliest.day == 1
        and (latest + timedelta(days=1)).month != latest.month
        and latest.month == earliest.month
    )
    if precision == "day":
        return "right" if got == earliest else "wrong"
    if whole_month:
        return "right" if (got.year, got.month) == (earliest.year, earliest.month) else "wrong"
    return "cannot say"  # one datetime for a range, a season, a year or part of one


def plain(wording: str) -> str:
    """A wording as dateutil can take it: no HTML superscript, no leading "by"."""
    return re.sub(r"</?sup>|^by\s+", "", wording)


def test_forms() -> None:
    """dateutil on each form tests/test_dates.py reads, and on its texts that hold no date."""
    from dateutil import parser

    from tests.test_dates import SINGLE, test_no_false_dates

    verdicts: dict[str, list[str]] = {"right": [], "wrong": [], "unparsed": [], "cannot say": []}
    for _text, reference, wording, earliest, latest, precision in SINGLE:
        default = datetime(reference.year if reference else 1900, 1, NO_DAY)
        try:
            got = parser.parse(plain(wording), dayfirst=True, default=default).date()
        except (ValueError, OverflowError, parser.ParserError):
            got = None
        judged = verdict(precision, earliest, latest, got)
        verdicts[judged].append(f"{wording!r}" + (f"->{got}" if got else ""))
    print(f"the {len(SINGLE)} forms of tests/test_dates.py given to dateutil.parser.parse:")
    for judged, found in verdicts.items():
        print(f"  {judged}: {len(found)}  " + "; ".join(found))
    no_dates = test_no_false_dates.pytestmark[0].args[1]
    fuzzy = []
    for text in no_dates:
        try:
            got = parser.parse(text, fuzzy=True, dayfirst=True, default=datetime(2021, 9, 9))
            fuzzy.append(f"{text!r}->{got.date()}")
        except (ValueError, OverflowError, parser.ParserError):
            pass
    print(f"  of {len(no_dates)} texts with no date, fuzzy dateutil finds one in {len(fuzzy)}:")
    print("   ", "; ".join(fuzzy))


def run_dates(folders: list[Path]) -> None:
    from collections import Counter

    from index.text.dates import find_dates

    test_forms()
    items = passages(folders)
    t = time.process_time()
    spans = [s for _, text in items for s in find_dates(text)]
    ours_s = time.process_time() - t
    chars = sum(len(text) for _, text in items)
    print(
        f"find_dates: {len(spans):,} date expressions in {chars:,} characters, {ours_s:.2f} s "
        f"({len(spans) / ours_s:,.0f} expressions/s, {chars / ours_s / 1e6:.1f} M chars/s)"
    )
    wordings = [s.text for s in spans]
    t = time.process_time()
    for wording in wordings:
        find_dates(wording)
    ours_s = time.process_time() - t
    t = time.process_time()
    theirs = [dateutil_reading(plain(w))[0] for w in wordings]
    theirs_s = time.process_time() - t
    print(
        f"reading the {len(wordings):,} wordings again one by one: find_dates {ours_s:.2f} s "
        f"({len(wordings) / ours_s:,.0f}/s), dateutil {theirs_s:.2f} s ({len(wordings) / theirs_s:,.0f}/s)"
    )
    verdicts = [verdict(s.precision, s.earliest, s.latest, got) for s, got in zip(spans, theirs)]
    table: Counter = Counter((s.precision, v) for s, v in zip(spans, verdicts))
    for precision in ("day", "month", "season", "year", "range"):
        row = {v: table[(precision, v)] for v in ("right", "wrong", "unparsed", "cannot say")}
        print(
            f"  {precision:6} {sum(row.values()):6,}  "
            + "  ".join(f"{k} {n:,}" for k, n in row.items())
        )
    for v in ("wrong", "unparsed"):
        missed = [
            s.text for s, x in zip(spans, verdicts) if x == v and s.precision in ("day", "month")
        ]
        print(f"  day and month wordings dateutil reads {v}:", Counter(missed).most_common(6))
    fuzzy_search(items[:4000])


def fuzzy_search(items: list[tuple[str, str]]) -> None:
    """dateutil as a finder: fuzzy parsing of each sentence returns at most one date."""
    from dateutil import parser

    from index.text.dates import find_dates
    from index.text.sentences import sentences_of

    sentences = [text[s:e] for _, text in items for s, e in sentences_of(text)]
    one_day = []
    for sentence in sentences:
        spans = find_dates(sentence)
        if len(spans) == 1 and spans[0].precision == "day":
            one_day.append((sentence, spans[0].earliest))
    right = 0
    t = time.process_time()
    for sentence, day in one_day:
        try:
            got = parser.parse(
                sentence, fuzzy=True, dayfirst=True, default=datetime(1900, 1, NO_DAY)
            )
        except (ValueError, OverflowError, parser.ParserError):
            continue
        right += got.date() == day
    took = time.process_time() - t
    print(
        f"dateutil fuzzy as a finder, on the {len(one_day):,} sentences of {len(items):,} passages in "
        f"which find_dates reads exactly one day: the same day from {right:,}; "
        f"{len(one_day) / took:,.0f} sentences/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=("sentences", "dates"))
    parser.add_argument("folders", type=Path, nargs="+")
    parser.add_argument("--sample", type=int, default=50)
    args = parser.parse_args()
    if args.what == "sentences":
        run_sentences(args.folders, args.sample)
    else:
        run_dates(args.folders)


if __name__ == "__main__":
    main()
