"""The time a question asks about: years, months, days, ranges, "as of", "since", "before that", the future.

Part of understanding a question (index/question.py): ``dates_named`` finds the dates named,
``time_asked`` decides which kind of time they make, with the words that cue it (forms.TIME_CUES).
"""

from __future__ import annotations

import datetime as dt
import re

from index.question.forms import CUE_FILLERS, FRAMEWORK_STARTS, NUMBERS, STOPWORDS, TIME_CUES
from index.question.types import EVENT_FIELDS, TimeAsked
from index.question.words import Word
from index.text.dates import DateSpan, find_dates
from index.text.words import MONTH_ABBREVIATIONS, MONTHS

_YEAR = re.compile(r"(?:199\d|20[0-4]\d)")
_UNITS = {"year": 12, "years": 12, "month": 1, "months": 1}
_YEAR_WORDS = {"this": 0, "last": -1, "next": 1}
#: Month names and the short forms people type, → the month's number.
_MONTH_NUMBERS = {name: n for n, name in enumerate(MONTHS, start=1)} | {
    short: n
    for n, name in enumerate(MONTHS, start=1)
    for short in MONTH_ABBREVIATIONS
    if name.startswith(short)
}
_MONTH_CUES = frozenset(
    {
        "the",
        "in",
        "last",
        "this",
        "since",
        "from",
        "before",
        "after",
        "of",
        "during",
        "early",
        "late",
        "mid",
    }
)
_VISIT_WORDS = frozenset({"visit", "inspection", "monitoring", "focused", "letter", "report"})
#: Words of a council's name between "before" and "latest" ("before london borough of enfields latest").
_NAME_WORDS = frozenset(
    {"the", "its", "of", "and", "london", "borough", "city", "royal", "council", "county"}
)


def _span(
    text: str, start: int, end: int, earliest: dt.date, latest: dt.date, precision: str
) -> DateSpan:
    return DateSpan(text[start:end], start, end, earliest, latest, precision)


def _months_back(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, 28))


def dates_named(text: str, words: list[Word], today: dt.date) -> list[tuple[DateSpan, str]]:
    """The dates a question names, each with how it is meant (as_of, since, before, during).

    Marks the words of each date and of its cue as used.
    """
    found = list(find_dates(text, reference=today))
    for i, w in enumerate(words):
        if w.used or any(s.start <= w.start < s.end for s in found):
            continue
        span = _year_words(text, words, i, today)
        if span is not None:
            found.append(span)
    found.sort(key=lambda s: s.start)
    result: list[tuple[DateSpan, str]] = []
    for span in found:
        inside = [i for i, w in enumerate(words) if span.start <= w.start < span.end]
        if inside:
            for i in inside:
                words[i].used = True
            result.append((span, _how_meant(span, words, inside[0], today)))
    return result


def _year_words(text: str, words: list[Word], i: int, today: dt.date) -> DateSpan | None:
    """A time named in words find_dates does not read, starting at words[i]: a bare year,
    "last year", "two years ago", "in the last 3 years"."""
    w = words[i]
    nxt = words[i + 1].word if i + 1 < len(words) else ""
    if _YEAR.fullmatch(w.word):
        return _year(text, w.start, w.end, int(w.word))
    if w.word in ("this", "last", "next") and nxt == "year":
        return _year(text, w.start, words[i + 1].end, today.year + _YEAR_WORDS[w.word])
    if w.word in _MONTH_NUMBERS:
        return _month_words(text, words, i, today)
    if not ((w.word.isdigit() or w.word in NUMBERS) and nxt in _UNITS):
        return None
    n = int(w.word) if w.word.isdigit() else NUMBERS[w.word]
    after = words[i + 2].word if i + 2 < len(words) else ""
    if after == "ago" and _UNITS[nxt] == 12:  # "two years ago": that year
        return _year(text, w.start, words[i + 2].end, today.year - n)
    if i > 0 and words[i - 1].word in ("last", "past"):  # "in the last 3 years": since then
        earliest = _months_back(today, n * _UNITS[nxt])
        return _span(text, words[i - 1].start, words[i + 1].end, earliest, today, "range")
    return None


def _month_words(text: str, words: list[Word], i: int, today: dt.date) -> DateSpan | None:
    """A month named without a year ("the july visit", "in oct/nov"): the nearest such month
    to today, or the latest before it when the question is in the past tense. "may" is a month
    only beside "the", "in", "last"… or a visit."""
    w = words[i]
    before = words[i - 1].word if i else ""
    after = words[i + 1].word if i + 1 < len(words) else ""
    if w.word == "may" and before not in _MONTH_CUES and after not in _VISIT_WORDS:
        return None
    first = last = _MONTH_NUMBERS[w.word]
    end = w.end
    # "oct/nov", "october-november", "oct or nov": one span over both months
    if (
        after in _MONTH_NUMBERS
        and i + 1 < len(words)
        and text[w.end : words[i + 1].start].strip() in ("/", "-", "–", "or", "and")
    ):
        last = _MONTH_NUMBERS[after]
        end = words[i + 1].end
    past = any(x.word in ("did", "was", "were", "had", "has") for x in words)
    years = [
        y
        for y in (today.year - 1, today.year, today.year + 1)
        if not past or dt.date(y, first, 1) <= today
    ]
    if not years:
        return None

    def distance(year: int) -> int:
        start, finish = dt.date(year, first, 1), _month_end(year + (last < first), last)
        return (
            0
            if start <= today <= finish
            else min(abs((start - today).days), abs((finish - today).days))
        )

    year = min(years, key=lambda y: (distance(y), -y))
    return _span(
        text,
        w.start,
        end,
        dt.date(year, first, 1),
        _month_end(year + (last < first), last),
        "month",
    )


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def _year(text: str, start: int, end: int, year: int) -> DateSpan:
    return _span(text, start, end, dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def _how_meant(span: DateSpan, words: list[Word], first: int, today: dt.date) -> str:
    """How a date is meant, by the cue before it ("since", "as of", "before the"); marks the cue used."""
    how = "since" if span.precision == "range" and span.latest == today else "during"
    # The cue's end: words such as "ofsted came in" may stand between it and the date.
    end = first
    while (
        end > 0
        and end > first - 4
        and words[end - 1].word in CUE_FILLERS
        and not any(_phrase(words, end, n) in TIME_CUES for n in (3, 2, 1))
    ):
        end -= 1
    for n in (3, 2, 1):
        cue = _phrase(words, end, n)
        if end - n >= 0 and cue in TIME_CUES and (end == first or TIME_CUES[cue] == "before"):
            how = TIME_CUES[cue]
            for w in words[end - n : end]:
                w.used = True
            break
    if span.precision != "range" and span.latest == today:
        how = "since"
    return how


def _phrase(words: list[Word], end: int, n: int) -> str:
    """The n words before ``end``, as one phrase."""
    return " ".join(w.word for w in words[max(0, end - n) : end])


#: What a "first" must stand before to mean the earliest inspection ("first inspected", "first ilacs
#: inspection", "first rated good"), not "the first thing to improve" or "first contact".
_FIRST_OF = re.compile(
    r"\s*(?:(?:ever|full|ofsted|ilacs|sif|standard|short)\b|inspect|visit|report|rat|grad|judg"
    r"|get|got|given|receiv|time|one\b|inadequate|outstanding|good|requires|ri\b|adequate|under)"
)


def _first_of_a_visit(phrase: list[Word], text: str) -> bool:
    return (
        len(phrase) > 1 or phrase[0].word != "first" or bool(_FIRST_OF.match(text, phrase[-1].end))
    )


def time_asked(
    spans: list[tuple[DateSpan, str]],
    said: dict[str, list[Word]],
    field_: str | None,
    today: dt.date,
    text: str,
    *,
    national: bool = False,
) -> TimeAsked:
    """The time asked: the first, a change, named dates, then words (previous, next, last, now)."""
    future = any(s.earliest > today for s, _ in spans)
    if (
        "first" in said
        and field_ != "count"
        and not national
        and _first_of_a_visit(said["first"], text)
    ):
        return _first(spans, said, today, text)
    # "compared with the previous one"
    compared = "compare" in said and ("previous" in said or "last" in said)
    changed = "change" in said or compared
    if (
        changed
        and not national
        and not future
        and field_ in (None, "status", "overall", "judgement")
    ):
        # "has it improved"; "since 2017": then and now
        since = tuple(s for s, how in spans if how in ("since", "during"))[:1]
        words = said.get("change", said.get("compare", []))
        return TimeAsked("change", since, " ".join(w.word for w in words))
    if spans:
        return _dates_asked(spans, said, field_, today, future)
    return _time_words(said, field_, text)


def _first(
    spans: list[tuple[DateSpan, str]], said: dict[str, list[Word]], today: dt.date, text: str
) -> TimeAsked:
    """ "the first inspection", or the first from a start named ("since 2019", "ilacs")."""
    after = [s for s, how in spans if how == "since"] or [
        DateSpan(name, 0, 0, dt.date(*start), today, "range")
        for name, start in FRAMEWORK_STARTS.items()
        if re.search(rf"\b{name}\b", text)
    ]
    return TimeAsked("first", tuple(after[:1]), " ".join(w.word for w in said["first"]))


def _dates_asked(
    spans: list[tuple[DateSpan, str]],
    said: dict[str, list[Word]],
    field_: str | None,
    today: dt.date,
    future: bool,
) -> TimeAsked:
    """The time of named dates, by how they are meant: future, since, as of, during."""
    words = " ".join(s.text for s, _ in spans)
    named = tuple(s for s, _ in spans)
    hows = {how for _, how in spans}
    if future and "since" not in hows:
        return TimeAsked("future", named, words)
    if "since" in hows:
        return TimeAsked("since", named, words)
    if "before" in hows:  # "before 2019": what was known the day before it began
        s = named[0]
        day = s.earliest - dt.timedelta(days=1)
        return TimeAsked("as_of", (DateSpan(s.text, s.start, s.end, day, day, "day"),), words)
    day_named = all(s.precision == "day" for s in named)
    if "as_of" in hows or ((day_named or "on" in hows) and field_ not in EVENT_FIELDS):
        return TimeAsked("as_of", named, words)
    if "now" in said and hows == {"during"} and said["now"][0].word != "still":
        # "was hackney good in 2021 and what is it now": both, in turn
        now = " ".join(w.word for w in said["now"])
        named += (DateSpan(now, 0, 0, today, today, "now"),)
    return TimeAsked("during", named, words)


def _time_words(said: dict[str, list[Word]], field_: str | None, text: str) -> TimeAsked:
    """The time words say with no date: "before X's latest", previous, next, last, now."""
    if "last" in said and "previous" not in said:
        ahead = re.search(
            r"\b(?:before|prior to|preceding)\s+((?:\S+\s+){0,5})$", text[: said["last"][0].start]
        )
        if ahead and all(
            w not in STOPWORDS or w in _NAME_WORDS for w in ahead.group(1).lower().split()
        ):
            return TimeAsked("previous", (), text[said["last"][0].start : said["last"][-1].end])
        # "were they inadequate last time too": the one before the one just said
        again = _LAST_TIME_TOO.search(text)
        if again:
            return TimeAsked("previous", (), again.group())
    for kind in ("previous", "next", "last", "now"):
        if kind in said:
            ws = said[kind]
            return TimeAsked(kind, (), text[ws[0].start : ws[-1].end])
    if field_ == "next":
        return TimeAsked("next")
    before = _BEFORE_ALONE.search(text)  # "what were we before", "good before werent they"
    if before:
        return TimeAsked("previous", (), before.group(1))
    return TimeAsked()


_LAST_TIME_TOO = re.compile(r"\blast time\b(?=.*\b(?:too|also|as well|again)\b)", re.I)
_BEFORE_ALONE = re.compile(
    r"\b(before|previously)\b\s*(?:$|[?.!,]|(?:werent|wasnt|didnt|isnt|right|then|too|that)\b)",
    re.I,
)
