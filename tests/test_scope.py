"""Scope: which documents a question or a status may use, decided once (index/scope.py).

A table of cases, each a set of document profiles, the councils named, the day asked as of,
and the scope (or refusal) expected.
"""

from __future__ import annotations

import datetime as dt

import pytest

from index.answer.scope import NoDocuments, Scope, WhichCouncil, decide
from index.store.records import DocumentInfo

NOW = dt.date(2026, 11, 23)  # the real today, for every case


def doc(id: int, date: str | None, organisation: str | None) -> DocumentInfo:
    return DocumentInfo(
        id=id,
        source=f"doc-{id}.md",
        path=f"/docs/doc-{id}.md",
        title=f"Document {id}",
        date=dt.date.fromisoformat(date) if date else None,
        date_source="text",
        format="md",
        passages=1,
        content_hash=str(id),
        organisation=organisation,
    )


NORFOLK_2019 = doc(1, "2019-05-01", "Norfolk")
NORFOLK_2023 = doc(2, "2023-03-01", "Norfolk")
DORSET_2022 = doc(3, "2022-06-01", "Dorset")
UNDATED = doc(4, None, "Norfolk")
TRUST_2021 = doc(5, "2021-09-23", "Northamptonshire Children's Trust")
WEST_NORTHANTS_2022 = doc(6, "2022-08-26", "West Northamptonshire")
NO_BODY = doc(7, "2020-01-01", None)
AHEAD = doc(8, "2026-12-03", "Norfolk")  # a report for a meeting after the real today

ONE_COUNCIL = [NORFOLK_2019, NORFOLK_2023, UNDATED]
TWO_COUNCILS = [NORFOLK_2019, NORFOLK_2023, DORSET_2022]
TRUST_AND_COUNCIL = [TRUST_2021, WEST_NORTHANTS_2022]

SCOPES = [
    # (case, documents, councils named, as of, one body needed, documents in scope, restricted, organisation)
    (
        "today, nothing named: everything, unrestricted",
        ONE_COUNCIL,
        (),
        NOW,
        False,
        {1, 2, 4},
        False,
        "Norfolk",
    ),
    (
        "a past day hides documents published after it; undated ones stay",
        ONE_COUNCIL,
        (),
        dt.date(2020, 1, 1),
        False,
        {1, 4},
        True,
        "Norfolk",
    ),
    (
        "a past day before which everything was published restricts nothing",
        ONE_COUNCIL,
        (),
        dt.date(2024, 1, 1),
        False,
        {1, 2, 4},
        False,
        "Norfolk",
    ),
    (
        "on the real today a document dated ahead is used",
        [*ONE_COUNCIL, AHEAD],
        (),
        NOW,
        False,
        {1, 2, 4, 8},
        False,
        "Norfolk",
    ),
    (
        "a named council: its documents only, and retrieval is limited to them",
        TWO_COUNCILS,
        ("Dorset",),
        NOW,
        False,
        {3},
        True,
        "Dorset",
    ),
    (
        "a named council as of a past day: its documents published by then",
        TWO_COUNCILS,
        ("Norfolk",),
        dt.date(2020, 1, 1),
        False,
        {1},
        True,
        "Norfolk",
    ),
    (
        "a named council that all documents are about still limits retrieval",
        ONE_COUNCIL,
        ("Norfolk",),
        NOW,
        True,
        {1, 2, 4},
        True,
        "Norfolk",
    ),
    (
        "two councils named: both families' documents, no one organisation",
        TWO_COUNCILS,
        ("Norfolk", "Dorset"),
        NOW,
        False,
        {1, 2, 3},
        True,
        None,
    ),
    (
        "a council named: the trust serving its children is in its family",
        TRUST_AND_COUNCIL,
        ("West Northamptonshire",),
        NOW,
        True,
        {5, 6},
        True,
        "West Northamptonshire",
    ),
    (
        "a trust named: the councils it serves are in its family",
        TRUST_AND_COUNCIL,
        ("Northamptonshire Children's Trust",),
        NOW,
        True,
        {5, 6},
        True,
        "Northamptonshire Children's Trust",
    ),
    (
        "a trust and its councils are one body: no clarification needed",
        TRUST_AND_COUNCIL,
        (),
        NOW,
        True,
        {5, 6},
        False,
        "West Northamptonshire",
    ),
    (
        "several councils, none named, but the answer may draw on all of them",
        TWO_COUNCILS,
        (),
        NOW,
        False,
        {1, 2, 3},
        False,
        None,
    ),
    (
        "documents about no body at all: nothing to clarify",
        [NO_BODY],
        (),
        NOW,
        True,
        {7},
        False,
        None,
    ),
]


@pytest.mark.parametrize(
    "case,documents,councils,as_of,one_body,expected,restricted,organisation",
    SCOPES,
    ids=[s[0] for s in SCOPES],
)
def test_scope_holds_the_documents_the_rules_allow(
    case, documents, councils, as_of, one_body, expected, restricted, organisation
):
    scope = decide(councils, as_of, documents, one_body=one_body, now=NOW)
    assert isinstance(scope, Scope), scope
    assert scope.doc_ids == frozenset(expected)
    assert scope.restricted is restricted
    assert scope.only == (frozenset(expected) if restricted else None)
    assert scope.organisation == organisation
    assert scope.councils == tuple(councils) and scope.as_of == as_of


REFUSALS = [
    (
        "a named council with no documents",
        TWO_COUNCILS,
        ("Cornwall",),
        NOW,
        False,
        NoDocuments(("Cornwall",)),
    ),
    (
        "a named council whose documents all came later",
        TWO_COUNCILS,
        ("Dorset",),
        dt.date(2020, 1, 1),
        False,
        NoDocuments(("Dorset",)),
    ),
    (
        "several councils, none named, one needed",
        TWO_COUNCILS,
        (),
        NOW,
        True,
        WhichCouncil(("Dorset", "Norfolk")),
    ),
    (
        "several councils as of a past day still asks which",
        TWO_COUNCILS,
        (),
        dt.date(2020, 1, 1),
        True,
        WhichCouncil(("Dorset", "Norfolk")),
    ),
]


@pytest.mark.parametrize(
    "case,documents,councils,as_of,one_body,expected", REFUSALS, ids=[r[0] for r in REFUSALS]
)
def test_scope_refuses_or_asks_which_council(case, documents, councils, as_of, one_body, expected):
    assert decide(councils, as_of, documents, one_body=one_body, now=NOW) == expected


def test_the_refusals_say_what_to_do():
    assert NoDocuments(("Cornwall",)).message() == (
        "I hold no documents about Cornwall, so I cannot answer for them."
    )
    which = WhichCouncil(tuple(f"Council {n}" for n in range(7)))
    assert which.message() == (
        "I hold documents about 7 councils (Council 0, Council 1, Council 2, Council 3, "
        "Council 4 and 2 more); name the one you mean, for example "
        "“When was Norfolk last inspected?”"
    )
    assert which.message("“Norfolk”.").endswith("for example “Norfolk”.")
