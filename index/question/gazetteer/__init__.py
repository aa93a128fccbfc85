"""Which councils a question names, the way people type them: see ``link``.

link("hows plymoth doing compared to south glos").councils
== ("Plymouth", "South Gloucestershire")
"""

from index.question.gazetteer.matching import Linked, Match, find, link
from index.question.gazetteer.resolve import Resolved, resolve_council
from index.question.gazetteer.table import Token, fold, tokens

__all__ = [
    "Linked",
    "Match",
    "Resolved",
    "Token",
    "find",
    "fold",
    "link",
    "resolve_council",
    "tokens",
]
