"""Parquet in and out of `travelrisk batch`: the same rows and answers as the other formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import run
from test_cli_batch import ITINERARIES, fixture

from travelrisk.batch.columns import VERDICT_COLUMNS

pl = pytest.importorskip("polars")


@pytest.mark.parametrize("name", sorted(ITINERARIES))
def test_every_input_format_to_parquet_gives_the_json_lines_rows(name: str, tmp_path: Path) -> None:
    legs, expected = ITINERARIES[name]
    out = tmp_path / "out.parquet"
    code, stdout, _ = run("batch", fixture(name), "-o", str(out))
    assert (code, stdout) == (expected, "")
    frame = pl.read_parquet(out)
    assert frame.height == legs
    code, lines, _ = run("batch", fixture(name), "--format", "jsonl")
    rows = [json.loads(line) for line in lines.splitlines()]
    for column in VERDICT_COLUMNS:
        assert frame[column].to_list() == [r[column] for r in rows], column


def test_parquet_input_is_read_like_a_mapping(tmp_path: Path) -> None:
    from datetime import date

    legs = tmp_path / "legs.parquet"
    pl.DataFrame(
        {
            "trip": ["a", "a", "b", "c"],
            "suspect": ["putin", "netanyahu", "nobody", "putin"],
            "country": ["MN", "HU", "FR", None],
            "date": [date(2024, 9, 3), date(2025, 4, 3), date(2025, 1, 1), date(2025, 1, 1)],
            "seats": [1, 2, 3, 4],
        }
    ).write_parquet(legs)
    code, out, _ = run("batch", str(legs), "--format", "jsonl")
    assert code == 3  # error rows: an unknown suspect, a missing place
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["status"] for r in rows] == ["obliged", "obliged", "error", "error"]
    assert [r["row"] for r in rows] == [1, 2, 3, 4]
    assert [r["seats"] for r in rows] == [1, 2, 3, 4]  # passed through, as numbers
    assert [r["from"] for r in rows[:2]] == ["2024-09-03", "2025-04-03"]
    code, out, _ = run("batch", str(legs), "--format", "csv")
    assert out.splitlines()[1].startswith(
        "a,putin,MN,2024-09-03,1,putin,Vladimir Vladimirovich Putin,MN,Mongolia,obliged,"
    )
    back = tmp_path / "back.parquet"
    assert run("batch", str(legs), "-o", str(back))[0] == 3
    assert pl.read_parquet(back)["seats"].to_list() == [1, 2, 3, 4]


def test_not_parquet_is_one_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "legs.parquet"
    bad.write_text("suspect,country,date\nputin,FR,2025-01-01\n")
    code, out, err = run("batch", str(bad))
    assert code == 2 and out == ""
    assert (
        err.startswith(f"travelrisk: {bad} is not a readable Parquet file") and err.count("\n") == 1
    )
