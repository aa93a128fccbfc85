"""What a topic question is about, as words a report would use: "camhs" is "mental health".

A question about a topic within one council's report ("cumberland camhs ofsted", "what
did inspectors say about strategy discussions in ealing") is answered by a sentence of
that report that mentions the topic. People ask in the sector's shorthand; reports write
the words out. ``terms`` gives the forms to look for; ``mentions`` says whether a sentence
holds one. A word matches on its first five letters, so "disabled" finds "disabilities"
and "fostering" finds "foster carers".
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz, process

from index.question.forms import GENERIC, JUDGEMENT_WORDS

#: Shorthand → the words reports write (each alternative a phrase; any one will do).
SHORTHAND: dict[str, tuple[str, ...]] = {
    "camhs": ("camhs", "mental health", "emotional wellbeing", "emotional well-being"),
    "cahms": ("camhs", "mental health"),
    "mh": ("mental health",),
    "uasc": ("unaccompanied",),
    "asylum": ("asylum", "unaccompanied"),
    "cse": ("exploitation",),
    "cce": ("exploitation",),
    "exploitation": ("exploitation", "exploited", "county lines"),
    "mash": ("mash", "multi-agency safeguarding hub", "front door"),
    "front": ("front door", "mash", "multi-agency safeguarding hub"),
    "sgo": ("special guardianship",),
    "sgos": ("special guardianship",),
    "ehcp": ("education, health and care plan", "ehcp"),
    "lado": ("designated officer", "lado"),
    "qa": ("quality assurance", "qa"),
    "plo": ("public law outline", "pre-proceedings"),
    "pre": ("pre-proceedings", "public law outline"),
    "iro": ("independent reviewing officer", "iro"),
    "iros": ("independent reviewing officer", "iro"),
    "rhi": ("return home interview",),
    "send": ("special educational needs", "disabilit", "send"),
    "disabled": ("disab",),
    "education": ("education", "virtual school", "school"),
    "strategy": ("strategy",),
    "supervision": ("supervision", "management oversight"),
    "oversight": ("oversight", "supervision"),
    "caseloads": ("caseload",),
    "workload": ("caseload", "workload"),
    "homeless": ("homeless",),
    "fostering": ("foster",),
    "adoption": ("adopt",),
    "leaving": ("care leaver", "leaving care"),
    "missing": ("missing",),
    "neglect": ("neglect",),
    "early": ("early help",),
    "live": ("accommodation", "housing", "live", "living"),
    "lives": ("accommodation", "housing", "live", "living"),
    "living": ("accommodation", "housing", "live", "living"),
    "housing": ("accommodation", "housing", "homeless"),
    "housed": ("accommodation", "housing", "homeless"),
    "recruit": ("recruit", "retention", "workforce"),
    "recruiting": ("recruit", "retention", "workforce"),
    "hiring": ("recruit", "retention", "workforce"),
    "workforce": ("workforce", "recruit", "retention"),
    "staffing": ("workforce", "recruit", "retention", "staff"),
    "jobs": ("employment",),
    "schooling": ("education", "virtual school", "school"),
}

#: How a letter says what a visit looked at: asked "what did the visit look at / focus on",
#: a sentence saying one of these is the answer, before one that only names the visit.
VISIT_FOCUS = (
    "looked at",
    "look at",
    "focus",
    "focused on",
    "focussed on",
    "reviewed",
    "evaluated",
    "examined",
    "considered",
)


#: What each aspect of a document sounds like: (phrases of its sentences, words of its headings).
#: A question asking for what inspectors found, what a visit looked at or what must improve
#: prefers sentences saying so, under whatever heading the document gives them.
#: Phrases that keep a sentence from answering for an aspect: a strength is not "not effective".
AVOID: dict[str, tuple[str, ...]] = {
    "strengths": (
        "not ",
        "no longer",
        "too ",
        "insufficient",
        "weak",
        "poor",
        "lack",
        "inadequate",
        "delay",
        "drift",
        "inconsistent",
        "variable",
        "fail",
        "concern",
    ),
}
ASPECTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "findings": (
        (
            "found",
            "reported",
            "could see",
            "recognised",
            "identified",
            "noted",
            "impressed",
            "inspectors said",
            "they said",
            "strength",
            "effective",
            "progress",
            "improved",
            "improving",
        ),
        (
            "feedback",
            "finding",
            "summary",
            "overall effectiveness",
            "what inspectors",
            "strength",
            "progress",
        ),
    ),
    "focus": (VISIT_FOCUS, ("the visit", "focus", "scope", "background")),
    # "why was it rated inadequate": what the report found, its summary first
    "why": (
        (
            "because",
            "as a result",
            "found",
            "not yet",
            "too",
            "weak",
            "strong",
            "effective",
            "progress",
        ),
        ("summary", "overall effectiveness", "finding", "leaders"),
    ),
    "summary": (("overall", "summary"), ("summary", "overall effectiveness")),
    # "what is kent good at": what the report praises, its summary first
    "strengths": (
        (
            "strength",
            "strong",
            "effective",
            "good",
            "well",
            "benefit",
            "impressive",
            "excellent",
            "high-quality",
            "high quality",
            "exceptional",
            "positive",
            "improved",
            "thrive",
            "flourish",
        ),
        ("summary", "overall effectiveness", "strength", "working well", "leaders"),
    ),
    "improve": (
        (
            "areas for development",
            "area for development",
            "improve",
            "more could",
            "still",
            "consistency",
            "needs to",
            "need to",
            "should",
            "not yet",
            "variable",
            "weakness",
        ),
        ("improve", "development", "recommendation", "priorit", "next steps", "weakness"),
    ),
}


_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def terms(topic: tuple[str, ...]) -> tuple[str, ...]:
    """The forms a sentence about ``topic`` would hold: phrases from SHORTHAND, else word stems.

    A judgement's own words with others ("personal advisers for care leavers", "leadership
    and the workforce") say where in the report to look, and the others what to look for:
    then only the others are forms, as nearly every sentence of a section names its group.
    """
    words = [w.lower() for w in topic if w.lower() not in GENERIC and len(w) >= 3]
    beyond = [w for w in words if w not in JUDGEMENT_WORDS]
    out: list[str] = []
    for word in beyond or words:
        out += SHORTHAND.get(word, (word[:5] if len(word) > 5 else word,))
    return tuple(dict.fromkeys(out))


def beyond_judgement(topic: tuple[str, ...]) -> tuple[str, ...]:
    """The words of a topic beyond a judgement's own ("personal advisers" in "personal advisers
    for care leavers")."""
    return tuple(w for w in topic if w not in GENERIC and w not in JUDGEMENT_WORDS and len(w) >= 3)


def spelt_as_documents(topic: tuple[str, ...], vocabulary: frozenset[str]) -> tuple[str, ...]:
    """The topic's words spelt as the documents spell them: a word they never use ("supervison")
    becomes the nearest one they do ("supervision"); shorthand and short words stay as typed."""
    if not vocabulary:
        return topic
    return tuple(_spelt(w, vocabulary) for w in topic)


def _spelt(word: str, vocabulary: frozenset[str]) -> str:
    if len(word) < 5 or word in vocabulary or word in SHORTHAND or not word.isalpha():
        return word
    found = process.extractOne(
        word, _choices(vocabulary, len(word)), scorer=fuzz.ratio, score_cutoff=85
    )
    return found[0] if found else word


@lru_cache(maxsize=64)
def _choices(vocabulary: frozenset[str], length: int) -> tuple[str, ...]:
    """Words of the documents within two letters of this length: a typo's neighbours."""
    return tuple(w for w in vocabulary if abs(len(w) - length) <= 2 and w.isalpha())


def groups(topic: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """``terms`` word by word: the forms of each word of the topic that a sentence may mention."""
    return tuple(found for word in topic if (found := terms((word,))))


def mentions_all(sentence: str, groups: tuple[tuple[str, ...], ...]) -> bool:
    """Whether ``sentence`` mentions every word of the topic (one form of each group)."""
    return all(mentions(sentence, forms) for forms in groups)


def mentions(sentence: str, forms: tuple[str, ...]) -> bool:
    """Whether ``sentence`` holds one of ``forms``: a phrase as written, a stem at a word's start."""
    text = sentence.lower()
    words = _WORD.findall(text)
    for form in forms:
        if " " in form or "-" in form or "," in form:
            if form in text:
                return True
        elif any(w.startswith(form) for w in words):
            return True
    return False
