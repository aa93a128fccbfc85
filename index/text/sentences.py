"""The sentences an answer may quote, found once at indexing time.

An answer quotes one to three sentences from the passages retrieved for a question,
chosen by how close each sentence's own vector is to the question's. Encoding those
sentences while the user waits cost about 150 ms a question (some 28 sentences), more
than everything else together; so each passage's quotable sentences and their vectors
are stored beside it when it is indexed (``Writer.add_document``), and a question only
reads them. The same function decides which sentences those are at both times.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from index.text.words import FUNCTION_WORDS

MAX_QUOTE_CHARS = 400

# A sentence ends at . ! or ? (with any closing quote, bracket or markdown emphasis) followed by
# blanks and a capital or a digit, perhaps after a bullet or an opening quote ("… 2021. • The") ...
_END = re.compile(r"[.!?][\"'”’)\]*_]*(?=\s+[^\w\s]{0,3}\s*[A-Z0-9])")
# ... unless the full stop closes an abbreviation or an initial ("Mr.", "e.g.", "J. Smith", "3.1.").
_ABBREV = re.compile(
    r"(?:\b(?:St|Dr|Mr|Mrs|Ms|No|Cllr|Co|Ltd|e\.g|i\.e|vs|para|paras)|\b[A-Z]|^\s*[\d.]+)\.\Z"
)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_LEADING_NUMBER = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2}){1,3}|\d{1,3}[.)])\s+")


def terms(text: str) -> set[str]:
    """Content words, lower-cased, a plural 's' dropped: what lexical overlap is counted on."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {
        w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words if w not in FUNCTION_WORDS
    }


def tidy(text: str, limit: int = MAX_QUOTE_CHARS) -> str:
    """A sentence as quoted: no leading paragraph number, one space between words, at most ``limit``."""
    text = _LEADING_NUMBER.sub("", text.strip())
    text = re.sub(r"\s+", " ", text)
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + "…"
    return text


def sentence_ends(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The sentences of ``text[start:end]`` as consecutive (start, end) offsets into ``text``.

    The one sentence splitter: passages are cut, answers quote and events are read by it.
    Spans cover the range without gaps (the blanks after a sentence open the next one); a
    line break is not an end, so callers split paragraphs first where they have them.
    """
    end = len(text) if end is None else end
    spans, last = [], start
    for m in _END.finditer(text, start, end):
        if _ABBREV.search(text, max(last, m.start() - 8), m.start() + 1):
            continue
        spans.append((last, m.end()))
        last = m.end()
    spans.append((last, end))
    return spans


def sentences_of(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each sentence or list item in ``text``, blanks stripped, shifted by ``offset``."""
    out = []
    paragraph_starts = [0, *(m.end() for m in _PARAGRAPH_BREAK.finditer(text))]
    paragraph_ends = [*(m.start() for m in _PARAGRAPH_BREAK.finditer(text)), len(text)]
    for p_start, p_end in zip(paragraph_starts, paragraph_ends):
        for s, e in sentence_ends(text, p_start, p_end):
            piece = text[s:e]
            if piece.strip():
                s += len(piece) - len(piece.lstrip())
                e -= len(piece) - len(piece.rstrip())
                out.append((offset + s, offset + e))
    return out


def quotable(
    text: str, offset: int, is_heading: Callable[[int], bool]
) -> list[tuple[int, int, str]]:
    """(start, end, quote) of the sentences of a passage that an answer may quote.

    ``text`` is the passage, starting at ``offset`` in its document; ``is_heading(start)``
    says whether a sentence starting there is a heading (a heading names a topic and
    answers nothing). Fragments of fewer than three content words are left out too.
    """
    out = []
    for start, end in sentences_of(text, offset):
        if is_heading(start):
            continue
        quote = tidy(text[start - offset : end - offset])
        if len(terms(quote)) >= 3:
            out.append((start, end, quote))
    return out


# --- a document read sentence by sentence --------------------------------------------

_TERMINAL = re.compile(r"[.!?:;]['\"”’)*_]*\s*$")


class TextView:
    """The document text, cut into paragraphs (PDF-wrapped lines rejoined) and sentences on demand."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._sentences: dict[int, list[tuple[int, int]]] = {}

    def line(self, pos: int) -> tuple[int, int]:
        start = self.text.rfind("\n", 0, pos) + 1
        end = self.text.find("\n", pos)
        return start, len(self.text) if end < 0 else end

    def neighbour(self, start: int, end: int, forward: bool) -> tuple[int, int] | None:
        """The next (or previous) non-blank line."""
        text = self.text
        if forward:
            pos = end
            while pos < len(text) and text[pos] in "\r\n \t":
                pos += 1
            return self.line(pos) if pos < len(text) else None
        pos = start - 1
        while pos > 0 and text[pos - 1] in "\r\n \t":
            pos -= 1
        return self.line(pos - 1) if pos > 0 else None

    def paragraph(self, pos: int) -> tuple[int, int]:
        """The line at ``pos``, joined to neighbours where a sentence runs on in lower case."""
        start, end = self.line(pos)
        for _ in range(3):
            prev = self.neighbour(start, end, forward=False)
            first = self.text[start:end].lstrip()[:1]
            if not prev or not first.islower() or _TERMINAL.search(self.text[prev[0] : prev[1]]):
                break
            start = prev[0]
        for _ in range(3):
            nxt = self.neighbour(start, end, forward=True)
            if (
                not nxt
                or _TERMINAL.search(self.text[start:end])
                or not self.text[nxt[0] : nxt[1]].lstrip()[:1].islower()
            ):
                break
            end = nxt[1]
        return start, end

    def sentence(self, pos: int) -> tuple[int, int]:
        p_start, p_end = self.paragraph(pos)
        spans = self._sentences.get(p_start)
        if spans is None or spans[-1][1] != p_end:
            spans = sentence_ends(self.text, p_start, p_end)
            self._sentences[p_start] = spans
        for s, e in spans:
            if s <= pos < e or e == p_end:
                return strip_span(self.text, s, e)
        return strip_span(self.text, p_start, p_end)


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) without the blanks at either end."""
    while start < end and text[start] in " \t\r\n":
        start += 1
    while end > start and text[end - 1] in " \t\r\n":
        end -= 1
    return start, end
