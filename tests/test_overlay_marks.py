"""A what-if answer is marked in every output format: with an overlay (--data-dir), every
command and format says what the overlay changed; without one, nothing is said."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from cli_run import run
from what_if import suspect_yaml

from travelrisk.batch import parallel

CHANGE = "warrants.yaml: what-if-suspect (added)"
ITINERARY = "suspect,country,date\nputin,FR,2024-09-04\nnetanyahu,HU,2025-04-03\n"


@pytest.fixture
def overlay(tmp_path: Path) -> Path:
    folder = tmp_path / "what-if"
    folder.mkdir()
    (folder / "warrants.yaml").write_text(
        suspect_yaml("what-if-suspect", "What If", "2024-01-01"), encoding="utf-8"
    )
    return folder


@pytest.fixture
def itinerary(tmp_path: Path) -> Path:
    path = tmp_path / "trips.csv"
    path.write_text(ITINERARY, encoding="utf-8")
    return path


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


COMMANDS = [
    ("check", "putin", "FR", "HU"),
    ("where", "putin"),
    ("countries",),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_csv_rows_say_what_the_overlay_changed(overlay: Path, command: tuple[str, ...]) -> None:
    _, out, _ = run("--data-dir", str(overlay), *command, "--format", "csv")
    rows = _csv(out)
    assert rows and all(r["overlay"] == CHANGE for r in rows)
    _, out, _ = run(*command, "--format", "csv")
    assert all(r["overlay"] == "" for r in _csv(out))


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_text_says_what_the_overlay_changed(overlay: Path, command: tuple[str, ...]) -> None:
    _, out, _ = run("--data-dir", str(overlay), *command)
    assert f"overlay:  {CHANGE}" in out
    _, out, _ = run(*command)
    assert "overlay:" not in out


def test_countries_json_and_markdown_say_it(overlay: Path) -> None:
    _, out, _ = run("--data-dir", str(overlay), "countries", "--format", "json")
    assert json.loads(out)["data"]["overlay"] == [CHANGE]
    for command in (("check", "putin", "FR"), ("where", "putin")):
        _, out, _ = run("--data-dir", str(overlay), *command, "--format", "markdown")
        assert CHANGE in out


def test_where_geojson_features_say_it(overlay: Path) -> None:
    _, out, _ = run("--data-dir", str(overlay), "where", "putin", "--format", "geojson")
    features = json.loads(out)["features"]
    assert all(f["properties"]["overlay"] == CHANGE for f in features)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_batch_csv_rows_say_it_on_any_number_of_cores(
    overlay: Path, itinerary: Path, jobs: str
) -> None:
    if jobs == "2" and not parallel.available():
        pytest.skip("needs the fork start method")
    code, out, _ = run(
        "--data-dir", str(overlay), "batch", str(itinerary), "--format", "csv", "--jobs", jobs
    )
    rows = _csv(out)
    assert code == 1 and len(rows) == 2
    assert all(r["overlay"] == CHANGE for r in rows)
    _, out, _ = run("batch", str(itinerary), "--format", "csv", "--jobs", jobs)
    assert {r["overlay"] for r in _csv(out)} == {""}


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_batch_json_rows_say_it(overlay: Path, itinerary: Path, fmt: str) -> None:
    _, out, _ = run("--data-dir", str(overlay), "batch", str(itinerary), "--format", fmt)
    rows = json.loads(out) if fmt == "json" else [json.loads(x) for x in out.splitlines()]
    assert len(rows) == 2 and all(r["overlay"] == CHANGE for r in rows)


def test_batch_text_says_it_first(overlay: Path, itinerary: Path) -> None:
    _, out, _ = run("--data-dir", str(overlay), "batch", str(itinerary), "--format", "text")
    assert out.splitlines()[0] == f"overlay:  {CHANGE}"
    _, out, _ = run("batch", str(itinerary), "--format", "text")
    assert "overlay" not in out


def test_batch_against_older_data_says_it(overlay: Path, tmp_path: Path) -> None:
    trips = tmp_path / "what-if.csv"
    trips.write_text("suspect,country,date\nwhat-if-suspect,FR,2024-09-04\n", encoding="utf-8")
    bundled = tmp_path / "nothing"  # an overlay that adds nothing: the bundled data
    bundled.mkdir()
    (bundled / "compliance.yaml").write_text("", encoding="utf-8")
    _, out, _ = run(
        "--data-dir",
        str(overlay),
        "batch",
        str(trips),
        "--against",
        str(bundled),
        "--format",
        "jsonl",
    )
    [row] = [json.loads(x) for x in out.splitlines()]
    assert row["overlay"] == CHANGE and row["status"] == "obliged"
