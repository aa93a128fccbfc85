"""Changes to the index, made on a copy of the live generation and swapped in whole by ``commit``."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import numpy as np

from index.store import bm25, generations
from index.store import vectors as vector_index
from index.store.generations import live_generation
from index.store.store import SCHEMA_VERSION, Store, create, upgrade


class Writer:
    """Changes to the index, made on a copy and swapped in whole by ``commit``.

    Use as a context manager: leaving it without ``commit`` (an error, a kill) leaves the
    live generation untouched.
    """

    def __init__(
        self,
        index_dir: Path,
        model: str,
        dimension: int,
        *,
        rebuild: bool = False,
        encoder: str | set[str] | None = None,
        ann_threshold: int | None = None,
    ) -> None:
        self.index_dir = Path(index_dir)
        self.model, self.dimension = model, dimension
        self.rebuild = rebuild
        # the variants that embed this run's texts, for the manifest: a set is read as each document is added
        self.run_encoders = (
            {encoder} if isinstance(encoder, str) else encoder if encoder is not None else set()
        )
        self.ann_threshold = ann_threshold or vector_index.ANN_THRESHOLD
        self.encoders: set[str] = set()
        self._lock_handle = None
        self.tmp: Path | None = None

    def __enter__(self) -> Writer:
        self._lock_handle = generations.lock(self.index_dir)
        try:
            self._open_copy()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _open_copy(self) -> None:
        self.tmp = generations.work_folder(self.index_dir)
        live = None if self.rebuild else live_generation(self.index_dir)
        self.is_new = live is None  # no generation yet: even an empty one gets written
        self.db = sqlite3.connect(self.tmp / "index.sqlite")
        self.db.row_factory = sqlite3.Row
        if live is not None:
            # Open (and so validate) the live generation before copying it.
            current = Store.open(self.index_dir, self.model, upgradable=True)
            current.db.backup(self.db)
            # An older schema is brought up to date in the copy, and swapped in at commit.
            version = current.manifest.get("schema_version")
            if version != SCHEMA_VERSION:
                upgrade(self.db, version)
            self.vectors = current.vectors
            self.encoders = set(current.manifest.get("encoders", []))
            current.close()
        else:
            create(self.db)
            self.vectors = vector_index.empty(self.dimension)
        self.db.execute("PRAGMA foreign_keys = ON")

    def __exit__(self, *exc_info) -> None:
        if self.tmp is not None and self.tmp.exists():
            if getattr(self, "db", None) is not None:
                self.db.close()
            shutil.rmtree(self.tmp, ignore_errors=True)
        if self._lock_handle is not None:
            self._lock_handle.close()  # releases the flock

    # --- changes ------------------------------------------------------------------

    def documents_by_path(self) -> dict[str, tuple[int, str, str]]:
        """path → (id, content hash, source: the path relative to the folder it was indexed from)."""
        return {
            row["path"]: (row["id"], row["content_hash"], row["source"])
            for row in self.db.execute("SELECT id, path, content_hash, source FROM documents")
        }

    def move_document(self, doc_id: int, path: str, root: str) -> None:
        """Point a document at where its file is now (its folder moved): passages and vectors stay."""
        self.db.execute(
            "UPDATE documents SET path = ?, root = ? WHERE id = ?", (path, root, doc_id)
        )

    def counts(self) -> tuple[int, int]:
        """(documents, passages) in the index as it now stands."""
        return (
            self.db.execute("SELECT count(*) FROM documents").fetchone()[0],
            self.db.execute("SELECT count(*) FROM passages").fetchone()[0],
        )

    def document_with_hash(self, content_hash: str, excluding: int | None = None) -> str | None:
        row = self.db.execute(
            "SELECT source FROM documents WHERE content_hash = ? AND id IS NOT ?",
            (content_hash, excluding),
        ).fetchone()
        return row["source"] if row else None

    def delete_document(self, doc_id: int) -> None:
        ids = np.array(
            [r[0] for r in self.db.execute("SELECT id FROM passages WHERE doc_id = ?", (doc_id,))],
            dtype=np.int64,
        )
        vector_index.remove(self.vectors, ids)
        self.db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    def extraction_of(self, doc_id: int) -> tuple[str, str, str]:
        """(extractor version, title, text) of an indexed document: whether its reading is current."""
        return tuple(
            self.db.execute(
                "SELECT extractor, title, text FROM documents WHERE id = ?", (doc_id,)
            ).fetchone()
        )

    def extractors(self) -> dict[int, str]:
        """The extractor version each document was read with, by id."""
        return {row[0]: row[1] for row in self.db.execute("SELECT id, extractor FROM documents")}

    def add_document(
        self,
        document,
        root: str,
        passages,
        vectors: np.ndarray,
        *,
        organisation: str | None = None,
        events=(),
        sentences=None,
        facts=(),
        extractor: str = "",
    ) -> int:
        """Add a document, its passages with their vectors, and each passage's quotable sentences.

        ``sentences`` has one list per passage of (start, end, unit vector); ``facts`` are
        index.facts.Fact; ``extractor`` is the version of the code that read events and facts.
        """
        cursor = self.db.execute(
            "INSERT INTO documents (path, root, source, format, title, date, date_source, content_hash, pages, "
            "text, organisation, indexed_at, extractor) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                document.path,
                root,
                document.source,
                document.format,
                document.title,
                document.date.isoformat() if document.date else None,
                document.date_source,
                document.content_hash,
                document.pages,
                document.text,
                organisation,
                dt.datetime.now().isoformat(timespec="seconds"),
                extractor,
            ),
        )
        doc_id = cursor.lastrowid
        self._add_extraction(doc_id, organisation, events, facts)
        self.db.executemany(
            "INSERT INTO blocks VALUES (?,?,?,?,?,?,?)",
            [(doc_id, b.start, b.end, b.kind, b.para, b.section, b.page) for b in document.blocks],
        )
        ids = []
        for ordinal, passage in enumerate(passages):
            cursor = self.db.execute(
                "INSERT INTO passages (doc_id, ordinal, start, end, text, embed_text, location, section, page) "
                "VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    doc_id,
                    ordinal,
                    passage.start,
                    passage.end,
                    passage.text,
                    passage.embedding_text(document.title),
                    passage.location,
                    passage.section,
                    passage.page,
                ),
            )
            ids.append(cursor.lastrowid)
        if sentences is not None:
            self.db.executemany(
                "INSERT INTO sentences VALUES (?,?,?,?)",
                [
                    (passage_id, start, end, np.asarray(vector, dtype=np.float16).tobytes())
                    for passage_id, found in zip(ids, sentences)
                    for start, end, vector in found
                ],
            )
        if ids:
            vector_index.add(self.vectors, vectors, np.array(ids, dtype=np.int64))
            self.encoders.update(self.run_encoders)
        return doc_id

    def replace_extraction(
        self, doc_id: int, document, *, organisation: str | None, events, facts, extractor: str
    ) -> None:
        """Store a fresh reading of an indexed document (same text): its date, organisation, events
        and facts. Its passages and their vectors stay as they are."""
        self.db.execute(
            "UPDATE documents SET date = ?, date_source = ?, organisation = ?, extractor = ? WHERE id = ?",
            (
                document.date.isoformat() if document.date else None,
                document.date_source,
                organisation,
                extractor,
                doc_id,
            ),
        )
        self.db.execute("DELETE FROM events WHERE doc_id = ?", (doc_id,))
        self.db.execute("DELETE FROM facts WHERE doc_id = ?", (doc_id,))
        self._add_extraction(doc_id, organisation, events, facts)

    def _add_extraction(self, doc_id: int, organisation: str | None, events, facts) -> None:
        self.db.executemany(
            "INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    doc_id,
                    e.kind,
                    e.status,
                    e.earliest.isoformat(),
                    e.latest.isoformat(),
                    e.wording,
                    e.number,
                    e.organisation or organisation,
                    json.dumps(dict(e.grades)),
                    e.framework,
                    e.start,
                    e.end,
                    e.quote,
                    e.focus,
                )
                for e in events
            ],
        )
        self.db.executemany(
            "INSERT INTO facts VALUES (?,?,?,?,?,?)",
            [(doc_id, f.field, f.value, f.start, f.end, f.quote) for f in facts],
        )

    def commit(self) -> Path:
        """Write everything, fsync it, and make it the live generation in one rename."""
        rows = self.db.execute("SELECT id, embed_text FROM passages ORDER BY id").fetchall()
        if rows:
            bm25.write(self.tmp, [r["embed_text"] for r in rows], [r["id"] for r in rows])
        documents = self.db.execute("SELECT count(*) FROM documents").fetchone()[0]
        self.db.commit()
        self.db.close()
        # Exact while small, IVF once large: decided afresh at every commit.
        self.vectors = vector_index.fit(self.vectors, self.ann_threshold)
        vector_index.write(self.vectors, self.tmp / "vectors.faiss")
        manifest = {
            "schema_version": SCHEMA_VERSION,
            "model": self.model,
            "dimension": self.dimension,
            "encoders": sorted(self.encoders) if len(rows) else [],
            "vector_index": vector_index.describe(self.vectors),
            "bm25_tokenizer": bm25.TOKENIZER,
            "documents": documents,
            "passages": len(rows),
            "built_at": dt.datetime.now().isoformat(timespec="seconds"),
        }
        (self.tmp / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
        final = generations.publish(self.index_dir, self.tmp)
        self.tmp = None
        return final
