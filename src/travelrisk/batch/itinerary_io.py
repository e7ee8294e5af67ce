"""Reading itineraries from files and writing leg results: the edges of `travelrisk batch`.

Readers give `Leg`s. CSV (with a header row) and JSON Lines are streamed, a record at a time, so
memory stays flat however long the file; JSON and YAML documents are loaded whole (they are meant
for hand-written trips). The format comes from the file's extension or is given; "-" is stdin.

Writers take `LegResult`s and write each input row's own columns, then the verdict columns
(`VERDICT_COLUMNS`), as CSV, JSON Lines, a JSON array (streamed) or text for people (a summary
per trip, then its legs: this one holds one trip's legs at a time).

Problems with a file as a whole (missing, a directory, undecodable, not JSON or YAML at all) raise
`ItineraryError`, an `InputError`; problems with one leg become that leg's error row.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import IO, Any, NamedTuple

from travelrisk.batch.legs import (
    ALIASES,
    ERROR,
    NOT_PRESENT,
    RISK_STATUSES,
    ROLES,
    Leg,
    LegResult,
    column_roles,
    duplicate_field,
    problem_kinds,
)
from travelrisk.errors import InputError, printable
from travelrisk.law.english import choices, one_of, plural
from travelrisk.law.model import Basis, Place, Receipt, Source, Status
from travelrisk.law.wording import LEG_ONLY, RANK, STATUS, SUMMARY_NOUNS, SUMMARY_ORDER

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
# The delimiters a CSV file is sniffed for, and how much of it is read to tell.
DELIMITERS = (",", ";", "\t", "|")
SNIFF_BYTES = 4096
# The columns a leg is read from, each with its other names, as a bad header's message lists them.
_ACCEPTED = tuple((r, tuple(a for a, to in ALIASES.items() if to == r)) for r in ROLES)

# After the input's own columns, every output row has these, in this order: who and where as
# resolved (empty where a name could not be resolved), the verdict, the first source to cite for
# it (its URL, or its title where it has none) and the receipt: the data's "as of" date, its
# digest, the tool's version and the overlay, if any (Receipt.FIELDS).
VERDICT_COLUMNS = (
    "suspect_id",
    "suspect_name",
    "place",
    "place_name",
    "status",
    "obliged",
    "basis",
    "from",
    "until",
    "reason",
    "source",
    "data_as_of",
    "data_digest",
    "tool_version",
    "overlay",
    "overlay_dir",
    "crossings",
    "error",
    "row",
)
FILE_COLUMN = "file"  # added before `row` when more than one file is read
INPUT_PREFIX = "input_"  # an input column named like a verdict column keeps its value under this
BASIS_SEPARATOR = ";"  # between two bases where the answer changes mid-stay: declaration;party


class ItineraryError(InputError):
    """A file cannot be read as an itinerary at all (one-line message)."""


class Itinerary(NamedTuple):
    """An opened itinerary: its name, format, columns (None if only the rows will tell), legs."""

    name: str
    format: str
    columns: tuple[str, ...] | None
    legs: Iterator[Leg]


class BatchSummary(NamedTuple):
    """What a batch wrote: how many legs, error rows and legs at risk, and the first error row;
    how many legs had each status, and how many problems of each kind the error rows had."""

    legs: int
    errors: int
    at_risk: int
    first_error: LegResult | None
    dropped_columns: tuple[str, ...]  # input columns a CSV output had no room for
    statuses: Mapping[Status, int] = {}
    problems: Mapping[str, int] = {}  # by `problem_kind`

    def describe(self) -> str:
        """One line: "3 legs: 1 obliged, 1 overflight, 1 error row (1 unknown place)"."""
        parts = []
        for status in STATUS_ORDER:
            n = self.statuses.get(status, 0)
            if n:
                noun, many = _SUMMARY_NOUNS.get(status, (status.value.replace("_", " "), ""))
                parts.append(plural(n, noun, many or noun) if many else f"{n} {noun}")
        if self.problems:
            kinds = sorted(self.problems.items(), key=lambda kv: (-kv[1], kv[0]))
            parts[-1] += " (" + ", ".join(plural(n, kind) for kind, n in kinds) + ")"
        return f"{plural(self.legs, 'leg')}: {', '.join(parts)}" if parts else plural(0, "leg")


# The order of the statuses in a summary, and the nouns some of them are counted with.
STATUS_ORDER = SUMMARY_ORDER
_SUMMARY_NOUNS = SUMMARY_NOUNS


# -- reading ----------------------------------------------------------------------------------


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


def _codec(encoding: str) -> str:
    import codecs

    accepted = "give a text encoding, e.g. utf-8, utf-16, cp1252, latin-1"
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise ItineraryError(f"unknown encoding {encoding!r}; {accepted}") from None
    if not getattr(info, "_is_text_encoding", True):  # rot13, base64, zlib: not bytes to text
        raise ItineraryError(f"{encoding!r} is not a text encoding; {accepted}")
    name = info.name
    return "utf-8-sig" if name == "utf-8" else name  # a byte-order mark, if any, is not data


def open_itinerary(
    path: str,
    input_format: str | None = None,
    encoding: str = "utf-8",
    delimiter: str | None = None,
) -> Itinerary:
    """Open one itinerary file ("-" for stdin). CSV headers, JSON and YAML are read now.

    Raises ItineraryError if the file is missing, a directory, in an unknown format or encoding,
    undecodable, or not JSON or YAML at all, or a CSV header that names none of the columns a
    leg is read from. A CSV file's delimiter is `delimiter`, or sniffed (`sniff_delimiter`).
    Legs are read as the returned iterator is consumed; a CSV or JSON Lines file that turns out
    undecodable further on raises ItineraryError then.
    """
    check_readable(path)
    fmt = input_format_for(path, input_format)
    codec = _codec(encoding)
    name = "<stdin>" if path == STDIN else path
    if fmt == "parquet":  # binary, read in batches by parquet_io
        from travelrisk.batch.parquet_io import parquet_columns, parquet_legs

        if path == STDIN:
            raise ItineraryError("Parquet cannot be read from standard input; give a file")
        return Itinerary(name, fmt, parquet_columns(path, name), parquet_legs(path, name))
    if fmt in STREAMED_INPUT_FORMATS:
        stream = _open_text(path, codec)
        if fmt == "csv":
            columns, legs = _csv_legs(stream, path, name, encoding, delimiter)
            return Itinerary(name, fmt, columns, legs)
        return Itinerary(name, fmt, None, _jsonl_legs(stream, path, name, encoding))
    if fmt == "xlsx":
        from travelrisk.batch.excel import xlsx_legs

        columns, legs = xlsx_legs(path, name)
        return Itinerary(name, fmt, columns, legs)
    text = _read_whole(path, codec, name, encoding)
    doc = _parse_json(text, name) if fmt == "json" else _parse_yaml(text, name)
    found = _document_legs(doc, name)
    seen: dict[str, None] = {}
    for leg in found:
        seen.update(dict.fromkeys(leg.columns))
    return Itinerary(name, fmt, tuple(seen), iter(found))


def read_legs(
    path: str,
    input_format: str | None = None,
    encoding: str = "utf-8",
    delimiter: str | None = None,
) -> Iterator[Leg]:
    """The legs of one itinerary file, in order (see `open_itinerary`)."""
    return open_itinerary(path, input_format, encoding, delimiter).legs


def read_files(
    paths: Sequence[str],
    input_format: str | None = None,
    encoding: str = "utf-8",
    delimiter: str | None = None,
) -> Itinerary:
    """Several itinerary files read one after another, as one itinerary.

    Every file is checked and opened up front (exists, is a file, format known, header read)
    so that a mistake in the last one is found before any output. Each file's columns are
    mapped to leg fields on their own (`traveller` in one, `suspect` in another); the columns
    are those of every file, each name once (matched as leg fields are), in order of
    appearance, so that one output holds every file's rows in full.
    """
    if not paths:
        raise ItineraryError("give at least one itinerary file, or - for stdin")
    for path in paths:
        check_readable(path)
        input_format_for(path, input_format)
    _codec(encoding)
    from itertools import chain

    opened = [open_itinerary(path, input_format, encoding, delimiter) for path in paths]
    first = opened[0]
    if len(opened) == 1:
        return first
    return Itinerary(
        first.name,
        first.format,
        all_columns(it.columns for it in opened),
        chain.from_iterable(it.legs for it in opened),
    )


def all_columns(tables: Iterable[tuple[str, ...] | None]) -> tuple[str, ...] | None:
    """The columns of several files, each name once (by `_column_key`), first spelling kept;
    None if the first file's columns are known only from its rows (JSON Lines)."""
    found: dict[str, str] = {}
    for n, columns in enumerate(tables):
        if columns is None:
            if n == 0:
                return None
            continue
        for c in columns:
            found.setdefault(_column_key(c), c)
    return tuple(found.values())


def _open_text(path: str, codec: str) -> IO[str]:
    import io

    if path == STDIN:
        return io.TextIOWrapper(sys.stdin.buffer, encoding=codec, newline="")
    try:
        return open(path, encoding=codec, newline="")
    except OSError as exc:
        raise ItineraryError(f"cannot read {path}: {exc.strerror}") from None


# Bounds on what is read, so that endless input (`- < /dev/zero`) is refused, not hoarded: one
# line of a CSV or JSON Lines file (twice a field's limit), and a whole JSON or YAML document.
LINE_LIMIT = 16 * 2**20
DOCUMENT_LIMIT = 256 * 2**20


def _bounded_lines(stream: IO[str], name: str) -> Iterator[str]:
    """The lines of `stream`, refusing one longer than LINE_LIMIT characters."""
    readline = stream.readline
    n = 0
    while line := readline(LINE_LIMIT):
        n += 1
        if len(line) == LINE_LIMIT and line[-1] not in "\r\n":
            raise ItineraryError(
                f"{name}: line {n} runs over {LINE_LIMIT // 2**20} M characters without a line"
                " break: not an itinerary"
            )
        yield line


def _read_whole(path: str, codec: str, name: str, encoding: str) -> str:
    if path == STDIN:
        raw = sys.stdin.buffer.read(DOCUMENT_LIMIT + 1)
    else:
        try:
            with open(path, "rb") as f:
                raw = f.read(DOCUMENT_LIMIT + 1)
        except OSError as exc:
            raise ItineraryError(f"cannot read {path}: {exc.strerror}") from None
    if len(raw) > DOCUMENT_LIMIT:
        raise ItineraryError(
            f"{name} is over {DOCUMENT_LIMIT // 2**20} MB: give a large itinerary as CSV or"
            " JSON Lines, which are read a line at a time"
        )
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise _undecodable(name, encoding, exc, f"line {line}") from None


def _undecodable(name: str, encoding: str, exc: UnicodeDecodeError, where: str) -> ItineraryError:
    import codecs

    bad = exc.object[exc.start : exc.start + 1].hex()
    head = bytes(exc.object[:4])
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        hint = "it starts with a UTF-32 byte-order mark: --encoding utf-32"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        hint = "it starts with a UTF-16 byte-order mark: --encoding utf-16"
    elif encoding.lower().replace("-", "").replace("_", "") in ("utf8", "utf8sig"):
        hint = "e.g. --encoding cp1252 or --encoding latin-1"
    else:
        hint = "e.g. --encoding utf-8"
    return ItineraryError(
        f"cannot decode {name} as {encoding} (byte 0x{bad} at {where}); "
        f"give the file's encoding with --encoding, {hint}"
    )


def _decode_failure(
    path: str, name: str, encoding: str, exc: UnicodeDecodeError, near: int
) -> ItineraryError:
    """The error for a stream that failed to decode; for a file, find the exact line again."""
    if path != STDIN:
        import codecs

        decoder = codecs.getincrementaldecoder(_codec(encoding))()
        try:
            with open(path, "rb") as f:
                for n, raw in enumerate(f, 1):
                    try:
                        decoder.decode(raw)
                    except UnicodeDecodeError as again:
                        return _undecodable(name, encoding, again, f"line {n}")
        except OSError:
            pass
    return _undecodable(name, encoding, exc, f"or after line {near}")


def delimiter_option(text: str) -> str:
    """A --delimiter value as the character it names: one character, or `tab` or `\\t`."""
    named = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}
    found = named.get(text.strip().lower(), text)
    if len(found) != 1 or found in '"\r\n':
        raise ItineraryError(
            f"--delimiter {text!r}: give one character, e.g. {choices(map(repr, DELIMITERS))} "
            "(or tab), not a quote or a line end"
        )
    return found


def sniff_delimiter(sample: Sequence[str]) -> str:
    """The delimiter of a CSV file from its first lines: what csv.Sniffer finds among
    DELIMITERS over the sample (as sqlite-utils does), unless the header split on another of
    them names more of the columns travelrisk reads; a comma if nothing tells."""
    import csv

    try:
        sniffed = csv.Sniffer().sniff("".join(sample), delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        sniffed = ","
    if not sample:
        return sniffed

    def known(delimiter: str) -> int:
        try:
            return len(column_roles(next(csv.reader(sample[:1], delimiter=delimiter), [])))
        except csv.Error:
            return 0

    others = [d for d in DELIMITERS if d != sniffed]
    return max([sniffed, *others], key=known)  # the sniffed one wins a tie


def csv_header(
    lines: Iterator[str], path: str, name: str, encoding: str, delimiter: str | None = None
) -> tuple[tuple[str, ...], str, Iterator[str]]:
    """The header row of a CSV file, its delimiter (`delimiter`, or sniffed from the first
    SNIFF_BYTES), and the lines after the header.

    Raises ItineraryError for a header that cannot be decoded or read, or that names none of
    the columns a leg is read from (one line naming those found and those accepted).
    """
    import csv
    from itertools import chain

    _raise_field_limit()
    try:
        sample: list[str] = []
        if delimiter is None:
            size = 0
            for line in lines:
                sample.append(line)
                size += len(line)
                if size >= SNIFF_BYTES:
                    break
            delimiter = sniff_delimiter(sample)
        rest = chain(sample, lines)
        # reads the lines of the header record only
        header = next(csv.reader(rest, delimiter=delimiter), [])
    except UnicodeDecodeError as exc:
        raise _decode_failure(path, name, encoding, exc, 1) from None
    except csv.Error as exc:
        raise ItineraryError(f"{name}: the header row is not CSV: {exc}") from None
    _check_header(header, name, f" (split on {delimiter!r}; --delimiter to choose)")
    return tuple(header), delimiter, rest


def _check_header(header: Sequence[str], name: str, how: str = "") -> None:
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


def _csv_legs(
    stream: IO[str], path: str, name: str, encoding: str, delimiter: str | None = None
) -> tuple[tuple[str, ...], Iterator[Leg]]:
    try:
        lines = _bounded_lines(stream, name)
        columns, delimiter, lines = csv_header(lines, path, name, encoding, delimiter)
    except ItineraryError:
        _close(stream, path)
        raise
    if not columns:  # an empty file: no legs
        _close(stream, path)
        return (), iter(())
    return columns, _csv_rows(lines, stream, columns, path, name, encoding, delimiter=delimiter)


def _close(stream: IO[str], path: str) -> None:
    if path == STDIN:
        stream.detach()  # type: ignore[attr-defined]  # leave stdin itself open
    else:
        stream.close()


def _csv_rows(
    lines: Iterator[str],
    stream: IO[str] | None,
    columns: tuple[str, ...],
    path: str,
    name: str,
    encoding: str,
    first_line: int = 2,
    delimiter: str = ",",
) -> Iterator[Leg]:
    """Legs from the CSV records after the header: the hot path of a large batch.

    A line without a quote character is split on the delimiter, which is what the csv module
    would make of it, only faster, and (comma-separated) is kept as the record's text, to pass
    through as written; anything else (quoted fields, perhaps over several lines) is the csv
    module's to read.
    """
    from operator import itemgetter

    width = len(columns)
    twice = duplicate_field(columns)
    if twice is not None:  # every record is an error row, with its columns
        yield from _rows_under_bad_header(lines, stream, columns, path, twice, first_line)
        return
    roles = column_roles(columns)
    wanted = ("suspect", "country", "arrive", "depart", "kind", "trip", "date")
    # Absent fields read a None appended past the end of each record.
    get = itemgetter(*(roles.get(r, width) for r in wanted))
    pad: list[str | None] | None = [None] if any(r not in roles for r in wanted) else None
    new = tuple.__new__
    comma = delimiter == ","
    source = None if path == STDIN else path
    lineno = first_line - 1
    _raise_field_limit()
    back: list[str] = []  # lines given back by a malformed record, the next last
    try:
        for line in _with_pushback(lines, back):
            lineno += 1
            if '"' not in line:
                text: str | None = line.rstrip("\r\n")
                row = text.split(delimiter) if text else []
                if not comma:
                    text = None  # written again with commas
            else:
                got, problem, used = quoted_record(line, lines, back, width, delimiter)
                spans = len(used)
                if got is None or problem is not None:
                    values = (got or [])[:width]
                    yield Leg(
                        row=lineno,
                        columns=columns,
                        values=values + [""] * (width - len(values)),
                        source=source,
                        problem=problem,
                    )
                    lineno += spans - 1
                    continue
                row = got
                lineno += spans - 1
                text = line.rstrip("\r\n") if spans == 1 and comma else None
            n = len(row)
            if n != width:
                if not n:
                    continue  # a blank line
                text = None
                if n < width:  # short rows: the missing trailing cells are empty
                    row = row + [""] * (width - n)
                elif any(row[width:]):
                    yield Leg(
                        row=lineno,
                        columns=columns,
                        values=row[:width],
                        source=source,
                        problem=f"this record has {n} fields but the header has {width}",
                    )
                    continue
                else:
                    row = row[:width]
            suspect, country, arrive, depart, kind, trip, on = get(row + pad if pad else row)
            yield new(
                Leg,
                (
                    suspect,
                    country,
                    arrive,
                    depart,
                    kind,
                    trip,
                    lineno,
                    columns,
                    row,
                    on,
                    None,
                    source,
                    text,
                ),
            )
    except UnicodeDecodeError as exc:
        raise _decode_failure(path, name, encoding, exc, lineno) from None
    finally:
        if stream is not None:
            _close(stream, path)


def _rows_under_bad_header(
    lines: Iterator[str],
    stream: IO[str] | None,
    columns: tuple[str, ...],
    path: str,
    problem: str,
    first_line: int,
) -> Iterator[Leg]:
    """Every record under a header that cannot make legs, as an error row keeping its cells."""
    source = None if path == STDIN else path
    width = len(columns)
    lineno = first_line - 1
    back: list[str] = []
    try:
        for line in _with_pushback(lines, back):
            lineno += 1
            if '"' in line:
                got, _, used = quoted_record(line, lines, back, width)
                row = got or []
                spans = len(used)
            else:
                text = line.rstrip("\r\n")
                row, spans = (text.split(",") if text else []), 1
            if row:
                values = row[:width] + [""] * (width - len(row))
                yield Leg(
                    row=lineno, columns=columns, values=values, source=source, problem=problem
                )
            lineno += spans - 1
    finally:
        if stream is not None:
            _close(stream, path)


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object; one that gives a key twice (json keeps the last silently) is marked as
    the YAML reader marks one, so that its leg is an error row naming the key."""
    from travelrisk.data.loader import Duplicated

    obj = Duplicated(pairs)
    if len(obj) < len(pairs):
        keys = [k for k, _ in pairs]
        obj.duplicate = next(k for i, k in enumerate(keys) if k in keys[:i])
    return obj


# A quoted field may be this long (the csv module's default, 128 KB, is too short for some notes);
# bounded, so that a stray quote cannot make one field of a whole file.
FIELD_LIMIT = 8 * 2**20


def _raise_field_limit() -> None:
    import csv

    if csv.field_size_limit() < FIELD_LIMIT:
        csv.field_size_limit(FIELD_LIMIT)


def _with_pushback(lines: Iterator[str], back: list[str]) -> Iterator[str]:
    """`lines`, but lines put on `back` (a stack: the next line last) come first."""
    while True:
        while back:
            yield back.pop()
        for line in lines:
            yield line
            if back:
                break
        else:
            if not back:
                return


def quoted_record(
    line: str, lines: Iterator[str], back: list[str], width: int, delimiter: str = ","
) -> tuple[list[str] | None, str | None, list[str]]:
    """The CSV record that starts with `line` (which has a quote), reading on into `back` (a
    stack of lines given back, the next last), then `lines`.

    Returns (fields or None, problem or None, the physical lines used). A record
    whose quoted field runs over several lines must be well-formed (strict CSV, as many fields
    as the header); if not, the quote was a stray one: only `line` is used, read on its own, as
    an error row, and the lines the record swallowed are put back on `back` to be read again. So an
    unbalanced quote costs the line it is on, not the rest of the file. The serial reader and
    the parallel chunker both cut records with this function, so they agree: a record is judged
    on its own lines only, and a piece cut inside one reads as a quote open at the end.
    """
    import csv

    taken = [line]
    ended: list[bool] = []  # not empty once the reader has asked for more lines than there are

    def feed() -> Iterator[str]:
        yield line
        while True:
            more: str | None = back.pop() if back else next(lines, None)
            if more is None:
                break
            taken.append(more)
            yield more
        ended.append(True)

    reader = csv.reader(feed(), delimiter=delimiter)
    problem: str | None = None
    row: list[str] | None
    try:
        row = next(reader, [])
    except csv.Error as exc:
        row, problem = None, f"not a CSV record: {exc}"
    # A quote still open at the end of the input is unbalanced too; so a piece of a file cut
    # inside a record reads as the whole file does (see parallel.chunks).
    if len(taken) == 1 and not ended:
        return row, problem, taken
    if row is not None and len(row) == width and not ended:
        try:
            if len(list(csv.reader(taken, strict=True, delimiter=delimiter))) == 1:
                return row, None, taken
        except csv.Error:
            pass
    try:
        alone: list[str] | None = next(csv.reader([line.rstrip("\r\n")], delimiter=delimiter), [])
    except csv.Error:
        alone = None
    back.extend(reversed(taken[1:]))
    return (
        alone or [],
        "a quote on this line is not closed properly (an unbalanced quote); "
        "the line is read on its own",
        [line],
    )


def _jsonl_legs(stream: IO[str], path: str, name: str, encoding: str) -> Iterator[Leg]:
    import json

    source = None if path == STDIN else path
    n = 0
    try:
        for n, line in enumerate(_bounded_lines(stream, name), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line, object_pairs_hook=_json_object)
            except json.JSONDecodeError as exc:
                yield Leg(
                    row=n,
                    problem=f"not a JSON object: {exc.msg} (column {exc.colno})",
                    source=source,
                )
                continue
            except (ValueError, RecursionError) as exc:  # e.g. an integer of 5,000 digits
                yield Leg(
                    row=n, problem=f"not a usable JSON object: {_first_line(exc)}", source=source
                )
                continue
            if isinstance(obj, dict):
                problem = _unwritable(obj) if "\\u" in line else None
                if problem is not None:
                    yield Leg(row=n, problem=problem, source=source)
                    continue
                yield Leg.from_mapping(obj, n, source)
            else:
                yield Leg(
                    row=n,
                    problem=f"a leg must be a JSON object, not {_kind_of(obj)}",
                    source=source,
                )
    except UnicodeDecodeError as exc:
        raise _decode_failure(path, name, encoding, exc, n + 1) from None
    finally:
        _close(stream, path)


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]


def _unwritable(fields: Mapping[Any, Any]) -> str | None:
    """Why a leg's values could not be written out as UTF-8 text, if they could not."""
    import json

    try:
        json.dumps(fields, ensure_ascii=False, default=str).encode("utf-8")
    except UnicodeEncodeError:
        return "a value holds a lone surrogate (e.g. \\ud800), which is not text"
    except (ValueError, RecursionError) as exc:  # e.g. an integer too long to write out
        return f"a value cannot be written out: {_first_line(exc)}"
    return None


def _kind_of(obj: object) -> str:
    names = {
        list: "a list",
        str: "a string",
        int: "a number",
        float: "a number",
        bool: "true or false",
        type(None): "null",
    }
    return names.get(type(obj), f"a {type(obj).__name__}")


def _parse_json(text: str, name: str) -> Any:
    import json

    try:
        return json.loads(text, object_pairs_hook=_json_object)
    except json.JSONDecodeError as exc:
        raise ItineraryError(
            f"{name} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except (ValueError, RecursionError) as exc:  # e.g. an integer of 5,000 digits
        raise ItineraryError(f"{name} is not usable JSON: {_first_line(exc)}") from None


def _parse_yaml(text: str, name: str) -> Any:
    """The document, read as the data files are (`loader.yaml_document`): aliases expanding
    past a bound ('billion laughs'), deep nesting, object tags and duplicate keys are refused."""
    from travelrisk.data.loader import yaml_document

    doc, problems = yaml_document(text.encode("utf-8", "surrogatepass"), mark_duplicates=True)
    if problems:
        raise ItineraryError(f"{name} is not usable YAML: {problems[0]}")
    return doc


def _key(fields: Mapping[Any, Any], name: str) -> Any:
    """The value of `name` in `fields`, matching the key case-insensitively."""
    for k, v in fields.items():
        if isinstance(k, str) and k.strip().casefold() == name:
            return v
    return None


def _document_legs(doc: Any, name: str) -> list[Leg]:
    """The legs of a JSON or YAML document: a list of legs or trips, a trip, or {trips: [...]}.

    A trip is a mapping with `legs` (a list of legs) and, usually, `trip` and `traveller`; each
    leg takes the trip's other fields unless it has its own.
    """
    if doc is None:
        return []
    if isinstance(doc, dict):
        trips = _key(doc, "trips")
        twice = getattr(doc, "duplicate", None)
        if isinstance(trips, list) and twice is not None:  # the last list of trips would win
            raise ItineraryError(f"{name}: the key {twice!r} is given twice; give it once")
        items: list[Any] = trips if isinstance(trips, list) else [doc]
    elif isinstance(doc, list):
        items = doc
    else:
        raise ItineraryError(
            f"{name}: expected a list of legs or trips, or a trip with legs; found {_kind_of(doc)}"
        )
    from travelrisk.data.loader import Duplicated

    legs: list[Leg] = []

    def add(fields: Mapping[Any, Any] | None, problem: str | None = None) -> None:
        n = len(legs) + 1
        if problem is None and fields is not None:
            problem = _unwritable(fields)
        if problem is not None or fields is None:
            legs.append(Leg(row=n, problem=problem, source=name))
        else:
            legs.append(Leg.from_mapping(fields, n, name))

    for item in items:
        if not isinstance(item, dict):
            add(None, f"a leg or trip must be a mapping, not {_kind_of(item)}")
            continue
        has_legs = any(isinstance(k, str) and k.strip().casefold() == "legs" for k in item)
        if not has_legs:
            add(item)
            continue
        trip = {
            k: v
            for k, v in item.items()
            if not (isinstance(k, str) and k.strip().casefold() == "legs")
        }
        trip_legs = _key(item, "legs")
        label = _key(item, "trip") or _key(item, "traveller") or _key(item, "suspect") or "?"
        if not isinstance(trip_legs, list) or not trip_legs:
            add(None, f"trip {label!s} has no legs: give `legs:` as a list")
            continue
        for leg in trip_legs:
            if not isinstance(leg, dict):
                add(None, f"a leg of trip {label!s} must be a mapping, not {_kind_of(leg)}")
                continue
            own = {k.strip().casefold() for k in leg if isinstance(k, str)}
            inherited = {
                k: v
                for k, v in trip.items()
                if not (isinstance(k, str) and k.strip().casefold() in own)
            }
            merged = Duplicated({**inherited, **leg})
            merged.duplicate = getattr(item, "duplicate", None) or getattr(leg, "duplicate", None)
            add(merged)
    return legs


# -- writing ----------------------------------------------------------------------------------


def output_columns(columns: Sequence[str], file_column: bool = False) -> list[str]:
    """The header of an output: the input columns (renamed where they clash), then ours."""
    ours = verdict_columns(file_column)
    return [INPUT_PREFIX + c if c in ours else c for c in columns] + list(ours)


def verdict_columns(file_column: bool = False) -> tuple[str, ...]:
    if not file_column:
        return VERDICT_COLUMNS
    return (*VERDICT_COLUMNS[:-1], FILE_COLUMN, VERDICT_COLUMNS[-1])


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _basis(basis: tuple[Basis, ...]) -> str | None:
    return BASIS_SEPARATOR.join(b.value for b in basis) if basis else None


def source_cell(source: Source | None) -> str | None:
    """A source as one cell: its URL, or its title where it has none."""
    if source is None:
        return None
    return source.url or source.title


def crossings_cell(crossings: Sequence[Mapping[str, object]] | None) -> str:
    """A flight's crossings as one CSV cell: each stretch in order, `GR obliged 412 km`, the
    high seas as `-`; empty for a leg that is not a flight."""
    if crossings is None:
        return ""
    return "; ".join(
        f"{c.get('place') or '-'} {c.get('status') or 'high seas'} {c.get('km')} km"
        for c in crossings
    )


def receipt_cells(receipt: Receipt | None) -> dict[str, str | None]:
    """The receipt's columns after `data_as_of` (None: empty cells): the data's digest, the
    tool's version, what an overlay changed and its folder (Receipt.row)."""
    if receipt is None:
        return {"data_digest": None, "tool_version": None, "overlay": None, "overlay_dir": None}
    cells = receipt.row()
    return {k: cells[k] or None for k in ("data_digest", "tool_version", "overlay", "overlay_dir")}


def result_fields(result: LegResult, file_column: bool = False) -> dict[str, Any]:
    """The verdict columns of one result, as JSON-ready values (None for an empty cell)."""
    place = result.place
    who = result.suspect
    out: dict[str, Any] = {
        "suspect_id": who.id if who else None,
        "suspect_name": who.name if who else None,
        "place": place.code if place else None,
        "place_name": place.name if place else None,
        "status": result.status,
        "obliged": None if result.status == ERROR else result.obliged,
        "basis": _basis(result.basis),
        "from": _iso(result.from_),
        "until": _iso(result.until),
        "reason": result.explanation or None,
        "source": source_cell(result.source),
        "data_as_of": _iso(result.data_as_of),
        **receipt_cells(result.receipt),
        "crossings": list(result.crossings) if result.crossings is not None else None,
        "error": result.error,
    }
    if file_column:
        out[FILE_COLUMN] = result.leg.source
    out["row"] = result.leg.row
    return out


def result_record(result: LegResult, file_column: bool = False) -> dict[str, Any]:
    """One output row as a mapping: the input fields, then the verdict columns."""
    ours = result_fields(result, file_column)
    leg = result.leg
    pairs = zip(leg.columns, leg.values, strict=False)
    record = {(INPUT_PREFIX + c if c in ours else c): v for c, v in pairs}
    record.update(ours)
    return record


def write_results(
    results: Iterable[LegResult],
    out: IO[str],
    fmt: str = "csv",
    columns: Sequence[str] | None = None,
    file_column: bool = False,
) -> BatchSummary:
    """Write `results` to `out` in `fmt` (csv, jsonl, json, text); return what was written.

    `columns` are the input columns for CSV output (default: those of the first leg that has
    any); a CSV row's fields outside them are left out and named in the summary.
    """
    if fmt not in OUTPUT_FORMATS:
        raise ItineraryError(f"unknown output format {fmt!r}; expected {', '.join(OUTPUT_FORMATS)}")
    writer: _Writer
    if fmt == "csv":
        writer = _CsvWriter(out, columns, file_column)
    elif fmt == "xlsx":
        from travelrisk.batch.excel import XlsxWriter

        writer = XlsxWriter(out, columns, file_column)
    elif fmt == "text":
        writer = _TextWriter(out)
    elif fmt == "parquet":
        from travelrisk.batch.parquet_io import ParquetWriter

        writer = ParquetWriter(out, file_column)
    else:
        writer = _JsonWriter(out, fmt == "jsonl", file_column)
    tally = writer.write_all(results)
    writer.close()
    return tally.summary(tuple(writer.dropped))


class _Tally:
    """Counts as results are written."""

    __slots__ = ("legs", "errors", "at_risk", "first_error", "statuses", "problems")

    def __init__(self) -> None:
        self.legs = self.errors = self.at_risk = 0
        self.first_error: LegResult | None = None
        self.statuses: dict[Status, int] = {}
        self.problems: dict[str, int] = {}

    def add(self, result: LegResult) -> None:
        self.legs += 1
        status = result.status
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if status == ERROR:
            self.errors += 1
            if self.first_error is None:
                self.first_error = result
            for kind in problem_kinds(result.error or ""):
                self.problems[kind] = self.problems.get(kind, 0) + 1
        elif status in RISK_STATUSES:
            self.at_risk += 1

    def merge(self, other: BatchSummary) -> None:
        """Add the counts of another part of the same batch (a chunk checked elsewhere)."""
        self.legs += other.legs
        self.errors += other.errors
        self.at_risk += other.at_risk
        if self.first_error is None:
            self.first_error = other.first_error
        for status, n in other.statuses.items():
            self.statuses[status] = self.statuses.get(status, 0) + n
        for kind, n in other.problems.items():
            self.problems[kind] = self.problems.get(kind, 0) + n

    def summary(self, dropped: tuple[str, ...] = ()) -> BatchSummary:
        return BatchSummary(
            self.legs,
            self.errors,
            self.at_risk,
            self.first_error,
            dropped,
            dict(self.statuses),
            dict(self.problems),
        )


class _Writer:
    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.dropped: dict[str, None] = {}

    def write(self, result: LegResult) -> None:
        raise NotImplementedError

    def write_all(self, results: Iterable[LegResult]) -> _Tally:
        tally = _Tally()
        add, write = tally.add, self.write
        for result in results:
            add(result)
            write(result)
        return tally

    def close(self) -> None:
        self.out.flush()


class _Line:
    """A file for csv.writer whose write returns the line: writerow then gives the text."""

    write = str


def _cell(value: object) -> object:
    """A non-text input value as a CSV cell (JSON and YAML input may hold these)."""
    if value is None or isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    import json

    return json.dumps(value, ensure_ascii=False, default=str)


def _column_key(name: str) -> str:
    return name.strip().casefold()


def _quote(text: str) -> str:
    """`text` as one CSV cell, quoted as the csv module would (minimal quoting)."""
    if "," in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


class _CsvWriter(_Writer):
    """CSV rows, built from cached pieces: the verdict columns repeat from row to row."""

    FLUSH_EVERY = 512

    def __init__(self, out: IO[str], columns: Sequence[str] | None, file_column: bool) -> None:
        import csv

        super().__init__(out)
        self.columns: tuple[str, ...] | None = tuple(columns) if columns is not None else None
        self.file_column = file_column
        # "\r\n" ends each line, so that a field holding either character is quoted; it is cut
        # off again by _join.
        self._writerow = csv.writer(_Line(), lineterminator="\r\n").writerow
        self.buffer: list[str] = []
        self.waiting: list[LegResult] = []  # rows before the columns are known
        self.column_keys: list[str] = []
        self.header_written = False
        if self.columns is not None and self.columns:
            self._header()

    def line(self, values: Sequence[object]) -> str:
        """`values` as one CSV record, without the line end."""
        return str(self._writerow(values))[:-2]

    def _header(self) -> None:
        assert self.columns is not None
        self.column_keys = [_column_key(c) for c in self.columns]
        header = output_columns(self.columns, self.file_column)
        self.buffer.append(self.line(header) + "\n")
        self.header_written = True

    def write(self, result: LegResult) -> None:
        if not self.header_written:
            if not result.leg.columns and len(self.waiting) < 10000:
                self.waiting.append(result)  # e.g. a first line that is not JSON: wait and see
                return
            if self.columns is None or not self.columns:
                self.columns = result.leg.columns
            self._header()
            waiting, self.waiting = self.waiting, []
            for r in waiting:
                self._row(r)
        self._row(result)

    def _row(self, result: LegResult) -> None:
        self.buffer.append(self._format(result))
        if len(self.buffer) >= self.FLUSH_EVERY:
            self._flush()

    def _flush(self) -> None:
        self.out.write("".join(self.buffer))
        self.buffer.clear()

    def _format(self, result: LegResult) -> str:
        """One output line: the input record, then the verdict columns."""
        leg = result.leg
        columns = self.columns
        if leg.text is not None and leg.columns is columns:
            head = f"{leg.text},"  # the CSV record as written: no need to write it again
        elif not columns:
            head = ""
        elif leg.columns is columns or leg.columns == columns:
            # CSV records are lists of text already; other inputs may hold numbers, dates, ...
            values = leg.values if type(leg.values) is list else [_cell(v) for v in leg.values]
            head = f"{self.line(values)},"
        else:  # another file's columns: align them by name, as leg fields are matched
            fields = {_column_key(c): v for c, v in zip(leg.columns, leg.values, strict=False)}
            wanted = self.column_keys
            head = f"{self.line([_cell(fields.get(c)) for c in wanted])},"
            for c in leg.columns:
                if _column_key(c) not in wanted and c not in self.dropped:
                    self.dropped[c] = None
        who, place = result.suspect, result.place
        person = f"{who.id},{_quote(who.name)}," if who is not None else ",,"
        where = f"{place.code},{_quote(place.name)}," if place is not None else ",,"
        status = result.status
        obliged = "" if status == ERROR else ("true" if result.obliged else "false")
        start, end, error = result.from_, result.until, result.error
        file_cell = f"{_quote(leg.source or '')}," if self.file_column else ""
        cited = _quote(source_cell(result.source) or "")
        as_of = result.data_as_of.isoformat() if result.data_as_of else ""
        stamp = ",".join(_quote(v or "") for v in receipt_cells(result.receipt).values())
        crossed = _quote(crossings_cell(result.crossings))
        # Basis members are str enums: join reads their values directly.
        return (
            f"{head}{person}{where}{status},{obliged},{BASIS_SEPARATOR.join(result.basis)},"
            f"{start.isoformat() if start else ''},{end.isoformat() if end else ''},"
            f"{_quote(result.explanation)},{cited},{as_of},{stamp},{crossed},"
            f"{_quote(error) if error else ''},{file_cell}{leg.row}\n"
        )

    def write_all(self, results: Iterable[LegResult]) -> _Tally:
        tally = _Tally()
        results = iter(results)
        if not self.header_written:
            for result in results:
                tally.add(result)
                self.write(result)
                if self.header_written:
                    break
        if self.file_column:  # not the hot path: one file per batch is
            add, write = tally.add, self.write
            for result in results:
                add(result)
                write(result)
            return tally
        # The hot path, for a large CSV: its lines differ only in the input record and dates;
        # the rest comes from small caches. Anything unusual goes through _format.
        legs = at_risk = 0
        counts: dict[Status, int] = {}
        add = tally.add
        columns = self.columns
        buffer = self.buffer
        append = buffer.append
        places: dict[str, str] = {}  # the place columns, by code
        people: dict[str, str] = {}  # the suspect columns, by id
        cells: dict[Source | None, str] = {}  # the source column
        isoformat: dict[date, str] = {}
        stamps: dict[int, str] = {}  # the receipt's columns, by the receipt's id
        quoted: dict[str, str] = {}
        risk = RISK_STATUSES
        separator = BASIS_SEPARATOR
        flush_every = self.FLUSH_EVERY
        for result in results:
            leg, who, place, status, obliged, basis, start, end, explanation, _, _ = result[:11]
            source, as_of, receipt, crossings = result[11:]
            text = leg.text
            if (
                status == ERROR
                or text is None
                or leg.columns is not columns
                or as_of is None
                or crossings is not None
            ):
                add(result)
                append(self._format(result))
            else:
                legs += 1
                counts[status] = counts.get(status, 0) + 1
                if status in risk:
                    at_risk += 1
                assert who is not None and place is not None
                assert start is not None and end is not None
                person = people.get(who.id)
                if person is None:
                    person = people[who.id] = f"{who.id},{_quote(who.name)},"
                cited = cells.get(source)
                if cited is None:
                    cited = cells[source] = _quote(source_cell(source) or "")
                day = isoformat.get(as_of)
                if day is None:
                    day = isoformat[as_of] = as_of.isoformat()
                stamp = stamps.get(id(receipt))
                if stamp is None:
                    cells_ = receipt_cells(receipt).values()
                    stamp = stamps[id(receipt)] = ",".join(_quote(v or "") for v in cells_)
                code = place.code
                where = places.get(code)
                if where is None:
                    where = places[code] = f"{code},{_quote(place.name)},"
                first = isoformat.get(start)
                if first is None:
                    first = isoformat[start] = start.isoformat()
                last = isoformat.get(end)
                if last is None:
                    last = isoformat[end] = end.isoformat()
                reason = quoted.get(explanation)
                if reason is None:
                    if len(quoted) > 8192:
                        quoted.clear()
                    reason = quoted[explanation] = _quote(explanation)
                append(
                    f"{text},{person}{where}{status},{'true' if obliged else 'false'},"
                    f"{separator.join(basis)},{first},{last},{reason},{cited},{day},{stamp},,,{leg.row}\n"
                )
            if len(buffer) >= flush_every:
                self._flush()
        tally.merge(BatchSummary(legs, 0, at_risk, None, (), counts))
        return tally

    def close(self) -> None:
        if not self.header_written:
            if self.columns is None:
                self.columns = ()
            self._header()
            for r in self.waiting:
                self._row(r)
        self.out.write("".join(self.buffer))
        self.buffer.clear()
        super().close()


class _JsonWriter(_Writer):
    """One JSON object per line (JSON Lines), or the same objects as one array, streamed."""

    def __init__(self, out: IO[str], lines: bool, file_column: bool) -> None:
        import json

        super().__init__(out)
        self.lines = lines
        self.file_column = file_column
        # Never a bare NaN or Infinity, which are not JSON: see _json_safe.
        self.dumps = json.JSONEncoder(
            ensure_ascii=False, default=_json_default, allow_nan=False
        ).encode
        self.count = 0
        if not lines:
            out.write("[")

    def write(self, result: LegResult) -> None:
        record = result_record(result, self.file_column)
        try:
            text = self.dumps(record)
        except ValueError:  # a NaN or infinite number (JSON and YAML input may hold them)
            text = self.dumps(_json_safe(record))
        if self.lines:
            self.out.write(text + "\n")
        else:
            self.out.write(("\n" if self.count == 0 else ",\n") + text)
        self.count += 1

    def close(self) -> None:
        if not self.lines:
            self.out.write("\n]\n" if self.count else "]\n")
        super().close()


def _json_safe(value: Any) -> Any:
    """`value` with every NaN or infinite float written as a string: "nan", "inf", "-inf"."""
    import math

    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    return value


def _json_default(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


_TEXT_STATUS = {s.value: w.shout for s, w in STATUS.items()} | {
    s.value: w for s, w in LEG_ONLY.items()
}
_TRIP_RANK = {s.value: rank for s, rank in RANK.items()}


def trip_key(result: LegResult) -> tuple[str, str]:
    """Which trip a leg belongs to: its `trip` value where it has one; else its traveller, as
    resolved (any spelling of one person is one trip), or as written, ignoring case, if not."""
    leg = result.leg
    if leg.trip is not None and str(leg.trip).strip():
        return ("trip", str(leg.trip).strip())
    if result.suspect is not None:
        return ("suspect", result.suspect.id)
    return ("written", str(leg.suspect or "").strip().casefold())


class _TextWriter(_Writer):
    """For people: each trip's worst verdict, then its legs (see `trip_key`), trips in the order
    they first appear, each with all its legs even where other rows come between them.

    So it holds the whole batch until the end (text is for people, not millions of rows); a
    trip of more than MAX_LEGS legs is told in parts of MAX_LEGS.
    """

    MAX_LEGS = 1000

    def __init__(self, out: IO[str]) -> None:
        super().__init__(out)
        self.trips: dict[tuple[str, str], list[LegResult]] = {}

    def write(self, result: LegResult) -> None:
        self.trips.setdefault(trip_key(result), []).append(result)

    def close(self) -> None:
        written = 0
        size = self.MAX_LEGS
        for results in self.trips.values():
            for start in range(0, len(results), size):
                if written:
                    self.out.write("\n")
                lines = trip_text(results[start : start + size], start // size + 1)
                self.out.write("\n".join(map(printable, lines)) + "\n")
                written += 1
        self.trips.clear()
        super().close()


def _leg_dates(leg: Leg) -> str:
    if leg.on not in (None, ""):
        return str(leg.on)
    if leg.arrive in (None, "") and leg.depart in (None, ""):
        return "no dates"
    if leg.arrive == leg.depart:
        return str(leg.arrive)
    return f"{leg.arrive or '?'} to {leg.depart or '?'}"


def _place_label(place: Place | None, leg: Leg) -> str:
    if place is None:
        return _said(leg.country) if leg.country not in (None, "") else "(no place)"
    return f"{place.name} ({place.code})"


def _said(value: object) -> str:
    """A value from the input as text says it: a YAML boolean is not a word ("stay in False")."""
    if isinstance(value, bool):
        return f"({str(value).lower()}: an unquoted YAML yes/no/on/off)"
    return str(value)


def trip_text(results: Sequence[LegResult], part: int = 1) -> Iterator[str]:
    """One trip for people: a headline with the worst verdict over its legs, then each leg.

    `part` numbers the parts of a trip too long to tell at once (2 and on are said).
    """
    leg = results[0].leg
    people = dict.fromkeys(r.suspect.name for r in results if r.suspect is not None)
    who = " and ".join(people) if people else str(leg.suspect or "(no traveller)")
    trip = next((r.leg.trip for r in results if r.leg.trip not in (None, "")), None)
    title = f"Trip {trip}: {who}" if trip is not None else who
    checked = [r for r in results if r.status in _TRIP_RANK]
    errors = sum(1 for r in results if r.status == ERROR)
    risky = [r for r in results if r.status in RISK_STATUSES]
    flown = [r for r in results if r.status == NOT_PRESENT]
    landing = [r for r in flown if r.place_status in RISK_STATUSES]
    count = plural(len(results), "leg")
    if part > 1:
        count += f", part {part}"
    if checked:
        worst = max(checked, key=lambda r: _TRIP_RANK[r.status])
        when = _span(worst)
        headline = (
            f"worst: {_TEXT_STATUS[worst.status]} in {_place_label(worst.place, worst.leg)}"
            f"{when} (row {worst.row})"
        )
    elif flown and not errors:
        headline = "overflights only: never on the ground, so never present"
    elif flown:
        headline = "no leg on the ground could be checked; the others are overflights"
    else:
        headline = "no leg could be checked"
    yield f"{title} ({count}) - {headline}"
    notes = []
    if risky:
        notes.append(f"{one_of(len(risky), len(results), 'leg')} obliged or uncertain")
    if landing:
        notes.append(
            f"{plural(len(landing), 'overflight')} of a place "
            "obliged or possibly obliged to arrest (emergency-landing risk)"
        )
    if errors:
        notes.append(plural(errors, "error row"))
    if notes:
        yield "  " + "; ".join(notes)
    several = len({r.leg.source for r in results}) > 1  # a trip over several files
    for r in results:
        yield from leg_text(r, several)


def _span(result: LegResult) -> str:
    if result.from_ is None:
        return ""
    if result.from_ == result.until:
        return f" on {result.from_}"
    return f" from {result.from_} until {result.until}"


def leg_text(result: LegResult, with_file: bool = False) -> Iterator[str]:
    """One leg for people: where, when, the verdict, and why (or what was wrong); `with_file`
    names the file the row is in."""
    leg = result.leg
    raw = leg.kind.strip().lower() if isinstance(leg.kind, str) else leg.kind
    kind = _said(raw) if raw not in (None, "") else "stay"
    where = _place_label(result.place, leg)
    row = f"row {leg.row} of {leg.source}" if with_file and leg.source else f"row {leg.row}"
    head = f"  {row}: {kind} in {where}, {_leg_dates(leg)}: "
    if result.status == ERROR:
        yield f"{head}ERROR: {result.error}"
        return
    basis = f" ({_basis(result.basis)})" if result.basis else ""
    span = _span(result) if result.status in RISK_STATUSES else ""
    yield f"{head}{_TEXT_STATUS[result.status]}{basis}{span}"
    yield f"      {result.explanation}"
