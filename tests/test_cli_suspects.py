"""`travelrisk suspects` and `travelrisk show` in every format."""

from __future__ import annotations

import csv
import io
import json

from cli_run import run


def test_suspects_text_lists_everyone_with_their_state() -> None:
    code, out, _ = run("suspects", "--on", "2025-06-01")
    assert code == 0
    assert out.startswith("66 suspects on 2025-06-01") or "suspects on 2025-06-01" in out
    assert "putin" in out and "live" in out
    assert "duterte" in out and "surrendered" in out


def test_suspects_filters_by_state_and_situation() -> None:
    code, out, _ = run("suspects", "--status", "live", "--situation", "ukraine", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and rows
    assert {r["situation"] for r in rows} == {"ukraine"} and all(r["live"] for r in rows)
    assert "putin" in {r["id"] for r in rows}
    _, out, _ = run(
        "suspects", "--status", "warrant_withdrawn", "--on", "2025-03-01", "--format", "json"
    )
    assert "deif" in {r["id"] for r in json.loads(out)}
    _, out, _ = run("suspects", "--status", "not_live", "--on", "2025-04-01", "--format", "json")
    ids = {r["id"] for r in json.loads(out)}
    assert {"deif", "duterte"} <= ids and "putin" not in ids


def test_suspects_csv_and_the_past() -> None:
    code, out, _ = run("suspects", "--on", "2010-01-01", "--format", "csv")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert code == 0
    assert rows["putin"]["state"] == "not_issued" and rows["putin"]["live"] == "false"
    assert rows["al-bashir"]["live"] == "true"


def test_unknown_situation_is_a_clean_error() -> None:
    code, out, err = run("suspects", "--situation", "atlantis")
    assert code == 2 and out == "" and "unknown situation 'atlantis'" in err


def test_show_text_and_json() -> None:
    code, out, _ = run("show", "Omar al-Bashir")
    assert code == 0
    assert out.startswith("Omar Hassan Ahmad Al Bashir (al-bashir)")
    assert "warrant:" in out and "history:" in out and "sources:" in out
    code, out, _ = run("show", "deif", "--format", "json")
    data = json.loads(out)
    assert data["id"] == "deif" and data["sources"]
    assert "warrant_withdrawn" in [e["type"] for e in data["events"]]


def test_show_ambiguous_name_lists_ids() -> None:
    code, out, err = run("show", "Gaddafi")
    assert code == 2 and "muammar-gaddafi" in err and "saif-al-islam-gaddafi" in err
