"""The law as a table: `travelrisk data export periods`, and the README's DuckDB join of it."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from cli_run import run

from travelrisk.batch.lawtable import COLUMNS
from travelrisk.data.dataset import Dataset
from travelrisk.law import engine

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "periods.parquet"
    code, out, err = run("data", "export", "periods", "-o", str(path))
    assert (code, out, err) == (0, "", "")
    return path


def test_every_suspect_place_and_period_is_a_row(ds: Dataset, table: Path) -> None:
    pl = pytest.importorskip("polars")
    frame = pl.read_parquet(table)
    assert tuple(frame.columns) == COLUMNS
    places = ds.places()
    expected = sum(len(engine.periods(ds.law, s, p)) for s in ds.suspects.values() for p in places)
    assert frame.height == expected
    assert frame.select(pl.struct("suspect_id", "place").n_unique()).item() == len(
        ds.suspects
    ) * len(places)
    # Each pair's periods tile time: open at both ends, each starting the day after the last.
    ua = frame.filter((pl.col("suspect_id") == "putin") & (pl.col("place") == "UA"))
    starts, ends = ua["start"].to_list(), ua["end"].to_list()
    assert starts[0] is None and ends[-1] is None
    assert all((e - s).days == -1 for e, s in zip(ends[:-1], starts[1:], strict=True))
    assert set(frame["status"].unique()) == {
        "obliged",
        "uncertain",
        "not_obliged",
        "no_live_warrant",
    }


def test_csv_and_jsonl_hold_the_same_rows(ds: Dataset) -> None:
    code, out, _ = run("data", "export", "periods", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    code, out, _ = run("data", "export", "periods", "--format", "jsonl")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == len(lines) > 10_000
    for r, j in zip(rows[::997], lines[::997], strict=True):
        assert (r["suspect_id"], r["place"], r["start"] or None) == (
            j["suspect_id"],
            j["place"],
            j["start"],
        )
        assert r["reason"] == j["reason"] and r["bases"] == ";".join(j["bases"])
        assert r["reason_names_day"] == ("true" if j["reason_names_day"] else "false")


def test_the_readme_duckdb_join_gives_the_verdicts(
    ds: Dataset, table: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    duckdb = pytest.importorskip("duckdb")
    readme = (ROOT / "README.md").read_text("utf-8")
    (query,) = re.findall(r"```sql\n(.*?)```", readme, re.S)
    legs = [
        ("t1", "putin", "FR", "2025-01-01"),
        ("t1", "putin", "UA", "2024-06-01"),
        ("t2", "netanyahu", "HU", "2026-06-02"),
        ("t3", "putin", "AM", "2024-01-31"),  # "not yet a party on {day}"
        ("t4", "deif", "FR", "2025-03-01"),  # "no live ICC arrest warrant on {day}"
        ("t5", "al-bashir", "SD", "1990-01-01"),  # before records begin
    ]
    (tmp_path / "legs.csv").write_text(
        "trip,suspect,country,date\n" + "".join(",".join(leg) + "\n" for leg in legs)
    )
    (tmp_path / "periods.parquet").write_bytes(table.read_bytes())
    monkeypatch.chdir(tmp_path)
    got = duckdb.sql(query).fetchall()
    assert len(got) == len(legs)
    for trip, suspect, country, day, status, basis, reason in got:
        v = ds.check(suspect, country, day)
        assert isinstance(day, date) and trip
        assert (status, basis, reason) == (v.status.value, v.basis and v.basis.value, v.reason)
