"""Date rules of the Rome Statute, as pure functions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

STATUTE_IN_FORCE = date(2002, 7, 1)
# The 60th instrument was deposited on 2002-04-11 (art. 126(1)).
LAST_ORIGINAL_DEPOSIT = date(2002, 4, 11)


def entry_into_force(deposit: date) -> date:
    """Art. 126: the date the Statute enters into force for a state that deposited on `deposit`.

    Instruments deposited by 2002-04-11 took effect with the Statute on 2002-07-01; later ones on
    the first day of the month after the 60th day following deposit.
    """
    if deposit <= LAST_ORIGINAL_DEPOSIT:
        return STATUTE_IN_FORCE
    sixtieth = deposit + timedelta(days=60)
    if sixtieth.month == 12:
        return date(sixtieth.year + 1, 1, 1)
    return date(sixtieth.year, sixtieth.month + 1, 1)


def withdrawal_effective(notified: date) -> date:
    """Art. 127(1): a withdrawal takes effect one year after the notification is received."""
    try:
        return notified.replace(year=notified.year + 1)
    except ValueError:  # notified on 29 February
        return date(notified.year + 1, 3, 1)


def as_date(value: Any) -> date | None:
    """A date from YAML (already a date) or from JSON (an ISO string); None if neither."""
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None
