"""A council typed on its own (``/council plymoth``, ``--council``, ``/follow bucks``, ``/list compare``):
resolved with the same forgiveness as a council named in a question."""

from __future__ import annotations

from dataclasses import dataclass

from index.councils import organisations
from index.question.gazetteer.matching import link


@dataclass(frozen=True)
class Resolved:
    """What a typed name stands for."""

    # canonical names: a body written as such, else the councils linked
    councils: tuple[str, ...] = ()
    options: tuple[str, ...] = ()  # the alternatives, when the name is one of several places

    @property
    def one(self) -> str | None:
        """The one body named, or None when it names none, several, or is ambiguous."""
        return self.councils[0] if len(self.councils) == 1 and not self.options else None


def resolve_council(name: str) -> Resolved:
    """The council, trust or former council a typed name stands for.

    A body's own name, however written ("Northamptonshire Children's Trust", "BCP"), stands
    for itself; anything else is linked as a question's words are: short forms, towns, typos
    ("plymoth"), several councils ("leeds and bradford"), or alternatives to ask between.
    """
    name = " ".join(name.split())
    canonical = organisations.canonical(name)
    if canonical:
        return Resolved((canonical,))
    linked = link(name)
    if linked.ambiguous and not linked.councils:
        return Resolved(options=linked.ambiguous[0])
    return Resolved(linked.councils)
