"""`travelrisk data ...`: commands about the dataset itself.

`data` is a click group: add a command to it with `@data.command()`, here.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING, Any, NamedTuple

import click

from travelrisk.cli import EXIT_CLEAR, EXIT_USAGE, Context, echo_chunks, format_option, main
from travelrisk.present.formats import Format, Formatters

if TYPE_CHECKING:
    from travelrisk.data.diff import DataDiff
    from travelrisk.data.validate import Report
    from travelrisk.law.model import Receipt
    from travelrisk.present.datainfo import DatasetInfo


@main.group(name="data")
def data() -> None:
    """About the data: its version, its "as of" date, what it holds and where it comes from."""


class InfoAnswer(NamedTuple):
    info: DatasetInfo
    width: int  # of the terminal, for text
    receipt: Receipt


def _render_info(answer: InfoAnswer, fmt: str) -> Iterable[str]:
    from travelrisk.present.datainfo import render_info

    return render_info(answer.info, fmt, answer.width, answer.receipt)


INFO: Formatters[InfoAnswer, Iterable[str]] = Formatters("data info")
INFO.register_each(_render_info, Format.TEXT, Format.JSON)


@data.command(name="info")
@format_option(INFO)
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
    from travelrisk.present.datainfo import dataset_info

    info = dataset_info(obj.dataset, today())
    echo_chunks(INFO[fmt](InfoAnswer(info, terminal_width(), obj.dataset.receipt)))


def _render_diff(answer: DataDiff, fmt: str) -> Iterable[str]:
    from travelrisk.data.diff import render_diff

    return render_diff(answer, fmt)


DIFF: Formatters[DataDiff, Iterable[str]] = Formatters("data diff")
DIFF.register_each(_render_diff, Format.TEXT, Format.JSON)


@data.command(name="diff")
@click.argument("old", type=click.Path(file_okay=False))
@click.argument("new", type=click.Path(file_okay=False), required=False)
@format_option(DIFF)
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

    echo_chunks(DIFF[fmt](compare(old, new)))


FMT_EXIT_HELP = """\b
Exit codes:
  0    every file is in the canonical style (now, or already)
  1    with --check: some files would change (each is listed)
  2    a file cannot be read as data, or formatting it would change its values; nothing is
       written"""


@data.command(name="fmt", epilog=FMT_EXIT_HELP)
@click.argument("targets", nargs=-1, metavar="[FILE|DIR ...]")
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing: list the files that would change, and exit 1 if any would.",
)
@click.pass_obj
def fmt(obj: Context, targets: tuple[str, ...], check: bool) -> None:
    """Rewrite data files in the one canonical YAML style, keeping their comments and values.

    Without FILE or DIR, the bundled data (or the --data-dir folder, if given); a DIR stands
    for the data files in it (dataset.yaml, warrants.yaml, ...). The style: a list's dashes
    level with its key, text folded at 100 columns, null written out, and a flow collection
    ({id: x, for: [a, b]}) only where its line fits in 100 columns, else block style. A file
    is written only if it reads back as exactly the same values, through a temporary file
    renamed into place; if any file cannot be formatted, none is written.

    \b
    Examples:
      travelrisk data fmt --check
      travelrisk data fmt my-corrections/
      travelrisk data fmt data/warrants.yaml
    """
    import sys

    from travelrisk.data.fmt import data_files, format_files
    from travelrisk.errors import printable

    paths = data_files(targets, obj.data_dir)
    changed = format_files(paths, write=not check)
    for path in changed:
        click.echo(f"{'would reformat' if check else 'reformatted'}: {printable(path)}")
    n = len(changed)
    said = f"{n} of {len(paths)} file{'s' * (len(paths) != 1)}"
    click.echo(f"travelrisk: {said} {'would be ' if check else ''}reformatted", err=True)
    sys.exit(1 if check and changed else 0)


@data.group(name="export")
def export() -> None:
    """The data as tables for other tools (DuckDB, Spark, a spreadsheet)."""


Rows = Iterable[dict[str, Any]]  # of the periods table
PERIODS: Formatters[Rows, bytes] = Formatters("data export periods")


@PERIODS.register(Format.CSV)
def _periods_csv(rows: Rows) -> bytes:
    from travelrisk.batch import lawtable

    return _text_bytes(lawtable.write_csv, rows)


@PERIODS.register(Format.JSONL)
def _periods_jsonl(rows: Rows) -> bytes:
    from travelrisk.batch import lawtable

    return _text_bytes(lawtable.write_jsonl, rows)


@PERIODS.register(Format.PARQUET)
def _periods_parquet(rows: Rows) -> bytes:
    import io

    from travelrisk.batch import lawtable

    binary = io.BytesIO()
    lawtable.write_parquet(rows, binary)
    return binary.getvalue()


def _text_bytes(write: Callable[[Rows, IO[str]], int], rows: Rows) -> bytes:
    import io

    text = io.StringIO(newline="")
    write(rows, text)
    return text.getvalue().encode("utf-8")


@export.command(name="periods")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(tuple(f.value for f in PERIODS.formats)),
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
    import sys

    from travelrisk.batch import lawtable
    from travelrisk.cli.map import write_atomically

    if fmt is None:
        ext = os.path.splitext(output or "")[1].lower().lstrip(".")
        fmt = ext if ext in {f.value for f in PERIODS.formats} else "csv"
    content = PERIODS[fmt](lawtable.period_rows(obj.dataset))
    if output is None or output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
    else:
        write_atomically(output, content)


VALIDATE_EXIT_HELP = """\b
Exit codes:
  0    the data would load (warnings, if any, are listed)
  2    at least one problem; each is one line: file: record: field: message"""


VALIDATE: Formatters[Report, Iterable[str]] = Formatters("data validate")


@VALIDATE.register(Format.TEXT)
def _validate_text(report: Report) -> Iterable[str]:
    from travelrisk.data.validate import report_lines
    from travelrisk.errors import printable

    return (printable(line) + "\n" for line in report_lines(report))


@VALIDATE.register(Format.JSON)
def _validate_json(report: Report) -> Iterable[str]:
    import json

    from travelrisk.data.validate import report_dict

    return [json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"]


@data.command("validate", epilog=VALIDATE_EXIT_HELP)
@click.argument("directory", required=False, metavar="[DIR]")
@format_option(VALIDATE)
@click.pass_obj
def validate(obj: Context, directory: str | None, fmt: str) -> None:
    """Check the data against its schema and cross-record rules, and list every problem.

    Without DIR, checks the bundled data (or the --data-dir folder, if given). With DIR, checks
    the folder's files on their own (readable, UTF-8, safe YAML, names the tool reads) and as an
    overlay on top of the bundled data. Reads the files afresh: the cache is not used.

    \b
    Examples:
      travelrisk data validate
      travelrisk data validate my-corrections/
      travelrisk data validate my-corrections/ --format json
    """
    from travelrisk.data.validate import check_data

    report = check_data(directory if directory is not None else obj.data_dir)
    echo_chunks(VALIDATE[fmt](report))
    if not report.ok:
        errors = len(report.errors)
        click.echo(f"travelrisk: {errors} problem{'s' * (errors != 1)} in the data", err=True)
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_CLEAR)
