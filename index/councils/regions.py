"""England's children's services authorities by region: the one table of which council is where.

``REGIONS`` holds the nine regions of England as the Office for National Statistics draws
them (its "regions", formerly the Government Office Regions), each with its authorities
under the names ``organisations.COUNCILS`` uses; every authority is in exactly one. London
is the 32 boroughs and the City of London. ``AREAS`` adds the smaller areas people also name
("greater manchester", "merseyside", "inner london"), each inside one or two regions.

``NAMES`` is what people type for each (folded: lower case, "and" for "&"), read by the
gazetteer, which links "the north west" or "london boroughs" to a region rather than to a
council; national answers filter by ``members``.

    members("North West")   # frozenset of its 24 authorities
    region_of("Tameside")   # "North West"
"""

from __future__ import annotations

#: The nine regions of England (ONS), north to south, and their 153 authorities.
REGIONS: dict[str, tuple[str, ...]] = {
    "North East": (
        "Darlington",
        "Durham",
        "Gateshead",
        "Hartlepool",
        "Middlesbrough",
        "Newcastle upon Tyne",
        "North Tyneside",
        "Northumberland",
        "Redcar and Cleveland",
        "South Tyneside",
        "Stockton-on-Tees",
        "Sunderland",
    ),
    "North West": (
        "Blackburn with Darwen",
        "Blackpool",
        "Bolton",
        "Bury",
        "Cheshire East",
        "Cheshire West and Chester",
        "Cumberland",
        "Halton",
        "Knowsley",
        "Lancashire",
        "Liverpool",
        "Manchester",
        "Oldham",
        "Rochdale",
        "Salford",
        "Sefton",
        "St Helens",
        "Stockport",
        "Tameside",
        "Trafford",
        "Warrington",
        "Westmorland and Furness",
        "Wigan",
        "Wirral",
    ),
    "Yorkshire and the Humber": (
        "Barnsley",
        "Bradford",
        "Calderdale",
        "Doncaster",
        "East Riding of Yorkshire",
        "Kingston upon Hull",
        "Kirklees",
        "Leeds",
        "North East Lincolnshire",
        "North Lincolnshire",
        "North Yorkshire",
        "Rotherham",
        "Sheffield",
        "Wakefield",
        "York",
    ),
    "East Midlands": (
        "Derby",
        "Derbyshire",
        "Leicester",
        "Leicestershire",
        "Lincolnshire",
        "North Northamptonshire",
        "Nottingham",
        "Nottinghamshire",
        "Rutland",
        "West Northamptonshire",
    ),
    "West Midlands": (
        "Birmingham",
        "Coventry",
        "Dudley",
        "Herefordshire",
        "Sandwell",
        "Shropshire",
        "Solihull",
        "Staffordshire",
        "Stoke-on-Trent",
        "Telford and Wrekin",
        "Walsall",
        "Warwickshire",
        "Wolverhampton",
        "Worcestershire",
    ),
    "East of England": (
        "Bedford",
        "Cambridgeshire",
        "Central Bedfordshire",
        "Essex",
        "Hertfordshire",
        "Luton",
        "Norfolk",
        "Peterborough",
        "Southend-on-Sea",
        "Suffolk",
        "Thurrock",
    ),
    "London": (
        "Barking and Dagenham",
        "Barnet",
        "Bexley",
        "Brent",
        "Bromley",
        "Camden",
        "City of London",
        "Croydon",
        "Ealing",
        "Enfield",
        "Greenwich",
        "Hackney",
        "Hammersmith and Fulham",
        "Haringey",
        "Harrow",
        "Havering",
        "Hillingdon",
        "Hounslow",
        "Islington",
        "Kensington and Chelsea",
        "Kingston upon Thames",
        "Lambeth",
        "Lewisham",
        "Merton",
        "Newham",
        "Redbridge",
        "Richmond upon Thames",
        "Southwark",
        "Sutton",
        "Tower Hamlets",
        "Waltham Forest",
        "Wandsworth",
        "Westminster",
    ),
    "South East": (
        "Bracknell Forest",
        "Brighton and Hove",
        "Buckinghamshire",
        "East Sussex",
        "Hampshire",
        "Isle of Wight",
        "Kent",
        "Medway",
        "Milton Keynes",
        "Oxfordshire",
        "Portsmouth",
        "Reading",
        "Slough",
        "Southampton",
        "Surrey",
        "West Berkshire",
        "West Sussex",
        "Windsor and Maidenhead",
        "Wokingham",
    ),
    "South West": (
        "Bath and North East Somerset",
        "Bournemouth, Christchurch and Poole",
        "Bristol",
        "Cornwall",
        "Devon",
        "Dorset",
        "Gloucestershire",
        "Isles of Scilly",
        "North Somerset",
        "Plymouth",
        "Somerset",
        "South Gloucestershire",
        "Swindon",
        "Torbay",
        "Wiltshire",
    ),
}

_INNER_LONDON = (  # ONS's statistical Inner London: the 12 inner boroughs, the City, Haringey, Newham
    "Camden",
    "City of London",
    "Hackney",
    "Hammersmith and Fulham",
    "Haringey",
    "Islington",
    "Kensington and Chelsea",
    "Lambeth",
    "Lewisham",
    "Newham",
    "Southwark",
    "Tower Hamlets",
    "Wandsworth",
    "Westminster",
)

#: Smaller areas people name, each inside a region: metropolitan and other counties that are
#: not one authority, and London's two halves.
AREAS: dict[str, tuple[str, ...]] = {
    "Inner London": _INNER_LONDON,
    "Outer London": tuple(c for c in REGIONS["London"] if c not in _INNER_LONDON),
    "Greater Manchester": (
        "Bolton",
        "Bury",
        "Manchester",
        "Oldham",
        "Rochdale",
        "Salford",
        "Stockport",
        "Tameside",
        "Trafford",
        "Wigan",
    ),
    "Merseyside": ("Knowsley", "Liverpool", "Sefton", "St Helens", "Wirral"),
    "South Yorkshire": ("Barnsley", "Doncaster", "Rotherham", "Sheffield"),
    "West Yorkshire": ("Bradford", "Calderdale", "Kirklees", "Leeds", "Wakefield"),
    "Tyne and Wear": (
        "Gateshead",
        "Newcastle upon Tyne",
        "North Tyneside",
        "South Tyneside",
        "Sunderland",
    ),
    "Teesside": ("Hartlepool", "Middlesbrough", "Redcar and Cleveland", "Stockton-on-Tees"),
    "Berkshire": (
        "Bracknell Forest",
        "Reading",
        "Slough",
        "West Berkshire",
        "Windsor and Maidenhead",
        "Wokingham",
    ),
    "East Anglia": ("Cambridgeshire", "Norfolk", "Peterborough", "Suffolk"),
    "the Midlands": REGIONS["East Midlands"] + REGIONS["West Midlands"],
}

#: What people type for each region or area (folded), → its key in REGIONS or AREAS.
#: "West Midlands" is the ONS region (14 authorities), not the metropolitan county of seven.
NAMES: dict[str, str] = {
    **{
        name: "North East"
        for name in ("north east", "the north east", "north east england", "north east of england")
    },
    **{
        name: "North West"
        for name in ("north west", "the north west", "north west england", "north west of england")
    },
    **{
        name: "Yorkshire and the Humber"
        for name in (
            "yorkshire and the humber",
            "yorkshire and humber",
            "yorkshire and humberside",
            "yorks and humber",
            "yorkshire",
            "humberside",
        )
    },
    "east midlands": "East Midlands",
    "the east midlands": "East Midlands",
    "west midlands": "West Midlands",
    "the west midlands": "West Midlands",
    **{
        name: "East of England"
        for name in ("east of england", "the east of england", "eastern region")
    },
    **{name: "London" for name in ("london", "greater london")},
    **{name: "South East" for name in ("south east", "the south east", "south east england")},
    **{name: "South West" for name in ("south west", "the south west", "south west england")},
    "inner london": "Inner London",
    "outer london": "Outer London",
    "greater manchester": "Greater Manchester",
    "merseyside": "Merseyside",
    "south yorkshire": "South Yorkshire",
    "west yorkshire": "West Yorkshire",
    "tyne and wear": "Tyne and Wear",
    "teesside": "Teesside",
    "berkshire": "Berkshire",
    "east anglia": "East Anglia",
    "the midlands": "the Midlands",
    "midlands": "the Midlands",
}


def members(name: str) -> frozenset[str]:
    """The authorities of a region or area (its key in REGIONS or AREAS); empty if unknown."""
    return frozenset(REGIONS.get(name) or AREAS.get(name) or ())


def region_of(council: str) -> str | None:
    """The region (a key of REGIONS) an authority is in; None for a name not in the table."""
    return _REGION_OF.get(council)


_REGION_OF = {council: region for region, councils in REGIONS.items() for council in councils}


def described(name: str) -> str:
    """Where a region's councils are, as a heading says it: "in London", "in the North West"."""
    return f"in the {name}" if name in _WITH_THE else f"in {name}"


#: Regions named with "the" before them ("councils in the North West", but "in London").
_WITH_THE = frozenset(
    {
        "North East",
        "North West",
        "East Midlands",
        "West Midlands",
        "East of England",
        "South East",
        "South West",
    }
)
