"""Word tables that several stages read: month and season names, weekdays, function words.

One copy each. Tables of one stage's own (the question forms, a topic's shorthand) stay
with that stage and are built from these.
"""

from __future__ import annotations

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
#: The short forms people write: "jan", "sept".
MONTH_ABBREVIATIONS = (
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
)
SEASONS = ("spring", "summer", "autumn", "winter")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: Words that name a month or season, full or short: a time named in words.
MONTH_AND_SEASON_WORDS = frozenset((*MONTHS, *MONTH_ABBREVIATIONS, *SEASONS))

#: Function words, and the few every question about inspections uses: never what a sentence
#: or question is about (lexical overlap between a question and a sentence leaves them out).
FUNCTION_WORDS = frozenset(
    """a an the of to in on at for by with from and or is are was were be been being it its this that
these those what when where which who whom why how do does did will would can could should shall may might
i we you they he she our your their us me my there here as into about any some next last latest most recent
ofsted tell please""".split()
)
