"""Folders → a new index generation: read what changed, cut passages, extract, embed, write,
swap the generation in whole (a crash at any moment leaves the last one usable).

    update_index(settings, encoder, folders) # → IndexReport: added, updated, removed, skipped

Imports the store, embed, extract, ingest and text.
"""

from index.build.chunk import split_passages
from index.build.update import IndexReport, Progress, Skipped, update_index

__all__ = ["IndexReport", "Progress", "Skipped", "split_passages", "update_index"]
