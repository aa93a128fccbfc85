"""Can a sentence's vector come from its passage's pass, so each token is encoded once?

    python -m benchmarks.sentence_vectors ../shared/corpus/ofsted-ilacs --limit 20
    python -m benchmarks.sentence_vectors ../shared/corpus/ofsted-ilacs --limit 60 \\
        --questions eval/national_questions.json

Indexing encodes each quotable sentence on its own after its passage, which here costs
as much as the passages. The alternative measured: mean-pool the passage pass's token
states over the sentence's characters (``pooled``), and the same through a ridge-fitted
linear map to the true sentence vectors (``mapped``: fitted on the first half of the
reports, judged on the second). Each is compared with the sentence's own vector (float32)
by cosine, and by which sentence an answer would quote: for every question, the
passages closest to it (top 6, as the answer step reads) give the candidate sentences,
each scored as index/answer.py scores them in the main (0.45 cosine, 0.35 the question's
words weighted by rarity among the candidates, 0.20 the passage's rank score); top-1
agreement is counted per question (over all its candidates) and per (question,
passage) pair.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

import numpy as np

from benchmarks.bench import questions as bench_questions
from benchmarks.bench import sample_files

ROOT = Path(__file__).resolve().parent.parent


def read(files: list[Path]):
    """(embedding text, [(start, end, quote) in that text's characters], report number) per passage."""
    from index.build.chunk import split_passages
    from index.build.update import _heading_test
    from index.errors import UnreadableDocument
    from index.ingest.read import SUPPORTED, read_document
    from index.text.sentences import quotable

    items = []
    for n, path in enumerate(files):
        if path.suffix.lower() not in SUPPORTED:
            continue
        try:
            document = read_document(path, path.name)
        except UnreadableDocument:
            continue
        is_heading = _heading_test(document)
        for passage in split_passages(document):
            text = passage.embedding_text(document.title)
            shift = len(text) - len(passage.text)
            spans = [
                (s - passage.start + shift, e - passage.start + shift, q)
                for s, e, q in quotable(passage.text, passage.start, is_heading)
            ]
            items.append((text, spans, n))
    return items


def pooled_vectors(encoder, items) -> np.ndarray:
    """Each sentence's mean token state from its passage's own forward pass (float32 torch)."""
    import torch

    from index.embed.backends import padded
    from index.embed.encoder import batches

    backend = encoder._load()
    tokenizer = backend._tokenizer
    encoded = tokenizer(
        [t for t, _, _ in items],
        truncation=True,
        max_length=backend.max_tokens,
        return_offsets_mapping=True,
        return_attention_mask=False,
    )
    ids, offsets = encoded["input_ids"], encoded["offset_mapping"]
    rows: dict[tuple[int, int], np.ndarray] = {}
    for batch in batches([len(r) for r in ids], 32):
        tokens, mask = padded([ids[i] for i in batch], 0)
        with torch.inference_mode():
            states = backend.model(
                {
                    "input_ids": torch.from_numpy(tokens),
                    "attention_mask": torch.from_numpy(mask),
                    "token_type_ids": torch.zeros_like(torch.from_numpy(tokens)),
                }
            )["token_embeddings"]
        for row, i in enumerate(batch):
            for k, (start, end, _) in enumerate(items[i][1]):
                inside = [
                    t for t, (a, b) in enumerate(offsets[i]) if b > a and a < end and b > start
                ]
                # A sentence past the passage's 256 tokens has no states: its own pass would be kept.
                rows[(i, k)] = states[row, inside or [0]].float().mean(0).numpy()
    out = np.vstack(
        [rows[(i, k)] for i, (_, spans, _) in enumerate(items) for k in range(len(spans))]
    )
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def ridge(x: np.ndarray, y: np.ndarray, lam: float = 1.0) -> np.ndarray:
    return np.linalg.solve(x.T @ x + lam * np.eye(x.shape[1]), x.T @ y)


def load_questions(paths: list[Path]) -> list[str]:
    asked = list(bench_questions())
    for path in paths:
        data = json.loads(path.read_text())
        entries = data["questions"] if isinstance(data, dict) else data
        asked += [e["question"] if isinstance(e, dict) else str(e) for e in entries]
    return list(dict.fromkeys(asked))


def agreement(
    asked, question_vectors, passage_vectors, owner, quotes, truth, other, allowed=None, keep=6
):
    """(questions quoting the same sentence, questions, pairs alike, pairs); ``allowed`` passages only."""
    from index.text.sentences import terms

    same_q = same_pair = pairs = 0
    for q, qv in zip(asked, question_vectors):
        dense = passage_vectors @ qv
        if allowed is not None:
            dense = np.where(allowed, dense, -np.inf)
        top = [int(p) for p in np.argsort(-dense)[:keep]]
        candidates = [i for p in top for i in np.flatnonzero(owner == p)]
        if not candidates:
            continue
        q_terms = terms(q)
        found = [terms(quotes[i]) for i in candidates]
        weight = {
            t: math.log(1 + len(candidates) / (1 + sum(t in f for f in found))) for t in q_terms
        }
        total = sum(weight.values()) or 1.0
        best_hit = max(dense[p] for p in top)
        lexical = {
            i: sum(weight[t] for t in q_terms & f) / total for i, f in zip(candidates, found)
        }

        def score(vectors, i):
            return (
                0.45 * float(vectors[i] @ qv)
                + 0.35 * lexical[i]
                + 0.20 * dense[owner[i]] / best_hit
            )

        same_q += max(candidates, key=lambda i: score(truth, i)) == max(
            candidates, key=lambda i: score(other, i)
        )
        for p in top:
            own = [i for i in candidates if owner[i] == p]
            if len(own) >= 2:
                pairs += 1
                same_pair += max(own, key=lambda i: score(truth, i)) == max(
                    own, key=lambda i: score(other, i)
                )
    return same_q, len(asked), same_pair, pairs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sentence_vectors", description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument(
        "--questions",
        type=Path,
        nargs="*",
        default=[ROOT / "eval" / "questions.json", ROOT / "eval" / "corpus_questions.json"],
    )
    args = parser.parse_args(argv)
    from index.embed.encoder import Encoder

    items = read(sample_files(args.corpus.resolve(), args.limit))
    encoder = Encoder("all-MiniLM-L6-v2", variant="torch", onnx_questions=False)
    began = time.perf_counter()
    passages = encoder.encode([t for t, _, _ in items])
    passage_s = time.perf_counter() - began
    quotes = [q for _, spans, _ in items for *_, q in spans]
    owner = np.repeat(np.arange(len(items)), [len(s) for _, s, _ in items])
    report = np.repeat(np.array([n for _, _, n in items]), [len(s) for _, s, _ in items])
    began = time.perf_counter()
    truth = encoder.encode(quotes)
    sentence_s = time.perf_counter() - began
    pooled = pooled_vectors(encoder, items)
    train = report < np.median(report)
    mapped = pooled @ ridge(pooled[train], truth[train])
    mapped /= np.linalg.norm(mapped, axis=1, keepdims=True)
    asked = load_questions([p for p in args.questions if p.exists()])
    question_vectors = encoder.encode(asked)
    print(
        f"{len(items):,} passages ({passage_s:.0f} s) and {len(quotes):,} quotable sentences ({sentence_s:.0f} s) "
        f"from {args.limit} reports; {len(asked)} questions"
    )
    print(
        "| sentence vectors | cosine to their own: mean / 5th percentile / min | same sentence quoted: "
        "per question / per (question, passage) |"
    )
    print("| --- | --- | --- |")
    held_out = ~train
    held_passages = np.zeros(len(items), bool)
    held_passages[np.unique(owner[held_out])] = True
    for name, vectors, rows, allowed in (
        ("pooled from the passage pass", pooled, slice(None), None),
        ("pooled, then a ridge map (held-out reports)", mapped, held_out, held_passages),
    ):
        cos = (vectors[rows] * truth[rows]).sum(axis=1)
        q, nq, p, np_ = agreement(
            asked, question_vectors, passages, owner, quotes, truth, vectors, allowed
        )
        print(
            f"| {name} | {cos.mean():.3f} / {np.percentile(cos, 5):.3f} / {cos.min():.3f} | "
            f"{q}/{nq} ({q / nq:.0%}) / {p}/{np_} ({p / max(np_, 1):.0%}) |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
