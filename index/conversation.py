"""A conversation: one person asking in turn, in a private chat, a group, `chat` or `ask`.

The bot, ``inspection-bot chat`` and ``inspection-bot ask`` answer through this one object, so
a follow-up means the same everywhere:

    conversation = Conversation(engine)          # or Conversation(engine, memory, key, council=…)
    conversation.ask("how did wigan do at their last inspection")
    conversation.ask("and bolton?")              # Bolton, the same question
    conversation.ask("who led it?")              # Bolton's inspection, another field

What a turn resolved (the council or councils, the inspection, the field or topic, the councils
a list showed, the options a clarifying question offered) is kept in ``memory`` under ``key``
(index/question/followups.py), so that the bot can keep each person's conversation in a group
apart while the chat's council is shared.

The chat's council, for "we", "our" and "us": one set by an admin (``council``: /council,
``--council``) always wins; otherwise the conversation sets it when someone says where they
work ("I sit on Bolton's scrutiny committee") or first asks about one council, and the reply
says so the first time "we" is taken to mean it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Hashable
from dataclasses import replace

from index.answer.results import Answer
from index.question import resolve_council
from index.question.followups import Conversations

#: How people say where they work or sit: the council named after these words is theirs.
_STATED = re.compile(
    r"\b(?:i\s*(?:'?m| am)\s+(?:a\s+|an\s+|the\s+)?(?:\w+\s+){0,3}?(?:in|at|for|on|from|with)"
    r"|i\s+(?:sit|serve|work|am)\s+(?:on|at|for|in|with)(?:\s+the)?"
    r"|(?:our|my)\s+(?:council|authority|la)\s+is|we\s*(?:'?re| are)(?:\s+from)?)\s+(?P<name>[^,.;:!?–-]{3,60})",
    re.I,
)


class Conversation:
    """One person's turns: each answered with what the turns before resolved."""

    def __init__(
        self,
        engine,
        memory: Conversations | None = None,
        key: Hashable = "chat",
        *,
        council: str | None = None,
    ) -> None:
        self.engine = engine
        self.memory = memory if memory is not None else Conversations()
        self.key = key
        self.council = (
            council  # set by an admin (/council) or --council: wins over the conversation's
        )

    def ask(self, text: str, today: dt.date | None = None) -> Answer:
        previous = self.memory.previous(self.key)
        said = previous.said_council if previous else None
        stated = stated_council(text)
        ours = self.council or stated or said
        answer = self.engine.ask(text, today, council=ours, previous=previous)
        understood = answer.understood
        if understood is None or answer.used is None:
            return answer
        if not self.council and stated is None and said is None and len(understood.councils) == 1:
            said = understood.councils[0]  # a first question about one council: "we" is it now
        if stated:
            said = stated
        noted = previous.noted if previous else False
        if understood.ours and not self.council and said and not noted:
            answer = replace(answer, answer=f"(Taking “we” to mean {said}.) {answer.answer}")
            noted = True
        seen = tuple(dict.fromkeys([*(previous.seen if previous else ()), *understood.councils]))[
            -5:
        ]
        self.memory.remember(
            self.key, understood, answer.used, said_council=said, noted=noted, seen=seen
        )
        return answer


def stated_council(text: str) -> str | None:
    """The council someone says they work for or sit on ("I sit on Bolton's scrutiny
    committee", "im a councillor in york"), or None."""
    found = _STATED.search(text)
    if not found:
        return None
    return resolve_council(found.group("name")).one
