"""Errors the engine raises; each message says what is wrong and what fixes it.

    InspectionBotError
    ├── UnreadableDocument   a file could not be read (skipped, never fatal to a run)
    ├── IndexNotFound        no index at the folder given: run `inspection-bot index`
    ├── IndexMismatch        built with another model or schema: rebuild it
    ├── IndexCorrupt         files missing or damaged: rebuild it
    ├── IndexBusy            another process is writing the index
    ├── IndexWriteFailed     the disk refused a write (full, read-only): the index in use is unchanged
    ├── DocumentNotFound     `remove` named a document the index does not hold
    ├── OutOfScope           a status for a body unknown or without documents, or for none of several
    └── ModelUnavailable     the embedding model (or its ONNX export) cannot be loaded: what to set or reinstall

The CLI turns these into one line on stderr; the bot into a friendly reply.
"""

from __future__ import annotations


class InspectionBotError(Exception):
    """Base class: anything the engine expects and can explain."""


class UnreadableDocument(InspectionBotError):
    """A file that cannot be indexed; `reason` is one line naming what was wrong."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class LimitExceeded(UnreadableDocument):
    """A file that costs more to read than any report should (memory, time, text): it is set aside
    in ``.rejected/`` and not read again (index/sandbox.py)."""

    moved_to = None  # where the file was set aside, once it has been


REBUILD_HINT = "inspection-bot index --rebuild"


class IndexNotFound(InspectionBotError):
    def __init__(self, index_dir: str) -> None:
        super().__init__(
            f"No index at {index_dir}. Build one with `inspection-bot index --index-dir {index_dir}`."
        )


class IndexMismatch(InspectionBotError):
    def __init__(self, index_dir: str, what: str, *, upgradable: bool = False) -> None:
        fix = (
            # an older schema the writer can bring up to date: minutes of reading, no embedding
            f"Update it by indexing its folders again: `inspection-bot index FOLDER... "
            f"--index-dir {index_dir}` (nothing is embedded again)."
            if upgradable
            else f"Rebuild it with `{REBUILD_HINT} --index-dir {index_dir}`."
        )
        super().__init__(f"The index at {index_dir} was built {what}. {fix}")


class IndexCorrupt(InspectionBotError):
    def __init__(self, index_dir: str, what: str) -> None:
        # one line: SQLite's reports run over many, and may quote whole passages
        what = " ".join(what.split())
        what = what if len(what) <= 160 else what[:159] + "…"
        super().__init__(
            f"The index at {index_dir} is damaged ({what}). "
            f"Rebuild it with `{REBUILD_HINT} --index-dir {index_dir}`."
        )


class IndexBusy(InspectionBotError):
    def __init__(self, index_dir: str) -> None:
        super().__init__(
            f"Another process is updating the index at {index_dir}; try again when it has finished."
        )


class IndexWriteFailed(InspectionBotError):
    def __init__(self, index_dir: str, reason: str) -> None:
        super().__init__(
            f"Could not write the index at {index_dir} ({reason}); the index in use is unchanged. "
            "Free some disk space (or fix the folder's permissions) and run the command again."
        )


class DocumentNotFound(InspectionBotError):
    def __init__(self, name: str) -> None:
        super().__init__(f"No indexed document matches {name!r}. `inspection-bot docs` lists them.")


class OutOfScope(InspectionBotError):
    """A status or timeline the documents cannot give (index/scope.py); the message is the reply to the user."""


class ModelUnavailable(InspectionBotError):
    """The embedding model cannot be loaded; the message names the setting or the reinstall that fixes it."""
