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

from travelrisk.batch.formats import STDIN, check_readable
from travelrisk.batch.itinerary_io import (
    bounded_lines,
    close_stream,
    codec_for,
    csv_header,
    csv_rows,
    decode_failure,
    open_text,
    quoted_record,
    with_pushback,
)
from travelrisk.batch.legs import checker_for
from travelrisk.batch.writers import BatchSummary, CsvWriter, Tally
from travelrisk.data.dataset import Dataset

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
        for line in with_pushback(lines, back):
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
        raise decode_failure(path, name, encoding, exc, lineno) from None
    if piece:
        yield first, piece


def _work(first: int, lines: list[str]) -> tuple[str, BatchSummary]:
    """One chunk in a worker: its output text and its counts."""
    job = _JOB
    legs = csv_rows(
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
    writer = CsvWriter(out, job["columns"], False)
    writer.buffer.clear()  # the parent writes the header once
    tally = writer.write_all(results)
    writer.close()
    return out.getvalue(), tally.summary()


def _die_with_parent(parent: int) -> None:
    """In a worker (its initializer): end once the parent has gone, however it went, so that no
    orphan lives on holding the caller's stderr open. On Linux the kernel sees to it
    (`_just_forked`); elsewhere, and as a backstop, a watchdog thread ends the worker once its
    parent process has changed."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="travelrisk-parent-watch").start()


def _just_forked() -> None:
    """Run in every child at fork (os.register_at_fork), before any Python code of its own; in a
    worker of `check_csv` (`_JOB` is set), ignore Ctrl-C, which is the parent's to report, once,
    and ask Linux to SIGKILL the worker when the parent dies (prctl PR_SET_PDEATHSIG). At fork
    time, not in the pool's initializer: a Ctrl-C in between would otherwise reach a worker
    still starting, which then dies with a traceback and breaks the pool."""
    if not _JOB:
        return
    import signal
    import sys

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # blocked by `_forking`
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass


def _forking() -> None:
    """In the parent, about to fork a worker: hold Ctrl-C back (`_let_interrupts_in` lets it in
    again, in the parent's own code), so that it lands neither in a fork hook of another module
    (where Python ignores it, and the batch would run on) nor in the child before
    `_just_forked`."""
    if _JOB:
        import signal

        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


def _let_interrupts_in() -> None:
    if hasattr(os, "register_at_fork") and hasattr(__import__("signal"), "pthread_sigmask"):
        import signal

        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
if hasattr(os, "register_at_fork") and hasattr(__import__("signal"), "pthread_sigmask"):
    # Registered last (parallel is imported late): `before` runs first, the `after`s last.
    os.register_at_fork(before=_forking, after_in_child=_just_forked)


def worker_count(asked: int) -> int:
    """`--jobs N`, capped at the cores this process may run on: more workers only compete."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(asked, cores))


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
    stream = open_text(path, codec_for(encoding))
    try:
        lines = bounded_lines(stream, name)
        columns, delimiter, lines = csv_header(lines, path, name, encoding, delimiter)
        head = CsvWriter(io.StringIO(), columns, False)
        out.write("".join(head.buffer))
        tally = Tally()
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
        jobs = worker_count(jobs)
        with ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=context,
            initializer=_die_with_parent,
            initargs=(os.getpid(),),
        ) as pool:

            def collect() -> None:
                text, part = pending.popleft().result()
                out.write(text)
                tally.merge(part)
                if progress is not None:
                    progress(tally.legs)

            cut = chunks(lines, chunk_lines, path, name, encoding, len(columns), delimiter)
            for first, piece in cut:
                pending.append(pool.submit(_work, first, piece))
                _let_interrupts_in()  # a Ctrl-C held back while a worker was forked lands here
                if len(pending) > 2 * jobs:
                    collect()
            while pending:
                collect()
        out.flush()
        return tally.summary()
    finally:
        _JOB.clear()
        _let_interrupts_in()
        close_stream(stream, path)


def default_jobs(path: str, min_bytes: int = 2**20) -> int:
    """How many workers suit `path`: one for small or unknown-sized input, else every core."""
    try:
        big = path != STDIN and os.path.getsize(path) >= min_bytes
    except OSError:
        big = False
    return worker_count(os.cpu_count() or 1) if big else 1
