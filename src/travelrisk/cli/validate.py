"""`travelrisk data validate`: check the bundled data, or an overlay folder; list every problem."""

from __future__ import annotations

import sys

import click

from travelrisk.cli import EXIT_CLEAR, EXIT_USAGE, Context, echo_chunks, format_option
from travelrisk.cli.data import data

VALIDATE_EXIT_HELP = """\b
Exit codes:
  0    the data would load (warnings, if any, are listed)
  2    at least one problem; each is one line: file: record: field: message"""


@data.command("validate", epilog=VALIDATE_EXIT_HELP)
@click.argument("directory", required=False, metavar="[DIR]")
@format_option("text", "json")
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
    import json

    from travelrisk.data.validate import check_data, report_dict, report_lines
    from travelrisk.errors import printable

    report = check_data(directory if directory is not None else obj.data_dir)
    if fmt == "json":
        echo_chunks([json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"])
    else:
        echo_chunks(printable(line) + "\n" for line in report_lines(report))
    if not report.ok:
        errors = len(report.errors)
        click.echo(f"travelrisk: {errors} problem{'s' * (errors != 1)} in the data", err=True)
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_CLEAR)
