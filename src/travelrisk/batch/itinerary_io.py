"""Reading itineraries from files, and the one place a format is chosen for reading and writing:
the edges of `travelrisk batch`.

Readers give `Leg`s. CSV (with a header row) and JSON Lines are streamed, a record at a time, so
memory stays flat however long the file; JSON and YAML documents are loaded whole (they are meant
for hand-written trips); Excel and Parquet are read by `excel` and `parquet_io`. The format comes
from the file's extension or is given (`formats`); "-" is stdin. `write_results` hands results to
the writer for the format (`writers`, `excel`, `parquet_io`), which writes each input row's own
columns, then the verdict columns (`columns.VERDICT_COLUMNS`).

Problems with a file as a whole (missing, a directory, undecodable, not JSON or YAML at all) raise
`ItineraryError`, an `InputError`; problems with one leg become that leg's error row.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import IO, Any, NamedTuple

from travelrisk.batch.columns import column_key
from travelrisk.batch.formats import (
    OUTPUT_FORMATS,
    STDIN,
    STREAMED_INPUT_FORMATS,
    ItineraryError,
    check_header,
    check_readable,
    first_line,
    input_format_for,
)
from travelrisk.batch.legs import Leg, LegResult, column_roles, duplicate_field
from travelrisk.batch.writers import BatchSummary, CsvWriter, JsonWriter, TextWriter, Writer
from travelrisk.law.english import choices

# The delimiters a CSV file is sniffed for, and how much of it is read to tell.
DELIMITERS = (",", ";", "\t", "|")
SNIFF_BYTES = 4096


class Itinerary(NamedTuple):
    """An opened itinerary: its name, format, columns (None if only the rows will tell), legs."""

    name: str
    format: str
    columns: tuple[str, ...] | None
    legs: Iterator[Leg]


# -- reading ----------------------------------------------------------------------------------


def codec_for(encoding: str) -> str:
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
    codec = codec_for(encoding)
    name = "<stdin>" if path == STDIN else path
    if fmt == "parquet":  # binary, read in batches by parquet_io
        from travelrisk.batch.parquet_io import parquet_columns, parquet_legs

        if path == STDIN:
            raise ItineraryError("Parquet cannot be read from standard input; give a file")
        return Itinerary(name, fmt, parquet_columns(path, name), parquet_legs(path, name))
    if fmt in STREAMED_INPUT_FORMATS:
        stream = open_text(path, codec)
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
    codec_for(encoding)
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
    """The columns of several files, each name once (by `column_key`), first spelling kept;
    None if the first file's columns are known only from its rows (JSON Lines)."""
    found: dict[str, str] = {}
    for n, columns in enumerate(tables):
        if columns is None:
            if n == 0:
                return None
            continue
        for c in columns:
            found.setdefault(column_key(c), c)
    return tuple(found.values())


def open_text(path: str, codec: str) -> IO[str]:
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


def bounded_lines(stream: IO[str], name: str) -> Iterator[str]:
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


def decode_failure(
    path: str, name: str, encoding: str, exc: UnicodeDecodeError, near: int
) -> ItineraryError:
    """The error for a stream that failed to decode; for a file, find the exact line again."""
    if path != STDIN:
        import codecs

        decoder = codecs.getincrementaldecoder(codec_for(encoding))()
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
        raise decode_failure(path, name, encoding, exc, 1) from None
    except csv.Error as exc:
        raise ItineraryError(f"{name}: the header row is not CSV: {exc}") from None
    check_header(header, name, f" (split on {delimiter!r}; --delimiter to choose)")
    return tuple(header), delimiter, rest


def _csv_legs(
    stream: IO[str], path: str, name: str, encoding: str, delimiter: str | None = None
) -> tuple[tuple[str, ...], Iterator[Leg]]:
    try:
        lines = bounded_lines(stream, name)
        columns, delimiter, lines = csv_header(lines, path, name, encoding, delimiter)
    except ItineraryError:
        close_stream(stream, path)
        raise
    if not columns:  # an empty file: no legs
        close_stream(stream, path)
        return (), iter(())
    return columns, csv_rows(lines, stream, columns, path, name, encoding, delimiter=delimiter)


def close_stream(stream: IO[str], path: str) -> None:
    if path == STDIN:
        stream.detach()  # type: ignore[attr-defined]  # leave stdin itself open
    else:
        stream.close()


def csv_rows(
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
        for line in with_pushback(lines, back):
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
        raise decode_failure(path, name, encoding, exc, lineno) from None
    finally:
        if stream is not None:
            close_stream(stream, path)


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
        for line in with_pushback(lines, back):
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
            close_stream(stream, path)


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object; one that gives a key twice (json keeps the last silently) is marked as
    the YAML reader marks one, so that its leg is an error row naming the key."""
    from travelrisk.data.files import Duplicated

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


def with_pushback(lines: Iterator[str], back: list[str]) -> Iterator[str]:
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
        for n, line in enumerate(bounded_lines(stream, name), 1):
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
                    row=n, problem=f"not a usable JSON object: {first_line(exc)}", source=source
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
        raise decode_failure(path, name, encoding, exc, n + 1) from None
    finally:
        close_stream(stream, path)


def _unwritable(fields: Mapping[Any, Any]) -> str | None:
    """Why a leg's values could not be written out as UTF-8 text, if they could not."""
    import json

    try:
        json.dumps(fields, ensure_ascii=False, default=str).encode("utf-8")
    except UnicodeEncodeError:
        return "a value holds a lone surrogate (e.g. \\ud800), which is not text"
    except (ValueError, RecursionError) as exc:  # e.g. an integer too long to write out
        return f"a value cannot be written out: {first_line(exc)}"
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
        raise ItineraryError(f"{name} is not usable JSON: {first_line(exc)}") from None


def _parse_yaml(text: str, name: str) -> Any:
    """The document, read as the data files are (`files.yaml_document`): aliases expanding
    past a bound ('billion laughs'), deep nesting, object tags and duplicate keys are refused."""
    from travelrisk.data.files import yaml_document

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
    from travelrisk.data.files import Duplicated

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
    writer: Writer
    if fmt == "csv":
        writer = CsvWriter(out, columns, file_column)
    elif fmt == "xlsx":
        from travelrisk.batch.excel import XlsxWriter

        writer = XlsxWriter(out, columns, file_column)
    elif fmt == "text":
        writer = TextWriter(out)
    elif fmt == "parquet":
        from travelrisk.batch.parquet_io import ParquetWriter

        writer = ParquetWriter(out, file_column)
    else:
        writer = JsonWriter(out, fmt == "jsonl", file_column)
    tally = writer.write_all(results)
    writer.close()
    return tally.summary(tuple(writer.dropped))
