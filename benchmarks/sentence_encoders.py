"""Each encoder on what indexing mostly encodes: report sentences, batched as indexing batches them.

    python -m benchmarks.sentence_encoders ../shared/corpus/ofsted-ilacs [--sentences 1500] [--variants …]

Reads every ``--every``-th report of the corpus, splits it into the sentences an answer
may quote (index/sentences.py), draws ``--sentences`` of them at random (seeded), and runs
them through each variant with ``Encoder.encode`` (its length batching), after one warm-up
call. Prints sentences a second, the ratio to float32 torch, the process's CPU seconds and
the cosine of each sentence's vector to float32's (mean, 5th percentile, minimum). Which
variant is fastest depends on the CPU and on the length of the texts (docs/benchmarks.md):
this is the measurement behind the encoder table there.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np


def report_sentences(corpus: Path, every: int) -> list[str]:
    from index.ingest.read import read_document
    from index.text.sentences import sentence_ends, tidy

    found: list[str] = []
    for path in sorted(corpus.rglob("*.pdf"))[::every]:
        try:
            text = read_document(path).text
        except Exception:  # noqa: BLE001 - the corpus has files that are not PDFs; they are skipped
            continue
        for paragraph in text.split("\n\n"):
            found += [
                s
                for a, b in sentence_ends(paragraph)
                if len((s := tidy(paragraph[a:b])).split()) >= 4
            ]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--sentences", type=int, default=1500)
    parser.add_argument("--every", type=int, default=10, help="read every Nth report (default 10)")
    parser.add_argument(
        "--variants",
        default="torch,onnx,onnx-int8",
        help="first is the reference; add torch-bf16 where the CPU has bfloat16 instructions",
    )
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    from index.embed.backends import cores
    from index.embed.calibrate import machine
    from index.embed.encoder import Encoder

    pool = report_sentences(args.corpus, args.every)
    texts = random.Random(7).sample(pool, min(args.sentences, len(pool)))
    print(f"{machine()}; load average {' / '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"{len(texts)} sentences of {np.mean([len(t.split()) for t in texts]):.1f} words on average "
        f"(from {len(pool):,} in every {args.every}th report)\n"
    )
    print("| encoder | sentences/s | × torch | CPU s | cosine to float32: mean / 5th pct / min |")
    print("| --- | --- | --- | --- | --- |")
    reference, base = None, None
    with tempfile.TemporaryDirectory() as cache:
        for variant in args.variants.split(","):
            encoder = Encoder("all-MiniLM-L6-v2", variant=variant, cache_dir=Path(cache))
            encoder.encode(texts[:64])  # load, export where needed, pick kernels
            wall, cpu = time.perf_counter(), time.process_time()
            vectors = encoder.encode(texts)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            rate = len(texts) / wall
            reference = vectors if reference is None else reference
            base = rate if base is None else base
            cosines = (vectors * reference).sum(axis=1)
            print(
                f"| `{variant}` | {rate:.0f} | {rate / base:.2f} | {cpu:.1f} | {cosines.mean():.4f} / "
                f"{np.percentile(cosines, 5):.4f} / {cosines.min():.4f} |"
            )
    print(f"\n{cores()} cores, every one used by each variant")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
