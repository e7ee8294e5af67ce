"""What changed: every dated event in the data as one log, with the verdicts each one changes.

An event is a fact with a date in a record: a warrant issued or ended, a state's signature,
deposit, entry into force or withdrawal, a territorial extension, a Security Council referral or
an art. 12(3) declaration beginning or ending, a finding of the Court. For the events that take
effect on their day, the log also says which answers change: the verdict the day before and on
the day, compared by the same engine as `check`, never re-derived here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from travelrisk.law.english import possessive, the
from travelrisk.law.events import EVENT_TYPES
from travelrisk.law.evidence import strongest_first
from travelrisk.law.model import Source, Status

if TYPE_CHECKING:
    from travelrisk.data.dataset import Dataset
    from travelrisk.law.model import Place, StateParty, Suspect

# The kinds of change, in the order `--kind` lists them.
SUSPECT_KINDS = tuple(sorted(EVENT_TYPES))  # the events of a suspect's record
STATE_KINDS = (
    "signature",
    "deposit",
    "entry_into_force",
    "withdrawal_announced",
    "withdrawal_notified",
    "withdrawal_revoked",
    "withdrawal_effective",
    "instrument_withdrawn",
)
OTHER_KINDS = ("extension", "referral", "declaration", "continuing_duty", "duty_ended", "finding")
KINDS = SUSPECT_KINDS + STATE_KINDS + OTHER_KINDS


@dataclass(frozen=True)
class Effect:
    """One answer that an event changes: `place`'s verdict for `suspect`, the day before and on."""

    suspect_id: str
    suspect_name: str
    place: str
    place_name: str
    before: Status
    after: Status

    def to_dict(self) -> dict[str, str]:
        return {
            "suspect_id": self.suspect_id,
            "suspect_name": self.suspect_name,
            "place": self.place,
            "place_name": self.place_name,
            "before": self.before.value,
            "after": self.after.value,
        }


@dataclass(frozen=True)
class Change:
    """A dated event in the data, what it changes, and how well it is sourced."""

    date: date
    kind: str
    subject: str  # a suspect id, or a place's code
    subject_name: str
    what: str
    confirmed: bool
    sources: tuple[Source, ...] = ()
    effects: tuple[Effect, ...] = field(default=())
    suspect: str | None = None  # the suspect concerned, where there is one
    places: tuple[str, ...] = ()  # the places concerned, where there are any

    @property
    def source(self) -> Source | None:
        """The strongest source."""
        return self.sources[0] if self.sources else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "kind": self.kind,
            "subject": self.subject,
            "subject_name": self.subject_name,
            "what": self.what,
            "confirmed": self.confirmed,
            "effects": [e.to_dict() for e in self.effects],
            "sources": [{"title": s.title, "url": s.url} for s in self.sources],
        }


# -- collecting the events ----------------------------------------------------------------------
def changes(
    dataset: Dataset,
    since: date | None = None,
    until: date | None = None,
    suspect: str | None = None,
    place: str | None = None,
    kinds: Iterable[str] = (),
) -> list[Change]:
    """Every dated event in `dataset` between `since` and `until` (inclusive), newest first,
    optionally only for one suspect, one place or some kinds, each with the answers it changes.

    `suspect` and `place` are resolved as `check` resolves them (errors as there).
    """
    wanted_kinds = frozenset(kinds)
    unknown = wanted_kinds - set(KINDS)
    if unknown:
        from travelrisk.errors import InputError

        raise InputError(
            f"unknown kind of change {sorted(unknown)[0]!r}; known: {', '.join(KINDS)}"
        )
    the_suspect = dataset.suspect(suspect) if suspect is not None else None
    the_place = dataset.place(place) if place is not None else None

    def in_window(c: Change) -> bool:
        return (
            (since is None or c.date >= since)
            and (until is None or c.date <= until)
            and (not wanted_kinds or c.kind in wanted_kinds)
        )

    found = []
    said: set[tuple[date, str, str]] = set()  # (day, suspect, place) of the effects said so far
    events = sorted(filter(in_window, _events(dataset)), key=lambda c: (c.date, _rank(c)))
    for c in events:
        if the_suspect is not None and c.suspect not in (None, the_suspect.id):
            continue
        c = _with_effects(dataset, c, the_suspect, the_place)
        # Two events of one day (an entry into force and the end of a declaration it replaces)
        # change the same answers: they are told once, under the first.
        fresh = tuple(e for e in c.effects if (c.date, e.suspect_id, e.place) not in said)
        said.update((c.date, e.suspect_id, e.place) for e in c.effects)
        c = replace(c, effects=fresh)
        if the_suspect is not None and c.suspect is None and not c.effects:
            continue  # a state's event that changes nothing for this suspect
        if the_place is not None and the_place.code not in c.places and not c.effects:
            continue  # a suspect's event that changes nothing in this place
        found.append(c)
    found.sort(key=lambda c: (-c.date.toordinal(), _rank(c)))  # newest first
    return found


def _rank(c: Change) -> tuple[int, str]:
    return KINDS.index(c.kind), c.subject


def _events(dataset: Dataset) -> Iterator[Change]:
    for s in dataset.suspects.values():
        yield from _suspect_events(s)
    for state in dataset.states.values():
        yield from _state_events(state)
    for t in dataset.territories.values():
        if t.from_ is None or t.coverage not in ("extended", "excluded"):
            continue
        sovereign = dataset.states.get(t.sovereign or "")
        whose = possessive(sovereign.name) if sovereign else "its sovereign's"
        if t.coverage == "extended":
            what = f"{whose[0].upper()}{whose[1:]} ratification extended to {the(t.name)}"
        else:
            what = f"{the(t.name, True)} excluded from {whose} ratification"
        yield Change(
            t.from_,
            "extension",
            t.code,
            t.name,
            what,
            not t.unverified,
            _strongest(t.sources),
            places=(t.code,),
        )
    for obligations in dataset.obligations.values():
        for o in obligations:
            name = _place_name(dataset, o.state)
            situations = ", ".join(
                dict.fromkeys(
                    dataset.situations[s].name for s in o.situations if s in dataset.situations
                )
            )
            kind = o.basis.value if o.basis.value in OTHER_KINDS else "referral"
            yield Change(
                o.from_,
                kind,
                o.state,
                name,
                f"{the(name, True)} bound for the {situations} ({o.instrument})",
                "from" not in o.unverified,
                _strongest(o.sources),
                places=(o.state,),
            )
            if o.until is not None:
                yield Change(
                    o.until + timedelta(days=1),
                    "duty_ended",
                    o.state,
                    name,
                    f"{possessive(name, True)} duty for the {situations} ({o.instrument}) ended "
                    f"on {o.until.isoformat()}",
                    "until" not in o.unverified,
                    _strongest(o.sources),
                    places=(o.state,),
                )
    for f in dataset.findings:
        if f.decision is None:
            continue
        name = _place_name(dataset, f.state)
        suspect = dataset.suspects.get(f.suspect)
        who = suspect.name if suspect else f.suspect
        yield Change(
            f.decision,
            "finding",
            f.state,
            name,
            f"The Court found that {the(name)} failed to arrest {who} ({f.outcome})",
            True,
            _strongest(f.sources),
            suspect=f.suspect,
            places=(f.state,),
        )


def _suspect_events(s: Suspect) -> Iterator[Change]:
    for e in s.events:
        # Reported: all the record's events, or this kind of event (`events.surrendered`).
        shaky = bool({"events", f"events.{e.type}", f"events.{e.type}.date"} & set(s.unverified))
        words = e.type.replace("_", " ")
        what = f"{s.name}: {words}" + (f" ({e.note})" if e.note else "")
        yield Change(
            e.date,
            e.type,
            s.id,
            s.name,
            what,
            not shaky,
            _strongest(s.sources),
            suspect=s.id,
        )


def _state_events(state: StateParty) -> Iterator[Change]:
    def change(day: date | None, kind: str, what: str, fact: str) -> Iterator[Change]:
        if day is not None:
            yield Change(
                day,
                kind,
                state.code,
                state.name,
                what,
                fact not in state.unverified,
                _strongest(state.sources),
                places=(state.code,),
            )

    name = the(state.name, True)
    yield from change(state.signature, "signature", f"{name} signed the Statute", "signature")
    yield from change(
        state.deposit,
        "deposit",
        f"{name} deposited its instrument of {state.instrument}",
        "deposit",
    )
    yield from change(
        state.entry_into_force,
        "entry_into_force",
        f"The Statute entered into force for {the(state.name)}",
        "entry_into_force",
    )
    for a in state.announcements:
        yield from change(
            a.date,
            "withdrawal_announced",
            f"{name} announced a withdrawal, with no notification deposited (no legal effect)",
            "announcements",
        )
    for w in state.withdrawals:
        notified = "withdrawals.notified"
        yield from change(
            w.notified,
            "withdrawal_notified",
            f"{name} notified its withdrawal, to take effect {w.effective.isoformat()}",
            notified,
        )
        if w.revoked is not None:
            yield from change(
                w.revoked,
                "withdrawal_revoked",
                f"{name} revoked its withdrawal before it took effect: it stays a party",
                "withdrawals.revoked",
            )
            if "withdrawals.revoked" in state.unverified:  # then that day can change answers
                yield from change(
                    w.effective,
                    "withdrawal_effective",
                    f"{possessive(state.name, True)} withdrawal would have taken effect, but for "
                    f"its revocation of {w.revoked.isoformat()}",
                    "withdrawals.revoked",
                )
        else:
            yield from change(
                w.effective,
                "withdrawal_effective",
                f"{possessive(state.name, True)} withdrawal took effect",
                notified,
            )
    yield from change(
        state.instrument_withdrawn,
        "instrument_withdrawn",
        f"{name} withdrew its instrument before the Statute entered into force for it",
        "instrument_withdrawn",
    )


def _strongest(sources: Iterable[Source]) -> tuple[Source, ...]:
    return tuple(strongest_first(sources))


# -- what each event changes --------------------------------------------------------------------
# The kinds after which an answer can differ from the day before.
_TAKE_EFFECT = frozenset(
    {
        "warrant_issued",
        "warrant_possibly_issued",
        "surrendered",
        "warrant_withdrawn",
        "proceedings_terminated",
        "died",
        "entry_into_force",
        "withdrawal_effective",
        "withdrawal_revoked",
        "extension",
        "referral",
        "declaration",
        "continuing_duty",
        "duty_ended",
    }
)


def _with_effects(
    dataset: Dataset, c: Change, only_suspect: Suspect | None, only_place: Place | None
) -> Change:
    if c.kind not in _TAKE_EFFECT:
        return c
    before_day = c.date - timedelta(days=1)
    effects: list[Effect] = []
    if c.suspect is not None:
        s = dataset.suspects[c.suspect]
        places = [only_place] if only_place is not None else dataset.places()
        effects.extend(_compare_all(dataset, s, places, before_day, c.date))
    else:
        suspects = [only_suspect] if only_suspect is not None else dataset.suspects.values()
        places = [
            dataset.place(code)
            for code in _affected_places(dataset, c)
            if only_place is None or code == only_place.code
        ]
        for s in suspects:
            first = s.first_issued
            if first is None or first > c.date:
                continue  # no warrant yet: nothing to change
            effects.extend(_compare_all(dataset, s, places, before_day, c.date))
    # The most recent warrants first: those are the answers a reader is likeliest to look for.
    recent = {s.id: s.first_issued or date.min for s in dataset.suspects.values()}
    effects.sort(key=lambda e: (recent[e.suspect_id], e.suspect_id), reverse=True)
    return replace(c, effects=tuple(effects))


def _affected_places(dataset: Dataset, c: Change) -> list[str]:
    """The event's places, and a state's territories that follow it."""
    codes = list(c.places)
    if c.kind in ("entry_into_force", "withdrawal_effective", "withdrawal_revoked"):
        codes += [
            t.code
            for t in dataset.territories.values()
            if t.sovereign == c.subject and t.coverage == "follows_sovereign"
        ]
    return [code for code in codes if _known_place(dataset, code)]


def _place_name(dataset: Dataset, code: str) -> str:
    from travelrisk.errors import TravelriskError

    try:
        return dataset.place(code).name
    except TravelriskError:
        return code


def _known_place(dataset: Dataset, code: str) -> bool:
    from travelrisk.errors import TravelriskError

    try:
        dataset.place(code)
    except TravelriskError:
        return False
    return True


def _compare_all(
    dataset: Dataset, s: Suspect, places: Iterable[Place], before: date, on: date
) -> Iterator[Effect]:
    """The places whose verdict for `s` differs between `before` and `on`."""
    places = list(places)
    if not places:
        return
    # With no live warrant on a day, every place answers "no live warrant": one verdict tells
    # (not so where a warrant was possibly issued: that answer is "uncertain" in some places).
    maybe = any(e.type == "warrant_possibly_issued" for e in s.events)
    was_live = maybe or dataset.verdict_for(s, places[0], before).warrant.live
    now_live = maybe or dataset.verdict_for(s, places[0], on).warrant.live
    for p in places:
        was = dataset.verdict_for(s, p, before).status if was_live else Status.NO_LIVE_WARRANT
        now = dataset.verdict_for(s, p, on).status if now_live else Status.NO_LIVE_WARRANT
        if was is not now:
            yield Effect(s.id, s.name, p.code, p.name, was, now)


# -- wording ------------------------------------------------------------------------------------
def effect_text(e: Effect) -> str:
    """ "Putin: now obliged to arrest in Ukraine"."""
    return f"{e.suspect_name}: {_phrase(e.before, e.after)} in {the(e.place_name)}"


def _phrase(before: Status, after: Status) -> str:
    if after is Status.OBLIGED:
        return "now obliged to arrest"
    if after is Status.UNCERTAIN:
        return "now uncertain"
    if after is Status.NO_LIVE_WARRANT:
        return "no live warrant"
    return "no longer obliged to arrest" if before is Status.OBLIGED else "not obliged to arrest"


def effects_summary(c: Change, shown: int = 3) -> str:
    """The changed answers in a few words: a handful named, the rest counted."""
    if not c.effects:
        return ""
    if c.suspect is not None and len(c.effects) > shown:
        counts: dict[str, int] = {}
        for e in c.effects:
            phrase = _phrase(e.before, e.after)
            counts[phrase] = counts.get(phrase, 0) + 1
        said = ", ".join(
            f"{phrase} in {n} place{'s' if n != 1 else ''}"
            for phrase, n in sorted(counts.items(), key=lambda kv: -kv[1])
        )
        return f"{c.effects[0].suspect_name}: {said}"
    named = "; ".join(effect_text(e) for e in c.effects[:shown])
    more = len(c.effects) - shown
    return named + (f"; and {more} more" if more > 0 else "")
