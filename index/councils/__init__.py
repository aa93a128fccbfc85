"""England's councils as data: their names and former names, trusts and what they serve
(organisations), the places within them (placenames) and the regions they are in (regions).

    organisations.COUNCILS, organisations.served_by(name), regions.members(region)

Imports nothing else of the project.
"""

from index.councils import organisations, placenames, regions

__all__ = ["organisations", "placenames", "regions"]
