"""The engine the CLI and the bot share: open an index, answer, update, swap.

Questions are answered from an immutable snapshot (store, retriever, answerer). An
update builds a new generation on disk, opens it, and swaps the snapshot reference in
one assignment, so questions in flight finish on the old one and the next question
sees the new one.
"""

from __future__ import annotations

import datetime as dt
import functools
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

from index.answer import brief, scope
from index.answer.brief import Brief
from index.answer.kinds import Kinds
from index.answer.passages import Answerer
from index.answer.respond import Responder
from index.answer.results import Answer, Status
from index.answer.retrieve import Retriever
from index.answer.timeline import Timeline
from index.build.update import IndexReport, Progress, update_index
from index.embed.encoder import Encoder
from index.errors import DocumentNotFound, IndexNotFound, InspectionBotError, OutOfScope
from index.question import resolve_council
from index.question.followups import Turn
from index.settings import Settings
from index.store import Store, Writer, storage_errors
from index.store.records import DocumentInfo

REMOVED_FOLDER = ".removed"  # removed documents are moved here, never deleted


def _storage_errors(writing: bool = False):
    """Methods raise the engine's errors (IndexCorrupt, IndexWriteFailed), never raw SQLite, FAISS or OS ones."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            with storage_errors(self.settings.index_dir, writing=writing):
                return method(self, *args, **kwargs)

        return wrapper

    return decorate


@dataclass(frozen=True)
class Snapshot:
    store: Store
    retriever: Retriever
    answerer: Answerer
    responder: Responder


class Engine:
    def __init__(self, settings: Settings, encoder: Encoder | None = None) -> None:
        self.settings = settings
        self.encoder = encoder or Encoder.from_settings(settings)
        self._snapshot: Snapshot | None = None
        self._update_lock = threading.Lock()
        # question kinds from labelled examples: their vectors depend on the model, not the index
        self.kinds = Kinds(self.encoder, settings.cache_dir)

    @classmethod
    def open(
        cls,
        settings: Settings,
        encoder: Encoder | None = None,
        *,
        build_if_missing: bool = False,
        progress: Progress | None = None,
    ) -> Engine:
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
        answerer = Answerer(store, retriever)
        old, self._snapshot = (
            self._snapshot,
            Snapshot(store, retriever, answerer, Responder(store, answerer, self.kinds)),
        )
        # The old store's SQLite connection is left to the garbage collector: a question
        # in flight may still be reading from it.
        del old

    @property
    def snapshot(self) -> Snapshot:
        if self._snapshot is None:
            self.reload()
        return self._snapshot  # type: ignore[return-value]

    @_storage_errors()
    def ask(
        self,
        question: str,
        today: dt.date | None = None,
        *,
        council: str | None = None,
        previous: Turn | None = None,
    ) -> Answer:
        """Answer a question as of ``today``: ``council`` is the chat's own (for questions that name
        none, or say "our"), ``previous`` the conversation's turn before (for follow-ups)."""
        return self.snapshot.responder.ask(
            question, today, council=council or self.settings.council, previous=previous
        )

    @_storage_errors()
    def documents(self) -> list[DocumentInfo]:
        return self.snapshot.store.documents()

    @_storage_errors(writing=True)
    def update(
        self,
        paths: list[Path] | None = None,
        *,
        rebuild: bool = False,
        progress: Progress | None = None,
    ) -> IndexReport:
        """Index ``paths`` (default: the documents folder) and swap the new index in."""
        with self._update_lock:
            report = update_index(
                self.settings.index_dir,
                list(paths or [self.settings.documents_dir]),
                self.encoder,
                rebuild=rebuild,
                progress=progress,
            )
            if report.changed or self._snapshot is None:
                self.reload()
            return report

    @_storage_errors()
    def status(self, organisation: str | None = None, today: dt.date | None = None) -> Status:
        """The inspection status of one body (or of the only one the documents are about) as of today.

        Raises OutOfScope (an InspectionBotError whose message is the reply) when the name is
        unknown, the body has no documents, or several bodies have documents and none was named.
        """
        today = today or dt.date.today()
        return self._status(*self._scoped(organisation, today), today)

    @_storage_errors()
    def brief(self, organisation: str | None = None, today: dt.date | None = None) -> Brief:
        """A one-page brief on one body (or the only one the documents are about) as of today:
        the grade and judgements in force, grades over time, what needs to improve, visits
        since, what is expected next; every line cited. Raises OutOfScope as ``status`` does."""
        today = today or dt.date.today()
        snapshot, decided, documents = self._scoped(organisation, today)
        status = self._status(snapshot, decided, documents, today)
        reports = [r for r in snapshot.responder.reports if decided.allows(r.document.id)]
        return brief.build(status, reports, {d.id: d for d in documents})

    def _status(self, snapshot, decided, documents, today: dt.date) -> Status:
        dated = [d for d in documents if d.date and decided.allows(d.id)]
        newest = max(dated, key=lambda d: d.date) if dated else None
        timeline = Timeline(
            [e for e in snapshot.answerer.timeline.events if decided.allows(e.doc_id)]
        )
        reports = [r for r in snapshot.responder.reports if decided.allows(r.document.id)]
        return timeline.status(
            today, decided.organisation, (newest.title, newest.date) if newest else None, reports
        )

    def _scoped(self, organisation: str | None, today: dt.date):
        """(snapshot, scope, documents) for one body named (or the only one): the one index
        used throughout, even if an update swaps in another meanwhile."""
        named: list[str] = []
        if organisation and organisation.strip():
            resolved = resolve_council(organisation)
            if resolved.options or len(resolved.councils) > 1:
                listed = " or ".join(resolved.options or resolved.councils)
                raise OutOfScope(f"Which do you mean: {listed}?")
            if not resolved.councils:
                raise OutOfScope(
                    f"I do not know a council or trust called {organisation.strip()!r}."
                )
            named = list(resolved.councils[:1])
        snapshot = self.snapshot
        documents = snapshot.store.documents()
        decided = scope.decide(named, today, documents, one_body=True)
        if isinstance(decided, scope.WhichCouncil):
            raise OutOfScope(decided.message("“Norfolk”."))
        if isinstance(decided, scope.NoDocuments):
            raise OutOfScope(decided.message())
        return snapshot, decided, documents

    @_storage_errors()
    def find_document(self, name: str) -> DocumentInfo:
        """A document by id, source path, file name or a unique part of its title or source."""
        documents = self.documents()
        wanted = name.strip().lower()
        exact = [
            d
            for d in documents
            if wanted in (str(d.id), d.source.lower(), Path(d.source).name.lower(), d.title.lower())
        ]
        matches = exact or [
            d
            for d in documents
            if wanted and (wanted in d.source.lower() or wanted in d.title.lower())
        ]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise DocumentNotFound(name)
        listed = "; ".join(f"{d.id}: {d.source}" for d in matches[:5])
        raise InspectionBotError(
            f"{name!r} matches {len(matches)} documents ({listed}). Name one by its id."
        )

    @_storage_errors(writing=True)
    def remove(self, name: str) -> tuple[DocumentInfo, Path | None]:
        """Drop a document from the index; a file in the documents folder is moved aside, not deleted."""
        with self._update_lock:
            document = self.find_document(name)
            with Writer(
                self.settings.index_dir, self.encoder.name, self.encoder.dimension
            ) as writer:
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
