"""travelrisk: is a country legally obliged to arrest a person wanted on a public ICC warrant?

    >>> import travelrisk
    >>> v = travelrisk.check("putin", "FR", on="2025-01-01")
    >>> v.obliged, v.basis.value
    (True, 'party')

The module-level functions use the bundled data, loaded once on first use. `load(data_dir=...)`
gives an independent dataset with an overlay folder applied; it has the same methods.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from travelrisk.version import __version__

if TYPE_CHECKING:  # imported lazily at run time to keep start-up light
    import os
    from collections.abc import Iterable, Iterator, Mapping, Sequence
    from datetime import date

    from travelrisk.batch.legs import Leg, LegResult
    from travelrisk.batch.routes import Route
    from travelrisk.data.dataset import Dataset
    from travelrisk.errors import (
        AmbiguousPlace,
        AmbiguousSuspect,
        BadDate,
        DataError,
        InputError,
        TravelriskError,
        UnknownPlace,
        UnknownSuspect,
    )
    from travelrisk.law.engine import Period
    from travelrisk.law.model import Basis, Place, Status, Suspect, Verdict
    from travelrisk.law.suspects import Entry

__all__ = [
    "AmbiguousPlace",
    "AmbiguousSuspect",
    "BadDate",
    "Basis",
    "DataError",
    "Dataset",
    "Entry",
    "InputError",
    "Leg",
    "LegResult",
    "Period",
    "Route",
    "Place",
    "Status",
    "Suspect",
    "TravelriskError",
    "UnknownPlace",
    "UnknownSuspect",
    "Verdict",
    "__version__",
    "check",
    "check_frame",
    "check_legs",
    "route",
    "default_dataset",
    "load",
    "show",
    "suspects",
    "states_parties",
    "timeline",
    "where",
]

_default: Dataset | None = None


def default_dataset() -> Dataset:
    """The bundled dataset, loaded and validated on first use."""
    global _default
    if _default is None:
        from travelrisk.data.dataset import load as _load

        _default = _load()
    return _default


def load(data_dir: str | os.PathLike[str] | None = None, *, standalone: bool = False) -> Dataset:
    """An independent dataset: the bundled data with the overlay folder `data_dir` applied; with
    `standalone`, the data folder of a release (an older one, say) read instead of the bundle."""
    from travelrisk.data.dataset import load as _load

    return _load(data_dir, standalone)


def check(suspect: str, country: str, on: date | str | None = None) -> Verdict:
    """Whether `country` is legally obliged to arrest `suspect` on `on` (default: today).

    `suspect` is an id or any name form; `country` an ISO 3166-1 code or English name.
    Raises an InputError subclass for an unknown or ambiguous suspect or place, or a bad date.
    """
    return default_dataset().check(suspect, country, on)


def check_legs(legs: Iterable[Mapping[str, Any] | Leg]) -> Iterator[LegResult]:
    """One LegResult per leg of an itinerary, lazily and in order; never raises for a bad leg.

    Each leg is a mapping (or a `Leg`) with `suspect`, `country`, and `date` or `arrive` and
    `depart`; optional `trip` and `kind` (stay, transit, overflight). See `travelrisk.batch.legs`.
    """
    from travelrisk.batch.legs import check_legs as _check_legs

    return _check_legs(legs, default_dataset())


def check_frame(frame: Any) -> Any:
    """A polars or pandas DataFrame, or a pyarrow Table, of legs (the fields of `check_legs`),
    with the verdict columns added: the same type back, one answer per row, in order; never
    raises for a bad row. See `travelrisk.batch.frames`."""
    from travelrisk.batch.frames import check_frame as _check_frame

    return _check_frame(frame, default_dataset())


def states_parties(on: date | str | None = None) -> set[str]:
    """ISO alpha-2 codes of the states for which the Rome Statute is in force on `on`."""
    return default_dataset().states_parties(on)


def timeline(
    suspect: str, country: str, start: date | str | None = None, end: date | str | None = None
) -> list[Period]:
    """The dated periods over which the verdict for `suspect` in `country` changed, and why."""
    return default_dataset().timeline(suspect, country, start, end)


def where(suspect: str, on: date | str | None = None) -> list[Verdict]:
    """The verdict for `suspect` in every place the tool knows (250), on `on` (default: today)."""
    return default_dataset().where(suspect, on)


def suspects(
    on: date | str | None = None, state: str | None = None, situation: str | None = None
) -> list[Entry]:
    """Everyone with a public ICC warrant and the warrant's state on `on`, as `travelrisk
    suspects` lists them; `state` ("live", ...) and `situation` (an id) filter."""
    return default_dataset().roster(on, state, situation)


def show(suspect: str) -> Suspect:
    """Everything the data records about one person (an id or any name form), as `travelrisk
    show` prints it: names, warrants, charges, events and sources."""
    return default_dataset().suspect(suspect)


def route(
    suspect: str,
    points: Sequence[str | tuple[float, float]],
    on: date | str | None = None,
    radius_km: float = 300.0,
) -> Route:
    """The places a flight through `points` crosses, in order, each with its verdict for
    `suspect` on `on` (default: today), and the airports within `radius_km` of the track.

    Points are IATA or ICAO codes, a city with one airport, "lat,lon" or (lat, lon) tuples.
    Needs the routes extra: pip install '.[routes]' (from a checkout).
    """
    from travelrisk.batch.routes.extra import require

    require()
    from travelrisk.batch.routes import route as _route

    return _route(suspect, points, on, radius_km, default_dataset())


# Submodules reachable as attributes after `import travelrisk` (`travelrisk.validate.check_folder`):
# the names of 0.1's flat layout, kept for callers; each is a module of a layer now.
_SUBMODULES = {
    "dask": "dask",
    "dataset": "data.dataset",
    "errors": "errors",
    "frames": "batch.frames",
    "itinerary_io": "batch.itinerary_io",
    "legs": "batch.legs",
    "model": "law.model",
    "routes": "batch.routes",
    "validate": "data.validate",
}

_LAZY = {
    "Dataset": "data.dataset",
    "Entry": "law.suspects",
    "Period": "law.engine",
    "Basis": "law.model",
    "Place": "law.model",
    "Status": "law.model",
    "Suspect": "law.model",
    "Verdict": "law.model",
    "Route": "batch.routes",
    "Leg": "batch.legs",
    "LegResult": "batch.legs",
    "AmbiguousPlace": "errors",
    "AmbiguousSuspect": "errors",
    "BadDate": "errors",
    "DataError": "errors",
    "InputError": "errors",
    "TravelriskError": "errors",
    "UnknownPlace": "errors",
    "UnknownSuspect": "errors",
}


def __getattr__(name: str) -> Any:
    from importlib import import_module

    if name in _SUBMODULES:
        return import_module(f"travelrisk.{_SUBMODULES[name]}")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'travelrisk' has no attribute {name!r}")

    return getattr(import_module(f"travelrisk.{module}"), name)
