"""A typed Question → an Answer quoted from the documents, each sentence cited.

    Responder(store, answerer).ask(text, today, previous=turn)   # → Answer

respond.py routes a question: out of remit, national (index.national), a fact of a report
(factual.py), an event of the timeline (timeline.py, timeline_answers.py, visits.py), else
passages retrieved (retrieve.py) and quoted (passages.py); scope.py decides once which
documents a question may use, as of its today. results.py holds the Answer, Citation and
Status types every interface renders; brief.py, marks.py and chart.py make the one-page
brief and the pictures.

Imports national, question, store, embed, extract, councils and text.
"""

from index.answer.results import Answer, Citation, Status

__all__ = ["Answer", "Citation", "Status"]
