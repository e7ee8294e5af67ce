"""`travelrisk route`: the places a flight crosses, with verdicts, and where it could divert."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

import click

from travelrisk.cli import (
    EXIT_CODES_HELP,
    Context,
    echo_chunks,
    format_option,
    main,
    on_option,
    verdict_exit,
)
from travelrisk.cli.completion import complete_suspect
from travelrisk.present.formats import Format, Formatters

if TYPE_CHECKING:
    from travelrisk.batch.routes.route import Route
    from travelrisk.law.model import Receipt


class RouteAnswer(NamedTuple):
    route: Route
    receipt: Receipt


def _render(answer: RouteAnswer, fmt: str) -> Iterable[str]:
    from travelrisk.present.route import render_route

    return render_route(answer.route, fmt, answer.receipt)


FORMATTERS: Formatters[RouteAnswer, Iterable[str]] = Formatters("route")
FORMATTERS.register_each(_render, Format.TEXT, Format.JSON, Format.GEOJSON)


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("suspect", shell_complete=complete_suspect)
@click.argument("origin", metavar="[FROM", required=False)
@click.argument("destination", metavar="TO]", required=False)
@click.option(
    "--via", "via", multiple=True, metavar="POINT", help="A point to pass through (repeatable)."
)
@on_option
@format_option(FORMATTERS)
@click.option(
    "--radius",
    "radius",
    type=float,
    default=300.0,
    show_default=True,
    metavar="KM",
    help="Diversion airports within this distance of the track (0 to 2000 km).",
)
@click.option(
    "--track",
    "track_file",
    metavar="FILE",
    help="The track flown, instead of FROM and TO: a CSV with latitude and longitude columns "
    "(or an ADS-B export's Position column), or a GeoJSON LineString.",
)
@click.option("--map", "map_file", metavar="FILE.svg", help="Also draw the route on the world map.")
@click.pass_obj
def route(
    obj: Context,
    suspect: str,
    origin: str,
    destination: str,
    via: tuple[str, ...],
    on: str | None,
    fmt: str,
    radius: float,
    track_file: str | None,
    map_file: str | None,
) -> None:
    """The places a flight of SUSPECT from FROM to TO crosses, each with its verdict.

    FROM, TO and each --via are an airport (IATA or ICAO code: VKO, UUWW), a city with one
    airport (Tel Aviv), or lat,lon in decimal degrees. The track is the great circle between
    successive points. Land is Natural Earth's (German worldview); the territorial sea is
    approximated by a 12 nautical mile buffer. Diversion airports (from airportsdata) within
    --radius of the track are grouped by place and verdict. Needs the routes extra:
    pip install '.[routes]' (from a checkout).

    \b
    Examples:
      travelrisk route netanyahu TLV JFK --on 2025-09-25
      travelrisk route netanyahu TLV JFK --via 36.0,-5.6 --on 2025-09-25
      travelrisk route putin VKO UBN --on 2024-09-02 --format geojson > putin.geojson
      travelrisk route putin --track flown.csv --on 2025-08-15
    """
    from travelrisk.batch.routes.extra import require
    from travelrisk.errors import InputError

    require()
    from travelrisk.batch.routes.route import route as make_route

    if map_file is not None and not map_file.lower().endswith(".svg"):
        raise InputError(f"cannot tell the format of {map_file!r}; give a file ending in .svg")
    points: list[str | tuple[float, float]]
    if track_file is not None:
        if origin is not None or via:
            raise InputError("give either FROM TO [--via POINT ...] or --track FILE, not both")
        from travelrisk.batch.routes.trackfile import read_track

        points = list(read_track(track_file))
    elif origin is None or destination is None:
        raise InputError("give FROM and TO (airport codes, cities or lat,lon), or --track FILE")
    else:
        points = [origin, *via, destination]
    r = make_route(suspect, points, on, radius, obj.dataset)
    if map_file is not None:
        from travelrisk.cli.map import write_atomically
        from travelrisk.present.route_map import route_svg

        write_atomically(map_file, route_svg(r, obj.dataset).encode("utf-8"))
        click.echo(f"wrote {map_file}", err=True)
    echo_chunks(FORMATTERS[fmt](RouteAnswer(r, obj.dataset.receipt)))
    sys.exit(verdict_exit(c.verdict for c in r.crossings if c.verdict))
