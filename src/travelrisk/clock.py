"""The one place travelrisk reads today's date."""

from __future__ import annotations

from datetime import date


def today() -> date:
    return date.today()
