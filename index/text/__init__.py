"""Words and dates as the documents write them: the tables and readers every stage shares.

    dates.find_dates(text)           # DateSpans: "13th – 30th July 2021", "Summer 2022", "late 2021"
    dates.format_date(day)           # "9 May 2022", the one date formatter
    sentences.sentence_ends(text)    # the one sentence splitter: passages, quotes and events
    judgements.judgement_label(key)  # "care leavers": the one table of judgements
    words.MONTHS, words.WEEKDAYS     # the one table of months, seasons and days

Imports nothing else of the project.
"""

from index.text import dates, judgements, sentences, words

__all__ = ["dates", "judgements", "sentences", "words"]
