"""Batch legs of `kind: flight`: judged as the landing, with the crossings in the reason."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

pytest.importorskip("shapely")
pytest.importorskip("pyproj")
pytest.importorskip("airportsdata")

from cli_run import run  # noqa: E402

import travelrisk  # noqa: E402


def test_a_flight_is_its_landing_with_its_crossings() -> None:
    legs = [
        {"suspect": "putin", "kind": "flight", "from": "VKO", "to": "UBN", "date": "2024-09-03"},
        {"suspect": "putin", "kind": "Flight", "from": "VKO", "to": "EVN", "date": "2024-01-31"},
        {"suspect": "putin", "kind": "flight", "from": "VKO", "to": "EVN", "date": "2024-02-01"},
    ]
    mongolia, armenia_before, armenia_after = travelrisk.check_legs(legs)
    assert (mongolia.place.code, mongolia.status.value) == ("MN", "obliged")
    assert mongolia.explanation.startswith("Flight of ")
    assert "RU (not obliged); MN (obliged to arrest" in mongolia.explanation
    assert "Landing: Mongolia is a State party" in mongolia.explanation
    assert armenia_before.status.value == "not_obliged"
    assert armenia_after.status.value == "obliged"
    assert "GE (obliged to arrest, emergency-landing risk)" in armenia_before.explanation


@pytest.mark.parametrize(
    ("leg", "says"),
    [
        ({"to": "UBN"}, "from: a flight needs 'from'"),
        ({"from": "VKO", "to": "ZZZ"}, "unknown airport or place 'ZZZ'"),
        ({"from": "VKO", "to": "UBN", "country": "FR"}, "is not where 'UBN' is (MN)"),
        ({"from": "VKO", "to": "0,-30"}, "over no place's land"),
    ],
)
def test_a_bad_flight_is_an_error_row(leg: dict[str, str], says: str) -> None:
    base = {"suspect": "putin", "kind": "flight", "date": "2024-09-03"}
    (result,) = travelrisk.check_legs([{**base, **leg}])
    assert result.status.value == "error" and says in (result.error or "")


def test_batch_keeps_one_row_per_input_row(tmp_path: Path) -> None:
    f = tmp_path / "trips.csv"
    f.write_text(
        "suspect,kind,from,to,date,country\n"
        "netanyahu,flight,TLV,JFK,2025-09-25,\n"
        "netanyahu,stay,,,2025-09-26,US\n"
        "putin,flight,VKO,ZZZ,2024-09-03,\n"
    )
    code, out, _ = run("batch", str(f), "--format", "csv")
    assert code == 3
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["row"] for r in rows] == ["2", "3", "4"]
    assert rows[0]["input_from"] == "TLV" and rows[0]["place"] == "US"  # the landing
    assert "FR (obliged to arrest, emergency-landing risk)" in rows[0]["reason"]
    assert rows[1]["status"] == "not_obliged" and rows[2]["status"] == "error"
    # The crossings, in order, in their own column; empty for a leg that is not a flight.
    crossed = rows[0]["crossings"].split("; ")
    assert crossed[0].startswith("IL not_obliged ") and any(
        c.startswith("FR obliged ") for c in crossed
    )
    assert rows[1]["crossings"] == "" and rows[2]["crossings"] == ""
    _, out, _ = run("batch", str(f), "--format", "jsonl")
    first, stay, bad = (json.loads(line) for line in out.splitlines())
    assert [c["place"] for c in first["crossings"]][:1] == ["IL"]
    assert {"place", "zone", "entry", "exit", "from_km", "km", "status"} <= set(
        first["crossings"][0]
    )
    assert stay["crossings"] is None and bad["crossings"] is None
