"""Documents sent by admins: the file-name, size and content checks, and saving them safely.

A name from Telegram is only a suggestion: directories, ``..``, control characters and
leading dots (hidden files are never indexed) are stripped, overlong names shortened,
and an existing file is never overwritten: a free name ``stem (2).ext`` is chosen. Bytes
are written to a hidden temporary file in the documents folder and then linked into
place, which fails rather than replaces if the name was taken meanwhile. Files the
engine cannot index are moved aside to ``.rejected/``, never deleted.

Each upload is journalled, from before its bytes are written until it is indexed or set
aside: one small JSON file per upload in ``.uploads/`` in the documents folder. A bot
killed meanwhile finds the entries at its next start, indexes what was saved, tells the
admin, and removes the temporary ``.upload-*.part`` files a kill mid-save leaves behind.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import unicodedata
import uuid
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from index import UnreadableDocument
from index.ingest.read import SUPPORTED, check_bytes
from index.ingest.sandbox import REJECTED_FOLDER, set_aside  # noqa: F401 - one rule for every file set aside

#: The Bot API's getFile refuses to hand a bot anything bigger.
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
MAX_NAME_BYTES = 180  # well under the 255 bytes most file systems allow, leaving room for " (2)"
JOURNAL_FOLDER = ".uploads"  # hidden, so indexing the documents folder passes over it
PARTIAL = ".upload-*.part"  # a file being written; one left at start was cut off by a kill


class Refused(Exception):
    """An upload that will not be saved; the message says why and what to send instead."""


@dataclass(frozen=True)
class Saved:
    path: Path
    renamed_from: str | None  # the name asked for, when that name was taken


def allowed_types() -> str:
    return ", ".join(sorted({e.lstrip(".").upper() for e in SUPPORTED}))


def clean_name(name: str | None) -> str:
    """A safe file name for ``name``: no folders, no control characters, not hidden, not too long."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]  # the last component only: no directories, no ../
    # control, format, unassigned
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r"\.{2,}", ".", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem, ext = stem.strip(" .") or "document", ext.lower()
    while len(f"{stem}.{ext}".encode()) > MAX_NAME_BYTES:
        stem = stem[:-1]
    return f"{stem.rstrip(' .') or 'document'}.{ext}" if ext else stem


def check_name(name: str) -> None:
    if Path(name).suffix.lower() not in SUPPORTED:
        raise Refused(
            f"I index only {allowed_types()} files, and “{name}” is not one. "
            "Save it in one of those formats and send it again."
        )


def check_size(size: int | None) -> None:
    """Refuse before downloading: Telegram will not hand a bot a file over 20 MB."""
    if size is not None and size > MAX_DOWNLOAD_BYTES:
        raise Refused(
            f"it is {size / 1024 / 1024:.1f} MB, and Telegram lets a bot download at most "
            f"{MAX_DOWNLOAD_BYTES // 1024 // 1024} MB. Split it, or put it in the documents folder on the "
            "server and send /reindex."
        )
    if size == 0:
        raise Refused("the file is empty.")


def check_content(name: str, data: bytes) -> None:
    """The bytes must be what the name says (an HTML page named .pdf is refused): the indexer's own check."""
    check_size(len(data))
    try:
        check_bytes(name, data)
    except UnreadableDocument as unreadable:
        raise Refused(
            f"{_about_it(unreadable.reason)}. Send the original file, named for what it is."
        ) from None


def _about_it(reason: str) -> str:
    """The reader's reason as said of the file: "its content is …", "it's an empty file", "it's not …"."""
    if reason.startswith("content "):
        return f"its {reason}"
    return (
        f"it's {'an ' if reason[:1] in 'aeiou' and not reason.startswith('not ') else ''}{reason}"
    )


def save(folder: Path, name: str, data: bytes) -> Saved:
    """Write ``data`` as ``folder/name``, or as a free variant of it; never overwrite."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(
            prefix=PARTIAL.split("*")[0], suffix=PARTIAL.split("*")[1], dir=folder
        )
    except OSError as exc:
        raise Refused(
            f"it could not be written to the documents folder ({exc.strerror or exc}). "
            "Tell whoever runs the server."
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        target = _link_free(Path(tmp), folder / name)
    except (
        OSError
    ) as exc:  # a full disk or a file size limit: the partial copy goes, nothing else changed
        raise Refused(
            f"it could not be written to the documents folder ({exc.strerror or exc}). "
            "Tell whoever runs the server."
        ) from None
    finally:
        Path(tmp).unlink(missing_ok=True)
    return Saved(target, name if target.name != name else None)


def _link_free(source: Path, wanted: Path) -> Path:
    """Hard-link ``source`` at ``wanted`` or ``wanted (2)``…: os.link never replaces an existing file."""
    stem, suffix = wanted.stem, wanted.suffix
    for n in range(1, 1000):
        target = wanted if n == 1 else wanted.with_name(f"{stem} ({n}){suffix}")
        try:
            os.link(source, target)
            return target
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links: fall back to check-then-move
            if not target.exists():
                os.replace(source, target)
                return target
    raise Refused(
        f"too many files are already named like {wanted.name}; rename it and send it again."
    )


# ---------------------------------------------------------------- the journal of uploads in progress


@dataclass(frozen=True)
class Pending:
    """An upload between "received" and "indexed or set aside"."""

    id: str
    name: str  # the cleaned name it was sent under
    user_id: int  # the admin to tell
    chat_id: int
    status_message_id: int | None
    path: str | None = None  # where it was saved, once it was


class Journal:
    """One JSON file per upload in progress, written and fsynced before the next step starts."""

    def __init__(self, documents: Path) -> None:
        self.folder = documents / JOURNAL_FOLDER

    def begin(
        self, name: str, user_id: int, chat_id: int, status_message_id: int | None
    ) -> Pending:
        return self._write(Pending(uuid.uuid4().hex, name, user_id, chat_id, status_message_id))

    def saved(self, pending: Pending, path: Path) -> Pending:
        return self._write(replace(pending, path=str(path)))

    def done(self, pending: Pending) -> None:
        (self.folder / f"{pending.id}.json").unlink(missing_ok=True)

    def pending(self) -> list[Pending]:
        """The uploads a stop interrupted, oldest first; unreadable entries are dropped."""
        entries = (
            sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime)
            if self.folder.is_dir()
            else []
        )
        found = []
        for entry in entries:
            try:
                found.append(Pending(**json.loads(entry.read_text())))
            except (
                ValueError,
                TypeError,
                OSError,
            ):  # cut off mid-write: nothing was saved after it
                entry.unlink(missing_ok=True)
        return found

    def _write(self, pending: Pending) -> Pending:
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / f"{pending.id}.json"
        tmp = target.with_suffix(".tmp")
        with open(tmp, "w") as handle:
            json.dump(asdict(pending), handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
        return pending


def sweep_partial(folder: Path) -> list[Path]:
    """Remove temporary upload files a stop mid-save left in ``folder``; call only when no upload runs."""
    swept = sorted(folder.glob(PARTIAL)) if folder.is_dir() else []
    for path in swept:
        path.unlink(missing_ok=True)
    return swept
