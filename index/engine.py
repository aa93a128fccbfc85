"""The engine the CLI and the bot share: open an index, answer, update, swap.

Questions are answered from an immutable snapshot (store, retriever, answerer). An
update builds a new generation on disk, opens it, and swaps the snapshot reference in
one assignment, so questions in flight finish on the old one and the next question
sees the new one.
"""

from __future__ import annotations

import datetime as dt
import errno
import functools
import re
import shutil
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from . import organisations
from .answer import Answer, Answerer
from .build import IndexReport, Progress, update_index
from .embed import Encoder
from .errors import DocumentNotFound, IndexCorrupt, IndexNotFound, IndexWriteFailed, InspectionBotError
from .retrieve import Retriever
from .settings import Settings
from .store import DocumentInfo, Store, Writer
from .timeline import Status, TimelineEvent

REMOVED_FOLDER = ".removed"  # removed documents are moved here, never deleted
#: What the OS and SQLite say when a write does not fit or is not allowed.
_WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EIO}
_WRITE_SQLITE = ("SQLITE_FULL", "SQLITE_IOERR", "SQLITE_READONLY", "SQLITE_CANTOPEN")


def _storage_error(index_dir: str, exc: Exception, writing: bool) -> InspectionBotError | None:
    """The engine's error for what SQLite, FAISS or the OS raised past Store.open; None if it is not theirs."""
    if isinstance(exc, OSError):
        return IndexWriteFailed(index_dir, exc.strerror or str(exc)) if writing and exc.errno in _WRITE_ERRNOS else None
    if isinstance(exc, (sqlite3.OperationalError, sqlite3.DataError)) or type(exc) is sqlite3.DatabaseError:
        if writing and (getattr(exc, "sqlite_errorname", None) or "").startswith(_WRITE_SQLITE):
            return IndexWriteFailed(index_dir, str(exc))
        # Store.open checks structure; damaged content ("Could not decode to UTF-8") shows only when read.
        return IndexCorrupt(index_dir, f"index.sqlite: {exc}")
    # FAISS reports a failed write as a RuntimeError ending "write error in FILE: n != m (No space left on device)".
    failed = re.search(r"write error in .*\((.+)\)\s*$", str(exc)) if isinstance(exc, RuntimeError) else None
    return IndexWriteFailed(index_dir, failed[1]) if writing and failed else None


def _storage_errors(writing: bool = False):
    """Methods raise the engine's errors (IndexCorrupt, IndexWriteFailed), never raw SQLite, FAISS or OS ones."""
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except (OSError, sqlite3.Error, RuntimeError) as exc:
                error = _storage_error(str(self.settings.index_dir), exc, writing)
                if error is None:
                    raise
                raise error from exc
        return wrapper
    return decorate


@dataclass(frozen=True)
class Snapshot:
    store: Store
    retriever: Retriever
    answerer: Answerer


class Engine:
    def __init__(self, settings: Settings, encoder: Encoder | None = None) -> None:
        self.settings = settings
        self.encoder = encoder or Encoder.from_settings(settings)
        self._snapshot: Snapshot | None = None
        self._update_lock = threading.Lock()

    @classmethod
    def open(cls, settings: Settings, encoder: Encoder | None = None, *, build_if_missing: bool = False,
             progress: Progress | None = None) -> "Engine":
        """An engine on the index at settings.index_dir; build it from the documents folder if asked."""
        engine = cls(settings, encoder)
        try:
            engine.reload()
        except IndexNotFound:
            if not build_if_missing:
                raise
            engine.update([settings.documents_dir], progress=progress)
        return engine

    @_storage_errors()
    def reload(self) -> None:
        store = Store.open(self.settings.index_dir, self.encoder.name)
        retriever = Retriever(store, self.encoder)
        old, self._snapshot = self._snapshot, Snapshot(store, retriever, Answerer(store, retriever))
        # The old store's SQLite connection is left to the garbage collector: a question
        # in flight may still be reading from it.
        del old

    @property
    def snapshot(self) -> Snapshot:
        if self._snapshot is None:
            self.reload()
        return self._snapshot  # type: ignore[return-value]

    @_storage_errors()
    def ask(self, question: str, today: dt.date | None = None) -> Answer:
        return self.snapshot.answerer.ask(question, today)

    @_storage_errors()
    def documents(self) -> list[DocumentInfo]:
        return self.snapshot.store.documents()

    @_storage_errors(writing=True)
    def update(self, paths: list[Path] | None = None, *, rebuild: bool = False,
               progress: Progress | None = None) -> IndexReport:
        """Index ``paths`` (default: the documents folder) and swap the new index in."""
        with self._update_lock:
            report = update_index(self.settings.index_dir, list(paths or [self.settings.documents_dir]),
                                  self.encoder, rebuild=rebuild, progress=progress)
            if report.changed or self._snapshot is None:
                self.reload()
            return report

    @_storage_errors()
    def status(self, organisation: str | None = None,
               today: dt.date | None = None) -> tuple[Status, list[TimelineEvent]]:
        """The inspection status of one body (or of the only one the documents are about) as of today."""
        today = today or dt.date.today()
        answerer = self.snapshot.answerer
        scope = None
        name = None
        if organisation and organisation.strip():
            named = organisations.find_organisations(organisation)
            name = named[0] if named else organisations.canonical(organisation)
            if name is None:
                raise InspectionBotError(f"I do not know a council or trust called {organisation.strip()!r}.")
            scope = answerer._documents_about([name])
            if not scope:
                raise InspectionBotError(f"I hold no documents about {name}.")
        else:
            groups = answerer.organisation_groups()
            if len(groups) > 1:
                raise InspectionBotError(f"The documents are about {len(groups)} councils; name the one "
                                         "you mean, for example “Norfolk”.")
            name = min(groups[0], key=len) if groups else None
        documents = [d for d in self.documents() if d.date and (scope is None or d.id in scope)
                     and (d.date <= today or today >= dt.date.today())]
        newest = max(documents, key=lambda d: d.date) if documents else None
        timeline = answerer.timeline_for(scope).known_as_of(today)
        status = timeline.status(today, name, (newest.title, newest.date) if newest else None)
        return status, timeline.events

    @_storage_errors()
    def find_document(self, name: str) -> DocumentInfo:
        """A document by id, source path, file name or a unique part of its title or source."""
        documents = self.documents()
        wanted = name.strip().lower()
        exact = [d for d in documents if wanted in (str(d.id), d.source.lower(), Path(d.source).name.lower(),
                                                    d.title.lower())]
        matches = exact or [d for d in documents if wanted and (wanted in d.source.lower() or wanted in d.title.lower())]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise DocumentNotFound(name)
        listed = "; ".join(f"{d.id}: {d.source}" for d in matches[:5])
        raise InspectionBotError(f"{name!r} matches {len(matches)} documents ({listed}). Name one by its id.")

    @_storage_errors(writing=True)
    def remove(self, name: str) -> tuple[DocumentInfo, Path | None]:
        """Drop a document from the index; a file in the documents folder is moved aside, not deleted."""
        with self._update_lock:
            document = self.find_document(name)
            with Writer(self.settings.index_dir, self.encoder.name, self.encoder.dimension) as writer:
                writer.delete_document(document.id)
                writer.commit()
            moved = None
            path = Path(document.path)
            documents_dir = self.settings.documents_dir.resolve()
            if path.is_file() and path.is_relative_to(documents_dir):
                target = documents_dir / REMOVED_FOLDER / path.relative_to(documents_dir)
                target.parent.mkdir(parents=True, exist_ok=True)
                while target.exists():
                    target = target.with_name(f"{target.stem}.1{target.suffix}")
                shutil.move(str(path), target)
                moved = target
            self.reload()
            return document, moved
