"""SQLite, FAISS and BM25 of one generation: the only module that speaks SQL to the index.

``Store`` reads the live generation (folder layout and swap: index/store/generations.py) and
hands out typed values, never rows: ``DocumentInfo``, ``DocumentProfile``, ``Passage``,
``Block`` and ``StoredEvent`` (an event with the document it comes from). ``Writer``
(index/store/writer.py) changes a copy and publishes it whole. ``storage_errors`` turns what
SQLite, FAISS and the OS raise into the engine's errors, from a table.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import re
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import numpy as np

from index.errors import (
    IndexCorrupt,
    IndexMismatch,
    IndexNotFound,
    IndexWriteFailed,
    InspectionBotError,
)
from index.extract.events import Event
from index.extract.facts import Fact
from index.ingest.read import Block, describe_location
from index.store import bm25
from index.store import vectors as vector_index
from index.store.generations import live_generation
from index.store.records import DocumentInfo, DocumentProfile, Passage, StoredEvent

__all__ = [
    "Block",
    "DocumentInfo",
    "DocumentProfile",
    "Passage",
    "Store",
    "StoredEvent",
    "live_generation",
    "storage_errors",
]

# 2: events, organisations; 3: sentences and their vectors; 4: report facts, extractor version;
# 5: an event's focus
SCHEMA_VERSION = 5
# documents, blocks, passages, sentences, events, facts
SCHEMA = Path(__file__).with_name("schema.sql").read_text()

# Older schemas the writer brings up to date in its copy of the live generation, nothing
# embedded again: the code that needs a new column also changes the extractor version, so
# every document's events are read again into it (see ``upgrade``).
UPGRADABLE = (4,)
_EVENT_FOCUS = "ALTER TABLE events ADD COLUMN focus TEXT"  # 4 → 5


def create(db: sqlite3.Connection) -> None:
    """Make the tables of a new, empty index."""
    db.executescript(SCHEMA)


def upgrade(db: sqlite3.Connection, version: int) -> None:
    """Bring the tables of an index built with schema ``version`` (one of UPGRADABLE) up to
    SCHEMA_VERSION, one step a version."""
    if version not in UPGRADABLE:
        raise ValueError(f"schema version {version} cannot be upgraded in place")
    if version <= 4:
        db.execute(_EVENT_FOCUS)


def _parse_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


#: What the OS and SQLite say when a write does not fit or is not allowed.
_WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EIO}
_WRITE_SQLITE = ("SQLITE_FULL", "SQLITE_IOERR", "SQLITE_READONLY", "SQLITE_CANTOPEN")
# FAISS reports a failed write as a RuntimeError ending "write error in FILE: n != m (No space left on device)".
_FAISS_WRITE = re.compile(r"write error in .*\((.+)\)\s*$")


def _sqlite_read_or_damage(exc: Exception) -> bool:
    # Not IntegrityError or ProgrammingError: those are bugs in our SQL, and should show as such.
    return (
        isinstance(exc, (sqlite3.OperationalError, sqlite3.DataError))
        or type(exc) is sqlite3.DatabaseError
    )


class _Mapping(NamedTuple):
    raised: type[Exception]
    writing_only: bool  # a failed read of this kind is not the disk's fault: let it through
    when: Callable[[Exception], bool]
    # (index folder, what was raised) → the engine's error
    becomes: Callable[[str, Exception], InspectionBotError]


#: What SQLite, FAISS and the OS raise past Store.open, and the engine's error for each;
#: the first row that matches wins, anything else goes through unchanged (httpx's map_exceptions).
STORAGE_ERRORS = (
    _Mapping(
        OSError,
        True,
        lambda e: e.errno in _WRITE_ERRNOS,
        lambda d, e: IndexWriteFailed(d, e.strerror or str(e)),
    ),
    _Mapping(
        sqlite3.Error,
        True,
        lambda e: (
            _sqlite_read_or_damage(e)
            and (getattr(e, "sqlite_errorname", None) or "").startswith(_WRITE_SQLITE)
        ),
        lambda d, e: IndexWriteFailed(d, str(e)),
    ),
    # Store.open checks structure; damaged content ("Could not decode to UTF-8") shows only when read.
    _Mapping(
        sqlite3.Error,
        False,
        _sqlite_read_or_damage,
        lambda d, e: IndexCorrupt(d, f"index.sqlite: {e}"),
    ),
    _Mapping(
        RuntimeError,
        True,
        lambda e: bool(_FAISS_WRITE.search(str(e))),
        lambda d, e: IndexWriteFailed(d, _FAISS_WRITE.search(str(e))[1]),
    ),
)


@contextlib.contextmanager
def storage_errors(index_dir: Path, *, writing: bool = False) -> Iterator[None]:
    """Raise the engine's errors (IndexCorrupt, IndexWriteFailed), never raw SQLite, FAISS or OS ones."""
    try:
        yield
    except Exception as exc:
        for mapping in STORAGE_ERRORS:
            if (
                isinstance(exc, mapping.raised)
                and (writing or not mapping.writing_only)
                and mapping.when(exc)
            ):
                raise mapping.becomes(str(index_dir), exc) from exc
        raise


class Store:
    """A read-only view of one complete generation, loaded into memory once."""

    def __init__(
        self,
        index_dir: Path,
        generation: Path,
        manifest: dict,
        db: sqlite3.Connection,
        vectors,
        bm25,
        bm25_ids: np.ndarray | None,
    ) -> None:
        self.index_dir = index_dir
        self.generation, self.manifest = generation, manifest
        self.db = db
        self.vectors = vectors
        self.bm25, self.bm25_ids = bm25, bm25_ids
        self._vocabulary: frozenset[str] | None = None

    @classmethod
    def open(cls, index_dir: Path, model: str | None = None, *, upgradable: bool = False) -> Store:
        """Open the live generation; refuse one built by another model or schema.

        ``upgradable``: also open one of an older schema that ``upgrade_script`` can bring up
        to date (for the writer, which upgrades its copy; never for answering).

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
            raise IndexCorrupt(
                str(index_dir), f"{generation.name}/manifest.json is missing"
            ) from None
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise IndexCorrupt(str(index_dir), "manifest.json is not valid JSON") from None
        version = manifest.get("schema_version")
        if version != SCHEMA_VERSION and not (upgradable and version in UPGRADABLE):
            raise IndexMismatch(
                str(index_dir),
                f"with index schema version {manifest.get('schema_version')}, "
                f"and this version of the bot reads version {SCHEMA_VERSION}",
                upgradable=version in UPGRADABLE,
            )
        if model is not None and manifest.get("model") != model:
            raise IndexMismatch(
                str(index_dir),
                f"with the model {manifest.get('model')!r}, but the model setting is {model!r}",
            )
        try:
            db = sqlite3.connect(
                f"file:{generation / 'index.sqlite'}?mode=ro", uri=True, check_same_thread=False
            )
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
            raise IndexCorrupt(
                str(index_dir), f"vectors.faiss cannot be read ({str(exc).splitlines()[0]})"
            ) from None
        if vectors.ntotal != count or vectors.d != manifest.get("dimension"):
            raise IndexCorrupt(
                str(index_dir),
                f"vectors.faiss holds {vectors.ntotal} vectors of dimension "
                f"{vectors.d} for {count} passages",
            )
        lexical, lexical_ids = None, None
        if count:
            try:
                lexical, lexical_ids = bm25.load(generation)
            except (OSError, ValueError, KeyError) as exc:
                raise IndexCorrupt(str(index_dir), f"BM25 index cannot be read ({exc})") from None
        return cls(index_dir, generation, manifest, db, vectors, lexical, lexical_ids)

    def lexical(self, question: str, n: int, within: np.ndarray | None = None) -> dict[int, float]:
        """BM25 scores of the best ``n`` passages for ``question`` (passage id → score, only those
        above 0); ``within``: only these passage ids may score."""
        if self.bm25 is None:
            return {}
        return bm25.scores(self.bm25, self.bm25_ids, question, n, within)

    def vocabulary(self) -> frozenset[str]:
        """Every term of the passages as BM25 reads them (lower case): what the documents spell."""
        if self.bm25 is None:
            return frozenset()
        if self._vocabulary is None:
            self._vocabulary = frozenset(self.bm25.vocab_dict)
        return self._vocabulary

    def close(self) -> None:
        self.db.close()

    def documents(self) -> list[DocumentInfo]:
        return [
            _document_info(row)
            for row in self.db.execute(
                "SELECT d.*, (SELECT count(*) FROM passages p WHERE p.doc_id = d.id) AS n FROM documents d "
                "ORDER BY d.date DESC, d.source"
            )
        ]

    def profiles(self) -> list[DocumentProfile]:
        rows = self.db.execute(
            "SELECT id, title, source, substr(text, 1, 3000) AS opening FROM documents"
        )
        return [
            DocumentProfile(
                id=row["id"], title=row["title"], source=row["source"], opening=row["opening"]
            )
            for row in rows
        ]

    def document_text(self, doc_id: int) -> str:
        return self.db.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]

    def passage_ids(self, doc_ids) -> list[int]:
        marks = ",".join("?" * len(doc_ids))
        return [
            r[0]
            for r in self.db.execute(
                f"SELECT id FROM passages WHERE doc_id IN ({marks})", [*map(int, doc_ids)]
            )
        ]

    def passages(self, ids: list[int]) -> dict[int, Passage]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            f"SELECT id, doc_id, start, end, text, location, section, page FROM passages "
            f"WHERE id IN ({marks})",
            [int(i) for i in ids],
        ).fetchall()
        return {
            row["id"]: Passage(
                start=row["start"],
                end=row["end"],
                text=row["text"],
                location=row["location"],
                section=row["section"],
                page=row["page"],
                id=row["id"],
                doc_id=row["doc_id"],
            )
            for row in rows
        }

    def sentences(self, passage_ids: list[int]) -> dict[int, list[tuple[int, int, np.ndarray]]]:
        """Each passage's quotable sentences: (start, end, unit vector as float32), in order."""
        out: dict[int, list[tuple[int, int, np.ndarray]]] = {int(i): [] for i in passage_ids}
        if not passage_ids:
            return out
        marks = ",".join("?" * len(passage_ids))
        for row in self.db.execute(
            f"SELECT passage_id, start, end, vector FROM sentences WHERE passage_id IN ({marks}) "
            f"ORDER BY passage_id, start",
            [int(i) for i in passage_ids],
        ):
            vector = np.frombuffer(row["vector"], dtype=np.float16).astype(np.float32)
            out[row["passage_id"]].append((row["start"], row["end"], vector))
        return out

    def facts(self) -> dict[int, tuple[Fact, ...]]:
        """Each document's report facts (index/facts.py) in the order read, by document id."""
        out: dict[int, list[Fact]] = {}
        for row in self.db.execute(
            "SELECT doc_id, field, value, start, end, quote FROM facts ORDER BY doc_id, rowid"
        ):
            out.setdefault(row["doc_id"], []).append(
                Fact(
                    field=row["field"],
                    value=row["value"],
                    start=row["start"],
                    end=row["end"],
                    quote=row["quote"],
                )
            )
        return {doc_id: tuple(found) for doc_id, found in out.items()}

    def block_at(self, doc_id: int, offset: int) -> Block | None:
        """The block (paragraph, item or heading) holding a character offset."""
        row = self.db.execute(
            "SELECT kind, start, end, para, section, page FROM blocks "
            "WHERE doc_id = ? AND start <= ? ORDER BY start DESC LIMIT 1",
            (doc_id, offset),
        ).fetchone()
        return (
            Block(
                kind=row["kind"],
                start=row["start"],
                end=row["end"],
                para=row["para"],
                section=row["section"],
                page=row["page"],
            )
            if row
            else None
        )

    def section_end(self, doc_id: int, offset: int) -> int | None:
        """Where the section holding an offset ends: the start of the next heading, or None."""
        row = self.db.execute(
            "SELECT start FROM blocks WHERE doc_id = ? AND start > ? AND kind = 'heading' "
            "ORDER BY start LIMIT 1",
            (doc_id, offset),
        ).fetchone()
        return row["start"] if row else None

    def location_at(self, doc_id: int, offset: int) -> str:
        """Where a character offset lies, as a citation says it: "para 1.6", "page 7, para 12"."""
        block = self.block_at(doc_id, offset)
        return describe_location(block.para, block.section, block.page) if block else "opening text"

    def events(self) -> list[StoredEvent]:
        """Every event the documents state, each with its document and location, by date."""
        rows = self.db.execute(
            "SELECT e.*, d.source, d.title, d.date AS doc_date FROM events e JOIN documents d ON d.id = e.doc_id "
            "ORDER BY e.earliest, e.latest"
        ).fetchall()
        return [
            StoredEvent(
                Event(
                    kind=row["kind"],
                    status=row["status"],
                    earliest=dt.date.fromisoformat(row["earliest"]),
                    latest=dt.date.fromisoformat(row["latest"]),
                    wording=row["wording"],
                    number=row["number"],
                    organisation=row["organisation"],
                    grades=tuple(json.loads(row["grades"]).items()),
                    framework=row["framework"],
                    start=row["start"],
                    end=row["end"],
                    quote=row["quote"],
                    focus=row["focus"],
                ),
                doc_id=row["doc_id"],
                source=row["source"],
                title=row["title"],
                doc_date=_parse_date(row["doc_date"]),
                location=self.location_at(row["doc_id"], row["start"]),
            )
            for row in rows
        ]


def _document_info(row: sqlite3.Row) -> DocumentInfo:
    return DocumentInfo(
        id=row["id"],
        source=row["source"],
        path=row["path"],
        title=row["title"],
        date=_parse_date(row["date"]),
        date_source=row["date_source"],
        format=row["format"],
        passages=row["n"],
        content_hash=row["content_hash"],
        organisation=row["organisation"],
    )
