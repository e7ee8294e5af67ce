"""A route as text for people, JSON, or GeoJSON (RFC 7946) for QGIS, Datawrapper or a browser."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from travelrisk.batch.routes.route import Crossing, Diversion, Route
from travelrisk.batch.routes.track import split_at_antimeridian
from travelrisk.law.as_data import verdict_dict
from travelrisk.law.model import Receipt, Status, Verdict
from travelrisk.law.wording import STATUS_ORDER
from travelrisk.present.render import HEADLINE
from travelrisk.present.where import STATUS_LABEL

ROUTE_FORMATS = ("text", "json", "geojson")
_DIGITS = 5  # of a coordinate in JSON and GeoJSON (about a metre)
_SHOWN_AIRPORTS = 5  # per place in text


def render_route(r: Route, fmt: str, receipt: Receipt | None = None) -> Iterator[str]:
    """The route in `fmt`; JSON and GeoJSON (as a foreign member of the FeatureCollection)
    carry `receipt` (the data the answers rest on), if given."""
    from travelrisk.present.render import json_text

    if fmt == "json":
        yield json_text(route_dict(r), receipt)
    elif fmt == "geojson":
        yield json_text(route_geojson(r), receipt, indent=0)
    else:
        yield from route_text(r)


def status_of(v: Verdict | None) -> str | None:
    return v.status.value if v else None


def _label(v: Verdict | None, note: str = "") -> str:
    if v is None:
        return note or "-"
    return HEADLINE[v.status] if v.status == Status.OBLIGED else STATUS_LABEL[v.status]


def _clock(minutes: float) -> str:
    m = int(round(minutes))
    return f"{m // 60}:{m % 60:02d}"


def _point_text(r: Route, i: int) -> str:
    p = r.points[i]
    if p.airport:
        return f"{p.airport.label} ({p.airport.city}, {p.airport.country})"
    return f"{p.lat:.4f},{p.lon:.4f}"


def summary(r: Route) -> str:
    crossed = [c for c in r.crossings if c.code]
    obliged = _codes(c for c in crossed if c.verdict and c.verdict.status == Status.OBLIGED)
    uncertain = _codes(c for c in crossed if c.verdict and c.verdict.status == Status.UNCERTAIN)
    places = _codes(crossed)
    inner = len(r.points) - 2
    if inner > 3:  # a track flown: its points are not named
        via = f" by a track of {len(r.points):,} points"
    else:
        via = "".join(f" via {_point_text(r, i)}" for i in range(1, len(r.points) - 1))
    line = (
        f"{r.suspect.name}, {_point_text(r, 0)} to {_point_text(r, len(r.points) - 1)}{via} "
        f"on {r.on}: {r.length_km:,.0f} km, about {_clock(r.length_km / 850 * 60)} h; "
        f"crosses {len(places)} places"
    )
    if obliged:
        line += f", {len(obliged)} obliged to arrest ({', '.join(obliged)})"
    if uncertain:
        line += f", {len(uncertain)} uncertain ({', '.join(uncertain)})"
    return line


def _codes(crossings: Any) -> list[str]:
    return list(dict.fromkeys(c.code for c in crossings if c.code))


def route_text(r: Route) -> Iterator[str]:
    yield summary(r) + "\n"
    yield f"  boundaries: {r.boundaries}\n"
    for note in r.notes:
        yield f"  note: {note}\n"
    yield "\n"
    head = (
        "km",
        "time",
        "over km",
        "entry",
        "exit",
        "place",
        "zone",
        "verdict",
        "divert: obliged / not obliged",
    )
    rows = [head]
    for c in r.crossings:
        place = f"{c.name} ({c.code})" if c.code else c.name
        rows.append(
            (
                f"{c.start_km:,.0f}",
                _clock(c.start_minutes),
                f"{c.km:,.0f}",
                _at(c.entry),
                _at(c.exit),
                place,
                c.zone,
                _label(c.verdict, "no verdict" if c.note and not c.code else ""),
                f"{_near(c.nearest_obliged)} / {_near(c.nearest_not_obliged)}",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(head) - 1)]
    for row in rows:
        cells = [row[i].rjust(widths[i]) if i < 3 else row[i].ljust(widths[i]) for i in range(8)]
        yield "  " + "  ".join(cells) + "  " + row[8] + "\n"
    notes = dict.fromkeys(f"{c.name}: {c.note}" for c in r.crossings if c.note)
    for n in notes:
        yield f"  note: {n}\n"
    for c in dict((c.code, c) for c in r.crossings if c.verdict).values():
        if (
            c.verdict
            and c.verdict.reason
            and c.verdict.status in (Status.OBLIGED, Status.UNCERTAIN)
        ):
            yield f"  {c.code}: {c.verdict.reason}\n"
    yield "\n"
    yield from diversion_text(r)


def _at(point: tuple[float, float]) -> str:
    return f"{point[0]:.2f},{point[1]:.2f}"


def _near(d: Diversion | None) -> str:
    return f"{d.airport.label} {d.airport.country} {d.km:.0f} km" if d else "-"


def diversion_text(r: Route) -> Iterator[str]:
    groups = group_diversions(r.diversions)
    total = len(r.diversions)
    yield f"Diversion airports within {r.radius_km:.0f} km of the track: {total} ({r.airports})\n"
    for status, places in groups.items():
        count = sum(len(v) for v in places.values())
        yield f"  {status}: {count} in {len(places)} places\n"
        for code, ds in places.items():
            shown = ", ".join(f"{d.airport.label} {d.km:.0f} km" for d in ds[:_SHOWN_AIRPORTS])
            more = f", and {len(ds) - _SHOWN_AIRPORTS} more" if len(ds) > _SHOWN_AIRPORTS else ""
            yield f"    {code} ({len(ds)}): {shown}{more}\n"


def group_diversions(diversions: tuple[Diversion, ...]) -> dict[str, dict[str, list[Diversion]]]:
    """Diversion airports by verdict (in the usual order), then by place, nearest first."""
    order = [STATUS_LABEL[s] for s in STATUS_ORDER] + ["place not known to travelrisk"]
    groups: dict[str, dict[str, list[Diversion]]] = {k: {} for k in order}
    for d in diversions:
        key = STATUS_LABEL[d.verdict.status] if d.verdict else order[-1]
        groups[key].setdefault(d.airport.country, []).append(d)
    return {k: v for k, v in groups.items() if v}


def _ll(lat: float, lon: float) -> list[float]:
    return [round(lat, _DIGITS), round(lon, _DIGITS)]


def _diversion_dict(d: Diversion | None) -> dict[str, Any] | None:
    if d is None:
        return None
    a = d.airport
    return {
        "iata": a.iata or None,
        "icao": a.icao or None,
        "name": a.name,
        "city": a.city,
        "country": a.country,
        "lat": a.lat,
        "lon": a.lon,
        "km_from_track": round(d.km, 1),
        "along_km": round(d.along_km, 1),
        "status": status_of(d.verdict),
    }


def _crossing_dict(c: Crossing) -> dict[str, Any]:
    return {
        "place": c.code,
        "place_name": c.name,
        "zone": c.zone,
        "entry": _ll(*c.entry),
        "exit": _ll(*c.exit),
        "start_km": round(c.start_km, 1),
        "km": round(c.km, 1),
        "territorial_sea_km": round(c.sea_km, 1),
        "start_minutes": round(c.start_minutes, 1),
        "minutes": round(c.minutes, 1),
        "status": status_of(c.verdict),
        "verdict": verdict_dict(c.verdict) if c.verdict else None,
        "note": c.note or None,
        "nearest_obliged_airport": _diversion_dict(c.nearest_obliged),
        "nearest_not_obliged_airport": _diversion_dict(c.nearest_not_obliged),
    }


def route_dict(r: Route) -> dict[str, Any]:
    """The route as data `json.dumps` can write. Coordinates are [lat, lon]."""
    return {
        "suspect": {"id": r.suspect.id, "name": r.suspect.name},
        "on": r.on.isoformat(),
        "points": [
            {
                "input": p.text,
                "lat": p.lat,
                "lon": p.lon,
                "airport": p.airport.label if p.airport else None,
            }
            for p in r.points
        ],
        "length_km": round(r.length_km, 1),
        "places": r.places(),
        "crossings": [_crossing_dict(c) for c in r.crossings],
        "diversion_radius_km": r.radius_km,
        "diversions": [_diversion_dict(d) for d in r.diversions],
        "boundaries": r.boundaries,
        "airports": r.airports,
        "notes": list(r.notes),
    }


def _line(
    r: Route, start_km: float, end_km: float, first: tuple[float, float], last: tuple[float, float]
) -> dict[str, Any]:
    t = r.track
    inside = np.flatnonzero((t.km > start_km) & (t.km < end_km))
    coords = [(first[1], first[0])]
    coords += [(float(t.lons[i]), float(t.lats[i])) for i in inside]
    coords.append((last[1], last[0]))
    parts = [
        [[round(x, _DIGITS), round(y, _DIGITS)] for x, y in p]
        for p in split_at_antimeridian(coords)
    ]
    if len(parts) == 1:
        return {"type": "LineString", "coordinates": parts[0]}
    return {"type": "MultiLineString", "coordinates": parts}


def route_geojson(r: Route) -> dict[str, Any]:
    """A FeatureCollection (RFC 7946: [lon, lat], lines cut at the antimeridian): the track,
    each crossing, and each diversion airport, with verdicts as properties."""
    t = r.track
    whole = _line(
        r,
        -1.0,
        t.length_km + 1.0,
        (float(t.lats[0]), float(t.lons[0])),
        (float(t.lats[-1]), float(t.lons[-1])),
    )
    whole_props = {
        "kind": "track",
        "suspect": r.suspect.id,
        "suspect_name": r.suspect.name,
        "on": r.on.isoformat(),
        "length_km": round(r.length_km, 1),
        "places": ";".join(r.places()),
        "boundaries": r.boundaries,
        "notes": " ".join(r.notes),
    }
    features: list[dict[str, Any]] = [
        {"type": "Feature", "properties": whole_props, "geometry": whole}
    ]
    for c in r.crossings:
        v = c.verdict
        props = {
            "kind": "crossing",
            "place": c.code,
            "place_name": c.name,
            "zone": c.zone,
            "status": status_of(v),
            "basis": v.basis.value if v and v.basis else None,
            "reason": v.reason if v else None,
            "start_km": round(c.start_km, 1),
            "km": round(c.km, 1),
            "minutes": round(c.minutes, 1),
            "note": c.note or None,
        }
        geometry = _line(r, c.start_km, c.start_km + c.km, c.entry, c.exit)
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    for d in r.diversions:
        props = {"kind": "diversion_airport", **(_diversion_dict(d) or {})}
        point = [round(d.airport.lon, _DIGITS), round(d.airport.lat, _DIGITS)]
        features.append(
            {
                "type": "Feature",
                "properties": props,
                "geometry": {"type": "Point", "coordinates": point},
            }
        )
    return {"type": "FeatureCollection", "features": features}
