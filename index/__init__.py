"""Answer engine: documents in, quoted and cited answers out.

The public surface, for the command line and the bot; the stages behind it (ingest, chunk,
embed, store, retrieve, scope, answer, timeline) are modules of their own, named by what they do.
"""

from index.answer.brief import Brief
from index.answer.results import Answer, Citation, Status
from index.answer.scope import NoDocuments, Scope, WhichCouncil
from index.build.update import IndexReport, Skipped
from index.engine import Engine
from index.errors import (
    DocumentNotFound,
    IndexBusy,
    IndexCorrupt,
    IndexMismatch,
    IndexNotFound,
    IndexWriteFailed,
    InspectionBotError,
    ModelUnavailable,
    OutOfScope,
    UnreadableDocument,
)
from index.settings import Settings
from index.store.records import DocumentInfo, StoredEvent

__all__ = [
    "Engine",
    "Settings",
    "Answer",
    "Brief",
    "Citation",
    "Status",
    "StoredEvent",
    "DocumentInfo",
    "IndexReport",
    "Skipped",
    "Scope",
    "NoDocuments",
    "WhichCouncil",
    "InspectionBotError",
    "UnreadableDocument",
    "IndexNotFound",
    "IndexMismatch",
    "IndexCorrupt",
    "IndexBusy",
    "IndexWriteFailed",
    "DocumentNotFound",
    "OutOfScope",
    "ModelUnavailable",
]
