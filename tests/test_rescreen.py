"""`batch --against OLD`: re-screening writes only the legs whose answer differs."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from cli_run import run
from what_if import suspect_yaml

import travelrisk
from travelrisk.batch.rescreen import OLD_COLUMNS, differences

TRIPS = """trip,suspect,country,date
A,putin,FR,2026-02-01
A,putin,FR,2025-06-01
B,netanyahu,DE,2026-02-01
C,nobody-at-all,FR,2026-02-01
"""


@pytest.fixture
def older(tmp_path: Path) -> Path:
    """Data in which Putin's warrant was withdrawn on 2026-01-10."""
    folder = tmp_path / "older"
    folder.mkdir()
    (folder / "warrants.yaml").write_text(
        suspect_yaml("putin", "Vladimir Putin", "2023-03-17", ("2026-01-10", "warrant_withdrawn"))
    )
    return folder


def test_only_the_legs_whose_answer_differs(older: Path) -> None:
    legs = list(csv.DictReader(io.StringIO(TRIPS)))
    pairs = list(differences(legs, travelrisk.default_dataset(), travelrisk.load(older)))
    assert [(new.row, new.status, old.status) for new, old in pairs] == [
        (1, "obliged", "no_live_warrant")
    ]


def test_cli_csv_has_both_answers(tmp_path: Path, older: Path) -> None:
    trips = tmp_path / "trips.csv"
    trips.write_text(TRIPS)
    code, out, err = run("batch", str(trips), "--against", str(older), "--format", "csv")
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert row["trip"] == "A" and row["date"] == "2026-02-01"
    assert row["row"] == "2"  # its line in the file
    assert row["status"] == "obliged" and row["old_status"] == "no_live_warrant"
    assert set(OLD_COLUMNS) <= set(row)
    assert "1 of 4" in err
    assert code == 1  # the changed leg written is an obligation


def test_cli_jsonl_and_nothing_changed(tmp_path: Path, older: Path) -> None:
    trips = tmp_path / "trips.jsonl"
    trips.write_text(json.dumps({"suspect": "gallant", "country": "FR", "date": "2026-02-01"}))
    code, out, err = run("batch", str(trips), "--against", str(older), "--format", "jsonl")
    assert code == 0 and out == ""
    assert "0 of 1" in err


def test_cli_against_a_missing_folder(tmp_path: Path) -> None:
    trips = tmp_path / "trips.csv"
    trips.write_text(TRIPS)
    code, out, err = run("batch", str(trips), "--against", str(tmp_path / "nowhere"))
    assert code == 2 and out == "" and "nowhere" in err
