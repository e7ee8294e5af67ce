"""`travelrisk where`: one suspect, every place, one date."""

from __future__ import annotations

import sys

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


def terminal_width() -> int:
    """The terminal's width in columns (80 when not a terminal), kept readable."""
    import shutil

    return max(40, min(shutil.get_terminal_size((80, 24)).columns, 120))


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("suspect", shell_complete=complete_suspect)
@on_option
@format_option("text", "json", "csv", "markdown", "geojson")
@click.pass_obj
def where(obj: Context, suspect: str, on: str | None, fmt: str) -> None:
    """Every place grouped by whether it must arrest SUSPECT on the date.

    Obliged places are grouped by their legal ground (State party, territory of a party, Security
    Council referral, art. 12(3) declaration); then uncertain, not obliged, and no live warrant,
    each with a count. JSON and CSV give one row per place; markdown, a table with one line per
    place, obliged first.

    \b
    Examples:
      travelrisk where putin
      travelrisk where al-bashir --on 2015-06-14
      travelrisk where netanyahu --format csv > netanyahu.csv
    """
    from travelrisk.present.where import render_overview, summarise

    verdicts = obj.dataset.where(suspect, on)
    echo_chunks(render_overview(summarise(verdicts), fmt, terminal_width(), obj.dataset.receipt))
    sys.exit(verdict_exit(verdicts))
