"""Routes: the boundaries and the geometry of tracks, on cases whose answer is plain."""

from __future__ import annotations

import gzip
import json

import pytest

pytest.importorskip("shapely")
pytest.importorskip("pyproj")
pytest.importorskip("airportsdata")

import numpy as np  # noqa: E402

from travelrisk.batch.routes import route  # noqa: E402
from travelrisk.batch.routes.geometry import boundaries, data_file  # noqa: E402
from travelrisk.batch.routes.track import split_at_antimeridian  # noqa: E402
from travelrisk.data.dataset import Dataset  # noqa: E402

UNCODED = {
    "Guantanamo Bay USNB",
    "Bir Tawil",
    "Spratly Is.",
    "Scarborough Reef",
}


def codes_at(*points: tuple[float, float]) -> list[str | None]:
    b = boundaries()
    lats = np.array([p[0] for p in points])
    lons = np.array([p[1] for p in points])
    return [b.areas[k // 2].code if k >= 0 else None for k in b.locate(lons, lats)]


def test_every_polygon_maps_to_a_code_check_answers(ds: Dataset) -> None:
    doc = json.loads(gzip.decompress(data_file().read_bytes()))
    uncoded = set()
    for feat in doc["features"]:
        code = feat["properties"]["code"]
        if code is None:
            assert feat["properties"]["note"]  # said why
            uncoded.add(feat["properties"]["ne_name"])
            continue
        assert ds.place(code).code == code
        ds.check("putin", code, "2025-01-01")
    assert uncoded == UNCODED
    assert "German" in doc["source"] and "5.1.1" in doc["source"]


@pytest.mark.parametrize(
    ("where", "code"),
    [
        ((4.9, -52.3), "GF"),  # French Guiana, merged into France by Natural Earth
        ((-21.1, 55.5), "RE"),
        ((16.25, -61.55), "GP"),
        ((14.65, -61.0), "MQ"),
        ((-12.8, 45.15), "YT"),
        ((78.2, 15.6), "SJ"),  # Svalbard, merged into Norway
        ((-54.42, 3.36), "BV"),
        ((12.15, -68.27), "BQ"),  # Bonaire, merged into the Netherlands
        ((12.5, -69.97), "AW"),
        ((12.17, -68.98), "CW"),
        ((72.0, -40.0), "GL"),
        ((62.0, -6.8), "FO"),
        ((32.3, -64.78), "BM"),
        ((36.14, -5.35), "GI"),
        ((-21.5, 165.5), "NC"),
        ((-17.6, -149.5), "PF"),
        ((-10.49, 105.62), "CX"),
        ((48.85, 2.35), "FR"),
        ((60.0, 10.0), "NO"),
        ((52.3, 5.0), "NL"),
        ((42.6, 20.9), "XK"),  # Kosovo is itself in the German worldview
        ((45.0, 34.0), "UA"),  # so is Crimea: Ukraine
    ],
)
def test_territories_are_themselves(where: tuple[float, float], code: str) -> None:
    assert codes_at(where) == [code]


def test_london_to_paris_crosses_britain_the_sea_and_france() -> None:
    r = route("putin", ["LHR", "CDG"], on="2025-01-01")
    assert [(c.code, c.zone) for c in r.crossings] == [
        ("GB", "land"),
        (None, "high seas"),
        ("FR", "land"),
    ]
    assert r.crossings[0].sea_km > 0 and r.crossings[2].sea_km > 0  # each coast's 12 nm
    assert 340 < r.length_km < 350
    assert r.crossings[0].entry == pytest.approx((51.4706, -0.46194))


def test_moscow_to_ulaanbaatar_crosses_russia_and_mongolia() -> None:
    r = route("putin", ["SVO", "Ulaanbaatar"], on="2024-09-02")
    assert r.places() == ["RU", "MN"]
    assert r.points[1].airport is not None and r.points[1].airport.iata == "UBN"


def test_a_route_along_a_coast_stays_over_the_territorial_sea() -> None:
    # Off the straight coast of the Landes, about 10 km out, then about 45 km out.
    near = route("putin", [(44.0, -1.46), (44.5, -1.40)], on="2025-01-01")
    assert [(c.code, c.zone) for c in near.crossings] == [("FR", "territorial sea")]
    far = route("putin", [(44.0, -1.9), (44.5, -1.85)], on="2025-01-01")
    assert [(c.code, c.zone) for c in far.crossings] == [(None, "high seas")]


def test_a_trans_pacific_route_crosses_the_antimeridian() -> None:
    r = route("putin", ["NRT", "LAX"], on="2025-01-01")
    assert r.places() == ["JP", "US"]
    assert np.all(np.abs(r.track.lons) <= 180.0)
    assert (r.track.lons > 170).any() and (r.track.lons < -170).any()
    km = [c.km for c in r.crossings]
    assert sum(km) == pytest.approx(r.length_km)


def test_a_polar_route_goes_over_the_pole() -> None:
    r = route("putin", [(85.0, -40.0), (85.0, 140.0)], on="2025-01-01")
    assert r.track.lats.max() == pytest.approx(90.0, abs=0.05)
    assert r.length_km == pytest.approx(1117, abs=5)  # 10 degrees of latitude
    assert [c.zone for c in r.crossings] == ["high seas"]
    over = route("putin", [(78.2, 15.6), (82.0, -40.0)], on="2025-01-01")
    assert over.places()[0] == "SJ" and "GL" in over.places()


def test_split_at_antimeridian() -> None:
    parts = split_at_antimeridian([(170.0, 0.0), (179.0, 1.0), (-179.0, 2.0), (-170.0, 3.0)])
    assert parts == [
        [(170.0, 0.0), (179.0, 1.0), (180.0, 1.5)],
        [(-180.0, 1.5), (-179.0, 2.0), (-170.0, 3.0)],
    ]


def test_crimea_is_ukraine_with_the_engines_note(ds: Dataset) -> None:
    to_sevastopol = route("putin", ["VKO", (44.6, 33.5)], on="2025-01-01")
    ukraine = [c for c in to_sevastopol.crossings if c.code == "UA"]
    assert ukraine and ukraine[-1].note == ds.place("Crimea").note
    to_istanbul = route("putin", ["SVO", (41.0, 29.0)], on="2025-01-01")  # over Ukraine, not Crimea
    assert all(not c.note for c in to_istanbul.crossings if c.code == "UA")


def test_an_area_no_single_place_holds_is_crossed_with_a_note_and_no_verdict() -> None:
    r = route("putin", [(19.93, -75.25), (19.93, -75.05)], on="2025-01-01")  # over Guantanamo
    assert [(c.code, c.name) for c in r.crossings] == [
        ("CU", "Cuba"),
        (None, "Guantanamo Bay USNB"),
        ("CU", "Cuba"),
    ]
    assert r.crossings[1].verdict is None and "leased by the US" in r.crossings[1].note


def test_the_uk_bases_on_cyprus_are_crossed_as_their_own_place_with_a_verdict() -> None:
    r = route("putin", [(34.70, 32.70), (34.60, 33.20)], on="2025-01-01")  # over Akrotiri
    assert [(c.code, c.name) for c in r.crossings] == [
        ("CY", "Cyprus"),
        ("XS", "Akrotiri and Dhekelia"),
        ("CY", "Cyprus"),
    ]
    bases = r.crossings[1]
    assert bases.verdict is not None and bases.verdict.basis is not None
    assert bases.verdict.basis.value == "territory" and "Sovereign Base Area" in bases.note
