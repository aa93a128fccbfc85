"""Answers about several councils made one, the time asked said in words, a town's authority named.

Used by index/respond.py: ``merged`` joins the answers for each council a question named
(citations numbered on), ``when_words`` says the time asked after a council's name
(" since 2020", " in March 2023").
"""

from __future__ import annotations

import re
from dataclasses import replace

from index.answer.results import Answer, Citation
from index.question.types import Question, TimeAsked
from index.text.words import MONTH_AND_SEASON_WORDS

#: The most councils, facts or times one question is answered for, each in turn.
MAX_PARTS = 3


def parts(question: Question) -> list[Question]:
    """A question that is several, as its parts; [] when it is one.

    - several councils ("kent and essex grades", "cumbria", now two): each from its own reports,
      never one council's facts under another's name;
    - several facts ("grade and lead inspector for merton"): each in turn, a grade's answer
      giving its dates;
    - several years ("what did essex get in 2014 and in 2023"), or a year and now ("was hackney
      good in 2021 and what is it now"): each in turn.
    """
    if len(question.councils) > 1 and not question.national:
        return [replace(question, councils=(c,)) for c in question.councils[:MAX_PARTS]]
    if question.also:
        fields = [
            "overall" if f == "dates" and "overall" in question.also else f
            for f in (question.field, *question.also)
        ]
        return [replace(question, field=f, also=()) for f in dict.fromkeys(fields)]
    spans = question.time.spans
    if (
        question.time.kind == "during"
        and len(spans) > 1
        and question.councils
        and not question.national
    ):
        return [
            replace(
                question,
                time=TimeAsked("now")
                if s.precision == "now"
                else TimeAsked("during", (s,), s.text),
            )
            for s in spans[:MAX_PARTS]
        ]
    return []


def left_out(question: Question) -> str | None:
    """The warning for the councils or times a question named beyond those answered (never
    dropped silently): which, and how to ask about them."""
    if len(question.councils) > MAX_PARTS and not question.national:
        rest = question.councils[MAX_PARTS:]
        return (
            f"You named {len(question.councils)} councils; I answered for the first {MAX_PARTS}. "
            f"… and {len(rest)} more: ask about {' and '.join(rest)} in another question."
        )
    spans = question.time.spans
    one_fact_one_council = len(question.councils) == 1 and not question.also
    if (
        one_fact_one_council
        and question.time.kind == "during"
        and len(spans) > MAX_PARTS
        and not question.national
    ):  # as parts() splits: councils first, then facts, then times (each part in its turn)
        rest = [s.text for s in spans[MAX_PARTS:]]
        return (
            f"You named {len(spans)} times; I answered for the first {MAX_PARTS}. "
            f"… and {len(rest)} more: ask about {' and '.join(rest)} in another question."
        )
    return None


def merged(parts: list[Answer]) -> Answer:
    """Answers about several councils as one: texts one after another, citations numbered on.

    A council nothing is known about is said in a warning when others are answered; the same
    answer twice (a former council's successors, both quoting its one report) is given once.
    """
    answered = [p for p in parts if not p.abstained]
    if answered and len(answered) < len(parts):
        gaps = tuple(p.answer.split(" The newest document I hold")[0] for p in parts if p.abstained)
        parts = [
            replace(p, warnings=(*gaps, *p.warnings)) if i == 0 else p
            for i, p in enumerate(answered)
        ]
    seen: set[tuple[str, tuple[str, ...]]] = set()
    unique = []
    for part in parts:
        key = (re.sub(r"\[\d+\]", "", part.answer), tuple(c.source for c in part.citations))
        if key not in seen:
            seen.add(key)
            unique.append(part)
    parts = unique
    texts: list[str] = []
    citations: list[Citation] = []
    warnings: list[str] = []
    for part in parts:
        shift = len(citations)
        own = len(part.citations)  # its own markers only: "[2019]" in a quote stays as written
        texts.append(
            re.sub(
                r"\[(\d+)\]",
                lambda m: (
                    f"[{int(m.group(1)) + shift}]" if 0 < int(m.group(1)) <= own else m.group()
                ),
                part.answer,
            )
        )
        citations += [replace(c, n=c.n + shift) for c in part.citations]
        warnings += [w for w in part.warnings if w not in warnings]
    dated = [p.as_of for p in parts if p.as_of]
    return replace(
        parts[0],
        answer="\n\n".join(texts),
        abstained=all(p.abstained for p in parts),
        confidence=min(p.confidence for p in parts),
        as_of=max(dated) if dated else None,  # the newest document cited, as for every answer
        citations=tuple(citations),
        warnings=tuple(warnings),
        used=None,
    )


def when_words(time: TimeAsked) -> str:
    """The time asked, as a phrase after a council's name: " since 2020", " in March 2023"."""
    text = time.text
    named = bool(text) and (text[:1].isdigit() or text.split()[0].lower() in MONTH_AND_SEASON_WORDS)
    if not named:  # "last year", "two years ago": as typed; "in the last 3 years" as it was said
        return (
            f" in the {text}"
            if time.kind == "since" and re.match(r"(last|past) \w+ (year|month)", text)
            else f" {text}"
            if text
            else ""
        )
    if time.kind == "since":
        return f" since {text}"
    if " and " in text:
        return f" between {text}"
    return f" on {text}" if text[:1].isdigit() and " " in text else f" in {text}"


def served_by(place: str, authorities: tuple[str, ...]) -> str:
    """The warning for a district or town named ("ryedale"): whose children's services answered."""
    return (
        f"{_display(place)} is not a children's services authority: its children's services are "
        f"{' and '.join(authorities)}'s."
    )


def _display(name: str) -> str:
    """A place's name as written in a sentence: "Tunbridge Wells", "Weston-super-Mare", "Bury St Edmunds"."""
    small = {"and", "of", "upon", "under", "on", "super", "le", "in"}
    return "-".join(
        " ".join(
            w if w in small and (i or j) else w[:1].upper() + w[1:]
            for i, w in enumerate(part.split())
        )
        for j, part in enumerate(name.split("-"))
    )
