"""FAISS + SQLite on disk, the manifest, and the atomic swap.

An index folder holds generations; ``CURRENT`` names the live one::

    INDEX_DIR/
      CURRENT                 name of the live generation (replaced by rename)
      LOCK                    held by the one process writing
      gen-<ms>-<pid>/
        manifest.json         schema version, model, dimension, counts
        index.sqlite          documents, blocks, passages
        vectors.faiss         passage id → unit vector: exact IndexIDMap2(IndexFlatIP), or
                              IndexIVFFlat once large (index/vectors.py)
        bm25/, bm25_ids.npy   bm25s index (JSON + .npy, no pickle) and its row → passage id

A writer copies the live generation into a fresh folder, changes the copy, writes and
fsyncs every file, and only then points ``CURRENT`` at it with an atomic rename. A
crash or kill at any moment leaves ``CURRENT`` naming a complete generation; leftovers
are swept by the next writer. Readers never take the lock.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import shutil
import sqlite3
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import vectors as vector_index
from .facts import Fact
from .errors import IndexBusy, IndexCorrupt, IndexMismatch, IndexNotFound

SCHEMA_VERSION = 4  # 2: inspection events and organisations; 3: sentences and their vectors, fixed long paragraphs;
#                    4: report facts, and the extractor version each document was read with
KEEP_GENERATIONS = 2  # the live one and the one before, for readers still holding it

_SCHEMA = """
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,      -- absolute path when indexed: the document's identity
    root TEXT NOT NULL,             -- the folder it was found under
    source TEXT NOT NULL,           -- path relative to that folder, shown in citations
    format TEXT NOT NULL,
    title TEXT NOT NULL,
    date TEXT,                      -- YYYY-MM-DD publication date
    date_source TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    pages INTEGER,
    text TEXT NOT NULL,
    organisation TEXT,              -- the council or trust the document is about
    indexed_at TEXT NOT NULL,
    extractor TEXT NOT NULL DEFAULT ''  -- version of the code that read its events, facts, date (build.py)
);
CREATE INDEX documents_hash ON documents(content_hash);
CREATE TABLE blocks (
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    kind TEXT NOT NULL,
    para TEXT,
    section TEXT,
    page INTEGER
);
CREATE INDEX blocks_doc ON blocks(doc_id, start);
CREATE TABLE passages (
    id INTEGER PRIMARY KEY,         -- also the FAISS id
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    embed_text TEXT NOT NULL,
    location TEXT NOT NULL,
    section TEXT,
    page INTEGER
);
CREATE TABLE sentences (            -- what an answer may quote (index/sentences.py)
    passage_id INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,         -- offsets into the document text
    end INTEGER NOT NULL,
    vector BLOB NOT NULL            -- the sentence's unit vector, float16
);
CREATE INDEX sentences_passage ON sentences(passage_id);
CREATE INDEX passages_doc ON passages(doc_id);
CREATE TABLE events (               -- dated inspection events the document states
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,             -- inspection, monitoring_visit, focused_visit, ...
    status TEXT NOT NULL,           -- completed or expected, as of the document's date
    earliest TEXT NOT NULL,
    latest TEXT NOT NULL,
    wording TEXT NOT NULL,
    number INTEGER,
    organisation TEXT,
    grades TEXT NOT NULL,           -- JSON object: judgement -> grade
    framework TEXT,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    quote TEXT NOT NULL
);
CREATE INDEX events_doc ON events(doc_id);
CREATE TABLE facts (                -- what a report states about its own inspection (index/facts.py)
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    field TEXT NOT NULL,            -- inspection_dates, framework, judgement:<key>, lead_inspector, ...
    value TEXT NOT NULL,
    start INTEGER NOT NULL,         -- quote == document text[start:end]
    end INTEGER NOT NULL,
    quote TEXT NOT NULL
);
CREATE INDEX facts_doc ON facts(doc_id);
"""


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    source: str
    path: str
    title: str
    date: dt.date | None
    date_source: str
    format: str
    passages: int
    content_hash: str
    organisation: str | None = None


@dataclass(frozen=True)
class PassageRecord:
    id: int
    doc_id: int
    start: int
    end: int
    text: str
    location: str
    section: str | None
    page: int | None


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


def _parse_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def live_generation(index_dir: Path) -> Path | None:
    pointer = index_dir / "CURRENT"
    try:
        name = pointer.read_text().strip()
    except FileNotFoundError:
        return None
    return index_dir / name if name else None


class Store:
    """A read-only view of one complete generation, loaded into memory once."""

    def __init__(self, index_dir: Path, generation: Path, manifest: dict, db: sqlite3.Connection,
                 vectors, bm25, bm25_ids: np.ndarray | None) -> None:
        self.index_dir = index_dir
        self.generation = generation
        self.manifest = manifest
        self.db = db
        self.vectors = vectors
        self.bm25 = bm25
        self.bm25_ids = bm25_ids

    @classmethod
    def open(cls, index_dir: Path, model: str | None = None) -> "Store":
        """Open the live generation; refuse one built by another model or schema.

        The encoder variant (torch, torch-bf16, onnx, ...) is recorded but not checked:
        every variant runs the same weights, and a query encoded by one ranks an index
        built by another near-identically (docs/benchmarks.md has the measured overlap).
        """
        index_dir = Path(index_dir)
        generation = live_generation(index_dir)
        if generation is None:
            raise IndexNotFound(str(index_dir))
        try:
            manifest = json.loads((generation / "manifest.json").read_text())
        except FileNotFoundError:
            raise IndexCorrupt(str(index_dir), f"{generation.name}/manifest.json is missing") from None
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise IndexCorrupt(str(index_dir), "manifest.json is not valid JSON") from None
        if manifest.get("schema_version") != SCHEMA_VERSION:
            raise IndexMismatch(str(index_dir), f"with index schema version {manifest.get('schema_version')}, "
                                                f"and this version of the bot reads version {SCHEMA_VERSION}")
        if model is not None and manifest.get("model") != model:
            raise IndexMismatch(str(index_dir), f"with the model {manifest.get('model')!r}, "
                                                f"but the model setting is {model!r}")
        try:
            db = sqlite3.connect(f"file:{generation / 'index.sqlite'}?mode=ro", uri=True, check_same_thread=False)
            db.row_factory = sqlite3.Row
            count = db.execute("SELECT count(*) FROM passages").fetchone()[0]
            # quick_check reports damage as rows of text rather than raising: "ok" or a problem.
            verdict = db.execute("PRAGMA quick_check").fetchone()[0]
            if verdict != "ok":
                raise sqlite3.DatabaseError(f"integrity check failed: {verdict}")
        except sqlite3.Error as exc:
            raise IndexCorrupt(str(index_dir), f"index.sqlite: {exc}") from None
        try:
            vectors = vector_index.read(generation / "vectors.faiss")
        except RuntimeError as exc:
            raise IndexCorrupt(str(index_dir), f"vectors.faiss cannot be read ({str(exc).splitlines()[0]})") from None
        if vectors.ntotal != count or vectors.d != manifest.get("dimension"):
            raise IndexCorrupt(str(index_dir), f"vectors.faiss holds {vectors.ntotal} vectors of dimension "
                                               f"{vectors.d} for {count} passages")
        bm25, bm25_ids = None, None
        if count:
            import bm25s

            try:
                bm25 = bm25s.BM25.load(str(generation / "bm25"), mmap=False, allow_pickle=False,
                                       show_progress=False)
                bm25_ids = np.load(generation / "bm25_ids.npy", allow_pickle=False)
            except (OSError, ValueError, KeyError) as exc:
                raise IndexCorrupt(str(index_dir), f"BM25 index cannot be read ({exc})") from None
        return cls(index_dir, generation, manifest, db, vectors, bm25, bm25_ids)

    def close(self) -> None:
        self.db.close()

    def documents(self) -> list[DocumentInfo]:
        rows = self.db.execute(
            "SELECT d.*, (SELECT count(*) FROM passages p WHERE p.doc_id = d.id) AS n "
            "FROM documents d ORDER BY d.date DESC, d.source").fetchall()
        return [_document_info(row) for row in rows]

    def document(self, doc_id: int) -> DocumentInfo:
        row = self.db.execute(
            "SELECT d.*, (SELECT count(*) FROM passages p WHERE p.doc_id = d.id) AS n "
            "FROM documents d WHERE d.id = ?", (doc_id,)).fetchone()
        return _document_info(row)

    def document_text(self, doc_id: int) -> str:
        return self.db.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]

    def passages(self, ids: list[int]) -> dict[int, PassageRecord]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(f"SELECT id, doc_id, start, end, text, location, section, page FROM passages "
                               f"WHERE id IN ({marks})", [int(i) for i in ids]).fetchall()
        return {row["id"]: PassageRecord(*row) for row in rows}

    def sentences(self, passage_ids: list[int]) -> dict[int, list[tuple[int, int, np.ndarray]]]:
        """Each passage's quotable sentences: (start, end, unit vector as float32), in order."""
        out: dict[int, list[tuple[int, int, np.ndarray]]] = {int(i): [] for i in passage_ids}
        if not passage_ids:
            return out
        marks = ",".join("?" * len(passage_ids))
        for row in self.db.execute(f"SELECT passage_id, start, end, vector FROM sentences WHERE passage_id IN ({marks}) "
                                   f"ORDER BY passage_id, start", [int(i) for i in passage_ids]):
            vector = np.frombuffer(row["vector"], dtype=np.float16).astype(np.float32)
            out[row["passage_id"]].append((row["start"], row["end"], vector))
        return out

    def facts(self, doc_ids: list[int] | None = None) -> dict[int, tuple[Fact, ...]]:
        """Each document's report facts (index/facts.py) in the order read, by document id; all if None."""
        query = "SELECT doc_id, field, value, start, end, quote FROM facts"
        params: list[int] = []
        if doc_ids is not None:
            if not doc_ids:
                return {}
            query += f" WHERE doc_id IN ({','.join('?' * len(doc_ids))})"
            params = [int(i) for i in doc_ids]
        out: dict[int, list[Fact]] = {}
        for row in self.db.execute(query + " ORDER BY doc_id, rowid", params):
            out.setdefault(row["doc_id"], []).append(Fact(row["field"], row["value"], row["start"], row["end"],
                                                          row["quote"]))
        return {doc_id: tuple(found) for doc_id, found in out.items()}

    def block_at(self, doc_id: int, offset: int) -> sqlite3.Row | None:
        """The block (paragraph, item or heading) holding a character offset."""
        return self.db.execute("SELECT * FROM blocks WHERE doc_id = ? AND start <= ? ORDER BY start DESC LIMIT 1",
                               (doc_id, offset)).fetchone()


def _document_info(row: sqlite3.Row) -> DocumentInfo:
    return DocumentInfo(id=row["id"], source=row["source"], path=row["path"], title=row["title"],
                        date=_parse_date(row["date"]), date_source=row["date_source"], format=row["format"],
                        passages=row["n"], content_hash=row["content_hash"], organisation=row["organisation"])


class Writer:
    """Changes to the index, made on a copy and swapped in whole by ``commit``.

    Use as a context manager: leaving it without ``commit`` (an error, a kill) leaves the
    live generation untouched.
    """

    def __init__(self, index_dir: Path, model: str, dimension: int, *, rebuild: bool = False,
                 encoder: str | None = None, ann_threshold: int | None = None) -> None:
        self.index_dir = Path(index_dir)
        self.model = model
        self.dimension = dimension
        self.rebuild = rebuild
        self.encoder = encoder  # the variant that embeds this run's passages, recorded in the manifest
        self.ann_threshold = ann_threshold or vector_index.ANN_THRESHOLD
        self.encoders: set[str] = set()
        self._lock_handle = None
        self.tmp: Path | None = None

    def __enter__(self) -> "Writer":
        self.index_dir.mkdir(parents=True, exist_ok=True)
        self._lock_handle = open(self.index_dir / "LOCK", "a+")
        try:
            fcntl.flock(self._lock_handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock_handle.close()
            raise IndexBusy(str(self.index_dir)) from None
        try:
            self._open_copy()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _open_copy(self) -> None:
        self._sweep()
        self.tmp = self.index_dir / f"tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.tmp.mkdir()
        live = None if self.rebuild else live_generation(self.index_dir)
        self.is_new = live is None  # no generation yet: even an empty one gets written
        self.db = sqlite3.connect(self.tmp / "index.sqlite")
        self.db.row_factory = sqlite3.Row
        if live is not None:
            # Open (and so validate) the live generation before copying it.
            current = Store.open(self.index_dir, self.model)
            current.db.backup(self.db)
            self.vectors = current.vectors
            self.encoders = set(current.manifest.get("encoders", []))
            current.close()
        else:
            self.db.executescript(_SCHEMA)
            self.vectors = vector_index.empty(self.dimension)
        self.db.execute("PRAGMA foreign_keys = ON")

    def __exit__(self, *exc_info) -> None:
        if self.tmp is not None and self.tmp.exists():
            if getattr(self, "db", None) is not None:
                self.db.close()
            shutil.rmtree(self.tmp, ignore_errors=True)
        if self._lock_handle is not None:
            self._lock_handle.close()  # releases the flock

    def _sweep(self) -> None:
        """Remove what crashed writers left behind, and generations no reader needs."""
        live = live_generation(self.index_dir)
        for item in self.index_dir.iterdir():
            if item.name.startswith("tmp-") and item.is_dir():
                shutil.rmtree(item, ignore_errors=True)
        generations = sorted(p for p in self.index_dir.glob("gen-*") if p.is_dir())
        keep = {live} | set(generations[-KEEP_GENERATIONS:])
        for item in generations:
            if item not in keep:
                shutil.rmtree(item, ignore_errors=True)

    # --- changes ------------------------------------------------------------------

    def documents_by_path(self) -> dict[str, tuple[int, str]]:
        return {row["path"]: (row["id"], row["content_hash"])
                for row in self.db.execute("SELECT id, path, content_hash FROM documents")}

    def counts(self) -> tuple[int, int]:
        """(documents, passages) in the index as it now stands."""
        return (self.db.execute("SELECT count(*) FROM documents").fetchone()[0],
                self.db.execute("SELECT count(*) FROM passages").fetchone()[0])

    def document_with_hash(self, content_hash: str, excluding: int | None = None) -> str | None:
        row = self.db.execute("SELECT source FROM documents WHERE content_hash = ? AND id IS NOT ?",
                              (content_hash, excluding)).fetchone()
        return row["source"] if row else None

    def delete_document(self, doc_id: int) -> None:
        ids = np.array([r[0] for r in self.db.execute("SELECT id FROM passages WHERE doc_id = ?", (doc_id,))],
                       dtype=np.int64)
        vector_index.remove(self.vectors, ids)
        self.db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    def extraction_of(self, doc_id: int) -> tuple[str, str, str]:
        """(extractor version, title, text) of an indexed document: whether its reading is current."""
        row = self.db.execute("SELECT extractor, title, text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row["extractor"], row["title"], row["text"]

    def extractors(self) -> dict[int, str]:
        """The extractor version each document was read with, by id."""
        return {row[0]: row[1] for row in self.db.execute("SELECT id, extractor FROM documents")}

    def add_document(self, document, root: str, passages, vectors: np.ndarray, *, organisation: str | None = None,
                     events=(), sentences=None, facts=(), extractor: str = "") -> int:
        """Add a document, its passages with their vectors, and each passage's quotable sentences.

        ``sentences`` has one list per passage of (start, end, unit vector); ``facts`` are
        index.facts.Fact; ``extractor`` is the version of the code that read events and facts.
        """
        cursor = self.db.execute(
            "INSERT INTO documents (path, root, source, format, title, date, date_source, content_hash, pages, "
            "text, organisation, indexed_at, extractor) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (document.path, root, document.source, document.format, document.title,
             document.date.isoformat() if document.date else None, document.date_source,
             document.content_hash, document.pages, document.text, organisation,
             dt.datetime.now().isoformat(timespec="seconds"), extractor))
        doc_id = cursor.lastrowid
        self._add_extraction(doc_id, organisation, events, facts)
        self.db.executemany("INSERT INTO blocks VALUES (?,?,?,?,?,?,?)",
                            [(doc_id, b.start, b.end, b.kind, b.para, b.section, b.page) for b in document.blocks])
        ids = []
        for passage in passages:
            cursor = self.db.execute(
                "INSERT INTO passages (doc_id, ordinal, start, end, text, embed_text, location, section, page) "
                "VALUES (?,?,?,?,?,?,?,?,?)",
                (doc_id, passage.ordinal, passage.start, passage.end, passage.text,
                 passage.embedding_text(document.title), passage.location, passage.section, passage.page))
            ids.append(cursor.lastrowid)
        if sentences is not None:
            self.db.executemany("INSERT INTO sentences VALUES (?,?,?,?)",
                                [(passage_id, start, end, np.asarray(vector, dtype=np.float16).tobytes())
                                 for passage_id, found in zip(ids, sentences) for start, end, vector in found])
        if ids:
            vector_index.add(self.vectors, vectors, np.array(ids, dtype=np.int64))
            if self.encoder:
                self.encoders.add(self.encoder)
        return doc_id

    def replace_extraction(self, doc_id: int, document, *, organisation: str | None, events, facts,
                           extractor: str) -> None:
        """Store a fresh reading of an indexed document (same text): its date, organisation, events
        and facts. Its passages and their vectors stay as they are."""
        self.db.execute("UPDATE documents SET date = ?, date_source = ?, organisation = ?, extractor = ? WHERE id = ?",
                        (document.date.isoformat() if document.date else None, document.date_source, organisation,
                         extractor, doc_id))
        self.db.execute("DELETE FROM events WHERE doc_id = ?", (doc_id,))
        self.db.execute("DELETE FROM facts WHERE doc_id = ?", (doc_id,))
        self._add_extraction(doc_id, organisation, events, facts)

    def _add_extraction(self, doc_id: int, organisation: str | None, events, facts) -> None:
        self.db.executemany(
            "INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(doc_id, e.kind, e.status, e.earliest.isoformat(), e.latest.isoformat(), e.wording, e.number,
              e.organisation or organisation, json.dumps(dict(e.grades)), e.framework, e.start, e.end, e.quote)
             for e in events])
        self.db.executemany("INSERT INTO facts VALUES (?,?,?,?,?,?)",
                            [(doc_id, f.field, f.value, f.start, f.end, f.quote) for f in facts])

    def commit(self) -> Path:
        """Write everything, fsync it, and make it the live generation in one rename."""
        import bm25s

        rows = self.db.execute("SELECT id, embed_text FROM passages ORDER BY id").fetchall()
        if rows:
            tokens = bm25s.tokenize([r["embed_text"] for r in rows], stopwords="en", show_progress=False)
            bm25 = bm25s.BM25()
            bm25.index(tokens, show_progress=False)
            bm25.save(str(self.tmp / "bm25"), allow_pickle=False, show_progress=False)
            np.save(self.tmp / "bm25_ids.npy", np.array([r["id"] for r in rows], dtype=np.int64),
                    allow_pickle=False)
        documents = self.db.execute("SELECT count(*) FROM documents").fetchone()[0]
        self.db.commit()
        self.db.close()
        # Exact while small, IVF once large: decided afresh at every commit.
        self.vectors = vector_index.fit(self.vectors, self.ann_threshold)
        vector_index.write(self.vectors, self.tmp / "vectors.faiss")
        manifest = {"schema_version": SCHEMA_VERSION, "model": self.model, "dimension": self.dimension,
                    "encoders": sorted(self.encoders) if len(rows) else [],
                    "vector_index": vector_index.describe(self.vectors),
                    "documents": documents, "passages": len(rows),
                    "built_at": dt.datetime.now().isoformat(timespec="seconds")}
        (self.tmp / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
        _fsync_tree(self.tmp)
        final = self.index_dir / f"gen-{int(time.time() * 1000):015d}-{os.getpid()}"
        os.rename(self.tmp, final)
        self.tmp = None
        pointer = self.index_dir / "CURRENT.tmp"
        with open(pointer, "w") as handle:
            handle.write(final.name + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(pointer, self.index_dir / "CURRENT")  # the one moment the live index changes
        _fsync_dir(self.index_dir)
        self._sweep()
        return final
