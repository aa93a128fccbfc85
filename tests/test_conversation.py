"""Follow-ups: carry() takes what a question lacks from the previous turn; a table of cases."""

from __future__ import annotations

import datetime as dt

import pytest

from index.question.followups import (
    WINDOW,
    Conversations,
    Turn,
    Used,
    assumed,
    carry,
    conversation_key,
)
from index.question.types import Question, TimeAsked
from index.text.dates import DateSpan

MARCH_2018 = (dt.date(2018, 1, 22), dt.date(2018, 2, 2))
LAST = TimeAsked("last", (), "last")
IN_2018 = TimeAsked(
    "during",
    (DateSpan("2018", 0, 4, dt.date(2018, 1, 1), dt.date(2018, 12, 31), "year"),),
    "in 2018",
)


def q(text: str, **fields) -> Question:
    return Question(text, **fields)


def turn(question: Question, **used) -> Turn:
    return Turn(question, Used(**used), 0.0)


ROCHDALE_LAST = turn(
    q("when was rochdale last inspected", councils=("Rochdale",), time=LAST, field="dates"),
    council="Rochdale",
    inspection=MARCH_2018,
    document="rochdale 2018.pdf",
    field="dates",
)
ROCHDALE_GRADE_2018 = turn(
    q("rochdale 2018 grade", councils=("Rochdale",), time=IN_2018, field="overall"),
    council="Rochdale",
    inspection=MARCH_2018,
    field="overall",
)
SAME_INSPECTION = TimeAsked(
    "during",
    (DateSpan("inspection of January 2018", 0, 26, *MARCH_2018, "range"),),
    "inspection of January 2018",
)

# (previous turn, question as parsed, the fields expected after carry(), the opening line)
CASES = [
    pytest.param(
        None,
        q("who led it?", field="lead_inspector", refers_back=True),
        {"councils": (), "field": "lead_inspector"},
        None,
        id="nothing-before-nothing-carried",
    ),
    pytest.param(
        ROCHDALE_LAST,
        q("and before that?", refers_back=True, time=TimeAsked("previous", (), "before that")),
        {
            "councils": ("Rochdale",),
            "field": "dates",
            "time.kind": "previous",
            "time.spans": (MARCH_2018,),
        },
        "(Rochdale, the inspection before January 2018, dates)",
        id="before-that-carries-council-and-field",
    ),
    pytest.param(
        ROCHDALE_LAST,
        q("who led it?", field="lead_inspector", refers_back=True),
        {"councils": ("Rochdale",), "field": "lead_inspector", "time": SAME_INSPECTION},
        "(Rochdale, inspection of January 2018)",
        id="who-led-it-carries-the-inspection",
    ),
    pytest.param(
        ROCHDALE_LAST,
        q(
            "what about care leavers?",
            field="judgement",
            judgement="care_leavers",
            refers_back=True,
        ),
        {
            "councils": ("Rochdale",),
            "field": "judgement",
            "judgement": "care_leavers",
            "time": SAME_INSPECTION,
        },
        "(Rochdale, inspection of January 2018)",
        id="a-judgement-at-the-same-inspection",
    ),
    pytest.param(
        ROCHDALE_LAST,
        q("and Bury?", councils=("Bury",), refers_back=True),
        {"councils": ("Bury",), "field": "dates", "time": LAST},
        "(last, dates)",
        id="a-new-council-starts-afresh-keeping-the-field-and-stated-time",
    ),
    pytest.param(
        ROCHDALE_GRADE_2018,
        q("and bury?", councils=("Bury",), refers_back=True),
        {"councils": ("Bury",), "field": "overall", "time": IN_2018},
        "(in 2018, overall grade)",
        id="a-new-council-keeps-a-named-year",
    ),
    pytest.param(
        ROCHDALE_LAST,
        q("when was bury last inspected", councils=("Bury",), time=LAST, field="dates"),
        {"councils": ("Bury",), "field": "dates", "time": LAST},
        None,
        id="a-whole-new-question-takes-nothing",
    ),
    pytest.param(
        ROCHDALE_LAST,
        q("what is our grade", ours=True, field="overall"),
        {"councils": (), "field": "overall", "time": TimeAsked()},
        None,
        id="our-council-is-not-the-previous-one",
    ),
    pytest.param(
        ROCHDALE_GRADE_2018,
        q(
            "what about help and protection",
            field="judgement",
            judgement="help_and_protection",
            refers_back=True,
        ),
        {"councils": ("Rochdale",), "judgement": "help_and_protection", "time": SAME_INSPECTION},
        "(Rochdale, inspection of January 2018)",
        id="a-named-year-becomes-that-inspection",
    ),
    pytest.param(
        turn(
            q("how is bolton doing", councils=("Bolton",), field="status"),
            council="Bolton",
            field="status",
        ),
        q("and the year before?", refers_back=True, time=IN_2018),
        {"councils": ("Bolton",), "field": "status", "time": IN_2018},
        "(Bolton, status)",
        id="no-inspection-used-keeps-the-questions-own-time",
    ),
]


def _value(question: Question, path: str):
    value = question
    for part in path.split("."):
        value = getattr(value, part)
    if path == "time.spans":
        return tuple((s.earliest, s.latest) for s in value)
    return value


@pytest.mark.parametrize("previous, question, expected, opening", CASES)
def test_carry_fills_only_what_the_question_lacks(previous, question, expected, opening):
    carried = carry(previous, question)
    assert {path: _value(carried, path) for path in expected} == expected
    assert carried.text == question.text
    assert assumed(question, carried) == opening


def test_a_conversation_is_forgotten_after_thirty_minutes():
    now = [1000.0]
    conversations = Conversations(clock=lambda: now[0])
    key = conversation_key(-100, 7, group=True)
    conversations.remember(key, ROCHDALE_LAST.question, ROCHDALE_LAST.used)
    now[0] += WINDOW - 1
    assert conversations.follow(key, q("who led it?", field="lead_inspector"))[0].councils == (
        "Rochdale",
    )
    now[0] += 2
    assert conversations.follow(key, q("who led it?", field="lead_inspector"))[0].councils == ()


def test_in_a_group_each_person_has_their_own_conversation():
    conversations = Conversations(clock=lambda: 0.0)
    conversations.remember(
        conversation_key(-100, 7, group=True), ROCHDALE_LAST.question, ROCHDALE_LAST.used
    )
    assert conversations.previous(conversation_key(-100, 8, group=True)) is None
    assert conversations.previous(conversation_key(-100, 7, group=True)) is not None
    assert conversation_key(55, 55, group=False) == conversation_key(55, None, group=False)


def test_a_three_turn_follow_up_carries_the_council_then_the_inspection_then_the_field():
    conversations = Conversations(clock=lambda: 0.0)
    key = conversation_key(42, 42, group=False)
    first = q("when was rochdale last inspected", councils=("Rochdale",), time=LAST, field="dates")
    conversations.remember(
        key,
        first,
        Used("Rochdale", (dt.date(2023, 1, 9), dt.date(2023, 1, 20)), "r23.pdf", "dates"),
    )
    second, opening = conversations.follow(
        key, q("and before that?", time=TimeAsked("previous", (), "before that"))
    )
    assert (second.councils, second.field, second.time.kind) == (("Rochdale",), "dates", "previous")
    assert opening == "(Rochdale, the inspection before January 2023, dates)"
    conversations.remember(key, second, Used("Rochdale", MARCH_2018, "r18.pdf", "dates"))
    third, opening = conversations.follow(key, q("who led it?", field="lead_inspector"))
    assert (third.councils, third.field, third.time) == (
        ("Rochdale",),
        "lead_inspector",
        SAME_INSPECTION,
    )
    assert opening == "(Rochdale, inspection of January 2018)"
