"""Checking itineraries, one result per leg: from one hand-written trip to millions of legs.

A leg is a suspect in a place over one or more days: a `stay` (the default), a `transit` (presence
on the territory, judged like a stay) or an `overflight` (reported, but not presence). A leg that
spans days is judged over the whole stay: the result gives the worst status on any day of it
(obliged > uncertain > not_obliged > no_live_warrant), the first and last day of the stay on which
that status holds, and an explanation that names the dates where the answer changes mid-stay.

`check_legs` never raises for a bad leg: an unknown suspect or place, a bad date, a missing column
or an empty value, a departure before the arrival, all become error results that carry the reason,
so that every input leg is accounted for, in order.

Speed: the answer for a suspect in a place only changes on a handful of days (entry into force,
withdrawals, warrant events, ...), so each (suspect, place) pair is cut once into the engine's
periods (`engine.cut`; what a place owes in a situation, `engine.duty_cut`, is cut once and
shared by all its suspects), and the answer for each kind and range of periods is kept: a leg
then costs a few look-ups, whatever its dates. The law is never worked out here, only looked up.
Every cache is bounded: memory depends on how many distinct names, places and stays the input
holds, never on its length.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta
from functools import cached_property
from itertools import count
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar
from weakref import WeakKeyDictionary

from travelrisk.batch.columns import PROBLEM_SEPARATOR
from travelrisk.errors import InputError
from travelrisk.law import engine
from travelrisk.law.clock import iso_day
from travelrisk.law.english import the
from travelrisk.law.model import (
    Basis,
    Finding,
    Place,
    Receipt,
    Source,
    Status,
    Suspect,
    WarrantState,
)
from travelrisk.law.wording import RANK, status_words

if TYPE_CHECKING:
    from travelrisk.data.dataset import Dataset

STAY = "stay"
TRANSIT = "transit"
OVERFLIGHT = "overflight"
KINDS = (STAY, TRANSIT, OVERFLIGHT)

# LegResult.status takes the four verdict statuses, plus these two.
NOT_PRESENT = Status.NOT_PRESENT  # an overflight: reported, but not on the territory
ERROR = Status.ERROR  # the leg could not be checked; `error` says why

# Statuses that mean a risk of arrest for a traveller who is present (the CLI's exit code 1).
RISK_STATUSES = frozenset({Status.OBLIGED, Status.UNCERTAIN})

# "Worst" first: obliged > uncertain > not_obliged > no_live_warrant.
_RANK = RANK
_STATUS_WORDS = status_words("word")

# The fields a leg is read from; column names are matched case-insensitively, whitespace ignored.
ROLES = ("suspect", "country", "date", "arrive", "depart", "kind", "trip")
# Other names accepted for a field, used only when the field's own name is absent.
ALIASES = {"traveller": "suspect", "traveler": "suspect"}


# The kind of each problem an error row can have, from the words its message begins with (after
# the field it names, if any: "arrive: not a date ..."; after the name, for an ambiguous one),
# for the summary of a batch. The first that fits is taken.
_PROBLEM_KINDS = (
    ("unknown suspect", r"no public ICC arrest warrant matches"),
    ("ambiguous suspect", r".* matches more than one person"),
    ("unknown place", r"unknown country or territory|country is the boolean false"),
    ("ambiguous place", r".* could mean more than one place"),
    ("bad date", r"not a date|expected a date|depart .* is before arrive|give either date"),
    ("missing or empty value", r"missing column|empty value"),
    ("unknown kind of leg", r"unknown kind"),
    ("duplicate field", r"duplicate field"),
    (
        "unreadable record",
        r"not a (usable )?JSON object|not a CSV record|this (record|row) has|a quote on this line"
        r"|a leg (or trip )?(of trip .* )?must be|trip .* has no legs|a value ",
    ),
)


@functools.lru_cache(maxsize=1)
def _problem_pattern() -> re.Pattern[str]:
    kinds = "|".join(f"(?P<k{i}>{pattern})" for i, (_, pattern) in enumerate(_PROBLEM_KINDS))
    return re.compile(rf"(?:[\w ]{{1,20}}: )?(?:{kinds})", re.DOTALL)


def problem_kinds(error: str) -> list[str]:
    """The kind of each problem in an error row's message ("unknown place", "bad date", ...;
    "other problem" for one not listed): what a batch's summary counts."""
    kinds = []
    for problem in error.split(PROBLEM_SEPARATOR):
        found = _problem_pattern().match(problem.strip())
        if found is None or found.lastgroup is None:
            kinds.append("other problem")
        else:
            kinds.append(_PROBLEM_KINDS[int(found.lastgroup[1:])][0])
    return kinds


ONE_DAY = timedelta(days=1)
_CACHE_LIMIT = 65536  # entries per cache; a full cache is cleared, which keeps memory flat
_UNSEEN: Any = object()


class Leg(NamedTuple):
    """One leg of an itinerary, as read: raw values, parsed and checked by `check_legs`.

    For each field, None means the input has no such column; "" means the value is empty.
    `on` is the `date` column (a one-day leg); otherwise `arrive` and `depart` bound the stay.
    `columns` and `values` are the original input fields, in order, passed through to outputs.
    `row` is the line number for CSV and JSON Lines input, the leg's position otherwise.
    `problem` is set by a reader that could not make a leg of its input (e.g. a line that is not
    JSON); the leg then gives an error result with that reason.
    """

    suspect: object = None
    country: object = None
    arrive: object = None  # date | str | None
    depart: object = None
    kind: object = None
    trip: object = None
    row: int = 0
    columns: tuple[str, ...] = ()
    values: Sequence[object] = ()
    on: object = None
    problem: str | None = None
    source: str | None = None  # the file the leg was read from, if any
    text: str | None = None  # the CSV record as written, when it is one line: passed through

    @property
    def fields(self) -> dict[str, object]:
        """The original input fields, by column name."""
        return dict(zip(self.columns, self.values, strict=False))

    @classmethod
    def from_mapping(
        cls, fields: Mapping[Any, Any], row: int = 0, source: str | None = None
    ) -> Leg:
        """A leg from a mapping of column names to values (names matched case-insensitively)."""
        columns = tuple(k if isinstance(k, str) else str(k) for k in fields)
        values = tuple(fields.values())
        key = getattr(fields, "duplicate", None)  # a key the reader saw twice (loader.Duplicated)
        twice = duplicate_problem(key, (key, key)) if key else None
        return cls.from_row(columns, values, row, source, twice)

    @classmethod
    def from_row(
        cls,
        columns: tuple[str, ...],
        values: Sequence[object],
        row: int = 0,
        source: str | None = None,
        problem: str | None = None,
    ) -> Leg:
        """A leg from a row of `values` under a header of `columns` (matched as for a mapping).
        A header that names a field twice (`country`, `COUNTRY`) makes it an error leg."""
        values = tuple(values)
        twice = problem or duplicate_field(columns)
        if twice is not None:
            return cls(row=row, columns=columns, values=values, problem=twice, source=source)
        roles = column_roles(columns)
        got = [values[roles[r]] if r in roles else None for r in ROLES]
        suspect, country, on, arrive, depart, kind, trip = got
        return cls(
            suspect, country, arrive, depart, kind, trip, row, columns, values, on, problem, source
        )


_roles_cache: dict[tuple[str, ...], dict[str, int]] = {}


def widened(result: LegResult, columns: Sequence[str], values: Sequence[object]) -> LegResult:
    """`result`, its leg carrying `values` as extra input columns named `columns` (written out
    after the input's own, in every format)."""
    leg = result.leg
    # The record is no longer the input as written: `text` (its raw line) no longer applies.
    wider = leg._replace(columns=(*leg.columns, *columns), values=(*leg.values, *values), text=None)
    return result._replace(leg=wider)


def duplicate_field(columns: Sequence[str]) -> str | None:
    """Why `columns` cannot make a leg if they name a field of a leg twice (`country` and
    `COUNTRY`, or `country` twice): the problem of every leg read under them; else None."""
    seen: dict[str, str] = {}
    for column in columns:
        name = column.strip().casefold()
        if name not in ROLES:
            continue
        if name in seen:
            return duplicate_problem(name, (seen[name], column))
        seen[name] = column
    return None


def duplicate_problem(name: str, given: Sequence[str]) -> str:
    spelt = ", ".join(repr(g) for g in given)
    return f"duplicate field {name!r} (given as {spelt}): give each field once"


def column_roles(columns: Sequence[str]) -> dict[str, int]:
    """Which column (by index) holds each field of a leg: {'suspect': 0, 'country': 2, ...}.

    Names are matched after stripping whitespace and casefolding; a field's own name wins over
    an alias (`traveller` for `suspect`). Columns naming one field twice make no legs at all
    (see `duplicate_field`); the readers give each leg under them that problem.
    """
    key = tuple(columns)
    found = _roles_cache.get(key)
    if found is not None:
        return found
    roles: dict[str, int] = {}
    names = [c.strip().casefold() for c in columns]
    for i, name in enumerate(names):
        if name in ROLES and name not in roles:
            roles[name] = i
    for i, name in enumerate(names):
        role = ALIASES.get(name)
        if role is not None and role not in roles:
            roles[role] = i
    if len(_roles_cache) >= 1024:
        _roles_cache.clear()
    _roles_cache[key] = roles
    return roles


class LegResult(NamedTuple):
    """The answer for one leg.

    `status` is a `Status`, as for a verdict (OBLIGED, UNCERTAIN, NOT_OBLIGED, NO_LIVE_WARRANT),
    or NOT_PRESENT for an overflight, or ERROR when the leg could not be checked; being a str
    enum, it also equals its value ("obliged", ..., "not_present", "error"). `basis` lists
    the legal grounds of the worst status, in date order (two where they change mid-stay).
    `from_` and `until` are the first and last day of the leg on which that status holds.
    `place_status` is the worst status of the place itself over the leg's days, whether or not
    the traveller is present there: for an overflight it says what a landing would mean.
    `obliged` is None for an error result: a leg that could not be checked is neither obliged
    nor not (CSV leaves the cell empty, JSON writes null).
    `source` is the first source to cite for that status (a verdict's first source: the
    strongest for the place's duty, else the warrant's); `data_as_of` the data's "as of" date,
    and `receipt` the rest of what shows which data the answer rests on (see `Receipt`);
    `crossings` what a flight's track crosses (None but for a flight).
    """

    leg: Leg
    suspect: Suspect | None
    place: Place | None
    status: Status
    obliged: bool | None
    basis: tuple[Basis, ...]
    from_: date | None
    until: date | None
    explanation: str
    error: str | None
    place_status: Status | None
    source: Source | None = None
    data_as_of: date | None = None
    receipt: Receipt | None = None
    # For a `kind: flight` leg, the places its track crosses, in order, as JSON-ready mappings
    # (see routes.flights.crossing_dicts); None for every other leg.
    crossings: tuple[Mapping[str, object], ...] | None = None

    @property
    def row(self) -> int:
        return self.leg.row

    @property
    def at_risk(self) -> bool:
        """Whether the traveller is present in a place that is obliged, or may be, to arrest."""
        return self.status in RISK_STATUSES

    def to_dict(self) -> dict[str, Any]:
        """This result as data `json.dumps` can write (dates as YYYY-MM-DD, enums as their
        values): the leg's input fields under "leg", the suspect, then the same verdict fields
        as `travelrisk batch --format json` (`obliged` None for an error)."""
        from travelrisk.batch.columns import result_fields

        who = self.suspect
        return {
            "leg": {c: _plain(v) for c, v in self.leg.fields.items()},
            "suspect": {"id": who.id, "name": who.name} if who else None,
            **result_fields(self),
        }


def _plain(value: object) -> object:
    """An input value as JSON can write it: text, a finite number, a boolean, None or a date."""
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return value if abs(value) < 2**63 else f"<an integer of {value.bit_length()} bits>"
    if isinstance(value, float) and value == value and abs(value) != float("inf"):
        return value
    return repr(value)[:200]


class _Judgement(NamedTuple):
    """What a leg's periods say, before the leg's own dates clip it (cached by period range)."""

    status: Status
    obliged: bool
    basis: tuple[Basis, ...]
    explanation: str | None  # None: depends on the leg's days; built for each leg
    worst_start: date  # the worst status holds from this day ...
    worst_end: date  # ... until this one, within the periods
    place_status: Status
    source: Source | None  # the first to cite for the worst status


class PairHistory:
    """A suspect in a place, as the engine cuts it (`engine.cut`, the place's side read from
    the checker's `engine.duty_cut`, shared by the suspects of a situation). A stretch without
    a live warrant is worded without its day, so that one text serves it all.

    Judges legs: the periods a leg's days fall in decide its answer, cached by kind and period
    range: a leg costs two bisections and a look-up.
    """

    __slots__ = ("checker", "suspect", "place", "cut", "starts", "worded", "findings", "judged")

    def __init__(self, checker: LegChecker, suspect: Suspect, place: Place) -> None:
        self.checker = checker
        self.suspect = suspect
        self.place = place
        law = checker.law
        self.cut = engine.cut(law, suspect, place, checker._duties_for(place, suspect.situation))
        # Period i runs from starts[i] to the day before starts[i + 1] (the last: open-ended).
        self.starts: list[date] = self.cut.starts
        self.worded: list[engine.Period | None] = [None] * len(self.starts)  # see `period`
        self.findings = tuple(
            f for f in law.findings if f.state == place.code and f.suspect == suspect.id
        )
        self.judged: dict[int, _Judgement] = {}

    def judge(self, leg: Leg, first: date, last: date, kind: int) -> LegResult:
        """The result for `leg`, a stay from `first` to `last` of kind KINDS[kind]."""
        starts = self.starts
        i0 = bisect_right(starts, first) - 1
        i1 = bisect_right(starts, last) - 1
        judged = self.judgement(i0, i1, kind)
        explanation = judged.explanation
        if explanation is None:
            explanation = self.explain(i0, i1, KINDS[kind], first)
        if self.findings:
            explanation += _context(self.findings, first, last)
        start = judged.worst_start
        end = judged.worst_end
        return tuple.__new__(
            LegResult,
            (
                leg,
                self.suspect,
                self.place,
                judged.status,
                judged.obliged,
                judged.basis,
                first if first > start else start,
                last if last < end else end,
                explanation,
                None,
                judged.place_status,
                judged.source,
                self.checker.as_of,
                self.checker.receipt,
                None,
            ),
        )

    def judgement(self, i0: int, i1: int, kind: int) -> _Judgement:
        """What periods i0 to i1 say for a leg of kind KINDS[kind], remembered."""
        key = (i0 << 20) | (i1 << 2) | kind
        judged = self.judged.get(key)
        if judged is None:
            if len(self.judged) >= 1024:
                self.judged.clear()
            judged = self.judged[key] = self._judgement(i0, i1, KINDS[kind])
        return judged

    def day_bound(self, judged: _Judgement) -> bool:
        """Whether a leg's explanation depends on its own days, not only on its periods."""
        return judged.explanation is None or bool(self.findings)

    def end(self, i: int) -> date:
        return self.starts[i + 1] - ONE_DAY if i + 1 < len(self.starts) else date.max

    def period(self, i: int) -> engine.Period:
        """What period i says, as a leg's explanation words it, with its dates dropped (they
        are in `starts`): one copy shared by every pair and period that say the same."""
        found = self.worded[i]
        if found is None:
            found = self.worded[i] = self.checker._worded(self.suspect, self.cut.period(i))
        return found

    def _judgement(self, i0: int, i1: int, kind: str) -> _Judgement:
        if i0 == i1:  # most legs: one period, whose text other suspects may share
            seg = self.period(i0)
            explanation = None
            if seg.reason_template is None:
                explanation = self.checker._framed(
                    seg.reason, seg.status, kind, self.place, self.suspect
                )
            status = NOT_PRESENT if kind == OVERFLIGHT else seg.status
            basis: tuple[Basis, ...] = (
                (seg.basis,) if seg.basis is not None and kind != OVERFLIGHT else ()
            )
            return _Judgement(
                status,
                status is Status.OBLIGED,
                basis,
                explanation,
                self.starts[i0],
                self.end(i0),
                seg.status,
                self._source(i0),
            )
        spans = [self.period(i) for i in range(i0, i1 + 1)]
        worst = max(spans, key=lambda s: _RANK[s.status]).status
        worst_idx = [i0 + j for j, s in enumerate(spans) if s.status is worst]
        basis = tuple(dict.fromkeys(s.basis for s in spans if s.status is worst and s.basis))
        day_bound = any(s.reason_template is not None for s in spans)
        explanation = None if day_bound else self.checker._text(self.explain(i0, i1, kind, None))
        status = NOT_PRESENT if kind == OVERFLIGHT else worst
        obliged = status is Status.OBLIGED
        return _Judgement(
            status,
            obliged,
            basis if kind != OVERFLIGHT else (),
            explanation,
            self.starts[worst_idx[0]],
            self.end(worst_idx[-1]),
            worst,
            self._source(worst_idx[0]),
        )

    def _source(self, i: int) -> Source | None:
        """The first source to cite for period i's answer (as a verdict on its day cites;
        `engine.strongest_source`, without asking the engine again)."""
        found = engine.cited(self.period(i).sources, self.suspect.sources)
        return found[0] if found else None

    def explain(self, i0: int, i1: int, kind: str, first: date | None) -> str:
        """Why: the reason of each part of the stay (parts split where the answer changes).

        `first` is the leg's first day, needed only where a reason's wording names a day.
        """
        parts: list[tuple[int, int, engine.Period, str]] = []  # first and last, period, reason
        for i in range(i0, i1 + 1):
            seg = self.period(i)
            day = self.starts[i] if first is None or self.starts[i] > first else first
            reason = seg.reason_on(day)
            if parts and (parts[-1][2].status, parts[-1][2].basis, parts[-1][3]) == (
                seg.status,
                seg.basis,
                reason,
            ):
                parts[-1] = (parts[-1][0], i, parts[-1][2], reason)
            else:
                parts.append((i, i, seg, reason))
        worst = max((p[2].status for p in parts), key=_RANK.__getitem__)
        if len(parts) == 1:
            return _frame(parts[0][3] + ".", worst, kind, self.place, self.suspect)
        said = []
        for n, (a, b, seg, reason) in enumerate(parts):
            if n == 0:
                when = f"Until {self.end(b)}"
            elif n == len(parts) - 1:
                when = f"From {self.starts[a]}"
            else:
                when = f"From {self.starts[a]} to {self.end(b)}"
            label = _STATUS_WORDS[seg.status] + (f" ({seg.basis.value})" if seg.basis else "")
            said.append(f"{when}, {label}: {reason}.")
        ground = "The answer changes during the stay. " + " ".join(said)
        return _frame(ground, worst, kind, self.place, self.suspect)


def _frame(ground: str, worst: Status, kind: str, place: Place, suspect: Suspect) -> str:
    """The explanation of a leg: why (`ground`), with what the kind of leg and place add."""
    if place.note:
        ground += f" Note: {place.note}."
    if kind == TRANSIT:
        return f"In transit, which is presence on the territory like a stay. {ground}"
    if kind == OVERFLIGHT:
        head = "Overflight: not presence on the territory, so no arrest can be made in the air."
        if worst is Status.OBLIGED:
            return (
                f"{head} But {the(place.name)} is obliged to arrest {suspect.name}: an "
                f"emergency or unscheduled landing there would put {suspect.name} on its "
                f"territory (emergency-landing risk). {ground}"
            )
        if worst is Status.UNCERTAIN:
            return (
                f"{head} If an emergency landing put {suspect.name} on its territory, "
                f"whether {the(place.name)} must arrest is uncertain (emergency-landing "
                f"risk). {ground}"
            )
        return f"{head} On the ground: {ground}"
    return ground


def _no_warrant_reason(suspect: Suspect, state: WarrantState) -> str:
    # Worded without the day, unlike the engine's, so that one text serves a whole period.
    if state.event is None:
        first = suspect.first_issued
        issued = f"the first was issued {first}" if first else "none is recorded"
        return f"No warrant for {suspect.name} had been issued yet; {issued}"
    return f"{suspect.name} has no live ICC arrest warrant: {state.describe()}"


def _context(findings: tuple[Finding, ...], first: date, last: date) -> str:
    # Court findings about a visit that overlaps this leg: context only, never the verdict.
    said = ""
    for f in findings:
        if f.visit_from is None:
            continue
        visit_to = f.visit_to or f.visit_from
        if f.visit_from <= last and first <= visit_to:
            said += f" Context: {f.summary}"
    return said


def _as_leg(item: object, n: int) -> Leg:
    if isinstance(item, Leg):
        return item if item.row else item._replace(row=n)
    if isinstance(item, Mapping):
        return Leg.from_mapping(item, n)
    kind = type(item).__name__
    return Leg(row=n, problem=f"a leg must be a mapping of fields, not a {kind}")


R = TypeVar("R")


def _resolved(
    cache: dict[str, R | str], text: str, resolve: Callable[[str], R], problems: list[str]
) -> R | None:
    """What `text` names, remembered (failures too, as their one-line reason)."""
    found = cache.get(text)
    if found is None:
        try:
            found = resolve(text)
        except InputError as exc:
            found = str(exc)
        _bounded_put(cache, text, found)
    if isinstance(found, str):
        problems.append(found)
        return None
    return found


def _bounded_put(cache: dict[Any, Any], key: Hashable, value: object) -> None:
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[key] = value


class LegChecker:
    """Checks legs against one dataset, remembering resolved names, dates and answers.

    Caches, each bounded: name -> suspect and name -> place (failures too), text -> date,
    (place, situation) -> its duty periods, (suspect, place) -> its periods, and for each
    (suspect, place) the judgement for each kind and range of periods, which serves every
    (arrive, depart) whose days fall in the same periods. A leg whose names and dates were met
    before costs a few look-ups. One checker serves every `check_legs` call on a dataset.
    """

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.law = dataset.law
        self.as_of = dataset.as_of
        self.receipt = dataset.receipt
        self._suspects: dict[str, Suspect | str] = {}  # str: why the name resolves to no one
        self._places: dict[str, Place | str] = {}
        self._days: dict[str, date | None] = {}  # None: not a date
        self._histories: dict[tuple[str, Place], PairHistory] = {}
        self._duties: dict[tuple[Place, str], engine.Cut] = {}
        self._no_warrants: dict[Hashable, engine.Period] = {}
        self._said: dict[engine.Period, engine.Period] = {}  # one copy of each period's answer
        self._texts: dict[str, str] = {}  # one copy of each explanation, however many legs
        self._frames: dict[tuple[str, str, Place, str | None], str] = {}
        self._pairs: dict[tuple[str, str], PairHistory] = {}  # by suspect and country as written
        # Kind as written -> its index in KINDS; filled as kinds are met ("Transit", " stay ").
        self._kinds: dict[object, int] = {None: 0, "": 0, **{k: i for i, k in enumerate(KINDS)}}

    def check_all(self, legs: Iterable[Mapping[str, Any] | Leg]) -> Iterator[LegResult]:
        """One result per leg, lazily, in order; a leg without a row number gets its position."""
        return map(self._within_horizon, map(self.check, legs, count(1)))

    def _within_horizon(self, result: LegResult) -> LegResult:
        """`result`, its reason saying so when its days run past what the data can see (the
        dataset's horizon caveat, as `check` gives it)."""
        until = result.until
        if until is None or until <= self.horizon:
            return result
        caveat = self.dataset.horizon_caveat(until)
        return result._replace(explanation=f"{result.explanation} ({caveat})")

    @cached_property
    def horizon(self) -> date:
        """The last day before the dataset's horizon caveat applies."""
        as_of = self.dataset.as_of
        if as_of is None:
            return date.max
        from travelrisk.data.dataset import HORIZON_YEARS

        return date(min(as_of.year + HORIZON_YEARS, date.max.year), 12, 31)

    def check(self, leg: Leg | Mapping[str, Any], position: int = 0) -> LegResult:
        """The result for one leg; never raises for bad input (an error result instead).

        `leg` is a Leg or a mapping of fields; `position` numbers a leg that has no row number.
        """
        if type(leg) is not Leg or not leg.row:
            leg = _as_leg(leg, position)
        # The common case first, in a few look-ups: text already met (by the general path
        # below, which fills the caches) naming a suspect and a place, and good dates.
        suspect_text, country, arrive, depart, kind_text, _, _, _, _, on, problem, _, _ = leg
        if on:
            clash = arrive or depart
            arrive = depart = on
        else:
            clash = None
        if (
            type(suspect_text) is str
            and type(country) is str
            and type(arrive) is str
            and type(depart) is str
            and (kind_text is None or type(kind_text) is str)
            and not clash
            and problem is None
        ):
            history = self._pairs.get((suspect_text, country))
            first = self._days.get(arrive)
            last = self._days.get(depart)
            kind = self._kinds.get(kind_text)
            if (
                history is not None
                and first is not None
                and last is not None
                and kind is not None
                and first <= last
            ):
                return history.judge(leg, first, last, kind)
        return self._check_slowly(leg)

    # -- one leg, the general way ---------------------------------------------------------------
    def _check_slowly(self, leg: Leg) -> LegResult:
        if isinstance(leg.kind, str) and leg.kind.strip().lower() == "flight" and not leg.problem:
            from travelrisk.batch.routes.flights import check_flight  # needs the routes extra

            return check_flight(self, leg)
        if leg.problem:
            return self.error_result(leg, None, None, leg.problem)
        problems: list[str] = []
        suspect = self.suspect_for(leg, problems)
        place = self.place_for(leg, problems)
        first, last = self.dates_for(leg, problems)
        kind = self._kind(leg, problems)
        if problems or suspect is None or place is None or first is None or last is None:
            return self.error_result(leg, suspect, place, PROBLEM_SEPARATOR.join(problems))
        history = self.history_for(suspect, place)
        if isinstance(leg.suspect, str) and isinstance(leg.country, str):
            _bounded_put(self._pairs, (leg.suspect, leg.country), history)
        return history.judge(leg, first, last, kind)

    def error_result(
        self, leg: Leg, suspect: Suspect | None, place: Place | None, error: str
    ) -> LegResult:
        """An error result: what was resolved, and why the leg could not be checked."""
        fields = (leg, suspect, place, ERROR, None, (), None, None, "", error, None, None)
        return tuple.__new__(LegResult, (*fields, self.as_of, self.receipt, None))

    def history(self, suspect: object, country: object) -> PairHistory | None:
        """The periods of a suspect in a place as written in a leg, or None where either
        names nothing (a leg naming them gets its error result from `check`)."""
        leg = Leg(suspect, country)
        problems: list[str] = []
        who = self.suspect_for(leg, problems)
        where = self.place_for(leg, problems)
        if problems or who is None or where is None:
            return None
        return self.history_for(who, where)

    def suspect_for(self, leg: Leg, problems: list[str]) -> Suspect | None:
        text = _text(leg, "suspect", leg.suspect, problems)
        if text is None:
            return None
        return _resolved(self._suspects, text.strip(), self.dataset.suspect, problems)

    def place_for(self, leg: Leg, problems: list[str]) -> Place | None:
        if leg.country is False:  # YAML reads an unquoted NO (Norway) as false
            problems.append('country is the boolean false: in YAML, quote Norway\'s code: "NO"')
            return None
        text = _text(leg, "country", leg.country, problems)
        if text is None:
            return None
        return _resolved(self._places, text, self.dataset.place, problems)

    def _day(self, name: str, value: object, problems: list[str]) -> date | None:
        if isinstance(value, date):  # YAML gives dates; a datetime counts as its day
            return value.date() if isinstance(value, datetime) else value
        if not isinstance(value, str):
            problems.append(f"{name}: expected a date YYYY-MM-DD, got {value!r}")
            return None
        found = self._days.get(value, _UNSEEN)
        if found is _UNSEEN:
            found = iso_day(value)
            _bounded_put(self._days, value, found)
        if found is None:
            problems.append(f"{name}: not a date: {value!r}; expected YYYY-MM-DD, e.g. 2025-01-01")
        return found  # type: ignore[no-any-return]

    def dates_for(self, leg: Leg, problems: list[str]) -> tuple[date | None, date | None]:
        on, arrive, depart = leg.on, leg.arrive, leg.depart
        has_on = on is not None and on != ""
        has_arrive = arrive is not None and arrive != ""
        has_depart = depart is not None and depart != ""
        if has_on:
            if has_arrive or has_depart:
                problems.append("give either date or arrive and depart, not both")
                return None, None
            day = self._day("date", on, problems)
            return day, day
        if not has_arrive and not has_depart:
            if on is None and arrive is None and depart is None:
                problems.append("missing column: give date, or arrive and depart")
            else:
                problems.append("empty value: give date, or arrive and depart")
            return None, None
        if not has_arrive or not has_depart:
            missing = "arrive" if not has_arrive else "depart"
            column = leg.arrive if missing == "arrive" else leg.depart
            what = "missing column" if column is None else "empty value in column"
            problems.append(
                f"{what} {missing!r}: a stay needs both arrive and depart (or date for one day)"
            )
            return None, None
        first = self._day("arrive", arrive, problems)
        last = self._day("depart", depart, problems)
        if first is not None and last is not None and last < first:
            problems.append(f"depart {last} is before arrive {first}")
            return None, None
        return first, last

    def _kind(self, leg: Leg, problems: list[str]) -> int:
        kind = leg.kind
        if isinstance(kind, str):
            text = kind.strip().lower() or STAY
            if text in KINDS:
                index = KINDS.index(text)
                if len(self._kinds) < 1024:
                    self._kinds[kind] = index
                return index
        elif kind is None:
            return 0
        problems.append(f"kind: unknown kind {kind!r}; expected {', '.join(KINDS)} or flight")
        return 0

    def history_for(self, suspect: Suspect, place: Place) -> PairHistory:
        key = (suspect.id, place)  # the place with its note: "Crimea" reads as UA, with a note
        found = self._histories.get(key)
        if found is None:
            found = PairHistory(self, suspect, place)
            _bounded_put(self._histories, key, found)
        return found

    def _duties_for(self, place: Place, situation: str) -> engine.Cut:
        """What `place` owes the Court in `situation`, over time (the engine's, remembered)."""
        key = (place, situation)
        found = self._duties.get(key)
        if found is None:
            found = engine.duty_cut(self.law, place, situation)
            _bounded_put(self._duties, key, found)
        return found

    def _worded(self, suspect: Suspect, period: engine.Period) -> engine.Period:
        """What `period` says, its dates dropped, as a leg's explanation words it (without a
        live warrant: with no day), in one copy for every period that says the same."""
        if period.status is Status.NO_LIVE_WARRANT:
            key: Hashable = (suspect.id, period.reason_template or period.reason)
            found = self._no_warrants.get(key)  # one per suspect and warrant state
            if found is None:
                state = engine.warrant_state(suspect, period.start or date.min)
                reason = _no_warrant_reason(suspect, state)
                found = period._replace(start=None, end=None, reason=reason, reason_template=None)
                _bounded_put(self._no_warrants, key, found)
            return found
        said = period._replace(start=None, end=None)
        found = self._said.get(said)  # most: a place's duty, said alike to its suspects
        if found is None:
            found = said
            _bounded_put(self._said, said, said)
        return found

    def _framed(
        self, reason: str, status: Status, kind: str, place: Place, suspect: Suspect
    ) -> str:
        """The explanation of a one-period stay, made once for every suspect it fits."""
        # Only an overflight of a place obliged (or perhaps obliged) names the suspect.
        name = suspect.name if kind == OVERFLIGHT else None
        key = (reason, kind, place, name)
        found = self._frames.get(key)
        if found is None:
            found = self._text(_frame(reason + ".", status, kind, place, suspect))
            _bounded_put(self._frames, key, found)
        return found

    def _text(self, text: str) -> str:
        """The one stored copy of `text`."""
        found = self._texts.get(text)
        if found is None:
            if len(self._texts) >= _CACHE_LIMIT:
                self._texts.clear()
            found = self._texts[text] = text
        return found


def _text(leg: Leg, name: str, value: object, problems: list[str]) -> str | None:
    """A required text field, or None with the problem recorded."""
    if isinstance(value, str):
        if value.strip():
            return value
        problems.append(f"empty value in column {name!r}")
        return None
    if value is None:
        if leg.columns:
            listed = ", ".join(leg.columns)
            problems.append(f"missing column {name!r} (the columns are: {listed})")
        else:
            problems.append(f"missing column {name!r}")
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return str(value)
        except ValueError:  # an integer of more than 4,300 digits
            problems.append(f"{name}: expected text, got an integer too long to read")
            return None
    problems.append(f"{name}: expected text, got {value!r}")
    return None


_checkers: WeakKeyDictionary[Dataset, LegChecker] = WeakKeyDictionary()


def checker_for(dataset: Dataset) -> LegChecker:
    """The one checker (and its caches) for `dataset`."""
    found = _checkers.get(dataset)
    if found is None:
        found = _checkers[dataset] = LegChecker(dataset)
    return found


def check_legs(
    legs: Iterable[Mapping[str, Any] | Leg], dataset: Dataset | None = None
) -> Iterator[LegResult]:
    """Check each leg of an itinerary: one LegResult per input leg, lazily and in order.

    A leg is a `Leg` or a mapping with `suspect`, `country`, and either `date` or `arrive` and
    `depart` (ISO dates or `date` objects); optional `trip` and `kind` (`stay`, the default;
    `transit`, judged like a stay; `overflight`, reported as `not_present`). Column names are
    matched case-insensitively; other columns are kept in `leg.fields`. A leg that cannot be
    checked gives a result with status "error" and the reason in `error`: this never raises for
    a bad leg. `dataset` defaults to the bundled data.
    """
    if dataset is None:
        from travelrisk import default_dataset

        dataset = default_dataset()
    return checker_for(dataset).check_all(legs)
