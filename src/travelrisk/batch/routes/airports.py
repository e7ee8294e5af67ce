"""Airports from airportsdata (MIT licence, versioned by date), and reading route points.

A point is an IATA code (3 letters, `TLV`), an ICAO code (4 letters or digits, `UUWW`), a city
with one airport that has an IATA code (`Tel Aviv`), or `lat,lon` in decimal degrees.
Diversion airports are those with an IATA code (about 7,900): airportsdata also lists some
20,000 airstrips and heliports with only an ICAO code, which are left out of diversions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from travelrisk.errors import InputError

_LATLON = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?)\s*,\s*([-+]?\d+(?:\.\d+)?)\s*$")


class BadPoint(InputError):
    """A route point that is no known airport, city or lat,lon."""


@dataclass(frozen=True)
class Airport:
    iata: str
    icao: str
    name: str
    city: str
    country: str  # ISO 3166-1 alpha-2, as airportsdata gives it
    lat: float
    lon: float

    @property
    def label(self) -> str:
        return self.iata or self.icao


def version() -> str:
    import airportsdata

    return str(airportsdata.__version__)


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, Airport], dict[str, Airport], dict[str, list[Airport]]]:
    import airportsdata

    def make(a: Any) -> Airport:
        return Airport(
            str(a["iata"]),
            str(a["icao"]),
            str(a["name"]),
            str(a["city"]),
            str(a["country"]),
            float(a["lat"]),
            float(a["lon"]),
        )

    by_iata = {k: make(v) for k, v in airportsdata.load("IATA").items() if k}
    by_icao = {k: make(v) for k, v in airportsdata.load("ICAO").items() if k}
    by_city: dict[str, list[Airport]] = {}
    for a in by_iata.values():
        by_city.setdefault(a.city.casefold(), []).append(a)
    return by_iata, by_icao, by_city


@lru_cache(maxsize=1)
def diversion_airports() -> tuple[tuple[Airport, ...], NDArray[np.float64]]:
    """The airports with an IATA code, and their positions as unit vectors (for distances)."""
    airports = tuple(sorted(_tables()[0].values(), key=lambda a: a.iata))
    return airports, unit_vectors(
        np.array([a.lat for a in airports]), np.array([a.lon for a in airports])
    )


def unit_vectors(lats: NDArray[np.float64], lons: NDArray[np.float64]) -> NDArray[np.float64]:
    la, lo = np.radians(lats), np.radians(lons)
    return np.stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)], axis=1)


def resolve(text: str) -> tuple[float, float, Airport | None]:
    """(lat, lon, airport or None) for one route point; raises BadPoint with one line."""
    accepted = "give an IATA code (TLV), an ICAO code (LLBG), a city with one airport, or lat,lon"
    m = _LATLON.match(text)
    if m:
        lat, lon = float(m.group(1)), float(m.group(2))
        if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
            raise BadPoint(
                f"point {text!r} is out of range: latitude -90 to 90, longitude -180 to 180"
            )
        return lat, lon, None
    by_iata, by_icao, by_city = _tables()
    key = text.strip()
    found = by_iata.get(key.upper()) if len(key) == 3 else None
    found = found or (by_icao.get(key.upper()) if len(key) == 4 else None)
    if found is None:
        city = by_city.get(key.casefold(), [])
        if len(city) > 1:
            codes = ", ".join(sorted(a.iata for a in city))
            raise BadPoint(f"{text!r} has several airports ({codes}); give one of their codes")
        found = city[0] if city else None
    if found is None:
        raise BadPoint(f"unknown airport or place {text!r}: {accepted}")
    return found.lat, found.lon, found
