"""`travelrisk check` answered from the answer index, before click or the data are imported.

The console script starts here (`run`). A plain `check SUSPECT COUNTRY [COUNTRY ...]`, with at
most `--on YYYY-MM-DD`, `--format` and `--sources`, is answered from the index when the index holds
its texts and its query (the suspect, the places, the format, the sources): the very output and
exit code that the full path gives, for any day. Everything else runs the full CLI: any other
command or option, an overlay or a release (`--data-dir`, `--release` or their variables), a name
or a place the index has not seen (fuzzy matching, a note such as Crimea's, a typo), a malformed
day, standard output that is not UTF-8, and no index, or one that is stale or not ours.

The full path fills the index: once it has answered a query the fast path could take, the answers
to that query on every day are compiled (`compile_answers`) by running the same `check` command in
the same process on the days where its output may change, and stored. A query is slow once, then
fast. Compiling every suspect in every place up front would take minutes.

The index is keyed on what the answers depend on: the data cache's key (the data files' contents,
the tool's and pycountry's versions) and the code itself. It records the status (device, inode,
size, modification and change times) of every data file, the data folder and every file of the
package, as they were when its answers were compiled; any edit, even one that keeps a file's size
and modification time, changes its change time, so the index is then stale and the next full run
starts it again. Comparing file statuses costs far less than hashing the data.

File layout: one JSON line of header (format, cache key, versions, file statuses), one JSON line of
directory (texts to suspect ids and place codes; queries to the offset, length and CRC-32 of their
answers), then the answers, each a zlib-compressed JSON list of periods `[first day, last day
(proleptic ordinals), exit code, output pieces]`; the output on a day is the pieces joined by the
day (YYYY-MM-DD).
Looking an answer up reads the two lines and one answer, never the data cache.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from travelrisk.data import cache
from travelrisk.version import __version__

if TYPE_CHECKING:
    from datetime import date

    from travelrisk.data.dataset import Dataset
    from travelrisk.law.model import Suspect

INDEX_FORMAT = 2
FORMATS = ("text", "json", "csv", "markdown")
SOURCES = ("top", "all")
# Variables that change what `check` answers from, or what the CLI does: never the fast path.
FULL_PATH_VARIABLES = ("TRAVELRISK_DATA_DIR", "TRAVELRISK_RELEASE", "_TRAVELRISK_COMPLETE")
MAX_INDEX_BYTES = 16 * 2**20
MAX_HEAD_BYTES = 2**20  # the header line, and the directory line, each
MAX_QUERIES = 512  # the oldest queries are dropped beyond these
MAX_TEXTS = 4096
MAX_PROBES = 600  # runs of `check` to compile one query; a query that needs more is not indexed
# A file changed this shortly before the answers were compiled may change again within the same
# tick of the file system's clock, unseen: the index is then not written (the next run will).
SETTLE_NS = 2 * 10**9


class Query(NamedTuple):
    """A `check` command line the fast path may answer."""

    suspect: str
    places: tuple[str, ...]
    on: str | None
    fmt: str
    sources: str


def run() -> None:
    """The console script: the fast path if it can answer, else the full CLI (which then adds the
    answer to the index)."""
    started = time.time_ns()
    query = parse(sys.argv[1:], os.environ)
    if query is not None:
        try:
            code = answer(query)
        except KeyboardInterrupt:
            from travelrisk.cli import EXIT_INTERRUPTED

            sys.stderr.write("travelrisk: interrupted\n")
            sys.exit(EXIT_INTERRUPTED)
        if code is not None:
            sys.exit(code)
    from travelrisk.cli import run as full_path

    try:
        full_path()
    except SystemExit as done:
        if query is not None and done.code in (0, 1):  # a whole answer was written
            learn(query, started)
        raise


def parse(args: list[str], environ: Any) -> Query | None:
    """The query `args` (the command line after the program's name) asks, if the fast path may
    answer it; None for anything else."""
    if not args or args[0] != "check" or any(v in environ for v in FULL_PATH_VARIABLES):
        return None
    allowed: dict[str, tuple[str, ...] | None] = {
        "--on": None,
        "--format": FORMATS,
        "--sources": SOURCES,
    }
    options: dict[str, str] = {}
    positional: list[str] = []
    rest = iter(args[1:])
    for arg in rest:
        if arg == "--":
            positional.extend(rest)
            break
        if not arg.startswith("-"):
            positional.append(arg)
            continue
        name, equals, value = arg.partition("=")
        if name not in allowed or name in options:
            return None  # an option the fast path does not know, --help, or one given twice
        if not equals:
            value = next(rest, "-")
        choices = allowed[name]
        if value.startswith("-") or (choices is not None and value not in choices):
            return None
        options[name] = value
    if len(positional) < 2:
        return None
    return Query(
        positional[0],
        tuple(positional[1:]),
        options.get("--on"),
        options.get("--format", "text"),
        options.get("--sources", "top"),
    )


def answer(query: Query) -> int | None:
    """Write the answer to `query` from the index and return the exit code; None, having written
    nothing, if the index cannot answer it."""
    from travelrisk.law.clock import iso_day, today

    stdout = sys.stdout
    encoding = str(getattr(stdout, "encoding", None) or "").lower()
    if encoding.replace("-", "").replace("_", "") != "utf8":
        return None  # another encoding (or no standard output): the full path's errors
    day = today() if query.on is None else iso_day(query.on)
    folder = cache.folder()
    if day is None or folder is None:
        return None
    try:
        found = _answer_on(lookup(index_path(folder), query), day)
    except Exception:  # an index not as written: the full path answers, and writes it again
        return None
    if found is None:
        return None
    text, code = found
    try:
        stdout.write(text)
        stdout.flush()
    except BrokenPipeError:
        from travelrisk.cli import EXIT_BROKEN_PIPE, quiet_pipe

        quiet_pipe()
        return EXIT_BROKEN_PIPE
    except OSError as exc:
        from travelrisk.cli import EXIT_FAILED, failure_text

        sys.stderr.write(f"travelrisk: failed, output incomplete: {failure_text(exc)}\n")
        return EXIT_FAILED
    return code


def _answer_on(periods: list[Any] | None, day: date) -> tuple[str, int] | None:
    """The output and exit code on `day`, from a query's periods."""
    if periods is None:
        return None
    ordinal = day.toordinal()
    for first, last, code, pieces in periods:
        if first <= ordinal <= last and code in (0, 1):
            return day.isoformat().join(pieces), int(code)
    return None


def index_path(folder: str) -> str:
    """The answer index of this installation (its package folder) in the cache folder."""
    import zlib

    where = f"{package_folder()}\0{__version__}".encode(errors="surrogateescape")
    return os.path.join(folder, f"answers-{zlib.crc32(where):08x}.idx")


def package_folder() -> str:
    return os.path.dirname(os.path.abspath(__file__))


def lookup(path: str, query: Query) -> list[Any] | None:
    """The periods of `query`'s answers in the index at `path`, if it is current and holds it."""
    import zlib

    opened = _open_index(path)
    if opened is None:
        return None
    handle, header, directory = opened
    with handle:
        if not _current(header):
            return None
        suspect = directory["suspects"].get(query.suspect)
        codes = [directory["places"].get(text) for text in query.places]
        if suspect is None or None in codes:
            return None
        where = directory["queries"].get(query_key(suspect, codes, query.fmt, query.sources))
        if where is None:
            return None
        offset, length, crc = where
        handle.seek(handle.tell() + offset)
        blob = handle.read(length)
    if len(blob) != length or zlib.crc32(blob) != crc:
        return None
    periods = json.loads(zlib.decompress(blob))
    return periods if isinstance(periods, list) else None


def query_key(suspect: str, codes: Iterable[str], fmt: str, sources: str) -> str:
    """How the index names a query: the suspect's id, the places' codes (each once, in the order
    first given: `check` answers FR and France once), the format and the sources."""
    return "\t".join((suspect, ",".join(dict.fromkeys(codes)), fmt, sources))


def _open_index(path: str) -> tuple[Any, dict[str, Any], dict[str, Any]] | None:
    """The index open after its two first lines, with them parsed; None if absent or unsafe."""
    handle = cache.open_entry(path, MAX_INDEX_BYTES, own=True)
    if handle is None:
        return None
    try:
        header = json.loads(_line(handle))
        directory = json.loads(_line(handle))
        if not isinstance(header, dict) or not isinstance(directory, dict):
            raise ValueError("not an index")
    except (OSError, ValueError, RecursionError):
        handle.close()
        return None
    return handle, header, directory


def _line(handle: Any) -> bytes:
    line: bytes = handle.readline(MAX_HEAD_BYTES)
    if not line.endswith(b"\n"):
        raise ValueError("a truncated line")
    return line


def _current(header: dict[str, Any]) -> bool:
    """Whether the index was compiled by this code, on these data, under these versions."""
    if header.get("format") != INDEX_FORMAT or header.get("versions") != versions():
        return False
    stamps = header.get("stamps")
    return (
        isinstance(stamps, list)
        and bool(stamps)
        and all(isinstance(s, list) and len(s) == 2 and file_stamp(s[0]) == s[1] for s in stamps)
    )


def versions() -> list[str]:
    """What else the answers depend on: the tool's, the cache format's, pycountry's and Python's
    versions."""
    return [__version__, str(cache.FORMAT), cache.pycountry_version(), sys.version]


def file_stamp(path: str) -> list[int] | None:
    """A file's device, inode, size, modification and change times (ns); None if absent."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


# -- filling the index (on the full path, after it has answered) -------------------------------
def learn(query: Query, started: int) -> None:
    """Compile the answers to `query`, which the full path has just given, into the index; any
    failure only costs speed next time."""
    try:
        _learn(query, started)
    except (Exception, KeyboardInterrupt):  # the answer is out: never fail after it
        pass


def _learn(query: Query, started: int) -> None:
    import travelrisk

    folder = cache.folder()
    ds = travelrisk.default_dataset()
    if folder is None or ds.overlay_dir is not None or not ds.cache_key:
        return
    person = ds.suspect(query.suspect)
    places = [ds.place(text) for text in query.places]
    if any(p != ds.place_index.place(p.code) for p in places):
        return  # read with a note (Crimea) or under another name: the full path says so
    codes = [p.code for p in places]
    periods = compile_answers(
        lambda day: probe(query, day), change_days(ds, person, codes), MAX_PROBES
    )
    if periods is None:
        return
    path = index_path(folder)
    stamps = _stamps(ds, started)
    if stamps is None:
        return
    header = {
        "format": INDEX_FORMAT,
        "key": ds.cache_key,
        "versions": versions(),
        "stamps": stamps,
    }
    directory, blobs = _existing(path, header)
    directory["suspects"][query.suspect] = person.id
    for text, code in zip(query.places, codes, strict=True):
        directory["places"][text] = code
    key = query_key(person.id, codes, query.fmt, query.sources)
    blobs.pop(key, None)
    import zlib

    answers = json.dumps(periods, ensure_ascii=False, separators=(",", ":")).encode()
    blobs[key] = zlib.compress(answers, 6)  # the periods' outputs repeat much: 1/20th the size
    cache.write_bytes(path, _index_bytes(header, directory, blobs))


def probe(query: Query, day: date) -> tuple[str, int] | None:
    """What the full path writes, and its exit code, for `query` on `day`; None if it writes to
    stderr or fails."""
    import contextlib
    import io

    from travelrisk.cli import main

    args = ["check", "--on", day.isoformat(), "--format", query.fmt, "--sources", query.sources]
    out, err = io.StringIO(), io.StringIO()
    code: Any = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main.main(
                [*args, "--", query.suspect, *query.places],
                prog_name="travelrisk",
                standalone_mode=False,
            )
        except SystemExit as exc:
            code = exc.code
    if err.getvalue() or code not in (0, 1):
        return None
    return out.getvalue(), int(code)


def change_days(ds: Dataset, person: Suspect, codes: Iterable[str]) -> list[date]:
    """Every day on which an answer for `person` in the places `codes` may change: each day that
    the records behind it name (the suspect's, the situation's, the places', their sovereigns',
    the states of the suspect's offices, their other duties), and the day after each. The
    compiler finds by bisection any change on another day (the horizon caveat's, say)."""
    from datetime import timedelta

    from travelrisk.law.engine import duties_of

    law = ds.law
    records: list[Any] = [person, ds.situations.get(person.situation)]
    places = set(codes) | {o.state for o in person.offices}
    for code in list(places):
        territory = law.territories.get(code)
        if territory is not None and territory.sovereign:
            places.add(territory.sovereign)
    for code in sorted(places):
        records += [law.states.get(code), law.territories.get(code), *duties_of(law, code)]
    days = set(_dates(records))
    one = timedelta(days=1)
    return sorted(days | {d + one for d in days if d.toordinal() < _LAST_ORDINAL})


def _dates(value: Any) -> Iterator[date]:
    from datetime import date

    if isinstance(value, date):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _dates(item)
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _dates(item)


_FIRST_ORDINAL = 1  # 0001-01-01
_LAST_ORDINAL = 3652059  # 9999-12-31


def compile_answers(
    answer_on: Callable[[date], tuple[str, int] | None], days: Iterable[date], budget: int
) -> list[list[Any]] | None:
    """The answers on every day from 0001-01-01 to 9999-12-31 as periods `[first, last, exit
    code, pieces]`, from `answer_on(day)` (the output and exit code on a day), which is asked on
    the first and last day of each stretch between `days` and wherever bisection needs; None if
    it fails on a day asked, or if more than `budget` days would be asked."""
    from datetime import date

    asked: dict[int, tuple[str, int] | None] = {}

    def on(ordinal: int) -> tuple[str, int]:
        if ordinal not in asked:
            if len(asked) >= budget:
                raise _Unindexable
            asked[ordinal] = answer_on(date.fromordinal(ordinal))
        found = asked[ordinal]
        if found is None:
            raise _Unindexable
        return found

    def pieces(first: int, last: int) -> list[str] | None:
        """The pieces that give the output on both days, if the output differs only by them."""
        (a, code_a), (b, code_b) = on(first), on(last)
        if code_a != code_b:
            return None
        return day_pieces(
            date.fromordinal(first).isoformat(), a, date.fromordinal(last).isoformat(), b
        )

    cuts = sorted({d.toordinal() for d in days} - {_FIRST_ORDINAL})
    starts = [_FIRST_ORDINAL, *cuts]
    ends = [c - 1 for c in cuts] + [_LAST_ORDINAL]
    periods: list[list[Any]] = []
    try:
        for start, end in zip(starts, ends, strict=True):
            first = start
            while first <= end:
                last, found = end, pieces(first, end)
                if found is None:  # it changes inside: the last day it holds, by bisection
                    low, high = first, end
                    while high - low > 1:
                        middle = (low + high) // 2
                        if pieces(first, middle) is None:
                            high = middle
                        else:
                            low = middle
                    last, found = low, pieces(first, low)
                assert found is not None  # a single day always has its pieces
                code = on(first)[1]
                previous = periods[-1] if periods else None
                if (
                    previous is not None
                    and previous[2] == code
                    and all(_fill(previous[3], d) == on(d)[0] for d in (first, last))
                ):
                    previous[1] = last
                else:
                    periods.append([first, last, code, found])
                first = last + 1
    except _Unindexable:
        return None
    return periods


class _Unindexable(Exception):
    pass


def _fill(pieces: list[str], ordinal: int) -> str:
    from datetime import date

    return date.fromordinal(ordinal).isoformat().join(pieces)


def day_pieces(a_day: str, a: str, b_day: str, b: str) -> list[str] | None:
    """`a` (the output on `a_day`) cut where it names its day, found where `b` (on `b_day`) names
    its own at the same place, so that a fixed date equal to the day stays; None if the two differ
    otherwise."""
    if len(a) != len(b) or len(a_day) != len(b_day):
        return None
    found: list[str] = []
    piece: list[str] = []
    i = 0
    while i < len(a):
        if a.startswith(a_day, i) and b.startswith(b_day, i):
            found.append("".join(piece))
            piece = []
            i += len(a_day)
        elif a[i] == b[i]:
            piece.append(a[i])
            i += 1
        else:
            return None
    found.append("".join(piece))
    return found


def _stamps(ds: Dataset, started: int) -> list[list[Any]] | None:
    """The statuses of the data and code files the answers rest on; None if one is missing or
    changed since shortly before this process started."""
    from travelrisk.data.files import bundled_dir

    data = bundled_dir()
    with os.scandir(data) as entries:
        paths = [data, *sorted(e.path for e in entries if e.is_file())]
    for root, dirs, files in os.walk(package_folder()):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        paths += (os.path.join(root, f) for f in sorted(files))
    stamps: list[list[Any]] = []
    for path in paths:
        stamp = file_stamp(path)
        if stamp is None or max(stamp[3], stamp[4]) > started - SETTLE_NS:
            return None
        stamps.append([path, stamp])
    return stamps


def _existing(path: str, header: dict[str, Any]) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The directory and answers of the index at `path` if it was compiled under `header`, else
    empty ones."""
    import zlib

    empty: dict[str, Any] = {"suspects": {}, "places": {}, "queries": {}}
    opened = _open_index(path)
    if opened is None:
        return empty, {}
    handle, old, directory = opened
    blobs: dict[str, bytes] = {}
    with handle:
        same = {k: old.get(k) for k in header} == header
        if not same:
            return empty, {}
        base = handle.tell()
        for key, (offset, length, crc) in directory["queries"].items():
            handle.seek(base + offset)
            blob = handle.read(length)
            if zlib.crc32(blob) == crc:
                blobs[key] = blob
    directory["queries"] = {}
    return directory, blobs


def _index_bytes(
    header: dict[str, Any], directory: dict[str, Any], blobs: dict[str, bytes]
) -> bytes:
    import zlib

    while len(blobs) > MAX_QUERIES or sum(map(len, blobs.values())) > MAX_INDEX_BYTES // 2:
        del blobs[next(iter(blobs))]  # the oldest first
    for table in ("suspects", "places"):
        texts = directory[table]
        for text in list(texts)[: max(0, len(texts) - MAX_TEXTS)]:
            del texts[text]
    queries: dict[str, list[int]] = {}
    offset = 0
    for key, blob in blobs.items():
        queries[key] = [offset, len(blob), zlib.crc32(blob)]
        offset += len(blob)
    directory = {**directory, "queries": queries}
    lines = [
        json.dumps(header, separators=(",", ":")),
        json.dumps(directory, separators=(",", ":")),
    ]
    return "\n".join(lines).encode() + b"\n" + b"".join(blobs.values())
