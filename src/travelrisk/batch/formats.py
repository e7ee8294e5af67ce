"""The files `travelrisk batch` reads and writes: formats by extension, standard input, the checks
made before a file is opened, and the header check every tabular reader makes."""

from __future__ import annotations

import os
from collections.abc import Sequence

from travelrisk.batch.legs import ALIASES, ROLES, column_roles
from travelrisk.errors import InputError, printable

INPUT_FORMATS = ("csv", "jsonl", "json", "yaml", "xlsx", "parquet")


OUTPUT_FORMATS = ("csv", "jsonl", "json", "text", "xlsx", "parquet")


BINARY_FORMATS = ("xlsx", "parquet")  # written as bytes, never to a terminal


STREAMED_INPUT_FORMATS = ("csv", "jsonl")


EXTENSIONS = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".xlsx": "xlsx",
    ".parquet": "parquet",
}


OUTPUT_EXTENSIONS = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".txt": "text",
    ".xlsx": "xlsx",
    ".parquet": "parquet",
}


STDIN = "-"


# The columns a leg is read from, each with its other names, as a bad header's message lists them.
_ACCEPTED = tuple((r, tuple(a for a, to in ALIASES.items() if to == r)) for r in ROLES)


class ItineraryError(InputError):
    """A file cannot be read as an itinerary at all (one-line message)."""


def input_format_for(path: str, explicit: str | None = None) -> str:
    """The input format: `explicit` if given, else from the extension; stdin defaults to CSV."""
    if explicit:
        if explicit not in INPUT_FORMATS:
            raise ItineraryError(
                f"unknown input format {explicit!r}; expected {', '.join(INPUT_FORMATS)}"
            )
        return explicit
    if path == STDIN:
        return "csv"
    fmt = EXTENSIONS.get(os.path.splitext(path)[1].lower())
    if fmt is None:
        raise ItineraryError(
            f"cannot tell the format of {path} from its name; give --input-format "
            f"({', '.join(INPUT_FORMATS)}) or name it .csv, .jsonl, .json, .yaml, .xlsx, .parquet"
        )
    return fmt


def output_format_for(path: str) -> str | None:
    """The output format an output file's extension implies; None for a name without one
    (/dev/null, a FIFO). Raises ItineraryError for an extension that implies none
    (`out.xlsm`): a file is never written in a format its name does not say."""
    ext = os.path.splitext(path)[1].lower()
    if not ext:
        return None
    fmt = OUTPUT_EXTENSIONS.get(ext)
    if fmt is None:
        accepted = ", ".join(OUTPUT_EXTENSIONS)
        raise ItineraryError(
            f"cannot tell what to write to {path} from its extension {ext!r}; name it "
            f"{accepted}, or give --format ({', '.join(OUTPUT_FORMATS)})"
        )
    return fmt


def check_readable(path: str) -> None:
    """Raise ItineraryError unless `path` is stdin or a readable regular file."""
    if path == STDIN:
        return
    try:
        os.stat(path)
    except OSError as exc:
        import errno

        if exc.errno == errno.ELOOP:
            raise ItineraryError(f"{path}: symlink loop (too many levels of links)") from None
        if exc.errno != errno.ENOENT:
            raise ItineraryError(f"cannot read {path}: {exc.strerror}") from None
        raise ItineraryError(f"no such file: {path}") from None
    if os.path.isdir(path):
        raise ItineraryError(f"{path} is a directory; give an itinerary file")
    import stat

    if stat.S_ISCHR(os.stat(path).st_mode) or stat.S_ISBLK(os.stat(path).st_mode):
        raise ItineraryError(  # /dev/zero, /dev/urandom: endless, never an itinerary
            f"{path} is a device, not an itinerary file; give a file, or - for standard input"
        )
    if not os.access(path, os.R_OK):
        raise ItineraryError(f"cannot read {path}: permission denied")


def check_header(header: Sequence[str], name: str, how: str = "") -> None:
    """Raise ItineraryError for a header that names none of the columns a leg is read from."""
    if header and not column_roles(header):
        shown = (repr(c) if len(c) <= 40 else repr(c[:40]) + "..." for c in header[:20])
        found = ", ".join(shown) + (", ..." if len(header) > 20 else "")
        accepted = ", ".join(
            f"{role} (or {', '.join(also)})" if also else role for role, also in _ACCEPTED
        )
        raise ItineraryError(
            printable(
                f"{name}: none of the columns is one travelrisk reads: found {found}"
                f"{how}; accepted: {accepted}"
            )
        )


def first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]
