"""Passage vectors in FAISS: exact search while the index is small, IVF once it is large.

Below ``ANN_THRESHOLD`` vectors the index is ``IndexIDMap2(IndexFlatIP)``: every query
compares every vector, which is exact and, at a few hundred thousand 384-float vectors,
still a few milliseconds. Above it, an ``IndexIVFFlat`` (inner product): the vectors are
split among ``nlist`` k-means cells and a query scans the ``nprobe`` cells nearest to it.

Why IVF and not HNSW: the index changes a document at a time, and a changed or removed
document must take its vectors out. IVF removes ids in place (``remove_ids``), keeps one
copy of each vector (its cells hold the float32 vectors themselves, so ``reconstruct``
returns them exactly) and adds new vectors to the cells already trained. HNSW cannot
remove, so every removal would mean rebuilding the graph from a second copy of the
vectors. The cells are re-trained when the collection has grown well past the size
they were chosen for, and the index goes back to exact if it shrinks well below the
threshold (the gap keeps it from flipping at each update).

Both kinds answer ``search``, ``reconstruct(id)``, ``ntotal`` and ``d`` alike, so
callers need not know which one they hold.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

ANN_THRESHOLD = 200_000  # vectors; at or above this the index is IVF
RETRAIN_GROWTH = 4  # re-train the cells once the collection is this many times their size
MIN_NPROBE = 16


def _faiss():
    import faiss

    return faiss


def nlist_for(count: int) -> int:
    """Cells for a collection: about sqrt(count), a power of two, at least 16."""
    return max(16, 2 ** round(math.log2(max(count, 1) ** 0.5)))


def nprobe_for(nlist: int) -> int:
    """Cells a query scans: 1/16 of them, at least MIN_NPROBE (recall@10 >= 0.95, docs/benchmarks.md)."""
    return min(nlist, max(MIN_NPROBE, nlist // 16))


def empty(dimension: int):
    """An exact index with no vectors."""
    faiss = _faiss()
    return faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))


def kind(index) -> str:
    """'exact' or 'ivf'."""
    return "ivf" if isinstance(index, _faiss().IndexIVF) else "exact"


def describe(index) -> dict:
    """What the manifest records about the vector index."""
    if kind(index) == "ivf":
        return {"kind": "ivf", "nlist": int(index.nlist), "nprobe": int(index.nprobe)}
    return {"kind": "exact"}


def add(index, vectors: np.ndarray, ids: np.ndarray) -> None:
    if len(ids):
        index.add_with_ids(
            np.ascontiguousarray(vectors, dtype=np.float32), np.asarray(ids, dtype=np.int64)
        )


def remove(index, ids: np.ndarray) -> int:
    """Take these ids out; returns how many were there."""
    ids = np.asarray(ids, dtype=np.int64)
    if not len(ids):
        return 0
    faiss = _faiss()
    # IVF's id hash table removes only from a plain array of ids; the exact index takes a set.
    selector = faiss.IDSelectorArray if kind(index) == "ivf" else faiss.IDSelectorBatch
    return int(index.remove_ids(selector(len(ids), faiss.swig_ptr(ids))))


def contents(index) -> tuple[np.ndarray, np.ndarray]:
    """(ids, vectors) of every vector held, in no particular order."""
    faiss = _faiss()
    if kind(index) == "exact":
        ids = faiss.vector_to_array(index.id_map).astype(np.int64)
        vectors = (
            index.index.reconstruct_n(0, index.ntotal)
            if index.ntotal
            else np.zeros((0, index.d), np.float32)
        )
        return ids, vectors
    lists = index.invlists
    id_parts, vector_parts = [], []
    for cell in range(index.nlist):
        size = lists.list_size(cell)
        if size:
            id_parts.append(faiss.rev_swig_ptr(lists.get_ids(cell), size).copy())
            codes = faiss.rev_swig_ptr(lists.get_codes(cell), size * lists.code_size)
            vector_parts.append(
                np.frombuffer(codes.copy(), dtype=np.float32).reshape(size, index.d)
            )
    if not id_parts:
        return np.zeros(0, np.int64), np.zeros((0, index.d), np.float32)
    return np.concatenate(id_parts).astype(np.int64), np.vstack(vector_parts)


def build_exact(ids: np.ndarray, vectors: np.ndarray, dimension: int):
    index = empty(dimension)
    add(index, vectors, ids)
    return index


def build_ivf(
    ids: np.ndarray,
    vectors: np.ndarray,
    dimension: int,
    *,
    nlist: int | None = None,
    seed: int = 1234,
):
    """An IVF index over these vectors, its cells trained on a sample of them."""
    faiss = _faiss()
    nlist = nlist or nlist_for(len(ids))
    quantizer = faiss.IndexFlatIP(dimension)
    index = faiss.IndexIVFFlat(quantizer, dimension, nlist, faiss.METRIC_INNER_PRODUCT)
    index.cp.niter = 10  # enough for cells to settle; the default 25 costs 2.5x for no recall here
    index.cp.seed = seed
    # 50 points a cell is plenty for k-means; more only slows training.
    sample = min(len(vectors), 50 * nlist)
    rows = (
        np.random.default_rng(seed).choice(len(vectors), sample, replace=False)
        if sample < len(vectors)
        else slice(None)
    )
    index.train(np.ascontiguousarray(vectors[rows], dtype=np.float32))
    # A hash table from id to (cell, offset): lets remove_ids and reconstruct(id) work.
    index.set_direct_map_type(faiss.DirectMap.Hashtable)
    index.nprobe = nprobe_for(nlist)
    add(index, vectors, ids)
    return index


def fit(index, threshold: int = ANN_THRESHOLD):
    """The index to write for its size: exact below ``threshold``, IVF at or above it.

    Returns ``index`` itself when it already suits its size; else a new index holding
    the same ids and vectors.
    """
    count = int(index.ntotal)
    current = kind(index)
    if current == "exact" and count >= threshold:
        return build_ivf(*contents(index), index.d)
    if current == "ivf":
        if count < threshold // 2:
            return build_exact(*contents(index), index.d)
        if nlist_for(count) >= RETRAIN_GROWTH**0.5 * index.nlist:  # grown RETRAIN_GROWTH-fold
            return build_ivf(*contents(index), index.d)
    return index


def search(index, query: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(scores, ids) of the ``n`` nearest to one query, searched on the calling thread alone.

    For one query FAISS's threads cost more to wake than they save: over the national
    corpus (45k vectors) 6.7 ms on two threads, 4.3 ms on one. OpenMP keeps the setting per
    thread, and it is put back after, so other work (building an index) keeps every core.
    """
    faiss = _faiss()
    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        return index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), n)
    finally:
        faiss.omp_set_num_threads(threads)


def write(index, path: Path) -> None:
    _faiss().write_index(index, str(path))


def read(path: Path):
    return _faiss().read_index(str(path))
