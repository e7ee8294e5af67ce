"""Batch legs of `kind: flight`: a leg with `from` and `to` columns (airport codes, a city with
one airport, or lat,lon) is judged as its landing, a stay at the destination on the leg's day,
and its reason says first which places the flight crosses and their verdicts. One output row
per input row, as for every leg; the crossings are summarised in the reason.

The place of the landing is the destination airport's country (or, for a lat,lon destination,
the place whose land it is in); a `country` column, if given, must name the same place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from travelrisk.errors import InputError, TravelriskError
from travelrisk.law.model import Status, Suspect
from travelrisk.law.wording import STATUS

if TYPE_CHECKING:
    from datetime import date

    from travelrisk.batch.legs import Leg, LegChecker, LegResult
    from travelrisk.batch.routes.route import Route

FLIGHT = "flight"


def _field(leg: Leg, name: str) -> object:
    for column, value in zip(leg.columns, leg.values, strict=False):
        if column.strip().casefold() == name:
            return value
    return None


def check_flight(checker: LegChecker, leg: Leg) -> LegResult:
    """The result for one flight leg; never raises for bad input (an error result instead)."""
    from travelrisk.batch.columns import PROBLEM_SEPARATOR

    problems: list[str] = []
    suspect = checker.suspect_for(leg, problems)
    first, last = checker.dates_for(leg, problems)
    ends = []
    for name in ("from", "to"):
        value = _field(leg, name)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{name}: a flight needs {name!r} (an airport code, city or lat,lon)")
        else:
            ends.append(value.strip())
    if not problems and suspect is not None and first is not None and last is not None:
        try:
            from travelrisk.batch.routes.extra import require

            require()
            from travelrisk.batch.routes.route import route

            r = route(suspect.id, ends, first, dataset=checker.dataset, diversions=False)
        except TravelriskError as exc:
            problems.append(str(exc))
        else:
            return _landing(checker, leg, r, problems, first, last)
    return _error(checker, leg, suspect, PROBLEM_SEPARATOR.join(problems))


def _error(checker: LegChecker, leg: Leg, suspect: Suspect | None, error: str) -> LegResult:
    """An error result, made as the checker makes every other (with the data's receipt)."""
    return checker.error_result(leg, suspect, None, error)


def _landing(
    checker: LegChecker, leg: Leg, r: Route, problems: list[str], first: date, last: date
) -> LegResult:
    from travelrisk.batch.columns import PROBLEM_SEPARATOR

    end = r.points[-1]
    last_stretch = r.crossings[-1]  # the one the destination is in
    code = end.airport.country if end.airport else None
    if end.airport is None and last_stretch.zone == "land":
        code = last_stretch.code
    if code is None:
        problems.append(f"to: {end.text!r} is over no place's land, so no landing can be judged")
        return _error(checker, leg, r.suspect, PROBLEM_SEPARATOR.join(problems))
    try:
        place = checker.dataset.place(code)
    except InputError as exc:
        return _error(checker, leg, r.suspect, str(exc))
    if leg.country not in (None, ""):
        given = checker.place_for(leg, problems)
        if given is not None and given.code != place.code:
            problems.append(f"country: {leg.country!r} is not where {end.text!r} is ({place.code})")
        if problems:
            return _error(checker, leg, r.suspect, PROBLEM_SEPARATOR.join(problems))
        place = given or place
    result = checker.history_for(r.suspect, place).judge(leg, first, last, 0)
    return result._replace(
        explanation=f"{summary(r)} Landing: {result.explanation}", crossings=crossing_dicts(r)
    )


def crossing_dicts(r: Route) -> tuple[dict[str, object], ...]:
    """The crossings of a route as JSON-ready mappings, in order: the place (None over the high
    seas), land or territorial sea, where the track enters and leaves, its distance from the
    start and over the place, and the verdict there."""
    return tuple(
        {
            "place": c.code,
            "place_name": c.name,
            "zone": c.zone,
            "entry": [round(c.entry[0], 4), round(c.entry[1], 4)],
            "exit": [round(c.exit[0], 4), round(c.exit[1], 4)],
            "from_km": round(c.start_km, 1),
            "km": round(c.km, 1),
            "status": c.verdict.status.value if c.verdict else None,
            "basis": c.verdict.basis.value if c.verdict and c.verdict.basis else None,
        }
        for c in r.crossings
    )


def summary(r: Route) -> str:
    """The crossings of a route in a sentence: each place once, in order, with its verdict."""
    seen: dict[str, str] = {}
    for c in r.crossings:
        if c.code and c.verdict and c.code not in seen:
            label = STATUS[c.verdict.status].label
            if c.verdict.status in (Status.OBLIGED, Status.UNCERTAIN):
                label += ", emergency-landing risk"
            seen[c.code] = f"{c.code} ({label})"
    over = "; ".join(seen.values()) or "no place's territory"
    return f"Flight of {r.length_km:,.0f} km over {over}."
