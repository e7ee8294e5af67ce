"""The public Python API: module-level functions over the bundled data."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

import travelrisk


def test_check_returns_a_frozen_verdict() -> None:
    v = travelrisk.check("putin", "FR", on=date(2025, 1, 1))
    assert isinstance(v, travelrisk.Verdict)
    assert dataclasses.is_dataclass(v)
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.status = travelrisk.Status.NOT_OBLIGED  # type: ignore[misc]
    assert v.obliged and v.country == "FR"


def test_check_accepts_iso_strings_and_defaults_to_today() -> None:
    assert travelrisk.check("putin", "FR", "2025-01-01").on == date(2025, 1, 1)
    assert travelrisk.check("putin", "FR").on == date.today()


def test_states_parties_returns_codes() -> None:
    parties = travelrisk.states_parties(date(2025, 1, 1))
    assert isinstance(parties, set) and "FR" in parties and "US" not in parties


@pytest.mark.parametrize(
    "call, error",
    [
        (lambda: travelrisk.check("nobody-at-all", "FR"), travelrisk.UnknownSuspect),
        (lambda: travelrisk.check("putin", "Atlantis"), travelrisk.UnknownPlace),
        (lambda: travelrisk.check("putin", "FR", "2025-13-01"), travelrisk.BadDate),
    ],
)
def test_bad_input_raises_input_errors(call, error) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error) as info:
        call()
    assert isinstance(info.value, travelrisk.InputError)
    assert "\n" not in str(info.value)
