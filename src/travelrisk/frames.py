"""`check_frame`: the verdict columns added to a polars or pandas DataFrame, or a pyarrow Table.

The legs' fields are found by the same column names as `check_legs` (`suspect`, `country`,
`date` or `arrive` and `depart`, `kind`; case-insensitive, `traveller` for `suspect`). Polars
finds the distinct combinations of those fields; each is checked once by the row path
(`LegChecker`: the same resolver, the same stays, transits and overflights, the same error
results), and the answers are gathered back in the frame's order, one per row. The input's
columns are kept untouched (one named like a verdict column is renamed `input_<name>`); the
verdict columns are those of `travelrisk batch` (itinerary_io.VERDICT_COLUMNS) less `row`,
which the frame's own order gives. Each value is the one `LegResult.to_dict` gives (text,
a boolean, or null; dates as YYYY-MM-DD).

Polars is imported here only, never by `check`.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any

from .itinerary_io import INPUT_PREFIX, result_fields, verdict_columns
from .legs import ROLES, Leg, checker_for, column_roles

if TYPE_CHECKING:
    from .dataset import Dataset

_ROW = "row"  # the one verdict column a frame does without: its order is the row


def frame_columns() -> tuple[str, ...]:
    """The columns `check_frame` adds, in order."""
    return tuple(c for c in verdict_columns() if c != _ROW)


def _kind(frame: object) -> str:
    module = type(frame).__module__.split(".", 1)[0]
    name = type(frame).__name__
    if module == "polars" and name == "DataFrame":
        return "polars"
    if module == "pandas" and name == "DataFrame":
        return "pandas"
    if module == "pyarrow" and name == "Table":
        return "pyarrow"
    raise TypeError(
        f"check_frame takes a polars or pandas DataFrame or a pyarrow Table, not a {name}"
    )


def verdicts(
    columns: Sequence[str], keys: Any, height: int, dataset: Dataset | None = None
) -> dict[str, list[Any]]:
    """The verdict columns, as lists, for `keys`: a polars DataFrame of the leg-field columns
    of a frame of `height` rows whose columns are `columns` (all of them, as error messages
    name them), or None where it has none of the fields."""
    import polars as pl

    if dataset is None:
        from . import default_dataset

        dataset = default_dataset()
    checker = checker_for(dataset)
    names = list(keys.columns) if keys is not None else []
    ours = frame_columns()
    if names:
        codes = keys.select(pl.struct(names).rank("dense").cast(pl.Int64) - 1).to_series()
        firsts = (
            pl.DataFrame({"code": codes})
            .with_row_index("at")
            .group_by("code")
            .agg(pl.col("at").first())
            .sort("code")["at"]
        )
        distinct = keys[firsts].rows()
        index = codes.to_list()
    else:
        distinct, index = [()], [0] * height
    answers: list[tuple[Any, ...]] = []
    for values in distinct:
        fields = dict.fromkeys(columns)
        fields.update(zip(names, values, strict=True))
        result = checker.check(Leg.from_mapping(fields), 1)
        found = result_fields(result)
        answers.append(tuple(_value(found[c]) for c in ours))
    by_column = list(zip(*answers, strict=True)) if answers else [() for _ in ours]
    return {c: [col[i] for i in index] for c, col in zip(ours, by_column, strict=True)}


def _value(value: Any) -> Any:
    # A Status is a str enum: give its text, as JSON does.
    return value.value if isinstance(value, Enum) else value


def _key_names(columns: Sequence[str]) -> list[str]:
    roles = column_roles(columns)
    return [columns[roles[r]] for r in ROLES if r in roles and r != "trip"]


def check_frame(frame: Any, dataset: Dataset | None = None) -> Any:
    """`frame` (a polars or pandas DataFrame, or a pyarrow Table) with the verdict columns
    added, of the same type; never raises for a bad row, which gets an error result."""
    import polars as pl

    kind = _kind(frame)
    columns = [str(c) for c in frame.columns] if kind != "pyarrow" else list(frame.column_names)
    names = _key_names(columns)
    height = len(frame)
    keys: pl.DataFrame | None = None
    if names and kind == "polars":
        keys = frame.select(names)
    elif names and kind == "pandas":
        keys = pl.from_pandas(frame[names])
    elif names:
        found = pl.from_arrow(frame.select(names))
        assert isinstance(found, pl.DataFrame)
        keys = found
    added = verdicts(columns, keys, height, dataset)
    ours = frame_columns()
    renamed = {c: INPUT_PREFIX + c for c in columns if c in ours}
    if kind == "polars":
        series = [pl.Series(c, added[c], dtype=_polars_type(c)) for c in ours]
        return frame.rename(renamed).with_columns(series)
    if kind == "pandas":
        import pandas as pd

        out = frame.rename(columns=renamed)
        extra = pd.DataFrame({c: added[c] for c in ours}, index=frame.index, dtype=object)
        return pd.concat([out, extra], axis=1)
    import pyarrow as pa

    out = frame.rename_columns([renamed.get(c, c) for c in columns])
    for c in ours:
        out = out.append_column(c, pa.array(added[c], type=_arrow_type(c)))
    return out


_BOOLEAN = frozenset({"obliged"})


def _polars_type(column: str) -> Any:
    import polars as pl

    return pl.Boolean if column in _BOOLEAN else pl.String


def _arrow_type(column: str) -> Any:
    import pyarrow as pa

    return pa.bool_() if column in _BOOLEAN else pa.string()
