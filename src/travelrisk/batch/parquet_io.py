"""Parquet itineraries: legs read from a `.parquet` file in bounded batches, and results written
as one. Polars is imported here only, never by `check`.

A leg's `row` is its position in the file (from 1), as for JSON. Its fields keep their Parquet
types (text, numbers, dates), read as `check_legs` reads a mapping's.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum
from typing import IO, Any

from travelrisk.batch.legs import Leg, LegResult
from travelrisk.batch.writers import Writer
from travelrisk.errors import InputError

BATCH_ROWS = 50_000  # rows read at a time
SPILL_ROWS = 20_000  # results held before they are spilled to a temporary part


def parquet_columns(path: str, name: str) -> tuple[str, ...]:
    """The columns of the Parquet file at `path`; InputError if it is not one."""
    import polars as pl

    try:
        return tuple(pl.read_parquet_schema(path))
    except Exception as exc:  # polars raises its own errors, of several kinds
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"{name} is not a readable Parquet file: {first}") from None


def parquet_legs(path: str, name: str) -> Iterator[Leg]:
    """The legs of the Parquet file at `path`, read BATCH_ROWS at a time."""
    import polars as pl

    parquet_columns(path, name)
    lazy = pl.scan_parquet(path)
    n = 0
    while True:
        chunk = lazy.slice(n, BATCH_ROWS).collect()
        if chunk.height == 0:
            return
        for fields in chunk.iter_rows(named=True):
            n += 1
            yield Leg.from_mapping(fields, n, path)


class ParquetWriter(Writer):
    """Every result as one row (the input's fields, then the verdict columns), written to the
    binary stream under `out` as one Parquet file once the batch is complete. Every SPILL_ROWS
    rows are spilled to a temporary Parquet file, and the parts are streamed into the output at
    the end (their types reconciled, as `pl.concat(how="diagonal_relaxed")` does): memory stays
    bounded; the temporary folder is removed however the batch ends."""

    def __init__(self, out: IO[str], file_column: bool) -> None:
        import shutil
        import tempfile
        import weakref

        if out.isatty():
            raise InputError(
                "Parquet is binary: write it to a file (-o FILE.parquet) or through a pipe"
            )
        super().__init__(out)
        self.file_column = file_column
        self.folder = tempfile.mkdtemp(prefix="travelrisk-parquet-")
        self._remove = weakref.finalize(self, shutil.rmtree, self.folder, True)
        self.parts: list[str] = []
        self.chunk: list[dict[str, Any]] = []

    def write(self, result: LegResult) -> None:
        from travelrisk.batch.columns import result_record

        record = result_record(result, self.file_column)
        self.chunk.append({k: v.value if isinstance(v, Enum) else v for k, v in record.items()})
        if len(self.chunk) >= SPILL_ROWS:
            self._spill()

    def _spill(self) -> None:
        import os

        import polars as pl

        part = os.path.join(self.folder, f"{len(self.parts):06d}.parquet")
        pl.DataFrame(self.chunk, infer_schema_length=None).write_parquet(part)
        self.parts.append(part)
        self.chunk = []

    def close(self) -> None:
        import polars as pl

        try:
            if self.chunk or not self.parts:
                self._spill()
            parts = [pl.scan_parquet(p) for p in self.parts]
            self.out.flush()
            binary = self.out.buffer  # type: ignore[attr-defined]
            pl.concat(parts, how="diagonal_relaxed").sink_parquet(binary)
            binary.flush()
        finally:
            self._remove()
