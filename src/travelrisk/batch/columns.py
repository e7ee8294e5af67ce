"""A leg's result as named fields and cells: the verdict columns every batch output has after the
input's own, and how each value is written in a cell. Every writer (CSV, JSON, Excel, Parquet)
and `LegResult.to_dict` take their fields from here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from travelrisk.law.model import Status

if TYPE_CHECKING:
    from travelrisk.batch.legs import LegResult
    from travelrisk.law.model import Basis, Receipt, Source


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


def basis_cell(basis: tuple[Basis, ...]) -> str | None:
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
        "obliged": None if result.status == Status.ERROR else result.obliged,
        "basis": basis_cell(result.basis),
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


def as_cell(value: object) -> object:
    """A non-text input value as a CSV cell (JSON and YAML input may hold these)."""
    if value is None or isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    import json

    return json.dumps(value, ensure_ascii=False, default=str)


def column_key(name: str) -> str:
    return name.strip().casefold()


# Between the problems of one leg (their messages may contain semicolons).
PROBLEM_SEPARATOR = " | "
