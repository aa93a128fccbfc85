"""File → Document: text, title, publication date and structure, one reader per format.

A document's ``text`` is the clean plain text the reader produced (markup removed,
hard-wrapped PDF lines joined); every offset elsewhere in the engine points into it.
Its ``blocks`` are the paragraphs, list items and headings, each with where it sits:
numbered paragraph (``3.1``), section heading in force, PDF page.

The content is checked against the extension by its bytes (magic numbers), never by
trust: an HTML page saved as ``.pdf`` is skipped with a reason, not parsed as garbage.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from index.errors import LimitExceeded, UnreadableDocument
from index.ingest.structure import Builder, clean_inline, pdf_paragraphs, split_markdown
from index.text import dates

SUPPORTED = {
    ".txt": "text",
    ".md": "markdown",
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
}

#: A DOCX whose parts would unpack past this is refused (zip bomb guard).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
#: A dense page holds ~5,000 characters; past this a page is text operators repeated, not a report.
MAX_PAGE_CHARS = 100_000
#: Some 400 pages of a report; 100,000 one-line paragraphs zip to 50 KB and took minutes to read.
MAX_DOCX_PARAGRAPHS = 20_000


@dataclass(frozen=True)
class Block:
    kind: str  # "heading" | "paragraph" | "item"
    start: int
    end: int
    para: str | None  # numbered paragraph in force, e.g. "3.1"
    section: str | None  # heading in force
    page: int | None  # 1-based PDF page


def describe_location(para: str | None, section: str | None, page: int | None) -> str:
    """'page 7, para 12', 'para 1.6', 'section "4. Next steps"', or 'page 7'."""
    parts = []
    if page is not None:
        parts.append(f"page {page}")
    if para:
        parts.append(f"para {para}")
    elif section:
        parts.append(f'section "{section}"')
    return ", ".join(parts) or "opening text"


@dataclass(frozen=True)
class Document:
    source: str  # path relative to the folder it was indexed from
    path: str  # absolute path at indexing time
    format: str
    title: str
    date: dt.date | None
    date_source: str  # "text: …", "file name", "file modified time" or "none"
    text: str
    blocks: tuple[Block, ...]
    content_hash: str
    pages: int | None = None


@dataclass(frozen=True)
class Parsed:
    """What a format's reader finds in the bytes, before the date is settled."""

    text: str
    blocks: tuple[Block, ...]
    title: str | None
    metadata_date: dt.date | None = None  # a date the format itself records (HTML meta)
    pages: int | None = None


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_document(path: Path, source: str | None = None) -> Document:
    """Read one file; raise UnreadableDocument with a one-line reason if it cannot be used."""
    path = Path(path)
    name = source or path.name
    if path.suffix.lower() not in SUPPORTED:
        raise UnreadableDocument(name, f"unsupported file type {path.suffix or '(none)'!r}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(name, f"cannot be opened ({exc.strerror or exc})") from None
    fmt = check_bytes(name, data)
    reader = {
        "text": _read_markdown,
        "markdown": _read_markdown,
        "pdf": _read_pdf,
        "docx": _read_docx,
        "html": _read_html,
    }[fmt]
    parsed = reader(data, name)
    if len(re.sub(r"\W", "", parsed.text)) < 20:
        raise UnreadableDocument(
            name,
            "no readable text" + (" (scanned PDF with no text layer?)" if fmt == "pdf" else ""),
        )
    date, date_source = _publication_date(parsed.text, parsed.metadata_date, path)
    return Document(
        source=name,
        path=str(path.resolve()),
        format=fmt,
        title=parsed.title or _title_from_name(path),
        date=date,
        date_source=date_source,
        text=parsed.text,
        blocks=parsed.blocks,
        content_hash=content_hash(data),
        pages=parsed.pages,
    )


# --- what the bytes are -------------------------------------------------------------


def check_bytes(name: str, data: bytes) -> str:
    """The format of ``data`` if it is what the file name claims; else UnreadableDocument saying what it is."""
    fmt = SUPPORTED.get(Path(name).suffix.lower())
    if fmt is None:
        raise UnreadableDocument(name, f"unsupported file type {Path(name).suffix or '(none)'!r}")
    if not data.strip():
        raise UnreadableDocument(name, "empty file")
    sniffed = sniff(data)
    expected = {"text": "text", "markdown": "text"}.get(fmt, fmt)
    if expected in ("text", "html") and sniffed == "undecodable":
        raise UnreadableDocument(name, "not valid UTF-8 text (re-save it as UTF-8)")
    if (
        sniffed != expected
        and not (expected == "text" and sniffed == "html")
        and not (expected == "html" and sniffed == "text")
    ):
        raise UnreadableDocument(
            name, f"content is {_DESCRIBE[sniffed]}, not {_DESCRIBE[expected]}"
        )
    return fmt


_DESCRIBE = {
    "pdf": "a PDF",
    "docx": "a Word document",
    "html": "an HTML page",
    "text": "plain text",
    "zip": "a ZIP archive (not a Word document)",
    "binary": "binary data",
    "undecodable": "text in an unknown encoding",
}


def sniff(data: bytes) -> str:
    """What the bytes are: pdf, docx, zip, html, text or binary."""
    if data[:1024].lstrip().startswith(b"%PDF-") or data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            import io

            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                return "docx" if "word/document.xml" in zf.namelist() else "zip"
        except zipfile.BadZipFile:
            return "binary"
    text = _decode(data)
    if text is None:
        legacy = data[:4096].decode("latin-1")
        controls = sum(1 for ch in legacy if ord(ch) < 32 and ch not in "\t\n\r\f")
        return (
            "binary" if b"\x00" in data[:4096] or controls > 0.01 * len(legacy) else "undecodable"
        )
    head = text[:2048].lstrip().lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) or re.search(
        r"<(html|head|body)[\s>]", head
    ):
        return "html"
    return "text"


def _decode(data: bytes) -> str | None:
    """Text if the bytes are text (UTF-8, or UTF-16 with a BOM), else None."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\n\r\f")
    return None if controls > 0.01 * max(1, len(text[:4096])) else text


# --- readers: bytes → Parsed --------------------------------------------------------


def _parsed(
    builder: Builder,
    title: str | None,
    metadata_date: dt.date | None = None,
    pages: int | None = None,
) -> Parsed:
    text, blocks = builder.finish()
    return Parsed(text, tuple(Block(*b) for b in blocks), title, metadata_date, pages)


def _read_markdown(data: bytes, name: str) -> Parsed:
    text = _decode(data)
    if text is None:
        raise UnreadableDocument(name, "not valid UTF-8 text")
    builder = Builder()
    title = None
    for kind, level, line in split_markdown(text):
        if kind == "heading":
            if level == 1 and title is None:
                title = line
            builder.heading(line)
        else:
            builder.add(kind, line)
    return _parsed(builder, title)


def _read_pdf(data: bytes, name: str) -> Parsed:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        reason = str(exc).lower()
        if "password" in reason:
            raise UnreadableDocument(name, "encrypted PDF (password protected)") from None
        raise UnreadableDocument(name, f"corrupt PDF ({exc})") from None
    try:
        pages = []
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range(count=min(textpage.count_chars(), MAX_PAGE_CHARS)))
            textpage.close()
            page.close()
    except pdfium.PdfiumError as exc:
        raise UnreadableDocument(name, f"corrupt PDF ({exc})") from None
    finally:
        pdf.close()
    pages = [clean_glyphs(page) for page in pages]
    builder = Builder()
    for page_no, kind, line in pdf_paragraphs(pages):
        if kind == "heading":
            builder.heading(line, page=page_no)
        else:
            builder.add(kind, line, page=page_no)
    title = _pdf_title(pages[0]) if pages else None
    return _parsed(builder, title or None, pages=len(pages))


def _read_docx(data: bytes, name: str) -> Parsed:
    document = _open_docx(data, name)
    paragraphs = document.paragraphs
    if len(paragraphs) > MAX_DOCX_PARAGRAPHS:
        raise LimitExceeded(name, f"Word document has over {MAX_DOCX_PARAGRAPHS:,} paragraphs")
    builder = Builder()
    title = (document.core_properties.title or "").strip() or None
    style_of = _docx_style_names(document)
    for para in paragraphs:
        line = clean_inline(para.text)
        if not line:
            continue
        style = style_of(para)
        if style == "Title" or style.startswith("Heading"):
            if title is None:
                title = line
            builder.heading(line)
        elif style.startswith("List"):
            builder.add("item", line)
        else:
            builder.add("paragraph", line)
    for line in _docx_table_rows(document):
        builder.add("paragraph", line)
    return _parsed(builder, title)


def _open_docx(data: bytes, name: str):
    """The python-docx Document of ``data``, within the unpacked size limit."""
    import io

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        if sum(info.file_size for info in zf.infolist()) > MAX_UNPACKED_BYTES:
            raise LimitExceeded(name, "Word document unpacks to over 200 MB (zip bomb?)")
    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise UnreadableDocument(name, f"corrupt Word document ({exc})") from None
    except Exception as exc:  # noqa: BLE001 - python-docx lets lxml, zlib and zipfile errors through
        # Damaged bytes must skip this file, not stop the whole run (or every run after it).
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise UnreadableDocument(name, f"corrupt Word document ({reason})") from None


def _docx_table_rows(document) -> Iterator[str]:
    """Each table row of a Word document as one line, its cells joined by " | "."""
    for table in document.tables:
        for row in table.rows:
            cells = [clean_inline(c.text) for c in row.cells]
            line = " | ".join(dict.fromkeys(c for c in cells if c))
            if line:
                yield line


def _docx_style_names(document):
    """paragraph → its style's name, from a table read once: python-docx's ``paragraph.style``
    searches every style on each call, which made 100,000 paragraphs take minutes."""
    from docx.enum.style import WD_STYLE_TYPE

    names = {style.style_id: style.name or "" for style in document.styles}
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    default_name = (default.name or "") if default is not None else ""
    return lambda para: names.get(para._p.style, default_name)  # _p.style: the pStyle id, or None


def _read_html(data: bytes, name: str) -> Parsed:
    from index.ingest.structure import parse_html

    text = _decode(data)
    if text is None:
        raise UnreadableDocument(name, "not valid UTF-8 text")
    parsed = parse_html(text)
    builder = Builder()
    for kind, line in parsed.blocks:
        if kind == "heading":
            builder.heading(line)
        else:
            builder.add(kind, line)
    meta_date = None
    for value in parsed.meta_dates:
        meta_date = _iso_date(value)
        if meta_date:
            break
    return _parsed(builder, parsed.title, meta_date)


# Symbol and Wingdings fonts put their bullets in Unicode's private use area (U+F06E "■",
# U+F02D "–", U+F0B7 "•"): as text they are junk glyphs. One before a blank is a bullet.
_PRIVATE_BULLET = re.compile(r"[\uf000-\uf0ff](?=[ \t\u00a0])")
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")
_PAGE_NUMBER = re.compile(r"\d{1,3}")


def clean_glyphs(text: str) -> str:
    """PDF text without private-use glyphs: a bullet becomes "•", any other is dropped."""
    return _PRIVATE_USE.sub("", _PRIVATE_BULLET.sub("•", text))


def _pdf_title(first_page: str) -> str | None:
    """The first heading of page 1: its opening lines up to a blank line or a labelled one
    ("Inspection dates: …"), without a page number above it or a footnote mark after it."""
    lines: list[str] = []
    for line in first_page.splitlines():
        line = clean_inline(line)
        if not line or _PAGE_NUMBER.fullmatch(line):
            if lines and not line:
                break
            continue
        if ":" in line or dates.find_dates(line) or len(lines) == 5:
            break
        lines.append(re.sub(r"(?<=[a-z])\d$", "", line))  # "… safeguarding children board1"
        if sum(map(len, lines)) > 220:
            break
    title = " ".join(lines).strip()
    if len(title) > 240:
        title = title[:240].rsplit(" ", 1)[0] + "…"
    return title or None


def _iso_date(value: str) -> dt.date | None:
    match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:
        return None


# --- title and date -----------------------------------------------------------------


def _publication_date(
    text: str, meta_date: dt.date | None, path: Path
) -> tuple[dt.date | None, str]:
    """Read from the text first; the file name, then the file's mtime, only as fallbacks."""
    found = dates.find_publication_date(text)
    if found:
        return found[0], found[1]
    if meta_date:
        return meta_date, "document metadata"
    from_name = dates.date_from_filename(path.name)
    if from_name:
        return from_name, "file name"
    try:
        return dt.date.fromtimestamp(path.stat().st_mtime), "file modified time"
    except OSError:
        return None, "none"


def _title_from_name(path: Path) -> str:
    stem = re.sub(r"^\d{4}-\d{2}-\d{2}[\s_-]*", "", path.stem)
    stem = re.sub(r"[_]+", " ", stem).strip()
    return stem[:1].upper() + stem[1:] if stem else path.name
