"""`travelrisk check` through click's CliRunner: exit codes, formats, errors."""

from __future__ import annotations

import csv
import io
import json

import pytest
from cli_run import run

from travelrisk.law.model import Receipt
from travelrisk.present.render import CSV_FIELDS


def test_obliged_country_exits_1_and_explains() -> None:
    code, out, _ = run("check", "putin", "FR", "--on", "2025-01-01")
    assert code == 1
    assert out.startswith("France (FR) on 2025-01-01: OBLIGED to arrest")
    assert "State party since 2002-07-01" in out
    assert "holds:" in out and "sources:" in out


def test_not_obliged_country_exits_0() -> None:
    code, out, _ = run("check", "putin", "US", "--on", "2025-01-01")
    assert code == 0
    assert "not obliged" in out


@pytest.mark.parametrize(
    "args",
    [
        ("check", "putin", "UA", "--on", "2025-01-01"),
        ("check", "netanyahu", "HU", "--on", "2025-04-03"),
        ("check", "putin", "US", "FR", "--on", "2025-01-01"),  # any obliged place -> 1
    ],
)
def test_exit_1_cases(args: tuple[str, ...]) -> None:
    assert run(*args)[0] == 1


@pytest.mark.parametrize(
    "args, fragment",
    [
        (("check", "nobody-at-all", "FR"), "no public ICC arrest warrant matches"),
        (("check", "putin", "Atlantis"), "unknown country or territory"),
        (("check", "putin", "FR", "--on", "yesterday"), "expected YYYY-MM-DD"),
        (("check", "putin", "FR", "--on", "2025-02-30"), "expected YYYY-MM-DD"),
    ],
)
def test_bad_input_exits_2_with_one_line(args: tuple[str, ...], fragment: str) -> None:
    code, out, err = run(*args)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and fragment in err
    assert "Traceback" not in err


def test_json_output_has_stable_fields() -> None:
    code, out, _ = run("check", "putin", "FR", "US", "--on", "2025-01-01", "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert [d["country"] for d in data] == ["FR", "US"]
    first = data[0]
    assert first["obliged"] is True and first["status"] == "obliged" and first["basis"] == "party"
    assert first["suspect"] == {"id": "putin", "name": first["suspect"]["name"]}
    assert first["on"] == "2025-01-01" and first["valid_from"] == "2023-03-17"
    assert first["sources"] and first["data"]["as_of"]
    assert data[1]["obliged"] is False


def test_csv_output_one_row_per_verdict() -> None:
    code, out, _ = run("check", "putin", "FR", "DE", "US", "--format", "csv", "--on", "2025-01-01")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["country"] for r in rows] == ["FR", "DE", "US"]
    assert list(rows[0]) == list(CSV_FIELDS) + [f for f in Receipt.FIELDS if f not in CSV_FIELDS]
    assert [r["obliged"] for r in rows] == ["true", "true", "false"]


def test_country_by_alpha3_and_name() -> None:
    for place in ("FRA", "France", "france", "250"):
        assert run("check", "putin", place, "--on", "2025-01-01")[0] == 1


def test_version_and_help() -> None:
    code, out, _ = run("--version")
    assert code == 0 and out.startswith("travelrisk ")
    code, out, _ = run("check", "--help")
    assert code == 0 and "Exit codes" in out and "travelrisk check putin FR" in out


@pytest.mark.parametrize(
    "args, wanted",
    [
        (("putin", "US"), "The United States is not a party"),
        (("putin", "FO"), "extended the Statute to the Faroe Islands"),
        (("al-bashir", "BI"), "arresting a suspect on its territory"),
        (("dela-rosa", "PH"), "arresting one of its own nationals in his or her own country"),
        (("putin", "NR", "--on", "2027-10-01"), "Nauru's withdrawal (reported as notified"),
    ],
)
def test_place_names_read_as_english_writes_them(args: tuple[str, ...], wanted: str) -> None:
    _, out, _ = run("check", *args)
    assert wanted in out


def test_text_shows_three_sources_strongest_first_and_all_on_request() -> None:
    _, out, _ = run("check", "al-bashir", "SD", "--on", "2015-06-14")
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("  sources:"))
    shown = lines[start : start + 3]
    assert "icc-cpi.int" in shown[0] or "un.org" in shown[0]  # a primary source leads
    assert "more: --sources all" in lines[start + 3]
    _, everything, _ = run("check", "al-bashir", "SD", "--on", "2015-06-14", "--sources", "all")
    assert "more: --sources all" not in everything
    assert len(everything.splitlines()) > len(lines)
    _, js, _ = run("check", "al-bashir", "SD", "--format", "json")
    kinds = {s["kind"] for s in json.loads(js)[0]["sources"]}
    assert "court" in kinds or "un" in kinds
