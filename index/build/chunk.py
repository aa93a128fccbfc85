"""Document → passages: whole paragraphs kept together under their heading.

A passage is a run of consecutive blocks, cut at about ``TARGET_WORDS`` words and
never inside a paragraph unless the paragraph alone is longer than ``MAX_WORDS`` (then
at sentence ends). A heading starts a new passage and travels with its first
paragraphs; sections too short to stand alone are joined to the next. all-MiniLM-L6-v2 reads at most 256 word pieces, so
passages stay well under that.
"""

from __future__ import annotations

import re

from index.ingest.read import Block, Document
from index.store.records import Passage
from index.text.sentences import sentence_ends

TARGET_WORDS = 110
MAX_WORDS = 170
MIN_WORDS = 40  # a section shorter than this joins the next one


def _words(text: str) -> int:
    return len(text.split())


def _pieces(block: Block, text: str) -> list[tuple[int, int]]:
    """The block's span, or its sentence-aligned pieces if it is too long for one passage."""
    if _words(text[block.start : block.end]) <= MAX_WORDS:
        return [(block.start, block.end)]
    pieces, piece_start, words = [], block.start, 0
    # Cut where a sentence starts, so that each piece begins with its first word.
    cuts = [
        s + len(text[s:e]) - len(text[s:e].lstrip())
        for s, e in sentence_ends(text, block.start, block.end)[1:]
    ]
    for cut in cuts + [block.end]:
        words = _words(text[piece_start:cut])
        if words >= TARGET_WORDS or cut == block.end:
            pieces.append((piece_start, cut))
            piece_start = cut
    # A sentence-less wall of text: fall back to fixed word windows.
    final = []
    for start, end in pieces:
        tokens = list(re.finditer(r"\S+", text[start:end]))
        if len(tokens) <= MAX_WORDS:
            final.append((start, end))
            continue
        for i in range(0, len(tokens), TARGET_WORDS):
            chunk = tokens[i : i + TARGET_WORDS]
            final.append((start + chunk[0].start(), start + chunk[-1].end()))
    return [(s, e) for s, e in final if text[s:e].strip()]


def _location_of(blocks: list[Block]) -> tuple[str, str | None, int | None]:
    body = [b for b in blocks if b.kind != "heading"] or blocks
    paras = list(dict.fromkeys(b.para for b in body if b.para))
    pages = list(dict.fromkeys(b.page for b in body if b.page is not None))
    section = body[0].section
    parts = []
    if pages:
        parts.append(f"page {pages[0]}" if len(pages) == 1 else f"pages {pages[0]}–{pages[-1]}")
    if len(paras) > 1:
        parts.append(f"paras {paras[0]}–{paras[-1]}")
    elif paras:
        parts.append(f"para {paras[0]}")
    elif section:
        parts.append(f'section "{section}"')
    return ", ".join(parts) or "opening text", section, pages[0] if pages else None


def split_passages(document: Document) -> list[Passage]:
    """The document's passages in reading order, each with its location and offsets."""
    text = document.text
    passages: list[Passage] = []
    group: list[tuple[Block, int, int]] = []

    def close() -> None:
        if not group or all(block.kind == "heading" for block, _, _ in group):
            return
        start, end = group[0][1], group[-1][2]
        location, section, page = _location_of([block for block, _, _ in group])
        passages.append(Passage(start, end, text[start:end], location, section, page))
        group.clear()

    def words_in_group() -> int:
        return sum(_words(text[s:e]) for b, s, e in group if b.kind != "heading")

    for block in document.blocks:
        if block.kind == "heading":
            # A new section starts a new passage, unless what came before is too
            # short to stand alone (a title, a lone line): then they travel together.
            if words_in_group() >= MIN_WORDS:
                close()
            group.append((block, block.start, block.end))
            continue
        for start, end in _pieces(block, text):
            words = words_in_group()
            if group and words and words + _words(text[start:end]) > TARGET_WORDS:
                close()
            group.append((block, start, end))
    close()
    return passages
