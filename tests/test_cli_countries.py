"""`travelrisk countries`: every place's duty on a date, with counts."""

from __future__ import annotations

import csv
import io
import json

from cli_run import run


def test_text_counts_and_groups() -> None:
    code, out, _ = run("countries", "--on", "2025-01-01")
    assert code == 0
    assert out.startswith("251 places on 2025-01-01: 125 party")
    assert "referral (2):" in out and "SD  Sudan" in out


def test_json_counts_match_rows() -> None:
    _, out, _ = run("countries", "--on", "2025-01-01", "--format", "json")
    data = json.loads(out)
    assert data["counts"]["party"] == 125 and len(data["places"]) == 251
    rows = {r["country"]: r for r in data["places"]}
    assert rows["FR"]["basis"] == "party" and rows["FR"]["since"] == "2002-07-01"
    assert rows["GL"]["basis"] == "territory"
    assert rows["SD"]["basis"] == "referral" and rows["SD"]["situations"] == "darfur"
    assert rows["US"]["basis"] == "none"
    assert rows["JE"]["basis"] == "uncertain"


def test_basis_filter_and_csv() -> None:
    _, out, _ = run(
        "countries", "--basis", "continuing_duty", "--on", "2020-01-01", "--format", "csv"
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["country"] for r in rows} == {"BI", "PH"}
    assert all(r["status"] == "uncertain" for r in rows)


def test_declarations_in_the_past() -> None:
    _, out, _ = run("countries", "--basis", "declaration", "--on", "2024-06-01", "--format", "json")
    codes = {r["country"] for r in json.loads(out)["places"]}
    assert "UA" in codes
