"""Timelines: how the answer for one suspect in one place changed, and why."""

from __future__ import annotations

from datetime import date

import pytest

from travelrisk.data.dataset import Dataset
from travelrisk.law.model import Basis
from travelrisk.present.timeline import (
    build_timeline,
    place_context,
    render_timeline,
    timeline_dict,
    timeline_text,
)

DAY = date(2026, 11, 26)


def spans(
    ds: Dataset, suspect: str, country: str
) -> list[tuple[str | None, str | None, str, str | None]]:
    t = build_timeline(ds, suspect, country)
    return [(p["start"], p["end"], p["status"], p["basis"]) for p in timeline_dict(t)["periods"]]


def test_putin_in_ukraine_declaration_then_party(ds: Dataset) -> None:
    assert spans(ds, "putin", "UA")[1:] == [
        ("2023-03-17", "2024-12-31", "obliged", "declaration"),
        ("2025-01-01", None, "obliged", "party"),
    ]


def test_deif_in_france_ends_with_withdrawal(ds: Dataset) -> None:
    assert spans(ds, "deif", "FR")[1:] == [
        ("2024-11-21", "2025-02-25", "obliged", "party"),
        ("2025-02-26", None, "no_live_warrant", None),
    ]


def test_al_bashir_in_burundi_becomes_uncertain(ds: Dataset) -> None:
    assert spans(ds, "al-bashir", "BI")[1:] == [
        ("2009-03-04", "2017-10-26", "obliged", "party"),
        ("2017-10-27", None, "uncertain", "continuing_duty"),
    ]


def test_putin_in_greenland_by_territory(ds: Dataset) -> None:
    assert spans(ds, "putin", "GL")[-1] == ("2023-03-17", None, "obliged", "territory")


def test_netanyahu_in_hungary_shows_the_revoked_withdrawal(ds: Dataset) -> None:
    t = build_timeline(ds, "netanyahu", "HU")
    kinds = [(n.date.isoformat(), n.kind) for n in t.context]
    assert ("2025-06-02", "withdrawal_notified") in kinds
    assert ("2026-05-29", "withdrawal_revoked") in kinds
    assert "withdrawal_effective" not in {k for _, k in kinds}
    text = "\n".join(timeline_text(t))
    assert "OBLIGED to arrest (State party)" in text
    assert "revoked that notification" in text


def test_context_is_limited_to_the_range(ds: Dataset) -> None:
    suspect = ds.suspect("netanyahu")
    place = ds.place("HU")
    later = place_context(ds.law, suspect, place, start=date(2026, 1, 1))
    assert [n.kind for n in later] == ["withdrawal_revoked"]
    assert place_context(ds.law, suspect, place, end=date(2025, 1, 1)) == []


def test_timeline_range_keeps_overlapping_periods(ds: Dataset) -> None:
    t = build_timeline(ds, "putin", "UA", date(2024, 6, 1), date(2024, 7, 1))
    assert [p.basis for p in t.periods] == [Basis.DECLARATION]
    assert "periods overlapping 2024-06-01 to 2024-07-01" in "\n".join(timeline_text(t))


@pytest.mark.parametrize("width", [40, 80])
def test_timeline_text_wraps_reasons(ds: Dataset, width: int) -> None:
    t = build_timeline(ds, "al-bashir", "BI")
    lines = list(timeline_text(t, width))
    assert lines[0].startswith("Omar Hassan Ahmad Al Bashir in Burundi")
    for line in lines:
        if line.startswith("      "):  # wrapped reasons and notes
            longest_word = max(len(w) for w in line.split())
            assert len(line) <= width or longest_word > width - 16
    flat = " ".join(" ".join(lines).split())
    assert "2009-03-04 to 2017-10-26 OBLIGED to arrest (State party)" in flat
    assert "from 2017-10-27 uncertain (art. 127(2) duty after withdrawal)" in flat


def test_timeline_csv_one_row_per_period(ds: Dataset) -> None:
    import csv
    import io

    t = build_timeline(ds, "putin", "UA")
    rows = list(csv.DictReader(io.StringIO("".join(render_timeline(t, "csv")))))
    assert len(rows) == len(t.periods)
    assert rows[-1]["basis"] == "party" and rows[-1]["end"] == "" and rows[-1]["obliged"] == "true"
