"""The words the question tables know, and typed words corrected towards them.

``forms()`` reads ``index.question.forms.FORMS`` into phrase → meanings; ``vocabulary()`` is
every word the tables know; ``correct`` turns a typed word into the tables' spelling
("inspectd" → "inspected", "whats" → "what is"). The gazetteer reads ``vocabulary()`` too, so
that a word of the question forms is never taken for a mistyped council name.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz, process

from index.question.forms import ABBREVIATIONS, FORMS, STOPWORDS, TIME_CUES
from index.text.ordinary_words import REAL_WORDS


@lru_cache(maxsize=1)
def forms() -> dict[tuple[str, ...], list[tuple[str, str]]]:
    """FORMS as phrase (words) → [(role, value)]; a phrase may have several meanings."""
    table: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for line in FORMS.replace("\\\n", " ").strip().splitlines():
        head, _, phrases = line.partition(":")
        role, value = head.split(maxsplit=1)
        for phrase in phrases.split("|"):
            table.setdefault(tuple(phrase.split()), []).append((role, value))
    return table


@lru_cache(maxsize=1)
def longest() -> int:
    return max(len(p) for p in forms())


@lru_cache(maxsize=1)
def vocabulary() -> tuple[frozenset[str], list[str]]:
    """Every word the tables know, and those long enough to correct a typo towards."""
    words = set(STOPWORDS) | set(ABBREVIATIONS) | set(TIME_CUES)
    for phrase in forms():
        words.update(phrase)
    for expansion in ABBREVIATIONS.values():
        words.update(expansion.split())
    return frozenset(words), sorted(w for w in words if len(w) >= 5)


def correct(word: str, before: str = "", after: str = "") -> str:
    """A word as the tables spell it: abbreviations expanded, typos of their words fixed.

    A word one slip from a table's word is corrected: two letters swapped ("grdae", "ratnig")
    or one letter after the first dropped or added ("ofstd", "gade"). Words of six letters or
    more are also corrected by distance; shorter ones are not, as their other slips are
    mostly other words ("neet" is not "next"). Where two words are equally near ("inspecter":
    inspected, inspector), the one that makes a phrase with a neighbour ("lead inspector") is
    taken.
    """
    if word in ABBREVIATIONS:
        return ABBREVIATIONS[word]
    known, long_words = vocabulary()
    if word in known or len(word) < 4 or not word.isalpha() or word in REAL_WORDS:
        return word
    near = [w for w in known if one_short_slip(word, w)]
    if not near and len(word) >= 6:
        cutoff = typo_cutoff(len(word))
        found = process.extract(word, long_words, scorer=fuzz.ratio, score_cutoff=cutoff, limit=5)
        top = max((score for _, score, _ in found), default=0)
        near = [w for w, score, _ in found if score == top]
    if len(near) > 1:  # a phrase with a neighbour, else the nearest; the same in every process
        in_phrase = [w for w in near if _in_phrase(before, w) or _in_phrase(w, after)]
        near = [max(in_phrase or near, key=lambda w: (fuzz.ratio(word, w), w))]
    return ABBREVIATIONS.get(near[0], near[0]) if near else word


def one_short_slip(typed: str, word: str) -> bool:
    """Whether a typed word is ``word`` with two letters swapped, or one letter after the
    first dropped or added (neither word shorter than four letters)."""
    if len(word) < 4 or abs(len(word) - len(typed)) > 1:
        return False
    if len(word) == len(typed):
        diff = [i for i, (a, b) in enumerate(zip(typed, word)) if a != b]
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and typed[diff[0]] == word[diff[1]]
            and typed[diff[1]] == word[diff[0]]
        )
    if word[0] != typed[0] or min(len(word), len(typed)) < 4:
        return False
    longer, shorter = (word, typed) if len(word) > len(typed) else (typed, word)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def _in_phrase(first: str, second: str) -> bool:
    """Whether two words begin a phrase of the forms together."""
    return bool(first and second) and (first, second) in _pairs()


@lru_cache(maxsize=1)
def _pairs() -> frozenset[tuple[str, str]]:
    return frozenset(phrase[i : i + 2] for phrase in forms() for i in range(len(phrase) - 1))


def typo_cutoff(length: int) -> int:
    """How near (rapidfuzz ratio) a typed word must be to a table's word to be taken for it.

    Real English words near a table's word never are (REAL_WORDS), so the cutoff can be
    low enough for two slips in a long word ("judgmnet", "effectivness").
    """
    return 86 if length < 8 else 80
