"""Checking one large CSV itinerary on several cores, with output identical to one core.

The parent reads the file's lines and cuts them into chunks at record boundaries (never inside a
quoted field that spans lines); forked workers, which inherit the loaded dataset, parse, check
and format each chunk; the parent writes the chunks' text in input order. At most a few chunks
are in flight, so memory stays flat whatever the input's size.
"""

from __future__ import annotations

import io
import os
from collections import deque
from collections.abc import Callable, Iterator
from typing import IO, Any

from .dataset import Dataset
from .itinerary_io import (
    STDIN,
    BatchSummary,
    _close,
    _codec,
    _csv_rows,
    _CsvWriter,
    _decode_failure,
    _open_text,
    _Tally,
    _with_pushback,
    check_readable,
    csv_header,
    quoted_record,
)
from .legs import checker_for

CHUNK_LINES = 20_000
# Set in the parent before the workers are forked; each worker reads it, never pickles it.
_JOB: dict[str, Any] = {}


def available() -> bool:
    """Whether worker processes can inherit the loaded data (the 'fork' start method)."""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def chunks(
    lines: Iterator[str],
    size: int,
    path: str,
    name: str,
    encoding: str,
    width: int,
    delimiter: str = ",",
) -> Iterator[tuple[int, list[str]]]:
    """(first line number, lines) pieces of the records after the header, cut between records.

    Records are cut exactly as the serial reader cuts them (`quoted_record` for any line with
    a quote, stray quotes included), so a piece never ends inside a record.
    """
    lineno = 2
    piece: list[str] = []
    first = lineno
    back: list[str] = []
    try:
        for line in _with_pushback(lines, back):
            if '"' in line:
                _, _, used = quoted_record(line, lines, back, width, delimiter)
                piece.extend(used)
                lineno += len(used)
            else:
                piece.append(line)
                lineno += 1
            if len(piece) >= size:
                yield first, piece
                piece, first = [], lineno
    except UnicodeDecodeError as exc:
        raise _decode_failure(path, name, encoding, exc, lineno) from None
    if piece:
        yield first, piece


def _work(first: int, lines: list[str]) -> tuple[str, BatchSummary]:
    """One chunk in a worker: its output text and its counts."""
    job = _JOB
    legs = _csv_rows(
        iter(lines),
        None,
        job["columns"],
        job["path"],
        job["name"],
        job["encoding"],
        first,
        job["delimiter"],
    )
    results = checker_for(job["dataset"]).check_all(legs)
    out = io.StringIO()
    writer = _CsvWriter(out, job["columns"], False)
    writer.buffer.clear()  # the parent writes the header once
    tally = writer.write_all(results)
    writer.close()
    return out.getvalue(), tally.summary()


def check_csv(
    path: str,
    out: IO[str],
    dataset: Dataset,
    jobs: int,
    encoding: str = "utf-8",
    chunk_lines: int | None = None,
    progress: Callable[[int], object] | None = None,
    delimiter: str | None = None,
) -> BatchSummary:
    """Check the CSV itinerary at `path` ("-": stdin) with `jobs` workers, writing CSV to `out`.

    The output is what `write_results(check_legs(read_legs(path)), out, "csv")` writes.
    `delimiter` as for `open_itinerary`. `progress`, if given, is called with the number of
    legs checked so far after each chunk.
    """
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    check_readable(path)
    chunk_lines = chunk_lines or CHUNK_LINES
    name = "<stdin>" if path == STDIN else path
    stream = _open_text(path, _codec(encoding))
    try:
        columns, delimiter, lines = csv_header(iter(stream), path, name, encoding, delimiter)
        head = _CsvWriter(io.StringIO(), columns, False)
        out.write("".join(head.buffer))
        tally = _Tally()
        if not columns:
            return tally.summary()
        _JOB.update(
            columns=columns,
            path=path,
            name=name,
            encoding=encoding,
            dataset=dataset,
            delimiter=delimiter,
        )
        context = multiprocessing.get_context("fork")
        pending: deque[Future[tuple[str, BatchSummary]]] = deque()
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:

            def collect() -> None:
                text, part = pending.popleft().result()
                out.write(text)
                tally.merge(part)
                if progress is not None:
                    progress(tally.legs)

            cut = chunks(lines, chunk_lines, path, name, encoding, len(columns), delimiter)
            for first, piece in cut:
                pending.append(pool.submit(_work, first, piece))
                if len(pending) > 2 * jobs:
                    collect()
            while pending:
                collect()
        out.flush()
        return tally.summary()
    finally:
        _JOB.clear()
        _close(stream, path)


def default_jobs(path: str, min_bytes: int = 2**20) -> int:
    """How many workers suit `path`: one for small or unknown-sized input, else every core."""
    try:
        big = path != STDIN and os.path.getsize(path) >= min_bytes
    except OSError:
        big = False
    return (os.cpu_count() or 1) if big else 1
