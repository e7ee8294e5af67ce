"""`travelrisk where`: one suspect, every place, one date."""

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
    from travelrisk.law.model import Receipt
    from travelrisk.present.where import Overview


def terminal_width() -> int:
    """The terminal's width in columns (80 when not a terminal), kept readable."""
    import shutil

    return max(40, min(shutil.get_terminal_size((80, 24)).columns, 120))


class WhereAnswer(NamedTuple):
    overview: Overview
    width: int  # of the terminal, for text
    receipt: Receipt


def _render(answer: WhereAnswer, fmt: str) -> Iterable[str]:
    from travelrisk.present.where import render_overview

    return render_overview(answer.overview, fmt, answer.width, answer.receipt)


FORMATTERS: Formatters[WhereAnswer, Iterable[str]] = Formatters("where")
FORMATTERS.register_each(
    _render, Format.TEXT, Format.JSON, Format.CSV, Format.MARKDOWN, Format.GEOJSON
)


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("suspect", shell_complete=complete_suspect)
@on_option
@format_option(FORMATTERS)
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
    from travelrisk.present.where import summarise

    verdicts = obj.dataset.where(suspect, on)
    answer = WhereAnswer(summarise(verdicts), terminal_width(), obj.dataset.receipt)
    echo_chunks(FORMATTERS[fmt](answer))
    sys.exit(verdict_exit(verdicts))
