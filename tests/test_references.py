"""The data checked against independent references compiled from other sources.

tests/fixtures/party_counts.yaml and warrant_status.yaml were compiled from press releases and news,
not from data/: a disagreement means one of the two is wrong and must be looked at.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from travelrisk.data.dataset import Dataset
from travelrisk.law.engine import warrant_state

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str) -> dict[str, Any]:
    result: dict[str, Any] = yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))
    return result


COUNTS = [c for c in load("party_counts.yaml")["counts"] if not c.get("uncertain")]
REFERENCE = load("warrant_status.yaml")
STATUS = [s for s in REFERENCE["status"] if not s.get("uncertain")]
TRIPS = REFERENCE["trips"]


@pytest.mark.parametrize("entry", COUNTS, ids=lambda c: str(c["date"]))
def test_states_parties_count_matches_reference(ds: Dataset, entry: dict[str, Any]) -> None:
    assert len(ds.states_parties(entry["date"])) == entry["count"], entry.get("note")


def test_every_membership_change_and_the_day_before_is_referenced(ds: Dataset) -> None:
    # Each day the data says membership changed must agree with a referenced count on that day,
    # and the day before with the previous count, wherever the reference has that day.
    referenced = {c["date"]: c["count"] for c in COUNTS}
    checked = 0
    for state in ds.states.values():
        for day in (state.entry_into_force, state.withdrawal_effective):
            if day is None or day not in referenced:
                continue
            assert len(ds.states_parties(day)) == referenced[day], (state.code, day)
            before = day - timedelta(days=1)
            if before in referenced:
                assert len(ds.states_parties(before)) == referenced[before], (state.code, before)
            checked += 1
    assert checked >= 15


@pytest.mark.parametrize("entry", STATUS, ids=lambda s: f"{s['suspect']}-{s['date']}")
def test_warrant_liveness_matches_reference(ds: Dataset, entry: dict[str, Any]) -> None:
    suspect = ds.suspects[entry["suspect"]]
    assert warrant_state(suspect, entry["date"]).live is entry["live"], entry.get("note")


@pytest.mark.parametrize("trip", TRIPS, ids=lambda t: f"{t['suspect']}-{t['country']}-{t['date']}")
def test_reported_trips_get_the_expected_verdict(ds: Dataset, trip: dict[str, Any]) -> None:
    verdict = ds.check(trip["suspect"], trip["country"], trip["date"])
    assert verdict.status.value == trip["expected_status"], verdict.reason
