"""Geodesy at plot scale: area of a polygon, distances, point-in-polygon. Positions are
(lon, lat) in decimal degrees, WGS84.

Area is the spherical excess of the polygon (edges as great-circle arcs), each edge giving
    E = 2·atan2(tan(Δλ/2)·(tan(φ1/2) + tan(φ2/2)), 1 + tan(φ1/2)·tan(φ2/2))
(numerically stable for tiny polygons, unlike l'Huilier's formula), times R². On the WGS84
*authalic* sphere (R = 6,371,007.181 m, `ring_area_m2(..., local=False)`) a plot's area is off
from the ellipsoidal one by the ratio M·N/R² of the ellipsoid's area element to the sphere's:
-0.45 % at the equator, -0.3 % at 25°, +0.2 % at 45°. By default R² is instead M·N at the
ring's mean latitude (the ellipsoid's Gaussian curvature there), which leaves an error of the
order of the plot's size over the earth's (< 0.01 % for any farm). pyproj/GeographicLib would
give the ellipsoidal value exactly but weigh ~30 MB for no visible gain.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

AUTHALIC_RADIUS_M = 6_371_007.181
WGS84_A = 6_378_137.0
WGS84_F = 1 / 298.257223563
WGS84_E2 = WGS84_F * (2 - WGS84_F)
MEAN_RADIUS_M = 6_371_008.8
SQUARE_METRES_PER_HECTARE = 10_000.0

Position = tuple[float, float]  # (lon, lat)


def gaussian_radius2(lat: float) -> float:
    """M·N at a latitude: the square of the ellipsoid's Gaussian radius of curvature."""
    s2 = math.sin(math.radians(lat)) ** 2
    w = 1 - WGS84_E2 * s2
    meridian = WGS84_A * (1 - WGS84_E2) / w**1.5
    normal = WGS84_A / math.sqrt(w)
    return meridian * normal


def ring_area_m2(ring: Sequence[Position], *, local: bool = True) -> float:
    """Area enclosed by a ring (closed or not), in square metres (see the module docstring)."""
    points = list(ring)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    if len(points) < 3:
        return 0.0
    total = 0.0
    for index, (lon1, lat1) in enumerate(points):
        lon2, lat2 = points[(index + 1) % len(points)]
        delta = math.radians(lon2 - lon1)
        if delta > math.pi:
            delta -= 2 * math.pi
        elif delta < -math.pi:
            delta += 2 * math.pi
        t1 = math.tan(math.radians(lat1) / 2)
        t2 = math.tan(math.radians(lat2) / 2)
        total += 2 * math.atan2(math.tan(delta / 2) * (t1 + t2), 1 + t1 * t2)
    if not local:
        return abs(total) * AUTHALIC_RADIUS_M**2
    mean_lat = sum(lat for _, lat in points) / len(points)
    return abs(total) * gaussian_radius2(mean_lat)


def ring_area_ha(ring: Sequence[Position]) -> float:
    return ring_area_m2(ring) / SQUARE_METRES_PER_HECTARE


def distance_m(a: Position, b: Position) -> float:
    """Great-circle (haversine) distance in metres on the mean-radius sphere."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * MEAN_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def inside_ring(point: Position, ring: Sequence[Position]) -> bool:
    """Ray casting in the lon/lat plane (exact enough at plot scale, away from the poles)."""
    x, y = point
    inside = False
    count = len(ring)
    for index in range(count):
        x1, y1 = ring[index]
        x2, y2 = ring[(index + 1) % count]
        if (y1 > y) != (y2 > y):
            cross = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if x < cross:
                inside = not inside
    return inside


def distance_to_ring_m(point: Position, ring: Sequence[Position]) -> float:
    """Distance from a point to the nearest edge of a ring, in metres (local plane)."""
    lon0, lat0 = point
    kx = math.radians(1) * MEAN_RADIUS_M * math.cos(math.radians(lat0))
    ky = math.radians(1) * MEAN_RADIUS_M

    def local(p: Position) -> tuple[float, float]:
        return (p[0] - lon0) * kx, (p[1] - lat0) * ky

    best = math.inf
    projected = [local(p) for p in ring]
    for index in range(len(projected) - 1):
        (ax, ay), (bx, by) = projected[index], projected[index + 1]
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        t = 0.0 if length2 == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / length2))
        best = min(best, math.hypot(ax + t * dx, ay + t * dy))
    return best


def signed_plane_area(ring: Sequence[Position]) -> float:
    """Shoelace in the lon/lat plane: > 0 for counter-clockwise rings."""
    total = 0.0
    for index in range(len(ring) - 1):
        x1, y1 = ring[index]
        x2, y2 = ring[index + 1]
        total += x1 * y2 - x2 * y1
    return total / 2
