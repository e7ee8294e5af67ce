"""The one period-cutter (`engine.Cut`, `duty_cut`, `cut`, `periods`), on a small law built here.

No bundled data: a few states, a territory, a withdrawal and a revoked one, a referral and two
suspects with events, so that no correction of the data can break these tests. Each boundary is
asked on both of its sides, and every day's answer read from the cut is the one the engine
gives for that day alone.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from travelrisk.law import engine
from travelrisk.law.engine import DAY, UNTESTED_ARREST_OF_NATIONAL, Law, Period
from travelrisk.law.model import (
    Basis,
    Event,
    Obligation,
    Place,
    Situation,
    StateParty,
    Status,
    Suspect,
    Territory,
    Withdrawal,
)
from travelrisk.law.rules import STATUTE_IN_FORCE, entry_into_force, withdrawal_effective

ONE_DAY = timedelta(days=1)

# The situation under investigation since 2010; a later one, opened after Leaver withdrew.
OLD = Situation(
    "old", "Situation in Oldland", ("OL",), None, "proprio_motu", None, date(2010, 1, 1)
)
NEW = Situation(
    "new", "Situation in Newland", ("NW",), None, "proprio_motu", None, date(2020, 1, 1)
)

ORIGINAL = StateParty(
    "OR", "Origin", None, "ratification", date(1999, 2, 1), entry_into_force(date(1999, 2, 1))
)
LATE_DEPOSIT = date(2023, 10, 5)  # the 60th day after it is 2023-12-04: in force from 2024-01-01
LATE = StateParty("LT", "Lateland", None, "accession", LATE_DEPOSIT, entry_into_force(LATE_DEPOSIT))
NOTIFIED = date(2016, 10, 27)
LEFT = Withdrawal(NOTIFIED, withdrawal_effective(NOTIFIED))
LEAVER = StateParty(
    "LV", "Leaver", None, "ratification", date(2004, 9, 21), date(2004, 12, 1), withdrawals=(LEFT,)
)
REVOKED = Withdrawal(date(2016, 11, 16), withdrawal_effective(date(2016, 11, 16)), date(2017, 2, 1))
STAYER = StateParty(
    "ST",
    "Stayer",
    None,
    "ratification",
    date(2000, 11, 27),
    STATUTE_IN_FORCE,
    withdrawals=(REVOKED,),
)
# A withdrawal that only weak sources report.
RUMOURED = Withdrawal(date(2025, 6, 2), withdrawal_effective(date(2025, 6, 2)))
HEARSAY = StateParty(
    "HS",
    "Hearsay",
    None,
    "ratification",
    date(2001, 11, 29),
    STATUTE_IN_FORCE,
    withdrawals=(RUMOURED,),
    unverified=("withdrawals.notified",),
)
# Origin's islands, to which it extended the Statute from 2010-05-01.
EXTENDED = date(2010, 5, 1)
ISLANDS = Territory("IS", "Islands", "OR", "extended", EXTENDED)
REFERRED = date(2005, 3, 31)
REFERRAL = Obligation(
    "np-referral", "NP", Basis.REFERRAL, ("old",), REFERRED, None, "Resolution 1 (2005)"
)
LAW = Law(
    {s.code: s for s in (ORIGINAL, LATE, LEAVER, STAYER, HEARSAY)},
    {"IS": ISLANDS},
    {"NP": (REFERRAL,)},
    {"old": OLD, "new": NEW},
)

ISSUED = date(2009, 3, 4)
SURRENDERED = date(2021, 6, 9)
# A national of Leaver, wanted in the Oldland situation from 2009 until his surrender in 2021.
SAM = Suspect(
    "sam",
    "Sam Wanted",
    (),
    ("LV",),
    "old",
    None,
    (),
    (
        Event(ISSUED, "warrant_issued"),
        Event(date(2012, 1, 5), "warrant_unsealed"),  # a change day that changes nothing
        Event(SURRENDERED, "surrendered"),
    ),
)
# Wanted in the later situation, and still at large.
NED = Suspect(
    "ned", "Ned", (), ("OR",), "new", None, (), (Event(date(2021, 1, 4), "warrant_issued"),)
)

PLACES = {
    code: Place(code, name)
    for code, name in (
        ("OR", "Origin"),
        ("LT", "Lateland"),
        ("LV", "Leaver"),
        ("ST", "Stayer"),
        ("HS", "Hearsay"),
        ("IS", "Islands"),
        ("NP", "Nonparty"),
        ("ZZ", "Nowhere"),
    )
}


def periods(suspect: Suspect, code: str) -> list[Period]:
    return engine.periods(LAW, suspect, PLACES[code])


def on(suspect: Suspect, code: str, day: date) -> Period:
    return engine.period_on(periods(suspect, code), day)


def owed(code: str, situation: str, day: date) -> Period:
    return engine.duty_cut(LAW, PLACES[code], situation).on(day)


def test_the_cut_tiles_time_open_at_both_ends() -> None:
    for suspect in (SAM, NED):
        for code in PLACES:
            found = periods(suspect, code)
            assert found[0].start is None and found[-1].end is None
            pairs = zip(found, found[1:], strict=False)
            assert all(b.start is not None and a.end == b.start - ONE_DAY for a, b in pairs)


def test_entry_into_force_is_the_first_day_of_the_duty() -> None:
    in_force = LATE.entry_into_force
    assert in_force == date(2024, 1, 1)
    before = owed("LT", "old", in_force - ONE_DAY)
    after = owed("LT", "old", in_force)
    assert (before.status, before.basis, before.end) == (
        Status.NOT_OBLIGED,
        None,
        date(2023, 12, 31),
    )
    assert (after.status, after.basis, after.start) == (Status.OBLIGED, Basis.PARTY, in_force)
    # "not yet a party on <the day asked>": the wording names the day, and says when it will be.
    assert before.reason_template is not None and DAY in before.reason_template
    assert before.reason_on(date(2023, 5, 2)).startswith(
        "Lateland is not yet a party on 2023-05-02: the Statute enters into force for it on "
        "2024-01-01"
    )
    # The states that deposited before 2002-04-11 are parties from the Statute's own start.
    assert owed("OR", "old", STATUTE_IN_FORCE).start == STATUTE_IN_FORCE
    assert owed("OR", "old", STATUTE_IN_FORCE - ONE_DAY).status is Status.NOT_OBLIGED


def test_a_withdrawal_takes_effect_a_year_after_notice_and_art_127_2_follows() -> None:
    effective = LEFT.effective
    assert effective == date(2017, 10, 27)
    assert owed("LV", "old", NOTIFIED - ONE_DAY).reason.endswith("arrest and surrender")
    pending = owed("LV", "old", NOTIFIED)
    assert (pending.start, pending.end) == (NOTIFIED, effective - ONE_DAY)
    assert (pending.status, pending.basis) == (Status.OBLIGED, Basis.PARTY)
    assert "(its withdrawal, notified 2016-10-27, takes effect 2017-10-27)" in pending.reason
    # From the day it takes effect: art. 127(2) for the investigation begun while a party ...
    kept = owed("LV", "old", effective)
    assert (kept.start, kept.end, kept.status) == (effective, None, Status.UNCERTAIN)
    assert kept.basis is Basis.CONTINUING_DUTY and kept.reason.startswith("Art. 127(2)")
    # ... and nothing for a situation opened after it.
    later = owed("LV", "new", effective)
    assert (later.status, later.basis) == (Status.NOT_OBLIGED, None)
    assert "left the Statute: its withdrawal took effect on 2017-10-27" in later.reason


def test_a_revoked_withdrawal_leaves_the_state_a_party() -> None:
    # The notified and effective days still cut (a reported revocation may not hold) ...
    days = engine.duty_cut(LAW, PLACES["ST"], "old").starts
    assert {REVOKED.notified, REVOKED.effective} <= set(days)
    # ... but the answer is obliged throughout, and the timeline merges it into one period.
    assert owed("ST", "old", REVOKED.effective).status is Status.OBLIGED
    obliged = [p for p in engine.timeline(LAW, SAM, PLACES["ST"]) if p.status is Status.OBLIGED]
    assert [(p.start, p.end) for p in obliged] == [(ISSUED, SURRENDERED - ONE_DAY)]


def test_a_referral_binds_a_non_party_from_its_day_for_its_situation_only() -> None:
    before, after = owed("NP", "old", REFERRED - ONE_DAY), owed("NP", "old", REFERRED)
    assert (before.status, before.end) == (Status.NOT_OBLIGED, REFERRED - ONE_DAY)
    assert (after.status, after.basis, after.start) == (Status.OBLIGED, Basis.REFERRAL, REFERRED)
    assert (
        "by Resolution 1 (2005) (a UN Security Council referral), from 2005-03-31" in after.reason
    )
    other = owed("NP", "new", REFERRED)
    assert other.status is Status.NOT_OBLIGED
    assert "covers only the Situation in Oldland" in other.reason


def test_a_territory_is_bound_from_the_day_the_statute_is_extended_to_it() -> None:
    before, after = owed("IS", "old", EXTENDED - ONE_DAY), owed("IS", "old", EXTENDED)
    assert before.status is Status.NOT_OBLIGED
    assert before.reason.startswith("Origin had not yet extended the Statute to Islands")
    assert (after.status, after.basis, after.start) == (Status.OBLIGED, Basis.TERRITORY, EXTENDED)


def test_the_warrant_bounds_the_answer_at_both_ends() -> None:
    found = periods(SAM, "OR")
    assert [(p.start, p.status) for p in found] == [
        (None, Status.NO_LIVE_WARRANT),
        (STATUTE_IN_FORCE, Status.NO_LIVE_WARRANT),  # Origin's entry into force cuts too
        (ISSUED, Status.OBLIGED),
        (date(2012, 1, 5), Status.OBLIGED),  # unsealed: cut there, the same answer
        (SURRENDERED, Status.NO_LIVE_WARRANT),
    ]
    assert (
        found[0].reason == "No warrant for Sam Wanted existed yet: the first was issued 2009-03-04"
    )
    assert found[0].reason_template is None
    ended = found[-1]
    assert ended.reason_template == (
        "Sam Wanted has no live ICC arrest warrant on {day}: surrendered 2021-06-09"
    )
    assert ended.reason_on(date(2030, 1, 1)).endswith("on 2030-01-01: surrendered 2021-06-09")
    # A verdict's window is its merged period in the cut.
    v = engine.verdict(LAW, SAM, PLACES["OR"], date(2015, 6, 1))
    assert (v.status, v.valid_from, v.valid_until) == (
        Status.OBLIGED,
        ISSUED,
        SURRENDERED - ONE_DAY,
    )
    after = engine.verdict(LAW, SAM, PLACES["OR"], SURRENDERED)
    assert (after.status, after.valid_from, after.valid_until) == (
        Status.NO_LIVE_WARRANT,
        SURRENDERED,
        None,
    )


def test_a_reported_withdrawal_makes_the_answer_uncertain_never_decides() -> None:
    effective = RUMOURED.effective
    assert on(NED, "HS", effective - ONE_DAY).status is Status.OBLIGED
    doubt = on(NED, "HS", effective)
    assert (doubt.start, doubt.status, doubt.basis) == (effective, Status.UNCERTAIN, None)
    assert "Hearsay's withdrawal (reported as notified 2025-06-02, to take effect 2026-06-02)" in (
        doubt.reason
    )
    assert "as recorded, " in doubt.reason and "; without it, " in doubt.reason


def test_a_national_at_home_is_asked_of_as_one() -> None:
    # Leaver's art. 127(2) duty, asked of one of its own nationals in his own country.
    home = on(SAM, "LV", date(2019, 1, 1))
    assert (home.status, home.basis) == (Status.UNCERTAIN, Basis.CONTINUING_DUTY)
    assert UNTESTED_ARREST_OF_NATIONAL in home.reason
    # The place's own duty, shared by every suspect of the situation, is worded for anyone.
    assert UNTESTED_ARREST_OF_NATIONAL not in owed("LV", "old", date(2019, 1, 1)).reason


def _days() -> list[date]:
    """Every boundary of the law above and its eve, and a day a month from 2000 to 2031."""
    found = {date(2000, 1, 1) + timedelta(days=30 * i) for i in range(12 * 32)}
    for code in PLACES:
        for d in engine.place_change_days(LAW, code):
            found.update((d - ONE_DAY, d))
    for suspect in (SAM, NED):
        for e in suspect.events:
            found.update((e.date - ONE_DAY, e.date))
    return sorted(found)


@pytest.mark.parametrize("suspect", [SAM, NED], ids=lambda s: s.id)
def test_every_day_read_from_the_cut_is_the_engines_answer_that_day(suspect: Suspect) -> None:
    checked = 0
    for place in PLACES.values():
        found = engine.periods(LAW, suspect, place)
        for day in _days():
            p = engine.period_on(found, day)
            answer = engine._evaluate(LAW, suspect, place, day)  # the day alone, no cut
            assert (p.status, p.basis, p.bases) == (answer.status, answer.basis, answer.bases)
            assert p.reason_on(day) == answer.reason, (place.code, day)
            assert p.sources == answer.sources
            checked += 1
    assert checked > 3000


def test_a_shared_duty_cut_gives_the_same_periods() -> None:
    for place in PLACES.values():
        shared = engine.duty_cut(LAW, place, "old")
        assert engine.periods(LAW, SAM, place, shared) == engine.periods(LAW, SAM, place)


def test_a_period_is_worked_out_only_when_read() -> None:
    asked: list[date] = []

    def answer_on(day: date) -> engine._Answer:
        asked.append(day)
        return engine._Answer(Status.NOT_OBLIGED, None, "nothing")

    cut = engine.Cut([date(2010, 1, 1), date(2020, 1, 1)], answer_on)
    assert len(cut) == 3 and asked == []
    assert cut.on(date(2015, 5, 5)).start == date(2010, 1, 1)
    assert asked == [date(2010, 1, 1)]  # one day: the wording does not hold it
    assert [p.end for p in cut] == [date(2009, 12, 31), date(2019, 12, 31), None]
    assert len(asked) == 3  # each period once


class _Data:
    """As much of a Dataset as a LegChecker reads, over the law above."""

    law = LAW
    as_of = None
    receipt = None

    def suspect(self, name: str) -> Suspect:
        return {"sam": SAM, "ned": NED}[name]

    def place(self, name: str) -> Place:
        return PLACES[name]


def test_the_stays_of_a_batch_read_the_same_cut() -> None:
    from typing import cast

    from travelrisk.batch.legs import LegChecker
    from travelrisk.data.dataset import Dataset

    checker = LegChecker(cast(Dataset, _Data()))
    days = _days()
    for suspect in (SAM, NED):
        for code, place in PLACES.items():
            found = engine.periods(LAW, suspect, place)
            for first, last in zip(days, days[3:], strict=False):
                leg = {"suspect": suspect.id, "country": code, "arrive": first, "depart": last}
                r = checker.check(leg, 1)
                spans = [p for p in found if (p.end is None or p.end >= first)]
                spans = [p for p in spans if p.start is None or p.start <= last]
                worst = max(spans, key=lambda p: RANK[p.status]).status
                assert r.status is worst, (suspect.id, code, first, last)
                held = [p for p in spans if p.status is worst]
                assert r.from_ == max(first, held[0].start or first)
                assert r.until == min(last, held[-1].end or last)
                if len(spans) == 1 and worst is not Status.NO_LIVE_WARRANT:
                    assert r.explanation == spans[0].reason_on(first) + "."


RANK = {Status.NO_LIVE_WARRANT: 0, Status.NOT_OBLIGED: 1, Status.UNCERTAIN: 2, Status.OBLIGED: 3}
