"""The index folder: generations on disk, the writers' lock, and the atomic swap.

An index folder holds generations; ``CURRENT`` names the live one::

    INDEX_DIR/
      CURRENT                 name of the live generation (replaced by rename)
      LOCK                    held by the one process writing
      gen-<ms>-<pid>/
        manifest.json         schema version, model, dimension, counts
        index.sqlite          documents, blocks, passages, sentences, events (index/store.py)
        vectors.faiss         passage id → unit vector: exact IndexIDMap2(IndexFlatIP), or
                              IndexIVFFlat once large (index/vectors.py)
        bm25/, bm25_ids.npy   bm25s index (JSON + .npy, no pickle) and its row → passage id

A writer (index/store.py's ``Writer``) copies the live generation into a fresh work folder,
changes the copy, and hands it to ``publish``, which fsyncs every file and only then points
``CURRENT`` at it with an atomic rename. A crash or kill at any moment leaves ``CURRENT``
naming a complete generation; leftovers are swept by the next writer. Readers never take
the lock. This module knows files and folders only: what is inside a generation is the
store's business.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
import uuid
from pathlib import Path

from index.errors import IndexBusy

KEEP_GENERATIONS = 2  # the live one and the one before, for readers still holding it


def live_generation(index_dir: Path) -> Path | None:
    pointer = Path(index_dir) / "CURRENT"
    try:
        name = pointer.read_text().strip()
    except FileNotFoundError:
        return None
    return Path(index_dir) / name if name else None


def lock(index_dir: Path):
    """Hold the index folder's writer lock (an open file; closing it releases the flock)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    handle = open(index_dir / "LOCK", "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise IndexBusy(str(index_dir)) from None
    return handle


def work_folder(index_dir: Path) -> Path:
    """A fresh folder to build the next generation in, after sweeping what crashed writers left."""
    sweep(index_dir)
    folder = index_dir / f"tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    folder.mkdir()
    return folder


def publish(index_dir: Path, folder: Path) -> Path:
    """Fsync a finished work folder, and make it the live generation in one rename."""
    _fsync_tree(folder)
    final = index_dir / f"gen-{int(time.time() * 1000):015d}-{os.getpid()}"
    os.rename(folder, final)
    pointer = index_dir / "CURRENT.tmp"
    with open(pointer, "w") as handle:
        handle.write(final.name + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(pointer, index_dir / "CURRENT")  # the one moment the live index changes
    _fsync_dir(index_dir)
    sweep(index_dir)
    return final


def sweep(index_dir: Path) -> None:
    """Remove what crashed writers left behind, and generations no reader needs."""
    live = live_generation(index_dir)
    for item in index_dir.iterdir():
        if item.name.startswith("tmp-") and item.is_dir():
            shutil.rmtree(item, ignore_errors=True)
    generations = sorted(p for p in index_dir.glob("gen-*") if p.is_dir())
    keep = {live} | set(generations[-KEEP_GENERATIONS:])
    for item in generations:
        if item not in keep:
            shutil.rmtree(item, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(path: Path) -> None:
    for item in sorted(path.rglob("*")):
        if item.is_file():
            with open(item, "rb") as handle:
                os.fsync(handle.fileno())
    for folder in [path, *(p for p in path.rglob("*") if p.is_dir())]:
        _fsync_dir(folder)
