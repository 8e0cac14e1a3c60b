"""Does a closed ring cross or touch itself? Exact integer arithmetic on micro-degrees, with a
sweep over the segments sorted by their left end, so a ring of a few thousand vertices (a GPX
walk) is checked in milliseconds rather than comparing every pair.

A ring is simple when no two of its segments meet except consecutive ones at their shared
vertex, and consecutive ones do not fold back over each other (a spike).
"""

from __future__ import annotations

from collections.abc import Sequence

Point = tuple[int, int]


def _orient(a: Point, b: Point, c: Point) -> int:
    value = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    return (value > 0) - (value < 0)


def _on_segment(a: Point, b: Point, p: Point) -> bool:
    return min(a[0], b[0]) <= p[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= p[1] <= max(a[1], b[1])


def segments_meet(a: Point, b: Point, c: Point, d: Point) -> bool:
    """Do the closed segments ab and cd share at least one point?"""
    o1, o2, o3, o4 = _orient(a, b, c), _orient(a, b, d), _orient(c, d, a), _orient(c, d, b)
    if o1 != o2 and o3 != o4:
        return True
    return (
        (o1 == 0 and _on_segment(a, b, c))
        or (o2 == 0 and _on_segment(a, b, d))
        or (o3 == 0 and _on_segment(c, d, a))
        or (o4 == 0 and _on_segment(c, d, b))
    )


def _folds_back(a: Point, shared: Point, b: Point) -> bool:
    """Consecutive segments a-shared and shared-b overlap beyond their shared vertex."""
    if _orient(a, shared, b) != 0:
        return False
    return _on_segment(a, shared, b) or _on_segment(shared, b, a)


def ring_self_intersects(ring: Sequence[Point]) -> int | None:
    """The index of a segment involved in a crossing, touch or spike; None for a simple ring.
    `ring` is closed (first == last) with no consecutive repeats."""
    count = len(ring) - 1  # segments
    if count < 3:
        return 0
    segments = [(ring[i], ring[i + 1]) for i in range(count)]
    for index in range(count):
        before = segments[index - 1][0]
        if _folds_back(before, ring[index], ring[index + 1]):
            return index
    order = sorted(range(count), key=lambda i: min(segments[i][0][0], segments[i][1][0]))
    active: list[int] = []
    for index in order:
        a, b = segments[index]
        left = min(a[0], b[0])
        active = [j for j in active if max(segments[j][0][0], segments[j][1][0]) >= left]
        for other in active:
            if abs(other - index) in (1, count - 1):
                continue  # neighbours meet at their shared vertex; spikes were checked above
            c, d = segments[other]
            if segments_meet(a, b, c, d):
                return min(index, other)
        active.append(index)
    return None
