"""`travelrisk check`: one suspect, one or more places, one date."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

import click

from travelrisk.cli import (
    EXIT_CODES_HELP,
    EXIT_USAGE,
    Context,
    echo_chunks,
    format_option,
    main,
    on_option,
    verdict_exit,
)
from travelrisk.cli.completion import complete_place, complete_suspect
from travelrisk.present.formats import Format, Formatters

if TYPE_CHECKING:
    from travelrisk.law.model import Receipt, Source, Verdict


class CheckAnswer(NamedTuple):
    verdicts: list[Verdict]
    all_sources: bool
    warrant_sources: tuple[Source, ...]
    receipt: Receipt


def _render(answer: CheckAnswer, fmt: str) -> Iterable[str]:
    from travelrisk.present.render import render

    return render(answer.verdicts, fmt, answer.all_sources, answer.warrant_sources, answer.receipt)


FORMATTERS: Formatters[CheckAnswer, Iterable[str]] = Formatters("check")
FORMATTERS.register_each(_render, Format.TEXT, Format.JSON, Format.CSV, Format.MARKDOWN)


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("suspect", shell_complete=complete_suspect)
@click.argument(
    "countries",
    nargs=-1,
    required=True,
    metavar="COUNTRY [COUNTRY ...]",
    shell_complete=complete_place,
)
@on_option
@format_option(FORMATTERS)
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
      travelrisk check putin FR DE US --format markdown

    Every place that can be answered is; an unknown place gets one line on stderr and the exit
    code is then 2. A place named twice (FR France) is checked once.
    """
    from travelrisk.data.dataset import parse_date
    from travelrisk.errors import InputError, printable
    from travelrisk.law.model import Place

    ds = obj.dataset
    day = parse_date(on)
    person = ds.suspect(suspect)
    places: dict[str, Place] = {}
    bad = 0
    for text in countries:  # every input resolved before any output
        try:
            place = ds.place(text)
        except InputError as exc:
            click.echo(f"travelrisk: {printable(str(exc))}", err=True)
            bad += 1
            continue
        places.setdefault(place.code, place)  # FR and France are one place: checked once
    verdicts = [ds.verdict_for(person, p, day) for p in places.values()]
    answer = CheckAnswer(verdicts, sources == "all", person.sources, ds.receipt)
    echo_chunks(FORMATTERS[fmt](answer))
    sys.exit(EXIT_USAGE if bad else verdict_exit(verdicts))
