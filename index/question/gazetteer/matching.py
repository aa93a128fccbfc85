"""Which councils a question names, the way people type them.

``link("hows plymoth doing compared to south glos")`` finds Plymouth and South
Gloucestershire. A question is typed, not edited: lower case, possessives without
apostrophes ("rochdales"), short forms ("bucks", "northants"), initialisms ("RBKC", "lbbd"),
towns for their authority ("harrogate" → North Yorkshire) and typos ("northumberlnd").

How a name is found, in this order (each word is used by one name at most):

1. Exact names, longest first, over runs of up to seven words, with a possessive "s" allowed
   on the last word. So "bury st edmunds" is Suffolk, never Bury, and "north somerset"
   never Somerset.
2. Fuzzy names (rapidfuzz ``ratio``) for the words left, longest first, but never for an
   ordinary English word that happens to be near a name ("dealing" is not Ealing: the words
   come from ``ordinary_words.py``), never for a word of fewer than five letters, and never
   to a name that is also an ordinary word.

A name that is also an ordinary word ("reading", "bury", "bath", "jersey") counts only in a
place's slot: capitalised mid-sentence, possessive, after "in"/"of"/"is"/"and"…, before
"council"/"doing"/"grade"…, or alone. A name after a point of the compass that makes a
different place ("new york", "south somerset" unless listed) does not count.

What a name stands for:
- one authority ("Plymouth"), or several at once (a council since split, "northants" →
  North and West Northamptonshire; a trust serving three, "achieving for children");
- two or three alternatives to ask between ("richmond": Richmond upon Thames, or North
  Yorkshire, which includes Richmond);
- a place Ofsted does not inspect (Wales, Scotland, Northern Ireland, the Crown
  dependencies), with who does (``Place.inspectorate``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from index.councils import regions as england
from index.question.gazetteer.slips import choices_near, slip
from index.question.gazetteer.table import MAX_WORDS, Entry, Token, table, tokens
from index.question.types import Place
from index.text.ordinary_words import DICTIONARY_WORDS, ORDINARY_WORDS, SLIP_WORDS


@dataclass(frozen=True)
class Match:
    """One name found in a text."""

    text: str  # as typed
    start: int  # character offsets in the text
    end: int
    councils: tuple[str, ...]  # the authorities it stands for; alternatives when ambiguous
    ambiguous: bool = False  # True: ask which of ``councils`` was meant
    place: Place | None = None  # a place Ofsted does not inspect; then councils is ()
    fuzzy: bool = False  # found by fuzzy matching (a typo)
    # a district or town that is not an authority ("ryedale"): ``councils`` serve it
    served: str = ""
    body: str = ""  # a trust or former council named ("Sandwell Children's Trust", "Cumbria")


@dataclass(frozen=True)
class Linked:
    councils: tuple[str, ...] = ()  # canonical names of English authorities, in the order named
    ambiguous: tuple[tuple[str, ...], ...] = ()  # per ambiguous name, its candidates
    places: tuple[Place, ...] = ()  # places named that Ofsted does not inspect
    matches: tuple[Match, ...] = ()  # every name found, with where it is in the text
    ambiguous_text: tuple[str, ...] = ()  # per ambiguous entry, the words typed ("richmond")
    bodies: tuple[str, ...] = ()  # trusts and former councils named, as Ofsted names them
    regions: tuple[str, ...] = ()  # regions and areas named ("London", "North West"), in order
    region_spans: tuple[tuple[int, int], ...] = ()  # where each region named is in the text


# --- context -----------------------------------------------------------------------------

_COMPASS = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "new",
        "mid",
        "central",
        "upper",
        "lower",
        "great",
        "little",
        "greater",
        "old",
    }
)
# How people cut a point of the compass short at the start of a name.
# Words before a name that put it in a place's slot ("in reading", "is bath", "and bury").
_BEFORE = frozenset(
    {
        "in",
        "for",
        "at",
        "on",
        "grade",
        "rating",
        "judgement",
        "ofsted",
        "inspection",
        "report",
        "visit",
        "results",
        "about",
        "is",
        "does",
        "did",
        "was",
        "has",
        "had",
        "and",
        "or",
        "vs",
        "versus",
        "v",
        "compare",
        "than",
        "hows",
        "whats",
        "inspected",
        "inspect",
        "visited",
        "council",
        "from",
        "dates",
        "date",
        "when",
    }
)
# Verbs whose object a name is ("ofsted rated hull", "what did ofsted give reading").
_VERB_BEFORE = frozenset({"rate", "rated", "rates", "give", "gave", "gives", "given"})
# Words after a name that do ("bury council", "reading doing", "bath ofsted").
_AFTER = frozenset(
    {
        "council",
        "cc",
        "borough",
        "city",
        "county",
        "childrens",
        "children",
        "ofsted",
        "doing",
        "rated",
        "rating",
        "ratings",
        "grade",
        "grades",
        "graded",
        "judged",
        "judgement",
        "judgment",
        "inspection",
        "inspections",
        "inspected",
        "la",
        "local",
        "lbc",
        "mbc",
        "mv",
        "monitoring",
        "focused",
        "ilacs",
        "report",
        "reports",
        "social",
        "performing",
        "last",
        "latest",
        "next",
        "overall",
        "now",
        "and",
        "or",
        "vs",
        "compared",
        "get",
        "got",
        "been",
        "trust",
        "areas",
        "improvement",
        "improvements",
        "recommendations",
        "weaknesses",
        "strengths",
        "services",
        "lead",
        "inspector",
        "judgements",
        "judgments",
        "leaders",
        "leadership",
        "adoption",
        "safeguarding",
        "cla",
        "lac",
        "cic",
        "current",
        "currently",
        "inadequate",
        "outstanding",
        "requires",
        "ri",
        "councils",
        "sif",
        "lscb",
    }
)
# Words that may follow a name after "in"/"about"… ("is bath still rated", "in hull since 2019").
_VERBS = frozenset(
    {
        "is",
        "was",
        "has",
        "had",
        "have",
        "been",
        "do",
        "does",
        "did",
        "get",
        "got",
        "still",
        "now",
        "ever",
        "currently",
        "since",
        "at",
        "like",
        "against",
        "versus",
        "in",
        "on",
        "for",
        "before",
        "after",
        "when",
        "during",
        "this",
        "that",
        "from",
        "compare",
        "so",
        "then",
        "please",
        "what",
        "which",
        "who",
        "how",
        "inadequate",
        "outstanding",
        "good",
        "requires",
        "ri",
        "failing",
        "adequate",
        "first",
        "earliest",
        "previously",
        "hold",
        "held",
        "improved",
        "slipped",
        "declined",
    }
)
# Judgements named after a name ("bury care leavers", "reading help and protection"), two words each.
_AFTER_PAIRS = frozenset(
    {("care", "leavers"), ("care", "leaver"), ("help", "and"), ("help", "protection")}
)
# Nouns after which "of", "to" or "into" and a name put it in a place's slot ("the 2014
# inspection of barking", "ofsted went into bury"), where "the teaching of reading" does not.
_BEFORE_OF = frozenset(
    {
        "inspection",
        "inspections",
        "inspected",
        "report",
        "reports",
        "visit",
        "visits",
        "grade",
        "grades",
        "rating",
        "ratings",
        "judgement",
        "judgements",
        "outcome",
        "outcomes",
        "results",
        "ofsted",
        "went",
        "go",
        "gone",
        "back",
        "came",
        "come",
        "coming",
        "going",
    }
)
# Words that may stand around a name that is alone in a question ("and bury?").
_ALONE = frozenset({"and", "what", "about", "how", "hows", "whats", "or", "the", "then", "now"})


def _in_place_slot(tokens: list[Token], i: int, j: int, text: str) -> bool:
    """Whether tokens[i:j] stand where a place would: see the module docstring."""
    first = text[tokens[i].start]
    if first.isupper() and i > 0 and not text[tokens[i].start : tokens[j - 1].end].isupper():
        return True  # "in Reading", but not "READING" shouted, and not a sentence's first word
    if tokens[j - 1].possessive:
        return True
    before = tokens[i - 1].word if i > 0 else ""
    after = tokens[j].word if j < len(tokens) else ""
    if after == "and":  # "bury and bolton", but not "reading and writing"
        return j + 1 < len(tokens) and tokens[j + 1].word in _first_words()
    if (
        after in _AFTER
        or re.fullmatch(r"(?:19|20)\d\d", after)  # "the hull 2014 report"
        or before in _VERB_BEFORE
        or (j + 1 < len(tokens) and (after, tokens[j + 1].word) in _AFTER_PAIRS)
    ):
        return True
    if before in ("of", "to", "into") and i > 1 and tokens[i - 2].word in _BEFORE_OF:
        before = "in"
    if before in _BEFORE:  # "in reading", "about bath", but not "about reading ages"
        return not after or after in _VERBS or after.isdigit()
    return all(t.word in _ALONE for t in tokens[:i] + tokens[j:])


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    return frozenset(key.split()[0] for key, entry in table().items() if entry.kind != "region")


def _after_compass(tokens: list[Token], i: int) -> bool:
    return i > 0 and tokens[i - 1].word in _COMPASS


# --- linking -----------------------------------------------------------------------------


def _lookup(words: list[str]) -> tuple[Entry, bool] | None:
    """The entry for these words, trying a possessive "s" off the last; and whether it was."""
    names = table()
    key = " ".join(words)
    if key in names:
        return names[key], False
    if (len(words[-1]) > 3 or len(words) > 2) and words[-1].endswith(
        "s"
    ):  # also "h&fs": "h and f" + s
        entry = names.get(key[:-1])
        if entry is not None and entry.kind != "region":
            return entry, True
    return None


def _fuzzy(words: list[str]) -> str | None:
    """The one name these words are a typo of, or None."""
    query = " ".join(words)
    if (
        len(words) > 1
        and min(len(words[0]), len(words[-1])) <= 3
        and not (words[0] in ("st", "saint") and len(words[-1]) > 3)
    ):
        return None  # "on northumberlnd": a short word at the edge is not part of the name; "st hellens" is
    if len(query) < 5 or any(w in ORDINARY_WORDS or w.isdigit() for w in words if len(w) > 2):
        return None
    choices = choices_near(len(query))
    if not choices:
        return None
    cutoff = 85 if len(query) >= 8 else 88
    # A slip is rarely in a name's first letter: "ambridge" is a place of its own, not Cambridge.
    best = [
        b
        for b in process.extract(query, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=4)
        if b[0][0] == query[0]
    ][:2]
    if not best:
        return None
    if len(best) > 1 and best[1][1] == best[0][1] and table()[best[0][0]] != table()[best[1][0]]:
        return None  # equally near two different places: a guess, not a match
    return best[0][0]


def _match(
    text: str, tokens: list[Token], i: int, j: int, entry: Entry, possessive: bool, fuzzy: bool
) -> Match:
    written = text[tokens[i].start : tokens[j - 1].end]
    if entry.kind == "elsewhere":
        return Match(
            written,
            tokens[i].start,
            tokens[j - 1].end,
            (),
            place=Place(written, entry.name, entry.inspectorate),
            fuzzy=fuzzy,
        )
    return Match(
        written,
        tokens[i].start,
        tokens[j - 1].end,
        entry.targets,
        ambiguous=entry.kind == "ambiguous",
        fuzzy=fuzzy,
        served=entry.name if entry.kind == "council" else "",
        body=entry.body,
    )


def find(text: str) -> list[Match]:
    """Every name in ``text``, in the order written (regions are left out)."""
    return _search(text).matches()


def _search(text: str) -> _Finder:
    finder = _Finder(text)
    finder.exact()
    finder.fuzzy()
    return finder


class _Finder:
    """The names of one text, each word used by one name at most: exact names first, longest
    first; then fuzzy ones for the words left."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = tokens(text)
        self.used = [False] * len(self.toks)
        self.found: list[tuple[int, Match | None]] = []
        self.regions: dict[int, str] = {}  # first and last word of each region named → its key
        self.named_regions: list[tuple[int, str]] = []  # (first word, key) of England's regions
        self.spans: dict[int, int] = {}  # first word of each ambiguous name → the word after it
        self.region_end: dict[int, int] = {}  # first word of each region named → the word after it

    def runs(self, lengths, past_regions: bool = False) -> Iterator[tuple[int, int]]:
        """(first word, word after) of every run of unused words, of each length in turn;
        with ``past_regions``, also runs that start with a region's words."""
        for n in lengths:
            for i in range(len(self.toks) - n + 1):
                if not any(self.used[i : i + n]) or (past_regions and self._region_ahead(i, i + n)):
                    yield i, i + n

    def _region_ahead(self, i: int, j: int) -> bool:
        """Whether words i..j are a region's words (starting at i) and then unused words."""
        end = self.region_end.get(i)
        return end is not None and end < j and not any(self.used[end:j])

    def region_span(self, i: int) -> tuple[int, int]:
        """The characters of the region named from word i."""
        return self.toks[i].start, self.toks[self.region_end[i] - 1].end

    def _untake_region(self, i: int) -> None:
        end = self.region_end.pop(i)
        for k in range(i, end):
            self.used[k] = False
        self.regions.pop(i, None)
        self.regions.pop(end - 1, None)
        self.named_regions = [(k, name) for k, name in self.named_regions if k != i]
        self.found = [(k, m) for k, m in self.found if not (k == i and m is None)]

    def take(self, i: int, j: int, entry: Entry, possessive: bool, fuzzy: bool) -> None:
        for k in range(i, j):
            self.used[k] = True
        if entry.kind == "region":
            self.regions[i] = self.regions[j - 1] = entry.name
            self.region_end[i] = j
            if entry.name:
                self.named_regions.append((i, entry.name))
            self.found.append((i, None))
            return
        if entry.kind == "ambiguous":
            self.spans[i] = j
        self.found.append((i, _match(self.text, self.toks, i, j, entry, possessive, fuzzy)))

    def exact(self) -> None:
        # Of two names as long, a council's goes first: "the north east lincolnshire" is
        # North East Lincolnshire, not the North East and Lincolnshire.
        for n in range(min(MAX_WORDS, len(self.toks)), 0, -1):
            for regions in (False, True):
                self._exact(n, regions)

    def _exact(self, n: int, regions: bool) -> None:
        for i, j in self.runs((n,)):
            if any(self.used[i:j]):  # taken by a name found earlier in this pass
                continue
            hit = _lookup([t.word for t in self.toks[i:j]])
            if hit is None or (hit[0].kind == "region") != regions:
                continue
            entry, possessive = hit
            if entry.context and not (possessive or _in_place_slot(self.toks, i, j, self.text)):
                continue
            if _after_compass(self.toks, i) and entry.kind != "region":
                continue  # "south somerset" and "new york" are other places
            self.take(i, j, entry, possessive, False)

    def fuzzy(self) -> None:
        for i, j in self.runs((3, 2, 1), past_regions=True):
            if any(self.used[i:j]) and not self._region_ahead(i, j):
                continue
            key = _typo_of([t.word for t in self.toks[i:j]])
            if key is not None and any(self.used[i:j]):
                if table()[key].kind != "council":
                    continue
                self._untake_region(i)  # "north east linclnshire": a council misspelt, no region
            if key is None or (j - i == 1 and _after_compass(self.toks, i)):
                continue
            if table()[key].context and not _in_place_slot(self.toks, i, j, self.text):
                continue  # "burry" for Bury only where a place would stand
            self.take(i, j, table()[key], False, True)

    def matches(self) -> list[Match]:
        """The names found, in the order written; an ambiguous one settled by a region beside it."""
        found = [
            (
                i,
                _settle(m, self.toks, i, self.spans[i], self.regions)
                if m and i in self.spans
                else m,
            )
            for i, m in self.found
        ]
        return [m for _, m in sorted(found, key=lambda f: f[0]) if m is not None]


def _typo_of(words: list[str]) -> str | None:
    """The name these words are a typo of: a fuzzy match, or for one word a single slip
    ("plymoths", "lambaths": with a possessive "s" too)."""
    key = _fuzzy(words)
    if key is None and len(words[-1]) > 5 and words[-1].endswith("s"):
        key = _fuzzy(words[:-1] + [words[-1][:-1]])  # "plymoths"
    if key is not None or len(words) > 1:
        return key
    word = words[0]
    key = slip(word)
    plural = (
        len(word) > 5
        and word.endswith("s")
        and word not in SLIP_WORDS
        and word not in DICTIONARY_WORDS
    )
    return slip(word[:-1]) if key is None and plural else key  # "lambaths"


def _settle(m: Match, toks: list[Token], i: int, j: int, regions: dict[int, str]) -> Match:
    """An ambiguous name beside a region that holds one of its places is that place:
    "richmond london", "london richmond", "kingston in london"."""
    after = j + 1 if j < len(toks) and toks[j].word in ("in", "of") else j
    for k in (i - 1, after):
        members = england.members(regions.get(k, ""))
        inside = tuple(c for c in m.councils if c in members)
        if len(inside) == 1:
            return Match(m.text, m.start, m.end, inside, fuzzy=m.fuzzy)
    return m


def link(text: str) -> Linked:
    """The councils, ambiguous names, regions and other places a question names."""
    finder = _search(text)
    matches = finder.matches()
    councils: list[str] = []
    ambiguous: list[tuple[str, ...]] = []
    typed: list[str] = []
    places: list[Place] = []
    for m in matches:
        if m.place is not None:
            if m.place not in places:
                places.append(m.place)
        elif m.ambiguous:
            if m.councils not in ambiguous:
                ambiguous.append(m.councils)
                typed.append(m.text)
        else:
            councils.extend(c for c in m.councils if c not in councils)
    # A name's alternatives that another name settles are no longer a question:
    # "richmond in north yorkshire" is North Yorkshire.
    kept = [i for i, a in enumerate(ambiguous) if not set(a) & set(councils)]
    return Linked(
        tuple(councils),
        tuple(ambiguous[i] for i in kept),
        tuple(places),
        tuple(matches),
        tuple(typed[i] for i in kept),
        tuple(dict.fromkeys(m.body for m in matches if m.body)),
        tuple(dict.fromkeys(name for _, name in sorted(finder.named_regions))),
        tuple(finder.region_span(i) for i, _ in sorted(finder.named_regions)),
    )
