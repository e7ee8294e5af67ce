"""`travelrisk route`: verdicts per crossing, errors, JSON, GeoJSON and the map."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("shapely")
pytest.importorskip("pyproj")
pytest.importorskip("airportsdata")

from cli_run import run  # noqa: E402

import travelrisk  # noqa: E402


def test_a_crossing_changes_verdict_on_an_entry_into_force() -> None:
    # Armenia: the Rome Statute entered into force on 2024-02-01.
    before = travelrisk.route("putin", ["VKO", "EVN"], on="2024-01-31")
    after = travelrisk.route("putin", ["VKO", "EVN"], on="2024-02-01")
    status = {c.code: c.verdict.status.value for c in before.crossings if c.verdict}
    assert status["AM"] == "not_obliged" and status["RU"] == "not_obliged"
    armenia = [c for c in after.crossings if c.code == "AM"]
    assert armenia and armenia[-1].verdict is not None
    assert armenia[-1].verdict.status.value == "obliged"
    assert armenia[-1].verdict.basis is not None and armenia[-1].verdict.basis.value == "party"
    assert armenia[-1].verdict.sources


def test_netanyahu_tel_aviv_to_new_york() -> None:
    code, out, err = run("route", "netanyahu", "TLV", "JFK", "--on", "2025-09-25")
    assert code == 1, err
    first = out.splitlines()[0]
    assert first.startswith("Benjamin Netanyahu, TLV (Tel Aviv, IL) to JFK (New York, US)")
    assert "France (FR)" in out and "OBLIGED to arrest" in out
    assert "12 nautical mile" in out and "German (DEU) worldview" in out
    assert "Diversion airports within 300 km" in out and "not obliged:" in out


def test_the_gibraltar_detour_keeps_off_france_britain_ireland_and_portugal() -> None:
    points = ["TLV", "35.95,-5.6", "36.3,-10.0", "JFK"]
    detour = travelrisk.route("netanyahu", points, on="2025-09-25")
    direct = travelrisk.route("netanyahu", ["TLV", "JFK"], on="2025-09-25")
    assert {"FR", "GB"} <= set(direct.places())
    assert not {"FR", "GB", "IE", "PT"} & set(detour.places())
    assert {"ES", "MA"} <= set(detour.places())  # the strait: within 12 nm of both
    assert detour.length_km > direct.length_km


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["ZZZ", "JFK"], "unknown airport or place 'ZZZ'"),
        (["TLV", "91,0"], "out of range"),
        (["TLV", "10,181"], "out of range"),
        (["Moscow", "JFK"], "several airports"),
        (["TLV", "JFK", "--radius", "-5"], "radius"),
        (["TLV", "JFK", "--on", "2025-13-01"], ""),
        (["TLV", "JFK", "--map", "x.png"], ".svg"),
    ],
)
def test_bad_input_exits_2_with_one_line(args: list[str], says: str) -> None:
    code, out, err = run("route", "netanyahu", *args)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("travelrisk: ")
    assert says in err


def _positions(geometry: dict[str, Any]) -> list[list[float]]:
    kind = geometry["type"]
    coords = geometry["coordinates"]
    if kind == "Point":
        return [coords]
    if kind == "LineString":
        assert len(coords) >= 2
        return list(coords)
    assert kind == "MultiLineString"
    assert all(len(line) >= 2 for line in coords)
    return [p for line in coords for p in line]


def test_geojson_is_rfc_7946() -> None:
    code, out, _ = run("route", "putin", "NRT", "LAX", "--on", "2025-01-01", "--format", "geojson")
    assert code == 1  # Japan is obliged
    doc = json.loads(out)
    # RFC 7946 6.1 allows foreign members: the receipt says which data the verdicts rest on.
    assert doc["type"] == "FeatureCollection" and set(doc) == {"type", "features", "receipt"}
    kinds = set()
    for feat in doc["features"]:
        assert feat["type"] == "Feature" and isinstance(feat["properties"], dict)
        kinds.add(feat["properties"]["kind"])
        for lon, lat in _positions(feat["geometry"]):
            assert -180 <= lon <= 180 and -90 <= lat <= 90
        if feat["geometry"]["type"] != "Point":  # no segment goes the long way round
            lines = feat["geometry"]["coordinates"]
            lines = [lines] if feat["geometry"]["type"] == "LineString" else lines
            for line in lines:
                assert all(abs(b[0] - a[0]) < 180 for a, b in zip(line, line[1:], strict=False))
    assert kinds == {"track", "crossing", "diversion_airport"}
    track = doc["features"][0]
    assert track["geometry"]["type"] == "MultiLineString"  # cut at the antimeridian
    statuses = {f["properties"]["status"] for f in doc["features"][1:]}
    assert "not_obliged" in statuses


def test_json_gives_each_crossing_with_its_verdict() -> None:
    code, out, _ = run("route", "putin", "SVO", "UBN", "--on", "2024-09-03", "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert doc["places"] == ["RU", "MN"]
    assert doc["receipt"]["data_digest"]
    mongolia = [c for c in doc["crossings"] if c["place"] == "MN"]
    assert mongolia[0]["status"] == "obliged"
    assert mongolia[0]["verdict"]["basis"] == "party" and mongolia[0]["verdict"]["sources"]
    assert mongolia[0]["km"] > 0 and len(mongolia[0]["entry"]) == 2
    assert all(d["km_from_track"] <= 300 for d in doc["diversions"])


def test_map_draws_the_route(tmp_path: Path) -> None:
    pytest.importorskip("pygal")
    target = tmp_path / "route.svg"
    code, _, err = run("route", "putin", "VKO", "UBN", "--on", "2024-09-03", "--map", str(target))
    assert code == 1, err
    svg = target.read_text()
    assert svg.count("<polyline") == 1 and 'class="route"' in svg


def test_a_track_flown_from_csv_or_geojson(tmp_path: Path) -> None:
    fr24 = tmp_path / "flown.csv"
    fr24.write_text(
        'Timestamp,Callsign,Position\n1,X,"55.6,37.3"\n2,X,"57.0,60.0"\n3,X,"47.8,106.8"\n'
    )
    plain = tmp_path / "flown2.csv"
    plain.write_text("Latitude,Longitude\n55.6,37.3\n57.0,60.0\n47.8,106.8\n")
    line = tmp_path / "flown.geojson"
    coords = [[37.3, 55.6], [60.0, 57.0], [106.8, 47.8]]
    line.write_text(
        json.dumps(
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "LineString", "coordinates": coords},
            }
        )
    )
    answers = []
    for f in (fr24, plain, line):
        code, out, err = run(
            "route", "putin", "--track", str(f), "--on", "2024-09-03", "--format", "json"
        )
        assert code == 1, err
        answers.append(json.loads(out)["places"])
    assert answers == [["RU", "MN"]] * 3


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("a,b\n1,2\n3,4\n", "no latitude and longitude columns"),
        ("lat,lon\n1,2\n", "at least two"),
        ("lat,lon\n1,2\n95,3\n", "out of range"),
        ("lat,lon\n1,2\nx,3\n", "not a number"),
    ],
)
def test_a_bad_track_exits_2(tmp_path: Path, content: str, says: str) -> None:
    f = tmp_path / "t.csv"
    f.write_text(content)
    code, out, err = run("route", "putin", "--track", str(f))
    assert code == 2 and out == "" and says in err and len(err.strip().splitlines()) == 1
    code, _, err = run("route", "putin", "TLV", "JFK", "--track", str(f))
    assert code == 2 and "not both" in err


def test_without_the_routes_extra_one_line_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "pyproj" else real(name, *a)
    )
    code, out, err = run("route", "putin", "LHR", "CDG")
    assert code == 2 and out == ""
    assert err.strip() == (
        "travelrisk: routes need pyproj: install the routes extra with "
        "pip install '.[routes]' (from a checkout)"
    )
