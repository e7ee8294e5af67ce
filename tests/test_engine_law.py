"""The engine on small laws built here, so that no data correction can break these tests."""

from __future__ import annotations

from datetime import date

from travelrisk import Basis, Status
from travelrisk.law.engine import Law, continuing_duties, place_duty
from travelrisk.law.model import Place, Situation, StateParty, Withdrawal
from travelrisk.law.rules import STATUTE_IN_FORCE

OLD = Situation("old", "Oldland", ("OL",), None, "proprio_motu", None, date(2010, 1, 1))
NEW = Situation("new", "Newland", ("NW",), None, "proprio_motu", None, date(2024, 1, 1))
# Its preliminary examination began before the withdrawal, its investigation only after.
HOME = Situation(
    "home", "Situation in Leaver", ("LV",), None, "proprio_motu", date(2019, 1, 1), date(2022, 1, 1)
)
WITHDRAWAL = Withdrawal(date(2020, 3, 1), date(2021, 3, 1))
LEAVER = StateParty("LV", "Leaver", None, "ratification", date(2001, 1, 1), STATUTE_IN_FORCE)
PLACE = Place("LV", "Leaver")


def law(state: StateParty) -> Law:
    situations = {s.id: s for s in (OLD, NEW, HOME)}
    return Law({state.code: state}, {}, {}, situations)


def duty(state: StateParty, situation: str, on: date) -> tuple[Status, Basis | None, str]:
    answer = place_duty(law(state), PLACE, situation, on)
    return answer.status, answer.basis, answer.reason


def test_a_confirmed_withdrawal_keeps_a_duty_for_earlier_investigations_only() -> None:
    state = LEAVER._replace(withdrawals=(WITHDRAWAL,))
    assert duty(state, "old", date(2021, 2, 28))[:2] == (Status.OBLIGED, Basis.PARTY)
    assert duty(state, "old", date(2021, 3, 1))[:2] == (Status.UNCERTAIN, Basis.CONTINUING_DUTY)
    assert duty(state, "new", date(2021, 3, 1))[:2] == (Status.NOT_OBLIGED, None)
    # A situation on its own territory under preliminary examination before the withdrawal.
    assert duty(state, "home", date(2025, 1, 1))[:2] == (Status.UNCERTAIN, Basis.CONTINUING_DUTY)


def test_art_127_2_is_derived_for_every_withdrawal_and_none_without_one() -> None:
    (derived,) = continuing_duties(law(LEAVER._replace(withdrawals=(WITHDRAWAL,))), "LV")
    assert derived.from_ == WITHDRAWAL.effective and derived.basis is Basis.CONTINUING_DUTY
    assert set(derived.situations) == {"old", "home"}
    assert continuing_duties(law(LEAVER), "LV") == ()
    revoked = LEAVER._replace(withdrawals=(WITHDRAWAL._replace(revoked=date(2020, 6, 1)),))
    assert continuing_duties(law(revoked), "LV") == ()


def test_a_reported_withdrawal_never_decides_alone() -> None:
    state = LEAVER._replace(withdrawals=(WITHDRAWAL,), unverified=("withdrawals.notified",))
    # Before it would take effect, both readings agree: a party.
    assert duty(state, "new", date(2021, 2, 28))[:2] == (Status.OBLIGED, Basis.PARTY)
    status, basis, reason = duty(state, "new", date(2021, 3, 1))
    assert (status, basis) == (Status.UNCERTAIN, None)
    assert "Leaver's withdrawal (reported as notified 2020-03-01, to take effect 2021-03-01)" in (
        reason
    )
    assert "not confirmed by a UN depositary notification" in reason


def test_a_reported_revocation_never_decides_alone() -> None:
    revoked = WITHDRAWAL._replace(revoked=date(2021, 2, 1))
    state = LEAVER._replace(withdrawals=(revoked,), unverified=("withdrawals.revoked",))
    status, _, reason = duty(state, "new", date(2021, 3, 1))
    assert status is Status.UNCERTAIN
    assert "revocation of its withdrawal (reported for 2021-02-01)" in reason
    confirmed = state._replace(unverified=())
    assert duty(confirmed, "new", date(2021, 3, 1))[:2] == (Status.OBLIGED, Basis.PARTY)


def test_a_reported_fact_that_changes_nothing_adds_no_doubt() -> None:
    # Revoked before it took effect, and the notification itself only reported: party either way.
    revoked = WITHDRAWAL._replace(revoked=date(2020, 6, 1))
    state = LEAVER._replace(withdrawals=(revoked,), unverified=("withdrawals.notified",))
    assert duty(state, "new", date(2022, 1, 1))[:2] == (Status.OBLIGED, Basis.PARTY)


def test_every_ground_that_holds_is_shown_strongest_first() -> None:
    from travelrisk.law.engine import timeline
    from travelrisk.law.model import Event, Obligation, Suspect

    def bound(id_: str, basis: Basis, start: date) -> Obligation:
        return Obligation(id_, "NP", basis, ("old",), start, None, f"instrument {id_}")

    referral = bound("r", Basis.REFERRAL, date(2011, 2, 26))
    declaration = bound("d", Basis.DECLARATION, date(2025, 5, 12))
    lawful = Law({}, {}, {"NP": (declaration, referral)}, {"old": OLD})
    place = Place("NP", "Nonparty")
    both = place_duty(lawful, place, "old", date(2025, 5, 12))
    assert both.bases == (Basis.REFERRAL, Basis.DECLARATION) and both.basis is Basis.REFERRAL
    assert "instrument r" in both.reason and "instrument d" in both.reason
    suspect = Suspect(
        "s", "S", (), (), "old", None, (), (Event(date(2011, 6, 27), "warrant_issued"),)
    )
    periods = timeline(lawful, suspect, place)
    assert [p.bases for p in periods[1:]] == [
        (Basis.REFERRAL,),
        (Basis.REFERRAL, Basis.DECLARATION),
    ]
    assert periods[-1].start == date(2025, 5, 12)


def test_a_warrant_only_reported_as_issued_makes_the_answer_uncertain() -> None:
    from travelrisk.law.engine import timeline
    from travelrisk.law.model import Event, Suspect

    events = (
        Event(date(2023, 4, 6), "warrant_possibly_issued", "four of six were issued then"),
        Event(date(2023, 7, 28), "warrant_issued"),
    )
    suspect = Suspect("s", "S", (), (), "old", None, (), events)
    party = law(LEAVER)
    statuses = [(p.start, p.status) for p in timeline(party, suspect, PLACE)]
    assert statuses == [
        (None, Status.NO_LIVE_WARRANT),
        (date(2023, 4, 6), Status.UNCERTAIN),
        (date(2023, 7, 28), Status.OBLIGED),
    ]
    # Where the place owes nothing, a possible warrant changes nothing.
    outsider = Law({}, {}, {}, {"old": OLD})
    assert {p.status for p in timeline(outsider, suspect, Place("ZZ", "Nowhere"))} == {
        Status.NO_LIVE_WARRANT,
        Status.NOT_OBLIGED,
    }


def test_periods_cut_at_every_change_and_timeline_merges_them() -> None:
    from travelrisk.law.engine import DAY, periods, timeline
    from travelrisk.law.model import Event, Suspect

    late = StateParty("LT", "Lateland", None, "accession", date(2023, 10, 1), date(2024, 2, 1))
    events = (
        Event(date(2023, 3, 17), "warrant_issued"),
        Event(date(2023, 6, 1), "warrant_unsealed"),  # a change day that changes nothing
        Event(date(2025, 2, 26), "warrant_withdrawn", "after his death"),
    )
    suspect = Suspect("s", "Sam", (), (), "old", None, (), events)
    place = Place("LT", "Lateland")
    cut = periods(Law({"LT": late}, {}, {}, {"old": OLD}), suspect, place)
    assert [(p.start, p.end, p.status) for p in cut] == [
        (None, date(2023, 3, 16), Status.NO_LIVE_WARRANT),
        (date(2023, 3, 17), date(2023, 5, 31), Status.NOT_OBLIGED),
        (date(2023, 6, 1), date(2024, 1, 31), Status.NOT_OBLIGED),
        (date(2024, 2, 1), date(2025, 2, 25), Status.OBLIGED),
        (date(2025, 2, 26), None, Status.NO_LIVE_WARRANT),
    ]
    # "not yet a party on <the day>": the wording names the day asked about.
    pending = cut[1]
    assert pending.reason_template is not None and DAY in pending.reason_template
    assert pending.reason_on(date(2023, 4, 2)).startswith(
        "Lateland is not yet a party on 2023-04-02"
    )
    # The withdrawal's own date stays fixed where the period starts on it.
    ended = cut[-1]
    assert ended.reason.startswith("Sam has no live ICC arrest warrant on 2025-02-26")
    assert ended.reason_template == (
        "Sam has no live ICC arrest warrant on {day}: "
        "warrant withdrawn 2025-02-26 (after his death)"
    )
    assert ended.reason_on(date(2030, 1, 1)).endswith(
        "on 2030-01-01: warrant withdrawn 2025-02-26 (after his death)"
    )
    assert cut[3].reason_template is None and cut[3].bases == (Basis.PARTY,)
    # The timeline is the same cut, merged where status and grounds stay the same.
    merged = timeline(Law({"LT": late}, {}, {}, {"old": OLD}), suspect, place)
    assert [(p.start, p.end) for p in merged] == [
        (None, date(2023, 3, 16)),
        (date(2023, 3, 17), date(2024, 1, 31)),
        (date(2024, 2, 1), date(2025, 2, 25)),
        (date(2025, 2, 26), None),
    ]
    assert merged[1].reason == cut[1].reason
