"""Measure the pipeline against its targets: ``inspection-bot bench CORPUS`` (or ``python benchmarks/bench.py CORPUS``).

One run measures, on this machine and under its current load:

    parsing        documents and pages a second; files skipped and why
    embedding      the indexing pipeline's passages a second against the model's own encode
                   called once on the same passages (a systematic sample): the pipeline overhead
    indexing       the whole corpus into a fresh index; then one more report added to it
    query          cold start to first answer; engine.ask p50/p95 over 50 fixed questions
                   beside the raw query-encode time, and where each answer's time goes
    memory, disk   peak RSS of the indexing and the answering process; the index on disk
    encoders       torch, torch-bf16, onnx, onnx-int8: throughput, agreement, eval results
    scale          synthetic 100k and 1M passages (real vectors and texts, perturbed copies):
                   exact and IVF build, memory, query p95, recall@10; BM25 alike

Indexing and answering run in child processes, so that their time from process start,
and their peak memory, are their own. The results replace the part of
docs/benchmarks.md between its ``bench:start`` and ``bench:end`` markers. Nothing is
written inside the corpus folder; indexes go under a temporary folder.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make `index` importable from the checkout
    sys.path.insert(0, str(ROOT))

QUESTIONS = Path(__file__).resolve().parent / "questions.txt"
COLD_QUESTION = "What did inspectors find about the quality of social work practice?"
DOCS = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
RAW_SAMPLE = 6000  # passages the raw model encodes, taken evenly across the corpus
ENCODER_SAMPLE = 1500  # passages each encoder variant encodes for the comparison
VARIANTS = ("torch", "torch-bf16", "onnx", "onnx-int8")

TARGETS = {
    "index_minutes": 8.0,
    "overhead": 0.10,
    "add_one_s": 10.0,
    "query_p95_ms": 30.0,
    "cold_start_s": 5.0,
    "rss_gb": 1.5,
    "scale_p95_ms": 60.0,
    "recall": 0.95,
}


# --- helpers ------------------------------------------------------------------------


def questions() -> list[str]:
    return [
        line.strip()
        for line in QUESTIONS.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values, dtype=float), q)) if values else float("nan")


def peak_rss_gb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from the parent)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024**2  # KiB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def rss_gb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024**3


def load() -> str:
    return " / ".join(f"{v:.2f}" for v in os.getloadavg())


def folder_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def child(*args: str, timeout: float = 3600) -> dict:
    """Run this file as a child process; its last stdout line is JSON. stderr passes through."""
    spawned = time.time()
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "_child", *args, "--spawned", str(spawned)],
        stdout=subprocess.PIPE,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise RuntimeError(f"benchmark step {args[0]} failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def sample_files(corpus: Path, limit: int | None) -> list[Path]:
    from index.build.update import discover

    files = [path for _, path in discover([corpus])[0]]
    if limit and limit < len(files):
        step = len(files) / limit  # evenly across councils and years, not the first N
        files = [files[int(i * step)] for i in range(limit)]
    return files


def even_sample(items: list, n: int) -> list:
    if len(items) <= n:
        return list(items)
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


# --- steps in this process ----------------------------------------------------------


def bench_parsing(files: list[Path], corpus: Path) -> tuple[dict, list]:
    from index.build.chunk import split_passages
    from index.errors import UnreadableDocument
    from index.ingest.read import SUPPORTED, read_document

    began = time.perf_counter()
    documents, skipped, pages = [], [], 0
    for path in files:
        source = str(path.relative_to(corpus)) if path.is_relative_to(corpus) else path.name
        if path.suffix.lower() not in SUPPORTED:
            skipped.append((source, f"unsupported file type {path.suffix!r}"))
            continue
        try:
            document = read_document(path, source)
        except UnreadableDocument as exc:
            skipped.append((source, exc.reason))
            continue
        documents.append(document)
        pages += document.pages or 0
    seconds = time.perf_counter() - began
    chunk_began = time.perf_counter()
    texts = [p.embedding_text(d.title) for d in documents for p in split_passages(d)]
    chunk_seconds = time.perf_counter() - chunk_began
    words = [len(t.split()) for t in texts]
    return {
        "files": len(files),
        "documents": len(documents),
        "pages": pages,
        "seconds": seconds,
        "docs_per_s": len(documents) / seconds,
        "pages_per_s": pages / seconds,
        "skipped": skipped,
        "passages": len(texts),
        "mean_words": float(np.mean(words)) if words else 0.0,
        "chunk_seconds": chunk_seconds,
    }, texts


def bench_raw_encode(texts: list[str], variant: str) -> dict:
    """The model's encode called once on a sample of the passages: no pipeline around it."""
    from index.embed.encoder import Encoder

    sample = even_sample(texts, RAW_SAMPLE)
    encoder = Encoder("all-MiniLM-L6-v2", variant=variant)
    backend = encoder._load()  # the backend itself: tokenise, forward, pool, normalise
    backend.encode(sample[:64], 32)
    began = time.perf_counter()
    backend.encode(sample, 32)
    seconds = time.perf_counter() - began
    return {
        "passages": len(sample),
        "seconds": seconds,
        "rate": len(sample) / seconds,
        "variant": encoder.variant,
    }


def bench_encoders(texts: list[str], cache_dir: Path) -> dict:
    """Each variant on the same passages: speed, agreement with float32, top-10 overlap."""
    import faiss

    from index.embed.encoder import Encoder

    sample = even_sample(texts, ENCODER_SAMPLE)
    asked = questions()
    out: dict = {}
    vectors, queries = {}, {}
    for variant in VARIANTS:
        # Each variant's own question path: not the ONNX one the torch variants use once exported.
        encoder = Encoder(
            "all-MiniLM-L6-v2", variant=variant, cache_dir=cache_dir, onnx_questions=False
        )
        began = time.perf_counter()
        encoder.encode(["warm up"])
        load_seconds = time.perf_counter() - began
        encoder.encode(sample[:64])
        began = time.perf_counter()
        vectors[variant] = encoder.encode(sample)
        seconds = time.perf_counter() - began
        timings = []
        for question in asked:
            began = time.perf_counter()
            encoder.encode_query(question)
            timings.append(time.perf_counter() - began)
        queries[variant] = encoder.encode(asked)
        out[variant] = {
            "rate": len(sample) / seconds,
            "query_ms": 1000 * statistics.median(timings),
            "load_s": load_seconds,
        }
        del encoder
    reference = vectors["torch"]

    def top10(index_vectors, query_vectors):
        index = faiss.IndexFlatIP(index_vectors.shape[1])
        index.add(index_vectors)
        return index.search(query_vectors, 10)[1]

    truth = top10(reference, queries["torch"])
    for variant in VARIANTS:
        cosines = (vectors[variant] * reference).sum(axis=1)
        same = top10(vectors[variant], queries[variant])
        # An index built with float32 torch and queried with this variant, and the reverse.
        mixed = top10(reference, queries[variant])
        reverse = top10(vectors[variant], queries["torch"])

        def overlap(found):
            return float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(found, truth)]))

        out[variant].update(
            {
                "min_cos": float(cosines.min()),
                "mean_cos": float(cosines.mean()),
                "overlap_same": overlap(same),
                "overlap_query_only": overlap(mixed),
                "overlap_index_only": overlap(reverse),
            }
        )
    out["passages"] = len(sample)
    return out


def bench_eval(variant: str) -> str:
    """`inspection-bot eval` on the question sets, with this encoder: the summary lines."""
    lines = []
    for name in ("questions.json", "corpus_questions.json"):
        path = ROOT / "eval" / name
        if not path.exists():
            continue
        done = subprocess.run(
            [sys.executable, "-m", "inspection_bot", "eval", str(path), "--encoder", variant],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=1800,
        )
        summary = [
            line
            for line in done.stdout.splitlines()
            if line.startswith(("cited source in top 1", "facts present", "questions passed"))
        ]
        lines.append(
            f"{name}: "
            + ("; ".join(summary) if summary else f"failed ({done.stderr.strip()[-200:]})")
        )
    return " | ".join(lines)


# --- steps in child processes ---------------------------------------------------------


def child_index(args) -> dict:
    """Index every file but one into a fresh index, then add the one held out."""
    from index.build.update import update_index
    from index.embed.encoder import Encoder

    files = [Path(p) for p in json.loads(Path(args.files).read_text())]
    holdout = Path(args.holdout)
    spent: dict[str, float] = {}
    counts: dict[str, int] = {}
    previous = {"stage": None, "done": 0, "at": 0.0}

    def progress(stage: str, done: int, total: int) -> None:
        # Time from one report of a stage to the next one that moved it on is that stage's work.
        now = time.perf_counter()
        if previous["stage"] == stage and done > previous["done"]:
            spent[stage] = spent.get(stage, 0.0) + now - previous["at"]
        previous.update(stage=stage, done=done, at=now)
        counts[stage] = total

    encoder = Encoder("all-MiniLM-L6-v2", variant=args.encoder)
    began = time.perf_counter()
    report = update_index(Path(args.index_dir), files, encoder, progress=progress)
    total = time.perf_counter() - began
    after_embedding = total - sum(spent.values())
    add_began = time.perf_counter()
    added = update_index(Path(args.index_dir), [holdout], encoder)
    add_seconds = time.perf_counter() - add_began
    return {
        "seconds": total,
        "since_spawn": time.time() - args.spawned,
        "documents": report.documents,
        "passages": report.passages,
        "skipped": [(s.source, s.reason) for s in report.skipped],
        "reading_s": spent.get("reading", 0.0),
        "embedding_s": spent.get("embedding", 0.0),
        "embedded": counts.get("embedding", 0),
        "storing_s": after_embedding,
        "variant": "+".join(sorted(encoder.ran)),
        "sentences_s": spent.get("sentences", 0.0),
        "sentences": counts.get("sentences", 0),
        "add_seconds": add_seconds,
        "add_passages": added.passages_added,
        "add_added": added.added,
        "peak_rss_gb": peak_rss_gb(),
    }


def child_query(args) -> dict:
    """Cold start to first answer, then each question timed in parts."""
    from index.embed.encoder import Encoder
    from index.engine import Engine
    from index.settings import Settings

    asked = questions()
    settings = Settings.load(env={}, index_dir=Path(args.index_dir), encoder=args.encoder)
    engine = Engine.open(settings)
    engine.ask(COLD_QUESTION)  # names no council and asks no date: it goes through the model
    cold = time.time() - args.spawned
    rss_after_first = rss_gb()

    # Time the encoder's calls by size: one text is the question, more are the answer's sentences.
    encoder: Encoder = engine.encoder
    inner = encoder.encode
    calls: list[tuple[int, float]] = []

    def timed_encode(texts):
        began = time.perf_counter()
        result = inner(texts)
        calls.append((len(texts), time.perf_counter() - began))
        return result

    encoder.encode = timed_encode  # type: ignore[method-assign]
    retriever = engine.snapshot.retriever
    inner_search = retriever.search
    searches: list[float] = []

    def timed_search(*a, **k):
        began = time.perf_counter()
        result = inner_search(*a, **k)
        searches.append(time.perf_counter() - began)
        return result

    retriever.search = timed_search  # type: ignore[method-assign]
    for question in asked:  # warm up every path once
        engine.ask(question)
    rows = []
    for _ in range(2):
        for question in asked:
            calls.clear()
            searches.clear()
            began = time.perf_counter()
            answer = engine.ask(question)
            total = time.perf_counter() - began
            rows.append(
                {
                    "total": total,
                    "query_encode": sum(t for n, t in calls if n == 1),
                    "sentence_encode": sum(t for n, t in calls if n > 1),
                    "sentences": sum(n for n, _ in calls if n > 1),
                    "search": sum(searches),
                    "retrieved": bool(searches),
                    "abstained": answer.abstained,
                }
            )
    encoder.encode = inner  # type: ignore[method-assign]
    raw = []
    for question in asked * 2:
        began = time.perf_counter()
        encoder.encode_query(question)
        raw.append(time.perf_counter() - began)
    retrieved = [r for r in rows if r["retrieved"]]
    ms = 1000.0
    return {
        "cold_start_s": cold,
        "variant": encoder.variant,
        "rss_after_first_gb": rss_after_first,
        "questions_via": encoder.questions_via,
        "p50_ms": ms * percentile([r["total"] for r in rows], 50),
        "p95_ms": ms * percentile([r["total"] for r in rows], 95),
        "raw_encode_p50_ms": ms * percentile(raw, 50),
        "raw_encode_p95_ms": ms * percentile(raw, 95),
        "retrieved_share": len(retrieved) / len(rows),
        "retrieved_p95_ms": ms * percentile([r["total"] for r in retrieved], 95),
        "timeline_p95_ms": ms * percentile([r["total"] for r in rows if not r["retrieved"]], 95),
        "parts_mean_ms": {
            k: ms * float(np.mean([r[k] for r in retrieved])) if retrieved else 0.0
            for k in ("total", "query_encode", "search", "sentence_encode")
        },
        "sentences_mean": float(np.mean([r["sentences"] for r in retrieved])) if retrieved else 0.0,
        "abstained": sum(r["abstained"] for r in rows) / 2,
        "peak_rss_gb": peak_rss_gb(),
    }


def child_scale(args) -> dict:
    """Exact and IVF at a synthetic size: real vectors and their perturbed copies."""
    import faiss

    from index.store import vectors as vector_index

    base = np.load(args.vectors)
    asked = np.load(args.queries)
    size, dim = args.size, base.shape[1]
    rng = np.random.default_rng(7)
    start_rss = rss_gb()
    data = np.empty((size, dim), dtype=np.float32)
    for begin in range(0, size, 100_000):
        end = min(begin + 100_000, size)
        rows = np.arange(begin, end)
        chunk = base[rows % len(base)].copy()
        copies = rows >= len(
            base
        )  # the originals first, then copies each moved by noise (cosine ~0.9)
        chunk[copies] += rng.normal(scale=0.5 / dim**0.5, size=(int(copies.sum()), dim)).astype(
            np.float32
        )
        data[begin:end] = chunk / np.linalg.norm(chunk, axis=1, keepdims=True)
    picks = rng.choice(size, 150, replace=False)
    probes = data[picks] + rng.normal(scale=0.3 / dim**0.5, size=(150, dim)).astype(np.float32)
    probes /= np.linalg.norm(probes, axis=1, keepdims=True)
    queries = np.vstack([asked, probes]).astype(np.float32)
    ids = np.arange(size, dtype=np.int64)
    result: dict = {"size": size}

    def timed(index, k: int = 40) -> tuple[list[float], np.ndarray]:
        found, times = [], []
        for row in queries:
            began = time.perf_counter()
            _, got = index.search(row.reshape(1, -1), k)
            times.append(time.perf_counter() - began)
            found.append(got[0])
        return times, np.array(found)

    began = time.perf_counter()
    exact = vector_index.build_exact(ids, data, dim)
    result["exact_build_s"] = time.perf_counter() - began
    times, truth = timed(exact)
    result["exact_p95_ms"] = 1000 * percentile(times, 95)
    result["exact_p50_ms"] = 1000 * percentile(times, 50)
    result["exact_bytes"] = size * dim * 4 + size * 8
    del exact
    before = rss_gb()
    began = time.perf_counter()
    ivf = vector_index.build_ivf(ids, data, dim)
    result["ivf_build_s"] = time.perf_counter() - began
    result["ivf_rss_gb"] = rss_gb() - before
    result["ivf"] = vector_index.describe(ivf)
    times, found = timed(ivf)
    result["ivf_p95_ms"] = 1000 * percentile(times, 95)
    result["ivf_p50_ms"] = 1000 * percentile(times, 50)
    recalls = [len(set(a[:10]) & set(b[:10])) / 10 for a, b in zip(found, truth)]
    result["recall10"] = float(np.mean(recalls))
    result["recall10_questions"] = float(np.mean(recalls[: len(asked)]))
    # The cost of an update at this size: one report's passages out and back in.
    one = np.arange(200, dtype=np.int64)
    began = time.perf_counter()
    vector_index.remove(ivf, one)
    vector_index.add(ivf, data[:200], one)
    result["ivf_update_s"] = time.perf_counter() - began
    with tempfile.TemporaryDirectory() as folder:
        began = time.perf_counter()
        vector_index.write(ivf, Path(folder) / "v.faiss")
        result["ivf_write_s"] = time.perf_counter() - began
        result["ivf_file_bytes"] = (Path(folder) / "v.faiss").stat().st_size
        began = time.perf_counter()
        vector_index.read(Path(folder) / "v.faiss")
        result["ivf_read_s"] = time.perf_counter() - began
    result["peak_rss_gb"] = peak_rss_gb()
    result["data_gb"] = data.nbytes / 1024**3
    result["start_rss_gb"] = start_rss
    del faiss
    return result


def child_bm25(args) -> dict:
    """bm25s at a synthetic size: the real passages, repeated."""
    import sqlite3

    import bm25s

    db = sqlite3.connect(f"file:{args.sqlite}?mode=ro", uri=True)
    texts = [row[0] for row in db.execute("SELECT embed_text FROM passages ORDER BY id")]
    corpus = [texts[i % len(texts)] for i in range(args.size)]
    asked = questions()
    began = time.perf_counter()
    tokens = bm25s.tokenize(corpus, stopwords="en", show_progress=False)
    tokenize_s = time.perf_counter() - began
    began = time.perf_counter()
    model = bm25s.BM25()
    model.index(tokens, show_progress=False)
    index_s = time.perf_counter() - began
    del tokens, corpus
    times = []
    for question in asked * 2:
        began = time.perf_counter()
        query = bm25s.tokenize([question], stopwords="en", return_ids=False, show_progress=False)
        model.retrieve(query, k=40, show_progress=False, n_threads=0)
        times.append(time.perf_counter() - began)
    return {
        "size": args.size,
        "tokenize_s": tokenize_s,
        "index_s": index_s,
        "p50_ms": 1000 * percentile(times, 50),
        "p95_ms": 1000 * percentile(times, 95),
        "peak_rss_gb": peak_rss_gb(),
    }


# --- the run ------------------------------------------------------------------------


def run(
    corpus: Path,
    *,
    limit: int | None,
    scale: list[int],
    out: Path | None,
    encoder: str,
    compare_encoders: bool,
    work: Path,
) -> dict:
    from index.embed.encoder import cores, resolve_variant
    from index.store import live_generation
    from index.store import vectors as vector_index

    corpus = corpus.resolve()
    from index.embed.calibrate import machine

    results: dict = {
        "date": dt.date.today().isoformat(),
        "cores": cores(),
        "cpu": machine(),
        "load_start": load(),
        "corpus": str(corpus),
        "limit": limit,
        "encoder": resolve_variant(encoder),
        "versions": _versions(),
    }

    def say(text: str) -> None:
        print(
            f"[bench {time.strftime('%H:%M:%S')} load {load()}] {text}", file=sys.stderr, flush=True
        )

    files = sample_files(corpus, limit)
    say(f"parsing {len(files)} files")
    results["parsing"], texts = bench_parsing(files, corpus)

    pdfs = [f for f in files if f.suffix.lower() == ".pdf"]
    holdout = pdfs[len(pdfs) // 2]
    listing = work / "files.json"
    listing.write_text(json.dumps([str(f) for f in files if f != holdout]))
    index_dir = work / "index"
    say(
        f"indexing {len(files) - 1} files (encoder {results['encoder']}), then adding {holdout.name}"
    )
    results["index"] = child(
        "index",
        "--index-dir",
        str(index_dir),
        "--files",
        str(listing),
        "--holdout",
        str(holdout),
        "--encoder",
        encoder,
    )
    generation = live_generation(index_dir)
    manifest = json.loads((generation / "manifest.json").read_text())
    results["disk"] = {
        "total": folder_bytes(generation),
        "manifest": manifest,
        **{
            name: folder_bytes(p) if p.is_dir() else p.stat().st_size
            for name, p in ((p.name, p) for p in generation.iterdir())
        },
    }

    say("raw model encode on a sample of the same passages")
    results["raw"] = bench_raw_encode(texts, encoder)

    say("answering: cold start and 50 questions")
    results["query"] = child("query", "--index-dir", str(index_dir), "--encoder", encoder)

    vectors_path, queries_path = work / "vectors.npy", work / "queries.npy"
    real_ids, real_vectors = vector_index.contents(vector_index.read(generation / "vectors.faiss"))
    np.save(vectors_path, real_vectors[np.argsort(real_ids)])
    from index.embed.encoder import Encoder

    np.save(queries_path, Encoder("all-MiniLM-L6-v2", variant=encoder).encode(questions()))
    del real_vectors

    if compare_encoders:
        say("encoder variants")
        results["encoders"] = bench_encoders(texts, work / "cache")
        results["eval"] = {}
        for variant in VARIANTS:
            say(f"eval with {variant}")
            results["eval"][variant] = bench_eval(variant)

    results["scale"] = []
    sizes = sorted({len(np.load(vectors_path, mmap_mode="r")), *scale})
    for size in sizes:
        say(f"vectors at {size:,}")
        results["scale"].append(
            child(
                "scale",
                "--vectors",
                str(vectors_path),
                "--queries",
                str(queries_path),
                "--size",
                str(size),
            )
        )
    results["bm25"] = []
    for size in sizes:
        say(f"BM25 at {size:,}")
        results["bm25"].append(
            child("bm25", "--sqlite", str(generation / "index.sqlite"), "--size", str(size))
        )
    results["load_end"] = load()
    (work / "results.json").write_text(json.dumps(results, indent=2, default=str))
    if out is not None:
        write_markdown(out, render(results))
        say(f"wrote {out}")
    return results


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _versions() -> str:
    from importlib.metadata import version

    names = ("torch", "sentence-transformers", "onnxruntime", "faiss-cpu", "bm25s", "pypdfium2")
    found = []
    for name in names:
        try:
            found.append(f"{name} {version(name)}")
        except Exception:  # noqa: BLE001 - a missing package is just not listed
            pass
    return ", ".join([f"Python {platform.python_version()}", *found])


# --- the report ---------------------------------------------------------------------


def _ok(met: bool) -> str:
    return "✅" if met else "❌"


def render(r: dict) -> str:
    t = TARGETS
    p, ix, q, raw, disk = r["parsing"], r["index"], r["query"], r["raw"], r["disk"]
    pipeline_rate = ix["embedded"] / ix["embedding_s"] if ix["embedding_s"] else float("nan")
    overhead = raw["rate"] / pipeline_rate - 1
    rss = max(ix["peak_rss_gb"], q["peak_rss_gb"])
    scale_rows = [s for s in r["scale"] if s["size"] >= 1_000_000]
    lines = [
        f"Run on {r['date']}: {r['cores']} cores ({r['cpu']}: model name; cores; vector "
        f"flags); load average (1/5/15 min) {r['load_start']} at the "
        f"start and {r['load_end']} at the end (other work shares this CPU). Encoder `{r['encoder']}`. "
        f"Corpus: {p['files']} files{' (a --limit sample)' if r['limit'] else ''}, {p['passages']:,} passages of "
        f"{p['mean_words']:.0f} words on average. {r['versions']}.",
        "",
        "| what | measured | target | |",
        "| --- | --- | --- | --- |",
        f"| parsing | {p['documents']} documents, {p['pages']:,} pages in {p['seconds']:.1f} s: "
        f"{p['docs_per_s']:.1f} documents/s, {p['pages_per_s']:.0f} pages/s; {len(p['skipped'])} skipped | | |",
        f"| embedding, raw model (`{raw['variant']}`, encode called once on {raw['passages']:,} of the passages) | "
        f"{raw['rate']:.0f} passages/s | | |",
        f"| embedding, indexing pipeline ({ix['embedded']:,} passages) | {pipeline_rate:.0f} passages/s: "
        f"overhead {overhead:+.1%} | < 10% | {_ok(overhead < t['overhead'])} |",
        f"| index the corpus (fresh index; in-process, model loaded) | {ix['seconds'] / 60:.1f} min "
        f"(reading {ix['reading_s']:.0f} s, embedding {ix['embedded']:,} passages {ix['embedding_s']:.0f} s and "
        f"{ix.get('sentences', 0):,} quotable sentences {ix.get('sentences_s', 0):.0f} s, events + storing "
        f"{ix['storing_s']:.0f} s); {ix['since_spawn'] / 60:.1f} min from process start | < 8 min | "
        f"{_ok(ix['seconds'] / 60 < t['index_minutes'])} |",
        f"| add one more report to the full index | {ix['add_seconds']:.1f} s ({ix['add_passages']} passages) | "
        f"< 10 s | {_ok(ix['add_seconds'] < t['add_one_s'])} |",
        f"| query, in-process `engine.ask`, 50 questions × 2 | p50 {q['p50_ms']:.1f} ms, p95 {q['p95_ms']:.1f} ms "
        f"| p95 < 30 ms | {_ok(q['p95_ms'] < t['query_p95_ms'])} |",
        f"| … of which retrieval questions ({q['retrieved_share']:.0%}) / timeline questions | "
        f"p95 {q['retrieved_p95_ms']:.1f} ms / {q['timeline_p95_ms']:.1f} ms | | |",
        f"| raw query encode (one question, {q.get('questions_via', q['variant'])}) | p50 "
        f"{q['raw_encode_p50_ms']:.1f} ms, "
        f"p95 {q['raw_encode_p95_ms']:.1f} ms | | |",
        f"| cold start: process start to first answer | {q['cold_start_s']:.1f} s | < 5 s | "
        f"{_ok(q['cold_start_s'] < t['cold_start_s'])} |",
        f"| peak RSS: indexing / answering | {ix['peak_rss_gb']:.2f} GB / {q['peak_rss_gb']:.2f} GB | < 1.5 GB | "
        f"{_ok(rss < t['rss_gb'])} |",
        f"| index on disk | {disk['total'] / 1024**2:.0f} MB (SQLite {disk.get('index.sqlite', 0) / 1024**2:.0f}, "
        f"FAISS {disk.get('vectors.faiss', 0) / 1024**2:.0f}, BM25 {disk.get('bm25', 0) / 1024**2:.0f}) | | |",
    ]
    for s in scale_rows:
        lines.append(
            f"| {s['size']:,} passages (synthetic): vector query p95, recall@10 vs exact | "
            f"IVF p95 {s['ivf_p95_ms']:.2f} ms, recall@10 {s['recall10']:.3f} | p95 < 60 ms, recall ≥ 0.95 | "
            f"{_ok(s['ivf_p95_ms'] < t['scale_p95_ms'] and s['recall10'] >= t['recall'])} |"
        )
    parts = q["parts_mean_ms"]
    lines += [
        "",
        f"Where a retrieval question's time goes (mean of {parts['total']:.1f} ms): question encode "
        f"{parts['query_encode']:.1f} ms, search (FAISS + BM25 + SQLite) {parts['search']:.1f} ms, "
        f"texts encoded in the answer step {parts['sentence_encode']:.1f} ms (its candidate sentences' vectors are "
        f"stored at indexing), the rest (reading and scoring the stored sentences, composing) "
        f"{parts['total'] - parts['query_encode'] - parts['search'] - parts['sentence_encode']:.1f} ms.",
        "",
        "Skipped files: " + ("; ".join(f"`{s}`: {why}" for s, why in p["skipped"]) or "none") + ".",
        "",
        "### Vector index by size",
        "",
        "Real corpus vectors, then copies of them moved by noise (cosine about 0.9 to the original); "
        "200 queries (the 50 questions and 150 perturbed passages); search k=40 as the retriever asks, "
        "recall@10 against exact search. Memory is the index's vectors and ids.",
        "",
        "| passages | exact: build, p50 / p95 | IVF: build (train + add), cells / probed | IVF "
        "p50 / p95 | recall@10 (questions only) | "
        "update one report | write / read | memory (vectors) | peak RSS |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for s in r["scale"]:
        lines.append(
            f"| {s['size']:,} | {s['exact_build_s']:.1f} s, {s['exact_p50_ms']:.1f} / {s['exact_p95_ms']:.1f} ms | "
            f"{s['ivf_build_s']:.1f} s, {s['ivf']['nlist']} / {s['ivf']['nprobe']} | "
            f"{s['ivf_p50_ms']:.2f} / {s['ivf_p95_ms']:.2f} ms | {s['recall10']:.3f} ({s['recall10_questions']:.3f}) | "
            f"{s['ivf_update_s'] * 1000:.0f} ms | {s['ivf_write_s']:.1f} / {s['ivf_read_s']:.1f} s | "
            f"{s['data_gb']:.2f} GB | {s['peak_rss_gb']:.1f} GB |"
        )
    from index.store.vectors import ANN_THRESHOLD

    lines += [
        "",
        f"The index switches to IVF at {ANN_THRESHOLD:,} vectors (`index/vectors.py`).",
        "",
        "### BM25 by size",
        "",
        "The real passages repeated to the size; bm25s as the store builds it; 50 questions × 2, k=40.",
        "",
        "| passages | tokenize | index | query p50 / p95 | peak RSS |",
        "| --- | --- | --- | --- | --- |",
    ]
    for b in r["bm25"]:
        lines.append(
            f"| {b['size']:,} | {b['tokenize_s']:.1f} s | {b['index_s']:.1f} s | "
            f"{b['p50_ms']:.1f} / {b['p95_ms']:.1f} ms | {b['peak_rss_gb']:.1f} GB |"
        )
    if "encoders" in r:
        e = r["encoders"]
        lines += [
            "",
            "### Encoder variants",
            "",
            f"The same {e['passages']:,} passages (evenly across the corpus) and the 50 questions. Agreement is "
            "with `torch` (float32): cosine between the two vectors of each passage, and the share of the "
            "float32 top 10 (over those passages) found when both sides use the variant, when only the "
            "questions do (an index built by float32) and when only the index does.",
            "",
            "| encoder | passages/s | × torch | query encode p50 | load | cosine min / mean | top-10 overlap: "
            "both / query only / index only | eval |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for variant in VARIANTS:
            v = e[variant]
            lines.append(
                f"| `{variant}` | {v['rate']:.0f} | {v['rate'] / e['torch']['rate']:.1f} | {v['query_ms']:.1f} ms "
                f"| {v['load_s']:.1f} s | {v['min_cos']:.4f} / {v['mean_cos']:.4f} | {v['overlap_same']:.3f} / "
                f"{v['overlap_query_only']:.3f} / {v['overlap_index_only']:.3f} | "
                f"{r.get('eval', {}).get(variant, '')} |"
            )
    return "\n".join(lines) + "\n"


def write_markdown(path: Path, table: str) -> None:
    """Replace what lies between the markers; keep the prose around them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = path.read_text() if path.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    if START not in text or END not in text:
        text = text.rstrip() + f"\n\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{START}\n{table}{END}{tail}")


# --- entry points -------------------------------------------------------------------


def build_parser(parser: argparse.ArgumentParser | None = None) -> argparse.ArgumentParser:
    parser = parser or argparse.ArgumentParser(prog="bench", description=__doc__.split("\n")[0])
    parser.add_argument(
        "corpus", type=Path, help="folder of documents, e.g. ../shared/corpus/ofsted-ilacs"
    )
    parser.add_argument(
        "--limit", type=int, help="use N files spread evenly over the corpus (a quick run)"
    )
    parser.add_argument(
        "--scale",
        default="100000,1000000",
        help="synthetic sizes for the vector and BM25 runs, comma-separated (0: none)",
    )
    parser.add_argument(
        "--encoder", default="auto", help="the encoder the pipeline uses (default: auto)"
    )
    parser.add_argument(
        "--no-encoders", action="store_true", help="skip comparing the encoder variants"
    )
    parser.add_argument(
        "--out", type=Path, default=DOCS, help=f"markdown file to write (default: {DOCS})"
    )
    parser.add_argument("--dry", action="store_true", help="print the table instead of writing it")
    parser.add_argument(
        "--keep", type=Path, help="work in this folder and keep it (default: a temporary one)"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_child":
        return _child_main(argv[1:])
    args = build_parser().parse_args(argv)
    return run_args(args)


def run_args(args) -> int:
    if not args.corpus.is_dir():
        print(f"error: {args.corpus} is not a folder of documents", file=sys.stderr)
        return 2
    scale = [int(s) for s in str(args.scale).split(",") if s.strip() and int(s) > 0]
    work = args.keep or Path(tempfile.mkdtemp(prefix="inspection-bot-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        results = run(
            args.corpus,
            limit=args.limit,
            scale=scale,
            out=None if args.dry else args.out,
            encoder=args.encoder,
            compare_encoders=not args.no_encoders,
            work=work,
        )
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    if args.dry:
        print(render(results))
    return 0


def _child_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("step")
    parser.add_argument("--spawned", type=float, required=True)
    parser.add_argument("--index-dir")
    parser.add_argument("--files")
    parser.add_argument("--holdout")
    parser.add_argument("--encoder", default="auto")
    parser.add_argument("--vectors")
    parser.add_argument("--queries")
    parser.add_argument("--sqlite")
    parser.add_argument("--size", type=int)
    args = parser.parse_args(argv)
    step = {"index": child_index, "query": child_query, "scale": child_scale, "bm25": child_bm25}[
        args.step
    ]
    print(json.dumps(step(args), default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
