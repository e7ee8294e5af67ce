"""`travelrisk where` through click's CliRunner: every format, exit codes, errors."""

from __future__ import annotations

import csv
import io
import json

import pytest
from cli_run import run

from travelrisk.data.dataset import Dataset
from travelrisk.law.model import Receipt
from travelrisk.present.where import WHERE_FIELDS


def test_text_groups_places_with_counts() -> None:
    code, out, err = run("where", "putin", "--on", "2026-11-26")
    assert code == 1 and err == ""
    lines = out.splitlines()
    assert out.startswith("Vladimir Vladimirovich Putin on 2026-11-26: where an arrest is owed")
    headings = [line for line in lines if line and not line.startswith(" ")]
    assert any(h.startswith("OBLIGED to arrest: State party (") for h in headings)
    assert any(h.startswith("OBLIGED to arrest: territory of a State party (") for h in headings)
    assert any(h.startswith("UNCERTAIN (") for h in headings)
    assert any(h.startswith("NOT OBLIGED (") for h in headings)
    assert "France (FR)" in out and "Greenland (GL)" in out and "Jersey (JE)" in out


@pytest.mark.parametrize("columns", [50, 100])
def test_text_wraps_to_the_terminal(ds: Dataset, columns: int) -> None:
    _, out, _ = run("where", "putin", "--on", "2026-11-26", columns=columns)
    places = {f"{p.name} ({p.code})" for p in ds.places()}
    lines = out.splitlines()
    for line in lines:
        if len(line) > columns:  # only a name too long for any line, alone on its line
            assert line.strip().rstrip(",") in places or "travelrisk check" in line, line
    assert max(len(line) for line in lines) > columns - 30  # lines are filled, not one per place


def test_json_one_row_per_place(ds: Dataset) -> None:
    code, out, _ = run("where", "netanyahu", "--on", "2025-04-03", "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert [r["country"] for r in data["places"]] == [p.code for p in ds.places()]
    hungary = next(r for r in data["places"] if r["country"] == "HU")
    assert hungary["status"] == "obliged" and hungary["basis"] == "party" and hungary["obliged"]
    counts = data["counts"]
    assert counts["total"] == len(data["places"])
    assert counts["obliged"] == sum(r["obliged"] for r in data["places"])
    assert data["on"] == "2025-04-03" and data["data"]["as_of"]


def test_csv_one_row_per_place(ds: Dataset) -> None:
    code, out, _ = run("where", "al-bashir", "--on", "2015-06-14", "--format", "csv")
    assert code == 1
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == list(WHERE_FIELDS) + [
        f for f in Receipt.FIELDS if f not in WHERE_FIELDS
    ]
    assert len(rows) == len(ds.places())
    by_code = {r["country"]: r for r in rows}
    assert by_code["ZA"]["status"] == "obliged" and by_code["ZA"]["obliged"] == "true"
    assert by_code["SD"]["basis"] == "referral"
    assert {r["on"] for r in rows} == {"2015-06-14"}


@pytest.mark.parametrize("fmt", ["text", "json", "csv"])
def test_no_live_warrant_anywhere_exits_0(ds: Dataset, fmt: str) -> None:
    code, out, _ = run("where", "deif", "--on", "2026-11-26", "--format", fmt)
    assert code == 0
    if fmt == "json":
        data = json.loads(out)
        assert {r["status"] for r in data["places"]} == {"no_live_warrant"}
        assert data["counts"]["no_live_warrant"] == len(ds.places())
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert {r["status"] for r in rows} == {"no_live_warrant"} and len(rows) == len(ds.places())
    else:
        assert f"NO LIVE WARRANT ({len(ds.places())})" in out and "every place" in out
        assert "OBLIGED" not in out


@pytest.mark.parametrize(
    "args, fragment",
    [
        (("where", "nobody-at-all"), "no public ICC arrest warrant matches"),
        (("where", "putin", "--on", "2025-02-30"), "expected YYYY-MM-DD"),
    ],
)
def test_bad_input_exits_2_with_one_line(args: tuple[str, ...], fragment: str) -> None:
    code, out, err = run(*args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and fragment in err


def test_help_has_examples() -> None:
    code, out, _ = run("where", "--help")
    assert code == 0 and "travelrisk where putin" in out


def test_csv_is_keyed_by_iso3_too(ds: Dataset) -> None:
    import csv
    import io

    code, out, _ = run("where", "putin", "--on", "2026-11-26", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    by_iso3 = {r["iso3"]: r for r in rows}
    assert len(by_iso3) == len(rows) == len(ds.places())
    assert by_iso3["FRA"]["country"] == "FR" and by_iso3["FRA"]["status"] == "obliged"
    assert by_iso3["USA"]["status"] == "not_obliged" and by_iso3["XKX"]["country"] == "XK"


def test_geojson_is_a_feature_collection_keyed_by_iso3(ds: Dataset) -> None:
    import json

    code, out, err = run("where", "putin", "--on", "2026-11-26", "--format", "geojson")
    assert code == 1 and err == ""
    doc = json.loads(out)
    assert doc["type"] == "FeatureCollection"
    features = {f["id"]: f for f in doc["features"]}
    assert len(features) == len(ds.places())
    assert all(f["type"] == "Feature" and f["geometry"] is None for f in doc["features"])
    mongolia = features["MNG"]["properties"]
    assert mongolia["country"] == "MN" and mongolia["status"] == "obliged"
    assert mongolia["basis"] == "party" and mongolia["data_as_of"] == str(ds.as_of)
