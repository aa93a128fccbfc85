"""A question's words: typed words corrected, council names marked, phrases of the forms matched.

``read_words`` gives each word with the offsets of the typed word it came from; ``match_forms``
gives each run of words the meanings of the longest phrase of the forms it spells.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field

from index.question.gazetteer import tokens
from index.question.vocabulary import correct, forms, longest


@dataclass
class Word:
    word: str
    start: int  # offsets of the typed word it came from
    end: int
    meanings: list[tuple[str, str]] = dc_field(default_factory=list)
    used: bool = False  # by a phrase, a date or a name
    phrase: tuple[int, int] = (0, 0)  # the phrase it belongs to, as word indexes


def read_words(text: str, names: list[tuple[int, int]]) -> list[Word]:
    """The question's words after correction, with the words of council names marked used."""
    words: list[Word] = []
    typed = tokens(text)
    for i, token in enumerate(typed):
        inside = any(s <= token.start < e for s, e in names)
        before = words[-1].word if words else ""
        after = typed[i + 1].word if i + 1 < len(typed) else ""
        for part in token.word.split() if inside else correct(token.word, before, after).split():
            words.append(Word(part, token.start, token.end, used=inside))
    return words


def match_forms(words: list[Word]) -> None:
    """Give each run of words the meanings of the longest phrase it spells."""
    table = forms()
    for n in range(longest(), 0, -1):
        for i in range(len(words) - n + 1):
            if any(w.used for w in words[i : i + n]):
                continue
            meanings = table.get(tuple(w.word for w in words[i : i + n]))
            if meanings:
                for w in words[i : i + n]:
                    w.used, w.meanings, w.phrase = True, meanings, (i, i + n)
