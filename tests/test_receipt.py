"""The receipt on every machine-readable answer: which data, which tool, which overlay."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from cli_run import run

import travelrisk
from travelrisk.data.files import bundled_dir
from travelrisk.data.loader import data_digest
from travelrisk.law.model import Receipt

# Every command and format that writes JSON or CSV (batch has its own tests).
JSON_COMMANDS = [
    ("check", "putin", "FR", "US"),
    ("where", "putin"),
    ("timeline", "putin", "UA"),
    ("countries",),
    ("suspects",),
    ("show", "putin"),
    ("data", "info"),
    ("changes", "--since", "2025-01-01"),
]
CSV_COMMANDS = [
    ("check", "putin", "FR", "US"),
    ("where", "putin"),
    ("timeline", "putin", "UA"),
    ("countries",),
    ("suspects",),
    ("changes", "--since", "2025-01-01"),
]


def receipts_in_json(out: str) -> list[dict[str, Any]]:
    data = json.loads(out)
    items = data if isinstance(data, list) else [data]
    return [item["receipt"] for item in items]


def receipts_in_csv(out: str) -> list[dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows
    return [{f: r[f] for f in Receipt.FIELDS} for r in rows]


def bundled() -> Receipt:
    return travelrisk.load().receipt


@pytest.mark.parametrize("args", JSON_COMMANDS, ids=" ".join)
def test_every_json_output_carries_the_receipt(args: tuple[str, ...]) -> None:
    code, out, _ = run(*args, "--format", "json")
    assert code in (0, 1), out
    for receipt in receipts_in_json(out):
        assert receipt == bundled().to_dict()
        assert (
            len(receipt["data_digest"]) == 64 and receipt["tool_version"] == travelrisk.__version__
        )


def test_geojson_carries_the_receipt_as_a_foreign_member() -> None:
    _, out, _ = run("where", "putin", "--format", "geojson")
    data = json.loads(out)
    assert data["type"] == "FeatureCollection" and data["receipt"] == bundled().to_dict()


@pytest.mark.parametrize("args", CSV_COMMANDS, ids=" ".join)
def test_every_csv_output_ends_each_row_with_the_receipt(args: tuple[str, ...]) -> None:
    code, out, _ = run(*args, "--format", "csv")
    assert code in (0, 1), out
    header = out.splitlines()[0].split(",")
    assert set(Receipt.FIELDS) <= set(header) and len(set(header)) == len(header)
    assert receipts_in_csv(out) == [bundled().row()] * len(receipts_in_csv(out))


def test_an_overlay_is_named_in_the_receipt_and_changes_the_digest(tmp_path: Path) -> None:
    (tmp_path / "dataset.yaml").write_text("version: '2099.1.1'\n")
    _, out, _ = run("--data-dir", str(tmp_path), "check", "putin", "FR", "--format", "csv")
    (row,) = receipts_in_csv(out)
    assert row["overlay_dir"] == str(tmp_path) and row["data_digest"] != bundled().data_digest


def test_a_release_folder_with_the_same_files_has_the_same_digest(tmp_path: Path) -> None:
    release = tmp_path / "release"
    shutil.copytree(bundled_dir(), release)
    _, out, _ = run("--release", str(release), "check", "putin", "FR", "--format", "json")
    assert receipts_in_json(out) == [bundled().to_dict()]


def test_an_answer_is_re_run_on_an_older_release(tmp_path: Path) -> None:
    """What the README describes: the same question on another release's data folder."""
    release = tmp_path / "release"
    shutil.copytree(bundled_dir(), release)
    states = release / "states_parties.yaml"
    # A release in which France's ratification had not been deposited.
    text = states.read_text()
    start = text.index('- code: "FR"')
    end = text.index("\n- code:", start + 1)
    states.write_text(text[:start] + text[end + 1 :])
    code, out, _ = run("--release", str(release), "check", "putin", "FR", "--format", "json")
    (verdict,) = json.loads(out)
    assert code == 0 and verdict["status"] == "not_obliged"
    assert verdict["receipt"]["data_digest"] != bundled().data_digest
    assert verdict["receipt"]["overlay"] is None


def test_release_and_data_dir_together_are_refused(tmp_path: Path) -> None:
    code, _, err = run(
        "--release", str(tmp_path), "--data-dir", str(tmp_path), "check", "putin", "FR"
    )
    assert code == 2 and "not both" in err


def test_the_digest_depends_on_the_files_alone() -> None:
    files = {"warrants": b"a", "states_parties": b"b"}
    assert data_digest(files) == data_digest(dict(reversed(files.items())))
    assert data_digest(files) != data_digest({**files, "warrants": b"a "})
    assert data_digest(files) != data_digest(files, {"warrants": b""})
    # A file's bytes cannot run into its neighbour's name.
    assert data_digest({"a": b"bc"}) != data_digest({"ab": b"c"})


LEGS = "suspect,country,date\nputin,FR,2025-01-01\nputin,Narnia,2025-01-01\n"


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json"])
def test_every_batch_row_carries_the_receipt_error_rows_too(fmt: str) -> None:
    code, out, _ = run("batch", "-", "--format", fmt, input=LEGS)
    assert code == 3, out
    if fmt == "csv":
        rows: list[dict[str, Any]] = list(csv.DictReader(io.StringIO(out)))
    elif fmt == "jsonl":
        rows = [json.loads(line) for line in out.splitlines()]
    else:
        rows = json.loads(out)
    want = bundled().row()
    assert len(rows) == 2
    for row in rows:
        got = {f: row[f] or "" for f in Receipt.FIELDS}
        assert got == want


def test_a_batch_on_an_overlay_names_it_on_every_row(tmp_path: Path) -> None:
    (tmp_path / "dataset.yaml").write_text("version: '2099.1.1'\n")
    _, out, _ = run("--data-dir", str(tmp_path), "batch", "-", "--format", "csv", input=LEGS)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["overlay_dir"] for r in rows} == {str(tmp_path)}
    assert {r["data_digest"] for r in rows} != {bundled().data_digest}


def test_the_periods_export_carries_the_receipt_on_every_row() -> None:
    code, out, _ = run("data", "export", "periods", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and all({f: r[f] for f in Receipt.FIELDS} == bundled().row() for r in rows[:500])
