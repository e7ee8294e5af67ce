"""travelrisk.batch.legs: checking itineraries leg by leg, over whole stays, never raising."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from datetime import date, timedelta

import pytest

import travelrisk
from travelrisk.batch import legs as legs_module
from travelrisk.batch.legs import (
    ERROR,
    NOT_PRESENT,
    Leg,
    LegChecker,
    LegResult,
    check_legs,
    checker_for,
)
from travelrisk.data.dataset import Dataset
from travelrisk.law.model import Basis, Status

RANK = {"no_live_warrant": 0, "not_obliged": 1, "uncertain": 2, "obliged": 3}


def one(ds: Dataset, **fields: object) -> LegResult:
    (result,) = list(check_legs([fields], ds))
    return result


def stay(
    ds: Dataset, suspect: str, country: str, arrive: str, depart: str, kind: str = "stay"
) -> LegResult:
    return one(ds, suspect=suspect, country=country, arrive=arrive, depart=depart, kind=kind)


# -- real trips --------------------------------------------------------------------------------


def test_netanyahu_in_budapest_is_an_obligation_over_the_whole_stay(ds: Dataset) -> None:
    r = stay(ds, "netanyahu", "Hungary", "2025-04-02", "2025-04-06")
    assert (r.status, r.obliged, r.basis) == ("obliged", True, (Basis.PARTY,))
    assert (r.from_, r.until) == (date(2025, 4, 2), date(2025, 4, 6))
    assert r.place is not None and r.place.code == "HU"
    assert r.suspect is not None and r.suspect.id == "netanyahu"
    assert r.error is None and "State party" in r.explanation
    # The Court's finding about that very visit is given as context.
    assert "Context:" in r.explanation


def test_netanyahu_in_washington_is_not_obliged(ds: Dataset) -> None:
    r = stay(ds, "Benjamin Netanyahu", "United States", "2025-04-06", "2025-04-08")
    assert (r.status, r.obliged, r.basis) == ("not_obliged", False, ())
    assert "Context:" not in r.explanation


def test_al_bashir_in_south_africa_2015(ds: Dataset) -> None:
    r = stay(ds, "Omar al-Bashir", "ZA", "2015-06-13", "2015-06-15")
    assert r.status == "obliged" and r.basis == (Basis.PARTY,)
    assert (r.from_, r.until) == (date(2015, 6, 13), date(2015, 6, 15))


def test_a_stay_over_new_year_in_ukraine_is_obliged_by_declaration_then_as_party(
    ds: Dataset,
) -> None:
    r = stay(ds, "putin", "UA", "2024-12-30", "2025-01-02")
    assert r.status == "obliged"
    assert r.basis == (Basis.DECLARATION, Basis.PARTY)
    assert (r.from_, r.until) == (date(2024, 12, 30), date(2025, 1, 2))
    assert "changes during the stay" in r.explanation
    assert "Until 2024-12-31, obliged (declaration)" in r.explanation
    assert "From 2025-01-01, obliged (party)" in r.explanation


def test_only_the_obliged_part_of_a_stay_is_named(ds: Dataset) -> None:
    # Al-Bashir's situation (Darfur) is not covered by Ukraine's declarations.
    r = stay(ds, "al-bashir", "UA", "2024-12-30", "2025-01-02")
    assert (r.status, r.basis) == ("obliged", (Basis.PARTY,))
    assert (r.from_, r.until) == (date(2025, 1, 1), date(2025, 1, 2))
    assert "not yet a party on 2024-12-30" in r.explanation  # the engine's words, for that day


def test_a_warrant_issued_mid_stay(ds: Dataset) -> None:
    r = stay(ds, "putin", "FR", "2023-03-15", "2023-03-20")
    assert (r.status, r.basis) == ("obliged", (Basis.PARTY,))
    assert (r.from_, r.until) == (date(2023, 3, 17), date(2023, 3, 20))
    assert "Until 2023-03-16, no live warrant" in r.explanation
    assert "From 2023-03-17, obliged (party)" in r.explanation


def test_the_worst_status_wins_uncertain_over_no_live_warrant(ds: Dataset) -> None:
    # Duterte in the Philippines: a warrant issued 2025-03-07, surrender 2025-03-12; in
    # between, only the art. 127(2) duty of a state that has withdrawn (uncertain).
    r = stay(ds, "duterte", "PH", "2025-03-05", "2025-03-14")
    assert (r.status, r.obliged, r.basis) == ("uncertain", False, (Basis.CONTINUING_DUTY,))
    assert (r.from_, r.until) == (date(2025, 3, 7), date(2025, 3, 11))
    assert "From 2025-03-07 to 2025-03-11, uncertain" in r.explanation


def test_the_worst_status_wins_obliged_over_uncertain(ds: Dataset) -> None:
    # Burundi's withdrawal took effect on 2017-10-27.
    r = stay(ds, "al-bashir", "BI", "2017-10-25", "2017-10-28")
    assert (r.status, r.basis) == ("obliged", (Basis.PARTY,))
    assert (r.from_, r.until) == (date(2017, 10, 25), date(2017, 10, 26))


def test_a_one_day_leg_by_date(ds: Dataset) -> None:
    r = one(ds, suspect="putin", country="FR", date="2025-01-01")
    assert (r.status, r.from_, r.until) == ("obliged", date(2025, 1, 1), date(2025, 1, 1))


# -- kinds ---------------------------------------------------------------------------------------


def test_overflight_of_an_obliged_place_is_not_presence_but_warns_of_landing(ds: Dataset) -> None:
    r = one(ds, suspect="putin", country="MN", date="2024-09-04", kind="overflight")
    assert (r.status, r.obliged, r.basis) == (NOT_PRESENT, False, ())
    assert r.place_status == "obliged"
    assert "emergency" in r.explanation and "landing" in r.explanation
    assert not r.at_risk


def test_overflight_of_a_place_not_obliged_mentions_no_landing_risk(ds: Dataset) -> None:
    r = one(ds, suspect="putin", country="Kazakhstan", date="2024-09-02", kind="Overflight")
    assert (r.status, r.place_status) == (NOT_PRESENT, "not_obliged")
    assert "emergency" not in r.explanation and "not presence" in r.explanation


def test_transit_counts_as_presence(ds: Dataset) -> None:
    r = one(ds, suspect="putin", country="MN", date="2024-09-04", kind=" TRANSIT ")
    assert (r.status, r.obliged) == ("obliged", True)
    assert r.explanation.startswith("In transit")
    assert r.at_risk


# -- agreement with `check`, day by day -----------------------------------------------------------


def sample_legs(ds: Dataset, n: int, seed: int) -> Iterator[tuple[str, str, date, date]]:
    rng = random.Random(seed)
    suspects = [
        "putin",
        "netanyahu",
        "al-bashir",
        "duterte",
        "deif",
        "lvova-belova",
        *rng.sample(sorted(ds.suspects), 8),
    ]
    places = [
        "FR",
        "UA",
        "HU",
        "MN",
        "ZA",
        "PH",
        "BI",
        "US",
        "SD",
        "GL",
        "TW",
        "VE",
        "XK",
        *rng.sample([p.code for p in ds.places()], 10),
    ]
    for _ in range(n):
        first = date(2008, 1, 1) + timedelta(days=rng.randrange(18 * 365))
        last = first + timedelta(days=rng.choice((0, 0, 1, 3, 9, 40, 400)))
        yield rng.choice(suspects), rng.choice(places), first, last


def test_each_leg_agrees_with_check_on_every_day_of_its_stay(ds: Dataset) -> None:
    sample = list(sample_legs(ds, 150, seed=7))
    rows = [
        {"suspect": s, "country": c, "arrive": a.isoformat(), "depart": d.isoformat()}
        for s, c, a, d in sample
    ]
    for (s, c, first, last), r in zip(sample, check_legs(rows, ds), strict=True):
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        if len(days) > 60:
            days = days[:30] + days[-30:]  # ends are where the dates are decided
        verdicts = [ds.check(s, c, day) for day in days]
        worst = max(RANK[v.status.value] for v in verdicts)
        assert RANK[r.status] == worst, (s, c, first, last)
        worst_days = [v.on for v in verdicts if RANK[v.status.value] == worst]
        if len(days) == (last - first).days + 1:
            assert (r.from_, r.until) == (worst_days[0], worst_days[-1]), (s, c, first, last)
        assert set(r.basis) == {
            v.basis for v in verdicts if RANK[v.status.value] == worst and v.basis
        }


def test_one_day_explanations_are_the_engine_reasons_for_that_day(ds: Dataset) -> None:
    sample = [x for x in sample_legs(ds, 300, seed=11)][:300]
    rows = [{"suspect": s, "country": c, "date": a.isoformat()} for s, c, a, _ in sample]
    checked = 0
    for (s, c, day, _), r in zip(sample, check_legs(rows, ds), strict=True):
        v = ds.check(s, c, day)
        assert r.status == v.status.value
        if v.status is not Status.NO_LIVE_WARRANT:  # those are worded for a whole segment
            assert r.explanation.startswith(v.reason + "."), (s, c, day)
            checked += 1
    assert checked > 50


# -- errors as results --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, fragment",
    [
        (
            {"suspect": "Nobody Atall", "country": "FR", "date": "2025-01-01"},
            "no public ICC arrest warrant matches 'Nobody Atall'",
        ),
        (
            {"suspect": "Gbagbo", "country": "CI", "date": "2012-01-01"},
            "matches more than one person",
        ),
        (
            {"suspect": "putin", "country": "Atlantis", "date": "2025-01-01"},
            "unknown country or territory 'Atlantis'",
        ),
        (
            {"suspect": "putin", "country": "Congo", "date": "2025-01-01"},
            "could mean more than one place",
        ),
        (
            {"suspect": "putin", "country": "FR", "date": "2025-02-30"},
            "date: not a date: '2025-02-30'",
        ),
        (
            {"suspect": "putin", "country": "FR", "arrive": "yesterday", "depart": "2025-01-01"},
            "arrive: not a date",
        ),
        (
            {"suspect": "putin", "country": "FR", "arrive": "2025-01-05", "depart": "2025-01-01"},
            "depart 2025-01-01 is before arrive 2025-01-05",
        ),
        ({"country": "FR", "date": "2025-01-01"}, "missing column 'suspect'"),
        ({"suspect": "putin", "date": "2025-01-01"}, "missing column 'country'"),
        ({"suspect": "putin", "country": "FR"}, "missing column: give date, or arrive and depart"),
        ({"suspect": "", "country": "FR", "date": "2025-01-01"}, "empty value in column 'suspect'"),
        (
            {"suspect": "putin", "country": "  ", "date": "2025-01-01"},
            "empty value in column 'country'",
        ),
        ({"suspect": "putin", "country": "FR", "date": ""}, "empty value"),
        ({"suspect": "putin", "country": "FR", "arrive": "2025-01-01"}, "missing column 'depart'"),
        (
            {"suspect": "putin", "country": "FR", "arrive": "2025-01-01", "depart": ""},
            "empty value in column 'depart'",
        ),
        (
            {
                "suspect": "putin",
                "country": "FR",
                "date": "2025-01-01",
                "arrive": "2025-01-01",
                "depart": "2025-01-02",
            },
            "either date or arrive and depart",
        ),
        (
            {"suspect": "putin", "country": "FR", "date": "2025-01-01", "kind": "walk"},
            "unknown kind 'walk'",
        ),
        ({"suspect": "putin", "country": False, "date": "2025-01-01"}, "quote Norway's code"),
        ({"suspect": ["putin"], "country": "FR", "date": "2025-01-01"}, "expected text"),
        ({"suspect": "putin", "country": "FR", "date": 20250101}, "expected a date"),
    ],
)
def test_bad_legs_become_error_results(
    ds: Dataset, fields: dict[str, object], fragment: str
) -> None:
    r = one(ds, **fields)
    assert r.status == ERROR and not r.obliged and r.error is not None
    assert fragment in r.error
    assert r.row == 1 and r.explanation == "" and r.from_ is None


def test_every_problem_of_a_leg_is_reported(ds: Dataset) -> None:
    r = one(ds, suspect="Nobody Atall", country="Atlantis", date="2025-13-01")
    assert r.error is not None
    parts = r.error.split(legs_module.PROBLEM_SEPARATOR)
    assert len(parts) == 3


def test_a_bad_leg_never_stops_the_rest_and_rows_are_positions(ds: Dataset) -> None:
    items: list[object] = [
        {"suspect": "putin", "country": "FR", "date": "2025-01-01"},
        "not a leg at all",
        {"suspect": "nobody-at-all", "country": "FR", "date": "2025-01-01"},
        None,
        {"suspect": "netanyahu", "country": "US", "date": "2025-04-07"},
    ]
    results = list(check_legs(items, ds))  # type: ignore[arg-type]
    assert [r.row for r in results] == [1, 2, 3, 4, 5]
    assert [r.status for r in results] == ["obliged", ERROR, ERROR, ERROR, "not_obliged"]
    assert results[1].error is not None and "must be a mapping" in results[1].error


# -- input forms -----------------------------------------------------------------------------------


def test_column_names_are_case_insensitive_and_extra_columns_kept(ds: Dataset) -> None:
    r = one(
        ds,
        **{
            " Suspect ": "putin",
            "COUNTRY": "FR",
            "Arrive": "2025-01-01",
            "DEPART ": "2025-01-02",
            "Kind": "Stay",
            "Trip": "paris",
            "notes": "x",
        },
    )
    assert r.status == "obliged"
    assert r.leg.trip == "paris"
    assert r.leg.fields["notes"] == "x" and r.leg.fields[" Suspect "] == "putin"
    assert list(r.leg.fields) == [
        " Suspect ",
        "COUNTRY",
        "Arrive",
        "DEPART ",
        "Kind",
        "Trip",
        "notes",
    ]


def test_traveller_is_read_as_the_suspect_but_suspect_wins(ds: Dataset) -> None:
    assert one(ds, traveller="putin", country="FR", date="2025-01-01").status == "obliged"
    r = one(ds, traveller="putin", suspect="netanyahu", country="FR", date="2025-01-01")
    assert r.suspect is not None and r.suspect.id == "netanyahu"


def test_dates_may_be_date_objects_as_yaml_gives_them(ds: Dataset) -> None:
    r = one(ds, suspect="putin", country="UA", arrive=date(2024, 12, 30), depart=date(2025, 1, 2))
    assert r.basis == (Basis.DECLARATION, Basis.PARTY)


def test_legs_are_accepted_and_keep_their_rows(ds: Dataset) -> None:
    legs = [
        Leg(suspect="putin", country="FR", on="2025-01-01", row=42),
        Leg(suspect="putin", country="US", on="2025-01-01"),
    ]
    results = list(check_legs(legs, ds))
    assert [r.row for r in results] == [42, 2]
    assert [r.status for r in results] == ["obliged", "not_obliged"]


def test_a_leg_with_a_reader_problem_is_an_error(ds: Dataset) -> None:
    (r,) = check_legs([Leg(row=3, problem="not a JSON object")], ds)
    assert (r.status, r.error, r.row) == (ERROR, "not a JSON object", 3)


def test_a_place_alias_note_is_kept(ds: Dataset) -> None:
    r = one(ds, suspect="putin", country="Crimea", date="2025-01-05")
    assert r.place is not None and r.place.code == "UA"
    assert "Note:" in r.explanation and "Crimea" in r.explanation


# -- laziness, API, caches ------------------------------------------------------------------------


def test_results_are_lazy_and_in_order(ds: Dataset) -> None:
    def endless() -> Iterator[dict[str, str]]:
        for n in itertools.count():
            yield {"suspect": "putin", "country": "FR", "date": "2025-01-01", "n": str(n)}

    taken = list(itertools.islice(check_legs(endless(), ds), 3))
    assert [r.leg.fields["n"] for r in taken] == ["0", "1", "2"]


def test_the_public_api(ds: Dataset) -> None:
    assert "check_legs" in travelrisk.__all__ and "LegResult" in travelrisk.__all__
    legs = [{"suspect": "putin", "country": "FR", "date": "2025-01-01"}]
    (a,) = travelrisk.check_legs(legs)
    (b,) = check_legs(legs, ds)
    assert a.status == b.status == "obliged"
    assert travelrisk.LegResult is LegResult and travelrisk.Leg is Leg


def test_one_checker_per_dataset(ds: Dataset) -> None:
    assert checker_for(ds) is checker_for(ds)
    other = travelrisk.load()
    assert checker_for(other) is not checker_for(ds)


def test_names_are_resolved_once_failures_included(
    ds: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    checker = LegChecker(ds)
    calls: list[str] = []
    real_suspect, real_place = ds.suspect, ds.place

    def counting_suspect(name: str) -> object:
        calls.append(name)
        return real_suspect(name)

    def counting_place(name: str) -> object:
        calls.append(name)
        return real_place(name)

    monkeypatch.setattr(ds, "suspect", counting_suspect)
    monkeypatch.setattr(ds, "place", counting_place)
    legs = [
        {"suspect": s, "country": c, "date": d}
        for s, c, d in [
            ("Vladimir Putin", "France", "2025-01-01"),
            ("Vladimir Putin", "France", "2024-01-01"),
            ("Nobody Atall", "Atlantis", "2024-01-01"),
            ("Nobody Atall", "Atlantis", "2024-01-02"),
        ]
    ]
    results = list(checker.check_all(legs * 3))
    assert sorted(calls) == ["Atlantis", "France", "Nobody Atall", "Vladimir Putin"]
    assert [r.status for r in results[:4]] == ["obliged", "obliged", ERROR, ERROR]


def test_caches_stay_bounded(ds: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(legs_module, "_CACHE_LIMIT", 50)
    checker = LegChecker(ds)
    start = date(2020, 1, 1)
    legs = [
        {
            "suspect": "putin",
            "country": f"nowhere {i}",
            "date": (start + timedelta(days=i)).isoformat(),
        }
        for i in range(300)
    ]
    for r in checker.check_all(legs):
        assert r.status == ERROR
    assert len(checker._places) <= 50 and len(checker._days) <= 50


def test_a_leg_in_a_reported_warrant_window_is_uncertain_as_check_says() -> None:
    import travelrisk

    leg = {"suspect": "al-kani", "country": "FR", "date": "2023-05-01"}
    (result,) = travelrisk.check_legs([leg])
    verdict = travelrisk.check("al-kani", "FR", on="2023-05-01")
    assert result.status == verdict.status.value == "uncertain"
    assert "may already have been issued on 2023-04-06" in result.explanation


def test_a_national_at_home_is_worded_in_a_batch_as_check_words_it(ds: Dataset) -> None:
    # Art. 127(2) asked of a state's own national in his own country (the batch once asked it
    # of anyone, re-deriving the law on its own).
    (result,) = check_legs([{"suspect": "duterte", "country": "PH", "date": "2025-03-08"}], ds)
    verdict = ds.check("duterte", "PH", "2025-03-08")
    assert result.status == verdict.status == Status.UNCERTAIN
    assert result.explanation == verdict.reason + "."
    assert "arresting one of its own nationals in his or her own country" in result.explanation
