"""Small builders for custody tests."""

from __future__ import annotations


def stage(name: str, start: str, end: str, **fields: object) -> dict[str, object]:
    return {"stage": name, "started": start, "ended": end, **fields}


def washed_history(tz: str = "-05:00") -> list[dict[str, object]]:
    """Picking to warehouse for a washed lot: every stage the process implies, no gap."""
    return [
        stage(
            "picking",
            f"2026-05-12T06:00{tz}",
            f"2026-05-14T16:00{tz}",
            kg_out="2520",
            form_out="cherry",
        ),
        stage(
            "depulping",
            f"2026-05-14T19:00{tz}",
            f"2026-05-14T22:00{tz}",
            kg_in="2520",
            form_in="cherry",
        ),
        stage("fermentation", f"2026-05-14T22:00{tz}", f"2026-05-16T10:00{tz}"),
        stage(
            "drying",
            f"2026-05-16T11:00{tz}",
            f"2026-05-18T16:00{tz}",
            kg_out="525",
            form_out="parchment",
        ),
        stage(
            "hulling",
            f"2026-05-19T08:00{tz}",
            f"2026-05-19T12:00{tz}",
            kg_in="525",
            form_in="parchment",
            kg_out="420",
            form_out="green",
        ),
        stage(
            "bagging",
            f"2026-05-19T13:00{tz}",
            f"2026-05-19T17:00{tz}",
            kg_in="420",
            form_in="green",
            kg_out="420",
            form_out="green",
        ),
    ]
