"""Incremental indexing: files in, a new generation of the index out.

Each document is keyed by its absolute path and content hash. Unchanged files are not
read again or re-embedded; changed files replace their passages; files gone from a
folder that was given are dropped (documents indexed from elsewhere stay). Every run
either swaps in a complete new generation or leaves the old one as it was.
"""

from __future__ import annotations

import bisect
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from . import sentences
from .chunk import split_passages
from .events import extract_events
from .organisations import organisation_of
from .embed import Encoder
from .errors import UnreadableDocument
from .ingest import SUPPORTED, content_hash, read_document
from .store import Writer

#: progress(stage, done, total): stage is "reading" (documents), "embedding" (passages) or
#: "sentences" (the sentences answers may quote, index/sentences.py).
Progress = Callable[[str, int, int], None]

GROUP_PASSAGES = 2000  # documents are embedded and stored in groups of about this many passages


@dataclass(frozen=True)
class Skipped:
    source: str
    reason: str


@dataclass
class IndexReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
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
        lines = [f"added {len(self.added)}, updated {len(self.updated)}, removed {len(self.removed)}, "
                 f"unchanged {len(self.unchanged)}, skipped {len(self.skipped)} "
                 f"({self.passages_added} new passages; index holds {self.documents} documents, "
                 f"{self.passages} passages; {self.seconds:.1f}s)"]
        lines += [f"skipped {s.source}: {s.reason}" for s in self.skipped]
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


def update_index(index_dir: Path, paths: list[Path], encoder: Encoder, *, rebuild: bool = False,
                 progress: Progress | None = None) -> IndexReport:
    """Bring the index at ``index_dir`` up to date with ``paths``; return what changed."""
    began = time.perf_counter()
    report = IndexReport()
    files, folders, missing = discover(paths)
    report.skipped.extend(missing)
    progress = progress or (lambda stage, done, total: None)

    with Writer(index_dir, encoder.name, encoder.dimension, rebuild=rebuild, encoder=encoder.variant) as writer:
        existing = writer.documents_by_path()
        seen: set[str] = set()
        to_read: list[tuple[Path, Path, str]] = []
        for root, path in files:
            key = str(path)
            source = str(path.relative_to(root))
            if path.suffix.lower() not in SUPPORTED:
                report.skipped.append(Skipped(source, f"unsupported file type {path.suffix or '(none)'!r}"))
                continue
            seen.add(key)
            try:
                digest = content_hash(path.read_bytes())
            except OSError as exc:
                report.skipped.append(Skipped(source, f"cannot be opened ({exc.strerror or exc})"))
                continue
            if key in existing and existing[key][1] == digest:
                report.unchanged.append(source)
            else:
                to_read.append((root, path, source))

        # Files gone from a folder that was walked leave the index; others stay.
        for key, (doc_id, _) in existing.items():
            if key not in seen and any(Path(key).is_relative_to(folder) for folder in folders):
                writer.delete_document(doc_id)
                report.removed.append(key)

        documents = []
        hashes_taken: dict[str, str] = {}
        if to_read:
            progress("reading", 0, len(to_read))
        for done, (root, path, source) in enumerate(to_read, start=1):
            try:
                document = read_document(path, source)
            except UnreadableDocument as exc:
                report.skipped.append(Skipped(source, exc.reason))
                continue
            finally:
                progress("reading", done, len(to_read))
            twin = hashes_taken.get(document.content_hash) or _indexed_twin(writer, document, existing)
            if twin:
                report.skipped.append(Skipped(source, f"same content as {twin}, already indexed"))
                continue
            hashes_taken[document.content_hash] = source
            documents.append((root, document, split_passages(document)))

        # Embedded and stored a group at a time: memory holds one group's vectors, not the corpus's.
        quotable = [[sentences.quotable(p.text, p.start, _heading_test(doc)) for p in passages]
                    for _, doc, passages in documents]
        embed = _Embedder(encoder, progress, passages=sum(len(p) for _, _, p in documents),
                          sentences=sum(len(spans) for found in quotable for spans in found))
        waiting = list(zip(documents, quotable))
        del documents, quotable  # from here each group's documents are freed once stored
        for group in _groups(waiting, GROUP_PASSAGES):
            vectors = embed("embedding", [p.embedding_text(doc.title) for (_, doc, passages), _ in group
                                          for p in passages])
            sentence_vectors = iter(embed("sentences", [quote for _, found in group for spans in found
                                                        for _, _, quote in spans]))
            offset = 0
            for (root, document, passages), found in group:
                previous = existing.get(document.path)
                if previous:
                    writer.delete_document(previous[0])
                organisation = organisation_of(document.title, document.text, document.source)
                events = extract_events(document.text, doc_date=document.date, title=document.title,
                                        source=document.source)
                with_vectors = [[(start, end, next(sentence_vectors)) for start, end, _ in spans] for spans in found]
                writer.add_document(document, str(root), passages, vectors[offset:offset + len(passages)],
                                    organisation=organisation, events=events, sentences=with_vectors)
                offset += len(passages)
                (report.updated if previous else report.added).append(document.source)
                report.passages_added += len(passages)
                report.sentences_added += sum(map(len, found))

        report.changed = bool(report.added or report.updated or report.removed or rebuild
                              or writer.is_new)
        report.documents = writer.db.execute("SELECT count(*) FROM documents").fetchone()[0]
        report.passages = writer.db.execute("SELECT count(*) FROM passages").fetchone()[0]
        if report.changed:
            writer.commit()
    if report.passages_added:
        encoder.prepare_questions()  # once per machine: later processes answer without torch
    report.removed = [_relative_to_any(Path(p), folders) for p in report.removed]
    report.seconds = time.perf_counter() - began
    return report


def _indexed_twin(writer: Writer, document, existing: dict[str, tuple[int, str]]) -> str | None:
    """The source of another indexed document with the same bytes, if any."""
    twin = writer.document_with_hash(document.content_hash)
    same_file = document.path in existing and existing[document.path][1] == document.content_hash
    return None if same_file else twin


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
        vectors = self.encoder.encode(texts, progress=lambda n: self.progress(stage, done + n, total))
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
            count += len(group[-1][0][2])
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
