"""Child process for the kill -9 test of the entry screen's saving: sets sheet fields one at a
time through the service, as the entry screen does when a field is left, and prints
"Saved SAMPLE CUPPER KEY VALUE" only after set_field has returned (after COMMIT). Each field is
set once, so a printed value can only be the value stored. Prints "Done" at the end and waits.

Usage: sheet_entry_child.py DATABASE SETUP_JSON   (SETUP_JSON: {"samples": [...], "cuppers": [...]})
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from microlot_desk.clock import utc_now
from microlot_desk.services.cupping.cupping_service import CuppingService
from microlot_desk.storage.database import open_database

KEYS = (
    "fragrance_aroma",
    "flavor",
    "aftertaste",
    "acidity",
    "body",
    "balance",
    "uniformity",
    "clean_cup",
    "sweetness",
    "overall",
    "taint_cups",
)


def value_for(number: int, key: str) -> str:
    if key in ("uniformity", "clean_cup", "sweetness"):
        return str(5 - number % 2)
    if key == "taint_cups":
        return str(number % 3)
    return f"{6 + (number % 16) / 4:.2f}"


def main() -> None:
    database = open_database(Path(sys.argv[1]), clock=utc_now)
    setup = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
    cupping = CuppingService(database)
    number = 0
    for sample in setup["samples"]:
        for cupper in setup["cuppers"]:
            for key in KEYS:
                value = value_for(number, key)
                cupping.sheets.set_field(sample, cupper, key, value)
                print(f"Saved {sample} {cupper} {key} {value}", flush=True)
                number += 1
    print("Done", flush=True)
    time.sleep(60)


if __name__ == "__main__":
    main()
