"""Merging one record that arrived from another station with this station's copy.

Every record says when and by which station it last changed (`updated_at`, `updated_by`). What
a copy has seen is a version vector: for each station, the time of its latest edit the copy
holds — the record's own last edit, plus the edits earlier merges brought in (`seen`, kept
beside the record and carried with it in bundles). Comparing the two vectors says:
- theirs has seen nothing ours has not: nothing to take (the same bundle twice, or an old one
  after a newer one);
- ours has seen nothing theirs has not: take theirs whole (it is ours plus their edits);
- each has edits the other lacks: merge field by field against the common ancestor (the
  latest copy both have held, kept when it was sent or received): a field only they changed is
  taken, a field only we changed is kept, a field both changed to different values is a
  conflict. Our value stays and both are kept for the user to choose; without an ancestor,
  every differing field is a conflict.

Two stations that have seen the same edits end with the same record, whatever order the
bundles came in, and no edit is dropped without a conflict saying so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

VERSION_FIELDS = ("updated_at", "updated_by")

Row = Mapping[str, Any]
Vector = dict[str, str]  # station id -> UTC time of its latest edit seen


class Outcome(StrEnum):
    NEW = "new"  # not here before: taken whole
    UPDATED = "updated"  # their edits taken
    UNCHANGED = "unchanged"  # nothing of theirs is new here
    OLDER = "older"  # their copy differs but is older than ours: nothing taken
    CONFLICT = "conflict"  # both sides changed a field: kept for the user


@dataclass(frozen=True)
class FieldConflict:
    field: str
    mine: Any
    theirs: Any


@dataclass(frozen=True)
class RowMerge:
    outcome: Outcome
    row: dict[str, Any] | None  # the record to store; None leaves ours as it is
    seen: Vector  # what the stored record has seen (its own last edit included)
    conflicts: tuple[FieldConflict, ...] = field(default=())


def version(row: Row) -> tuple[str, str]:
    return (str(row.get("updated_at") or ""), str(row.get("updated_by") or ""))


def vector_of(row: Row, seen: Mapping[str, str] | None) -> Vector:
    """What a copy has seen: the stored vector and the copy's own last edit."""
    found = dict(seen or {})
    at, by = version(row)
    if by and at > found.get(by, ""):
        found[by] = at
    return found


def covers(big: Mapping[str, str], small: Mapping[str, str]) -> bool:
    """Has `big` seen every edit `small` has?"""
    return all(big.get(station, "") >= at for station, at in small.items())


def joined(a: Mapping[str, str], b: Mapping[str, str]) -> Vector:
    return {s: max(a.get(s, ""), b.get(s, "")) for s in a.keys() | b.keys()}


def common(a: Mapping[str, str], b: Mapping[str, str]) -> Vector:
    return {s: min(a[s], b[s]) for s in a.keys() & b.keys()}


def ancestor(
    states: Iterable[tuple[Row, Mapping[str, str]]], mine: Vector, theirs: Vector
) -> Row | None:
    """Of the copies this station has held (each with its vector), the latest both sides have
    seen: the base a field-by-field merge compares with."""
    both = common(mine, theirs)
    shared = [(row, vec) for row, vec in states if covers(both, vec)]
    if not shared:
        return None
    # The latest by what it has seen, not by its clock: a copy no other shared copy covers.
    latest = [
        (row, vec)
        for row, vec in shared
        if not any(covers(other, vec) and other != vec for _row, other in shared)
    ]
    return max(latest, key=lambda state: (len(state[1]), version(state[0])))[0]


def merge_record(
    mine: Row | None,
    mine_seen: Vector,
    theirs: Row,
    theirs_seen: Vector,
    base: Row | None,
    keys: Sequence[str],
) -> RowMerge:
    """Merge `theirs` into `mine` (None: we do not have the record). The vectors are what each
    copy has seen (vector_of); `base` their common ancestor, None when there is none; `keys`
    the identity columns, never merged."""
    if mine is None:
        return RowMerge(Outcome.NEW, dict(theirs), theirs_seen)
    fields = [name for name in theirs if name not in keys and name not in VERSION_FIELDS]
    same = all(mine.get(name) == theirs.get(name) for name in fields)
    if covers(mine_seen, theirs_seen):
        return RowMerge(Outcome.UNCHANGED if same else Outcome.OLDER, None, mine_seen)
    if covers(theirs_seen, mine_seen):
        return RowMerge(Outcome.UNCHANGED if same else Outcome.UPDATED, dict(theirs), theirs_seen)

    merged = dict(mine)
    conflicts: list[FieldConflict] = []
    took = False
    for name in fields:
        ours, their = mine.get(name), theirs.get(name)
        if ours == their:
            continue
        if base is not None and name in base and base[name] == ours:
            merged[name] = their
            took = True
        elif base is None or name not in base or base[name] != their:
            conflicts.append(FieldConflict(name, ours, their))
    if conflicts:
        # Ours stays the version it was: it has not seen their edit yet, so neither side's
        # next merge mistakes it for one that has, and the conflict shows there too.
        return RowMerge(Outcome.CONFLICT, merged if took else None, mine_seen, tuple(conflicts))
    newest = theirs if version(theirs) > version(mine) else mine
    for name in VERSION_FIELDS:
        if name in newest:
            merged[name] = newest[name]
    return RowMerge(
        Outcome.UPDATED if took else Outcome.UNCHANGED,
        merged,
        joined(mine_seen, theirs_seen),
    )
