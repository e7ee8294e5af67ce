"""`travelrisk check`: one suspect, one or more places, one date."""

from __future__ import annotations

import sys

import click

from . import EXIT_CODES_HELP, Context, echo_chunks, format_option, main, on_option, verdict_exit


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("suspect")
@click.argument("countries", nargs=-1, required=True, metavar="COUNTRY [COUNTRY ...]")
@on_option
@format_option()
@click.option(
    "--sources",
    "sources",
    type=click.Choice(["top", "all"]),
    default="top",
    show_default=True,
    help="Text: the three strongest sources per verdict (court and depositary first), or all.",
)
@click.pass_obj
def check(
    obj: Context, suspect: str, countries: tuple[str, ...], on: str | None, fmt: str, sources: str
) -> None:
    """Is each COUNTRY obliged to arrest SUSPECT on the date?

    SUSPECT is an id, a surname or a full name; COUNTRY an ISO 3166-1 code (FR, FRA, 250) or an
    English name. Prints the verdict, its legal basis, the dates it holds between, the warrant's
    state and the sources.

    \b
    Examples:
      travelrisk check putin FR
      travelrisk check putin UA --on 2024-12-31
      travelrisk check netanyahu HU --on 2026-06-02 --format json
    """
    from ..dataset import parse_date
    from ..render import render

    ds = obj.dataset
    day = parse_date(on)
    person = ds.suspect(suspect)
    places = [ds.place(c) for c in countries]  # every input resolved before any output
    verdicts = [ds.verdict_for(person, p, day) for p in places]
    echo_chunks(render(verdicts, fmt, all_sources=sources == "all"))
    sys.exit(verdict_exit(verdicts))
