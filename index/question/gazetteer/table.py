"""The gazetteer's table: every name people use for a children's services authority, folded.

``table()`` maps a folded name ("stoke on trent", "bucks", "sth glos") to an ``Entry``: the
councils it stands for, alternatives to ask between, a region, or a place Ofsted does not
inspect. ``tokens`` and ``fold`` say how text is compared with it: lower case, no
apostrophes, "&" as "and", a possessive "s" noted and dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from index.councils import organisations, placenames, regions


@dataclass(frozen=True)
class Entry:
    kind: str  # "council" (one or several at once), "ambiguous", "elsewhere", "region"
    targets: tuple[str, ...] = ()
    name: str = ""  # "elsewhere": the place as written; "region": its key in index.councils.regions
    inspectorate: str = ""
    context: bool = False  # also an ordinary word: needs a place's slot
    body: str = ""  # a trust or former council named, that ``targets`` stand for


# --- words -------------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|&")


@dataclass(frozen=True)
class Token:
    word: str  # folded: lower case, no apostrophes, "&" as "and", possessive 's dropped
    start: int
    end: int
    possessive: bool  # written with 's


def tokens(text: str) -> list[Token]:
    """The words of ``text`` with their offsets, folded as the gazetteer compares them."""
    found = []
    for m in _TOKEN.finditer(text):
        word = m.group().lower().replace("’", "'")
        possessive = word.endswith("'s") or word.endswith("s'")
        if word.endswith("'s"):
            word = word[:-2]
        word = "and" if word == "&" else word.replace("'", "")
        found.append(Token(word, m.start(), m.end(), possessive))
    return found


def fold(name: str) -> str:
    """A name as the gazetteer compares it: "Stoke-on-Trent" → "stoke on trent"."""
    return " ".join(t.word for t in tokens(name))


# --- the table ---------------------------------------------------------------------------

MAX_WORDS = 7
# How people cut a point of the compass short at the start of a name.
_COMPASS_SHORT = {
    "north": ("n", "nth"),
    "south": ("s", "sth"),
    "east": ("e",),
    "west": ("w",),
    "north east": ("ne",),
    "north west": ("nw",),
    "south east": ("se",),
    "south west": ("sw",),
}


@lru_cache(maxsize=1)
def table() -> dict[str, Entry]:
    """Every name, folded, to what it stands for. Built once.

    The more specific tables come first and a key keeps its first meaning; then the forms
    people shorten names to are added ("lincoln shire", "sth glos", "derbys").
    """
    names: dict[str, Entry] = {}
    for name, entry in _entries():
        _add(names, name, entry)
    for key, entry in list(names.items()):
        if key in placenames.NEEDS_CONTEXT and entry.kind != "elsewhere":
            names[key] = Entry(entry.kind, entry.targets, entry.name, entry.inspectorate, True)
        if entry.kind == "council" and len(key) > 4 and key.endswith("shire"):
            _add(names, key[: -len("shire")] + " shire", names[key])  # "lincoln shire"
    for key, entry in list(names.items()):
        _add_compass_short(names, key, entry)
    for key, entry in list(names.items()):  # "derbys": Derbyshire's short form, or Derby's?
        base = names.get(key[:-1]) if key.endswith("s") else None
        if (
            entry.kind == "council"
            and base
            and base.kind == "council"
            and base.targets != entry.targets
        ):
            names[key] = Entry("ambiguous", base.targets + entry.targets, context=entry.context)
    return names


def _add(names: dict[str, Entry], name: str, entry: Entry) -> None:
    """Add a name, and the same written without an apostrophe inside it ("sandwell childrens
    trust" for Sandwell Children's Trust: fold drops a possessive "s" only at the end)."""
    found = tokens(name)
    inner = [t.word + ("s" if t.possessive else "") for t in found[:-1]] + [
        t.word for t in found[-1:]
    ]
    for key in (fold(name), " ".join(inner)):
        if key and key not in names:
            names[key] = entry


def _entries() -> Iterator[tuple[str, Entry]]:
    """(name, entry) from each table of names, the more specific tables first."""
    yield from _places()
    for name in organisations.COUNCILS:
        yield name, _council(name)
    for name in organisations.SERVES:
        yield name, replace(_council(name), body=name)
    for name, targets in placenames.AMBIGUOUS.items():
        yield name, Entry("ambiguous", targets)
    for alias, target in organisations._ALIASES.items():
        body = target if isinstance(target, str) and target in organisations.SERVES else ""
        yield alias, replace(_council(target), body=body)
    for target, names in placenames.OTHER_NAMES.items():
        for name in names:
            yield name, _council(target)
    for target, names in (*placenames.DISTRICTS.items(), *placenames.TOWNS.items()):
        # a district or town: the authority that serves it, which an answer names
        for name in names:
            yield name, Entry("council", _council(target).targets, name=name)


def _places() -> Iterator[tuple[str, Entry]]:
    """Regions and areas of England, and places Ofsted does not inspect."""
    for name, region in regions.NAMES.items():
        yield name, Entry("region", name=region)
    for name in placenames.REGIONS:  # bigger than a region, or elsewhere: linked to none
        yield name, Entry("region")
    for inspectorate, names in placenames.ELSEWHERE.items():
        for name in names:
            needs_context = fold(name) in placenames.ELSEWHERE_NEEDS_CONTEXT
            yield (
                name,
                Entry("elsewhere", name=name, inspectorate=inspectorate, context=needs_context),
            )


def _council(names: tuple[str, ...] | str) -> Entry:
    """The entry for a council, or several: a trust or predecessor stands for the councils it became."""
    targets = (names,) if isinstance(names, str) else names
    councils: list[str] = []
    for target in targets:
        for found in sorted(organisations.served_by(target)) or [target]:
            if found not in councils:
                councils.append(found)
    return Entry("council", tuple(councils))


def _add_compass_short(names: dict[str, Entry], key: str, entry: Entry) -> None:
    """ "sth glos", "nth yorks", "ne lincs": a name with its point of the compass cut short."""
    words = key.split()
    for n in (2, 1):
        head = " ".join(words[:n])
        if head in _COMPASS_SHORT and len(words) > n and entry.kind != "region":
            for short in _COMPASS_SHORT[head]:
                _add(names, " ".join([short, *words[n:]]), entry)
            return


def is_initialism(key: str) -> bool:
    return " " not in key and not re.search(r"[aeiouy]", key[1:])
