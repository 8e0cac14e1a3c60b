"""Properties of merging one record edited at two stations from a common copy
(domain.record_merge): both stations end with the same record whatever they edited, an edit
is never dropped without a conflict naming both values, and merging the same copy again
changes nothing."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from microlot_desk.domain.record_merge import Outcome, ancestor, merge_record, vector_of

FIELDS = ("name", "notes", "green_kg", "process")
KEYS = ("id",)
BASE = {
    "id": "lot-1",
    "name": "Finca",
    "notes": "",
    "green_kg": "690",
    "process": "washed",
    "updated_at": "2026-11-01T00:00:00.000000+00:00",
    "updated_by": "station-o",
}
values = st.sampled_from(["", "A", "B", "690", "washed", "natural", "Finca"])
edits = st.dictionaries(st.sampled_from(FIELDS), values, max_size=len(FIELDS))


def edited(by: str, at: str, changes: dict[str, str]) -> dict[str, Any]:
    return {**BASE, **changes, "updated_by": by, "updated_at": at}


def content(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in FIELDS}


def merged_at(
    mine: dict[str, Any], theirs: dict[str, Any], mine_seen: dict[str, str]
) -> tuple[dict[str, Any], Any]:
    """What a station holding `mine` stores after merging `theirs` (both from BASE)."""
    states = [(BASE, vector_of(BASE, None))]
    their_vector = vector_of(theirs, {"station-o": BASE["updated_at"]})
    our_vector = vector_of(mine, mine_seen)
    base = ancestor(states, our_vector, their_vector)
    result = merge_record(mine, our_vector, theirs, their_vector, base, KEYS)
    return (result.row if result.row is not None else dict(mine)), result


@given(edits, edits)
def test_both_stations_end_alike_or_name_every_field_in_dispute(
    at_a: dict[str, str], at_b: dict[str, str]
) -> None:
    a = edited("station-a", "2026-11-02T00:00:00.000000+00:00", at_a)
    b = edited("station-b", "2026-11-03T00:00:00.000000+00:00", at_b)
    seen = {"station-o": BASE["updated_at"]}
    after_a, merge_a = merged_at(a, b, seen)
    after_b, merge_b = merged_at(b, a, seen)
    disputed = {f for f in FIELDS if a[f] != b[f] and a[f] != BASE[f] and b[f] != BASE[f]}
    assert {c.field for c in merge_a.conflicts} == disputed
    assert {c.field for c in merge_b.conflicts} == disputed
    for conflict in merge_a.conflicts:
        assert (conflict.mine, conflict.theirs) == (a[conflict.field], b[conflict.field])
    for name in set(FIELDS) - disputed:
        # Every edit made on one side only reaches both; nothing edited is lost.
        expected = b[name] if b[name] != BASE[name] else a[name]
        assert after_a[name] == after_b[name] == expected
    if not disputed:
        assert content(after_a) == content(after_b)
        assert merge_a.seen == merge_b.seen
        assert (after_a["updated_at"], after_a["updated_by"]) == (
            after_b["updated_at"],
            after_b["updated_by"],
        )


@given(edits)
def test_merging_the_same_copy_twice_changes_nothing_the_second_time(
    at_b: dict[str, str],
) -> None:
    b = edited("station-b", "2026-11-03T00:00:00.000000+00:00", at_b)
    once, first = merged_at(dict(BASE), b, {})
    their_vector = vector_of(b, {"station-o": BASE["updated_at"]})
    second = merge_record(once, first.seen, b, their_vector, None, KEYS)
    assert second.row is None
    assert second.outcome in (Outcome.UNCHANGED, Outcome.OLDER)
    assert not second.conflicts
