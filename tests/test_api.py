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


# Issue 11: hostile input at the API edge raises the library's own InputError, never an
# AttributeError or TypeError from inside.
@pytest.mark.parametrize(
    "args",
    [
        (None, "FR"),
        (123, "FR"),
        (["putin"], "FR"),
        ("putin", b"FR"),
        ("putin", None),
        ("putin", 250),
        ("putin", "FR", 12),
        ("putin", "FR", ["2025-01-01"]),
        ("putin", "FR", b"2025-01-01"),
    ],
)
def test_hostile_arguments_raise_input_error(args: tuple[object, ...]) -> None:
    with pytest.raises(travelrisk.InputError) as caught:
        travelrisk.check(*args)  # type: ignore[arg-type]
    assert isinstance(caught.value, travelrisk.TravelriskError)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "text", ["2025-1-1", "20250101", "2025-W01-1", " 2025-01-01 ", "2025-02-30", "２０２５-01-01"]
)
def test_dates_are_strict_yyyy_mm_dd(text: str) -> None:
    with pytest.raises(travelrisk.BadDate, match="expected YYYY-MM-DD"):
        travelrisk.check("putin", "FR", on=text)


def test_a_date_far_beyond_the_data_gets_a_caveat() -> None:
    as_of = travelrisk.default_dataset().as_of
    assert as_of is not None
    far = travelrisk.check("putin", "FR", on="9999-12-31")
    assert any("years after the data's as-of date" in c for c in far.caveats)
    near = travelrisk.check("putin", "FR", on=as_of.replace(year=as_of.year + 1))
    assert not any("years after the data's as-of date" in c for c in near.caveats)


def test_overlong_names_are_refused_quickly_and_echoed_in_part() -> None:
    import time

    started = time.perf_counter()
    for args in (("x" * 1_000_000, "FR"), ("putin", "y" * 1_000_000)):
        with pytest.raises(travelrisk.InputError, match="at most 200 are accepted") as caught:
            travelrisk.check(*args)
        assert len(str(caught.value)) < 200
    assert time.perf_counter() - started < 1


def test_check_legs_gives_error_rows_for_hostile_legs() -> None:
    legs = [
        {"suspect": "putin", "country": 10**5000, "date": "2025-01-01"},
        5,
        {"suspect": "putin", "country": "FR", "date": "2025-1-1"},
        {"suspect": "p" * 100_000, "country": "FR", "date": "2025-01-01"},
        {"suspect": "putin", "country": "FR", "date": "2025-01-01"},
    ]
    results = list(travelrisk.check_legs(legs))  # type: ignore[list-item]
    assert [r.status for r in results] == ["error", "error", "error", "error", "obliged"]
    assert "too long" in (results[0].error or "")
    assert "mapping" in (results[1].error or "")
    assert "at most 200" in (results[3].error or "")


def test_module_level_where_suspects_and_show_use_the_default_dataset() -> None:
    ds = travelrisk.default_dataset()
    verdicts = travelrisk.where("putin", on="2025-01-01")
    assert [v.place.code for v in verdicts] == [p.code for p in ds.places()]
    assert verdicts == ds.where("putin", on="2025-01-01")
    assert travelrisk.show("Poutine") == ds.suspect("putin")
    entries = travelrisk.suspects(on="2025-01-01", state="live")
    assert entries and all(e.state == "live" for e in entries)
    assert "putin" in {e.suspect.id for e in entries}


def test_validate_is_reachable_as_the_readme_writes_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert travelrisk.validate.check_folder(tmp_path)  # an empty folder holds no data file
    (tmp_path / "warrants.yaml").write_text("suspects: [{id: nobody}]\n", "utf-8")
    assert travelrisk.validate.check_folder(tmp_path)
    with pytest.raises(AttributeError):
        travelrisk.no_such_thing  # noqa: B018


def test_to_dict_is_json_ready() -> None:
    import json

    v = travelrisk.check("putin", "FR", on="2025-01-01")
    data = json.loads(json.dumps(v.to_dict()))
    assert data["on"] == "2025-01-01" and data["status"] == "obliged" and data["obliged"] is True
    assert data["basis"] == "party" and data["valid_from"] == v.valid_from.isoformat()  # type: ignore[union-attr]
    legs = [
        {"suspect": "putin", "country": "FR", "arrive": date(2025, 1, 1), "depart": "2025-01-03"},
        {"suspect": "putin", "country": "Narnia", "date": "2025-01-01", "n": 10**5000},
    ]
    good, bad = (json.loads(json.dumps(r.to_dict())) for r in travelrisk.check_legs(legs))
    assert good["leg"]["arrive"] == "2025-01-01" and good["from"] == "2025-01-01"
    assert good["status"] == "obliged" and good["suspect"]["id"] == "putin"
    assert bad["status"] == "error" and bad["obliged"] is None and bad["error"]


def test_leg_status_is_the_verdict_status_enum_and_errors_are_not_obliged_either_way() -> None:
    legs = [
        {"suspect": "putin", "country": "FR", "date": "2025-01-01"},
        {"suspect": "putin", "country": "FR", "date": "2025-01-01", "kind": "overflight"},
        {"suspect": "putin", "country": "FR", "date": "2025-13-01"},
    ]
    stay, over, bad = travelrisk.check_legs(legs)
    assert stay.status is travelrisk.Status.OBLIGED and stay.obliged is True
    assert over.status is travelrisk.Status.NOT_PRESENT and over.obliged is False
    assert over.place_status is travelrisk.Status.OBLIGED
    assert bad.status is travelrisk.Status.ERROR and bad.obliged is None
    assert stay.status == "obliged" and {"obliged": 1}[stay.status] == 1  # still equal its value
