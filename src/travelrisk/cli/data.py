"""`travelrisk data ...`: commands about the dataset itself.

`data` is a click group: add a command to it with `@data.command()` (here, or in a module that
imports `data` from this one and is itself imported at the bottom of this module).
"""

from __future__ import annotations

import click

from . import Context, echo_chunks, format_option, main


@main.group(name="data")
def data() -> None:
    """About the data: its version, its "as of" date, what it holds and where it comes from."""


@data.command(name="info")
@format_option("text", "json")
@click.pass_obj
def info(obj: Context, fmt: str) -> None:
    """The dataset's version and "as of" date, counts, and its sources' most cited domains.

    Counts of states parties and live warrants are for today. With --data-dir, also lists what
    the overlay adds or replaces.

    \b
    Examples:
      travelrisk data info
      travelrisk data info --format json
    """
    from ..clock import today
    from ..datainfo import dataset_info, render_info
    from .where import terminal_width

    echo_chunks(render_info(dataset_info(obj.dataset, today()), fmt, terminal_width()))


# `data validate` lives in its own module and registers itself on the group above.
from . import validate as _validate  # noqa: E402,F401
