"""The law as a table: every suspect, every place, every period of `engine.periods`.

One row per period over which the answer for a suspect in a place stays the same, cut where
any input may change (unmerged: two rows in a row may share a status and differ in wording).
A leg's answer on a day is the row whose `start <= day <= end` (a null `start`: since records
begin; a null `end`: no end known), so that DuckDB, Spark SQL or a spreadsheet can join legs
against it without Python. Where `reason_names_day` is true, `reason` holds DAY ("{day}") in
place of the day asked about: replace it by that day, as YYYY-MM-DD.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import date
from typing import IO, TYPE_CHECKING, Any

from travelrisk.batch.columns import BASIS_SEPARATOR
from travelrisk.law import engine
from travelrisk.law.model import Receipt, Status

if TYPE_CHECKING:
    from travelrisk.data.dataset import Dataset

FORMATS = ("csv", "jsonl", "parquet")
COLUMNS = (
    "suspect_id",
    "suspect_name",
    "place",
    "place_name",
    "start",
    "end",
    "status",
    "obliged",
    "basis",
    "bases",
    "reason",
    "reason_names_day",
    "sources",  # each by its URL (its title where it has none)
    *Receipt.FIELDS,  # which data the table was made from, on every row
)
SOURCE_SEPARATOR = " | "  # between two sources in a CSV cell (a list in JSON Lines and Parquet)


def period_rows(ds: Dataset) -> Iterator[dict[str, Any]]:
    """Every suspect × every place × every period, suspects and places in the data's order."""
    places = ds.places()
    stamp = ds.receipt.row()
    duties: dict[tuple[str, str], engine.Cut] = {}  # what a place owes, cut once per situation
    for suspect in ds.suspects.values():
        for place in places:
            key = (place.code, suspect.situation)
            owed = duties.get(key)
            if owed is None:
                owed = duties[key] = engine.duty_cut(ds.law, place, suspect.situation)
            for p in engine.periods(ds.law, suspect, place, owed):
                yield {
                    "suspect_id": suspect.id,
                    "suspect_name": suspect.name,
                    "place": place.code,
                    "place_name": place.name,
                    "start": p.start,
                    "end": p.end,
                    "status": p.status.value,
                    "obliged": p.status is Status.OBLIGED,
                    "basis": p.basis.value if p.basis else None,
                    "bases": [b.value for b in p.bases],
                    "reason": p.reason_template or p.reason,
                    "reason_names_day": p.reason_template is not None,
                    "sources": [s.url or s.title for s in p.sources],
                    **stamp,
                }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def write_csv(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    n = 0
    for r in rows:
        cells = {
            **r,
            "start": _iso(r["start"]),
            "end": _iso(r["end"]),
            "obliged": "true" if r["obliged"] else "false",
            "bases": BASIS_SEPARATOR.join(r["bases"]),
            "reason_names_day": "true" if r["reason_names_day"] else "false",
            "sources": SOURCE_SEPARATOR.join(r["sources"]),
        }
        writer.writerow(["" if cells[c] is None else cells[c] for c in COLUMNS])
        n += 1
    return n


def write_jsonl(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for r in rows:
        out.write(json.dumps({**r, "start": _iso(r["start"]), "end": _iso(r["end"])}))
        out.write("\n")
        n += 1
    return n


def write_parquet(rows: Iterable[dict[str, Any]], out: IO[bytes]) -> int:
    import polars as pl

    schema: dict[str, pl.DataType | type[pl.DataType]] = {
        "suspect_id": pl.String,
        "suspect_name": pl.String,
        "place": pl.String,
        "place_name": pl.String,
        "start": pl.Date,
        "end": pl.Date,
        "status": pl.String,
        "obliged": pl.Boolean,
        "basis": pl.String,
        "bases": pl.List(pl.String),
        "reason": pl.String,
        "reason_names_day": pl.Boolean,
        "sources": pl.List(pl.String),
        **{field: pl.String for field in Receipt.FIELDS},
    }
    assert tuple(schema) == COLUMNS
    frame = pl.DataFrame(list(rows), schema=schema)
    frame.write_parquet(out)
    return frame.height
