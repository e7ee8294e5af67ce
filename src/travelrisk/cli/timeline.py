"""`travelrisk timeline`: one suspect, one place, the periods over which the answer changed."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

import click

from travelrisk.cli import (
    EXIT_CLEAR,
    EXIT_CODES_HELP,
    EXIT_OBLIGED,
    Context,
    echo_chunks,
    format_option,
    main,
)
from travelrisk.cli.completion import complete_place, complete_suspect
from travelrisk.present.formats import Format, Formatters

if TYPE_CHECKING:
    from travelrisk.law.model import Receipt
    from travelrisk.present.timeline import Timeline


class TimelineAnswer(NamedTuple):
    timeline: Timeline
    width: int  # of the terminal, for text
    receipt: Receipt


def _render(answer: TimelineAnswer, fmt: str) -> Iterable[str]:
    from travelrisk.present.timeline import render_timeline

    return render_timeline(answer.timeline, fmt, answer.width, answer.receipt)


FORMATTERS: Formatters[TimelineAnswer, Iterable[str]] = Formatters("timeline")
FORMATTERS.register_each(_render, Format.TEXT, Format.JSON, Format.CSV)


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("suspect", shell_complete=complete_suspect)
@click.argument("country", shell_complete=complete_place)
@click.option(
    "--from", "start", metavar="YYYY-MM-DD", help="Show periods that end on or after this date."
)
@click.option(
    "--to", "end", metavar="YYYY-MM-DD", help="Show periods that start on or before this date."
)
@format_option(FORMATTERS)
@click.pass_obj
def timeline(
    obj: Context, suspect: str, country: str, start: str | None, end: str | None, fmt: str
) -> None:
    """How the answer for SUSPECT in COUNTRY changed over time, and why.

    Prints each period with its dates, verdict, legal basis and reason, then dated context: a
    withdrawal notified or revoked, an announcement, a Court finding. Exits 1 if any period shown
    is obliged or uncertain.

    \b
    Examples:
      travelrisk timeline putin UA
      travelrisk timeline al-bashir BI --format json
      travelrisk timeline netanyahu HU --from 2025-01-01
    """
    from travelrisk.cli.where import terminal_width
    from travelrisk.data.dataset import parse_date
    from travelrisk.law.model import Status
    from travelrisk.present.timeline import build_timeline

    first = parse_date(start) if start is not None else None
    last = parse_date(end) if end is not None else None
    if first and last and first > last:
        from travelrisk.errors import InputError

        raise InputError(f"--from {first} is after --to {last}; give --from on or before --to")
    found = build_timeline(obj.dataset, suspect, country, first, last)
    echo_chunks(FORMATTERS[fmt](TimelineAnswer(found, terminal_width(), obj.dataset.receipt)))
    hit = any(p.status in (Status.OBLIGED, Status.UNCERTAIN) for p in found.periods)
    sys.exit(EXIT_OBLIGED if hit else EXIT_CLEAR)
