"""Helper process for the lock tests: open the database for writing and hold it until stdin closes.

Usage: python hold_database.py DATABASE_PATH
"""

from __future__ import annotations

import sys
from pathlib import Path

from microlot_desk.clock import utc_now
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.database import open_database


def main() -> None:
    database = open_database(Path(sys.argv[1]), clock=utc_now)
    LotService(database)  # gives a new file its station id, as the app does on start
    print("holding", flush=True)
    sys.stdin.read()
    database.close()


if __name__ == "__main__":
    main()
