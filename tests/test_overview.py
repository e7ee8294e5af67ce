"""Summaries of one suspect across places, one place across time, and the dataset itself."""

from __future__ import annotations

import json
from datetime import date

import pytest

from travelrisk.dataset import Dataset
from travelrisk.model import Basis, Source, Status
from travelrisk.overview import (
    build_timeline,
    dataset_info,
    domain,
    file_sources,
    overview_dict,
    overview_text,
    place_context,
    render_info,
    render_overview,
    render_timeline,
    summarise,
    timeline_dict,
    timeline_text,
    wrap_items,
)

DAY = date(2026, 11, 26)


@pytest.fixture(scope="module")
def putin(ds: Dataset):  # type: ignore[no-untyped-def]
    return summarise(ds.where("putin", DAY))


# -- where ----------------------------------------------------------------------------------------
def test_every_place_is_counted_once(ds: Dataset, putin) -> None:  # type: ignore[no-untyped-def]
    counts = putin.counts
    assert counts["total"] == len(ds.places()) == 250
    assert sum(counts[s.value] for s in Status) == counts["total"]
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
    assert names[0] == "Åland Islands"  # with the A's, not after Z


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


def test_json_has_one_row_per_place_with_check_field_names(putin) -> None:  # type: ignore[no-untyped-def]
    data = json.loads("".join(render_overview(putin, "json")))
    assert data == overview_dict(putin)
    assert [r["country"] for r in data["places"]] == [v.place.code for v in putin.verdicts]
    assert set(data["places"][0]) == {
        "country",
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


# -- timeline -------------------------------------------------------------------------------------
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


# -- data info ------------------------------------------------------------------------------------
def test_dataset_info_counts_match_the_dataset(ds: Dataset) -> None:
    info = dataset_info(ds, DAY)
    assert info.version == ds.version and info.as_of == ds.as_of
    assert info.states_parties == len(ds.states_parties(DAY))
    assert info.suspects == len(ds.suspects)
    assert 0 < info.suspects_live <= info.suspects <= info.warrants
    assert sum(info.findings.values()) == len(ds.findings)
    assert sum(info.territories.values()) == len(ds.territories)
    assert sum(info.obligations.values()) == sum(len(o) for o in ds.obligations.values())
    assert {f.file for f in info.files} >= {"states_parties.yaml", "warrants.yaml"}
    warrants = next(f for f in info.files if f.file == "warrants.yaml")
    assert warrants.domains and warrants.domains[0][1] >= warrants.domains[-1][1]


def test_dataset_info_json_and_text(ds: Dataset) -> None:
    info = dataset_info(ds, DAY)
    data = json.loads("".join(render_info(info, "json")))
    assert data["version"] == ds.version and data["counts"]["states_parties"] == info.states_parties
    text = "".join(render_info(info, "text"))
    assert text.startswith(f"travelrisk data {ds.version}, as of {ds.as_of}")
    assert "warrants.yaml" in text


def test_domain_and_file_sources() -> None:
    assert domain("https://www.icc-cpi.int/news/x") == "icc-cpi.int"
    assert domain("http://UN.org") == "un.org"
    assert domain("not a url") == ""

    class Record:
        def __init__(self, *sources: Source) -> None:
            self.sources = sources

    records = [
        Record(Source("a", "https://www.icc-cpi.int/a"), Source("b", "https://icc-cpi.int/b")),
        Record(Source("c", "https://un.org/c"), Source("printed")),
    ]
    found = file_sources("x.yaml", records, top=1)
    assert found.records == 2 and found.sources == 4 and found.without_url == 1
    assert found.domains == (("icc-cpi.int", 2),)
