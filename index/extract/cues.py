"""The words that state an inspection event in a sentence, and the words that undo one.

Data for ``events.py``: which words name an event ("monitoring visit", "judged … to be
good"), make it an expectation ("expected", "due in") or a past one ("took place"), and
which show that a date or a grade is not the council's ("a children's home", "we aim to
be good"). Each is a table of alternatives; the reading logic lives in events.py.
"""

from __future__ import annotations

import re

from index.extract.report import GRADE

Q = r"[‘'\"“]?"  # an optional opening quote mark around a grade
# Event words. "visit" alone is resolved to the last named kind of visit (see _resolve_visit).
CUE = re.compile(
    # Tried only where a word (or a quoted grade) starts with a letter some cue starts with:
    # most of a long report is skipped at the cost of one lookahead per character.
    r"(?<!\w)(?=[mfaivpgjroMFAIVPGJRO‘'\"“])(?:"
    r"(?P<monitoring_visit>\bmonitoring\s+visits?\b)"
    r"|(?P<focused_visit>\bfocus(?:s)?ed\s+visits?\b)"
    r"|(?P<assurance_visit>\bassurance\s+visits?\b)"
    # A joint targeted area inspection is of a partnership's response to one theme, not a full
    # inspection of the council: its own kind, named before "inspection" so as to win over it.
    r"|(?P<jtai>\bj(?:oint\s+(?:targeted\s+area|area\s+targeted|thematic\s+area|targeted)\s+inspections?\b"
    r"(?:\s*\(JTAIs?\))?|TAIs?\b(?:\s+inspections?\b)?))"
    r"|(?P<inspection>\b(?:re-?)?inspect(?:ion|ions|ed)\b|\bILACS\b)"
    r"|(?P<visit>\bvisit(?:s|ed)?\b)"
    r"|(?P<publication>\bpublish(?:ed|es|ing)?\b|\bpublication\b)"
    # "judged requires improvement to be good" is not "… to be good": the direct form goes first.
    # "Ofsted judged Solihull's children's services inadequate": the services named between.
    rf"|(?P<judgement>\b(?:(?:graded|judged|rated)\s+"
    rf"(?:as\s+|(?:[\w'’-]+\s+){{0,3}}?children['’]s\s+services\s+(?:as\s+)?)?"
    rf"|(?:graded|judged|rated|found)\b(?:(?!improvement)[^.;:\n]){{0,80}}?\b(?:to\s+be\s+|as\s+(?:being\s+)?|to\s+(?=requir))"
    rf"|overall\s+effectiveness\s*(?:was|is|:|-|–)?\s*"
    rf"|(?:judgement|grade|rating)\s+(?:of|was|is)\s+){Q}(?P<grade>{GRADE})\b"
    rf"|{Q}\b(?P<grade2>{GRADE})[’'\"”]?\s+(?:judgement|grade|rating)\b))",
    re.I,
)
ORDINALS = {
    w: i
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split(),
        1,
    )
}
ORDINAL = re.compile(
    r"\b(?P<n>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
    r"|\d{1,2}\s?(?:<sup>\s*)?(?:st|nd|rd|th)(?:\s*</sup>)?)\s+(?:(?:ofsted|further|formal)\s+)?"
    r"(?:(?:monitoring\s+|focused\s+|assurance\s+)?visit|mv|fv)\b",  # "the 5th mv"
    re.I,
)


def visit_number(text: str) -> int | None:
    """Which visit of a series a text names: "the fifth monitoring visit" is 5."""
    found = ORDINAL.search(text)
    word = found.group("n").lower() if found else ""
    return (ORDINALS.get(word) or int(re.match(r"\d+", word).group())) if found else None


SINCE_INSPECTION = re.compile(
    r"[^.;]{0,40}?\bsince\b(?![^.;]{0,60}\b(?:inspect|judg|inadequate|graded|rated))", re.I
)
# Expectation, and what undoes it between the cue word and the event ("the next visit took place").
FUTURE = re.compile(
    r"\b(?:expect(?:s|ed|ing)?|anticipat(?:e|es|ed|ing)|will|shall|scheduled|forthcoming|upcoming|next"
    r"|likely|await(?:s|ed|ing)?|intend\w*|planned|plans?\s+to|going\s+to|(?:is|are)\s+to\s+be"
    r"|due\s+(?:to\s+(?:be|take|carry|inspect|visit|happen|start|begin|return)|in|on|by|for|at|during))\b",
    re.I,
)
# For a date already past at the document's date, only an explicit expectation will do.
EXPLICIT_FUTURE = re.compile(
    r"\b(?:expect(?:s|ed|ing)?|anticipat(?:e|es|ed|ing)|scheduled|forthcoming|upcoming|next|planned"
    r"|due\s+(?:to\s+(?:be|take|carry|inspect|visit|happen|start|begin|return)|in|on|by|for|at|during))\b",
    re.I,
)
NOT_FUTURE = re.compile(r"\bas\s+expected\b", re.I)
PAST = re.compile(
    r"\b(?:was|were|took\s+place|undertook|undertaken|carried\s+out|found|happened|completed|visited"
    r"|had|did|concluded|identified|noted|reported)\b",
    re.I,
)
BEFORE_CUE_PAST = re.compile(
    r"\b(?:previous|last|recent|earlier|prior|latest)\s+(?:\w+\s+){0,2}\Z", re.I
)
CALLED_OFF = re.compile(r"\b(?:postponed|cancelled|canceled|deferred|suspended|paused)\b", re.I)
ASPIRATION = re.compile(
    r"\b(?:aim|ambition|aspir\w*|want|strive|goal|target|hope|become|achieve|towards"
    r"|move\s+to|could|would|should|must|expect\w*|will)\b",
    re.I,
)
# Inspections that are not of the council's children's services as a whole.
OTHER_INSPECTION = re.compile(
    r"\b(?:joint\s+targeted|JTAI|targeted\s+area|thematic|private\s+fostering|fostering|adoption\s+(?:service|agency)"
    r"|children['’]s\s+homes?|residential|short[\s-]+(?:term\s+)?breaks?|secure|probation|multi[\s-]+remit|peer\s+review|mock"
    r"|SEND|youth\s+(?:offending|justice)|schools?|college|nursery|CQC|care\s+quality|HMIP|HMICFRS|police)\b",
    re.I,
)
# Words between a date and an event word that show the date is another thing's.
GAP_BREAK = re.compile(
    r"\b(?:before|after|since|prior|following|until|ahead|between\s+now|time\s+of|point\s+of"
    r"|anticipation|preparation|but|(?:and|while|whereas)\s+(?:an?|the)|with)\b|,\s*and\b|;",
    re.I,
)
# "judged inadequate following an inspection between …": the grade that inspection gave.
JUDGED_AFTER = re.compile(
    r"\A\s*,?\s*(?:following|after)\s+(?:an?|the|its|their|that)\s+(?:[\w'’-]+\s+){0,2}\Z", re.I
)
# Judgements of something other than the council's services: cases, settings, providers.
OTHER_SUBJECT = re.compile(
    r"\b(?:cases|audit\w*|pupils|homes?|unit|placements?|providers?|academy|hostel)\b", re.I
)
# A publication counts when it is of an Ofsted report or letter, or a "Published:" label.
PUBLISHED_WHAT = re.compile(
    r"\b(?:reports?|letters?|inspection|visit|findings|judgements?)\b", re.I
)
PUBLISHED_WHOSE = re.compile(r"\b(?:ofsted|inspections?|inspectors?|hmi|visit|gov\.uk)\b", re.I)
PUBLISHED_LABEL = re.compile(r"\W*(?:report\s+)?published\s*:", re.I)
DATEISH = re.compile(
    r"(?<!\d)(?:19|20)\d\d(?!\d)|\d/\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*\d"
    r"|\d\s*(?:<sup>\s*)?(?:st|nd|rd|th)?(?:\s*</sup>)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"|\b(?:this|last|next)\s+(?:year|month|spring|summer|autumn|winter)\b"
    r"|\b(?:early|mid|late)[\s-]+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
    re.I,
)
AREAS = [  # a sentence's grade is about one area when the area is named just before it
    ("help_and_protection", re.compile(r"help\s+and\s+protection", re.I)),
    ("in_care_and_care_leavers", re.compile(r"children\s+in\s+care\s+and\s+care\s+leavers", re.I)),
    ("care_leavers", re.compile(r"care\s+leavers", re.I)),
    ("in_care", re.compile(r"children\s+in\s+care|looked\s+after", re.I)),
    ("adoption", re.compile(r"adoption", re.I)),
    ("leaders", re.compile(r"\bleaders\b|leadership", re.I)),
]
# "the inspection of safeguarding and looked after children" names a whole inspection, not an area.
INSPECTION_NAME = re.compile(
    r"safeguarding\s+and\s+(?:arrangements\s+for\s+)?looked\s+after\s+children(?:['’]s)?", re.I
)
WORDS = re.compile(r"\w+")
MAX_GAP_WORDS = 8  # a date this many words from an event word is still that event's date
MAX_GAP_CHARS = 90


SPECIFIC_VISITS = ("monitoring_visit", "focused_visit", "assurance_visit")
FOCUSED_KINDS = (*SPECIFIC_VISITS, "jtai")  # the kinds of event that look at one area

# What a visit looked at: the words after one of these, in the visit's sentence or the next.
# "Focus on" as a noun is anyone's ("a better focus on the young person"), and "to focus on"
# is usually the council's plan: the visit's focus is a verb's, or the focus it "will be".
FOCUS = re.compile(
    r"\b(?:look(?:s|ed|ing)?\s+(?:at|into)|focus(?:es|ed|ing|sed|sing)\s+(?:up)?on|will\s+focus\s+on"
    r"|(?:its|the|their)\s+focus\s+(?:will\s+be|was|is|is\s+to\s+be|being)(?:\s+on)?"
    r"|with\s+a\s+(?:particular\s+|specific\s+)?focus\s+on"
    r"|(?<=visit\s)to\s+(?:[\w'’-]+\s+){0,4}?services\s+for)\s+",  # "a visit to X's services for care leavers"
    re.I,
)
# A focus ends at the end of its clause: a full stop, a semicolon, a colon, a dash, or where
# the sentence moves on to what was found ("… and inspectors found", "… but").
FOCUS_END = re.compile(
    r"[.;:!?](?=[\s\"'”’)*_]|\Z)|\s[–—-]\s|\s+(?:and|but)\s+(?:the\s+letter|inspectors|it|they)\b"
    r"|,?\s+but\s"
    # a comma, then a new subject and its verb: "… looked at children in need, children have received"
    r"|,\s+(?:[\w'’-]+\s+){1,3}?(?:have|has|had|was|were|is|are|did|does|do|will|would|can|could)\b"
    # the theme's own verb: "a JTAI of the response to neglect is expected …" (not "children who are …")
    r"|(?<!\bwho)(?<!\bthat)(?<!\bwhich)\s+(?:is|are|was|were|will|has|have|had|took|found|identified)\b",
    re.I,
)
# "a monitoring visit of Sefton's children's services": whose, not what it looked at.
NOT_A_FOCUS = re.compile(r"\b(?:council|authority|children['’]s\s+services)\b", re.I)
# Where a focus gives way to the next event named: "care leavers, the fifth monitoring visit …".
CUE_ENDS_FOCUS = (*FOCUSED_KINDS, "publication")
# "27 and 28 September 2022: the front door, …": a colon after a visit's dates opens its focus.
FOCUS_COLON = re.compile(r"[ \t]*(?::|\s[–—-])\s+(?=\S)")
MAX_FOCUS_CHARS = 200  # a focus longer than this is cut at a word
FOCUS_REACH = 160  # a focus phrase is looked for this far past the event's own words
# The next sentence tells the focus of the visit just named when it opens with it:
# "It will focus on care leavers", "Its focus will be …", "They looked at …".
NEXT_FOCUS = re.compile(
    r"(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?(?:it|its|they|this\s+visit|the\s+visit|inspectors)\b", re.I
)
# "A JTAI of the multi-agency response at the front door in January 2022": the theme, then the date.
OF_FOCUS = re.compile(r"\s*(?:of|into|on)\s+(?=\S)", re.I)
OF_FOCUS_GAP = re.compile(
    r"\A\s*(?:of|into|on)\s+[^,;:.()]{1,100}?\s(?:in|on|during|between)\s*\Z", re.I
)
# What a focus cut before a date or the next event leaves dangling: "… at the front door in",
# "care leavers, the fifth" (before "monitoring visit"). One character or word a step: linear.
FOCUS_TAIL = re.compile(
    r"(?:[\s,;:(–—-]|\b(?:in|on|during|between|from|the|a|an|its|their|our|next|last|latest"
    r"|previous|further|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
    r"|eleventh|twelfth|\d{1,2}(?:st|nd|rd|th))\b)*\Z",
    re.I,
)
# The date is a letter's, not the visit's: "Ofsted monitoring visit letters (June 2023 to …)".
LETTERS = re.compile(r"\s*(?:letters?|reports?)\b", re.I)
# A table's header cells: which column holds the dates, which the focus.
DATE_HEADER = re.compile(
    r"(?:visit\s+|inspection\s+)?dates?(?:\s+of\s+(?:the\s+)?visit)?|when", re.I
)
FOCUS_HEADER = re.compile(
    r"focus|themes?|areas?(?:\s+looked\s+at)?|scope|subject|topic|what\s+(?:was\s+)?looked\s+at",
    re.I,
)
ORDINAL_CELL = re.compile(
    r"(?P<n>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
    r"|\d{1,2}(?:st|nd|rd|th)?)(?:\s+(?:monitoring\s+|focused\s+|assurance\s+)?visit)?",
    re.I,
)
# "Inspectors visited on …", "the visit": a bare visit that is the one just named.
SAME_VISIT = re.compile(r"visited|(?<=the\s)visit|(?<=this\s)visit|(?<=that\s)visit", re.I)
# "in the week commencing 8 July 2024": a working week.
WEEK_OF = re.compile(r"\bweek\s+(?:commencing|beginning|starting)(?:\s+on)?\s+\Z", re.I)
VISIT_CONTEXT = re.compile(r"\b(?:ofsted|inspectors?|hmi)\b", re.I)
STRONG_PRESENT = re.compile(
    r"\b(?:currently|now)\s+(?:rated|judged|graded)\b|\b(?:is|are)\s+(?:currently\s+)?"
    r"(?:rated|judged|graded)\b|\bcurrent\s+(?:ofsted\s+)?(?:rating|grade|judgement)\b",
    re.I,
)
LEAD_IN_END = re.compile(r":[*_\s]*\Z")
ITEM_MARK = re.compile(r"[\s\-*+•▪●■–_]*")
SHORT = re.compile(r"\bshort\s+inspection", re.I)
STANDARD = re.compile(r"\bstandard\s+inspection", re.I)
SIF = re.compile(r"\bSIF\b|single\s+inspection\s+framework", re.I)
