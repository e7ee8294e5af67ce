"""`travelrisk timeline` through click's CliRunner: examples that must read well, every format."""

from __future__ import annotations

import csv
import io
import json

import pytest
from cli_run import run


def blocks(out: str) -> list[str]:
    """Each period's heading line (dates, then the verdict), past the title."""
    lines = out.splitlines()
    body = lines[lines.index("") :]
    return [line.strip() for line in body if line.startswith("  ") and not line.startswith("   ")]


def test_putin_in_ukraine() -> None:
    code, out, _ = run("timeline", "putin", "UA")
    assert code == 1
    heads = blocks(out)
    assert (
        heads[1].startswith("2023-03-17 to 2024-12-31") and "(art. 12(3) declaration)" in heads[1]
    )
    assert heads[2].startswith("from 2025-01-01") and "(State party)" in heads[2]
    assert "Ukraine is a State party since 2025-01-01" in out


def test_netanyahu_in_hungary() -> None:
    code, out, _ = run("timeline", "netanyahu", "HU")
    assert code == 1
    assert out.startswith("Benjamin Netanyahu in Hungary (HU): the answer over")
    assert "2024-11-21 to 2026-06-01  OBLIGED to arrest (State party)" in out
    assert "from 2026-06-02           uncertain" in out
    assert "revocation of its withdrawal (reported for 2026-05-29)" in out
    assert "Context:" in out
    assert "2025-06-02  Hungary notified its withdrawal" in out
    assert "2026-05-29  Hungary revoked that notification" in out
    assert "(reported; no UN depositary notification confirms it)" in out


def test_putin_in_greenland() -> None:
    _, out, _ = run("timeline", "putin", "Greenland")
    assert "OBLIGED to arrest (territory of a State party)" in out
    assert "Denmark, a State party, extended the Statute to Greenland" in out


def test_deif_in_france() -> None:
    _, out, _ = run("timeline", "deif", "FR")
    heads = blocks(out)
    assert heads[1].startswith("2024-11-21 to 2025-02-25") and "OBLIGED" in heads[1]
    assert heads[2].startswith("from 2025-02-26") and "no live warrant" in heads[2]


def test_al_bashir_in_burundi() -> None:
    _, out, _ = run("timeline", "al-bashir", "BI")
    heads = blocks(out)
    assert heads[1].startswith("2009-03-04 to 2017-10-26") and "(State party)" in heads[1]
    assert heads[2].startswith("from 2017-10-27") and heads[2].endswith(
        "uncertain (art. 127(2) duty after withdrawal)"
    )
    assert "2016-10-27  Burundi notified its withdrawal" in out


@pytest.mark.parametrize("columns", [50, 120])
def test_text_wraps_to_the_terminal(columns: int) -> None:
    _, out, _ = run("timeline", "putin", "UA", columns=columns)
    for line in out.splitlines():
        assert len(line) <= columns, line


def test_json() -> None:
    code, out, _ = run("timeline", "al-bashir", "BI", "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["suspect"]["id"] == "al-bashir" and data["country"] == "BI"
    last = data["periods"][-1]
    assert last == {
        **last,
        "start": "2017-10-27",
        "end": None,
        "status": "uncertain",
        "basis": "continuing_duty",
        "obliged": False,
    }
    assert data["periods"][0]["start"] is None
    assert data["context"][0] == {
        **data["context"][0],
        "date": "2016-10-27",
        "kind": "withdrawal_notified",
    }
    assert data["data"]["as_of"] and data["from"] is None and data["to"] is None


def test_csv() -> None:
    code, out, _ = run("timeline", "putin", "UA", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["basis"] for r in rows] == ["", "declaration", "party"]
    assert rows[1]["start"] == "2023-03-17" and rows[1]["end"] == "2024-12-31"
    assert {r["country"] for r in rows} == {"UA"}


def test_from_and_to_keep_overlapping_periods() -> None:
    _, out, _ = run(
        "timeline", "putin", "UA", "--from", "2024-06-01", "--to", "2024-12-31", "--format", "json"
    )
    data = json.loads(out)
    assert [p["basis"] for p in data["periods"]] == ["declaration"]
    assert data["from"] == "2024-06-01" and data["to"] == "2024-12-31"


def test_never_obliged_exits_0() -> None:
    code, out, _ = run("timeline", "putin", "US")
    assert code == 0 and "not obliged" in out


@pytest.mark.parametrize(
    "args, fragment",
    [
        (("timeline", "putin", "Atlantis"), "unknown country or territory"),
        (("timeline", "nobody-at-all", "FR"), "no public ICC arrest warrant matches"),
        (("timeline", "putin", "FR", "--from", "soon"), "expected YYYY-MM-DD"),
        (("timeline", "putin", "FR", "--from", "2025-01-01", "--to", "2024-01-01"), "--from"),
    ],
)
def test_bad_input_exits_2_with_one_line(args: tuple[str, ...], fragment: str) -> None:
    code, out, err = run(*args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and fragment in err


def test_the_security_council_ground_continues_beside_libyas_declaration() -> None:
    _, out, _ = run("timeline", "saif-al-islam-gaddafi", "LY")
    assert "OBLIGED to arrest (UN Security Council referral; art. 12(3) declaration)" in out
    _, out, _ = run("timeline", "saif-al-islam-gaddafi", "LY", "--format", "json")
    last = json.loads(out)["periods"][-1]
    assert last["start"] == "2025-05-12" and last["bases"] == ["referral", "declaration"]
