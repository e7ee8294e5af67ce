"""Re-screening after a data update: the legs whose answer differs under older data.

Each leg is checked twice, by the same checker as `batch`, once against each dataset. A leg is
reported when its status, basis, days or error differ; it comes out as the current answer with
the older one beside it, in columns named `old_*`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from travelrisk.batch.legs import Leg, LegResult
    from travelrisk.data.dataset import Dataset

# The older answer's columns, added after the input's own.
OLD_COLUMNS = ("old_status", "old_basis", "old_from", "old_until", "old_reason")


def differences(
    legs: Iterable[Leg | Mapping[str, Any]], current: Dataset, older: Dataset
) -> Iterator[tuple[LegResult, LegResult]]:
    """(current answer, older answer) for each leg whose answer differs, lazily and in order."""
    from travelrisk.batch.legs import checker_for

    now, then = checker_for(current), checker_for(older)
    for position, leg in enumerate(legs, 1):
        new = now.check(leg, position)
        old = then.check(leg, position)
        if _answer(new) != _answer(old):
            yield new, old


def _answer(r: LegResult) -> tuple[object, ...]:
    return (r.status, r.basis, r.from_, r.until, r.error)


def with_old_answer(new: LegResult, old: LegResult) -> LegResult:
    """`new`, its leg carrying the older answer as extra input columns (see OLD_COLUMNS)."""
    from travelrisk.batch.legs import widened

    extra = (
        old.status,
        ";".join(b.value for b in old.basis),
        old.from_.isoformat() if old.from_ else "",
        old.until.isoformat() if old.until else "",
        old.error or old.explanation,
    )
    return widened(new, OLD_COLUMNS, extra)
