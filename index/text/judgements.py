"""The judgements Ofsted gives, by the keys index.extract.report reads them under, and how they are named.

One table: ``judgement_name`` is how an answer names a judgement in a sentence ("the impact
of leaders was judged Good"); ``judgement_label`` how a list labels one ("impact of leaders:
good").
"""

from __future__ import annotations

#: Judgement key → its name in a sentence.
JUDGEMENT_NAMES = {
    "overall": "overall effectiveness",
    "leaders": "the impact of leaders",
    "help_and_protection": "children who need help and protection",
    "in_care": "children in care",
    "care_leavers": "care leavers",
    "in_care_and_care_leavers": "children in care and care leavers",
    "adoption": "adoption performance",
    "capacity": "capacity to improve",
    # not of the council's services: the review of its Local Safeguarding Children Board, 2013–18
    "lscb": "the Local Safeguarding Children Board",
}


def judgement_name(key: str) -> str:
    """A judgement as a sentence names it ("care leavers"; an unknown key in words)."""
    return JUDGEMENT_NAMES.get(key, key.replace("_", " "))


def judgement_label(key: str) -> str:
    """A judgement as a list labels it: its name without an article ("impact of leaders")."""
    return judgement_name(key).removeprefix("the ")
