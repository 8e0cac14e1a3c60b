"""m0006: how many decimals a plot's coordinates were entered with.

The geometry is kept as GeoJSON with float numbers, which drop trailing zeros: `15.500000`
typed at the table came back as `15.5`, and the export then refused it for "fewer than 6
decimals". `geometry_decimals` keeps the fewest decimals any coordinate of the location was
entered with, so the EUDR precision rule judges what was measured. NULL for a location saved
before this (its written digits are lost; the rules stay lenient with those, as before).
Released: never edit; add the next migration instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def apply(db: Database) -> None:
    db.execute("ALTER TABLE plots ADD COLUMN geometry_decimals INTEGER")
