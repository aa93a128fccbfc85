"""Text → a typed Question: who it is about, what time it asks about, what it asks for.

parse("who led hounslows 2023 inspection", today)  # → Question
carry(previous_turn, question)                     # a follow-up takes what it lacks
"""

from index.question.followups import Conversations, Turn, assumed, carry, conversation_key
from index.question.gazetteer import Resolved, resolve_council
from index.question.parsing import parse
from index.question.types import FIELDS, JUDGEMENTS, TIME_KINDS, Place, Question, TimeAsked, Used

__all__ = [
    "FIELDS",
    "JUDGEMENTS",
    "TIME_KINDS",
    "Conversations",
    "Place",
    "Question",
    "Resolved",
    "TimeAsked",
    "Turn",
    "Used",
    "assumed",
    "carry",
    "conversation_key",
    "parse",
    "resolve_council",
]
