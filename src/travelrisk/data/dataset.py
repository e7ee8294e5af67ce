"""A loaded, validated dataset and the questions it answers.

`travelrisk.load()` returns one of these; the module-level functions in `travelrisk` use a default
one loaded lazily. Datasets share no state: an overlay loaded in one never leaks into another.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime
from functools import cached_property, lru_cache, partial
from typing import TYPE_CHECKING, Any, TypeVar

from travelrisk.data import cite, loader
from travelrisk.errors import BadDate, printable, require_text
from travelrisk.law import engine
from travelrisk.law.clock import iso_day, today
from travelrisk.law.model import (
    Finding,
    Obligation,
    Place,
    Receipt,
    Situation,
    StateParty,
    Suspect,
    Territory,
    Verdict,
)
from travelrisk.law.rules import as_date
from travelrisk.resolve.names import SuspectIndex
from travelrisk.resolve.places import PlaceIndex

if TYPE_CHECKING:
    from travelrisk.law.countries import Duty
    from travelrisk.law.suspects import Entry

T = TypeVar("T")

# A day this many years past the data's "as of" date gets a caveat: the data cannot see so far.
HORIZON_YEARS = 10


def parse_date(value: date | str | None) -> date:
    """A date from a `date` (a datetime counts by its day), a YYYY-MM-DD string, or None (today).

    Only the documented form is accepted: not 2025-1-1, 20250101, 2025-W01-1 or " 2025-01-01 ".
    """
    if value is None:
        return today()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise BadDate(str(value)[:40] if isinstance(value, (int, float)) else type(value).__name__)
    day = iso_day(value)
    if day is None:
        raise BadDate(printable(value[:40]))
    return day

    return None


def horizon_caveat(day: date, as_of: date | None) -> str | None:
    """A caveat for a day more than HORIZON_YEARS after the data's "as of" date, else None."""
    if as_of is None or day.year <= as_of.year + HORIZON_YEARS:
        return None
    return (
        f"{day} is more than {HORIZON_YEARS} years after the data's as-of date"
        f" ({as_of}): the answer assumes that nothing recorded changes until then"
    )


class Dataset:
    """The data, validated, with the questions travelrisk answers as methods."""

    def __init__(
        self,
        raw: dict[str, Any],
        overlay_changes: Iterable[str] = (),
        overlay_dir: str | None = None,
    ) -> None:
        meta = raw.get("dataset") or {}
        self.version: str = str(meta.get("version", "unknown"))
        self.as_of: date | None = as_date(meta.get("as_of"))
        self.overlay_changes: tuple[str, ...] = tuple(overlay_changes)
        self.overlay_dir = overlay_dir
        self.digest: str = str(raw.get("_digest", ""))  # of the data's content only
        self.cache_key: str = str(raw.get("_cache_key", ""))
        # Records are built on first use: a check needs a handful of them, not all. Their
        # citations of the source registry are looked up in it as they are built.
        registry = cite.registry(raw)
        self.states: Mapping[str, StateParty] = _Lazy(
            _records(raw, "states_parties", "states"),
            "code",
            partial(loader.build_state, registry=registry),
        )
        self.situations: dict[str, Situation] = {
            r["id"]: loader.build_situation(r, registry)
            for r in _records(raw, "situations", "situations")
        }
        self.suspects: Mapping[str, Suspect] = _Lazy(
            _records(raw, "warrants", "suspects"),
            "id",
            partial(loader.build_suspect, registry=registry),
        )
        self.territories: Mapping[str, Territory] = _Lazy(
            _records(raw, "territories", "territories"),
            "code",
            partial(loader.build_territory, registry=registry),
        )
        obligations: dict[str, list[Obligation]] = {}
        for r in _records(raw, "obligations", "obligations"):
            o = loader.build_obligation(r, registry)
            obligations.setdefault(o.state, []).append(o)
        self.obligations: dict[str, tuple[Obligation, ...]] = {
            k: tuple(v) for k, v in obligations.items()
        }
        self.findings: tuple[Finding, ...] = tuple(
            loader.build_finding(r, registry) for r in _records(raw, "compliance", "findings")
        )
        self._place_index_raw = raw["_places"]
        # The data's own names for states and territories read better than ISO's formal ones.
        self._own_names = {
            r["code"]: r["name"]
            for stem, top in (("states_parties", "states"), ("territories", "territories"))
            for r in _records(raw, stem, top)
        }
        self.law = engine.Law(
            self.states, self.territories, self.obligations, self.situations, self.findings
        )
        self._verdict = lru_cache(maxsize=65536)(self._verdict_uncached)

    # -- names ----------------------------------------------------------------------------------
    @cached_property
    def receipt(self) -> Receipt:
        """The data version, "as of" date and content digest that this dataset's answers rest on,
        with the tool's version and the overlay, if any."""
        from travelrisk.version import __version__

        return Receipt(
            data_version=self.version,
            data_as_of=self.as_of,
            data_digest=self.digest,
            tool_version=__version__,
            overlay=self.overlay_dir,
            overlay_changes=self.overlay_changes,
        )

    @cached_property
    def suspect_index(self) -> SuspectIndex:
        return SuspectIndex(self.suspects.values())

    @cached_property
    def place_index(self) -> PlaceIndex:
        return PlaceIndex(self._place_index_raw, self._own_names)

    def suspect(self, name: str) -> Suspect:
        """The one suspect `name` (an id or any name form) means; raises if none or several."""
        require_text("suspect", name)
        if name in self.suspects:  # an id: no need to build the name index
            return self.suspects[name]
        return self.suspect_index.resolve(name)

    def place(self, name: str) -> Place:
        """The one place `name` (a code or a name) means; raises if none or several."""
        return self.place_index.resolve(name)

    # -- questions ------------------------------------------------------------------------------
    def check(self, suspect: str, country: str, on: date | str | None = None) -> Verdict:
        """Whether `country` is legally obliged to arrest `suspect` on `on` (default: today)."""
        day = parse_date(on)
        return self.verdict_for(self.suspect(suspect), self.place(country), day)

    def horizon_caveat(self, day: date) -> str | None:
        """A caveat for a day more than HORIZON_YEARS after the data's "as of" date, else None."""
        return horizon_caveat(day, self.as_of)

    def _verdict_uncached(self, suspect_id: str, code: str, day: date) -> Verdict:
        verdict = engine.verdict(
            self.law,
            self.suspects[suspect_id],
            self.place_index.place(code),
            day,
            as_of=self.as_of,
            overlay=self.overlay_changes,
        )
        horizon = self.horizon_caveat(day)  # every command's verdicts come through here
        if horizon:
            from dataclasses import replace

            return replace(verdict, caveats=(*verdict.caveats, horizon))
        return verdict

    def verdict_for(self, suspect: Suspect, place: Place, on: date) -> Verdict:
        """The verdict for an already-resolved suspect and place (cached)."""
        verdict = self._verdict(suspect.id, place.code, on)
        if place.note and verdict.place != place:  # keep how an alias such as "Crimea" was read
            from dataclasses import replace

            return replace(verdict, place=place, caveats=(place.note, *verdict.caveats))
        return verdict

    def states_parties(self, on: date | str | None = None) -> set[str]:
        """ISO alpha-2 codes of the states for which the Statute is in force on `on`."""
        return engine.states_parties(self.states.values(), parse_date(on))

    def timeline(
        self,
        suspect: str,
        country: str,
        start: date | str | None = None,
        end: date | str | None = None,
    ) -> list[engine.Period]:
        """The dated periods over which the verdict for `suspect` in `country` changed, and why."""
        first = parse_date(start) if start is not None else None
        last = parse_date(end) if end is not None else None
        return engine.timeline(self.law, self.suspect(suspect), self.place(country), first, last)

    def places(self) -> list[Place]:
        """Every place the tool knows: the 249 ISO 3166-1 entries and Kosovo."""
        return [self.place_index.place(code) for code in self.place_index.codes]

    def roster(
        self, on: date | str | None = None, state: str | None = None, situation: str | None = None
    ) -> list[Entry]:
        """Every suspect with their warrant state on `on`; `situation` an id or a name, in any
        case ("libya", "Libya", "Situation in Libya")."""
        from travelrisk.law.suspects import roster, situation_id

        sid = None
        if situation is not None:
            sid = situation_id(self.situations, situation)
            if sid is None:
                from travelrisk.errors import InputError

                known = ", ".join(sorted(self.situations))
                raise InputError(
                    f"unknown situation {situation!r}; give an id or a name (Libya, Situation "
                    f"in Ukraine); ids: {known}"
                )
        return roster(self.suspects.values(), parse_date(on), state, sid)

    def duties(self, on: date | str | None = None) -> list[Duty]:
        """What every place owes the Court on `on`, whoever the suspect."""
        from travelrisk.law.countries import duties

        return duties(self.law, self.places(), parse_date(on))

    def where(self, suspect: str, on: date | str | None = None) -> list[Verdict]:
        """The verdict for `suspect` in every place, on `on`."""
        person = self.suspect(suspect)
        day = parse_date(on)
        return [self._verdict(person.id, p.code, day) for p in self.places()]


class _Lazy(Mapping[str, T]):
    """Records by key, each built from its raw form the first time it is asked for."""

    def __init__(self, raws: Iterable[dict[str, Any]], key: str, build: Callable[[Any], T]) -> None:
        self._raw = {r[key]: r for r in raws}
        self._build = build
        self._built: dict[str, T] = {}

    def __getitem__(self, key: str) -> T:
        found = self._built.get(key)
        if found is None:
            found = self._built[key] = self._build(self._raw[key])
        return found

    def __contains__(self, key: object) -> bool:
        return key in self._raw

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


def _records(raw: dict[str, Any], stem: str, top: str) -> Iterator[dict[str, Any]]:
    doc = raw.get(stem)
    if isinstance(doc, dict):
        yield from doc.get(top) or []


def load(data_dir: str | os.PathLike[str] | None = None, standalone: bool = False) -> Dataset:
    """The bundled data, with the overlay in `data_dir` (if given) adding or replacing records;
    with `standalone`, the data in `data_dir` alone (a whole release, as `data diff` reads one).

    Raises DataError, naming the file, record and field, if the data is malformed.
    """
    raw, changed = loader.load_raw(data_dir, standalone)
    overlay = os.fspath(data_dir) if data_dir is not None and not standalone else None
    return Dataset(raw, changed, overlay)
