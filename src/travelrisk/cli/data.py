"""`travelrisk data ...`: commands about the dataset itself.

`data` is a click group: add a command to it with `@data.command()` (here, or in a module that
imports `data` from this one and is itself imported at the bottom of this module).
"""

from __future__ import annotations

import os

import click

from travelrisk.cli import Context, echo_chunks, format_option, main


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
    from travelrisk.cli.where import terminal_width
    from travelrisk.law.clock import today
    from travelrisk.present.datainfo import dataset_info, render_info

    echo_chunks(
        render_info(dataset_info(obj.dataset, today()), fmt, terminal_width(), obj.dataset.receipt)
    )


@data.command(name="diff")
@click.argument("old", type=click.Path(file_okay=False))
@click.argument("new", type=click.Path(file_okay=False), required=False)
@format_option("text", "json")
def diff(old: str, new: str | None, fmt: str) -> None:
    """What differs from the data in OLD to that in NEW (default: the bundled data): records
    added, removed and changed, field by field, and the verdicts that change, with their dates.

    A folder holding every required data file is read as a whole release of the data; any
    other folder as an overlay on the bundled data, as --data-dir reads it.

    \b
    Examples:
      travelrisk data diff ../travelrisk-0.1/data
      travelrisk data diff my-overlay --format json
      travelrisk data diff old-release new-release
    """
    from travelrisk.data.diff import diff as compare
    from travelrisk.data.diff import render_diff

    echo_chunks(render_diff(compare(old, new), fmt))


@data.group(name="export")
def export() -> None:
    """The data as tables for other tools (DuckDB, Spark, a spreadsheet)."""


@export.command(name="periods")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("csv", "jsonl", "parquet")),
    help="Output format (default: from the --output file's extension, else csv).",
)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (default: standard output).")
@click.pass_obj
def export_periods(obj: Context, fmt: str | None, output: str | None) -> None:
    """Every suspect × every place × every period over which the answer stays the same: start,
    end (inclusive; empty where open), status, bases, reason and sources.

    Join legs against it with `start <= day <= end`. Where reason_names_day is true, the reason
    holds {day} in place of the day asked about. FILE is written whole or not at all.

    \b
    Examples:
      travelrisk data export periods -o periods.parquet
      travelrisk data export periods --format csv > periods.csv
    """
    import io
    import sys

    from travelrisk.batch import lawtable
    from travelrisk.cli.map import write_atomically

    if fmt is None:
        ext = os.path.splitext(output or "")[1].lower().lstrip(".")
        fmt = ext if ext in lawtable.FORMATS else "csv"
    rows = lawtable.period_rows(obj.dataset)
    if fmt == "parquet":
        binary = io.BytesIO()
        lawtable.write_parquet(rows, binary)
        content = binary.getvalue()
    else:
        text = io.StringIO(newline="")
        (lawtable.write_csv if fmt == "csv" else lawtable.write_jsonl)(rows, text)
        content = text.getvalue().encode("utf-8")
    if output is None or output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
    else:
        write_atomically(output, content)


# `data validate` lives in its own module and registers itself on the group above.
from travelrisk.cli import validate as _validate  # noqa: E402,F401
