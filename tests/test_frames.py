"""`check_frame` on polars, pandas and pyarrow, and `travelrisk.dask.check` on a local cluster,
each against `check_legs` row by row on generated legs: stays, transits, overflights, bad rows,
every status."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest

import travelrisk
from travelrisk.batch.columns import result_fields
from travelrisk.batch.frames import frame_columns

pl = pytest.importorskip("polars")

SUSPECTS = ["putin", "Vladimir Putin", "netanyahu", "al-bashir", "deif", "duterte", "kony"]
SUSPECTS += ["nobody at all", "", "  "]
PLACES = ["FR", "UA", "HU", "SD", "US", "BI", "PH", "AM", "Crimea", "Germany", "Atlantis", ""]
KINDS = ["stay", "", "transit", "overflight", "Transit", "cruise"]


def generated(n: int, seed: int = 12) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        arrive = date(2000, 1, 1) + timedelta(days=rng.randrange(27 * 365))
        depart = arrive + timedelta(days=rng.choice((0, 0, 1, 3, 40, 400)))
        row = {
            "trip": f"T{i // 3}",
            "suspect": rng.choice(SUSPECTS),
            "country": rng.choice(PLACES),
            "arrive": arrive.isoformat(),
            "depart": depart.isoformat(),
            "kind": rng.choice(KINDS),
            "status": "mine",  # an input column named like a verdict column
        }
        bad = rng.random()
        if bad < 0.03:
            row["arrive"], row["depart"] = row["depart"], row["arrive"]
        elif bad < 0.06:
            row["arrive"] = "2024-02-30"
        elif bad < 0.08:
            row["depart"] = ""
        rows.append(row)
    # A few that only the suspect and day decide, to reach every status on one-day legs too;
    # the last past what the data can see (its reason gets the horizon caveat).
    for day in ("2023-03-16", "2024-01-31", "2026-06-02", "2017-10-27", "2099-06-01"):
        for who, where in (("putin", "AM"), ("netanyahu", "HU"), ("al-bashir", "BI")):
            rows.append({**rows[0], "suspect": who, "country": where})
            rows[-1]["arrive"] = rows[-1]["depart"] = day
    return rows


def expected(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    out = []
    for result in travelrisk.check_legs(rows):
        fields = result_fields(result)
        out.append(tuple(getattr(fields[c], "value", fields[c]) for c in frame_columns()))
    return out


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    return generated(3000)


def test_the_corpus_reaches_every_status(rows: list[dict[str, Any]]) -> None:
    statuses = {r[frame_columns().index("status")] for r in expected(rows)}
    assert statuses == {s.value for s in travelrisk.Status}


def _got(frame: Any) -> list[tuple[Any, ...]]:
    return list(frame.select(list(frame_columns())).iter_rows())


def test_polars_frame_matches_check_legs(rows: list[dict[str, Any]]) -> None:
    frame = pl.DataFrame(rows)
    out = travelrisk.check_frame(frame)
    assert isinstance(out, pl.DataFrame) and out.height == frame.height
    assert out.columns == [*(c if c != "status" else "input_status" for c in frame.columns)] + [
        *frame_columns()
    ]
    assert out["input_status"].to_list() == ["mine"] * frame.height  # passed through
    assert _got(out) == expected(rows)


def test_pandas_and_pyarrow_give_the_same_type_back(rows: list[dict[str, Any]]) -> None:
    pd = pytest.importorskip("pandas")
    pa = pytest.importorskip("pyarrow")
    want = expected(rows)
    frame = pd.DataFrame(rows, index=range(10, 10 + len(rows)))
    out = travelrisk.check_frame(frame)
    assert isinstance(out, pd.DataFrame) and list(out.index) == list(frame.index)
    got = list(out[list(frame_columns())].itertuples(index=False, name=None))
    assert got == want
    table = pa.Table.from_pylist(rows)
    out = travelrisk.check_frame(table)
    assert isinstance(out, pa.Table) and out.num_rows == len(rows)
    assert _got(pl.from_arrow(out)) == want


def test_typed_dates_and_a_date_column(rows: list[dict[str, Any]]) -> None:
    one_day = [
        {"suspect": r["suspect"], "country": r["country"], "date": r["arrive"]} for r in rows
    ]
    typed = [
        {**r, "date": date.fromisoformat(r["date"])} for r in one_day if r["date"] != "2024-02-30"
    ]
    frame = pl.DataFrame(typed)
    assert frame.schema["date"] == pl.Date
    assert _got(travelrisk.check_frame(frame)) == expected(typed)
    assert _got(travelrisk.check_frame(pl.DataFrame(one_day))) == expected(one_day)


def test_missing_columns_and_empty_frames() -> None:
    frame = pl.DataFrame({"who": ["putin", "netanyahu"]})
    out = travelrisk.check_frame(frame)
    assert out["status"].to_list() == ["error", "error"]
    assert out["error"][0] == next(iter(travelrisk.check_legs([{"who": "putin"}]))).error
    empty = travelrisk.check_frame(pl.DataFrame({"suspect": [], "country": [], "date": []}))
    assert empty.height == 0 and empty.columns[3:] == list(frame_columns())
    with pytest.raises(TypeError, match="polars or pandas DataFrame or a pyarrow Table"):
        travelrisk.check_frame([{"suspect": "putin"}])


def test_dask_on_a_local_cluster_matches_one_process(rows: list[dict[str, Any]]) -> None:
    pd = pytest.importorskip("pandas")
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    import travelrisk.dask

    frame = pd.DataFrame(rows)
    single = travelrisk.check_frame(frame)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster),
    ):
        ddf = dd.from_pandas(frame, npartitions=4)
        lazy = travelrisk.dask.check(ddf)
        assert list(lazy.columns) == list(single.columns)
        got = lazy.compute()
    assert list(got.index) == list(single.index)
    left = list(got.itertuples(index=False, name=None))
    assert left == list(single.itertuples(index=False, name=None))
