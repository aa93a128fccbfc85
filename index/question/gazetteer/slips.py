"""Typed council names: which name a mistyped word is a single slip, or a short fuzzy step, from.

Kept apart from the gazetteer's table and context rules (index/gazetteer.py), which call
``slip`` for one word and ``choices_near`` for fuzzy matching of longer names.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import OSA, Indel

from index.councils import organisations, placenames
from index.question.gazetteer.table import fold, is_initialism, table
from index.question.vocabulary import vocabulary
from index.text.ordinary_words import DICTIONARY_WORDS, ORDINARY_WORDS, SLIP_WORDS


@lru_cache(maxsize=1)
def _fuzzy_choices() -> tuple[list[str], dict[int, list[str]]]:
    """Names fuzzy matching may land on, by length: long enough, and not ordinary words."""
    keys = [
        key
        for key, entry in table().items()
        if len(key) >= 5
        and not entry.context
        and entry.kind != "region"
        and key not in ORDINARY_WORDS
        and not is_initialism(key)
    ]
    by_length: dict[int, list[str]] = {}
    for key in keys:
        by_length.setdefault(len(key), []).append(key)
    return keys, by_length


@lru_cache(maxsize=64)
def choices_near(length: int) -> tuple[str, ...]:
    """Names within two letters of this length: a typo of one letter or two, and a fast scan."""
    _, by_length = _fuzzy_choices()
    return tuple(k for n in range(length - 2, length + 3) for k in by_length.get(n, ()))


@lru_cache(maxsize=1)
def _one_edit_choices() -> dict[int, tuple[str, ...]]:
    """One-word names a single slip may land on, by length: names that are also words too,
    but not short forms ("camhs" is not a slip of "cambs"), nor other four-letter names
    than the authorities' own ("burry" is Bury)."""
    short = {fold(n) for names in placenames.OTHER_NAMES.values() for n in names if len(n) <= 6}
    official = {fold(c) for c in organisations.COUNCILS}
    by_length: dict[int, list[str]] = {}
    for key, entry in table().items():
        if (
            " " not in key
            and (len(key) >= 5 or key in official)
            and key not in short
            and entry.kind != "region"
            and not is_initialism(key)
        ):
            by_length.setdefault(len(key), []).append(key)
    return {n: tuple(keys) for n, keys in by_length.items()}


def _near(word: str, choices: dict[int, tuple[str, ...]]) -> list[str]:
    """The names a single slip from ``word``, keeping its first letter (a slip is rarely there)."""
    # never the first letter
    return [
        k
        for n in (len(word) - 1, len(word), len(word) + 1)
        for k in choices.get(n, ())
        if k[0] == word[0] and OSA.distance(word, k, score_cutoff=1) <= 1
    ]


def _one_edit(word: str, choices: dict[int, tuple[str, ...]]) -> str | None:
    """The one name ``word`` is a single slip from (a letter added, dropped, changed or two
    swapped: "croyden", "barnett", "hatlon"), or None when none is or two places are."""
    near = _near(word, choices)
    if len({id(table()[k]) for k in near}) > 1:  # "burry": Bury (a letter doubled) before Barry
        gaps = sorted((Indel.distance(word, k), k) for k in near)
        near = [k for gap, k in gaps if gap == gaps[0][0]]
    return near[0] if len({id(table()[k]) for k in near}) == 1 else None


def slip(word: str) -> str | None:
    """The name a typed word of five letters or more is one slip from, unless it is a word.

    A dictionary word ("halter", "leading") or a word of the question forms is never a slip;
    a misspelling ("lambath", "croyden") is. A name that is near a place but is itself
    another (SLIP_WORDS: "boston", "sydney") is a slip only by a doubled letter.
    """
    if len(word) < 5 or not word.isalpha() or word in DICTIONARY_WORDS or word in table():
        return None
    known, _ = vocabulary()
    if word in known:
        return None
    key = _one_edit(word, _one_edit_choices())
    if key is not None and word in SLIP_WORDS and not _doubled(word, key):
        return None  # a name in its own right ("boston", "sydney"), unless spelt with a letter
    return key  # doubled or undoubled, the commonest slip ("barnett")


def _doubled(a: str, b: str) -> bool:
    """Whether a and b differ only by one letter written twice or once ("barnett", "barnet")."""
    short, long_ = sorted((a, b), key=len)
    if len(long_) != len(short) + 1:
        return False
    return any(
        long_[:k] + long_[k + 1 :] == short and long_[k] == long_[k - 1]
        for k in range(1, len(long_))
    )
