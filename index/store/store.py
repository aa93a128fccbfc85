"""SQLite, FAISS and BM25 of one generation: the only module that speaks SQL to the index.

``Store`` reads the live generation (folder layout and swap: index/generations.py) and
hands out typed values, never rows: ``DocumentInfo``, ``DocumentProfile``, ``PassageRecord``,
``Block`` and ``StoredEvent`` (an event with the document it comes from). ``Writer`` changes
a copy and publishes it whole. ``storage_errors`` turns what SQLite, FAISS and the OS raise
into the engine's errors, from a table.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Callable, Iterator, NamedTuple

import numpy as np

from index.store import generations
from index.store import vectors as vector_index
from index.build.chunk import describe_location
from index.errors import IndexCorrupt, IndexMismatch, IndexNotFound, IndexWriteFailed, InspectionBotError
from index.extract.events import Event
from index.extract.facts import Fact
from index.store.generations import live_generation
from index.ingest.read import Block
from index.store.records import DocumentInfo, DocumentProfile, PassageRecord, StoredEvent

__all__ = ["Block", "DocumentInfo", "DocumentProfile", "PassageRecord", "Store", "StoredEvent", "Writer",
           "live_generation", "storage_errors"]

SCHEMA_VERSION = 4  # 2: events, organisations; 3: sentences and their vectors; 4: report facts, extractor version

_SCHEMA = Path(__file__).with_name("schema.sql").read_text()  # documents, blocks, passages, sentences, events, facts


def _parse_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


#: What the OS and SQLite say when a write does not fit or is not allowed.
_WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EIO}
_WRITE_SQLITE = ("SQLITE_FULL", "SQLITE_IOERR", "SQLITE_READONLY", "SQLITE_CANTOPEN")
# FAISS reports a failed write as a RuntimeError ending "write error in FILE: n != m (No space left on device)".
_FAISS_WRITE = re.compile(r"write error in .*\((.+)\)\s*$")


def _sqlite_read_or_damage(exc: Exception) -> bool:
    # Not IntegrityError or ProgrammingError: those are bugs in our SQL, and should show as such.
    return isinstance(exc, (sqlite3.OperationalError, sqlite3.DataError)) or type(exc) is sqlite3.DatabaseError


class _Mapping(NamedTuple):
    raised: type[Exception]
    writing_only: bool  # a failed read of this kind is not the disk's fault: let it through
    when: Callable[[Exception], bool]
    becomes: Callable[[str, Exception], InspectionBotError]  # (index folder, what was raised) → the engine's error


#: What SQLite, FAISS and the OS raise past Store.open, and the engine's error for each;
#: the first row that matches wins, anything else goes through unchanged (httpx's map_exceptions).
STORAGE_ERRORS = (
    _Mapping(OSError, True, lambda e: e.errno in _WRITE_ERRNOS, lambda d, e: IndexWriteFailed(d, e.strerror or str(e))),
    _Mapping(sqlite3.Error, True, lambda e: _sqlite_read_or_damage(e) and (
        getattr(e, "sqlite_errorname", None) or "").startswith(_WRITE_SQLITE), lambda d, e: IndexWriteFailed(d, str(e))),
    # Store.open checks structure; damaged content ("Could not decode to UTF-8") shows only when read.
    _Mapping(sqlite3.Error, False, _sqlite_read_or_damage, lambda d, e: IndexCorrupt(d, f"index.sqlite: {e}")),
    _Mapping(RuntimeError, True, lambda e: bool(_FAISS_WRITE.search(str(e))),
             lambda d, e: IndexWriteFailed(d, _FAISS_WRITE.search(str(e))[1])),
)


@contextlib.contextmanager
def storage_errors(index_dir: Path, *, writing: bool = False) -> Iterator[None]:
    """Raise the engine's errors (IndexCorrupt, IndexWriteFailed), never raw SQLite, FAISS or OS ones."""
    try:
        yield
    except Exception as exc:
        for mapping in STORAGE_ERRORS:
            if isinstance(exc, mapping.raised) and (writing or not mapping.writing_only) and mapping.when(exc):
                raise mapping.becomes(str(index_dir), exc) from exc
        raise


class Store:
    """A read-only view of one complete generation, loaded into memory once."""

    def __init__(self, index_dir: Path, generation: Path, manifest: dict, db: sqlite3.Connection,
                 vectors, bm25, bm25_ids: np.ndarray | None) -> None:
        self.index_dir = index_dir
        self.generation, self.manifest = generation, manifest
        self.db = db
        self.vectors = vectors
        self.bm25, self.bm25_ids = bm25, bm25_ids

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

    def close(self) -> None: self.db.close()  # noqa: E704

    def documents(self) -> list[DocumentInfo]:
        return [_document_info(row) for row in self.db.execute(
            "SELECT d.*, (SELECT count(*) FROM passages p WHERE p.doc_id = d.id) AS n FROM documents d "
            "ORDER BY d.date DESC, d.source")]

    def profiles(self) -> list[DocumentProfile]:
        return [DocumentProfile(*row) for row in self.db.execute(
            "SELECT id, title, source, substr(text, 1, 3000) FROM documents")]

    def document_text(self, doc_id: int) -> str:
        return self.db.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]

    def passage_ids(self, doc_ids) -> list[int]:
        marks = ",".join("?" * len(doc_ids))
        return [r[0] for r in self.db.execute(f"SELECT id FROM passages WHERE doc_id IN ({marks})", [*map(int, doc_ids)])]

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

    def facts(self) -> dict[int, tuple[Fact, ...]]:
        """Each document's report facts (index/facts.py) in the order read, by document id."""
        out: dict[int, list[Fact]] = {}
        for row in self.db.execute("SELECT doc_id, field, value, start, end, quote FROM facts ORDER BY doc_id, rowid"):
            out.setdefault(row["doc_id"], []).append(Fact(*tuple(row)[1:]))
        return {doc_id: tuple(found) for doc_id, found in out.items()}

    def block_at(self, doc_id: int, offset: int) -> Block | None:
        """The block (paragraph, item or heading) holding a character offset."""
        row = self.db.execute("SELECT kind, start, end, para, section, page FROM blocks "
                              "WHERE doc_id = ? AND start <= ? ORDER BY start DESC LIMIT 1", (doc_id, offset)).fetchone()
        return Block(*row) if row else None

    def location_at(self, doc_id: int, offset: int) -> str:
        """Where a character offset lies, as a citation says it: "para 1.6", "page 7, para 12"."""
        block = self.block_at(doc_id, offset)
        return describe_location(block.para, block.section, block.page) if block else "opening text"

    def events(self) -> list[StoredEvent]:
        """Every event the documents state, each with its document and location, by date."""
        rows = self.db.execute(
            "SELECT e.*, d.source, d.title, d.date AS doc_date FROM events e JOIN documents d ON d.id = e.doc_id "
            "ORDER BY e.earliest, e.latest").fetchall()
        return [StoredEvent(
            Event(kind=row["kind"], status=row["status"], earliest=dt.date.fromisoformat(row["earliest"]),
                  latest=dt.date.fromisoformat(row["latest"]), wording=row["wording"], number=row["number"],
                  organisation=row["organisation"], grades=tuple(json.loads(row["grades"]).items()),
                  framework=row["framework"], start=row["start"], end=row["end"], quote=row["quote"]),
            doc_id=row["doc_id"], source=row["source"], title=row["title"], doc_date=_parse_date(row["doc_date"]),
            location=self.location_at(row["doc_id"], row["start"])) for row in rows]


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
                 encoder: str | set[str] | None = None, ann_threshold: int | None = None) -> None:
        self.index_dir = Path(index_dir)
        self.model, self.dimension = model, dimension
        self.rebuild = rebuild
        # the variants that embed this run's texts, for the manifest: a set is read as each document is added
        self.run_encoders = {encoder} if isinstance(encoder, str) else encoder if encoder is not None else set()
        self.ann_threshold = ann_threshold or vector_index.ANN_THRESHOLD
        self.encoders: set[str] = set()
        self._lock_handle = None
        self.tmp: Path | None = None

    def __enter__(self) -> "Writer":
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

    # --- changes ------------------------------------------------------------------

    def documents_by_path(self) -> dict[str, tuple[int, str, str]]:
        """path → (id, content hash, source: the path relative to the folder it was indexed from)."""
        return {row["path"]: (row["id"], row["content_hash"], row["source"])
                for row in self.db.execute("SELECT id, path, content_hash, source FROM documents")}

    def move_document(self, doc_id: int, path: str, root: str) -> None:
        """Point a document at where its file is now (its folder moved): passages and vectors stay."""
        self.db.execute("UPDATE documents SET path = ?, root = ? WHERE id = ?", (path, root, doc_id))

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
        return tuple(self.db.execute("SELECT extractor, title, text FROM documents WHERE id = ?", (doc_id,)).fetchone())

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
            self.encoders.update(self.run_encoders)
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
        final = generations.publish(self.index_dir, self.tmp)
        self.tmp = None
        return final
