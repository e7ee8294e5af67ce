"""`travelrisk batch`: check every leg of one or more itinerary files."""

from __future__ import annotations

import gc
import os
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, NamedTuple

import click

from travelrisk.cli import EXIT_CLEAR, EXIT_OBLIGED, EXIT_PARTIAL, EXIT_TERMINATED, Context, main
from travelrisk.present.formats import Format, Formatters

if TYPE_CHECKING:
    from travelrisk.batch.legs import Leg, LegResult
    from travelrisk.batch.writers import BatchSummary
    from travelrisk.data.dataset import Dataset

# The same tuples as itinerary_io's, spelled out so that `--help` need not import it.
INPUT_FORMATS = ("csv", "jsonl", "json", "yaml", "xlsx", "parquet")
OUTPUT_FORMATS = ("csv", "jsonl", "json", "text", "xlsx", "parquet")


class BatchOutput(NamedTuple):
    results: Iterable[LegResult]
    out: IO[str]
    columns: Sequence[str] | None  # the input's, for CSV
    file_column: bool  # several files read: a file column before row


def _write(output: BatchOutput, fmt: str) -> BatchSummary:
    from travelrisk.batch.itinerary_io import write_results

    return write_results(output.results, output.out, fmt, output.columns, output.file_column)


WRITERS: Formatters[BatchOutput, BatchSummary] = Formatters("batch")
WRITERS.register_each(_write, *(Format(f) for f in OUTPUT_FORMATS))

BATCH_EXIT_HELP = """\b
Exit codes:
  0    every leg checked; no arrest obligation on any leg
  1    an arrest obligation (or an uncertain one) on at least one leg
  2    the command cannot run: missing or unreadable file, undecodable input
  3    completed, but some rows are error rows (wins over 1: an error row may hide an obligation)
  4    failed part-way (e.g. disk full): the output is incomplete; an -o FILE is left as it was
  130  interrupted (Ctrl-C); an -o FILE is left as it was
  141  standard output closed early (a broken pipe): the output is incomplete
  143  terminated (SIGTERM); an -o FILE is left as it was"""


@main.command(epilog=BATCH_EXIT_HELP)
@click.argument("files", nargs=-1, required=True, metavar="FILE [FILE ...]")
@click.option(
    "--input-format",
    type=click.Choice(INPUT_FORMATS),
    help="Format of the input files (default: from each file's extension; CSV for -). "
    "CSV and jsonl are streamed; json and yaml files are read whole; xlsx (the first sheet) "
    "needs openpyxl.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(OUTPUT_FORMATS),
    help="Output format (default: from the --output file's extension, which must be a known "
    "one; else text on a terminal, csv otherwise). xlsx needs openpyxl.",
)
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    help="Write to FILE instead of standard output (- for standard output). FILE is replaced "
    "only once the batch is complete; never an input file.",
)
@click.option(
    "--encoding",
    default="utf-8",
    show_default=True,
    help="Encoding of the input files (a UTF-8 byte-order mark is ignored).",
)
@click.option(
    "--delimiter",
    metavar="CHAR",
    help="Field delimiter of CSV input: one character, or tab (default: sniffed from the "
    "first lines among , ; tab |). CSV output is comma-separated.",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Worker processes for one CSV file checked to CSV; 0: every core for a file over "
    "1 MB, else one (one is the default: on 2 cores it was the faster, see "
    "benchmarks/batch.py); never more than the cores. The output is the same whatever the number.",
)
@click.option(
    "--against",
    metavar="OLD",
    help="Re-screen: check every leg under the data in the folder OLD too (a whole release, "
    "or an overlay), and write only the legs whose answer differs, with the old answer in "
    "old_status, old_basis, old_from, old_until and old_reason.",
)
@click.pass_obj
def batch(
    obj: Context,
    files: tuple[str, ...],
    input_format: str | None,
    fmt: str | None,
    output: str | None,
    encoding: str,
    delimiter: str | None,
    jobs: int,
    against: str | None,
) -> None:
    """Check every leg of the itineraries in FILE ... (- for standard input).

    A leg is a row with suspect (or traveller), country, and either date or arrive and depart
    (YYYY-MM-DD); optional trip, and kind: stay (default), transit (presence, like a stay) or
    overflight (reported as not_present, with the emergency-landing risk). Column names are
    case-insensitive; other columns are passed through. Each output row is the input row, then:
    suspect_id, suspect_name, place, place_name, status, obliged, basis, from, until, reason,
    source (the first to cite: its URL, or title), data_as_of, error, row (and file, before row,
    when several files are read). A stay over several days gets its worst status and the first
    and last day of the stay that status holds. A row that cannot be checked is kept as an error
    row with the reason. Text groups the legs by trip (the trip column, else the traveller as
    resolved). A summary of the statuses and problems ends on stderr.

    \b
    Examples:
      travelrisk batch trips.csv > checked.csv
      travelrisk batch export.csv --delimiter ';' -o checked.xlsx
      travelrisk batch trip.yaml --format text
      travelrisk batch legs.jsonl -o checked.jsonl
      cut -d, -f1-4 big.csv | travelrisk batch - --format jsonl
    """
    from travelrisk.batch.formats import (
        ItineraryError,
        check_readable,
        input_format_for,
        output_format_for,
    )
    from travelrisk.batch.itinerary_io import delimiter_option, read_files
    from travelrisk.batch.legs import check_legs

    for path in files:  # a missing file or a folder is named before anything else
        check_readable(path)
    if delimiter is not None:
        delimiter = delimiter_option(delimiter)
    if output == "-":
        output = None  # standard output
    if fmt is None:
        fmt = (output_format_for(output) if output else None) or (
            "text" if sys.stdout.isatty() else "csv"
        )
    if fmt == "xlsx" and output is None and sys.stdout.isatty():
        raise ItineraryError("an Excel workbook is not for a terminal: give -o FILE.xlsx")
    _refuse_overwriting_input(output, files)
    dataset = obj.dataset
    # The dataset lives as long as the process: spare the collector re-scanning it while
    # millions of short-lived rows pass through.
    gc.freeze()
    if against is not None:
        _rescreen(files, input_format, encoding, delimiter, fmt, output, dataset, against)
    # With an overlay, every row says what it changed (its `overlay` column, part of the receipt
    # every row carries; a line in text), so that a what-if answer is never read as a real one.
    overlay = dataset.overlay_changes
    if len(files) == 1 and fmt == "csv" and input_format_for(files[0], input_format) == "csv":
        from travelrisk.batch import parallel

        workers = parallel.worker_count(jobs) if jobs else parallel.default_jobs(files[0])
        if workers > 1 and parallel.available():
            meter = _progress()
            try:
                with _open_output(output) if output else _stdout() as out:
                    summary = parallel.check_csv(
                        files[0],
                        out,
                        dataset,
                        workers,
                        encoding,
                        progress=meter.update if meter else None,
                        delimiter=delimiter,
                    )
            finally:
                if meter is not None:
                    meter.close()
            _finish(summary)
    # raises before any output is made
    itinerary = read_files(files, input_format, encoding, delimiter)
    results: Iterable[LegResult] = check_legs(itinerary.legs, dataset)
    meter = _progress()
    if meter is not None:
        results = _with_progress(results, meter)
    many = len(files) > 1
    with _open_output(output) if output else _stdout() as out:
        if overlay and fmt == "text":
            from travelrisk.present.render import overlay_said

            out.write(f"overlay:  {overlay_said(overlay)}\n\n")
        summary = WRITERS[fmt](BatchOutput(results, out, itinerary.columns, many))
    _finish(summary)


def _rescreen(
    files: tuple[str, ...],
    input_format: str | None,
    encoding: str,
    delimiter: str | None,
    fmt: str,
    output: str | None,
    dataset: Dataset,
    against: str,
) -> None:
    """`batch --against OLD`: only the legs whose answer differs, with the old answer."""
    from travelrisk.batch.itinerary_io import read_files
    from travelrisk.batch.rescreen import OLD_COLUMNS, differences, with_old_answer
    from travelrisk.data.diff import open_data

    older, _, _ = open_data(against)
    itinerary = read_files(files, input_format, encoding, delimiter)
    read = 0

    meter = _progress()

    def counted(legs: Iterable[Leg]) -> Iterator[Leg]:
        nonlocal read
        for read, leg in enumerate(legs, 1):  # noqa: B007 (the count is the point)
            if meter is not None and not read % 4096:
                meter.update(read)
            yield leg

    pairs = differences(counted(itinerary.legs), dataset, older)
    changed: Iterable[LegResult] = (with_old_answer(new, old) for new, old in pairs)
    columns = (*itinerary.columns, *OLD_COLUMNS) if itinerary.columns is not None else None
    try:
        with _open_output(output) if output else _stdout() as out:
            summary = WRITERS[fmt](BatchOutput(changed, out, columns, len(files) > 1))
    finally:
        if meter is not None:
            meter.close()
    _say(f"travelrisk: legs answered otherwise than under {against}: {summary.legs} of {read}")
    _finish(summary)


def _finish(summary: BatchSummary) -> None:
    _report(summary)
    if summary.errors:
        sys.exit(EXIT_PARTIAL)
    sys.exit(EXIT_OBLIGED if summary.at_risk else EXIT_CLEAR)


def _identity(path: str | None, stream: IO[str]) -> tuple[int, int] | None:
    """(st_dev, st_ino) of a regular file: `path`, or `stream` (stdin, stdout) for None or -."""
    import stat

    try:
        st = os.fstat(stream.fileno()) if path in (None, "-") else os.stat(path)
    except (OSError, ValueError, AttributeError):  # absent, or no real file (e.g. in tests)
        return None
    return (st.st_dev, st.st_ino) if stat.S_ISREG(st.st_mode) else None


def _refuse_overwriting_input(output: str | None, files: tuple[str, ...]) -> None:
    """Refuse an output (a file, or standard output) that is one of the inputs, stdin too."""
    from travelrisk.batch.formats import ItineraryError

    out = _identity(output, sys.stdout)
    if out is None:
        return
    for f in files:
        if _identity(f, sys.stdin) == out:
            what = f"--output {output}" if output else "standard output"
            source = "standard input" if f == "-" else f
            raise ItineraryError(f"{what} is also an input ({source}); write elsewhere")


@contextmanager
def _stdout() -> Iterator[IO[str]]:
    yield sys.stdout  # not closed: the interpreter owns it


@contextmanager
def _open_output(path: str) -> Iterator[IO[str]]:
    """A regular file is written as a temporary file beside it, moved into place on success
    only; on any failure, Ctrl-C or SIGTERM it is removed and `path` is left as it was. A
    device or pipe (/dev/null, a FIFO) is written directly."""
    import stat
    import tempfile

    from travelrisk.batch.formats import ItineraryError

    try:
        mode: int | None = os.stat(path).st_mode
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        try:
            direct = open(path, "w", encoding="utf-8", newline="")
        except OSError as exc:
            raise ItineraryError(f"cannot write {path}: {exc.strerror}") from None
        with direct:
            yield direct
        return
    target = os.path.realpath(path)  # through a symlink: replace the file, keep the link
    folder, name = os.path.split(target)
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ItineraryError(f"cannot write {path}: {exc.strerror}") from None
    done = False
    try:
        with _terminate_as_exit():
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
                yield out
            if mode is None:  # a new file gets the usual permissions, not mkstemp's 0600
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(temp, 0o666 & ~umask)
            else:
                os.chmod(temp, stat.S_IMODE(mode))
            os.replace(temp, target)
            done = True
    finally:
        if not done:
            try:
                os.unlink(temp)
            except OSError:
                pass


@contextmanager
def _terminate_as_exit() -> Iterator[None]:
    """SIGTERM raises SystemExit(143) while this runs, so that cleanup code runs too."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum: int, frame: object) -> None:
        raise SystemExit(EXIT_TERMINATED)

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _report(summary: BatchSummary) -> None:
    """Anything the output itself does not make plain, one line each on stderr (control
    characters from the input escaped), then the counts by status and kind of problem."""
    from travelrisk.errors import printable

    if summary.dropped_columns:
        dropped = ", ".join(summary.dropped_columns)
        _say(
            "travelrisk: columns not in the first leg are left out of the CSV: "
            f"{printable(dropped)}; use --format jsonl to keep them"
        )
    first = summary.first_error
    if first is not None:
        where = f"row {first.leg.row}" + (f" of {first.leg.source}" if first.leg.source else "")
        from travelrisk.law.english import one_of

        verb = "is an error row" if summary.errors == 1 else "are error rows"
        _say(
            f"travelrisk: {one_of(summary.errors, summary.legs, 'row')} {verb}; "
            + printable(f"the first, {where}: {first.error}")
        )
    _say(f"travelrisk: {summary.describe()}")


def _say(line: str) -> None:
    """One line on stderr; if stderr is closed (`2>&-`) the line is lost, not the exit code."""
    try:
        click.echo(line, err=True)
    except (OSError, ValueError):
        pass


class _Progress:
    """A running count of legs on stderr, once a run has taken more than a second, at most
    twice a second; wiped when done. Only when stderr is a terminal (`_progress`)."""

    def __init__(self) -> None:
        self.start = self.last = time.monotonic()
        self.shown = False

    def update(self, n: int) -> None:
        now = time.monotonic()
        if now - self.start >= 1.0 and now - self.last >= 0.5:
            rate = n / (now - self.start)
            sys.stderr.write(f"\r  {n:,} legs checked ({rate:,.0f} a second)")
            sys.stderr.flush()
            self.last, self.shown = now, True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * 60 + "\r")
            sys.stderr.flush()
            self.shown = False


def _progress() -> _Progress | None:
    """A progress meter if stderr is a terminal, else None."""
    return _Progress() if sys.stderr is not None and sys.stderr.isatty() else None


def _with_progress(
    results: Iterable[LegResult], meter: _Progress, every: int = 4096
) -> Iterator[LegResult]:
    """The results, counted on `meter` every `every` legs."""
    n = 0
    try:
        for n, result in enumerate(results, 1):
            if not n % every:
                meter.update(n)
            yield result
    finally:
        meter.close()
