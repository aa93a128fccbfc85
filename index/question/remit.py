"""What this bot is not about: other inspectorates' remits, other Ofsted remits, and requests
for contact details, money or people's own cases.

The bot holds Ofsted's reports on local authority children's services and councils' own
papers about them. A question about a school, a nursery, a children's home, a hospital or
the police names a council only as a place; answering it with that council's children's
services grade would mislead. ``outside_remit`` reads the question's words against the table
below and gives the subject it is about, or None.

Words like "school" or "college" are in the remit when they are a topic of children's
services ("how do children in care do at school in york", "the virtual school"); they are
outside it when they name an establishment ("st marys primary", "leeds city college") or ask
for establishments' ratings ("which academies in bradford are inadequate").
"""

from __future__ import annotations

from dataclasses import dataclass

from index.question.forms import STOPWORDS
from index.question.vocabulary import one_short_slip
from index.text.ordinary_words import DICTIONARY_WORDS


@dataclass(frozen=True)
class Subject:
    """A subject outside the remit: the phrases that name it and the reply that says so."""

    key: str
    phrases: tuple[str, ...]  # folded words, as the question parser reads them
    reply: str
    establishment: bool = False  # outside only when naming one, or asking for ratings of them


_SCHOOLS = (
    "Ofsted inspects schools, academies and colleges separately, and their reports are on "
    "Ofsted's website (reports.ofsted.gov.uk)."
)
SUBJECTS = (
    Subject(
        "schools",
        (
            "school",
            "schools",
            "primary",
            "secondary",
            "academy",
            "academies",
            "grammar",
            "infant",
            "infants",
            "junior",
            "sixth form",
            "free school",
            "high school",
        ),
        _SCHOOLS,
        establishment=True,
    ),
    Subject(
        "pupil referral units", ("pupil referral unit", "pru", "alternative provision"), _SCHOOLS
    ),
    Subject(
        "colleges",
        ("college", "colleges", "further education", "apprenticeship", "apprenticeships"),
        _SCHOOLS,
        establishment=True,
    ),
    Subject(
        "universities",
        ("university", "universities"),
        "Universities are not inspected by Ofsted's children's services inspections.",
    ),
    Subject(
        "early years",
        (
            "nursery",
            "nurseries",
            "preschool",
            "pre school",
            "childminder",
            "childminders",
            "child minder",
            "child minders",
            "creche",
            "day care",
            "daycare",
        ),
        "Ofsted inspects nurseries and childminders separately, and their reports are on "
        "Ofsted's website (reports.ofsted.gov.uk).",
        establishment=True,
    ),
    Subject(
        "children's homes",
        (
            "children home",
            "children homes",
            "childrens home",
            "childrens homes",
            "secure children home",
            "secure childrens home",
            "residential special school",
            "residential school",
            "independent fostering agency",
            "fostering agency",
            "boarding school",
        ),
        "Ofsted inspects children's homes, residential special schools and fostering agencies "
        "separately, each with its own report on Ofsted's website (reports.ofsted.gov.uk).",
    ),
    Subject(
        "adult social care",
        (
            "adult social care",
            "adult care",
            "adults social care",
            "care home",
            "care homes",
            "care agency",
            "home care",
            "elderly",
            "older people",
            "nursing home",
        ),
        "Adult social care is inspected by the Care Quality Commission (CQC), not Ofsted.",
    ),
    Subject(
        "health",
        (
            "nhs",
            "hospital",
            "hospitals",
            "cqc",
            "gp",
            "gps",
            "icb",
            "clinical commissioning group",
            "health trust",
            "hospital trust",
            "ambulance",
        ),
        "Health services are inspected by the Care Quality Commission (CQC), not Ofsted.",
    ),
    Subject(
        "police",
        ("police", "constabulary", "hmicfrs", "fire service", "fire and rescue"),
        "Police forces are inspected by His Majesty's Inspectorate of Constabulary and Fire & "
        "Rescue Services (HMICFRS), not Ofsted.",
    ),
    Subject(
        "youth justice",
        (
            "probation",
            "youth justice",
            "youth offending",
            "yot",
            "hmi probation",
            "prison",
            "prisons",
        ),
        "Youth justice services and probation are inspected by His Majesty's Inspectorate of "
        "Probation, not in Ofsted's children's services inspections.",
    ),
    Subject(
        "SEND area inspections",
        ("send inspection", "send local area", "local area send", "area send", "send area"),
        "Local area SEND inspections are joint Ofsted and CQC inspections with reports of "
        "their own; this bot holds the children's services inspections.",
    ),
    Subject(
        "contact details",
        (
            "phone number",
            "telephone number",
            "mobile number",
            "contact number",
            "phone",
            "telephone",
            "email address",
            "email",
            "e mail",
            "home address",
            "postal address",
            "contact details",
            "contact number",
        ),
        "I do not give contact details: the council's own website lists how to contact its "
        "children's services.",
    ),
    Subject(
        "money",
        (
            "budget",
            "budgets",
            "spend",
            "spends",
            "spending",
            "spent",
            "salary",
            "salaries",
            "how much does",
            "how much do",
            "how much is",
            "funding",
            "pay its",
        ),
        "The documents I hold are Ofsted's reports and council papers about inspections; I do "
        "not answer questions about budgets or pay.",
    ),
    Subject(
        "personal cases",
        (
            "my social worker",
            "my grandson",
            "my granddaughter",
            "my son",
            "my daughter",
            "my child",
            "my children",
            "my kids",
            "my mum",
            "my dad",
            "my family",
            "complain",
            "to complain",
        ),
        "I cannot help with a particular child's or family's case: please contact the council's "
        "children's services directly.",
    ),
)

#: Words before "school" that make it where children go, not an establishment asked about.
_GOING_TO = frozenset(
    {
        "virtual",
        "at",
        "to",
        "in",
        "from",
        "attending",
        "attend",
        "attends",
        "attended",
        "missing",
        "miss",
        "their",
        "his",
        "her",
        "of",
        "about",
        "and",
        "mainstream",
        "special",
        "new",
        "changing",
    }
)
#: Words after "school" or "college" that make it a topic of children's services.
_TOPIC_AFTER = frozenset(
    {
        "attendance",
        "exclusion",
        "exclusions",
        "places",
        "place",
        "readiness",
        "age",
        "holidays",
        "admissions",
        "transport",
        "nurse",
        "nurses",
        "leavers",
        "life",
        "work",
        "years",
    }
)
_RATINGS = frozenset(
    {
        "rating",
        "ratings",
        "rated",
        "grade",
        "graded",
        "report",
        "inadequate",
        "outstanding",
        "good",
        "best",
        "worst",
        "which",
        "requires",
        "ri",
    }
)


SUBJECT_BY_KEY = {s.key: s for s in SUBJECTS}
#: Every word the table names, long enough to forgive a slip in ("adress", "polise").
_WORDS = frozenset(w for s in SUBJECTS for p in s.phrases for w in p.split() if len(w) >= 5)


def outside_remit(words: list[str]) -> Subject | None:
    """The subject outside the remit the question's words are about, or None."""
    words = [_as_written(w) for w in words]
    text = f" {' '.join(words)} "
    for subject in SUBJECTS:
        for phrase in subject.phrases:
            at = text.find(f" {phrase} ")
            if at < 0:
                continue
            i = len(text[:at].split())
            if not subject.establishment or _names_establishment(words, i, len(phrase.split())):
                return subject
    return None


def _as_written(word: str) -> str:
    """A word of the table that ``word`` is one slip from ("adress": address), else the word."""
    if len(word) < 5 or word in _WORDS:
        return word
    return next((w for w in _WORDS if one_short_slip(word, w)), word)


def _names_establishment(words: list[str], i: int, n: int) -> bool:
    """Whether words[i:i+n] name an establishment or ask for their ratings ("st marys primary",
    "harrow school", "which academies in bradford are inadequate"), rather than being a topic
    of children's services ("the virtual school", "attending school", "school attendance")."""
    before = words[i - 1] if i > 0 else ""
    after = words[i + n] if i + n < len(words) else ""
    if before in _GOING_TO or after in _TOPIC_AFTER:
        return False
    if any(w in _RATINGS for w in words):
        return True  # "ofsted rating of harrow school", "which academies … are inadequate"
    # a name before it: "st marys primary", "leeds city college"; not a word of English
    return bool(before) and before not in STOPWORDS and before not in DICTIONARY_WORDS
