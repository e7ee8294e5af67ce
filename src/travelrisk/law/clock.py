"""The one place travelrisk reads today's date, and the one strict reading of a date's text."""

from __future__ import annotations

import re
from datetime import date

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def today() -> date:
    return date.today()


def iso_day(text: str) -> date | None:
    """The day a YYYY-MM-DD string names, or None for any other text: not 2025-1-1, 20250101,
    2025-W01-1 or " 2025-01-01 "."""
    if len(text) == 10 and _ISO_DAY.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    return None
