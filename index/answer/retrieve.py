"""Question → ranked hits: dense (FAISS) and BM25, fused by reciprocal rank.

FAISS and bm25s arrays never leave this module: callers get ``Hit`` objects. When the
question names a body that some documents are about (a council, a trust), those
documents' passages are preferred.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from index.embed.encoder import Encoder
from index.store import Store
from index.store import vectors as vector_index
from index.text.words import MONTHS, SEASONS, WEEKDAYS

RRF_K = 60  # the constant from Cormack et al. (2009); damps the weight of top ranks
CANDIDATES = 40  # per retriever, before fusion
FEW_DOCUMENTS = 5  # searches within this many documents score all their passages
ORG_BOOST = 1.5

# Capitalised words in a question that name nothing in particular.
_COMMON = {
    *MONTHS,
    *SEASONS,
    *WEEKDAYS,
    *"""
a an and any are as at be by can children children's childrens council councils county did do does for
from had has have how i in inspected inspection inspections into is it its last latest local authority
me most my next of ofsted on or our recent services social care tell that the their there this to
visit visits was we were what when where which who why will with would you your ilacs sif jtai please
current currently grade judgement judgements focused monitoring full report letter children’s
""".split(),
}


@dataclass(frozen=True)
class Hit:
    passage_id: int
    doc_id: int
    score: float  # fused score (higher is better)
    dense: float  # cosine similarity to the question
    lexical: float  # BM25 score
    preferred: bool  # the document is about a body the question names


def name_terms(question: str) -> list[str]:
    """Capitalised words that may name a council or organisation ('Norfolk', 'BCP')."""
    words = re.findall(r"\b[A-Z][\w’'&-]+", question)
    return [
        w.lower().rstrip("’'s") if w.lower().endswith(("'s", "’s")) else w.lower()
        for w in words
        if w.lower() not in _COMMON and len(w) > 2
    ]


class Retriever:
    def __init__(self, store: Store, encoder: Encoder) -> None:
        self.store = store
        self.encoder = encoder
        # What each document is about, for matching names in questions: title, file
        # name and opening text, lower-cased.
        self._profiles = {
            p.id: " ".join([p.title, p.source, p.opening]).lower() for p in store.profiles()
        }
        self._naming: dict[str, frozenset[int]] = {}

    @property
    def size(self) -> int:
        return int(self.store.vectors.ntotal)

    def preferred_documents(self, question: str) -> set[int]:
        """Documents naming every distinctive name the question uses, if that narrows anything."""
        found = [self._documents_naming(t) for t in name_terms(question)]
        found = [docs for docs in found if 0 < len(docs) < len(self._profiles)]
        return set(frozenset.intersection(*found)) if found else set()

    def _documents_naming(self, term: str) -> frozenset[int]:
        """Documents whose profile contains ``term``; remembered, as the same names come back."""
        docs = self._naming.get(term)
        if docs is None:
            if len(self._naming) > 10_000:  # any capitalised word can come in: keep it bounded
                self._naming.clear()
            docs = self._naming[term] = frozenset(
                d for d, profile in self._profiles.items() if term in profile
            )
        return docs

    def search(
        self,
        question: str,
        k: int = 8,
        query_vector: np.ndarray | None = None,
        only: set[int] | None = None,
    ) -> list[Hit]:
        """The best passages for the question; with ``only``, from those documents alone."""
        if self.size == 0:
            return []
        if query_vector is None:
            query_vector = self.encoder.encode_query(question)
        if only is not None and len(only) <= FEW_DOCUMENTS:
            # Within a report or two (a council's inspection): score their passages alone, all of them.
            ids = self.store.passage_ids(only)
            if not ids:
                return []
            vectors = np.vstack([self.store.vectors.reconstruct(int(pid)) for pid in ids])
            dense = dict(zip(ids, map(float, vectors @ query_vector)))
            lexical = self.store.lexical(question, len(ids), within=np.array(ids, dtype=np.int64))
        else:
            # Restricted to some documents, look deeper so that enough of theirs come back.
            n = min(CANDIDATES if only is None else CANDIDATES * 10, self.size)
            scores, found = vector_index.search(self.store.vectors, query_vector, n)
            dense = {int(i): float(s) for i, s in zip(found[0], scores[0]) if i >= 0}
            lexical = self.store.lexical(question, n)
        fused: dict[int, float] = {}
        for ranking in (
            sorted(dense, key=dense.get, reverse=True),
            sorted(lexical, key=lexical.get, reverse=True),
        ):
            for rank, pid in enumerate(ranking):
                fused[pid] = fused.get(pid, 0.0) + 1.0 / (RRF_K + rank + 1)
        missing = [pid for pid in fused if pid not in dense]
        if missing:  # BM25-only hits: score them densely too, so callers can compare
            vectors = np.vstack([self.store.vectors.reconstruct(int(pid)) for pid in missing])
            dense.update({pid: float(v @ query_vector) for pid, v in zip(missing, vectors)})
        records = self.store.passages(list(fused))
        preferred = self.preferred_documents(question)
        hits = []
        for pid, score in fused.items():
            record = records.get(pid)
            if record is None or (only is not None and record.doc_id not in only):
                continue
            is_preferred = record.doc_id in preferred
            hits.append(
                Hit(
                    pid,
                    record.doc_id,
                    score * (ORG_BOOST if is_preferred else 1.0),
                    dense.get(pid, 0.0),
                    lexical.get(pid, 0.0),
                    is_preferred,
                )
            )
        hits.sort(key=lambda h: h.score, reverse=True)
        return hits[:k]
