"""The domain's value types: immutable records built from the data files, and the Verdict.

Records are NamedTuples because dozens of dataclasses cost tens of milliseconds to create at
import time, which the start-up budget of `travelrisk check` cannot afford; Verdict, the one type
users build on, is a frozen dataclass.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any, NamedTuple

from travelrisk.law.events import EVENTS_ENDING_WARRANT, EVENTS_STARTING_WARRANT


class Status(str, Enum):
    """What a verdict says about a duty to arrest."""

    OBLIGED = "obliged"
    NOT_OBLIGED = "not_obliged"
    NO_LIVE_WARRANT = "no_live_warrant"
    UNCERTAIN = "uncertain"
    # Only a LegResult takes these two: a verdict is always one of the four above.
    NOT_PRESENT = "not_present"  # an overflight: reported, but not on the territory
    ERROR = "error"  # the leg could not be checked

    def __str__(self) -> str:
        return self.value

    def __hash__(self) -> int:  # equal to its value, so hash like it: {"obliged": ...}[s] works
        return hash(self.value)


# The statuses a Verdict can have (a LegResult can also be NOT_PRESENT or ERROR).
VERDICT_STATUSES = (Status.OBLIGED, Status.NOT_OBLIGED, Status.NO_LIVE_WARRANT, Status.UNCERTAIN)


class Basis(str, Enum):
    """The legal ground of a duty to arrest."""

    PARTY = "party"
    TERRITORY = "territory"
    REFERRAL = "referral"
    DECLARATION = "declaration"
    CONTINUING_DUTY = "continuing_duty"

    def __str__(self) -> str:
        return self.value


class Source(NamedTuple):
    """A page or document a record cites; from the registry (data/sources.yaml) if it has an id.

    `kind` is court, depositary, un, government, ngo, press or reference (None: not declared,
    then read from the address); `read` is False for a page cited as quoted by the source `via`;
    `facts` are the fields of the citing record it establishes (empty: the record in general).
    """

    title: str
    url: str | None = None
    kind: str | None = None
    id: str | None = None
    publisher: str | None = None
    read: bool = True
    via: str | None = None
    document: str | None = None
    facts: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.title} <{self.url}>" if self.url else self.title


class Withdrawal(NamedTuple):
    """A notification of withdrawal under art. 127(1)."""

    notified: date
    effective: date
    revoked: date | None = None


class Announcement(NamedTuple):
    """A political announcement of withdrawal with no notification deposited: no legal effect."""

    date: date
    note: str


class StateParty(NamedTuple):
    code: str
    name: str
    signature: date | None
    instrument: str
    deposit: date
    entry_into_force: date | None
    instrument_withdrawn: date | None = None
    withdrawals: tuple[Withdrawal, ...] = ()
    announcements: tuple[Announcement, ...] = ()
    exception: str | None = None
    notes: str | None = None
    unverified: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()

    @property
    def withdrawal_effective(self) -> date | None:
        """The date a withdrawal took (or will take) effect; revoked withdrawals never do."""
        dates = [w.effective for w in self.withdrawals if w.revoked is None]
        return min(dates) if dates else None

    def party_on(self, on: date) -> bool:
        """Whether the Statute is in force for this state on `on`."""
        if self.entry_into_force is None or on < self.entry_into_force:
            return False
        end = self.withdrawal_effective
        return end is None or on < end


class Situation(NamedTuple):
    id: str
    name: str
    states: tuple[str, ...]
    case_prefix: str | None
    trigger: str
    preliminary_examination_opened: date | None
    investigation_opened: date | None
    notes: str | None = None
    sources: tuple[Source, ...] = ()


class Crime(NamedTuple):
    crime: str
    article: str | None = None


class Warrant(NamedTuple):
    # Not stored: the date of the warrant's own warrant_issued event (see `issue_dates`); None
    # where no source gives the day (the events then bound it).
    issued: date | None
    public: date | None
    crimes: tuple[Crime, ...] = ()


class Event(NamedTuple):
    date: date
    type: str
    note: str | None = None


def issue_dates(events: Iterable[tuple[date, str]]) -> list[date | None]:
    """The day each of a suspect's warrants was issued, in order, from its (date, type) events:
    a warrant's issue date is stored once, as its `warrant_issued` event, the n-th warrant's
    the n-th. Where a `warrant_possibly_issued` event comes before it, the event is only the
    last day the warrant may have been issued, so the day is not known (None)."""
    out: list[date | None] = []
    possibly = False
    for day, kind in events:  # in date order, as validation requires
        if kind == "warrant_possibly_issued":
            possibly = True
        elif kind in EVENTS_STARTING_WARRANT:
            out.append(None if possibly else day)
            possibly = False
    return out


class Office(NamedTuple):
    """An office held by a suspect: head of state or government, or minister, of `state`."""

    office: str
    state: str
    from_: date | None = None  # None: not given in the sources read
    until: date | None = None  # None: still held, or not given
    sources: tuple[Source, ...] = ()


class ImmunityClaim(NamedTuple):
    """A state's public claim that a suspect's official immunity bars arrest. Context only."""

    state: str
    date: date
    claim: str
    sources: tuple[Source, ...] = ()


class Suspect(NamedTuple):
    id: str
    name: str
    aliases: tuple[str, ...]
    nationality: tuple[str, ...]
    situation: str
    case: str | None
    warrants: tuple[Warrant, ...]
    events: tuple[Event, ...]
    notes: str | None = None
    unverified: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    offices: tuple[Office, ...] = ()
    immunity_claims: tuple[ImmunityClaim, ...] = ()
    sort_as: str | None = None  # the surname lists sort by, where the rule in roster.py fails

    @property
    def first_issued(self) -> date | None:
        dates = [e.date for e in self.events if e.type in EVENTS_STARTING_WARRANT]
        return min(dates) if dates else None


class Territory(NamedTuple):
    code: str
    name: str
    sovereign: str | None
    coverage: str  # follows_sovereign | extended | excluded | uncertain | none
    from_: date | None = None
    reason: str | None = None
    notes: str | None = None
    unverified: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()


class Obligation(NamedTuple):
    id: str
    state: str
    basis: Basis
    situations: tuple[str, ...]
    from_: date
    until: date | None
    instrument: str
    notes: str | None = None
    unverified: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()

    def holds_on(self, on: date) -> bool:
        return self.from_ <= on and (self.until is None or on <= self.until)


class Finding(NamedTuple):
    """A Court decision on a state's failure to arrest a visiting suspect. Context, never law."""

    id: str
    state: str
    suspect: str
    visit_from: date | None
    visit_to: date | None
    decision: date | None
    outcome: str
    referred_to: tuple[str, ...]
    summary: str
    sources: tuple[Source, ...] = ()


class Place(NamedTuple):
    """A place a traveller can be: an ISO 3166-1 entry or Kosovo."""

    code: str
    name: str
    note: str | None = None  # e.g. how an alias such as "Crimea" was read


class WarrantState(NamedTuple):
    """Whether a suspect's warrant is live on a date, and the event that made it so."""

    live: bool
    event: Event | None  # the last status-changing event on or before the date, if any

    def describe(self) -> str:
        if self.event is None:
            return "no warrant issued yet"
        what = self.event.type.replace("_", " ")
        text = f"{what} {self.event.date.isoformat()}"
        # Why a warrant ended matters ("after the Court confirmed his death"); an issue note
        # less so.
        ended = self.event.type in EVENTS_ENDING_WARRANT
        if not (ended and self.event.note):
            return text
        return f"{text} ({self.event.note.rstrip().rstrip('.')})"  # no ".)" in a sentence


@dataclass(frozen=True)
class Verdict:
    """The answer to: is `place` legally obliged to arrest `suspect` on `on`?"""

    suspect_id: str
    suspect_name: str
    situation: str
    place: Place
    on: date
    status: Status
    basis: Basis | None
    reason: str
    valid_from: date | None  # first day this verdict holds (None: since records begin)
    valid_until: date | None  # last day it holds (None: no end known in the data)
    warrant: WarrantState
    sources: tuple[Source, ...] = ()
    findings: tuple[Finding, ...] = ()
    caveats: tuple[str, ...] = ()
    as_of: date | None = None
    overlay: tuple[str, ...] = field(default=())
    bases: tuple[Basis, ...] = ()  # every ground that holds on the day, strongest first
    context_sources: tuple[Source, ...] = ()  # for the notes beside the verdict (immunity)

    @property
    def obliged(self) -> bool:
        return self.status is Status.OBLIGED

    @property
    def country(self) -> str:
        return self.place.code

    def to_dict(self) -> dict[str, Any]:
        """This verdict as data `json.dumps` can write (dates as YYYY-MM-DD, enums as their
        values): the same fields as `travelrisk check --format json`."""
        from travelrisk.law.as_data import verdict_dict

        return verdict_dict(self)


@dataclass(frozen=True)
class Receipt:
    """Which data an answer was given on: enough to show later, or to re-run it on that data."""

    data_version: str
    data_as_of: date | None
    data_digest: str  # SHA-256 of the data files' names and bytes (loader.data_digest)
    tool_version: str
    overlay: str | None = None  # the overlay folder, if one was used
    overlay_changes: tuple[str, ...] = ()

    # The receipt as CSV columns, appended to every CSV a command writes.
    FIELDS = ("data_as_of", "data_digest", "tool_version", "overlay", "overlay_dir")

    def row(self) -> dict[str, str]:
        """The receipt as flat CSV cells (FIELDS): `overlay` says what the overlay changed,
        `overlay_dir` is its folder; both are empty without one."""
        return {
            "data_as_of": self.data_as_of.isoformat() if self.data_as_of else "",
            "data_digest": self.data_digest,
            "tool_version": self.tool_version,
            "overlay": "; ".join(self.overlay_changes),
            "overlay_dir": self.overlay or "",
        }

    def to_dict(self) -> dict[str, object]:
        return {
            "data_version": self.data_version,
            "data_as_of": self.data_as_of.isoformat() if self.data_as_of else None,
            "data_digest": self.data_digest,
            "tool_version": self.tool_version,
            "overlay": self.overlay,
            "overlay_changes": list(self.overlay_changes),
        }
