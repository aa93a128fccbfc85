"""The project's indexing against the textbook pipeline, on the same files in the same run.

    python -m benchmarks.sidebyside ../shared/corpus/ofsted-ilacs                 # 20, 60 and all reports
    python -m benchmarks.sidebyside ../shared/corpus/ofsted-ilacs --sizes 20 --dry  # a quick look

The textbook pipeline is what a tutorial builds: the same reader (pypdfium2 text), fixed
120-word chunks, all-MiniLM-L6-v2 in float32 through sentence-transformers' own
``encode`` (batch 32, unit vectors), an exact FAISS index and the chunks written to disk.
The project builds its whole index (passages that keep paragraphs whole, quotable
sentences and their vectors, events, SQLite, BM25) with the encoder ``auto`` chose on
this machine.

On a shared machine absolute times are noise, so each size runs the two back to back in
fresh child processes, alternating which goes first, and the figure is the ratio of
their times (wall from process start, and CPU). Before the timed runs, one child makes
this machine's first-use state (the encoder measured and remembered, the ONNX export
made) in the benchmark's own cache folder, and its time is reported on its own. The
table replaces the part of docs/benchmarks.md between the ``sidebyside`` markers, with
the CPU's model and flags.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench import load, peak_rss_gb, sample_files

ROOT = Path(__file__).resolve().parent.parent

DOCS = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- sidebyside:start -->", "<!-- sidebyside:end -->"
CHUNK_WORDS = 120
TARGET_RATIO = 0.6


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child_textbook(files: list[Path], out: Path) -> dict:
    """Read, cut into fixed 120-word chunks, encode in float32, exact FAISS, write to disk."""
    import faiss
    from sentence_transformers import SentenceTransformer

    from index.embed.model import resolve_model
    from index.errors import UnreadableDocument
    from index.ingest.read import read_document

    began = time.perf_counter()
    chunks = []
    for path in files:
        try:
            words = read_document(path, path.name).text.split()
        except (UnreadableDocument, ValueError):
            continue
        chunks += [" ".join(words[i : i + CHUNK_WORDS]) for i in range(0, len(words), CHUNK_WORDS)]
    read_s = time.perf_counter() - began
    model = SentenceTransformer(resolve_model("all-MiniLM-L6-v2")[0], device="cpu")
    embed_began = time.perf_counter()
    vectors = model.encode(chunks, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
    embed_s = time.perf_counter() - embed_began
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)
    out.mkdir(parents=True, exist_ok=True)
    faiss.write_index(index, str(out / "vectors.faiss"))
    (out / "chunks.json").write_text(json.dumps(chunks))
    return {"chunks": len(chunks), "read_s": read_s, "embed_s": embed_s, "tokens": None}


def child_project(files: list[Path], out: Path, encoder_setting: str, cache_dir: Path) -> dict:
    """The project's own indexing, as `inspection-bot index` runs it; the background export excluded."""
    from index.build.update import update_index
    from index.embed.encoder import Encoder

    spent: dict[str, float] = {}
    previous = {"stage": None, "at": time.perf_counter()}

    def progress(stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if previous["stage"] == stage:
            spent[stage] = spent.get(stage, 0.0) + now - previous["at"]
        previous.update(stage=stage, at=now)

    encoder = Encoder("all-MiniLM-L6-v2", variant=encoder_setting, cache_dir=cache_dir)
    report = update_index(out, files, encoder, progress=progress)
    live = time.perf_counter()
    encoder.finish_background()
    return {
        "passages": report.passages_added,
        "sentences": report.sentences_added,
        "encoder": "+".join(sorted(encoder.ran)),
        "described": encoder.describe(),
        "background_s": time.perf_counter() - live,
        "read_s": spent.get("reading", 0.0),
        "passages_s": spent.get("embedding", 0.0),
        "sentences_s": spent.get("sentences", 0.0),
    }


def child_first_use(cache_dir: Path) -> dict:
    """This machine's first use: measure the encoders, make the export, measure again with it."""
    from index.embed.encoder import Encoder

    began = time.perf_counter()
    encoder = Encoder("all-MiniLM-L6-v2", cache_dir=cache_dir)
    encoder.variant  # noqa: B018 (reading it measures the encoders once: the time taken is the figure)
    measured = time.perf_counter() - began
    encoder.prepare_questions()
    return {
        "calibrate_s": measured,
        "export_and_remeasure_s": time.perf_counter() - began - measured,
        "described": Encoder("all-MiniLM-L6-v2", cache_dir=cache_dir).describe(),
    }


def _child(step: str, *args: str) -> dict:
    spawned = time.time()
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.sidebyside", "_child", step, *args],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        timeout=4 * 3600,
    )
    wall = time.time() - spawned
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"side-by-side step {step} failed (exit {done.returncode})")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result.update(
        wall_s=wall,
        cpu_s=(cpu_after.ru_utime - cpu_before.ru_utime)
        + (cpu_after.ru_stime - cpu_before.ru_stime),
    )
    return result


def _child_main(argv: list[str]) -> int:
    step = argv[0]
    if step == "first-use":
        result = child_first_use(Path(argv[1]))
    else:
        files = [Path(p) for p in json.loads(Path(argv[1]).read_text())]
        out = Path(argv[2])
        result = (
            child_textbook(files, out)
            if step == "textbook"
            else child_project(files, out, argv[3], Path(argv[4]))
        )
    result["peak_rss_gb"] = peak_rss_gb()
    print(json.dumps(result))
    return 0


def machine_line() -> str:
    from index.embed.calibrate import machine

    return machine()


def run(corpus: Path, sizes: list[int | None], encoder: str, work: Path, say=print) -> dict:
    cache_dir = work / "cache"
    results: dict = {
        "date": dt.date.today().isoformat(),
        "machine": machine_line(),
        "load_start": load(),
        "corpus": str(corpus),
        "rows": [],
    }
    say(f"first use on this machine (cache {cache_dir})")
    results["first_use"] = _child("first-use", str(cache_dir))
    for n, size in enumerate(sizes):
        files = sample_files(corpus, size)
        listing = work / f"files-{size or 'all'}.json"
        listing.write_text(json.dumps([str(f) for f in files]))
        row: dict = {"size": size or len(files)}
        order = ("textbook", "project") if n % 2 == 0 else ("project", "textbook")
        for which in order:
            say(f"{len(files)} files: {which} (load {load()})")
            out = work / f"{which}-{size or 'all'}"
            args = [str(listing), str(out)] + (
                [encoder, str(cache_dir)] if which == "project" else []
            )
            row[which] = _child(which, *args)
            shutil.rmtree(out, ignore_errors=True)
        row["wall_ratio"] = row["project"]["wall_s"] / row["textbook"]["wall_s"]
        row["cpu_ratio"] = row["project"]["cpu_s"] / row["textbook"]["cpu_s"]
        row["order"] = order
        results["rows"].append(row)
        say(
            f"{row['size']} reports: project/textbook wall {row['wall_ratio']:.2f}, CPU {row['cpu_ratio']:.2f}"
        )
    results["load_end"] = load()
    return results


def render(r: dict) -> str:
    first = r["first_use"]
    lines = [
        f"Run on {r['date']} on {r['machine']}; load average {r['load_start']} at the start and "
        f"{r['load_end']} at the end. {r['rows'][0]['project']['described'] if r['rows'] else ''}.",
        "",
        "| reports | textbook: wall / CPU | project: wall / CPU | ratio wall / CPU | target | "
        "project's stages: reading, passages, sentences | chunks / passages, sentences | peak RSS textbook / project |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in r["rows"]:
        t, p = row["textbook"], row["project"]
        met = "✅" if row["wall_ratio"] <= TARGET_RATIO else "❌"
        lines.append(
            f"| {row['size']} | {t['wall_s']:.0f} s / {t['cpu_s']:.0f} s | {p['wall_s']:.0f} s / {p['cpu_s']:.0f} s | "
            f"{row['wall_ratio']:.2f} / {row['cpu_ratio']:.2f} | ≤ {TARGET_RATIO} {met} | {p['read_s']:.0f} s, "
            f"{p['passages_s']:.0f} s, {p['sentences_s']:.0f} s | {t['chunks']:,} / {p['passages']:,}, "
            f"{p['sentences']:,} | {t['peak_rss_gb']:.2f} / {p['peak_rss_gb']:.2f} GB |"
        )
    lines += [
        "",
        f"First use on this machine (once, then remembered in the cache folder): measuring the encoders "
        f"{first['calibrate_s']:.0f} s; the ONNX export and measuring again with it "
        f"{first['export_and_remeasure_s']:.0f} s, in the background after the first index is live. "
        f"Then: {first['described']}.",
    ]
    return "\n".join(lines) + "\n"


def write(path: Path, table: str) -> None:
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    if START not in text:
        text = text.rstrip() + f"\n\n## Side by side with the textbook pipeline\n\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{START}\n{table}{END}{tail}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_child":
        return _child_main(argv[1:])
    parser = argparse.ArgumentParser(prog="sidebyside", description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument(
        "--sizes",
        default="20,60,all",
        help="reports per run, evenly over the corpus; 'all' for every file",
    )
    parser.add_argument(
        "--encoder", default="auto", help="the project's encoder setting (default: auto)"
    )
    parser.add_argument("--out", type=Path, default=DOCS)
    parser.add_argument("--dry", action="store_true", help="print the table instead of writing it")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args(argv)
    sizes = [None if s.strip() == "all" else int(s) for s in args.sizes.split(",") if s.strip()]
    work = args.keep or Path(tempfile.mkdtemp(prefix="inspection-bot-sidebyside-"))
    work.mkdir(parents=True, exist_ok=True)

    def say(text: str) -> None:
        print(f"[sidebyside {time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)

    try:
        results = run(args.corpus.resolve(), sizes, args.encoder, work, say)
        (work / "results.json").write_text(json.dumps(results, indent=1, default=str))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    table = render(results)
    if args.dry:
        print(table)
    else:
        write(args.out, table)
        say(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
