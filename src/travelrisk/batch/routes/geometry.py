"""Natural Earth admin-0 boundaries, and which place (land or territorial sea) a point is over.

The territorial sea is approximated by a 12 nautical mile buffer around the land: a point not
over land is over a place's territorial sea if the nearest land is within 12 nm (22.224 km,
measured on the WGS84 ellipsoid from the nearest point of the simplified outline). No exact
maritime boundaries (baselines, agreed lines) are used.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import shapely  # type: ignore[import-untyped, unused-ignore]
from numpy.typing import NDArray
from pyproj import Geod
from shapely.geometry import shape  # type: ignore[import-untyped, unused-ignore]

TERRITORIAL_SEA_KM = 22.224  # 12 nautical miles
GEOD = Geod(ellps="WGS84")
HIGH_SEAS = -1  # the key of a point over no place's land or territorial sea
_LAT_DEGREE_KM = 110.5  # the shortest degree of latitude, so a degree search box never falls short


@dataclass(frozen=True)
class Area:
    """One place as the boundaries draw it: an engine code (None for the few areas no single
    state holds), its Natural Earth name and a note."""

    code: str | None
    ne_name: str
    note: str


@dataclass(frozen=True)
class Boundaries:
    areas: tuple[Area, ...]  # one per distinct code (and one per uncoded area)
    area_of: NDArray[np.int64]  # feature index -> index in areas
    geoms: NDArray[Any]  # the land in tiles of at most 3 degrees (see the build), for fast tests
    tree: shapely.STRtree
    source: str
    licence: str

    def locate(self, lons: NDArray[np.float64], lats: NDArray[np.float64]) -> NDArray[np.int64]:
        """For each point, a key: 2*area for land, 2*area+1 for its territorial sea (12 nm
        buffer), HIGH_SEAS otherwise."""
        points = shapely.points(lons, lats)
        keys = np.full(len(points), HIGH_SEAS, dtype=np.int64)
        cand_point, cand_geom = self.tree.query(points)  # by bounding box, then exactly
        inside = shapely.intersects(self.geoms[cand_geom], points[cand_point])
        hit_point, hit_geom = cand_point[inside], cand_geom[inside]
        keys[hit_point[::-1]] = 2 * self.area_of[hit_geom[::-1]]  # the first hit wins
        sea = np.flatnonzero(keys == HIGH_SEAS)
        if len(sea):
            keys[sea] = self._territorial_sea(points[sea], lons[sea], lats[sea])
        return keys

    def _territorial_sea(
        self, points: NDArray[Any], lons: NDArray[np.float64], lats: NDArray[np.float64]
    ) -> NDArray[np.int64]:
        keys = np.full(len(points), HIGH_SEAS, dtype=np.int64)
        coslat = np.cos(np.radians(np.clip(np.abs(lats), 0, 89.0)))
        reach = TERRITORIAL_SEA_KM / _LAT_DEGREE_KM / coslat  # degrees, an upper bound
        near_point, near_geom = self.tree.query(points, predicate="dwithin", distance=reach)
        if not len(near_point):
            return keys
        nearest = shapely.get_point(
            shapely.shortest_line(self.geoms[near_geom], points[near_point]), 0
        )
        _, _, metres = GEOD.inv(
            lons[near_point], lats[near_point], shapely.get_x(nearest), shapely.get_y(nearest)
        )
        best = np.full(len(points), np.inf)
        for i, g, d in zip(near_point, near_geom, np.asarray(metres) / 1000.0, strict=False):
            if d <= TERRITORIAL_SEA_KM and d < best[i]:
                best[i] = d
                keys[i] = 2 * self.area_of[g] + 1
        return keys


def data_file() -> Path:
    """The bundled boundaries: boundaries/admin0.geojson.gz in the data folder."""
    from travelrisk.data.files import bundled_dir

    return Path(bundled_dir()) / "boundaries" / "admin0.geojson.gz"


@lru_cache(maxsize=1)
def boundaries() -> Boundaries:
    """The boundaries, read once."""
    doc = json.loads(gzip.decompress(data_file().read_bytes()))
    areas: list[Area] = []
    index: dict[str, int] = {}
    area_of: list[int] = []
    geoms: list[Any] = []
    for feat in doc["features"]:
        props = feat["properties"]
        code = props["code"]
        key = code if code is not None else f"?{props['ne_name']}"
        if key not in index:
            index[key] = len(areas)
            areas.append(Area(code, props["ne_name"], props.get("note", "")))
        area_of.append(index[key])
        geoms.append(shape(feat["geometry"]))
    arr = np.array(geoms, dtype=object)
    shapely.prepare(arr)
    return Boundaries(
        tuple(areas),
        np.array(area_of, dtype=np.int64),
        arr,
        shapely.STRtree(arr),
        doc["source"],
        doc["licence"],
    )
