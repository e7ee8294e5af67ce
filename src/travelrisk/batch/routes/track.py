"""Great-circle tracks (geodesics on the WGS84 ellipsoid, by pyproj's Geod), sampled densely."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from travelrisk.batch.routes.geometry import GEOD

STEP_KM = 5.0  # spacing of the samples along the track


@dataclass(frozen=True)
class Track:
    """Samples along the track: longitudes, latitudes (degrees), and distance from the start (km).
    `legs[i]` is the index of the first sample of the leg that starts at point i."""

    lons: NDArray[np.float64]
    lats: NDArray[np.float64]
    km: NDArray[np.float64]
    legs: tuple[int, ...]

    @property
    def length_km(self) -> float:
        return float(self.km[-1]) if len(self.km) else 0.0


def great_circles(points: list[tuple[float, float]], step_km: float = STEP_KM) -> Track:
    """The geodesic through each successive (lat, lon) point, sampled every `step_km` or less."""
    lons: list[NDArray[np.float64]] = []
    lats: list[NDArray[np.float64]] = []
    kms: list[NDArray[np.float64]] = []
    legs: list[int] = []
    done = 0.0
    count = 0
    for (lat1, lon1), (lat2, lon2) in zip(points, points[1:], strict=False):
        _, _, metres = GEOD.inv(lon1, lat1, lon2, lat2)
        length = metres / 1000.0
        n = max(1, int(np.ceil(length / step_km)))
        inner = GEOD.npts(lon1, lat1, lon2, lat2, n - 1) if n > 1 else []
        lo = np.array([lon1] + [p[0] for p in inner] + [lon2], dtype=np.float64)
        la = np.array([lat1] + [p[1] for p in inner] + [lat2], dtype=np.float64)
        d = done + np.linspace(0.0, length, n + 1)
        if legs:  # the leg's first point is the previous leg's last
            lo, la, d = lo[1:], la[1:], d[1:]
        legs.append(count)
        lons.append(lo)
        lats.append(la)
        kms.append(d)
        count += len(lo)
        done += length
    lon = (np.concatenate(lons) + 180.0) % 360.0 - 180.0
    return Track(lon, np.concatenate(lats), np.concatenate(kms), tuple(legs))


def split_at_antimeridian(coords: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A (lon, lat) line cut where it crosses ±180°, as RFC 7946 (3.1.9) asks of GeoJSON."""
    parts: list[list[tuple[float, float]]] = [[coords[0]]] if coords else []
    for (x1, y1), (x2, y2) in zip(coords, coords[1:], strict=False):
        if abs(x2 - x1) > 180.0:  # the short way round crosses the antimeridian
            edge = 180.0 if x1 > 0 else -180.0
            x2u = x2 + 360.0 if x1 > 0 else x2 - 360.0
            t = (edge - x1) / (x2u - x1) if x2u != x1 else 0.0
            y = y1 + t * (y2 - y1)
            parts[-1].append((edge, y))
            parts.append([(-edge, y)])
        parts[-1].append((x2, y2))
    return [p for p in parts if len(p) > 1]
