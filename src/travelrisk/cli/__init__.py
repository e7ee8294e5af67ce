"""The command line: a thin layer that parses options, asks the library, and prints.

Exit codes: 0 no arrest obligation in any place checked; 1 an obligation (or an uncertain one) in
at least one; 2 bad input or unusable data, with one line on stderr; 3 a batch completed with some
error rows; 4 failed part-way, output incomplete; 130 interrupted; 141 standard output was closed
(a broken pipe, e.g. `| head`), output incomplete.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from travelrisk.version import __version__

if TYPE_CHECKING:
    from travelrisk.data.dataset import Dataset
    from travelrisk.law.model import Verdict
    from travelrisk.present.formats import Formatters

EXIT_CLEAR = 0
EXIT_OBLIGED = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3
EXIT_FAILED = 4  # failed part-way: the output, if any, is incomplete
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143  # 128 + SIGTERM
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: what a shell reports for a process killed by it

EXIT_CODES_HELP = """\b
Exit codes:
  0    no arrest obligation in any place checked
  1    an arrest obligation (or an uncertain one) in at least one place
  2    bad input (unknown suspect or place, malformed date, unusable file or data)
  3    batch only: completed, but some rows are error rows
  4    failed part-way (e.g. disk full); the output is incomplete
  130  interrupted (Ctrl-C)
  141  standard output closed (a broken pipe, or `>&-`); the output is incomplete
  143  terminated (SIGTERM)"""

F = TypeVar("F", bound=Callable[..., Any])


class Context:
    """What every command shares: the options of the group, and the dataset, loaded once."""

    def __init__(self, data_dir: str | None, verbose: bool, release: str | None = None) -> None:
        self.data_dir = data_dir
        self.release = release
        self.verbose = verbose
        self._dataset: Dataset | None = None

    @property
    def dataset(self) -> Dataset:
        if self._dataset is None:
            if self.release:
                from travelrisk import load

                self._dataset = load(self.release, standalone=True)
            elif self.data_dir:
                from travelrisk import load

                self._dataset = load(self.data_dir)
            else:
                from travelrisk import default_dataset

                self._dataset = default_dataset()
        return self._dataset


# Command name -> the module under travelrisk.cli that defines it. A module is imported only
# when its command runs (or --help lists them), so `check` does not pay for `batch` or `map`.
LAZY_COMMANDS = {
    "batch": "batch",
    "changes": "changes",
    "check": "check",
    "countries": "countries",
    "data": "data",
    "map": "map",
    "route": "route",
    "show": "suspects",
    "suspects": "suspects",
    "timeline": "timeline",
    "where": "where",
}


class Group(click.Group):
    """Loads commands lazily; turns library errors into one line on stderr, and pipes and
    Ctrl-C into quiet exits."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in LAZY_COMMANDS:
            from importlib import import_module

            import_module(f"{__name__}.{LAZY_COMMANDS[cmd_name]}")
        return super().get_command(ctx, cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """As click does, but an unknown command gets "did you mean" (exit 2)."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            import difflib

            known = self.list_commands(ctx)
            close = [c for c in known if c.startswith(name.lower())]
            close += [c for c in difflib.get_close_matches(name, known, 3, 0.6) if c not in close]
            if close and not ctx.resilient_parsing:
                from travelrisk.law.english import choices

                quoted = choices((f"'{c}'" for c in close), "or")
                ctx.fail(f"No such command '{name}'. Did you mean {quoted}?")
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        from travelrisk.errors import TravelriskError, printable

        try:
            return super().invoke(ctx)
        except TravelriskError as exc:
            if ctx.obj is not None and ctx.obj.verbose:
                import traceback

                traceback.print_exc()
            click.echo(f"travelrisk: {printable(str(exc))}", err=True)
            ctx.exit(EXIT_USAGE)
        except KeyboardInterrupt:
            click.echo("travelrisk: interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            quiet_pipe()
            ctx.exit(EXIT_BROKEN_PIPE)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:  # a failure part-way: never 0, 1 or 3, which mean complete
            if ctx.obj is not None and ctx.obj.verbose:
                import traceback

                traceback.print_exc()
            click.echo(f"travelrisk: failed, output incomplete: {failure_text(exc)}", err=True)
            ctx.exit(EXIT_FAILED)


def failure_text(exc: BaseException) -> str:
    """One line about an unexpected failure."""
    if isinstance(exc, OSError) and exc.strerror:
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{exc.strerror}{where}"
    first = (str(exc).splitlines() or [""])[0][:200]
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


class _ClosedOutput(io.TextIOBase):
    """Standard output when the process was started without one: writing to it is what writing
    to a closed pipe is (exit 141, quietly); `-o FILE` still works."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        import errno

        raise BrokenPipeError(errno.EBADF, "standard output is closed")


def quiet_pipe() -> None:
    # Later flushes to the closed pipe would raise again at shutdown ("Exception ignored ..."):
    # point stdout at devnull, as the Python documentation recommends.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real stdout (e.g. in tests)
        pass


def format_option(table: Formatters[Any, Any]) -> Callable[[F], F]:
    """The shared --format option, so that every reading command speaks the same formats: those
    `table` has a formatter for, in the order they were registered."""
    from travelrisk.law.english import choices as listed

    formats = tuple(f.value for f in table.formats)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(formats),
        default="text",
        show_default=True,
        help=f"Output format: {listed(formats)}.",
    )


def on_option(f: F) -> F:
    return click.option(
        "--on",
        "on",
        metavar="YYYY-MM-DD",
        help="The date to answer for (default: today).",
    )(f)


@click.group(
    cls=Group, epilog=EXIT_CODES_HELP, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(
    __version__, "--version", prog_name="travelrisk", message="%(prog)s %(version)s"
)
@click.option(
    "--data-dir",
    envvar="TRAVELRISK_DATA_DIR",
    metavar="DIR",
    help="A folder of data files that add to or replace bundled records by key "
    "(also TRAVELRISK_DATA_DIR).",
)
@click.option(
    "--release",
    envvar="TRAVELRISK_RELEASE",
    metavar="DIR",
    help="The data folder of a release (an older one, say) to answer from instead of the "
    "bundled data (also TRAVELRISK_RELEASE). Not with --data-dir.",
)
@click.option("-v", "--verbose", is_flag=True, help="Show full tracebacks (for bug reports).")
@click.pass_context
def main(ctx: click.Context, data_dir: str | None, release: str | None, verbose: bool) -> None:
    """Is a country legally obliged to arrest a person wanted on a public ICC arrest warrant?

    \b
    Examples:
      travelrisk check putin FR
      travelrisk check netanyahu HU DE --on 2025-04-03
      travelrisk check "Omar al-Bashir" "South Africa" --format json
    """
    if data_dir and release:
        raise click.UsageError(
            "give --data-dir (an overlay on the bundled data) or --release (a whole data "
            "folder), not both"
        )
    ctx.obj = Context(data_dir, verbose, release)


def echo_chunks(chunks: Iterable[str]) -> None:
    out = sys.stdout
    for chunk in chunks:
        out.write(chunk)
    out.flush()


def verdict_exit(verdicts: Iterable[Verdict]) -> int:
    from travelrisk.law.model import Status

    hit = any(v.status in (Status.OBLIGED, Status.UNCERTAIN) for v in verdicts)
    return EXIT_OBLIGED if hit else EXIT_CLEAR


def run() -> None:
    """Entry point that also catches what escapes click (e.g. Ctrl-C while loading)."""
    if sys.stdout is None:  # started with standard output closed (`>&-`)
        sys.stdout = _ClosedOutput()
    try:
        try:
            main(prog_name="travelrisk")
        finally:
            if sys.stdout is not None:
                sys.stdout.flush()  # here, not at shutdown, so that a closed pipe is seen
    except KeyboardInterrupt:
        click.echo("travelrisk: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        quiet_pipe()
        sys.exit(EXIT_BROKEN_PIPE)
    except SystemExit as exc:
        # click meets a broken pipe outside a command (e.g. `--help | true`) with exit 1, which
        # here means "obligation found"; it has then wrapped stdout, which tells us.
        # Matched by name: click 8.5 renamed the class to _PacifyFlushWrapper.
        if exc.code == 1 and type(sys.stdout).__name__.lstrip("_") == "PacifyFlushWrapper":
            quiet_pipe()
            sys.exit(EXIT_BROKEN_PIPE)
        raise
