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
from typing import Callable

MAX_QUOTE_CHARS = 400

_SPLIT = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z0-9“\"‘'(])|\n\n+")
_LEADING_NUMBER = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2}){1,3}|\d{1,3}[.)])\s+")
STOP = set("""a an the of to in on at for by with from and or is are was were be been being it its this that
these those what when where which who whom why how do does did will would can could should shall may might
i we you they he she our your their us me my there here as into about any some next last latest most recent
ofsted tell please""".split())


def terms(text: str) -> set[str]:
    """Content words, lower-cased, a plural 's' dropped: what lexical overlap is counted on."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words if w not in STOP}


def tidy(text: str, limit: int = MAX_QUOTE_CHARS) -> str:
    """A sentence as quoted: no leading paragraph number, one space between words, at most ``limit``."""
    text = _LEADING_NUMBER.sub("", text.strip())
    text = re.sub(r"\s+", " ", text)
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + "…"
    return text


def sentences_of(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each sentence or list item in ``text``, shifted by ``offset``."""
    spans, start = [], 0
    for match in _SPLIT.finditer(text):
        spans.append((start, match.start() + (len(match.group(0).rstrip()) if match.group(0).strip() else 0)))
        start = match.end()
    spans.append((start, len(text)))
    return [(offset + s, offset + e) for s, e in spans if text[s:e].strip()]


def quotable(text: str, offset: int, is_heading: Callable[[int], bool]) -> list[tuple[int, int, str]]:
    """(start, end, quote) of the sentences of a passage that an answer may quote.

    ``text`` is the passage, starting at ``offset`` in its document; ``is_heading(start)``
    says whether a sentence starting there is a heading (a heading names a topic and
    answers nothing). Fragments of fewer than three content words are left out too.
    """
    out = []
    for start, end in sentences_of(text, offset):
        if is_heading(start):
            continue
        quote = tidy(text[start - offset:end - offset])
        if len(terms(quote)) >= 3:
            out.append((start, end, quote))
    return out
