"""Documents sent by admins: the file-name, size and content checks, and saving them safely.

A name from Telegram is only a suggestion: directories, ``..``, control characters and
leading dots (hidden files are never indexed) are stripped, overlong names shortened,
and an existing file is never overwritten: a free name ``stem (2).ext`` is chosen. Bytes
are written to a hidden temporary file in the documents folder and then linked into
place, which fails rather than replaces if the name was taken meanwhile. Files the
engine cannot index are moved aside to ``.rejected/``, never deleted.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from index import UnreadableDocument
from index.ingest import SUPPORTED, check_bytes

#: The Bot API's getFile refuses to hand a bot anything bigger.
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
MAX_NAME_BYTES = 180  # well under the 255 bytes most file systems allow, leaving room for " (2)"
REJECTED_FOLDER = ".rejected"  # hidden, so indexing the documents folder passes over it

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
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")  # control, format, unassigned
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
        raise Refused(f"I index only {allowed_types()} files, and “{name}” is not one. "
                      "Save it in one of those formats and send it again.")


def check_size(size: int | None) -> None:
    """Refuse before downloading: Telegram will not hand a bot a file over 20 MB."""
    if size is not None and size > MAX_DOWNLOAD_BYTES:
        raise Refused(f"it is {size / 1024 / 1024:.1f} MB, and Telegram lets a bot download at most "
                      f"{MAX_DOWNLOAD_BYTES // 1024 // 1024} MB. Split it, or put it in the documents folder on the "
                      "server and send /reindex.")
    if size == 0:
        raise Refused("the file is empty.")


def check_content(name: str, data: bytes) -> None:
    """The bytes must be what the name says (an HTML page named .pdf is refused): the indexer's own check."""
    check_size(len(data))
    try:
        check_bytes(name, data)
    except UnreadableDocument as unreadable:
        raise Refused(f"its {unreadable.reason}. Send the original file, named for what it is.") from None


def save(folder: Path, name: str, data: bytes) -> Saved:
    """Write ``data`` as ``folder/name``, or as a free variant of it; never overwrite."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".upload-", suffix=".part", dir=folder)
    except OSError as exc:
        raise Refused(f"it could not be written to the documents folder ({exc.strerror or exc}). "
                      "Tell whoever runs the server.") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        target = _link_free(Path(tmp), folder / name)
    except OSError as exc:  # a full disk or a file size limit: the partial copy goes, nothing else changed
        raise Refused(f"it could not be written to the documents folder ({exc.strerror or exc}). "
                      "Tell whoever runs the server.") from None
    finally:
        Path(tmp).unlink(missing_ok=True)
    return Saved(target, name if target.name != name else None)


def set_aside(folder: Path, path: Path) -> Path:
    """Move a saved file that could not be indexed to ``folder/.rejected/``; returns where it went."""
    aside = folder / REJECTED_FOLDER
    aside.mkdir(parents=True, exist_ok=True)
    target = _link_free(path, aside / path.name)
    path.unlink()
    return target


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
                shutil.copy2(source, target)
                return target
    raise Refused(f"too many files are already named like {wanted.name}; rename it and send it again.")
