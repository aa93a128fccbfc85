"""Passage vectors from the sentence vectors already made: each token goes through the model once.

An answer quotes sentences, so every quotable sentence is encoded (index/sentences.py).
Encoding each passage as well put every token of those sentences through the model twice
(issue 16). A passage whose quotable sentences hold most of its text instead gets the
mean of their vectors, weighted by length, with the vector of its context (document title
and section heading, which the model saw in front of the passage when passages were
encoded whole) as one more part; the mean is scaled back to unit length. A passage that is
mostly not quotable (a table, a list of headings, a front page) is encoded whole, as before.

    plan = pooling.plan(passages, quotable, title)     # one document
    encoded = encoder.encode(plan.texts)               # the passages encoded whole, then the contexts
    vectors = pooling.assemble(plan, sentence_vectors, encoded)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from index.store.records import Passage

#: A passage is pooled when its quotable sentences hold at least this share of its characters.
POOL_COVERAGE = 0.6


@dataclass(frozen=True)
class Plan:
    texts: tuple[str, ...]  # to encode: whole passages first, then the distinct contexts
    # Per passage: ("whole", index into texts) or ("pooled", first sentence, sentence count, context index or -1)
    recipe: tuple[tuple[str, int, int, int], ...]
    weights: tuple[float, ...]  # per sentence (in order): its length in characters
    context_weights: tuple[float, ...]  # per text: a context's length (0 for whole passages)


def plan(
    passages: tuple[Passage, ...],
    quotable: tuple[tuple[tuple[int, int, str], ...], ...],
    title: str,
    coverage: float = POOL_COVERAGE,
) -> Plan:
    """What to encode for one document: its passages, each one's quotable sentences, and its title."""
    whole: list[str] = []
    contexts: dict[str, int] = {}
    recipe: list[tuple[str, int, int, int]] = []
    weights: list[float] = []
    first = 0
    for passage, quotes in zip(passages, quotable, strict=True):
        covered = sum(len(quote) for _, _, quote in quotes)
        if quotes and covered >= coverage * max(1, len(passage.text.strip())):
            context = passage.context(title)
            at = contexts.setdefault(context, len(contexts)) if context else -1
            recipe.append(("pooled", first, len(quotes), at))
        else:
            recipe.append(("whole", len(whole), 0, -1))
            whole.append(passage.embedding_text(title))
        weights += [float(len(quote)) for _, _, quote in quotes]
        first += len(quotes)
    shift = len(whole)
    recipe = [(kind, a, n, c + shift if c >= 0 else -1) for kind, a, n, c in recipe]
    context_weights = [0.0] * shift + [float(len(c)) for c in contexts]
    return Plan(
        tuple(whole) + tuple(contexts), tuple(recipe), tuple(weights), tuple(context_weights)
    )


def assemble(done: Plan, sentence_vectors: np.ndarray, encoded: np.ndarray) -> np.ndarray:
    """One unit vector per passage, in the order planned."""
    dimension = (
        encoded.shape[1] if encoded.ndim == 2 and len(encoded) else sentence_vectors.shape[1]
    )
    out = np.zeros((len(done.recipe), dimension), dtype=np.float32)
    weights = np.asarray(done.weights, dtype=np.float32)
    for i, (kind, at, count, context) in enumerate(done.recipe):
        if kind == "whole":
            out[i] = encoded[at]
            continue
        vector = weights[at : at + count] @ sentence_vectors[at : at + count]
        if context >= 0:
            vector = vector + done.context_weights[context] * encoded[context]
        out[i] = vector / max(float(np.linalg.norm(vector)), 1e-12)
    return out


def assemble_all(
    plans: list[Plan], sentence_vectors: np.ndarray, encoded: np.ndarray
) -> np.ndarray:
    """``assemble`` for several documents whose sentences and texts were encoded together, in order."""
    parts, sentences_at, texts_at = [], 0, 0
    for done in plans:
        sentences, texts = len(done.weights), len(done.texts)
        parts.append(
            assemble(
                done,
                sentence_vectors[sentences_at : sentences_at + sentences],
                encoded[texts_at : texts_at + texts],
            )
        )
        sentences_at, texts_at = sentences_at + sentences, texts_at + texts
    dimension = sentence_vectors.shape[1] if sentence_vectors.ndim == 2 else encoded.shape[1]
    return np.concatenate(parts) if parts else np.zeros((0, dimension), dtype=np.float32)
