"""Which documents a question, a status or a timeline may use: decided here, once.

    decide(("Norfolk",), today, documents)  →  Scope(councils=("Norfolk",), as_of=today, doc_ids=…)
                                            or NoDocuments(("Norfolk",))
    decide((), today, documents, one_body=True)  →  WhichCouncil(("Norfolk", "Dorset"))  # several, none named

The rules, each in one place:

- Asked as of a past day, only documents published by then (and undated ones) are used.
  On the real today a document dated ahead, such as a report for next week's meeting, is
  used as it is.
- Bodies named: only documents about them, or about a body serving the same children (a
  trust and its councils, a council and its successors: one family). None → ``NoDocuments``,
  never another council's answer.
- None named, the answer is about one body (a status, a timeline, "when is the next
  visit?"), and the documents are about several → ``WhichCouncil``: the one "which council?"
  reply.

The decision takes what a parsed question says (the councils named, the day asked as of)
and the documents' profiles (``DocumentInfo``: id, date, organisation), so a caller that
understands questions differently still gets the same scope.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from index.councils import organisations
from index.question.types import Question
from index.store.records import DocumentInfo


@dataclass(frozen=True)
class Scope:
    """The documents an answer or a status may use."""

    councils: tuple[str, ...]  # the bodies named (canonical names); () when none was
    as_of: dt.date  # the day asked as of
    doc_ids: frozenset[int]  # the documents that may be used
    restricted: bool  # False when doc_ids is every document held: retrieval then searches them all
    # the one body it is about: the one named, or the only one the documents are about
    organisation: str | None

    @property
    def only(self) -> frozenset[int] | None:
        """The documents retrieval is limited to; None for all of them."""
        return self.doc_ids if self.restricted else None

    def allows(self, doc_id: int) -> bool:
        return doc_id in self.doc_ids


@dataclass(frozen=True)
class NoDocuments:
    """The bodies named have no documents (none published by the day asked as of)."""

    councils: tuple[str, ...]

    def message(self) -> str:
        return (
            f"I hold no documents about {' or '.join(self.councils)}, so I cannot answer for them."
        )


@dataclass(frozen=True)
class WhichCouncil:
    """No body named, one needed, and the documents are about several."""

    councils: tuple[str, ...]  # one name for each family of bodies the documents are about, sorted

    def message(self, example: str = "“When was Norfolk last inspected?”") -> str:
        """The question back to the user; ``example`` shows how to name one (a question, or a command)."""
        names = self.councils
        listed = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        return f"I hold documents about {len(names)} councils ({listed}); name the one you mean, for example {example}"


Refusal = NoDocuments | WhichCouncil


def decide(
    councils: Sequence[str],
    today: dt.date,
    documents: Iterable[DocumentInfo],
    *,
    one_body: bool = False,
    now: dt.date | None = None,
) -> Scope | Refusal:
    """The scope for bodies named (canonical names) as of ``today``; ``now`` is the real today.

    ``one_body``: the answer is about a single body, so several bodies and none named
    needs a clarification rather than a mixture.
    """
    documents = list(documents)
    now = now or dt.date.today()
    councils = tuple(councils)
    known = {d.id for d in documents if d.date is None or d.date <= today or today >= now}
    restricted = len(known) < len(documents)
    if councils:
        ids = known & documents_about(councils, documents)
        if not ids:
            return NoDocuments(councils)
        return Scope(
            councils, today, frozenset(ids), True, councils[0] if len(councils) == 1 else None
        )
    groups = organisation_groups(documents)
    if one_body and len(groups) > 1:
        return WhichCouncil(tuple(sorted(_name(g) for g in groups)))
    return Scope(
        (), today, frozenset(known), restricted, _name(groups[0]) if len(groups) == 1 else None
    )


def takes_chat_council(question: Question, fact_fields: set[str]) -> bool:
    """Whether a question that names no council is about the chat's own (set by /council or
    --council): not a national one, not one naming a place or a name to ask about, and not a
    fact asked of words that may be a council nobody knows ("what is barsetshire's grade")."""
    return not (
        question.councils
        or question.national
        or question.places
        or question.ambiguous
        or (question.topic and question.field in fact_fields and not question.ours)
    )


def documents_about(councils: Iterable[str], documents: Iterable[DocumentInfo]) -> set[int]:
    """Documents about the bodies named, or about a trust or council that serves the same children."""
    wanted = set().union(*(family(n) for n in councils))
    return {d.id for d in documents if d.organisation and family(d.organisation) & wanted}


def organisation_groups(documents: Iterable[DocumentInfo]) -> list[set[str]]:
    """The bodies the documents are about, related ones (a trust and its councils) merged."""
    groups: list[set[str]] = []
    for name in {d.organisation for d in documents if d.organisation}:
        members = set(family(name))
        for group in [g for g in groups if g & members]:
            groups.remove(group)
            members |= group
        groups.append(members)
    return groups


@functools.lru_cache(maxsize=4096)
def family(name: str) -> frozenset[str]:
    """A body with the councils it serves or that succeeded it: a trust and its councils are one family."""
    return frozenset({name} | organisations.served_by(name))


def _name(group: set[str]) -> str:
    """The name a family is shown by: its shortest (a council rather than its trust)."""
    return min(group, key=lambda n: (len(n), n))
