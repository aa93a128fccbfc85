"""Structure of a document's text: headings, numbered paragraphs, list items, pages.

The readers in ingest.py turn each format into a stream of (kind, line) blocks; the
Builder here lays those blocks end to end into one plain text and remembers, for each
block, the numbered paragraph and heading in force, so a quote can be cited as
``para 1.6`` or ``section "4. Next steps"`` or ``page 7``.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

# "1.6 We expect…", "3.2.1 …": a council report's numbered paragraph.
_DOTTED_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(?=\S)")
# "12. Leaders have…": an Ofsted report's numbered paragraph.
_PLAIN_NUMBER = re.compile(r"^(\d{1,3})[.)]\s+(?=[A-Z‘'\"“(])")
_BULLET = re.compile(r"^\s*(?:[-*+•▪◼●■–]|\uf0b7)\s+")
_SENTENCE_END = re.compile(r"[.!?:;\"”’)]\s*$")
# A Markdown table's row, "| a | b |", and its rule under the header, "|---|:--:|".
_TABLE_ROW = re.compile(r"^\|.*\|$")
_TABLE_RULE = re.compile(r"\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*")


def clean_inline(text: str) -> str:
    """Markdown/HTML inline markup out, plain words in: what a reader would quote."""
    text = re.sub(r"<sup>\s*(\w+)\s*</sup>", r"\1", text, flags=re.I)
    text = re.sub(r"<[^>]{1,80}>", "", text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [label](url) → label
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!])", r"\1", text)  # markdown escapes
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = text.replace("**", "")
    text = html.unescape(text).replace("\u00a0", " ").replace("\ufffe", "-")
    return re.sub(r"[ \t]+", " ", text).strip()


def is_heading_line(line: str) -> bool:
    line = line.strip()
    return 0 < len(line) <= 100 and not _SENTENCE_END.search(line) and line[:1].isupper()


class Builder:
    """Lays blocks end to end into one text, recording where each sits."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._pos = 0
        self.blocks: list[tuple] = []
        self._section: str | None = None
        self._para: str | None = None

    def heading(self, line: str, page: int | None = None) -> None:
        line = line.strip()
        if not line:
            return
        self._section = line
        self._para = None
        self._append("heading", line, page)

    def add(self, kind: str, line: str, page: int | None = None) -> None:
        line = line.strip()
        if not line:
            return
        if kind == "paragraph":
            match = _DOTTED_NUMBER.match(line) or _PLAIN_NUMBER.match(line)
            if match:
                self._para = match.group(1)
        self._append(kind, line, page)

    def _append(self, kind: str, line: str, page: int | None) -> None:
        if self._parts:
            self._pos += 2  # the "\n\n" between blocks
        start = self._pos
        self._parts.append(line)
        self._pos += len(line)
        self.blocks.append((kind, start, self._pos, self._para, self._section, page))

    def finish(self) -> tuple[str, list[tuple]]:
        return "\n\n".join(self._parts), self.blocks


# --- Markdown and plain text ---------------------------------------------------------


def split_markdown(text: str) -> Iterator[tuple[str, int, str]]:
    """(kind, heading level, clean line) for each block of a Markdown or plain-text file.

    Blank lines end paragraphs; a paragraph cut in two by a stray blank line (no
    closing punctuation, next part starting in lower case) is joined up again.
    """
    blocks = _MarkdownBlocks()
    for raw in text.splitlines():
        blocks.line(raw)
    blocks.flush()
    yield from (tuple(block) for block in blocks.blocks)


class _MarkdownBlocks:
    """Markdown or plain-text lines gathered into blocks: [kind, heading level, text]."""

    def __init__(self) -> None:
        self.blocks: list[list] = []
        self.buffer: list[str] = []  # the lines of the paragraph being read

    def line(self, raw: str) -> None:
        line = raw.strip()
        heading = re.match(r"^(#{1,6})\s+(.*)$", line)
        if not line:
            self.flush()
        elif heading:
            self.flush()
            title = clean_inline(heading.group(2).strip("# "))
            if title:
                self.blocks.append(["heading", len(heading.group(1)), title])
        elif _TABLE_ROW.match(line):
            # A table row is a line of its own ("First | 27-28 September 2022 | Front door"),
            # as a Word table's row is: joined into a paragraph, its cells lose their rows.
            self.flush()
            cells = [clean_inline(c) for c in line.strip().strip("|").split("|")]
            if not _TABLE_RULE.fullmatch(line) and any(cells):
                self.blocks.append(["paragraph", 0, " | ".join(cells)])
        elif _BULLET.match(line):
            self.flush()
            item = clean_inline(_BULLET.sub("", line, count=1))
            if item:
                self.blocks.append(["item", 0, item])
        elif _DOTTED_NUMBER.match(line) or _PLAIN_NUMBER.match(line):
            self.flush()
            self.buffer.append(line)
        elif self.blocks and self.blocks[-1][0] == "item" and not self.buffer and raw[:1].isspace():
            # an indented continuation of a list item
            self.blocks[-1][2] += " " + clean_inline(line)
        else:
            self.buffer.append(line)

    def flush(self) -> None:
        """End the paragraph being read; join it to the one before if a stray blank line cut it."""
        if not self.buffer:
            return
        joined = clean_inline(" ".join(self.buffer))
        self.buffer.clear()
        if not joined:
            return
        prev = self.blocks[-1] if self.blocks else None
        if (
            prev
            and prev[0] == "paragraph"
            and not _SENTENCE_END.search(prev[2])
            and joined[:1].islower()
        ):
            prev[2] = f"{prev[2]} {joined}"
        else:
            self.blocks.append(["paragraph", 0, joined])


# --- PDF -----------------------------------------------------------------------------


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Headers and footers: lines (digits ignored) near the page edges on most pages."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        edge = lines[:3] + lines[-3:]
        counts.update({_shape(line) for line in edge if line.strip()})
    return {shape for shape, n in counts.items() if n >= max(3, len(pages) // 2)}


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip().lower())


def pdf_paragraphs(page_texts: list[str]) -> Iterator[tuple[int, str, str]]:
    """(page, kind, text) blocks from pdfium's per-page text, hard-wrapped lines joined.

    A block ends at a short line that closes a sentence; a numbered paragraph or a
    bullet starts a new one; a short unpunctuated run right before a numbered
    paragraph is that paragraph's heading.
    """
    pages = [
        [ln.replace("\ufffe", "-").rstrip() for ln in re.split(r"\r\n|\r|\n", t)]
        for t in page_texts
    ]
    running = _running_lines(pages)
    for page_no, lines in enumerate(pages, start=1):
        lines = [ln for ln in lines if ln.strip() and _shape(ln) not in running]
        # The usual width of a full line (not the longest: one long table row would
        # make every line look short and split paragraphs line by line).
        lengths = sorted(len(ln.strip()) for ln in lines if len(ln.strip()) >= 20)
        width = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 80
        buffer: list[str] = []
        kind = "paragraph"

        def flush(next_starts_numbered: bool = False) -> Iterator[tuple[int, str, str]]:
            nonlocal kind
            if buffer:
                text = clean_inline(" ".join(s.strip() for s in buffer))
                text = re.sub(r"(\w)- (\w)", r"\1-\2", text)
                if kind == "paragraph" and _looks_like_heading(
                    text, len(buffer), next_starts_numbered
                ):
                    yield page_no, "heading", text
                elif text:
                    yield page_no, kind, text
                buffer.clear()
            kind = "paragraph"

        for line in lines:
            stripped = line.strip()
            numbered = bool(_PLAIN_NUMBER.match(stripped) or _DOTTED_NUMBER.match(stripped))
            if numbered or _BULLET.match(stripped):
                yield from flush(next_starts_numbered=numbered)
                kind = "paragraph" if numbered else "item"
                buffer.append(_BULLET.sub("", stripped, count=1) if not numbered else stripped)
                continue
            if re.match(r"^[A-Z][\w’' ]{2,30}:\s", stripped) and buffer:
                yield from flush()  # "Inspection dates: …", "Lead inspector: …"
            buffer.append(stripped)
            if len(stripped) < 0.6 * width and (_SENTENCE_END.search(stripped) or len(buffer) == 1):
                yield from flush()
        yield from flush()


_GRADE_WORDS = re.compile(
    r"^(good|outstanding|inadequate|requires improvement|judgement|grade)\b", re.I
)


def _looks_like_heading(text: str, lines: int, before_numbered: bool) -> bool:
    """A short unpunctuated run: before a numbered paragraph, or a lone line of a few words."""
    # "…who need help and protection: good" is a heading; "Lead inspector: …" is not.
    graded = re.search(r":\s*(good|outstanding|inadequate|requires improvement[\w ]*)$", text, re.I)
    if (
        not (is_heading_line(text) or graded)
        or _GRADE_WORDS.match(text)
        or (":" in text and not graded)
    ):
        return False
    if before_numbered:
        return len(text) < 150
    return lines == 1 and 2 <= len(text.split()) <= 10


# --- HTML ----------------------------------------------------------------------------

_BLOCK_TAGS = {
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "td",
    "th",
    "div",
    "br",
    "section",
    "article",
    "blockquote",
    "pre",
    "dt",
    "dd",
    "caption",
    "tr",
    "ul",
    "ol",
    "table",
    "main",
}
_SKIP_TAGS = {
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "template",
    "svg",
    "form",
    "button",
    "select",
    "iframe",
    "head",
}
_META_DATE_NAMES = {
    "article:published_time",
    "date",
    "dc.date",
    "dcterms.created",
    "dcterms.issued",
    "datepublished",
    "publication_date",
    "og:published_time",
}


@dataclass
class ParsedHTML:
    title: str | None = None
    blocks: list[tuple[str, str]] = field(default_factory=list)
    meta_dates: list[str] = field(default_factory=list)


class _HTMLText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.result = ParsedHTML()
        self._text: list[str] = []
        self._skip = 0
        self._in_title = False
        self._title: list[str] = []
        self._kind = "paragraph"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k.lower(): (v or "") for k, v in attrs}
        if tag == "title":
            self._in_title = True
        elif tag == "meta":
            key = (
                attributes.get("property")
                or attributes.get("name")
                or attributes.get("itemprop")
                or ""
            ).lower()
            if key in _META_DATE_NAMES and attributes.get("content"):
                self.result.meta_dates.append(attributes["content"])
        elif tag == "time" and attributes.get("datetime"):
            self.result.meta_dates.append(attributes["datetime"])
        if tag in _SKIP_TAGS and tag != "head":
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self._flush()
            self._kind = (
                "heading"
                if re.fullmatch(r"h[1-6]", tag)
                else "item"
                if tag == "li"
                else "paragraph"
            )

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _SKIP_TAGS and tag != "head":
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title.append(data)
        elif not self._skip:
            self._text.append(data)

    def _flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self._text)).strip()
        self._text.clear()
        if text:
            if self._kind == "heading" and self.result.title is None and not self._title:
                self.result.title = text
            self.result.blocks.append((self._kind, text))
        self._kind = "paragraph"

    def close(self) -> None:
        super().close()
        self._flush()
        title = re.sub(r"\s+", " ", "".join(self._title)).strip()
        if title:
            self.result.title = title


def parse_html(text: str) -> ParsedHTML:
    parser = _HTMLText()
    parser.feed(text)
    parser.close()
    return parser.result
