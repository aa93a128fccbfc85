"""Which council (or children's services trust) a document, sentence or question is about.

``COUNCILS`` lists the 153 English local authorities with children's services, under the
names Ofsted uses. Other bodies resolve through ``served_by``: a trust's events belong to
the councils it delivers services for, and a council that was split or merged (pre-2021
Northamptonshire, pre-2023 Cumbria, pre-2019 Bournemouth and Poole) to its successors.

Matching in running text is on whole words, longest name first, so "North
Northamptonshire" is never also "Northamptonshire", "Bath and North East Somerset"
never "Somerset", and "North Yorkshire" or "New York" never "York". A place name that is
also an ordinary word ("reading", "bury", "slough", "bath", "hull") counts only when
capitalised.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import PurePath

#: The 153 councils with children's services, as Ofsted names them.
COUNCILS: tuple[str, ...] = (
    "Barking and Dagenham",
    "Barnet",
    "Barnsley",
    "Bath and North East Somerset",
    "Bedford",
    "Bexley",
    "Birmingham",
    "Blackburn with Darwen",
    "Blackpool",
    "Bolton",
    "Bournemouth, Christchurch and Poole",
    "Bracknell Forest",
    "Bradford",
    "Brent",
    "Brighton and Hove",
    "Bristol",
    "Bromley",
    "Buckinghamshire",
    "Bury",
    "Calderdale",
    "Cambridgeshire",
    "Camden",
    "Central Bedfordshire",
    "Cheshire East",
    "Cheshire West and Chester",
    "City of London",
    "Cornwall",
    "Coventry",
    "Croydon",
    "Cumberland",
    "Darlington",
    "Derby",
    "Derbyshire",
    "Devon",
    "Doncaster",
    "Dorset",
    "Dudley",
    "Durham",
    "Ealing",
    "East Riding of Yorkshire",
    "East Sussex",
    "Enfield",
    "Essex",
    "Gateshead",
    "Gloucestershire",
    "Greenwich",
    "Hackney",
    "Halton",
    "Hammersmith and Fulham",
    "Hampshire",
    "Haringey",
    "Harrow",
    "Hartlepool",
    "Havering",
    "Herefordshire",
    "Hertfordshire",
    "Hillingdon",
    "Hounslow",
    "Isle of Wight",
    "Isles of Scilly",
    "Islington",
    "Kensington and Chelsea",
    "Kent",
    "Kingston upon Hull",
    "Kingston upon Thames",
    "Kirklees",
    "Knowsley",
    "Lambeth",
    "Lancashire",
    "Leeds",
    "Leicester",
    "Leicestershire",
    "Lewisham",
    "Lincolnshire",
    "Liverpool",
    "Luton",
    "Manchester",
    "Medway",
    "Merton",
    "Middlesbrough",
    "Milton Keynes",
    "Newcastle upon Tyne",
    "Newham",
    "Norfolk",
    "North East Lincolnshire",
    "North Lincolnshire",
    "North Northamptonshire",
    "North Somerset",
    "North Tyneside",
    "North Yorkshire",
    "Northumberland",
    "Nottingham",
    "Nottinghamshire",
    "Oldham",
    "Oxfordshire",
    "Peterborough",
    "Plymouth",
    "Portsmouth",
    "Reading",
    "Redbridge",
    "Redcar and Cleveland",
    "Richmond upon Thames",
    "Rochdale",
    "Rotherham",
    "Rutland",
    "Salford",
    "Sandwell",
    "Sefton",
    "Sheffield",
    "Shropshire",
    "Slough",
    "Solihull",
    "Somerset",
    "South Gloucestershire",
    "South Tyneside",
    "Southampton",
    "Southend-on-Sea",
    "Southwark",
    "St Helens",
    "Staffordshire",
    "Stockport",
    "Stockton-on-Tees",
    "Stoke-on-Trent",
    "Suffolk",
    "Sunderland",
    "Surrey",
    "Sutton",
    "Swindon",
    "Tameside",
    "Telford and Wrekin",
    "Thurrock",
    "Torbay",
    "Tower Hamlets",
    "Trafford",
    "Wakefield",
    "Walsall",
    "Waltham Forest",
    "Wandsworth",
    "Warrington",
    "Warwickshire",
    "West Berkshire",
    "West Northamptonshire",
    "West Sussex",
    "Westminster",
    "Westmorland and Furness",
    "Wigan",
    "Wiltshire",
    "Windsor and Maidenhead",
    "Wirral",
    "Wokingham",
    "Wolverhampton",
    "Worcestershire",
    "York",
)

#: Bodies that are not (or no longer) councils, and the councils whose events are theirs.
#: Trusts and companies delivering a council's children's services, and whom for.
TRUSTS: dict[str, frozenset[str]] = {
    "Northamptonshire Children's Trust": frozenset(
        {"North Northamptonshire", "West Northamptonshire"}
    ),
    "Achieving for Children": frozenset(
        {"Kingston upon Thames", "Richmond upon Thames", "Windsor and Maidenhead"}
    ),
    "Birmingham Children's Trust": frozenset({"Birmingham"}),
    "Bradford Children and Families Trust": frozenset({"Bradford"}),
    "Brighter Futures for Children": frozenset({"Reading"}),
    "Doncaster Children's Services Trust": frozenset({"Doncaster"}),
    "Sandwell Children's Trust": frozenset({"Sandwell"}),
    "Slough Children First": frozenset({"Slough"}),
    "Together for Children": frozenset({"Sunderland"}),
    "Worcestershire Children First": frozenset({"Worcestershire"}),
}
#: Councils since split or merged: their past inspections belong to their successors.
FORMER: dict[str, frozenset[str]] = {
    "Northamptonshire": frozenset({"North Northamptonshire", "West Northamptonshire"}),  # to 2021
    "Cumbria": frozenset({"Cumberland", "Westmorland and Furness"}),  # to 2023
    "Bournemouth": frozenset({"Bournemouth, Christchurch and Poole"}),  # to 2019
    "Poole": frozenset({"Bournemouth, Christchurch and Poole"}),  # to 2019
}
SERVES: dict[str, frozenset[str]] = {**TRUSTS, **FORMER}


def trusts_of(council: str) -> list[str]:
    """The trusts or companies that deliver ``council``'s children's services (or did)."""
    return [trust for trust, served in TRUSTS.items() if council in served]


# Other spellings → canonical names. Keys are written plainly; _key() normalises both sides
# ("&" and "and", "St." and "St", hyphens, apostrophes, case).
_ALIASES: dict[str, str | tuple[str, ...]] = {
    "TfC": "Together for Children",
    "BFfC": "Brighter Futures for Children",
    "SCF": "Slough Children First",
    "WCF": "Worcestershire Children First",
    "DCST": "Doncaster Children's Services Trust",
    "BCP": "Bournemouth, Christchurch and Poole",
    "BCP Council": "Bournemouth, Christchurch and Poole",
    "Bath": "Bath and North East Somerset",
    "BANES": "Bath and North East Somerset",
    "B&NES": "Bath and North East Somerset",
    "North East Somerset": "Bath and North East Somerset",
    "Blackburn": "Blackburn with Darwen",
    "East Riding": "East Riding of Yorkshire",
    "Brighton": "Brighton and Hove",
    "City of Bristol": "Bristol",
    "Bristol City": "Bristol",
    "City of London Corporation": "City of London",
    "Corporation of London": "City of London",
    "London Corporation": "City of London",
    "County Durham": "Durham",
    "Hull": "Kingston upon Hull",
    "Kingston-upon-Hull": "Kingston upon Hull",
    "County of Herefordshire": "Herefordshire",
    "Newcastle": "Newcastle upon Tyne",
    "Nottingham City": "Nottingham",
    "Derby City": "Derby",
    "Leicester City": "Leicester",
    "Bedford Borough": "Bedford",
    "City of Westminster": "Westminster",
    "City of York": "York",
    "City of Bradford": "Bradford",
    "Redcar": "Redcar and Cleveland",
    "Isles of Scilly": "Isles of Scilly",
    "Scilly": "Isles of Scilly",
    "Saint Helens": "St Helens",
    "Southend": "Southend-on-Sea",
    "Stockton": "Stockton-on-Tees",
    "Telford": "Telford and Wrekin",
    "Cheshire West": "Cheshire West and Chester",
    "RBKC": "Kensington and Chelsea",
    "Northamptonshire County Council": "Northamptonshire",
    "North and West Northamptonshire": ("North Northamptonshire", "West Northamptonshire"),
    "West and North Northamptonshire": ("North Northamptonshire", "West Northamptonshire"),
    "NCT": "Northamptonshire Children's Trust",
    "Northamptonshire Childrens Trust": "Northamptonshire Children's Trust",
    "AfC": "Achieving for Children",
    "Doncaster Children's Trust": "Doncaster Children's Services Trust",
    "Slough Children's Services Trust": "Slough Children First",
    "Bradford Children's Trust": "Bradford Children and Families Trust",
}

# Acronyms count only in capitals; place names that are also words only when capitalised.
_EXACT_CASE = {"BCP", "BANES", "B&NES", "NCT", "AfC", "RBKC"}
_CAPITALISED = {
    "reading",
    "bury",
    "slough",
    "bath",
    "hull",
    "harrow",
    "derby",
    "hackney",
    "poole",
    "together for children",
    "achieving for children",
    "brighter futures for children",
    "slough children first",
    "worcestershire children first",
}

# Words around a name that do not change which body it is, peeled off by canonical().
_PREFIXES = (
    "the ",
    "london borough of ",
    "royal borough of ",
    "metropolitan borough of ",
    "borough of ",
    "city and county of ",
    "council of the ",
)
_SUFFIXES = (
    " metropolitan borough council",
    " metropolitan district council",
    " county council",
    " city council",
    " borough council",
    " district council",
    " unitary council",
    " council",
    " local authority",
    " children's services",
    " children's social care",
)
_COMPASS = ("north", "south", "east", "west", "central", "mid", "new")


def _key(name: str) -> str:
    """Case, "&"/"and", "St."/"St", hyphens, apostrophes and spacing folded away."""
    key = name.lower().replace("’", "'").replace("‘", "'").replace("&", " and ")
    key = re.sub(r"\bst\.", "st", key)
    key = re.sub(r"[-‐–,]", " ", key)
    return " ".join(key.split())


def _table() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for name in (*COUNCILS, *SERVES):
        table[_key(name)] = (name,)
    for alias, target in _ALIASES.items():
        table[_key(alias)] = target if isinstance(target, tuple) else (target,)
    return table


_TABLE = _table()


def canonical(name: str) -> str | None:
    """The canonical name for a council or trust name, or None if it is not one.

    Takes the plain name in any spelling ("bournemouth, christchurch & poole",
    "St. Helens", "London Borough of Hackney", "Northamptonshire County Council").
    A name that stands for two councils ("North and West Northamptonshire") gives None:
    use ``find_organisations`` for that.
    """
    key = _key(name)
    for _ in range(3):  # "the London Borough of Hackney Council": peel a few layers
        if key in _TABLE:
            found = _TABLE[key]
            return found[0] if len(found) == 1 else None
        if key == "city of london":
            break
        stripped = key
        for prefix in (*_PREFIXES, "city of ", "county of "):
            if stripped.startswith(prefix):
                stripped = stripped[len(prefix) :]
        for suffix in _SUFFIXES:
            if stripped.endswith(suffix):
                stripped = stripped[: -len(suffix)]
        if stripped == key:
            break
        key = stripped.strip()
    return None


def served_by(name: str) -> set[str]:
    """The councils whose inspections a body's events count towards.

    A council gives itself; a trust the councils it serves; a council since split or merged
    its successors ("Northamptonshire" → North and West Northamptonshire). Empty if unknown.
    """
    targets = _TABLE.get(_key(name), ())
    if len(targets) > 1:  # "North and West Northamptonshire"
        return set().union(*(served_by(t) for t in targets))
    found = canonical(name) or name
    if found in SERVES:
        return set(SERVES[found])
    return {found} if found in _COUNCIL_SET else set()


_COUNCIL_SET = frozenset(COUNCILS)


def _name_pattern(name: str) -> str:
    """A regex for one name as it may be written: any spacing or line break, & for and."""
    tokens = re.findall(r"[A-Za-z]+|&|'", name.replace("’", "'"))
    body, previous = "", None
    for token in tokens:
        if token in ("and", "&"):
            part = r"(?:and|&)"
        elif token == "'":
            part = r"['’]?"
        elif token.lower() == "st":
            part = r"(?:st\.?|saint)"
        else:
            part = re.escape(token)
        if previous is not None and "'" not in (token, previous):
            joined = "&" in (token, previous) or "and" in (token, previous)
            body += r"[\s,\-]*" if joined else r"[\s,\-]+"
        body += part
        previous = token
    return body + r"(?!\w|-\w)"


@lru_cache(maxsize=1)
def _matcher() -> tuple[re.Pattern, list[tuple[str, tuple[str, ...]]]]:
    names: list[tuple[str, tuple[str, ...]]] = [(name, (name,)) for name in (*COUNCILS, *SERVES)]
    for alias, target in _ALIASES.items():
        names.append((alias, target if isinstance(target, tuple) else (target,)))
    # longest first: alternation takes the first that fits
    names.sort(key=lambda item: -len(item[0]))
    # Grouped by first letter and tried only at the start of a word: a scan of a long report
    # then costs one lookahead per word, not one attempt per name per character.
    by_letter: dict[str, list[str]] = {}
    for i, (name, _) in enumerate(names):
        by_letter.setdefault(name[0].lower(), []).append(f"(?P<n{i}>{_name_pattern(name)})")
    groups = "|".join(
        f"(?=[{letter}{letter.upper()}])(?:{'|'.join(alts)})"
        for letter, alts in sorted(by_letter.items())
    )
    return re.compile(rf"(?<![\w\-])(?:{groups})", re.I), names


_AFTER_COMPASS = re.compile(r"\b(?:north|south|east|west|central|mid|new)\s+\Z", re.I)


def find_organisations(text: str) -> list[str]:
    """Canonical names of the councils and trusts ``text`` mentions, in order of first mention."""
    pattern, names = _matcher()
    found: list[str] = []
    for match in pattern.finditer(text):
        written, targets = names[int(match.lastgroup[1:])]
        words = match.group()
        if written in _EXACT_CASE and words.replace(" ", "") != written.replace(" ", ""):
            continue
        if _key(written) in _CAPITALISED and not words[:1].isupper():
            continue
        if written.split()[0].lower() not in _COMPASS and _AFTER_COMPASS.search(
            text, max(0, match.start() - 9), match.start()
        ):
            continue  # "South Somerset" is a district, "New York" a city: not these councils
        for target in targets:
            if target not in found:
                found.append(target)
    return found


_OPENING = 3000  # how much of a document's start counts as "the opening text"


def organisation_of(title: str, text: str, source: str = "") -> str | None:
    """The body a document is about: named in its title, else its opening text, else its folder.

    ``source`` is the file's path; a folder named like the corpus's ``<urn>_<council>``
    (or just ``<council>``) names the council.
    """
    for part in (title or "", (text or "")[:_OPENING]):
        found = find_organisations(part)
        if found:
            return found[0]
    for folder in reversed(PurePath(source.replace("\\", "/")).parts[:-1] if source else ()):
        name = canonical(re.sub(r"^\d+_", "", folder))
        if name:
            return name
    return None
