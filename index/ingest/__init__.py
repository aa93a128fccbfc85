"""Files → text with structure: PDF, Word, HTML, Markdown and plain text read into a Document
(its text, title, own date and blocks: headings, numbered paragraphs, pages), in a sandboxed
worker with a deadline and a memory limit.

    read_document(path, source)   # → Document
    Reader()                      # reads in a worker process; a file that fails is set aside

Imports index.text and index.errors.
"""

from index.ingest.read import SUPPORTED, Block, Document, describe_location, read_document
from index.ingest.sandbox import Reader

__all__ = ["SUPPORTED", "Block", "Document", "Reader", "describe_location", "read_document"]
