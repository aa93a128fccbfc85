"""Questions about every council at once: lists, counts, changes and comparisons, every council cited.

query = from_question(question)           # a parsed national Question → NationalQuery
nation = Nation(events, today)            # each council's full inspections known that day
nation.answer(query)                      # → NationalAnswer: heading, lines, one citation each
answer(question, events, today)           # the two steps at once
from_words(nation, "changed ri to good")  # a /list command's words → NationalAnswer
tally(nation, "care_leavers")         # councils by one judgement's grade: the national chart
"""

from index.national.asked import USAGE, NotUnderstood, answer, from_words, nation_of, query_of
from index.national.nation import Nation, engine_events
from index.national.query import GRADE_SETS, Change, NationalQuery, Period, from_question
from index.national.results import LINES_PER_MESSAGE, NationalAnswer, NationalCitation
from index.national.tally import TALLIED, Tally, judgement_named, tally

__all__ = [
    "GRADE_SETS",
    "LINES_PER_MESSAGE",
    "USAGE",
    "Change",
    "Nation",
    "NationalAnswer",
    "NationalCitation",
    "NationalQuery",
    "NotUnderstood",
    "Period",
    "TALLIED",
    "Tally",
    "answer",
    "engine_events",
    "from_question",
    "from_words",
    "judgement_named",
    "nation_of",
    "query_of",
    "tally",
]
