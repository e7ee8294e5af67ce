"""What each place owes the Court on a date, whoever the suspect: the `countries` overview."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from travelrisk.law.engine import Law, duties_of, place_duty
from travelrisk.law.english import the
from travelrisk.law.model import Basis, Place, Status


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


# A situation no referral or declaration names: asking the engine about it leaves only the
# duties that hold for every situation (membership, territorial coverage).
ANY_SITUATION = ""


def duty(law: Law, place: Place, on: date) -> Duty:
    """The strongest duty `place` has on `on`: membership first, then referral or declaration."""
    code = place.code
    own = place_duty(law, place, ANY_SITUATION, on)  # the engine decides; this only summarises
    if own.status is Status.UNCERTAIN:
        return Duty(place, on, "uncertain", None, (), None, None, own.reason)
    if own.status is Status.OBLIGED:
        since, until, reason = _span(law, code, own.basis)
        return Duty(place, on, "obliged", own.basis, (), since, until, reason)
    duties = [o for o in duties_of(law, code) if o.holds_on(on) and o.situations]
    firm = [o for o in duties if o.basis in (Basis.REFERRAL, Basis.DECLARATION)]
    if firm:
        o = max(firm, key=lambda d: d.from_)  # as the engine does
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


def _span(law: Law, code: str, basis: Basis | None) -> tuple[date | None, date | None, str]:
    """Since and until when a membership or territorial duty holds, and a short reason."""
    territory = law.territories.get(code) if basis is Basis.TERRITORY else None
    state = law.states.get(territory.sovereign if territory and territory.sovereign else code)
    if state is None:
        return None, None, "no duty to arrest"
    end = state.withdrawal_effective
    until = date.fromordinal(end.toordinal() - 1) if end else None
    if territory is None:
        return state.entry_into_force, until, f"State party since {state.entry_into_force}"
    if territory.coverage == "extended" and territory.from_:
        return (
            territory.from_,
            until,
            f"{the(state.name, True)} extended the Statute to it from {territory.from_}",
        )
    return state.entry_into_force, until, f"part of {the(state.name)}, a State party"


def duties(law: Law, places: Iterable[Place], on: date) -> list[Duty]:
    """`duty` for every place, in the order given."""
    return [duty(law, p, on) for p in places]


def basis_label(d: Duty) -> str:
    """A short group name for a duty: party, territory, referral, ..., uncertain or none."""
    if d.basis is not None:
        return d.basis.value
    return "uncertain" if d.status == "uncertain" else "none"
