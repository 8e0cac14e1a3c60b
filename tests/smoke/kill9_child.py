"""Child process for the kill -9 trials: adds lots the way the app does, and prints "Saved CODE"
only after add_lot has returned, i.e. after COMMIT. The parent kills it with SIGKILL.

Usage:
  kill9_child.py DATABASE one LOT_JSON   add the lot in the file LOT_JSON, print, then wait
  kill9_child.py DATABASE burst PREFIX   print "Open" once the file is open, then add lots named
                                         "PREFIX N" one after another, forever
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from microlot_desk.clock import utc_now
from microlot_desk.services.lots.lot_service import LotService
from microlot_desk.storage.database import open_database


def main() -> None:
    database_path, mode, argument = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    database = open_database(database_path, clock=utc_now)
    lots = LotService(database)
    if mode == "one":
        raw = json.loads(Path(argument).read_text(encoding="utf-8"))
        lot = lots.add_lot(raw)
        print(f"Saved {lot.code}", flush=True)
        time.sleep(60)  # still running, database open, when the kill comes
        return
    print("Open", flush=True)
    number = 0
    while True:
        lot = lots.add_lot({"name": f"{argument} {number}", "country": "CO", "green_kg": number})
        print(f"Saved {lot.code} {number}", flush=True)
        number += 1


if __name__ == "__main__":
    main()
