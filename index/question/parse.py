"""Text → Question: who a question is about, what time it asks about, and what it asks for.

A question is understood once, here, into a typed value; scoping, retrieval and answering
take that value and never read the raw text again for these decisions.

    parse("who led hounslows 2023 inspection", today)
    == Question(councils=("Hounslow",), time=TimeAsked("during", spans=(2023,)), field="lead_inspector", …)

Which words mean which field or time is data (``index.forms``: FORMS, TIME_CUES, ABBREVIATIONS),
not regexes tuned to particular questions; council names are linked by ``index.gazetteer``,
which forgives typos, lower case, possessives without apostrophes and short forms ("bucks",
"south glos"). Words are first corrected towards the tables' own words (rapidfuzz, for words
of six letters or more: "inspectd", "outstandng"), then matched longest phrase first.

The field is the strongest one named (``PRIORITY``: "what did the lead inspector say about
care leavers" is a topic); a grade named with "when" makes ``when_judged``; a grade or a
national form with no field makes ``overall``; content words left with a council and no
field make ``topic``.

The time. A date named is read by ``dates.find_dates`` (and bare years, "last year", "two
years ago", "in the last 3 years" here), and its cue word decides how it is meant:

- ``during``: a year, month, season or range ("2018", "march 2023", "in jan 2024") names the
  inspection or visit held then; its facts answer. Also a day, for the facts of the inspection
  itself (dates, lead inspector, kind of visit, improvements, topic, count).
- ``as_of``: "as of"/"as at"/"by"/"at the time of" a date, "before <date>" (the day before),
  or a day named ("on 1 march 2020") for a grade or status: what was known that day ("X's
  grade in june 2019" is *during*; falling back to what was known then is the answer's call).
- ``since``: "since"/"after"/"from" a date, or "in the last N years".
- ``future``: any date named after ``today`` (not with "since").
Without a date: first > change ("has it improved") > previous ("before that") > next > last > now > none.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from dataclasses import field as dc_field
from functools import lru_cache

from rapidfuzz import fuzz, process

from index.extract.cues import ORDINAL, visit_number
from index.text.dates import DateSpan
from index.question.forms import ABBREVIATIONS, FORMS, GRADE_ASKS, JUDGEMENT_WORDS, PLACE_ENDINGS, PRIORITY, STOPWORDS, TIME_CUES
from index.text.ordinary_words import ORDINARY_WORDS, REAL_WORDS

#: What a question asks for. None (no field stated: "and Bury?") lets a follow-up take the
#: previous question's field, or gives the council's status.
FIELDS = (
    "status",          # "how is bolton doing": grade, last inspection, what comes next
    "overall",         # the overall effectiveness grade
    "judgement",       # one judgement: see Question.judgement
    "dates",           # when an inspection or visit took place ("when was X last inspected")
    "lead_inspector",  # who led it
    "visit_kind",      # what kind of inspection or visit it was
    "next",            # the next expected inspection or visit
    "count",           # how many inspections or visits (since a day, in a span)
    "improvements",    # what needs to improve
    "when_judged",     # when a grade was given ("when was X judged inadequate")
    "topic",           # what inspectors said about a topic (Question.topic)
)

#: Judgement keys, as index.events names them.
JUDGEMENTS = ("overall", "leaders", "help_and_protection", "in_care", "care_leavers",
              "in_care_and_care_leavers", "adoption", "leadership", "safeguarding", "capacity")

#: What time a question asks about.
TIME_KINDS = (
    "none",      # nothing said: as of today (a follow-up may take the previous question's time)
    "now",       # "current", "now", "at the moment": as of today
    "last",      # "last", "latest", "most recent"
    "previous",  # "before that", "the one before", "previous"
    "change",    # "has it improved", "better or worse than last time": the last and the one before
    "first",     # "first inspected", "first ilacs inspection": the earliest (from a named start)
    "next",      # "next", "upcoming", "when will"
    "during",    # a year, month, date or range names an inspection ("in 2018", "march 2023")
    "as_of",     # "as of 1 march 2020", "in june 2019 what was the grade": what was known then
    "since",     # "since 2019": a bound, for counts and lists
    "future",    # a named time after today ("in 2028"): nothing can be known
)


@dataclass(frozen=True)
class Place:
    """A place named in a question that is not an English children's services authority."""

    text: str  # as typed
    name: str | None  # the place recognised ("Cardiff"); None when no gazetteer entry knows it
    inspectorate: str | None  # who inspects its children's services ("Care Inspectorate Wales"); None if unknown


@dataclass(frozen=True)
class TimeAsked:
    kind: str = "none"  # one of TIME_KINDS
    spans: tuple[DateSpan, ...] = ()  # the dates named, for during / as_of / since / future
    text: str = ""  # the words that said it ("in 2018", "before that")


@dataclass(frozen=True)
class Question:
    text: str  # as asked, with whitespace and control characters tidied
    councils: tuple[str, ...] = ()  # canonical names of English authorities, in the order named
    ambiguous: tuple[tuple[str, ...], ...] = ()  # per unresolved name, its two or three candidates
    places: tuple[Place, ...] = ()  # places named that Ofsted does not inspect, or that nobody knows
    ours: bool = False  # "our", "we", "us": the chat's own council
    refers_back: bool = False  # "it", "that", "before that", "and …?": continues the previous question
    time: TimeAsked = TimeAsked()
    field: str | None = None  # one of FIELDS; None when the question names none
    judgement: str | None = None  # with field "judgement" or "when_judged": one of JUDGEMENTS
    grade: str | None = None  # a grade named ("inadequate", "good or better"), for when_judged and lists
    visit_kind: str | None = None  # inspection, monitoring_visit, focused_visit, assurance_visit; None: any
    topic: tuple[str, ...] = ()  # content words the parse did not use: what a "topic" question is about
    national: str | None = None  # "list", "count", "change" or "compare" for questions about the country
    grade_from: str | None = None  # with national "change": the grade left ("from inadequate to good")
    ambiguous_text: tuple[str, ...] = ()  # per ``ambiguous`` entry, the words typed ("richmond"), to ask with
    visit_number: int | None = None  # "the fifth monitoring visit", "2nd visit": which visit of a series
    also: tuple[str, ...] = ()  # other facts asked in the same message ("grade and lead inspector"): ALSO
    served: tuple[tuple[str, tuple[str, ...]], ...] = ()  # districts or towns named ("ryedale"), with their authority


#: Facts a message may ask for beside its field, each answered in turn (dates come with each of them).
ALSO = ("overall", "lead_inspector", "improvements")

# Fields whose facts belong to one inspection: a day named for them names that inspection
# (during), where for a grade or status it asks what was known that day (as_of).
_EVENT_FIELDS = frozenset({"dates", "lead_inspector", "visit_kind", "improvements", "topic", "count"})


# --- reading the tables ----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _forms() -> dict[tuple[str, ...], list[tuple[str, str]]]:
    """FORMS as phrase (words) → [(role, value)]; a phrase may have several meanings."""
    table: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for line in FORMS.replace("\\\n", " ").strip().splitlines():
        head, _, phrases = line.partition(":")
        role, value = head.split(maxsplit=1)
        for phrase in phrases.split("|"):
            table.setdefault(tuple(phrase.split()), []).append((role, value))
    return table


@lru_cache(maxsize=1)
def _longest() -> int:
    return max(len(p) for p in _forms())


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[frozenset[str], list[str]]:
    """Every word the tables know, and those long enough to correct a typo towards."""
    words = set(STOPWORDS) | set(ABBREVIATIONS) | set(TIME_CUES)
    for phrase in _forms():
        words.update(phrase)
    for expansion in ABBREVIATIONS.values():
        words.update(expansion.split())
    return frozenset(words), sorted(w for w in words if len(w) >= 5)


def _correct(word: str, before: str = "", after: str = "") -> str:
    """A word as the tables spell it: abbreviations expanded, typos of their words fixed.

    A word one slip from a table's word is corrected: two letters swapped ("grdae", "ratnig")
    or one letter after the first dropped or added ("ofstd", "gade"). Words of six letters or
    more are also corrected by distance; shorter ones are not, as their other slips are
    mostly other words ("neet" is not "next"). Where two words are equally near ("inspecter": inspected, inspector), the one
    that makes a phrase with a neighbour ("lead inspector") is taken.
    """
    if word in ABBREVIATIONS:
        return ABBREVIATIONS[word]
    known, long_words = _vocabulary()
    if word in known or len(word) < 4 or not word.isalpha() or word in REAL_WORDS:
        return word
    near = [w for w in known if _one_short_slip(word, w)]
    if not near and len(word) >= 6:
        cutoff = TYPO_CUTOFF(len(word))
        found = process.extract(word, long_words, scorer=fuzz.ratio, score_cutoff=cutoff, limit=5)
        top = max((score for _, score, _ in found), default=0)
        near = [w for w, score, _ in found if score == top]
    if len(near) > 1:  # a phrase with a neighbour, else the nearest; the same in every process
        in_phrase = [w for w in near if _in_phrase(before, w) or _in_phrase(w, after)]
        near = [max(in_phrase or near, key=lambda w: (fuzz.ratio(word, w), w))]
    return ABBREVIATIONS.get(near[0], near[0]) if near else word


def _one_short_slip(typed: str, word: str) -> bool:
    """Whether a typed word is ``word`` with two letters swapped, or one letter after the
    first dropped or added (neither word shorter than four letters)."""
    if len(word) < 4 or abs(len(word) - len(typed)) > 1:
        return False
    if len(word) == len(typed):
        diff = [i for i, (a, b) in enumerate(zip(typed, word)) if a != b]
        return (len(diff) == 2 and diff[1] == diff[0] + 1
                and typed[diff[0]] == word[diff[1]] and typed[diff[1]] == word[diff[0]])
    if word[0] != typed[0] or min(len(word), len(typed)) < 4:
        return False
    longer, shorter = (word, typed) if len(word) > len(typed) else (typed, word)
    return any(longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))


def _in_phrase(first: str, second: str) -> bool:
    """Whether two words begin a phrase of the forms together."""
    return bool(first and second) and (first, second) in _pairs()


@lru_cache(maxsize=1)
def _pairs() -> frozenset[tuple[str, str]]:
    return frozenset(phrase[i:i + 2] for phrase in _forms() for i in range(len(phrase) - 1))


def TYPO_CUTOFF(length: int) -> int:  # noqa: N802 (a table, written as a function)
    """How near (rapidfuzz ratio) a typed word must be to a table's word to be taken for it.

    Real English words near a table's word never are (REAL_WORDS), so the cutoff can be
    low enough for two slips in a long word ("judgmnet", "effectivness").
    """
    return 86 if length < 8 else 80


@dataclass
class _Word:
    word: str
    start: int  # offsets of the typed word it came from
    end: int
    meanings: list[tuple[str, str]] = dc_field(default_factory=list)
    used: bool = False  # by a phrase, a date or a name
    phrase: tuple[int, int] = (0, 0)  # the phrase it belongs to, as word indexes


def _words(text: str, names: list[tuple[int, int]]) -> list[_Word]:
    """The question's words after correction, with the words of council names marked used."""
    words: list[_Word] = []
    tokens = gazetteer.tokens(text)
    for i, token in enumerate(tokens):
        inside = any(s <= token.start < e for s, e in names)
        before = words[-1].word if words else ""
        after = tokens[i + 1].word if i + 1 < len(tokens) else ""
        for part in (token.word.split() if inside else _correct(token.word, before, after).split()):
            words.append(_Word(part, token.start, token.end, used=inside))
    return words


def _match_forms(words: list[_Word]) -> None:
    """Give each run of words the meanings of the longest phrase it spells."""
    forms = _forms()
    longest = _longest()
    for n in range(longest, 0, -1):
        for i in range(len(words) - n + 1):
            if any(w.used for w in words[i:i + n]):
                continue
            meanings = forms.get(tuple(w.word for w in words[i:i + n]))
            if meanings:
                for w in words[i:i + n]:
                    w.used, w.meanings, w.phrase = True, meanings, (i, i + n)


from index.question.when import _spans, _time  # noqa: E402  (after _Word: the time parser reads this module's words)


# --- the parse -----------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029]")


def parse(text: str, today: dt.date) -> Question:
    """Understand a question typed the way people type: see the module docstring."""
    tidy = " ".join(_CONTROL.sub(" ", text).split())
    linked = gazetteer.link(tidy)
    words = _words(tidy, [(m.start, m.end) for m in linked.matches])
    spans = _spans(tidy, words, today)
    _match_forms(words)

    said: dict[str, list[_Word]] = {}  # "role value" or value → the words that said it
    roles: dict[str, list[tuple[int, str]]] = {}  # role → [(word index, value)], in order
    seen: set[tuple[int, int]] = set()
    for i, w in enumerate(words):
        if not w.meanings or w.phrase in seen:
            continue
        seen.add(w.phrase)
        phrase_words = words[w.phrase[0]:w.phrase[1]]
        for role, value in w.meanings:
            if role == "field" and value == "dates" and w.word == "when" and 2 < i < len(words) - 1:
                continue  # "what was the grade when it was last inspected": not a when-question
            if role == "back" and value == "opener" and i > 0:
                continue
            roles.setdefault(role, []).append((i, value))
            said.setdefault(value, phrase_words)

    def values(role: str) -> list[str]:
        return [v for _, v in roles.get(role, [])]

    councils, places, ambiguous = linked.councils, list(linked.places), linked.ambiguous
    judgement = next(iter(values("judgement")), None)
    grades = values("grade")
    kinds = values("visit")
    visit_kind = next((k for k in kinds if k != "inspection"), "inspection" if kinds else None)

    national_said = set(values("national"))
    national = None
    if "compare" in national_said and len(councils) + len(ambiguous) >= 2:
        national = "compare"
    elif not councils and ("plural" in national_said or (
            words and words[0].word in ("which", "who") and (grades or "change" in national_said))):
        national = ("compare" if "compare" in national_said else "count" if "count" in national_said
                    else "change" if "change" in national_said else "list")

    cues = [(PRIORITY[v], -i, v) for i, v in roles.get("field", [])
            if not (v == "count" and national == "count")]
    if judgement:
        cues.append((PRIORITY["judgement"], 0, "judgement"))
    field_ = max(cues)[2] if cues else None
    asks_when = any(v == "dates" for _, _, v in cues) or any(w.word == "ever" for w in words) or (
        words and words[0].word in ("last", "first") and said.get(words[0].word, [None])[0] is words[0])
    if grades and asks_when and field_ in (None, "dates", "topic", "overall", "status", "judgement"):
        field_ = "when_judged"  # "when did ofsted find X inadequate", "last time X was rated inadequate"
    topic = _topic(words, tidy, field_, places if not (councils or ambiguous) else None)
    if field_ == "judgement" and set(topic) - JUDGEMENT_WORDS and not any(w.word in GRADE_ASKS for w in words):
        field_ = "topic"  # "how good is the education of children in care in bolton": a topic within it
        topic = _topic(words, tidy, field_, None)
    if field_ is None and (grades or national):
        field_ = "overall"
    elif field_ is None and topic and (councils or linked.places):
        field_ = "topic"
    if field_ == "topic" and not topic and not judgement:
        field_ = "status"
    elif field_ == "status" and topic:
        field_ = "topic"  # "how are disabled children supported in bath"
    if field_ == "overall" and judgement:
        field_ = "judgement"
    if field_ is None and not roles.get("back") and (councils or ambiguous):
        if spans and not any(s.earliest > today for s, _ in spans):
            field_ = "overall"  # "bucks ofsted 2014": the grade of that year's inspection
        elif kinds and ("last" in said or "previous" in said) and not said.keys() & {"change", "compare"}:
            field_ = "dates"  # "boltons most recent ofsted inspection"

    if field_ in (None, "overall") and not grades and any(cue == "since" for _, cue in spans) and any(
            w.word in ("inspections", "visits", "mv", "fv") for w in words) and not any(
            w.word in GRADE_ASKS for w in words):
        field_ = "count"  # "sutton ofsted inspections since 2020": how many, and which
    named = [set(m.councils) for m in linked.matches if m.councils and not m.ambiguous]  # "leeds and bradford"
    if national is None and len(named) >= 2 and not any(n >= set(councils) for n in named) and not spans:
        national = "compare" if field_ in (None, "overall", "status", "judgement") else None
    grade_from = None
    if "change" in national_said and len(grades) >= 2:  # also "how many moved from ri to good"
        grade_from, grade = grades[0], grades[-1]
    else:
        grade = grades[0] if grades else None
    time = _time(spans, said, field_, today, tidy, national=national is not None)
    also = tuple(dict.fromkeys(v for _, _, v in sorted(cues, reverse=True)  # "grade and lead inspector for merton"
                               if v in ALSO and v != field_ and field_ in (*ALSO, "dates")
                               and not (v == "overall" and judgement)))
    refers_back = "back" in roles or ("previous" in said and said["previous"][-1].word in ("that", "then"))
    return Question(
        text=tidy, councils=councils, ambiguous=ambiguous, places=tuple(places),
        ours="ours" in roles, refers_back=refers_back, time=time, field=field_, judgement=judgement,
        grade=grade, visit_kind=visit_kind, topic=topic, national=national, grade_from=grade_from,
        visit_number=visit_number(tidy), also=also, ambiguous_text=linked.ambiguous_text,
        served=tuple((m.served, m.councils) for m in linked.matches if m.served))


def _topic(words: list[_Word], text: str, field_: str | None, places: list[Place] | None) -> tuple[str, ...]:
    """Content words left over; a topic question keeps the judgement's words too ("care leavers").

    With no council named, a left-over word that reads as a place ("barsetshire council",
    "how is ambridgeshire doing") is added to ``places`` as an unknown place, not a topic.
    """
    known, _ = _vocabulary()
    topic: list[str] = []
    ordinal = ORDINAL.search(text)  # "the fifth visit" names a visit (visit_number), not a topic
    for i, w in enumerate(words):
        keep_judgement = field_ == "topic" and any(r == "judgement" for r, _ in w.meanings)
        if (w.used and not keep_judgement) or w.word in STOPWORDS or w.word.isdigit() or len(w.word) < 2:
            continue
        if ordinal and ordinal.start() <= w.start < ordinal.end():
            continue
        if places is not None and not places and _unknown_place(words, i, known):
            places.append(Place(text[w.start:w.end], None, None))
            continue
        if w.word not in topic:
            topic.append(w.word)
    return tuple(topic)


def _unknown_place(words: list[_Word], i: int, known: frozenset[str]) -> bool:
    """Whether words[i], which no table knows, stands where a place would."""
    word = words[i].word
    before = words[i - 1].word if i else ""
    after = words[i + 1].word if i + 1 < len(words) else ""
    if word in known or word in ORDINARY_WORDS:
        return False
    if after in ("council", "borough", "county", "city"):
        return True
    slot = before in ("in", "for", "of", "about", "is", "at", "does", "did", "was") or after in (
        "doing", "grade", "rating", "rated", "ofsted", "inspection", "children")
    return slot and len(word) >= 6 and word.endswith(PLACE_ENDINGS)


from index.question.gazetteer import link as gazetteer  # noqa: E402  (last: the gazetteer's matches carry this module's Place)
