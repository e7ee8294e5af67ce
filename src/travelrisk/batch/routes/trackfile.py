"""A flown track from a file: CSV with latitude and longitude columns (an ADS-B export, such as
those of ADS-B Exchange, OpenSky or Flightradar24, whose `Position` column holds "lat,lon"),
or GeoJSON with a LineString (or MultiLineString), in a Feature, a FeatureCollection or bare."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from travelrisk.batch.routes.airports import BadPoint

MAX_POINTS = 200_000
LAT_NAMES = ("lat", "latitude")
LON_NAMES = ("lon", "lng", "long", "longitude")


def read_track(path: str) -> list[tuple[float, float]]:
    """The (lat, lon) points of the track in `path`; raises BadPoint with one line."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadPoint(
            f"cannot read track {path}: {getattr(exc, 'strerror', None) or exc}"
        ) from None
    if path.lower().endswith((".geojson", ".json")):
        points = _geojson(path, text)
    else:
        points = _csv(path, text)
    if len(points) < 2:
        raise BadPoint(f"track {path} has {len(points)} point(s); a track needs at least two")
    if len(points) > MAX_POINTS:
        raise BadPoint(f"track {path} has {len(points):,} points; at most {MAX_POINTS:,} are read")
    for i, (lat, lon) in enumerate(points, 1):
        if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
            raise BadPoint(
                f"track {path}, point {i}: {lat},{lon} is out of range: latitude -90 to 90, "
                "longitude -180 to 180"
            )
    return points


def _number(value: str, where: str) -> float:
    try:
        x = float(value)
    except ValueError:
        raise BadPoint(f"{where}: {value!r} is not a number") from None
    if x != x or x in (float("inf"), float("-inf")):
        raise BadPoint(f"{where}: {value!r} is not a number")
    return x


def _csv(path: str, text: str) -> list[tuple[float, float]]:
    rows = csv.reader(text.splitlines())
    header = [h.strip().casefold() for h in next(rows, [])]
    lat = next((header.index(n) for n in LAT_NAMES if n in header), None)
    lon = next((header.index(n) for n in LON_NAMES if n in header), None)
    position = header.index("position") if "position" in header else None
    if (lat is None or lon is None) and position is None:
        raise BadPoint(
            f"track {path}: no latitude and longitude columns (lat/latitude and "
            "lon/lng/longitude, or a Position column of lat,lon)"
        )
    points = []
    for n, row in enumerate(rows, 2):
        if not any(cell.strip() for cell in row):
            continue
        where = f"track {path}, line {n}"
        try:
            if lat is not None and lon is not None:
                pair = (row[lat], row[lon])
            else:
                assert position is not None
                pair = tuple(row[position].split(","))  # type: ignore[assignment]
                if len(pair) != 2:
                    raise BadPoint(f"{where}: position {row[position]!r} is not lat,lon")
        except IndexError:
            raise BadPoint(f"{where}: too few fields") from None
        points.append((_number(pair[0], where), _number(pair[1], where)))
    return points


def _geojson(path: str, text: str) -> list[tuple[float, float]]:
    try:
        doc: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadPoint(f"track {path} is not JSON: {exc.msg} (line {exc.lineno})") from None
    geometry = doc
    if isinstance(doc, dict) and doc.get("type") == "FeatureCollection":
        lines = [
            f.get("geometry")
            for f in doc.get("features") or []
            if isinstance(f, dict)
            and isinstance(f.get("geometry"), dict)
            and f["geometry"].get("type") in ("LineString", "MultiLineString")
        ]
        if len(lines) != 1:
            raise BadPoint(f"track {path}: give one LineString feature, not {len(lines)}")
        geometry = lines[0]
    elif isinstance(doc, dict) and doc.get("type") == "Feature":
        geometry = doc.get("geometry")
    if not isinstance(geometry, dict) or geometry.get("type") not in (
        "LineString",
        "MultiLineString",
    ):
        raise BadPoint(f"track {path}: no LineString or MultiLineString geometry")
    coords = geometry.get("coordinates")
    if geometry["type"] == "MultiLineString" and isinstance(coords, list):
        coords = [p for line in coords if isinstance(line, list) for p in line]
    points = []
    for i, p in enumerate(coords if isinstance(coords, list) else [], 1):
        if not (
            isinstance(p, list) and len(p) >= 2 and all(isinstance(x, (int, float)) for x in p[:2])
        ):
            raise BadPoint(f"track {path}, position {i}: not [longitude, latitude]")
        points.append((float(p[1]), float(p[0])))
    return points
