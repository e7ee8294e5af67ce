"""The log of changes: every dated event, what it changes, and how it is sourced."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from what_if import suspect_yaml

import travelrisk
from travelrisk.data.changes import KINDS, changes, effect_text, effects_summary
from travelrisk.data.dataset import Dataset
from travelrisk.errors import InputError
from travelrisk.law.model import Status

WHAT_IF = suspect_yaml("test-suspect", "Test Suspect", "2030-01-05", ("2030-02-01", "surrendered"))


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return travelrisk.default_dataset()


@pytest.fixture(scope="module")
def what_if(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    folder = tmp_path_factory.mktemp("overlay")
    (folder / "warrants.yaml").write_text(WHAT_IF)
    return travelrisk.load(folder)


@pytest.fixture(scope="module")
def since_2025(ds: Dataset) -> list:
    return changes(ds, since=date(2025, 1, 1))


def kinds_of(found: list, subject: str) -> set[str]:
    return {c.kind for c in found if c.subject == subject}


def test_the_log_since_2025_holds_the_year_s_events(since_2025: list) -> None:
    assert "entry_into_force" in kinds_of(since_2025, "UA")
    assert {"withdrawal_notified", "withdrawal_revoked"} <= kinds_of(since_2025, "HU")
    assert "surrendered" in kinds_of(since_2025, "duterte")
    assert "warrant_issued" in kinds_of(since_2025, "akhundzada")
    assert "warrant_issued" in kinds_of(since_2025, "haqqani-abdul-hakim")
    assert all(c.date >= date(2025, 1, 1) for c in since_2025)


def test_newest_first_and_every_event_sourced(since_2025: list) -> None:
    days = [c.date for c in since_2025]
    assert days == sorted(days, reverse=True)
    assert all(c.source is not None for c in since_2025)


def test_an_unconfirmed_fact_is_marked_reported(since_2025: list) -> None:
    # Nauru's notification is only reported (see evidence): the log says so.
    nauru = [c for c in since_2025 if c.subject == "NR" and c.kind == "withdrawal_notified"]
    assert nauru and not nauru[0].confirmed


def test_an_entry_into_force_names_the_answers_it_changes(ds: Dataset, since_2025: list) -> None:
    [eif] = [c for c in since_2025 if c.subject == "UA" and c.kind == "entry_into_force"]
    assert eif.effects
    for e in eif.effects:
        assert e.place == "UA" and e.after is Status.OBLIGED
        assert ds.check(e.suspect_id, "UA", on="2024-12-31").status is e.before
        assert ds.check(e.suspect_id, "UA", on="2025-01-01").status is e.after
    # Putin was already owed arrest under Ukraine's art. 12(3) declaration: nothing changes.
    assert "putin" not in {e.suspect_id for e in eif.effects}
    assert "now obliged to arrest in Ukraine" in effect_text(eif.effects[0])


def test_answers_changed_by_two_events_of_one_day_are_told_once(since_2025: list) -> None:
    same_day = [c for c in since_2025 if c.date == date(2025, 1, 1) and "UA" in c.places]
    told = [(e.suspect_id, e.place) for c in same_day for e in c.effects]
    assert len(told) == len(set(told)) > 0


def test_a_warrant_s_issue_and_surrender_change_every_place_that_owes_arrest(
    what_if: Dataset,
) -> None:
    found = changes(what_if, suspect="test-suspect")
    by_kind = {c.kind: c for c in found}
    issued, surrendered = by_kind["warrant_issued"], by_kind["surrendered"]
    obliged = {v.place.code for v in what_if.where("test-suspect", on="2030-01-05") if v.obliged}
    assert {e.place for e in issued.effects if e.after is Status.OBLIGED} == obliged
    assert all(e.before is Status.NO_LIVE_WARRANT for e in issued.effects)
    assert all(e.after is Status.NO_LIVE_WARRANT for e in surrendered.effects)
    assert "Test Suspect: now obliged to arrest in" in effects_summary(issued)


def test_a_place_filter_keeps_its_own_events_and_others_that_change_it(ds: Dataset) -> None:
    found = changes(ds, since=date(2025, 1, 1), place="Hungary")
    assert found
    for c in found:
        assert "HU" in c.places or any(e.place == "HU" for e in c.effects)
        assert all(e.place == "HU" for e in c.effects)


def test_a_suspect_filter_keeps_its_events_and_the_places_that_change_for_it(
    ds: Dataset,
) -> None:
    found = changes(ds, suspect="Putin")
    assert any(c.kind == "warrant_issued" and c.subject == "putin" for c in found)
    for c in found:
        assert c.suspect == "putin" or c.effects
        assert all(e.suspect_id == "putin" for e in c.effects)


def test_kinds_filter_and_window(ds: Dataset) -> None:
    found = changes(ds, since=date(2024, 1, 1), until=date(2024, 12, 31), kinds=["deposit"])
    assert {c.kind for c in found} == {"deposit"}
    assert "UA" in {c.subject for c in found}


def test_unknown_kind_is_refused_with_the_known_ones(ds: Dataset) -> None:
    with pytest.raises(InputError, match="known: acquitted, arrested"):
        changes(ds, kinds=["rumour"])
    assert len(KINDS) == len(set(KINDS))


def test_the_changes_of_a_dataset_from_a_folder(tmp_path: Path) -> None:
    (tmp_path / "warrants.yaml").write_text(WHAT_IF)
    found = changes(travelrisk.load(tmp_path), since=date(2030, 1, 1))
    assert [c.kind for c in found] == ["surrendered", "warrant_issued"]
