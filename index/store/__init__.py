"""The index on disk: SQLite, FAISS and BM25 of one generation, swapped in whole.

Store.open(index_dir)       # read the live generation: typed values, never rows
with Writer(index_dir, model, dimension) as w: ...; w.commit()
"""

from index.store.generations import live_generation
from index.store.records import EVENT_LABELS, DocumentInfo, DocumentProfile, Passage, StoredEvent
from index.store.store import Store, storage_errors
from index.store.writer import Writer

__all__ = [
    "EVENT_LABELS",
    "DocumentInfo",
    "DocumentProfile",
    "Passage",
    "Store",
    "StoredEvent",
    "Writer",
    "live_generation",
    "storage_errors",
]
