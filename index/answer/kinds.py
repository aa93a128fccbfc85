"""What kind of question this is, from its nearest labelled examples in the model's space.

Word rules (index/question) recognise the phrasings they name; a question in other words can
fall into the wrong path ("who runs childrens social care in slough" read as asking who led
an inspection). The model the index already ships places questions that ask the same kind of
thing near each other, whatever their words. ``kinds.json`` holds example questions, each
labelled with the route that answers it (written by scripts/kind_examples.py from the
evaluation sets' dev splits, never their test splits):

    fact          a report's own facts: grades, dates, who led it, what to improve, counts
    passages      what the documents say about something: a practice area, the team, figures
    timeline      what has happened over time: visits since, between inspections
    national      every council at once
    outside       not local authority children's services: schools, police, contact details
    unanswerable  something no document states: budgets, staff numbers, names of officers

``Kinds.route(text)`` gives the route most of the nearest examples share, and that share.
The rules still fill the slots (council, time, field); respond.py reads the passages instead
of giving a fact when the examples say the question is not one.

The examples' vectors are computed once per model and kept in the cache folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.question import parse

log = logging.getLogger(__name__)

EXAMPLES = Path(__file__).with_name("kinds.json")
NEAREST = 7  # examples consulted per question


@dataclass(frozen=True)
class Route:
    name: str  # one of the labels above
    share: float  # the similarity-weighted share of the nearest examples that carry it


def read(text: str) -> str:
    """An example question as the parser reads a question: typos corrected, places masked
    (a question's kind is in its other words; a council's name would pull it towards
    examples about that council)."""
    return parse(text, dt.date(2026, 1, 1)).reading


class Kinds:
    """The labelled examples and their vectors, encoded on first use."""

    def __init__(self, encoder, cache_dir: Path | None = None, examples: Path = EXAMPLES) -> None:
        self.encoder = encoder
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self._examples = json.loads(examples.read_text()) if examples.is_file() else []
        self._raw = examples.read_bytes() if examples.is_file() else b""
        self._vectors: np.ndarray | None = None
        self._lock = threading.Lock()

    def route(self, text: str, vector: np.ndarray | None = None) -> Route | None:
        """The route of a question as read (Question.reading: typos corrected, places masked);
        None without examples."""
        vectors = self.vectors()
        if vectors is None or not len(vectors):
            return None
        query = self.encoder.encode_query(text) if vector is None else vector
        similarity = vectors @ query
        nearest = np.argsort(-similarity)[:NEAREST]
        weights: dict[str, float] = {}
        for i in nearest:
            label = self._examples[int(i)]["route"]
            weights[label] = weights.get(label, 0.0) + max(float(similarity[i]), 0.0)
        total = sum(weights.values()) or 1.0
        name = max(weights, key=weights.get)
        return Route(name, weights[name] / total)

    def vectors(self) -> np.ndarray | None:
        if self._vectors is None and self._examples:
            with self._lock:
                if self._vectors is None:
                    self._vectors = self._load_or_encode()
        return self._vectors

    def _load_or_encode(self) -> np.ndarray:
        digest = hashlib.sha256(self._raw + self.encoder.name.encode() + b"read").hexdigest()[:16]
        cached = self.cache_dir / f"kinds-{digest}.npy" if self.cache_dir else None
        if cached is not None and cached.is_file():
            try:
                found = np.load(cached, allow_pickle=False)
                if found.shape[0] == len(self._examples):
                    return found
            except (OSError, ValueError) as exc:  # a damaged cache file is made again
                log.info("kind examples' vectors cannot be read (%s): encoding them again", exc)
        texts = [read(e["question"]) for e in self._examples]
        vectors = np.vstack([self.encoder.encode_query(t) for t in texts]).astype(np.float32)
        if cached is not None:
            try:
                cached.parent.mkdir(parents=True, exist_ok=True)
                tmp = cached.with_suffix(".tmp.npy")
                np.save(tmp, vectors, allow_pickle=False)
                tmp.replace(cached)
            except OSError as exc:  # a read-only cache costs the next start the encoding again
                log.info("kind examples' vectors not kept (%s)", exc)
        return vectors
