"""`travelrisk.dask.check(ddf)`: `check_frame` over every partition of a Dask DataFrame.

Needs the `[dask]` extra (dask[dataframe] and distributed). Each worker loads the bundled data
(or `data_dir`) once and checks its partitions, as one process would; the result is a Dask
DataFrame with the verdict columns added, lazily. The same as

    ddf.map_partitions(travelrisk.check_frame, meta=travelrisk.check_frame(ddf._meta))
"""

from __future__ import annotations

from typing import Any


def _check_partition(part: Any, data_dir: str | None = None) -> Any:
    from travelrisk import default_dataset, load
    from travelrisk.batch.frames import check_frame

    return check_frame(part, default_dataset() if data_dir is None else _loaded(data_dir, load))


_datasets: dict[str, Any] = {}


def _loaded(data_dir: str, load: Any) -> Any:
    found = _datasets.get(data_dir)
    if found is None:
        found = _datasets[data_dir] = load(data_dir)
    return found


def check(ddf: Any, data_dir: str | None = None) -> Any:
    """`ddf` (a Dask DataFrame of legs) with the verdict columns of `check_frame` added."""
    meta = _check_partition(ddf._meta, data_dir)
    return ddf.map_partitions(_check_partition, data_dir, meta=meta)
