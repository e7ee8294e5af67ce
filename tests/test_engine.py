"""The legal engine on both sides of every boundary that matters."""

from __future__ import annotations

from datetime import date

import pytest

from travelrisk import Basis, Status
from travelrisk.dataset import Dataset


def status(ds: Dataset, suspect: str, place: str, on: str) -> tuple[Status, Basis | None]:
    v = ds.check(suspect, place, on)
    return v.status, v.basis


OBLIGED_PARTY = (Status.OBLIGED, Basis.PARTY)


@pytest.mark.parametrize(
    "suspect, place, on, expected",
    [
        # A warrant that does not exist yet obliges no one.
        ("putin", "FR", "2023-03-16", (Status.NO_LIVE_WARRANT, None)),
        ("putin", "FR", "2023-03-17", OBLIGED_PARTY),
        ("netanyahu", "DE", "2024-11-20", (Status.NO_LIVE_WARRANT, None)),
        ("netanyahu", "DE", "2024-11-21", OBLIGED_PARTY),
        # Ukraine: bound by its art. 12(3) declarations, then a party from 2025-01-01.
        ("putin", "UA", "2024-06-01", (Status.OBLIGED, Basis.DECLARATION)),
        ("putin", "UA", "2024-12-31", (Status.OBLIGED, Basis.DECLARATION)),
        ("putin", "UA", "2025-01-01", OBLIGED_PARTY),
        # Armenia: in force 2024-02-01; its declaration concerns no current situation.
        ("putin", "AM", "2024-01-31", (Status.NOT_OBLIGED, None)),
        ("putin", "AM", "2024-02-01", OBLIGED_PARTY),
        # Burundi and the Philippines: parties until the withdrawal took effect, then the
        # art. 127(2) duty, whose reach to arresting a visitor is untested.
        ("al-bashir", "BI", "2017-10-26", OBLIGED_PARTY),
        ("al-bashir", "BI", "2017-10-27", (Status.UNCERTAIN, Basis.CONTINUING_DUTY)),
        ("al-bashir", "PH", "2019-03-16", OBLIGED_PARTY),
        ("al-bashir", "PH", "2019-03-17", (Status.UNCERTAIN, Basis.CONTINUING_DUTY)),
        # South Africa revoked its 2016 notification: it never left.
        ("al-bashir", "ZA", "2018-01-01", OBLIGED_PARTY),
        # Malaysia withdrew its accession before it took effect: never a party.
        ("al-bashir", "MY", "2019-07-01", (Status.NOT_OBLIGED, None)),
        # Security Council referrals bind a non-party for one situation only.
        ("al-bashir", "SD", "2020-01-01", (Status.OBLIGED, Basis.REFERRAL)),
        ("putin", "SD", "2025-01-01", (Status.NOT_OBLIGED, None)),
        ("putin", "US", "2025-01-01", (Status.NOT_OBLIGED, None)),
        ("putin", "RU", "2025-01-01", (Status.NOT_OBLIGED, None)),
        # A warrant withdrawn after the suspect's death: no live warrant from that day.
        ("deif", "FR", "2025-02-25", OBLIGED_PARTY),
        ("deif", "FR", "2025-02-26", (Status.NO_LIVE_WARRANT, None)),
        # Surrendered to the Court: the warrant was executed.
        ("duterte", "NL", "2025-03-11", OBLIGED_PARTY),
        ("duterte", "NL", "2025-03-12", (Status.NO_LIVE_WARRANT, None)),
        # Held by his own state but never surrendered: still live.
        ("al-bashir", "KE", "2026-01-01", OBLIGED_PARTY),
    ],
)
def test_boundaries(ds: Dataset, suspect: str, place: str, on: str, expected: tuple) -> None:
    assert status(ds, suspect, place, on) == expected


def test_hungarys_reported_revocation_does_not_decide_alone(ds: Dataset) -> None:
    # The data records the 2025 notification as revoked on 2026-05-29, from secondary sources
    # only: from the day the withdrawal would have taken effect, the answer is uncertain.
    before = ds.check("netanyahu", "HU", "2026-06-01")
    after = ds.check("netanyahu", "HU", "2026-06-02")
    assert (before.status, before.basis) == OBLIGED_PARTY
    assert after.status is Status.UNCERTAIN
    assert "revocation of its withdrawal (reported for 2026-05-29)" in after.reason
    assert any("HU" in c for c in after.caveats), "the unverified revocation is flagged"


def test_verdict_names_its_window(ds: Dataset) -> None:
    v = ds.check("netanyahu", "HU", "2025-04-03")
    assert v.valid_from == date(2024, 11, 21)
    ua = ds.check("putin", "UA", "2024-06-01")
    assert (ua.valid_from, ua.valid_until) == (date(2023, 3, 17), date(2024, 12, 31))
    before = ds.check("putin", "FR", "2020-01-01")
    assert before.valid_until == date(2023, 3, 16)


def test_verdict_carries_reason_sources_and_warrant(ds: Dataset) -> None:
    v = ds.check("putin", "FR", "2025-01-01")
    assert v.obliged is True
    assert "State party since 2002-07-01" in v.reason and "86 and 89" in v.reason
    assert v.sources and all(s.title for s in v.sources)
    assert v.warrant.live and v.warrant.event is not None
    assert v.warrant.event.date == date(2023, 3, 17)
    assert v.place.code == "FR" and v.place.name == "France"
    assert v.as_of is not None


def test_findings_are_context_and_never_change_the_verdict(ds: Dataset) -> None:
    v = ds.check("putin", "MN", "2024-09-03")
    assert (v.status, v.basis) == OBLIGED_PARTY
    assert [f.id for f in v.findings] == ["mongolia-2024-putin"]


def test_timeline_of_putin_in_ukraine(ds: Dataset) -> None:
    periods = ds.timeline("putin", "UA")
    assert [(p.start, p.status, p.basis) for p in periods] == [
        (None, Status.NO_LIVE_WARRANT, None),
        (date(2023, 3, 17), Status.OBLIGED, Basis.DECLARATION),
        (date(2025, 1, 1), Status.OBLIGED, Basis.PARTY),
    ]


def test_states_parties_on_key_dates(ds: Dataset) -> None:
    assert len(ds.states_parties("2025-01-01")) == 125
    assert "UA" in ds.states_parties("2025-01-01")
    assert "UA" not in ds.states_parties("2024-12-31")
    assert "BI" not in ds.states_parties("2017-10-27")
    assert "BI" in ds.states_parties("2017-10-26")
    assert "MY" not in ds.states_parties("2019-07-01")


def test_a_sealed_warrant_says_the_duty_comes_with_the_courts_request(ds: Dataset) -> None:
    v = ds.check("kony", "UG", "2005-07-09")
    assert v.status is Status.OBLIGED
    (note,) = [c for c in v.caveats if "under seal" in c]
    assert "made public on 2005-10-13" in note
    assert "duty to arrest arises from the Court's request" in note
    assert "may not yet have been transmitted" in note


def test_immunity_is_context_for_a_non_partys_office_holder(ds: Dataset) -> None:
    v = ds.check("netanyahu", "FR", "2025-01-01")
    assert v.status is Status.OBLIGED  # the note never changes the verdict
    (note,) = [c for c in v.caveats if c.startswith("Immunity")]
    assert "Prime Minister of Israel" in note and "ICC-02/05-01/09-397" in note
    assert "France on 2024-11-27" in note
    assert any("diplomatie.gouv.fr" in (s.url or "") for s in v.context_sources)
    # Before the claim was made, no claim is cited; in the office's own state, no note at all.
    early = ds.check("netanyahu", "FR", "2024-11-22")
    assert not any("France on" in c for c in early.caveats)
    assert not any(c.startswith("Immunity") for c in ds.check("netanyahu", "IL").caveats)
    # A suspect who holds no office gets no note.
    assert not any(c.startswith("Immunity") for c in ds.check("kony", "FR").caveats)


def test_periods_give_the_engines_answer_on_every_day(ds: Dataset) -> None:
    from datetime import timedelta

    from travelrisk import engine

    checked = 0
    for sid in ("putin", "al-bashir", "netanyahu", "deif", "duterte"):
        suspect = ds.suspects[sid]
        for code in ("FR", "UA", "HU", "BI", "PH", "SD", "MY", "AM", "US", "NL", "GL", "PS"):
            place = ds.place(code)
            for p in engine.periods(ds.law, suspect, place):
                first = p.start or (p.end or date(2002, 7, 1)) - timedelta(days=400)
                last = p.end or first + timedelta(days=400)
                for day in {first, first + (last - first) // 2, last}:
                    answer = engine._evaluate(ds.law, suspect, place, day)
                    assert (p.status, p.bases) == (answer.status, answer.bases), (sid, code, day)
                    assert p.reason_on(day) == answer.reason, (sid, code, day)
                    checked += 1
    assert checked > 300
