"""The legal engine: pure functions from the data, a suspect, a place and a date to a verdict.

No I/O here. Every answer is computed by `_evaluate` for a single day. Time is cut into periods
in one place, `Cut`: between two consecutive days on which an input may change (entry into
force, withdrawal, territorial extension, warrant events, ...) the answer stays the same, so it
is asked once per period. `duty_cut` cuts what a place owes the Court in a situation; `cut`
cuts the answer for one suspect there, reading the place's side from the former. The window a
verdict holds over, `timeline`, the stays of a batch and the exported periods table all come
from them (`periods` lists a cut).
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from itertools import zip_longest
from typing import NamedTuple

from travelrisk.law.english import bare, possessive, the
from travelrisk.law.events import EVENTS_ENDING_WARRANT, EVENTS_STARTING_WARRANT
from travelrisk.law.evidence import strongest_first
from travelrisk.law.model import (
    Basis,
    Finding,
    Obligation,
    Office,
    Place,
    Situation,
    Source,
    StateParty,
    Status,
    Suspect,
    Territory,
    Verdict,
    WarrantState,
)
from travelrisk.law.rules import STATUTE_IN_FORCE

ONE_DAY = timedelta(days=1)
_STRENGTH = tuple(Basis)  # declared strongest first: party, territory, referral, declaration, ...
PART_9 = "arts. 86 and 89 oblige it to arrest and surrender"


class Law(NamedTuple):
    """The legal data the engine reads: states parties, territories, other duties, situations."""

    states: Mapping[str, StateParty]
    territories: Mapping[str, Territory]
    obligations: Mapping[str, tuple[Obligation, ...]]  # by state code
    situations: Mapping[str, Situation]
    findings: Sequence[Finding] = ()


class Period(NamedTuple):
    """A stretch of days over which the verdict for one suspect in one place stays the same."""

    start: date | None  # None: since records begin
    end: date | None  # inclusive; None: no end known in the data
    status: Status
    basis: Basis | None
    reason: str
    bases: tuple[Basis, ...] = ()  # every ground that holds, strongest first (`basis` leads)
    sources: tuple[Source, ...] = ()  # the sources of the place's duty (or of the warrant)
    # The reason with DAY where it names the day asked about ("not yet a party on 2024-01-31"),
    # or None where the same words hold on every day of the period. `reason` is the wording
    # on the period's first day (on its last, for a period since records begin).
    reason_template: str | None = None

    def reason_on(self, day: date) -> str:
        """The reason on `day`, one of the period's days."""
        if self.reason_template is None:
            return self.reason
        return self.reason_template.replace(DAY, day.isoformat())


# Stands for the day asked about in a period's `reason_template`.
DAY = "{day}"


class _Answer(NamedTuple):
    status: Status
    basis: Basis | None  # the strongest ground
    reason: str
    sources: tuple[Source, ...] = ()
    also: tuple[Basis, ...] = ()  # every other ground that holds the same day, strongest first

    @property
    def bases(self) -> tuple[Basis, ...]:
        return ((self.basis,) if self.basis else ()) + self.also

    @property
    def key(self) -> tuple[Status, tuple[Basis, ...]]:
        return (self.status, self.bases)


def states_parties(states: Iterable[StateParty], on: date) -> set[str]:
    """The codes of the states for which the Statute is in force on `on`."""
    return {s.code for s in states if s.party_on(on)}


def warrant_state(suspect: Suspect, on: date) -> WarrantState:
    """Whether the suspect has a live warrant on `on`: issued, and not executed or ended."""
    # The latest event by `on` that starts or ends a warrant (of one day, the last listed).
    last = None
    for event in suspect.events:
        if (
            event.date <= on
            and (last is None or event.date >= last.date)
            and (event.type in EVENTS_STARTING_WARRANT or event.type in EVENTS_ENDING_WARRANT)
        ):
            last = event
    return WarrantState(last is not None and last.type in EVENTS_STARTING_WARRANT, last)


def _situation_name(law: Law, situation: str) -> str:
    found = law.situations.get(situation)
    return found.name if found else situation


def _membership(law: Law, state: StateParty, on: date) -> _Answer | None:
    if not state.party_on(on):
        return None
    assert state.entry_into_force is not None
    reason = f"{the(state.name, True)} is a State party since {state.entry_into_force}; {PART_9}"
    pending = [w for w in state.withdrawals if w.revoked is None and w.notified <= on]
    if pending:
        w = pending[0]
        reason += f" (its withdrawal, notified {w.notified}, takes effect {w.effective})"
    return _Answer(Status.OBLIGED, Basis.PARTY, reason, state.sources)


def _not_party_reason(law: Law, code: str, name: str, on: date, start: bool = True) -> str:
    state = law.states.get(code)
    if state is None:
        return f"{the(name, start)} is not a party to the Rome Statute"
    if state.entry_into_force is None:
        return (
            f"{the(name, start)} withdrew its instrument on {state.instrument_withdrawn}, before "
            "the Statute entered into force for it, so it never became a party"
        )
    if on < state.entry_into_force:
        return (
            f"{the(name, start)} is not yet a party on {on}: the Statute enters into force for "
            f"it on {state.entry_into_force}"
        )
    return (
        f"{the(name, start)} left the Statute: its withdrawal took effect on "
        f"{state.withdrawal_effective}"
    )


def _territory(law: Law, territory: Territory, on: date) -> _Answer | None:
    """The answer a territory's own coverage gives, or None where only its sovereign's would."""
    sovereign = law.states.get(territory.sovereign) if territory.sovereign else None
    sov_party = sovereign is not None and sovereign.party_on(on)
    sources = territory.sources
    name = territory.name
    if territory.coverage == "follows_sovereign":
        if sovereign is not None and sov_party:
            answer = _membership(law, sovereign, on)
            assert answer is not None
            reason = (
                f"{the(name, True)} is part of {the(sovereign.name)} for the Statute's purposes; "
                f"{answer.reason}"
            )
            return _Answer(Status.OBLIGED, Basis.TERRITORY, reason, sources + sovereign.sources)
        return None
    if territory.coverage == "extended":
        assert territory.from_ is not None and sovereign is not None
        if sov_party and on >= territory.from_:
            reason = (
                f"{the(sovereign.name, True)}, a State party, extended the Statute to "
                f"{the(name)} from {territory.from_}; {PART_9}"
            )
            return _Answer(Status.OBLIGED, Basis.TERRITORY, reason, sources + sovereign.sources)
        if sov_party:
            reason = (
                f"{the(sovereign.name, True)} had not yet extended the Statute to {the(name)} "
                f"(it applies from {territory.from_})"
            )
            return _Answer(Status.NOT_OBLIGED, None, reason, sources)
        return None
    if territory.coverage == "uncertain":
        if sovereign is None or sov_party:
            return _Answer(
                Status.UNCERTAIN,
                None,
                f"Coverage of {the(name)} is not established: {bare(territory.reason or '')}",
                sources,
            )
        return None
    # excluded, none
    reason = f"{the(name, True)}: {bare(territory.reason or '')}"
    return _Answer(Status.NOT_OBLIGED, None, reason, sources)


def continuing_duties(law: Law, code: str) -> tuple[Obligation, ...]:
    """Art. 127(2), derived for every withdrawal that takes effect: the state keeps a duty to
    cooperate in the investigations begun while it was a party. That is every situation whose
    investigation opened before the withdrawal took effect and, as the Court held for the
    Philippines, a situation on its own territory already under preliminary examination then."""
    state = law.states.get(code)
    end = state.withdrawal_effective if state is not None else None
    if state is None or end is None:
        return ()
    covered = tuple(
        s.id
        for s in law.situations.values()
        if (s.investigation_opened is not None and s.investigation_opened < end)
        or (
            code in s.states
            and s.preliminary_examination_opened is not None
            and s.preliminary_examination_opened < end
        )
    )
    if not covered:
        return ()
    return (
        Obligation(
            id=f"{code.lower()}-127-2",
            state=code,
            basis=Basis.CONTINUING_DUTY,
            situations=covered,
            from_=end,
            until=None,
            instrument=f"Rome Statute art. 127(2) (withdrawal effective {end})",
            sources=state.sources,
        ),
    )


def duties_of(law: Law, code: str) -> tuple[Obligation, ...]:
    """Every duty of `code` that is not membership: those in the data, then art. 127(2)'s."""
    listed = tuple(law.obligations.get(code, ()))
    derived = tuple(
        d
        for d in continuing_duties(law, code)
        if not any(o.basis is Basis.CONTINUING_DUTY for o in listed)
    )
    return listed + derived


# The open question of art. 127(2), asked of anyone on the state's territory; of its own
# national at home, it is asked so (a senator in his own country is not a visitor).
UNTESTED_ARREST = (
    "whether that duty extends to arresting a suspect on its territory is legally untested"
)
UNTESTED_ARREST_OF_NATIONAL = (
    "whether that duty extends to arresting one of its own nationals in his or her own country, "
    "to surrender to the Court, is legally untested"
)


def _other_duty(law: Law, code: str, situation: str, on: date) -> _Answer | None:
    duties = [o for o in duties_of(law, code) if situation in o.situations and o.holds_on(on)]
    firm = [o for o in duties if o.basis in (Basis.REFERRAL, Basis.DECLARATION)]
    sit = _situation_name(law, situation)
    if firm:
        # Every ground that holds, strongest first; of one kind, the latest instrument speaks.
        latest = {o.basis: o for o in sorted(firm, key=lambda d: d.from_)}
        order = sorted(latest.values(), key=lambda d: _STRENGTH.index(d.basis))
        clauses = []
        for o in order:
            until = f" until {o.until}" if o.until else ""
            how = "a UN Security Council referral" if o.basis is Basis.REFERRAL else "rule 44"
            clauses.append(f"by {o.instrument} ({how}), from {o.from_}{until}")
        reason = f"Bound to cooperate fully in the {sit}, arrest included, " + ", and ".join(
            clauses
        )
        sources = tuple(dict.fromkeys(src for o in order for src in o.sources))
        also = tuple(o.basis for o in order[1:])
        return _Answer(Status.OBLIGED, order[0].basis, reason, sources, also)
    if duties:
        o = duties[0]
        reason = (
            f"Art. 127(2): having withdrawn (effective {o.from_}), it keeps a duty to cooperate in "
            f"investigations and proceedings that began while it was a party, such as the {sit}; "
            f"{UNTESTED_ARREST}"
        )
        return _Answer(Status.UNCERTAIN, Basis.CONTINUING_DUTY, reason, o.sources)
    return None


# An answer as a function of the day (what a place owes on it, or a verdict on it).
_AnswerOn = Callable[[date], _Answer]


def _evaluate(
    law: Law, suspect: Suspect, place: Place, on: date, owed: _AnswerOn | None = None
) -> _Answer:
    """The answer on `on`; `owed` gives the place's duty on a day (default: `place_duty`)."""
    if owed is None:
        owed = functools.partial(place_duty, law, place, suspect.situation)
    return _answer(law, suspect, place, owed, on)


def _answer(law: Law, suspect: Suspect, place: Place, owed: _AnswerOn, on: date) -> _Answer:
    ws = warrant_state(suspect, on)
    if not ws.live:
        possible = ws.event is None and [
            e for e in suspect.events if e.type == "warrant_possibly_issued" and e.date <= on
        ]
        if possible:
            duty = owed(on)
            if duty.status in (Status.OBLIGED, Status.UNCERTAIN):
                reason = (
                    f"A warrant for {suspect.name} may already have been issued on "
                    f"{possible[-1].date}, as reported, but that date is not established "
                    f"({possible[-1].note}); if it was, {_lower_first(duty.reason)}"
                )
                return _Answer(Status.UNCERTAIN, None, reason, suspect.sources)
        if ws.event is None:
            first = suspect.first_issued
            reason = f"No warrant for {suspect.name} existed yet: the first was issued {first}"
        else:
            reason = f"{suspect.name} has no live ICC arrest warrant on {on}: {ws.describe()}"
        return _Answer(Status.NO_LIVE_WARRANT, None, reason, suspect.sources)
    answer = owed(on)
    if place.code in suspect.nationality and UNTESTED_ARREST in answer.reason:
        at_home = answer.reason.replace(UNTESTED_ARREST, UNTESTED_ARREST_OF_NATIONAL)
        answer = answer._replace(reason=at_home)
    return answer


def reported_facts(state: StateParty) -> list[tuple[str, StateParty]]:
    """The facts about `state` that only weak sources report, each with the record as it would
    be without that fact. A withdrawal's notification or revocation that no primary source
    confirms is listed in `unverified` as `withdrawals.notified` or `withdrawals.revoked`."""
    facts: list[tuple[str, StateParty]] = []
    for i, w in enumerate(state.withdrawals):
        others = state.withdrawals[:i] + state.withdrawals[i + 1 :]
        if "withdrawals.notified" in state.unverified:
            text = (
                f"{possessive(state.name, True)} withdrawal (reported as notified {w.notified}, to "
                f"take effect {w.effective}) is not confirmed by a UN depositary notification"
            )
            facts.append((text, state._replace(withdrawals=others)))
        if "withdrawals.revoked" in state.unverified and w.revoked is not None:
            text = (
                f"{possessive(state.name, True)} revocation of its withdrawal (reported for "
                f"{w.revoked}) is not confirmed by a UN depositary notification"
            )
            unrevoked = (*others, w._replace(revoked=None))
            facts.append((text, state._replace(withdrawals=unrevoked)))
    return facts


def place_duty(law: Law, place: Place, situation: str, on: date) -> _Answer:
    """What `place` owes the Court on `on` for a live warrant in `situation`.

    A reported fact never decides on its own: where the answer without it would differ, the
    answer is uncertain and names the fact.
    """
    answer = _recorded_duty(law, place, situation, on)
    territory = law.territories.get(place.code)
    code = territory.sovereign if territory is not None and territory.sovereign else place.code
    state = law.states.get(code)
    if state is None:
        return answer
    for fact, without in reported_facts(state):
        other = _recorded_duty(
            law._replace(states={**law.states, code: without}), place, situation, on
        )
        if other.key != answer.key:
            reason = (
                f"{fact}: as recorded, {_lower_first(answer.reason)}; without it, "
                f"{_lower_first(other.reason)}"
            )
            return _Answer(Status.UNCERTAIN, None, reason, answer.sources)
    return answer


def _lower_first(text: str) -> str:
    """A reason as a clause inside another sentence ("Bound to ..." -> "bound to ...")."""
    first = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if first in {"Bound", "Art.", "No", "The"} else text


def _recorded_duty(law: Law, place: Place, situation: str, on: date) -> _Answer:
    """What `place` owes the Court on `on` for `situation`, taking every recorded fact as true."""
    code = place.code
    territory = law.territories.get(code)
    state = law.states.get(code)
    answer: _Answer | None = None
    if territory is not None and state is None:
        answer = _territory(law, territory, on)
    elif state is not None:
        answer = _membership(law, state, on)
    if answer is not None and answer.status is Status.OBLIGED:
        other = _other_duty(law, code, situation, on)
        if other is not None and other.status is Status.OBLIGED:
            reason = f"{answer.reason}; it is also {_lower_first(other.reason)}"
            sources = tuple(dict.fromkeys(answer.sources + other.sources))
            return answer._replace(reason=reason, sources=sources, also=other.bases)
        return answer
    if answer is not None and answer.status is not Status.NOT_OBLIGED:
        return answer
    other = _other_duty(law, code, situation, on)
    if other is not None:
        return other
    if answer is not None:
        return answer
    if territory is not None and territory.sovereign:
        sovereign = law.states.get(territory.sovereign)
        sov_name = sovereign.name if sovereign else territory.sovereign
        base = f"{the(place.name, True)} belongs to {the(sov_name)}; " + _not_party_reason(
            law, territory.sovereign, sov_name, on, start=False
        )
    else:
        base = _not_party_reason(law, code, place.name, on)
    sit = _situation_name(law, situation)
    reason = (
        f"{base}, and no Security Council referral or art. 12(3) declaration binds it in the {sit}"
    )
    elsewhere = [
        o for o in duties_of(law, code) if o.holds_on(on) and situation not in o.situations
    ]
    if elsewhere:
        names = (_situation_name(law, s) for o in elsewhere for s in o.situations)
        covered = "; ".join(f"the {n}" for n in dict.fromkeys(names))  # names hold commas
        reason += f" (its duty under {elsewhere[0].instrument} covers only {covered})"
    sources = (state.sources if state else ()) + (territory.sources if territory else ())
    return _Answer(Status.NOT_OBLIGED, None, reason, sources)


def place_change_days(law: Law, code: str) -> list[date]:
    """Every day on which what the place `code` owes the Court may change, in order: its (or
    its sovereign's) entry into force, withdrawals, territorial extension and other duties."""
    days: set[date] = set()
    codes = {code}
    territory = law.territories.get(code)
    if territory is not None:
        if territory.from_:
            days.add(territory.from_)
        if territory.sovereign:
            codes.add(territory.sovereign)
    for c in codes:
        state = law.states.get(c)
        if state is not None:
            if state.entry_into_force:
                days.add(state.entry_into_force)
            for w in state.withdrawals:  # revoked or not: a reported revocation may not hold
                days.update((w.notified, w.effective))
        for o in duties_of(law, c):
            days.add(o.from_)
            if o.until:
                days.add(o.until + ONE_DAY)
    return sorted(days)


def probe_days(first: date | None, last: date | None) -> tuple[date, date]:
    """The day a period is evaluated on, and a second day of it (the same, for a one-day period).

    A period since records begin is asked on its last day (if nothing ever changes, on the day
    the Statute entered into force).
    """
    if first is None:
        probe = last if last is not None else STATUTE_IN_FORCE
        return probe, probe - ONE_DAY
    return first, first + ONE_DAY if last is None or first < last else first


def _template(probe: date, reason: str, other: date, other_reason: str) -> str:
    """`reason`, with DAY where it names `probe`: found where the wording on `other` has `other`
    at the same place, so that a fixed date equal to the probe ("withdrawn on ...") stays."""
    a, b = probe.isoformat(), other.isoformat()
    if len(a) != len(b) or len(reason) != len(other_reason):
        raise ValueError(f"the wording changes otherwise than by its day: {reason!r}")
    out: list[str] = []
    done = 0  # reason[:done] is matched
    at = reason.find(a)
    while at != -1:
        if other_reason.startswith(b, at):  # the day, named in both
            if reason[done:at] != other_reason[done:at]:
                break
            out += (reason[done:at], DAY)
            done = at + len(a)
            at = reason.find(a, done)
        else:  # the same date as text, which must then read the same in both
            at = reason.find(a, at + 1)
    if reason[done:] != other_reason[done:]:
        raise ValueError(f"the wording changes otherwise than by its day: {reason!r}")
    out.append(reason[done:])
    return "".join(out)


class Cut:
    """The one period-cutter: an answer as a step function of the day.

    Time is cut at `days` (sorted, distinct; every day on which the answer may change) into a
    period since records begin, one from each day to the day before the next, and one with no
    end. Each period is worked out when first read, by asking `answer_on` on one of its days
    (`probe_days`) and, where the wording holds that day's date, on a second, to find whether
    it names the day (then kept as `reason_template`). `starts[i]` is the first day of period i
    (`date.min` for the first).
    """

    __slots__ = ("starts", "_answer_on", "_found")

    def __init__(self, days: Sequence[date], answer_on: _AnswerOn) -> None:
        self.starts: list[date] = [date.min, *days]
        self._answer_on = answer_on
        self._found: list[Period | None] | None = None  # made when a period is first kept

    def __len__(self) -> int:
        return len(self.starts)

    def __iter__(self) -> Iterator[Period]:
        return (self[i] for i in range(len(self.starts)))

    def __getitem__(self, i: int) -> Period:
        """Period i, worked out once and remembered."""
        kept = self._found
        if kept is None:
            kept = self._found = [None] * len(self.starts)
        found = kept[i]
        if found is None:
            found = kept[i] = self.period(i)
        return found

    def on(self, day: date) -> Period:
        """The period holding `day`."""
        return self[bisect_right(self.starts, day) - 1]

    def answer(self, day: date) -> _Answer:
        """The answer on `day`, read from the period holding it."""
        p = self[bisect_right(self.starts, day) - 1]
        also = p.bases[1:] if p.basis is not None else p.bases
        return _Answer(p.status, p.basis, p.reason_on(day), p.sources, also)

    def period(self, i: int) -> Period:
        """Period i, worked out afresh (for a caller that keeps what it needs of it)."""
        starts = self.starts
        first = starts[i] if i else None
        last = starts[i + 1] - ONE_DAY if i + 1 < len(starts) else None
        probe, other = probe_days(first, last)
        answer = self._answer_on(probe)
        template = None
        if other != probe and probe.isoformat() in answer.reason:  # it may name the day
            other_reason = self._answer_on(other).reason
            if other_reason != answer.reason:
                template = _template(probe, answer.reason, other, other_reason)
        return Period(
            first,
            last,
            answer.status,
            answer.basis,
            answer.reason,
            answer.bases,
            answer.sources,
            template,
        )


def period_on(found: Sequence[Period], day: date) -> Period:
    """The period of `found` (consecutive periods, as `periods` or `timeline` give) holding
    `day`."""
    starts = [date.min if p.start is None else p.start for p in found]
    return found[bisect_right(starts, day) - 1]


def duty_cut(law: Law, place: Place, situation: str) -> Cut:
    """What `place` owes the Court for a live warrant in `situation` (`place_duty`), cut at
    every day on which it may change. Shared by every suspect of the situation: `cut` reads
    the place's side from it."""
    owed = functools.partial(place_duty, law, place, situation)
    return Cut(place_change_days(law, place.code), owed)


def cut(law: Law, suspect: Suspect, place: Place, duties: Cut | None = None) -> Cut:
    """The answer for `suspect` in `place`, cut at every day on which an input to it may
    change: the place's (those of `duties`, its `duty_cut` in the suspect's situation, made
    here if not given) and the suspect's events."""
    if duties is None:
        duties = duty_cut(law, place, suspect.situation)
    days = {e.date for e in suspect.events}
    days.update(duties.starts[1:])  # the place's change days
    evaluate = functools.partial(_answer, law, suspect, place, duties.answer)
    return Cut(sorted(days), evaluate)


def periods(law: Law, suspect: Suspect, place: Place, duties: Cut | None = None) -> list[Period]:
    """Every stretch between two consecutive days on which an input to the answer may change,
    unmerged and in order, each with its answer: the verdict for this suspect and place as a
    step function of the day (every period of `cut`). `timeline` merges it; a batch joins legs
    against it. `duties`: the place's `duty_cut` in the suspect's situation, if already made
    (shared by the suspects of a situation)."""
    return list(cut(law, suspect, place, duties))


def timeline(
    law: Law, suspect: Suspect, place: Place, start: date | None = None, end: date | None = None
) -> list[Period]:
    """The periods over which the verdict changes, merged where status and basis stay the same
    (a merged period keeps the wording of its first part)."""
    merged: list[Period] = []
    for p in periods(law, suspect, place):
        if merged and (merged[-1].status, merged[-1].bases) == (p.status, p.bases):
            merged[-1] = merged[-1]._replace(end=p.end)
        else:
            merged.append(p)
    if start is not None:
        merged = [p for p in merged if p.end is None or p.end >= start]
    if end is not None:
        merged = [p for p in merged if p.start is None or p.start <= end]
    return merged


def cited(sources: Iterable[Source], warrant: Iterable[Source]) -> tuple[Source, ...]:
    """An answer's `sources` in the order to cite them: the strongest source for the place's
    duty, then the warrant's (`warrant`: the suspect's), and so on by turns."""
    place_sources, warrant_sources = strongest_first(sources), strongest_first(warrant)
    turns = [s for pair in zip_longest(place_sources, warrant_sources) for s in pair if s]
    return tuple(dict.fromkeys(turns))


def strongest_source(law: Law, suspect: Suspect, place: Place, on: date) -> Source | None:
    """The first source to cite for the answer on `on` (a verdict's first source)."""
    found = cited(_evaluate(law, suspect, place, on).sources, suspect.sources)
    return found[0] if found else None


def verdict(
    law: Law,
    suspect: Suspect,
    place: Place,
    on: date,
    as_of: date | None = None,
    overlay: tuple[str, ...] = (),
) -> Verdict:
    """The full, explained answer for one suspect in one place on one day."""
    answer = _evaluate(law, suspect, place, on)
    window = period_on(timeline(law, suspect, place), on)
    ws = warrant_state(suspect, on)
    caveats = list(_caveats(law, suspect, place, on, ws))
    findings = tuple(f for f in law.findings if f.state == place.code and f.suspect == suspect.id)
    context = _immunity_sources(law, suspect, place, on) if ws.live else ()
    sources = cited(answer.sources, suspect.sources)
    return Verdict(
        suspect_id=suspect.id,
        suspect_name=suspect.name,
        situation=_situation_name(law, suspect.situation),
        place=place,
        on=on,
        status=answer.status,
        basis=answer.basis,
        bases=answer.bases,
        context_sources=tuple(dict.fromkeys(context)),
        reason=answer.reason,
        valid_from=window.start,
        valid_until=window.end,
        warrant=ws,
        sources=sources,
        findings=findings,
        caveats=tuple(caveats),
        as_of=as_of,
        overlay=overlay,
    )


# The Court's holdings that official immunity does not bar arrest and surrender to it, by finding.
IMMUNITY_HOLDINGS = ("jordan-2017-al-bashir", "mongolia-2024-putin")


def _immunity_offices(law: Law, suspect: Suspect, place: Place, on: date) -> list[Office]:
    """The offices, held by `on`, of a state not party on `on` other than `place` itself."""
    return [
        o
        for o in suspect.offices
        if (o.from_ is None or o.from_ <= on)
        and o.state != place.code
        and not (o.state in law.states and law.states[o.state].party_on(on))
    ]


def _immunity_note(law: Law, suspect: Suspect, place: Place, on: date) -> str | None:
    """Context, never law: immunity claimed for a non-party's office holder, and what the Court
    held of such claims."""
    offices = _immunity_offices(law, suspect, place, on)
    if not offices:
        return None
    held = "; ".join(
        f"{o.office}" + (f" until {o.until}" if o.until and o.until < on else "") for o in offices
    )
    note = (
        f"Immunity (context; it does not change the verdict): {suspect.name} holds or held office "
        f"({held}) of a state not party to the Statute. The Court has held that such immunity "
        "does not bar arrest and surrender to it (Appeals Chamber, Jordan Referral re Al-Bashir, "
        "ICC-02/05-01/09-397, 6 May 2019; Pre-Trial Chamber II on Mongolia, 24 October 2024)"
    )
    claims = [c for c in suspect.immunity_claims if c.date <= on]
    if claims:
        said = "; ".join(f"{_state_name(law, c.state)} on {c.date}: {c.claim}" for c in claims)
        note += f". States have claimed otherwise ({said})"
    return note


def _state_name(law: Law, code: str) -> str:
    state = law.states.get(code)
    return the(state.name) if state else code


def _immunity_sources(law: Law, suspect: Suspect, place: Place, on: date) -> tuple[Source, ...]:
    offices = _immunity_offices(law, suspect, place, on)
    if not offices:
        return ()
    holdings = [f for f in law.findings if f.id in IMMUNITY_HOLDINGS]
    claims = [c for c in suspect.immunity_claims if c.date <= on]
    found = [*(s for f in holdings for s in f.sources), *(s for c in claims for s in c.sources)]
    return tuple(found) + tuple(s for o in offices for s in o.sources)


def _caveats(law: Law, suspect: Suspect, place: Place, on: date, ws: WarrantState) -> Iterable[str]:
    if place.note:
        yield place.note
    if ws.live:
        died = [e for e in suspect.events if e.type == "died" and e.date <= on]
        if died:
            yield (
                f"{suspect.name} was reported dead on {died[-1].date}; the warrant stands until "
                "the Court withdraws it or ends the proceedings"
            )
        arrested = [e for e in suspect.events if e.type == "arrested" and e.date <= on]
        if arrested:
            yield f"Arrested by a state on {arrested[-1].date} but not surrendered to the Court"
        sealed = [
            w
            for w in suspect.warrants
            if w.issued and w.issued <= on and w.public and w.public > on
        ]
        if sealed:
            yield (
                f"The warrant was under seal on {on} (made public on {sealed[0].public}): a "
                "state's duty to arrest arises from the Court's request to it, and a sealed "
                "warrant may not yet have been transmitted to that state"
            )
    note = _immunity_note(law, suspect, place, on)
    if ws.live and note:
        yield note
    # Only unconfirmed facts that can change this answer are worth a line (not, say, a
    # signature date or the article number of a charge).
    shaky = [f for f in suspect.unverified if f.startswith(("events", "warrants.issued"))]
    if shaky:
        yield f"Not confirmed in a source for {suspect.id}: {', '.join(shaky)}"
    state = law.states.get(place.code)
    if state is not None:
        for w in state.withdrawals:
            if w.notified <= on and w.revoked is not None and w.revoked <= on:
                yield (
                    f"{the(state.name, True)} notified a withdrawal on {w.notified} (to take "
                    f"effect {w.effective}) and revoked it on {w.revoked}, so it stayed a party"
                )
        relevant = {"deposit", "entry_into_force", "instrument_withdrawn"}
        if any(w.notified <= on for w in state.withdrawals):
            relevant.update({"withdrawals", "withdrawals.notified", "withdrawals.revoked"})
        shaky = [f for f in state.unverified if f in relevant]
        if shaky:
            yield f"Not confirmed in a source for {place.code}: {', '.join(shaky)}"
    territory = law.territories.get(place.code)
    if territory is not None and territory.unverified:
        yield f"Not confirmed in a source for {place.code}: {', '.join(territory.unverified)}"
