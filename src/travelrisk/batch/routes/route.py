"""`route(suspect, points, on)`: the places a flight crosses, in order, with their verdicts,
and the airports it could divert to.

Times are estimates at an assumed ground speed of 850 km/h from the first point.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

import numpy as np
from numpy.typing import NDArray

from travelrisk.batch.routes import airports as ap
from travelrisk.batch.routes.airports import Airport
from travelrisk.batch.routes.geometry import GEOD, HIGH_SEAS, TERRITORIAL_SEA_KM, boundaries
from travelrisk.batch.routes.track import Track, great_circles

if TYPE_CHECKING:
    from travelrisk.data.dataset import Dataset
    from travelrisk.law.model import Suspect, Verdict

SPEED_KMH = 850.0
DEFAULT_RADIUS_KM = 300.0
EARTH_KM = 6371.0088  # mean radius, for distances to diversion airports
_REFINE = 9  # bisections of each boundary crossing: 5 km / 2**9, about 10 m
Zone = Literal["land", "territorial sea", "high seas"]

NOTES = (
    "Territorial sea approximated by a 12 nautical mile (22.2 km) buffer around the land; "
    "no exact maritime boundaries are used.",
    f"Times are estimates at {SPEED_KMH:.0f} km/h from the first point.",
)


@dataclass(frozen=True)
class Point:
    """A point the route passes through, as given and as read."""

    text: str
    lat: float
    lon: float
    airport: Airport | None = None


@dataclass(frozen=True)
class Crossing:
    """One stretch of the track over one place's land or territorial sea, or the high seas."""

    code: str | None  # the place the engine answers for; None over the high seas or no-one's
    name: str
    zone: Zone  # "land" if any of it is over land
    entry: tuple[float, float]  # (lat, lon)
    exit: tuple[float, float]
    start_km: float
    km: float
    sea_km: float  # of km, the part over the territorial sea (all of it for the high seas)
    verdict: Verdict | None
    note: str = ""
    nearest_obliged: Diversion | None = None
    nearest_not_obliged: Diversion | None = None

    @property
    def start_minutes(self) -> float:
        return self.start_km / SPEED_KMH * 60.0

    @property
    def minutes(self) -> float:
        return self.km / SPEED_KMH * 60.0


@dataclass(frozen=True)
class Diversion:
    """An airport within the radius of the track, its distance from it and its verdict."""

    airport: Airport
    km: float  # from the nearest point of the track
    along_km: float  # where along the track that nearest point is
    verdict: Verdict | None  # None where the engine does not know the airport's country


@dataclass(frozen=True)
class Route:
    suspect: Suspect
    on: date
    points: tuple[Point, ...]
    track: Track
    crossings: tuple[Crossing, ...]
    diversions: tuple[Diversion, ...]
    radius_km: float
    boundaries: str
    airports: str
    notes: tuple[str, ...] = field(default=NOTES)

    @property
    def length_km(self) -> float:
        return self.track.length_km

    def places(self) -> list[str]:
        """The codes of the places crossed (land or territorial sea), in order, each once."""
        seen: dict[str, None] = {}
        for c in self.crossings:
            if c.code:
                seen.setdefault(c.code, None)
        return list(seen)


def route(
    suspect: str,
    points: Sequence[str | tuple[float, float]],
    on: date | str | None = None,
    radius_km: float = DEFAULT_RADIUS_KM,
    dataset: Dataset | None = None,
    diversions: bool = True,
) -> Route:
    """The route through `points` (airport codes, cities, "lat,lon" or (lat, lon) tuples) for
    `suspect` on `on` (default: today). Raises InputError for a bad suspect, point or date.

    The geometry of a route (its track and crossings) is computed once per list of points and
    kept (up to 4,096 routes), so a batch of flights pays only for the verdicts of a route it
    has seen; `diversions=False` skips the diversion airports."""
    from travelrisk import default_dataset
    from travelrisk.data.dataset import parse_date
    from travelrisk.errors import InputError

    ds = dataset or default_dataset()
    person = ds.suspect(suspect)
    day = parse_date(on)
    if len(points) < 2:
        raise InputError("a route needs at least two points (FROM and TO)")
    if not (0 <= radius_km <= 2000):
        raise InputError(f"radius {radius_km} km is out of range: give 0 to 2000 km")
    read = tuple(_point(p) for p in points)
    track, shapes = _geometry(tuple((p.lat, p.lon) for p in read))
    crossings = tuple(_judged(ds, person, day, c) for c in shapes)
    near = _diversions(ds, person, day, track, radius_km) if diversions else ()
    crossings = tuple(_with_nearest(c, near) for c in crossings)
    b = boundaries()
    return Route(
        person,
        day,
        read,
        track,
        crossings,
        near,
        radius_km,
        f"{b.source} ({b.licence})",
        f"airportsdata {ap.version()} (MIT)",
    )


def _point(p: str | tuple[float, float]) -> Point:
    if isinstance(p, tuple):
        text = f"{p[0]},{p[1]}"
    else:
        text = p
    lat, lon, airport = ap.resolve(text)
    return Point(text, lat, lon, airport)


# Regions the engine gives a note (its place names say why) that the boundaries do not draw:
# name -> (the place holding it, south, north, west, east). Crimea is approximated by the part
# of Ukraine south of 46.05°N between 32.4°E and 36.7°E, which leaves out its northern tip.
REGIONS = {"Crimea": ("UA", 44.3, 46.05, 32.4, 36.7)}


@lru_cache(maxsize=4096)
def _geometry(points: tuple[tuple[float, float], ...]) -> tuple[Track, tuple[Crossing, ...]]:
    track = great_circles(list(points))
    return track, tuple(_regions(track, c) for c in _crossings(track))


def _regions(track: Track, c: Crossing) -> Crossing:
    """The crossing with the names of the REGIONS it passes over as its note, for _judged."""
    inside = (track.km >= c.start_km) & (track.km <= c.start_km + c.km)
    lats, lons = track.lats[inside], track.lons[inside]
    over = [
        name
        for name, (code, south, north, west, east) in REGIONS.items()
        if c.code == code
        and bool(np.any((lats >= south) & (lats <= north) & (lons >= west) & (lons <= east)))
    ]
    return replace(c, note="\n".join(over)) if over else c


def _judged(ds: Dataset, person: Suspect, day: date, c: Crossing) -> Crossing:
    """The crossing with its place's name and verdict, and the engine's note on any region."""
    if c.code is None:
        return c
    place = ds.place(c.code)
    regions = [n for n in c.note.split("\n") if n in REGIONS]
    note = "; ".join(ds.place(n).note or n for n in regions) if regions else c.note
    return replace(c, name=place.name, verdict=ds.verdict_for(person, place, day), note=note)


def _crossings(track: Track) -> tuple[Crossing, ...]:
    """The stretches of `track` over each place (no verdicts yet), in order."""
    b = boundaries()
    keys = b.locate(track.lons, track.lats)
    lons, lats, kms = track.lons.copy(), track.lats.copy(), track.km.copy()
    change = np.flatnonzero(keys[1:] != keys[:-1])
    # Each boundary lies between samples i and i+1: bisect all of them together.
    lo_lon, lo_lat, lo_km = lons[change], lats[change], kms[change]
    hi_lon, hi_lat, hi_km = lons[change + 1], lats[change + 1], kms[change + 1]
    lo_key = keys[change]
    for _ in range(_REFINE if len(change) else 0):
        az, _, dist = GEOD.inv(lo_lon, lo_lat, hi_lon, hi_lat)
        mid_lon, mid_lat, _ = GEOD.fwd(lo_lon, lo_lat, az, np.asarray(dist) / 2.0)
        mid_km = (lo_km + hi_km) / 2.0
        same = b.locate(np.asarray(mid_lon), np.asarray(mid_lat)) == lo_key
        lo_lon = np.where(same, mid_lon, lo_lon)
        lo_lat = np.where(same, mid_lat, lo_lat)
        lo_km = np.where(same, mid_km, lo_km)
        hi_lon = np.where(same, hi_lon, mid_lon)
        hi_lat = np.where(same, hi_lat, mid_lat)
        hi_km = np.where(same, hi_km, mid_km)
    # Each boundary is put halfway between the last sample before it and the first after.
    _, _, gap = GEOD.inv(lo_lon, lo_lat, hi_lon, hi_lat)
    az, _, _ = GEOD.inv(lo_lon, lo_lat, hi_lon, hi_lat)
    at_lon, at_lat, _ = GEOD.fwd(lo_lon, lo_lat, az, np.asarray(gap) / 2.0)
    edges = _triples(
        np.asarray(at_lat), (np.asarray(at_lon) + 180.0) % 360.0 - 180.0, (lo_km + hi_km) / 2.0
    )
    starts = [(float(lats[0]), float(lons[0]), 0.0), *edges]
    ends = [*edges, (float(lats[-1]), float(lons[-1]), float(kms[-1]))]
    runs = [int(keys[0])] + [int(k) for k in keys[change + 1]]
    out: list[Crossing] = []
    for key, (ey, ex, ek), (xy, xx, xk) in zip(runs, starts, ends, strict=False):
        zone: Zone = "high seas" if key == HIGH_SEAS else ("territorial sea" if key % 2 else "land")
        area = b.areas[key // 2] if key != HIGH_SEAS else None
        name = area.ne_name if area else "high seas (no state's territory)"
        note = area.note if area else ""
        crossing = Crossing(
            area.code if area else None,
            name,
            zone,
            (ey, ex),
            (xy, xx),
            ek,
            xk - ek,
            0.0 if zone == "land" else xk - ek,
            None,
            note,
        )
        last = out[-1] if out else None
        if last and last.zone != "high seas" and zone != "high seas" and last.name == name:
            # land and territorial sea of one place, one after the other: one crossing
            crossing = replace(
                last,
                zone="land" if "land" in (last.zone, zone) else zone,
                exit=(xy, xx),
                km=last.km + crossing.km,
                sea_km=last.sea_km + crossing.sea_km,
            )
            out[-1] = crossing
        else:
            out.append(crossing)
    return tuple(out)


def _triples(*columns: NDArray[np.float64]) -> list[tuple[float, float, float]]:
    return [(float(a), float(b), float(c)) for a, b, c in zip(*columns, strict=True)]


def _diversions(
    ds: Dataset, person: Suspect, day: date, track: Track, radius_km: float
) -> tuple[Diversion, ...]:
    """Airports within `radius_km` of the track, nearest first: the distance to the nearest of
    samples every 20 km or less (on a sphere of the Earth's mean radius)."""
    from travelrisk.errors import InputError

    airports, vectors = ap.diversion_airports()
    fine = _every(track, 20.0)
    coarse = _every(track, 200.0)
    # An airport within the radius of the track is within radius + half the coarse spacing of
    # a coarse sample: only those are measured against the fine samples.
    spacing = float(np.diff(track.km[coarse]).max()) if len(coarse) > 1 else 0.0
    reach = np.cos(min(np.pi, (radius_km + spacing / 2.0 + 1.0) / EARTH_KM))
    coarse_dot, _ = _nearest(vectors, ap.unit_vectors(track.lats[coarse], track.lons[coarse]))
    candidates = np.flatnonzero(coarse_dot >= reach)
    dot, at = _nearest(vectors[candidates], ap.unit_vectors(track.lats[fine], track.lons[fine]))
    km = np.arccos(np.clip(dot, -1.0, 1.0)) * EARTH_KM
    near = np.flatnonzero(km <= radius_km)
    places: dict[str, Verdict | None] = {}
    out = []
    for n in near[np.argsort(km[near], kind="stable")]:
        a = airports[candidates[n]]
        if a.country not in places:
            try:
                places[a.country] = ds.verdict_for(person, ds.place(a.country), day)
            except InputError:  # a country the engine does not know: said as such
                places[a.country] = None
        out.append(Diversion(a, float(km[n]), float(track.km[fine[at[n]]]), places[a.country]))
    return tuple(out)


def _every(track: Track, km: float) -> NDArray[np.int64]:
    """Indices of track samples about `km` apart, the first and the last included."""
    step = float(np.diff(track.km).mean()) if len(track.km) > 1 else km
    idx = np.arange(0, len(track.km), max(1, int(round(km / max(step, 1e-9)))))
    return idx if idx[-1] == len(track.km) - 1 else np.append(idx, len(track.km) - 1)


def _nearest(
    vectors: NDArray[np.float64], samples: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """For each vector, the largest dot product with a sample (the nearest) and its index."""
    best = np.full(len(vectors), -1.0)
    at = np.zeros(len(vectors), dtype=np.int64)
    for start in range(0, len(samples), 256):
        dots = vectors @ samples[start : start + 256].T
        if not len(vectors):
            break
        i = dots.argmax(axis=1)
        top = dots[np.arange(len(vectors)), i]
        better = top > best
        best[better] = top[better]
        at[better] = i[better] + start
    return best, at


def _with_nearest(c: Crossing, diversions: tuple[Diversion, ...]) -> Crossing:
    """The crossing with the nearest diversion airport, among those alongside it, in an
    obliged place and in a place not obliged."""
    from travelrisk.law.model import Status

    alongside = [d for d in diversions if c.start_km <= d.along_km <= c.start_km + c.km]
    obliged = [d for d in alongside if d.verdict and d.verdict.status == Status.OBLIGED]
    free = [d for d in alongside if d.verdict and d.verdict.status == Status.NOT_OBLIGED]
    return replace(
        c,
        nearest_obliged=min(obliged, key=lambda d: d.km, default=None),
        nearest_not_obliged=min(free, key=lambda d: d.km, default=None),
    )


__all__ = ["TERRITORIAL_SEA_KM", "Airport", "Crossing", "Diversion", "Point", "Route", "route"]
