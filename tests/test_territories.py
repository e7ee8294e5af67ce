"""Territories: the answer follows the territory's own coverage, not a guess from its sovereign."""

from __future__ import annotations

import pytest

from travelrisk import Basis, Status
from travelrisk.data.dataset import Dataset

OBLIGED_T = (Status.OBLIGED, Basis.TERRITORY)
NOT = (Status.NOT_OBLIGED, None)


@pytest.mark.parametrize(
    "suspect, place, on, expected",
    [
        # Denmark extended the Statute to Greenland and the Faroes after its own ratification.
        ("kony", "FO", "2006-09-30", NOT),
        ("kony", "FO", "2006-10-01", OBLIGED_T),
        ("kony", "DK", "2006-09-30", (Status.OBLIGED, Basis.PARTY)),
        # UK extensions: most overseas territories 2010-03-11, Isle of Man 2013, Gibraltar 2015.
        ("kony", "BM", "2010-03-10", NOT),
        ("kony", "BM", "2010-03-11", OBLIGED_T),
        ("kony", "IM", "2013-01-31", NOT),
        ("kony", "IM", "2013-02-01", OBLIGED_T),
        ("kony", "GI", "2015-04-19", NOT),
        ("kony", "GI", "2015-04-20", OBLIGED_T),
        # No source establishes coverage: uncertain, never a guess.
        ("putin", "JE", "2025-01-01", (Status.UNCERTAIN, None)),
        ("putin", "GG", "2025-01-01", (Status.UNCERTAIN, None)),
        ("putin", "IO", "2025-01-01", (Status.UNCERTAIN, None)),
        # Excluded by New Zealand's ratification.
        ("putin", "TK", "2025-01-01", NOT),
        # Territories of non-parties.
        ("putin", "HK", "2025-01-01", NOT),
        ("putin", "MO", "2025-01-01", NOT),
        ("putin", "PR", "2025-01-01", NOT),
        ("putin", "GU", "2025-01-01", NOT),
        # Parts of a party: the French overseas departments, the Dutch Caribbean.
        ("putin", "RE", "2025-01-01", OBLIGED_T),
        ("putin", "GF", "2025-01-01", OBLIGED_T),
        ("putin", "CW", "2025-01-01", OBLIGED_T),
        ("putin", "AW", "2025-01-01", OBLIGED_T),
        ("putin", "TW", "2025-01-01", NOT),
        ("putin", "EH", "2025-01-01", NOT),
    ],
)
def test_territorial_coverage(
    ds: Dataset, suspect: str, place: str, on: str, expected: tuple
) -> None:
    v = ds.check(suspect, place, on)
    assert (v.status, v.basis) == expected, v.reason


def test_every_place_gives_a_verdict_for_any_suspect_and_date(ds: Dataset) -> None:
    for suspect in ("putin", "al-bashir", "deif"):
        for on in ("2003-01-01", "2016-06-01", "2026-11-26"):
            for place in ds.places():
                v = ds.check(suspect, place.code, on)
                assert v.status in Status and v.reason


@pytest.mark.parametrize("on, obliged", [("2004-09-30", False), ("2004-10-01", True)])
def test_greenland_covered_from_2004_10_01(ds: Dataset, on: str, obliged: bool) -> None:
    # No public warrant existed then, so ask what Greenland owed for any live warrant.
    from travelrisk.data.dataset import parse_date
    from travelrisk.law.engine import place_duty

    answer = place_duty(ds.law, ds.place("GL"), "uganda", parse_date(on))
    assert (answer.status is Status.OBLIGED) is obliged
