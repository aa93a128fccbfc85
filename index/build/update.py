"""Incremental indexing: files in, a new generation of the index out.

Each document is keyed by its absolute path and content hash. Unchanged files are not
read again or re-embedded; changed files replace their passages; files gone from a
folder that was given are dropped (documents indexed from elsewhere stay). Every run
either swaps in a complete new generation or leaves the old one as it was.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.build import pooling
from index.build.chunk import split_passages
from index.councils.organisations import organisation_of
from index.embed.encoder import Encoder
from index.errors import LimitExceeded, UnreadableDocument
from index.extract.events import Event, extract_events
from index.extract.facts import Fact, read_facts
from index.ingest.read import SUPPORTED, Document, content_hash, read_document
from index.ingest.sandbox import Reader
from index.store import Writer
from index.store.records import Passage
from index.text import sentences

#: progress(stage, done, total): stage is "reading" (documents), "embedding" (passages) or
#: "sentences" (the sentences answers may quote, index/sentences.py).
Progress = Callable[[str, int, int], None]

GROUP_PASSAGES = 2000  # documents are embedded and stored in groups of about this many passages


@dataclass(frozen=True)
class Skipped:
    source: str
    reason: str
    # a file that broke a reading limit is set aside (index/sandbox.py)
    moved_to: Path | None = None


@dataclass
class IndexReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    # same bytes, read again by newer extraction code
    reextracted: list[str] = field(default_factory=list)
    passages_added: int = 0
    sentences_added: int = 0
    documents: int = 0  # in the index after the run
    passages: int = 0
    seconds: float = 0.0
    changed: bool = False

    @property
    def indexed_any(self) -> bool:
        return bool(self.added or self.updated or self.unchanged)

    def summary(self) -> str:
        lines = [
            f"added {len(self.added)}, updated {len(self.updated)}, removed {len(self.removed)}, "
            f"unchanged {len(self.unchanged)}, skipped {len(self.skipped)} "
            + (f"(re-extracted {len(self.reextracted)}) " if self.reextracted else "")
            + f"({self.passages_added} new passages; index holds {self.documents} documents, "
            f"{self.passages} passages; {self.seconds:.1f}s)"
        ]
        lines += [
            f"skipped {s.source}: {s.reason}" + (f" (moved to {s.moved_to})" if s.moved_to else "")
            for s in self.skipped
        ]
        return "\n".join(lines)


def discover(paths: Iterable[Path]) -> tuple[list[tuple[Path, Path]], list[Path], list[Skipped]]:
    """(root, file) pairs to index, the folders that were walked, and paths that do not exist.

    Folders are walked recursively; hidden files and folders (``.removed/`` among them)
    are passed over.
    """
    found: list[tuple[Path, Path]] = []
    folders: list[Path] = []
    missing: list[Skipped] = []
    for raw in paths:
        path = Path(raw).expanduser().resolve()
        if path.is_dir():
            folders.append(path)
            for item in sorted(path.rglob("*")):
                relative = item.relative_to(path)
                if item.is_file() and not any(part.startswith(".") for part in relative.parts):
                    found.append((path, item))
        elif path.is_file():
            found.append((path.parent, path))
        else:
            missing.append(Skipped(str(raw), "no such file or folder"))
    return found, folders, missing


@dataclass(frozen=True)
class FileToRead:
    root: Path  # the folder it was found under
    path: Path
    source: str  # path relative to root, shown in citations
    previous: int | None  # the id of the version indexed before, if its bytes changed


@dataclass(frozen=True)
class Plan:
    """What a run has to do, decided by content hashes before anything is read."""

    new: tuple[FileToRead, ...]
    changed: tuple[FileToRead, ...]
    # same bytes, read by older extraction code: re-extract, do not re-embed
    stale: tuple[FileToRead, ...]
    unchanged: tuple[str, ...]  # sources
    # (document id, path, root, source): its folder moved
    moved: tuple[tuple[int, str, str, str], ...]
    removed: tuple[tuple[int, str], ...]  # (document id, path) gone from a folder that was walked
    skipped: tuple[Skipped, ...]

    @property
    def to_read(self) -> tuple[FileToRead, ...]:
        return self.new + self.changed


@dataclass(frozen=True)
class Prepared:
    """One document ready to embed and store: everything read from it at indexing time."""

    root: str
    document: Document
    passages: tuple[Passage, ...]
    quotable: tuple[tuple[tuple[int, int, str], ...], ...]  # per passage: (start, end, quote)
    organisation: str | None
    events: tuple[Event, ...]
    facts: tuple[Fact, ...]
    previous: int | None  # the id of the older version this one replaces


def plan(writer: Writer, paths: list[Path], extractor: str = "") -> Plan:
    """Sort the files under ``paths`` into new, changed, stale, unchanged and removed by content hash.

    A stale file has the bytes indexed before but was read by other extraction code than
    ``extractor``: its events and facts are read again, its passages kept.
    """
    files, folders, skipped = discover(paths)
    skipped = list(skipped)
    existing = writer.documents_by_path()
    extracted_by = writer.extractors()
    seen: set[str] = set()
    new, changed, stale, unchanged, moved = [], [], [], [], []
    for root, path in files:
        key, source = str(path), str(path.relative_to(root))
        if path.suffix.lower() not in SUPPORTED:
            skipped.append(Skipped(source, f"unsupported file type {path.suffix or '(none)'!r}"))
            continue
        seen.add(key)
        try:
            digest = content_hash(path.read_bytes())
        except OSError as exc:
            skipped.append(Skipped(source, f"cannot be opened ({exc.strerror or exc})"))
            continue
        if (
            key not in existing
            and (twin := _moved_twin(existing, digest, source, moved)) is not None
        ):
            # the same folder, moved: nothing to re-read
            moved.append((twin, key, str(root), source))
        elif key not in existing:
            new.append(FileToRead(root, path, source, None))
        elif existing[key][1] != digest:
            changed.append(FileToRead(root, path, source, existing[key][0]))
        elif extracted_by.get(existing[key][0]) != extractor:
            stale.append(FileToRead(root, path, source, existing[key][0]))
        else:
            unchanged.append(source)
    # Files gone from a folder that was walked leave the index; others stay.
    removed = [
        (doc_id, key)
        for key, (doc_id, *_) in existing.items()
        if key not in seen and any(Path(key).is_relative_to(folder) for folder in folders)
    ]
    return Plan(
        tuple(new),
        tuple(changed),
        tuple(stale),
        tuple(unchanged),
        tuple(moved),
        tuple(removed),
        tuple(skipped),
    )


def _moved_twin(
    existing: dict[str, tuple[int, str, str]], digest: str, source: str, moved: list
) -> int | None:
    """The id of a document with these bytes at this relative path whose file is no longer where it was."""
    taken = {doc_id for doc_id, *_ in moved}
    return next(
        (
            doc_id
            for path, (doc_id, hashed, indexed_as) in existing.items()
            if doc_id not in taken
            and (hashed, indexed_as) == (digest, source)
            and not Path(path).exists()
        ),
        None,
    )


def prepare(item: FileToRead, read: Callable[[Path, str], Document] = read_document) -> Prepared:
    """Read one file and everything indexing takes from it; UnreadableDocument if it cannot be used.

    ``read`` turns one file into a Document (``ingest.read_document``, or the same call
    run in a child process with limits).
    """
    document = read(item.path, item.source)
    passages = split_passages(document)
    is_heading = _heading_test(document)
    quotable = tuple(tuple(sentences.quotable(p.text, p.start, is_heading)) for p in passages)
    return Prepared(
        str(item.root), document, tuple(passages), quotable, *_extract(document), item.previous
    )


def _extract(document: Document) -> tuple[str | None, tuple[Event, ...], tuple[Fact, ...]]:
    """What is read from a document's text: whom it is about, its events and its report facts.

    Cheap next to embedding, so it is redone whenever this code changes (EXTRACTOR_VERSION).
    """
    organisation = organisation_of(document.title, document.text, document.source)
    events = extract_events(
        document.text, doc_date=document.date, title=document.title, source=document.source
    )
    facts = read_facts(document.text, doc_date=document.date, title=document.title)
    return organisation, tuple(events), tuple(facts)


def _extractor_version() -> str:
    """A digest of the code that reads a document and what is extracted from its text.

    Stored with each document: when it differs, ``index`` reads the file again and, if its
    text and title are unchanged, replaces only its date, organisation, events and facts
    (seconds for the national corpus, where embedding again takes half an hour).
    """
    from index.councils import organisations
    from index.extract import cues, events, facts, report
    from index.ingest import read as ingest
    from index.ingest import structure
    from index.text import dates, sentences

    digest = hashlib.sha256()
    for module in (cues, dates, events, facts, ingest, organisations, report, sentences, structure):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:16]


EXTRACTOR_VERSION = _extractor_version()


def update_index(
    index_dir: Path,
    paths: list[Path],
    encoder: Encoder,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    extractor: str = EXTRACTOR_VERSION,
) -> IndexReport:
    """Bring the index at ``index_dir`` up to date with ``paths``; return what changed.

    Three steps: ``plan`` (content hashes), ``prepare`` each file to read (a ``Prepared``),
    then embed and store them a group at a time.
    """
    began = time.perf_counter()
    report = IndexReport()
    folders = discover(paths)[1]
    progress = progress or (lambda stage, done, total: None)

    with Writer(
        index_dir, encoder.name, encoder.dimension, rebuild=rebuild, encoder=encoder.ran
    ) as writer:
        todo = plan(writer, paths, extractor)
        report.skipped.extend(todo.skipped)
        report.unchanged.extend(todo.unchanged)
        for doc_id, key, root, source in todo.moved:
            writer.move_document(doc_id, key, root)
            report.unchanged.append(source)
        for doc_id, key in todo.removed:
            writer.delete_document(doc_id)
            report.removed.append(key)
        reader = Reader()  # a worker process with limits: a hostile file costs a skip, not the run
        to_read = list(todo.to_read) + _reextract(writer, todo.stale, extractor, report, reader)

        prepared: list[Prepared] = []
        sources_by_hash: dict[str, str] = {}
        if to_read:
            progress("reading", 0, len(to_read))
        for done, item in enumerate(to_read, start=1):
            try:
                ready = prepare(item, read=functools.partial(reader.read, set_aside_in=item.root))
            except UnreadableDocument as exc:
                report.skipped.append(
                    Skipped(item.source, exc.reason, getattr(exc, "moved_to", None))
                )
                continue
            finally:
                progress("reading", done, len(to_read))
            digest = ready.document.content_hash
            twin = sources_by_hash.get(digest) or writer.document_with_hash(
                digest, excluding=item.previous
            )
            if twin:
                report.skipped.append(
                    Skipped(item.source, f"same content as {twin}, already indexed")
                )
                continue
            sources_by_hash[digest] = item.source
            prepared.append(ready)
        reader.close()
        _embed_and_store(writer, prepared, encoder, progress, report, extractor)

        report.changed = bool(
            report.added
            or report.updated
            or report.removed
            or report.reextracted
            or rebuild
            or writer.is_new
            or todo.moved
        )
        report.documents, report.passages = writer.counts()
        if report.changed:
            writer.commit()
    if report.passages_added:
        # once per machine, after the index is live: nobody waits
        encoder.prepare_questions(background=True)
    report.removed = [_relative_to_any(Path(p), folders) for p in report.removed]
    report.seconds = time.perf_counter() - began
    return report


def _reextract(
    writer: Writer,
    stale: tuple[FileToRead, ...],
    extractor: str,
    report: IndexReport,
    reader: Reader,
) -> list[FileToRead]:
    """Read stale files again and store their new extraction; return those whose text itself
    changed (new reading code), to be indexed again in full."""
    again = []
    for item in stale:
        try:
            document = reader.read(item.path, item.source, set_aside_in=item.root)
        except (
            LimitExceeded
        ) as exc:  # set aside: the index no longer holds what its folder does not
            writer.delete_document(item.previous)
            report.removed.append(str(item.path))
            report.skipped.append(Skipped(item.source, exc.reason, exc.moved_to))
            continue
        except UnreadableDocument:
            again.append(item)  # the full path reports why
            continue
        _, title, text = writer.extraction_of(item.previous)
        if (title, text) != (document.title, document.text):
            again.append(item)  # passages and their vectors are of the old text: embed afresh
            continue
        organisation, events, facts = _extract(document)
        writer.replace_extraction(
            item.previous,
            document,
            organisation=organisation,
            events=events,
            facts=facts,
            extractor=extractor,
        )
        report.reextracted.append(item.source)
        report.unchanged.append(item.source)
    return again


def _embed_and_store(
    writer: Writer,
    prepared: list[Prepared],
    encoder: Encoder,
    progress: Progress,
    report: IndexReport,
    extractor: str,
) -> None:
    """Embed quotable sentences, then passages (pooled from them where they can be), and store
    each document, a group at a time. Memory holds one group's vectors, not the corpus's;
    ``prepared`` is emptied as groups are stored, so each group's documents are freed once written.
    """
    plans = {
        id(ready): pooling.plan(ready.passages, ready.quotable, ready.document.title)
        for ready in prepared
    }
    embed = _Embedder(
        encoder,
        progress,
        passages=sum(len(p.texts) for p in plans.values()),
        sentences=sum(len(found) for p in prepared for found in p.quotable),
    )
    for group in _groups(prepared, GROUP_PASSAGES):
        # Sentences first; a passage that is mostly quotable sentences is their pooled vector (index/pooling.py).
        found_vectors = embed(
            "sentences",
            [quote for ready in group for found in ready.quotable for _, _, quote in found],
        )
        planned = [plans.pop(id(ready)) for ready in group]
        vectors = pooling.assemble_all(
            planned,
            found_vectors,
            embed("embedding", [text for plan in planned for text in plan.texts]),
        )
        sentence_vectors = iter(found_vectors)
        offset = 0
        for ready in group:
            if ready.previous is not None:
                writer.delete_document(ready.previous)
            with_vectors = [
                [(start, end, next(sentence_vectors)) for start, end, _ in found]
                for found in ready.quotable
            ]
            count = len(ready.passages)
            writer.add_document(
                ready.document,
                ready.root,
                ready.passages,
                vectors[offset : offset + count],
                organisation=ready.organisation,
                events=ready.events,
                sentences=with_vectors,
                facts=ready.facts,
                extractor=extractor,
            )
            offset += count
            (report.updated if ready.previous is not None else report.added).append(
                ready.document.source
            )
            report.passages_added += count
            report.sentences_added += sum(map(len, ready.quotable))


class _Embedder:
    """Embeds texts for one stage ("embedding" or "sentences") a batch at a time, reporting progress
    against the run's total for that stage."""

    def __init__(self, encoder: Encoder, progress: Progress, **totals: int) -> None:
        self.encoder = encoder
        self.progress = progress
        self.totals = {"embedding": totals["passages"], "sentences": totals["sentences"]}
        self.done = dict.fromkeys(self.totals, 0)

    def __call__(self, stage: str, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.encoder.dimension), dtype=np.float32)
        total = self.totals[stage]
        done = self.done[stage]
        self.progress(stage, done, total)  # the time from here to the next call is embedding
        # One call for the whole group: the encoder sorts all of it by length, so batches pad little.
        vectors = self.encoder.encode(
            texts, lambda n: self.progress(stage, done + n, total), quotable=stage == "sentences"
        )
        self.done[stage] += len(texts)
        return vectors


def _groups(items: list, size: int) -> Iterable[list]:
    """Consecutive documents holding about ``size`` passages together (a long one alone).

    Taken out of ``items`` as they go, so that a group's documents (their text, blocks,
    passages and sentences: some 200 MB over the national corpus) are freed once stored
    rather than held until the end of the run, where building BM25 sets the peak.
    """
    items.reverse()
    while items:
        group: list = []
        count = 0
        while items and count < size:
            group.append(items.pop())
            count += len(group[-1].passages)
        yield group


def _heading_test(document):
    """is_heading(offset): whether the block holding that offset of the document is a heading."""
    starts = [block.start for block in document.blocks]

    def is_heading(offset: int) -> bool:
        at = bisect.bisect_right(starts, offset) - 1
        return at >= 0 and document.blocks[at].kind == "heading"

    return is_heading


def _relative_to_any(path: Path, folders: list[Path]) -> str:
    for folder in folders:
        if path.is_relative_to(folder):
            return str(path.relative_to(folder))
    return str(path)
