"""`where`: one suspect across every place, grouped by verdict."""

from __future__ import annotations

import json
from datetime import date

import pytest

from travelrisk.data.dataset import Dataset
from travelrisk.law.model import VERDICT_STATUSES, Basis, Status
from travelrisk.present.where import (
    overview_text,
    render_overview,
    summarise,
    wrap_items,
)

DAY = date(2026, 11, 26)


@pytest.fixture(scope="module")
def putin(ds: Dataset):  # type: ignore[no-untyped-def]
    return summarise(ds.where("putin", DAY))


# -- where ----------------------------------------------------------------------------------------
def test_every_place_is_counted_once(ds: Dataset, putin) -> None:  # type: ignore[no-untyped-def]
    counts = putin.counts
    assert counts["total"] == len(ds.places()) == 251
    assert sum(counts[s.value] for s in VERDICT_STATUSES) == counts["total"]
    assert sum(counts["obliged_by_basis"].values()) == counts["obliged"]
    grouped = [v.place.code for g in putin.groups for v in g.verdicts]
    assert sorted(grouped) == sorted(p.code for p in ds.places())


def test_groups_share_one_verdict_and_come_in_reading_order(putin) -> None:  # type: ignore[no-untyped-def]
    for g in putin.groups:
        assert g.verdicts
        assert {v.status for v in g.verdicts} == {g.status}
        if g.status is Status.OBLIGED:
            assert {v.basis for v in g.verdicts} == {g.basis}
    keys = [g.key for g in putin.groups]
    assert keys[:2] == ["obliged:party", "obliged:territory"]
    assert keys.index("uncertain") < keys.index("not_obliged")


def test_places_sort_by_name_ignoring_accents(putin) -> None:  # type: ignore[no-untyped-def]
    territory = next(g for g in putin.groups if g.key == "obliged:territory")
    names = [v.place.name for v in territory.verdicts]
    assert names[:2] == ["Akrotiri and Dhekelia", "Åland Islands"]  # with the A's, not after Z


def test_known_places_land_in_the_right_group(putin) -> None:  # type: ignore[no-untyped-def]
    assert putin.status_of("FR") is Status.OBLIGED
    assert putin.status_of("US") is Status.NOT_OBLIGED
    assert putin.status_of("JE") is Status.UNCERTAIN
    greenland = next(v for v in putin.verdicts if v.place.code == "GL")
    assert greenland.basis is Basis.TERRITORY
    with pytest.raises(KeyError):
        putin.status_of("ZZ")


def test_referral_is_its_own_group(ds: Dataset) -> None:
    ov = summarise(ds.where("al-bashir", DAY))
    referral = next(g for g in ov.groups if g.key == "obliged:referral")
    assert [v.place.code for v in referral.verdicts] == ["SD"]
    assert ov.counts["obliged_by_basis"]["referral"] == 1


def test_summarise_refuses_empty_or_mixed_input(ds: Dataset) -> None:
    with pytest.raises(ValueError):
        summarise([])
    mixed = [ds.check("putin", "FR", DAY), ds.check("deif", "FR", DAY)]
    with pytest.raises(ValueError):
        summarise(mixed)
    days = [ds.check("putin", "FR", DAY), ds.check("putin", "FR", date(2025, 1, 1))]
    with pytest.raises(ValueError):
        summarise(days)


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_text_fits_the_width_and_never_splits_a_name(putin, width: int) -> None:  # type: ignore[no-untyped-def]
    lines = list(overview_text(putin, width))
    places = {f"{v.place.name} ({v.place.code})" for v in putin.verdicts}
    for line in lines:
        if len(line) > width:
            # only an item too long for any line may overflow, and then it stands alone
            assert line.strip().rstrip(",") in places or "travelrisk check" in line, line
    listed = "\n".join(lines)
    assert "Jersey (JE)" in listed and "France (FR)" in listed
    heading = " ".join(line.strip() for line in lines[: lines.index("")])
    assert heading == (
        f"Vladimir Vladimirovich Putin on 2026-11-26: where an arrest is owed "
        f"(data as of {putin.as_of})"
    )


def test_text_counts_and_hint(putin) -> None:  # type: ignore[no-untyped-def]
    text = "\n".join(overview_text(putin))
    counts = putin.counts
    assert f"obliged to arrest  {counts['obliged']:>3}" in text
    assert "travelrisk check putin" in text


def test_no_live_warrant_gives_the_reason_not_250_names(ds: Dataset) -> None:
    ov = summarise(ds.where("deif", DAY))
    assert ov.counts["no_live_warrant"] == ov.counts["total"]
    text = "\n".join(overview_text(ov))
    assert "every place" in text and "2025-02-26" in text
    assert "France (FR)" not in text


def test_uncertain_places_name_an_art_127_2_basis(ds: Dataset) -> None:
    ov = summarise(ds.where("al-bashir", DAY))
    text = "\n".join(overview_text(ov, 200))
    assert "Burundi (BI, art. 127(2))" in text


def test_json_has_one_row_per_place_with_check_field_names(ds: Dataset, putin) -> None:  # type: ignore[no-untyped-def]
    data = json.loads("".join(render_overview(putin, "json")))
    assert [r["country"] for r in data["places"]] == [v.place.code for v in putin.verdicts]
    # Each row says what `check` says for that place on the day, and the counts add up.
    rows = {r["country"]: r for r in data["places"]}
    for code in ("FR", "US", "MN", "UA", "GL"):
        v = ds.check("putin", code, DAY)
        row = rows[code]
        assert (row["status"], row["obliged"], row["reason"]) == (
            v.status.value,
            v.obliged,
            v.reason,
        )
        assert row["basis"] == (v.basis.value if v.basis else None)
        assert row["valid_from"] == (v.valid_from.isoformat() if v.valid_from else None)
    for status in ("obliged", "uncertain", "not_obliged", "no_live_warrant"):
        assert data["counts"][status] == sum(r["status"] == status for r in data["places"])
    assert data["counts"]["total"] == len(data["places"])
    assert set(data["places"][0]) == {
        "country",
        "iso3",
        "place_name",
        "status",
        "obliged",
        "basis",
        "valid_from",
        "valid_until",
        "reason",
    }
    assert data["data"]["as_of"] and data["suspect"]["id"] == "putin"


def test_wrap_items_packs_without_breaking() -> None:
    items = ["alpha", "beta", "a very long item that is longer than the line", "g"]
    lines = wrap_items(items, 20)
    assert lines == ["  alpha, beta,", "  a very long item that is longer than the line,", "  g"]
    assert wrap_items([], 20) == []
