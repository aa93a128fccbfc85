"""The time a question asks about: years, months, days, ranges, "as of", "since", "before that", the future.

Part of understanding a question (index/question.py): ``_spans`` finds the dates named,
``_time`` decides which kind of time they make, with the words that cue it (forms.TIME_CUES).
"""

from __future__ import annotations

import datetime as dt
import re

from index.text.dates import DateSpan, find_dates
from index.question.forms import CUE_FILLERS, FRAMEWORK_STARTS, NUMBERS, STOPWORDS, TIME_CUES
from index.question.parse import _EVENT_FIELDS, TimeAsked, _Word

_YEAR = re.compile(r"(?:199\d|20[0-4]\d)")
_UNITS = {"year": 12, "years": 12, "month": 1, "months": 1}
#: Words of a council's name between "before" and "latest" ("before london borough of enfields latest").
_NAME_WORDS = frozenset({"the", "its", "of", "and", "london", "borough", "city", "royal", "council", "county"})


def _span(text: str, start: int, end: int, earliest: dt.date, latest: dt.date, precision: str) -> DateSpan:
    return DateSpan(text[start:end], start, end, earliest, latest, precision)


def _months_back(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, 28))


def _spans(text: str, words: list[_Word], today: dt.date) -> list[tuple[DateSpan, str]]:
    """The dates a question names, each with how it is meant (as_of, since, before, during).

    Marks the words of each date and of its cue as used.
    """
    found = [s for s in find_dates(text, reference=today)]
    for i, w in enumerate(words):
        if any(s.start <= w.start < s.end for s in found) or w.used:
            continue
        nxt = words[i + 1].word if i + 1 < len(words) else ""
        if _YEAR.fullmatch(w.word):
            y = int(w.word)
            found.append(_span(text, w.start, w.end, dt.date(y, 1, 1), dt.date(y, 12, 31), "year"))
        elif w.word in ("this", "last", "next") and nxt == "year":
            y = today.year + {"this": 0, "last": -1, "next": 1}[w.word]
            found.append(_span(text, w.start, words[i + 1].end, dt.date(y, 1, 1), dt.date(y, 12, 31), "year"))
        elif (w.word.isdigit() or w.word in NUMBERS) and nxt in _UNITS:
            n = int(w.word) if w.word.isdigit() else NUMBERS[w.word]
            after = words[i + 2].word if i + 2 < len(words) else ""
            before = [x.word for x in words[max(0, i - 3):i]]
            if after == "ago" and _UNITS[nxt] == 12:  # "two years ago": that year
                y = today.year - n
                found.append(_span(text, w.start, words[i + 2].end, dt.date(y, 1, 1), dt.date(y, 12, 31), "year"))
            elif before and before[-1] in ("last", "past"):  # "in the last 3 years": since then
                start = words[i - 1].start
                span = _span(text, start, words[i + 1].end, _months_back(today, n * _UNITS[nxt]), today, "range")
                found.append(span)
    found.sort(key=lambda s: s.start)
    result: list[tuple[DateSpan, str]] = []
    for span in found:
        inside = [i for i, w in enumerate(words) if span.start <= w.start < span.end]
        if not inside:
            continue
        for i in inside:
            words[i].used = True
        how = "since" if span.precision == "range" and span.latest == today else "during"
        first = inside[0]
        end = first  # the cue's end: words such as "ofsted came in" may stand between it and the date
        while end > 0 and end > first - 4 and words[end - 1].word in CUE_FILLERS and not any(
                " ".join(w.word for w in words[max(0, end - n):end]) in TIME_CUES for n in (3, 2, 1)):
            end -= 1
        for n in (3, 2, 1):
            cue = " ".join(w.word for w in words[max(0, end - n):end])
            if end - n >= 0 and cue in TIME_CUES and (end == first or TIME_CUES[cue] == "before"):
                how = TIME_CUES[cue]
                for w in words[end - n:end]:
                    w.used = True
                break
        if span.precision != "range" and span.latest == today:
            how = "since"
        result.append((span, how))
    return result


#: What a "first" must stand before to mean the earliest inspection ("first inspected", "first ilacs
#: inspection", "first rated good"), not "the first thing to improve" or "first contact".
_FIRST_OF = re.compile(r"\s*(?:(?:ever|full|ofsted|ilacs|sif|standard|short)\b|inspect|visit|report|rat|grad|judg"
                       r"|get|got|given|receiv|time|one\b|inadequate|outstanding|good|requires|ri\b|adequate|under)")


def _first_of_a_visit(phrase: list[_Word], text: str) -> bool:
    return len(phrase) > 1 or phrase[0].word != "first" or bool(_FIRST_OF.match(text, phrase[-1].end))


def _time(spans: list[tuple[DateSpan, str]], said: dict[str, list[_Word]], field_: str | None,
          today: dt.date, text: str, *, national: bool = False) -> TimeAsked:
    """The time asked: named dates first, then words (a change, previous, next, last, now)."""
    if "first" in said and field_ != "count" and not national and _first_of_a_visit(said["first"], text):
        after = [s for s, how in spans if how == "since"] or [
            DateSpan(name, 0, 0, dt.date(*start), today, "range") for name, start in FRAMEWORK_STARTS.items()
            if re.search(rf"\b{name}\b", text)]
        return TimeAsked("first", tuple(after[:1]), " ".join(w.word for w in said["first"]))
    compared = "compare" in said and ("previous" in said or "last" in said)  # "compared with the previous one"
    future = any(s.earliest > today for s, _ in spans)
    if ("change" in said or compared) and not national and not future \
            and field_ in (None, "status", "overall", "judgement"):  # "has it improved"
        since = tuple(s for s, how in spans if how in ("since", "during"))[:1]  # "since 2017": then and now
        return TimeAsked("change", since, " ".join(w.word for w in said.get("change", said.get("compare", []))))
    if spans:
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
        if "as_of" in hows or ((day_named or "on" in hows) and field_ not in _EVENT_FIELDS):
            return TimeAsked("as_of", named, words)
        if "now" in said and hows == {"during"}:  # "was hackney good in 2021 and what is it now": both, in turn
            named += (DateSpan(" ".join(w.word for w in said["now"]), 0, 0, today, today, "now"),)
        return TimeAsked("during", named, words)
    ahead = re.search(r"\b(?:before|prior to|preceding)\s+((?:\S+\s+){0,5})$", text[:said["last"][0].start]) \
        if "last" in said and "previous" not in said else None
    if ahead and all(w not in STOPWORDS or w in _NAME_WORDS for w in ahead.group(1).lower().split()):
        return TimeAsked("previous", (), text[said["last"][0].start:said["last"][-1].end])  # "before X's latest"
    for kind in ("previous", "next", "last", "now"):
        if kind in said:
            ws = said[kind]
            return TimeAsked(kind, (), text[ws[0].start:ws[-1].end])
    if field_ == "next":
        return TimeAsked("next")
    return TimeAsked()


