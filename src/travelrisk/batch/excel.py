"""Excel workbooks (.xlsx) in and out of `travelrisk batch`, through openpyxl.

openpyxl is an optional dependency (the `excel` extra), imported only when a workbook is read
or written: without it, either is refused with one line saying what to install.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from typing import IO, Any

from travelrisk.batch.columns import as_cell, column_key, output_columns, result_fields
from travelrisk.batch.formats import STDIN, ItineraryError, check_header, first_line
from travelrisk.batch.legs import Leg, LegResult
from travelrisk.batch.writers import Writer
from travelrisk.law.english import plural


def _openpyxl(what: str) -> Any:
    """The openpyxl module (an optional dependency, imported only when Excel is used)."""
    import importlib

    try:
        return importlib.import_module("openpyxl")
    except ImportError:
        raise ItineraryError(
            f"{what} needs openpyxl, which is not installed: pip install openpyxl "
            "(or, from a checkout, pip install '.[excel]')"
        ) from None


def _value(value: object) -> object:
    """A cell as a leg value: empty as "", a date (Excel stores it as midnight) as a date."""
    from datetime import datetime, time

    if value is None:
        return ""
    if isinstance(value, datetime) and value.time() == time():
        return value.date()
    return value


def xlsx_legs(path: str, name: str) -> tuple[tuple[str, ...], Iterator[Leg]]:
    """The legs of the first sheet of an Excel workbook: its first row is the header.

    Cells keep their types (dates, numbers, text); a formula gives its last computed value;
    an empty cell is empty text.
    """
    import io
    import zipfile

    openpyxl = _openpyxl(f"reading {name}")
    try:
        if path == STDIN:
            book = openpyxl.load_workbook(
                io.BytesIO(sys.stdin.buffer.read()), read_only=True, data_only=True
            )
        else:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        rows = book.worksheets[0].iter_rows(values_only=True)
        first = next(rows, None)
    except (OSError, ValueError, KeyError, IndexError, zipfile.BadZipFile) as exc:
        raise ItineraryError(
            f"{name} is not a readable Excel workbook: {first_line(exc)}"
        ) from None
    if first is None:
        book.close()
        return (), iter(())
    columns = tuple("" if c is None else str(c) for c in first)
    while columns and not columns[-1]:
        columns = columns[:-1]  # empty cells after the last heading
    check_header(columns, name)
    width = len(columns)
    source = None if path == STDIN else path

    def legs() -> Iterator[Leg]:
        try:
            for n, row in enumerate(rows, 2):
                values = list(row[:width]) + [None] * (width - len(row))
                if all(v is None or v == "" for v in values):
                    continue  # a blank row
                values = [_value(v) for v in values]
                extra = [v for v in row[width:] if v not in (None, "")]
                problem = (
                    f"this row has {plural(len(extra), 'cell')} past the header's {width} columns"
                    if extra
                    else None
                )
                yield Leg.from_row(columns, values, n, source, problem)
        finally:
            book.close()

    return columns, legs()


class XlsxWriter(Writer):
    """An Excel workbook of one sheet: the header, then one row per result, as CSV has them
    (the same columns, every file's); written to `out`'s bytes when closed."""

    def __init__(self, out: IO[str], columns: Sequence[str] | None, file_column: bool) -> None:
        super().__init__(out)
        if not hasattr(out, "buffer"):
            raise ItineraryError(
                "xlsx is written as bytes: give a file (open(path, 'w') will do), "
                "not an in-memory text stream"
            )
        openpyxl = _openpyxl("writing .xlsx")
        self.book = openpyxl.Workbook(write_only=True)
        self.sheet = self.book.create_sheet("travelrisk")
        self.text_cell = openpyxl.cell.WriteOnlyCell
        self.illegal = openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE
        self.columns = tuple(columns) if columns is not None else None
        self.keys: list[str] = []
        self.file_column = file_column
        self.header_written = False

    def _value(self, value: object) -> object:
        cell = as_cell(value)
        if isinstance(cell, str):
            cell = self.illegal.sub("\ufffd", cell)
            if cell.startswith("="):  # text, never a formula
                written = self.text_cell(self.sheet, value=cell)
                written.data_type = "s"
                return written
        return cell

    def _header(self) -> None:
        columns = self.columns or ()
        self.keys = [column_key(c) for c in columns]
        self.sheet.append(output_columns(columns, self.file_column))
        self.header_written = True

    def write(self, result: LegResult) -> None:
        leg = result.leg
        if not self.header_written:
            if self.columns is None:
                self.columns = leg.columns
            self._header()
        fields = {column_key(c): v for c, v in zip(leg.columns, leg.values, strict=False)}
        for c in leg.columns:
            if column_key(c) not in self.keys:
                self.dropped[c] = None
        ours = result_fields(result, self.file_column)
        row = [*(fields.get(k) for k in self.keys), *ours.values()]
        self.sheet.append([self._value(v) for v in row])

    def close(self) -> None:
        if not self.header_written:
            self._header()
        self.out.flush()
        self.book.save(self.out.buffer)  # type: ignore[attr-defined]
        self.out.buffer.flush()  # type: ignore[attr-defined]
