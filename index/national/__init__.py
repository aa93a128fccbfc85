"""Questions about every council at once: lists, counts, changes and comparisons, every council cited.

nation = Nation(events, today)        # each council's full inspections known that day
answer(question, events, today)       # a parsed national Question → NationalAnswer
from_words(nation, "changed ri to good")  # a /list command's words → NationalAnswer
tally(nation, "care_leavers")         # councils by one judgement's grade: the national chart
"""

from index.national.asked import USAGE, NotUnderstood, answer, from_words
from index.national.nation import (
    GRADE_SETS,
    LINES_PER_MESSAGE,
    Nation,
    NationalAnswer,
    NationalCitation,
    engine_events,
)
from index.national.tally import TALLIED, Tally, judgement_named, tally

__all__ = [
    "GRADE_SETS",
    "LINES_PER_MESSAGE",
    "USAGE",
    "Nation",
    "NationalAnswer",
    "NationalCitation",
    "NotUnderstood",
    "TALLIED",
    "Tally",
    "answer",
    "engine_events",
    "from_words",
    "judgement_named",
    "tally",
]
