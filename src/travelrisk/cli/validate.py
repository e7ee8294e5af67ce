"""`travelrisk data validate`: check the bundled data, or an overlay folder; list every problem."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

import click

from ..formats import Format, Formatters
from . import EXIT_CLEAR, EXIT_USAGE, Context, echo_chunks, format_option
from .data import data

if TYPE_CHECKING:
    from ..validate import Report

VALIDATE_EXIT_HELP = """\b
Exit codes:
  0    the data would load (warnings, if any, are listed)
  2    at least one problem; each is one line: file: record: field: message"""


FORMATTERS: Formatters[Report, Iterable[str]] = Formatters("data validate")


@FORMATTERS.register(Format.TEXT)
def _text(report: Report) -> Iterable[str]:
    from ..errors import printable
    from ..validate import report_lines

    return (printable(line) + "\n" for line in report_lines(report))


@FORMATTERS.register(Format.JSON)
def _json(report: Report) -> Iterable[str]:
    import json

    from ..validate import report_dict

    return [json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"]


@data.command("validate", epilog=VALIDATE_EXIT_HELP)
@click.argument("directory", required=False, metavar="[DIR]")
@format_option(FORMATTERS)
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
    from ..validate import check_data

    report = check_data(directory if directory is not None else obj.data_dir)
    echo_chunks(FORMATTERS[fmt](report))
    if not report.ok:
        errors = len(report.errors)
        click.echo(f"travelrisk: {errors} problem{'s' * (errors != 1)} in the data", err=True)
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_CLEAR)
