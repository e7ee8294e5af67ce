"""`check_frame`: the verdict columns added to a polars or pandas DataFrame, or a pyarrow Table.

The legs' fields are found by the same column names as `check_legs` (`suspect`, `country`,
`date` or `arrive` and `depart`, `kind`; case-insensitive, `traveller` for `suspect`). Polars
finds the distinct combinations of those fields; each is checked once by the row path
(`LegChecker`: the same resolver, the same stays, transits and overflights, the same error
results), and the answers are gathered back in the frame's order, one per row. The input's
columns are kept untouched (one named like a verdict column is renamed `input_<name>`); the
verdict columns are those of `travelrisk batch` (columns.VERDICT_COLUMNS) less `row`,
which the frame's own order gives. Each value is the one `LegResult.to_dict` gives (text,
a boolean, or null; dates as YYYY-MM-DD).

Polars is imported here only, never by `check`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any

from travelrisk.batch.columns import INPUT_PREFIX, result_fields, verdict_columns
from travelrisk.batch.legs import (
    KINDS,
    ROLES,
    Leg,
    LegChecker,
    LegResult,
    PairHistory,
    checker_for,
    column_roles,
)

if TYPE_CHECKING:
    from travelrisk.data.dataset import Dataset

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


def verdicts(columns: Sequence[str], keys: Any, height: int, dataset: Dataset | None = None) -> Any:
    """The verdict columns (a polars DataFrame of `height` rows) for `keys`: a polars DataFrame
    of the leg-field columns of a frame whose columns are `columns` (all of them, as error
    messages name them), or None where it has none of the fields.

    Legs of the common shape (a suspect and a place the resolver knows, ISO dates, a known kind)
    are joined against their pair's segments; the answer for each pair, range of segments and
    kind is made once, by the row path, and only `from` and `until` are cut per leg. Every
    other leg (an error, a date written otherwise, a reason that names the leg's own day) is
    checked by the row path itself, once per distinct combination of its fields.
    """
    import polars as pl

    if dataset is None:
        from travelrisk import default_dataset

        dataset = default_dataset()
    checker = checker_for(dataset)
    ours = frame_columns()
    names = list(keys.columns) if keys is not None else []
    answers: list[dict[str, Any]] = []  # every distinct answer; each row points at one
    if not names:
        answers.append(_answer(checker.check(Leg.from_mapping(dict.fromkeys(columns)), 1)))
        return _gathered(answers, pl.Series([0] * height, dtype=pl.Int64), ours)
    roles = _roles_of(columns, names)
    frame = keys.rename(dict(zip(names, roles, strict=True))).with_row_index("_pos")
    fast, histories = _common_legs(frame, checker)
    index = pl.Series("_answer", [None] * height, dtype=pl.Int64)
    cut: Any = None
    if fast is not None and fast.height:
        # One answer per pair, range of segments and kind: the row path's, for its first leg.
        shapes = fast.unique(["_pair", "_i0", "_i1", "_kind"], keep="first", maintain_order=True)
        shape_ids: list[int | None] = []
        starts: list[date | None] = []
        ends: list[date | None] = []
        for pair, i0, i1, kind, first, last in shapes.select(
            "_pair", "_i0", "_i1", "_kind", "_first", "_last"
        ).iter_rows():
            history = histories[pair]
            judged = history.judgement(i0, i1, kind)
            if history.day_bound(judged):
                shape_ids.append(None)  # each leg on its own, below
            else:
                shape_ids.append(len(answers))
                answers.append(_answer(history.judge(Leg(), first, last, kind)))
            starts.append(judged.worst_start)
            ends.append(judged.worst_end)
        table = shapes.select("_pair", "_i0", "_i1", "_kind").with_columns(
            pl.Series("_shape", shape_ids, dtype=pl.Int64),
            pl.Series("_ws", starts, dtype=pl.Date),
            pl.Series("_we", ends, dtype=pl.Date),
        )
        joined = fast.join(
            table, on=["_pair", "_i0", "_i1", "_kind"], how="left", maintain_order="left"
        )
        each = joined.filter(pl.col("_shape").is_null())
        own: list[int] = []
        for pair, kind, first, last in each.select("_pair", "_kind", "_first", "_last").iter_rows():
            own.append(len(answers))
            answers.append(_answer(histories[pair].judge(Leg(), first, last, kind)))
        shared = joined.filter(pl.col("_shape").is_not_null())
        cut = shared.select(
            "_pos",
            pl.max_horizontal("_first", "_ws").dt.to_string("%Y-%m-%d").alias("from"),
            pl.min_horizontal("_last", "_we").dt.to_string("%Y-%m-%d").alias("until"),
        )
        positions = pl.concat([shared.get_column("_pos"), each.get_column("_pos")])
        ids = pl.concat([shared.get_column("_shape"), pl.Series(own, dtype=pl.Int64)])
        index = index.scatter(positions, ids)
    # Everything else, by the row path, once per distinct combination of the fields.
    rest = frame.filter(index.is_null())
    if rest.height:
        codes_s = rest.select(pl.struct(roles).rank("dense").cast(pl.Int64) - 1).to_series()
        firsts = (
            pl.DataFrame({"code": codes_s})
            .with_row_index("at")
            .group_by("code")
            .agg(pl.col("at").first())
            .sort("code")["at"]
        )
        offset = len(answers)
        for values in rest.select(roles)[firsts].rows():
            fields = dict.fromkeys(columns)
            fields.update(zip(names, values, strict=True))
            answers.append(_answer(next(checker.check_all([Leg.from_mapping(fields, 1)]))))
        index = index.scatter(rest.get_column("_pos"), codes_s + offset)
    out = _gathered(answers, index, ours)
    if cut is not None and cut.height:
        positions = cut.get_column("_pos")
        out = out.with_columns(
            out.get_column("from").scatter(positions, cut.get_column("from")),
            out.get_column("until").scatter(positions, cut.get_column("until")),
        )
    return out


_ISO_DAY = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_FIRST_FAST_DAY = date(1000, 1, 1)  # years of four digits, as isoformat writes them


def _roles_of(columns: Sequence[str], names: Sequence[str]) -> list[str]:
    roles = column_roles(columns)
    by_column = {columns[i]: role for role, i in roles.items()}
    return [by_column[n] for n in names]


def _day(frame: Any, role: str) -> tuple[Any, Any]:
    """The expression of a date field's day where it is an ISO date (null otherwise), and the
    one of whether it is given at all (neither null nor empty), as the row path reads them."""
    import polars as pl

    if role not in frame.columns:
        return pl.lit(None, dtype=pl.Date), pl.lit(False)
    dtype = frame.schema[role]
    col = pl.col(role)
    if dtype == pl.Date:
        return col, col.is_not_null()
    if dtype == pl.String:
        parsed = col.str.strptime(pl.Date, "%Y-%m-%d", strict=False)
        day = pl.when(col.str.contains(_ISO_DAY)).then(parsed)
        return day, col.is_not_null() & (col != "")
    return pl.lit(None, dtype=pl.Date), col.is_not_null()


def _common_legs(frame: Any, checker: LegChecker) -> tuple[Any, list[PairHistory]]:
    """The legs of the common shape, with their pair, days, kind and range of segments."""
    import polars as pl

    schema = frame.schema
    if any(r in schema and schema[r] != pl.String for r in ("suspect", "country")):
        return None, []
    if "suspect" not in schema or "country" not in schema:
        return None, []
    if "kind" in schema and schema["kind"] != pl.String:
        return None, []
    on, has_on = _day(frame, "date")
    arrive, has_arrive = _day(frame, "arrive")
    depart, has_depart = _day(frame, "depart")
    one_day = has_on & ~has_arrive & ~has_depart
    stay = ~has_on & arrive.is_not_null() & depart.is_not_null()
    legs = frame.with_columns(
        pl.when(one_day).then(on).when(stay).then(arrive).alias("_first"),
        pl.when(one_day).then(on).when(stay).then(depart).alias("_last"),
    )
    kind: Any = pl.lit(0, dtype=pl.Int64)
    if "kind" in schema:
        seen = legs.get_column("kind").fill_null("").unique().to_list()
        known = {k: i for k, i in ((k, _kind_index(k)) for k in seen) if i is not None}
        kind = pl.lit(None, dtype=pl.Int64)
        if known:
            kind = pl.col("kind").fill_null("").replace_strict(known, default=None)
            kind = kind.cast(pl.Int64)
    legs = legs.with_columns(kind.alias("_kind")).filter(
        pl.col("_first").is_not_null()
        & (pl.col("_first") <= pl.col("_last"))
        & (pl.col("_first") >= _FIRST_FAST_DAY)
        & (pl.col("_last") <= checker.horizon)  # later: the reason gets the horizon caveat
        & pl.col("_kind").is_not_null()
    )
    # Each distinct suspect and place, resolved once; those naming no one are left out.
    pairs = legs.select("suspect", "country").unique(maintain_order=True)
    histories: list[PairHistory] = []
    found: list[int | None] = []
    for who, where in pairs.iter_rows():
        history = checker.history(who, where)
        found.append(None if history is None else len(histories))
        if history is not None:
            histories.append(history)
    pairs = pairs.with_columns(pl.Series("_pair", found, dtype=pl.Int64))
    legs = legs.join(pairs, on=["suspect", "country"], how="inner", nulls_equal=False)
    legs = legs.filter(pl.col("_pair").is_not_null())
    # The segment each first and last day falls in: a join on the latest start before it.
    segments = pl.DataFrame(
        [(p, start, i) for p, h in enumerate(histories) for i, start in enumerate(h.starts)],
        schema={"_pair": pl.Int64, "_start": pl.Date, "_i": pl.Int64},
        orient="row",
    ).sort("_start")
    for day, index in (("_first", "_i0"), ("_last", "_i1")):
        legs = (
            legs.sort(day)
            .join_asof(
                segments,
                left_on=day,
                right_on="_start",
                by="_pair",
                strategy="backward",
                check_sortedness=False,  # both are sorted on the day, just above
            )
            .rename({"_i": index})
            .drop("_start")
        )
    return legs.sort("_pos").select(
        "_pos", "_pair", "_first", "_last", "_kind", "_i0", "_i1"
    ), histories


def _kind_index(text: str) -> int | None:
    """The kind's index in KINDS, as the row path reads it; None for an unknown kind."""
    kind = text.strip().lower() or KINDS[0]
    return KINDS.index(kind) if kind in KINDS else None


def _answer(result: LegResult) -> dict[str, Any]:
    return result_fields(result)


def _gathered(answers: list[dict[str, Any]], index: Any, ours: Sequence[str]) -> Any:
    """The verdict columns: for each row, the answer its index points at."""
    import polars as pl

    columns = {
        c: pl.Series(c, [_value(a[c]) for a in answers], dtype=_polars_type(c)).gather(index)
        for c in ours
    }
    return pl.DataFrame(columns)


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
        return frame.rename(renamed).with_columns(added)
    if kind == "pandas":
        import pandas as pd

        out = frame.rename(columns=renamed)
        extra = pd.DataFrame(
            {c: added.get_column(c).to_list() for c in ours}, index=frame.index, dtype=object
        )
        return pd.concat([out, extra], axis=1)
    import pyarrow as pa

    out = frame.rename_columns([renamed.get(c, c) for c in columns])
    for c in ours:
        out = out.append_column(c, pa.array(added.get_column(c).to_list(), type=_arrow_type(c)))
    return out


_BOOLEAN = frozenset({"obliged"})


def _polars_type(column: str) -> Any:
    import polars as pl

    return pl.Boolean if column in _BOOLEAN else pl.String


def _arrow_type(column: str) -> Any:
    import pyarrow as pa

    return pa.bool_() if column in _BOOLEAN else pa.string()
