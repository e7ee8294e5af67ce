"""`travelrisk data info` through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

from cli_run import run

from travelrisk.cli.data import data as data_group
from travelrisk.data.dataset import Dataset
from travelrisk.law.clock import today


def test_text(ds: Dataset) -> None:
    code, out, err = run("data", "info")
    assert code == 0 and err == ""
    assert out.startswith(f"travelrisk data {ds.version}, as of {ds.as_of}")
    assert f"states parties on {today()}" in out
    for label in ("territories", "suspects", "situations", "other duties", "compliance findings"):
        assert label in out
    assert "Sources (most cited domains):" in out and "icc-cpi.int" in out


def test_json(ds: Dataset) -> None:
    code, out, _ = run("data", "info", "--format", "json")
    assert code == 0
    info = json.loads(out)
    assert info["version"] == ds.version and info["as_of"] == str(ds.as_of)
    counts = info["counts"]
    assert counts["states_parties"] == len(ds.states_parties(today()))
    assert counts["suspects"] == len(ds.suspects)
    assert counts["compliance_findings"] == len(ds.findings)
    assert counts["situations"] == len(ds.situations)
    assert set(counts["obligations_by_basis"]) <= {"referral", "declaration", "continuing_duty"}
    files = {f["file"]: f for f in info["sources"]}
    assert set(files) == {
        "states_parties.yaml",
        "situations.yaml",
        "warrants.yaml",
        "territories.yaml",
        "obligations.yaml",
        "compliance.yaml",
    }
    top = files["warrants.yaml"]["top_domains"]
    assert top and {"domain", "count"} == set(top[0])


def test_csv_is_refused() -> None:
    code, _, err = run("data", "info", "--format", "csv")
    assert code == 2 and "csv" in err


def test_overlay_is_reported(tmp_path: Path) -> None:
    (tmp_path / "dataset.yaml").write_text('version: "test-overlay"\n', encoding="utf-8")
    code, out, _ = run("--data-dir", str(tmp_path), "data", "info", "--format", "json")
    assert code == 0
    info = json.loads(out)
    assert info["version"] == "test-overlay" and info["overlay"] == ["dataset.yaml"]


def test_the_group_lists_its_commands_and_takes_more() -> None:
    code, out, _ = run("data", "--help")
    assert code == 0 and "info" in out
    assert data_group.name == "data" and "info" in data_group.commands
