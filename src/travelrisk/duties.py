"""What each place owes the Court on a date, whoever the suspect: the `countries` overview."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from .engine import Law
from .model import Basis, Place


class Duty(NamedTuple):
    """One place's standing on a date: its basis (or none), which situations, since when."""

    place: Place
    on: date
    status: str  # obliged | uncertain | not_obliged
    basis: Basis | None
    situations: tuple[str, ...]  # empty: every situation
    since: date | None
    until: date | None
    reason: str


def duty(law: Law, place: Place, on: date) -> Duty:
    """The strongest duty `place` has on `on`: membership first, then referral or declaration."""
    code = place.code
    state = law.states.get(code)
    if state is not None and state.party_on(on):
        end = state.withdrawal_effective
        until = date.fromordinal(end.toordinal() - 1) if end else None
        return Duty(
            place,
            on,
            "obliged",
            Basis.PARTY,
            (),
            state.entry_into_force,
            until,
            f"State party since {state.entry_into_force}",
        )
    territory = law.territories.get(code)
    if territory is not None and state is None:
        sovereign = law.states.get(territory.sovereign) if territory.sovereign else None
        sov_party = sovereign is not None and sovereign.party_on(on)
        if territory.coverage == "follows_sovereign" and sov_party:
            assert sovereign is not None
            return Duty(
                place,
                on,
                "obliged",
                Basis.TERRITORY,
                (),
                sovereign.entry_into_force,
                None,
                f"part of {sovereign.name}, a State party",
            )
        if (
            territory.coverage == "extended"
            and sov_party
            and territory.from_
            and on >= territory.from_
        ):
            assert sovereign is not None
            return Duty(
                place,
                on,
                "obliged",
                Basis.TERRITORY,
                (),
                territory.from_,
                None,
                f"{sovereign.name} extended the Statute to it from {territory.from_}",
            )
        if territory.coverage == "uncertain" and (sovereign is None or sov_party):
            return Duty(
                place,
                on,
                "uncertain",
                None,
                (),
                None,
                None,
                f"coverage not established: {territory.reason}",
            )
    duties = [o for o in law.obligations.get(code, ()) if o.holds_on(on) and o.situations]
    firm = [o for o in duties if o.basis in (Basis.REFERRAL, Basis.DECLARATION)]
    if firm:
        o = firm[0]
        return Duty(place, on, "obliged", o.basis, o.situations, o.from_, o.until, o.instrument)
    if duties:
        o = duties[0]
        return Duty(
            place,
            on,
            "uncertain",
            o.basis,
            o.situations,
            o.from_,
            o.until,
            "art. 127(2) duty after withdrawal; its reach to arrests is untested",
        )
    return Duty(place, on, "not_obliged", None, (), None, None, "no duty to arrest")


def duties(law: Law, places: Iterable[Place], on: date) -> list[Duty]:
    """`duty` for every place, in the order given."""
    return [duty(law, p, on) for p in places]


def basis_label(d: Duty) -> str:
    """A short group name for a duty: party, territory, referral, ..., uncertain or none."""
    if d.basis is not None:
        return d.basis.value
    return "uncertain" if d.status == "uncertain" else "none"
