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

from index.extract.cues import ORDINAL, visit_number
from index.question import gazetteer
from index.question.forms import (
    GENERIC,
    GRADE_ASKS,
    JUDGEMENT_WORDS,
    PLACE_ENDINGS,
    PRIORITY,
    STOPWORDS,
)
from index.question.remit import outside_remit
from index.question.types import ALSO, NATIONAL_CUES, Place, Question
from index.question.vocabulary import forms, vocabulary
from index.question.when import dates_named, time_asked
from index.question.words import Word, match_forms, read_words
from index.text.ordinary_words import ORDINARY_WORDS

# --- the parse -----------------------------------------------------------------------------

#: Words a follow-up may open with before "what about", "and…": "ok what about 2014".
_LEAD_FILLERS = frozenset(
    {
        "ok",
        "okay",
        "so",
        "right",
        "well",
        "yes",
        "yeah",
        "no",
        "hmm",
        "and",
        "then",
        "cool",
        "thanks",
    }
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029]")
#: Fields a grade named with "when" turns into ``when_judged``.
_JUDGED_FIELDS = (None, "dates", "topic", "overall", "status", "judgement")


@dataclass
class _Reading:
    """A question's words and what the tables say they mean, before any field is decided."""

    text: str
    today: dt.date
    linked: gazetteer.Linked
    words: list[Word]
    spans: list  # (DateSpan, how it is meant), from ``dates_named``
    # role → [(index, value)]
    roles: dict[str, list[tuple[int, str]]] = dc_field(default_factory=dict)
    said: dict[str, list[Word]] = dc_field(default_factory=dict)  # value → the words that said it

    def values(self, role: str) -> list[str]:
        return [v for _, v in self.roles.get(role, [])]

    @property
    def councils(self) -> tuple[str, ...]:
        return self.linked.councils

    @property
    def grades(self) -> list[str]:
        return self.values("grade")

    @property
    def judgement(self) -> str | None:
        return next(iter(self.values("judgement")), None)

    def has_word(self, *wanted: str) -> bool:
        return any(w.word in wanted for w in self.words)


def parse(text: str, today: dt.date, *, listing: bool = False) -> Question:
    """Understand a question typed the way people type: see the module docstring.

    ``listing``: the words of a national list ("/list inadequate in london"), about the
    country whatever they name.
    """
    reading = _read(text, today)
    places = list(reading.linked.places)
    national = _national(reading, listing)
    cues = _field_cues(reading, national)
    field_, topic = _field_and_topic(reading, cues, national, places)
    national = national or _named_apart(reading, field_)
    grades = [] if _good_at(reading) else reading.grades
    grade_from, grade = None, grades[0] if grades else None
    if (
        "change" in reading.values("national") and len(grades) >= 2
    ):  # "how many moved from ri to good"
        grade_from, grade = grades[0], grades[-1]
    kinds = _visits_asked(reading)
    said = reading.said
    linked = reading.linked
    return Question(
        text=reading.text,
        councils=linked.councils,
        ambiguous=linked.ambiguous,
        places=tuple(places),
        ours="ours" in reading.roles,
        refers_back="back" in reading.roles
        or ("previous" in said and said["previous"][-1].word in ("that", "then")),
        time=time_asked(
            reading.spans, said, field_, today, reading.text, national=national is not None
        ),
        field=field_,
        judgement=reading.judgement,
        grade=grade,
        visit_kind=next((k for k in kinds if k != "inspection"), "inspection" if kinds else None),
        topic=topic,
        national=national,
        grade_from=grade_from,
        visit_number=visit_number(reading.text),
        also=_also(cues, field_, reading.judgement),
        ambiguous_text=linked.ambiguous_text,
        served=tuple((m.served, m.councils) for m in linked.matches if m.served),
        outside=_outside(reading),
        wants=_wants(reading, field_, national),
        bodies=linked.bodies,
        aspect=_aspect(reading),
        reading=_as_read(reading),
        comparing="compare" in reading.values("national"),
        since_inspection=any(_dates_a_bound(reading, i) for i, _ in reading.roles.get("visit", [])),
        past=reading.has_word(
            "did", "was", "were", "had", "has", "have", "been", "far", "held", "received"
        ),
        regions=linked.regions,
        national_cues=tuple(
            v for v in dict.fromkeys(reading.values("national")) if v in NATIONAL_CUES
        ),
    )


def _visits_asked(reading: _Reading) -> list[str]:
    """The kinds of visit the question asks about: not an inspection named only to date a
    bound ("visits since the June 2019 inspection")."""
    return [kind for i, kind in reading.roles.get("visit", []) if not _dates_a_bound(reading, i)]


def _dates_a_bound(reading: _Reading, i: int) -> bool:
    """Whether words[i] names the inspection a "since" or "before" date belongs to."""
    bounds = [s.end for s, how in reading.spans if how in ("since", "before")]
    return any(0 <= reading.words[i].start - end <= 2 for end in bounds)


def _as_read(reading: _Reading) -> str:
    """The question's words as read: typos corrected, each place it names as "the council"."""
    out: list[str] = []
    for w in reading.words:
        named = any(m.start <= w.start < m.end for m in reading.linked.matches)
        if not named:
            out.append(w.word)
        elif out[-2:] != ["the", "council"]:
            out += ["the", "council"]
    return " ".join(out)


def _outside(reading: _Reading) -> str | None:
    """The subject outside the bot's remit the question is about ("st marys primary", "police")."""
    subject = outside_remit([w.word for w in reading.words])
    return subject.key if subject else None


def _read(text: str, today: dt.date) -> _Reading:
    """The question's words, the dates it names, and each phrase's meanings by role."""
    tidy = " ".join(_CONTROL.sub(" ", text).split())
    linked = gazetteer.link(tidy)
    words = read_words(tidy, [(m.start, m.end) for m in linked.matches] + list(linked.region_spans))
    reading = _Reading(tidy, today, linked, words, dates_named(tidy, words, today))
    match_forms(words)
    seen: set[tuple[int, int]] = set()
    for i, w in enumerate(words):
        if not w.meanings or w.phrase in seen:
            continue
        seen.add(w.phrase)
        for role, value in w.meanings:
            if role == "field" and value == "dates" and w.word == "when" and 2 < i < len(words) - 1:
                continue  # "what was the grade when it was last inspected": not a when-question
            if (
                role == "back"
                and value == "opener"
                and any(x.word not in _LEAD_FILLERS for x in words[:i])
            ):
                continue
            reading.roles.setdefault(role, []).append((i, value))
            reading.said.setdefault(value, words[w.phrase[0] : w.phrase[1]])
    return reading


#: Cues that make a question naming no council one about the country when it asks "which"
#: or "how many": a grade, a change, an order, a framework, a kind of report.
_NATIONAL_WHICH = frozenset(
    {"change", "newest", "oldest", "ungraded", "every", "lost", "gained", "better", "worse"}
)
_NATIONAL_COUNT = _NATIONAL_WHICH | {"published", "fieldwork", "kept"}


def _national(reading: _Reading, listing: bool = False) -> str | None:
    """ "list", "count", "change" or "compare" for a question about the country, else None.

    A question naming no council is about the country when it names councils in the plural
    ("which london boroughs …"), or asks "which" (or names a region) with a grade, a change
    or an order ("london inadequate"), or "how many" of a grade or of reports ("how many are
    good", "how many reports were published in 2025"). "The one in london" is none of these.
    """
    said = set(reading.values("national"))
    if "compare" in said and len(reading.councils) + len(reading.linked.ambiguous) >= 2:
        return "compare"
    if reading.councils and not listing:
        return None
    words = reading.words
    asks_which = bool(words) and words[0].word in ("which", "who", "whose")
    graded = bool(reading.grades) or bool(said & _NATIONAL_WHICH)
    # "how many inspections were there in 2020": full inspections in a year; not "how many
    # visits since the june 2019 inspection", which is about one council's
    during = bool(reading.spans) and all(how == "during" for _, how in reading.spans)
    inspections = "inspection" in reading.values("visit") and during
    counted = "count" in said and (
        bool(reading.grades) or bool(said & _NATIONAL_COUNT) or inspections
    )
    plural = bool(said & {"plural", "ones"})
    if (
        not listing
        and _unexplained(reading)
        and not (plural and (counted or words[0].word == "which"))
    ):
        # "how many letters did ofsted publish", "who delivers social work for the two
        # councils": about something else than councils
        return None
    named = plural or ((asks_which or reading.linked.regions) and graded) or counted
    if not (named or listing):
        return None
    return next((kind for kind in ("count", "change") if kind in said), "list")


def _unexplained(reading: _Reading) -> bool:
    """Whether the question has content words no table of question forms reads ("letters")."""
    known, _ = vocabulary()
    return any(
        not w.used
        and w.word not in STOPWORDS
        and w.word not in GENERIC
        and w.word not in known
        and len(w.word) > 2
        and not w.word.isdigit()
        for w in reading.words
    )


def _field_cues(reading: _Reading, national: str | None) -> list[tuple[float, int, str]]:
    """(strength, -position, field) for each field the words name ("how many" is national's)."""
    cues = [
        (PRIORITY[v], -i, v)
        for i, v in reading.roles.get("field", [])
        if not (v == "count" and national == "count")
    ]
    if reading.judgement:
        cues.append((PRIORITY["judgement"], 0, "judgement"))
    return cues


def _field_and_topic(
    reading: _Reading, cues: list, national: str | None, places: list[Place]
) -> tuple[str | None, tuple[str, ...]]:
    """The field asked (the strongest named, then the rules below) and the topic words left."""
    field_ = max(cues)[2] if cues else None
    if reading.grades and _asks_when(reading, cues) and field_ in _JUDGED_FIELDS:
        # "when did ofsted find X inadequate", "last time X was rated inadequate"
        field_ = "when_judged"
    unknown = places if not (reading.councils or reading.linked.ambiguous) else None
    topic = _topic(reading.words, reading.text, field_, unknown)
    if _good_at(reading):
        return "status", topic  # its strengths: what the report found
    graded = field_ == "overall" or (field_ is None and bool(reading.grades))
    evaluated = field_ == "judgement" or (graded and national is None and bool(specific(topic)))
    if evaluated and set(topic) - JUDGEMENT_WORDS and not reading.has_word(*GRADE_ASKS):
        # "how good is the education of children in care in bolton", "is the virtual school any
        # good in york": a topic, asked of with a grade's word but not for a grade
        field_ = "topic"
        topic = _topic(reading.words, reading.text, field_, None)
    if field_ is None and not topic and _defines(reading):
        # "what is nct", "who are achieving for children": what the documents say of it
        return "topic", tuple(
            w for body in reading.linked.bodies for w in gazetteer.fold(body).split()
        )
    return _unstated_field(reading, field_, topic, national), topic


def _defines(reading: _Reading) -> bool:
    """Whether the question asks what a trust or former council is: "what is nct"."""
    words = [w.word for w in reading.words]
    return (
        bool(reading.linked.bodies)
        and len(words) > 2
        and words[0] in ("what", "who")
        and words[1] in ("is", "are", "was", "were")
    )


def specific(topic: tuple[str, ...]) -> tuple[str, ...]:
    """The words of a question's topic that no table of question forms knows, or that name what
    a report says of itself rather than a field ("published"): what it is specifically about
    ("deputy", "social workers", "virtual school")."""
    known, _ = vocabulary()
    return tuple(
        w
        for w in topic
        if w not in GENERIC
        and w not in JUDGEMENT_WORDS
        and (w not in known or w in _publication_words())
        and not w.isdigit()
        and len(w) > 2
    )


@lru_cache(maxsize=1)
def _publication_words() -> frozenset[str]:
    """Words of the forms that say when a report came out or its fieldwork took place."""
    return frozenset(
        word
        for phrase, meanings in forms().items()
        if all(r == "national" and v in ("published", "fieldwork") for r, v in meanings)
        for word in phrase
    )


def _good_at(reading: _Reading) -> bool:
    """ "what is kent good at", "what are they best at": its strengths, not a grade."""
    if reading.has_word(*GRADE_ASKS) or "count" in reading.said:
        return False  # "how many judgements were good at its last inspection"
    words = [w.word for w in reading.words]
    return any(
        a in ("good", "best", "strong", "great") and b == "at" for a, b in zip(words, words[1:])
    )


def _aspect(reading: _Reading) -> str | None:
    """What part of a document answers: its findings, what a visit looked at, what to improve.
    "what was the visit about" ends on "about": what it looked at."""
    said = reading.values("aspect")
    words = reading.words
    if _good_at(reading):
        return "strengths"
    if not said and len(words) > 2 and words[-1].word == "about" and words[0].word == "what":
        return "focus"
    return said[0] if said else None


def _wants(reading: _Reading, field_: str | None, national: str | None) -> str | None:
    """What kind of thing the answer must state: a number, a name, a date or a grade."""
    said = reading.said
    if national is None and (
        "count" in said or reading.has_word("much", "average", "percentage", "proportion")
    ):
        return "number"  # "how many social workers", "how much does it cost", "average caseload"
    words = [w.word for w in reading.words]
    first, second = (words + ["", ""])[:2]
    if (
        field_ == "lead_inspector"
        or first == "whos"
        or (first == "who" and second in ("is", "was", "s"))
    ):
        return "name"  # "who is the commissioner": the role is given, a name is asked
    if first in ("who", "whom") and second in ("are", "were"):
        return "name"
    if first in ("what", "whats") and reading.has_word("name", "called"):
        return "name"  # "whats the name of the director"
    if field_ == "dates" or "dates" in said:
        return "date"
    if field_ in ("overall", "judgement", "when_judged"):
        return "grade"
    return None


def _asks_when(reading: _Reading, cues: list) -> bool:
    """Whether the question asks when ("when", "ever", or "last"/"first" leading it)."""
    words = reading.words
    leading = (
        bool(words)
        and words[0].word in ("last", "first")
        and reading.said.get(words[0].word, [None])[0] is words[0]
    )
    return any(v == "dates" for _, _, v in cues) or reading.has_word("ever") or leading


def _unstated_field(
    reading: _Reading, field_: str | None, topic: tuple[str, ...], national: str | None
) -> str | None:
    """The field once what the words leave open is settled: a grade, a topic, a status."""
    if field_ is None and (reading.grades or national):
        field_ = "overall"
    elif field_ is None and topic and (reading.councils or reading.linked.places):
        field_ = "topic"
    if field_ == "topic" and not topic and not reading.judgement:
        field_ = "status"
    elif field_ == "status" and topic:
        field_ = "topic"  # "how are disabled children supported in bath"
    if field_ == "overall" and reading.judgement:
        field_ = "judgement"
    if (
        field_ is None
        and not reading.roles.get("back")
        and (reading.councils or reading.linked.ambiguous)
    ):
        field_ = _council_alone(reading)
    if _counts_since(reading, field_):
        field_ = "count"  # "sutton ofsted inspections since 2020": how many, and which
    if field_ == "count" and reading.judgement and not reading.values("visit"):
        if not reading.has_word("times", "often"):
            field_ = "topic"  # "how many children in care": a number the report may state
    if field_ == "dates" and _ahead(reading):
        field_ = "next"  # "when is our full inspection", "when do we get a new grade"
    return field_


def _ahead(reading: _Reading) -> bool:
    """Whether a "when" question asks about something still to come: "when is", "when will",
    "when do we get", with no time named and no "last" or "first"."""
    words = [w.word for w in reading.words]
    present = (
        len(words) > 1 and words[0] == "when" and words[1] in ("is", "are", "will", "do", "does")
    )
    timed = reading.spans or reading.said.keys() & {"last", "previous", "first", "now", "change"}
    return present and not timed


def _council_alone(reading: _Reading) -> str | None:
    """A council and a time or an inspection, no field: "bucks ofsted 2014", "boltons most recent"."""
    if reading.spans and not any(s.earliest > reading.today for s, _ in reading.spans):
        return "overall"  # the grade of that year's inspection
    recent = "last" in reading.said or "previous" in reading.said
    if reading.values("visit") and recent and not reading.said.keys() & {"change", "compare"}:
        return "dates"
    return None


def _counts_since(reading: _Reading, field_: str | None) -> bool:
    """ "sutton ofsted inspections since 2020": inspections and a "since", no grade asked."""
    return (
        field_ in (None, "overall")
        and not reading.grades
        and any(cue == "since" for _, cue in reading.spans)
        and reading.has_word("inspections", "visits", "mv", "fv")
        and not reading.has_word(*GRADE_ASKS)
    )


def _named_apart(reading: _Reading, field_: str | None) -> str | None:
    """ "compare" when two councils are named apart ("leeds and bradford") for a grade or status."""
    named = [set(m.councils) for m in reading.linked.matches if m.councils and not m.ambiguous]
    apart = len(named) >= 2 and not any(n >= set(reading.councils) for n in named)
    if apart and not reading.spans and field_ in (None, "overall", "status", "judgement"):
        return "compare"
    return None


def _also(cues: list, field_: str | None, judgement: str | None) -> tuple[str, ...]:
    """Other facts asked in the same message: "grade and lead inspector for merton"."""
    return tuple(
        dict.fromkeys(
            v
            for _, _, v in sorted(cues, reverse=True)
            if v in ALSO
            and v != field_
            and field_ in (*ALSO, "dates")
            and not (v == "overall" and judgement)
        )
    )


def _topic(
    words: list[Word], text: str, field_: str | None, places: list[Place] | None
) -> tuple[str, ...]:
    """Content words left over; a topic question keeps the judgement's words too ("care leavers").

    With no council named, a left-over word that reads as a place ("barsetshire council",
    "how is ambridgeshire doing") is added to ``places`` as an unknown place, not a topic.
    """
    known, _ = vocabulary()
    topic: list[str] = []
    ordinal = ORDINAL.search(text)  # "the fifth visit" names a visit (visit_number), not a topic
    for i, w in enumerate(words):
        keep_judgement = field_ == "topic" and any(r == "judgement" for r, _ in w.meanings)
        # "when was kent's 2016 report published": what a council's report says, not a national cue
        keep_judgement |= (
            places is None
            and bool(w.meanings)
            and all(r == "national" and v in ("published", "fieldwork") for r, v in w.meanings)
        )
        if (
            (w.used and not keep_judgement)
            or w.word in STOPWORDS
            or w.word.isdigit()
            or len(w.word) < 2
        ):
            continue
        if ordinal and ordinal.start() <= w.start < ordinal.end():
            continue
        if places is not None and not places and _unknown_place(words, i, known):
            places.append(Place(text[w.start : w.end], None, None))
            continue
        if w.word not in topic:
            topic.append(w.word)
    return tuple(topic)


def _unknown_place(words: list[Word], i: int, known: frozenset[str]) -> bool:
    """Whether words[i], which no table knows, stands where a place would."""
    word = words[i].word
    before = words[i - 1].word if i else ""
    after = words[i + 1].word if i + 1 < len(words) else ""
    if word in known or word in ORDINARY_WORDS:
        return False
    if after in ("council", "borough", "county", "city"):
        return True
    slot = before in ("in", "for", "of", "about", "is", "at", "does", "did", "was") or after in (
        "doing",
        "grade",
        "rating",
        "rated",
        "ofsted",
        "inspection",
        "children",
    )
    return slot and len(word) >= 6 and word.endswith(PLACE_ENDINGS)
