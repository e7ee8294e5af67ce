"""`travelrisk changes`: the formats, the receipt, and errors."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from cli_run import run

ATOM = "{http://www.w3.org/2005/Atom}"
WINDOW = ("--since", "2025-01-01", "--until", "2025-12-31")


def test_text_says_what_changed_and_marks_reported_facts() -> None:
    code, out, _ = run("changes", *WINDOW)
    assert code == 0
    assert re.fullmatch(r"\d+ events \(data as of \d{4}-\d\d-\d\d\)", out.splitlines()[0])
    assert "2025-01-01  The Statute entered into force for Ukraine" in out
    assert "now obliged to arrest in Ukraine" in out
    assert "[reported, not confirmed]" in out
    assert "source: " in out


def test_json_carries_the_receipt_and_every_effect() -> None:
    code, out, _ = run("changes", *WINDOW, "--format", "json")
    data = json.loads(out)
    assert code == 0
    receipt = data["receipt"]
    assert len(receipt["data_digest"]) == 64 and receipt["tool_version"]
    eif = [c for c in data["changes"] if c["kind"] == "entry_into_force" and c["subject"] == "UA"]
    assert eif and all(e["after"] == "obliged" for e in eif[0]["effects"])
    assert all(c["sources"] for c in data["changes"])


def test_csv_has_one_row_per_event_and_the_receipt() -> None:
    _, out, _ = run("changes", *WINDOW, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    _, js, _ = run("changes", *WINDOW, "--format", "json")
    assert len(rows) == len(json.loads(js)["changes"])
    assert {r["data_digest"] for r in rows} == {json.loads(js)["receipt"]["data_digest"]}
    assert {r["confirmed"] for r in rows} <= {"yes", "no"}


def test_markdown_is_a_table_whose_cells_cannot_break_it() -> None:
    _, out, _ = run("changes", *WINDOW, "--format", "markdown")
    lines = out.splitlines()
    assert lines[0].startswith("| Date | Event |") and lines[1].startswith("|---")
    columns = lines[0].count(" | ")
    for line in lines[2:]:
        assert line.replace("\\|", "").count(" | ") == columns


def test_atom_is_a_feed_with_unique_entry_ids() -> None:
    _, out, _ = run("changes", *WINDOW, "--format", "atom")
    feed = ET.fromstring(out)
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(ids) == len(set(ids))
    for e in entries:
        assert e.findtext(f"{ATOM}updated", "").endswith("T00:00:00Z")
        assert e.findtext(f"{ATOM}title")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--kind", "rumour"), "unknown kind of change 'rumour'"),
        (("--since", "2025-02-30"), "2025-02-30"),
        (("--since", "2026-01-01", "--until", "2025-01-01"), "is after --until"),
        (("--suspect", "nobody-at-all"), "nobody-at-all"),
        (("--place", "Narnia"), "Narnia"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: tuple[str, ...], message: str) -> None:
    code, out, err = run("changes", *args)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err
