"""The routes extra: a clear one-line error where it is missing."""

from __future__ import annotations

from travelrisk.errors import TravelriskError


class MissingExtra(TravelriskError):
    """The routes extra is not installed."""


def require() -> None:
    """Raise MissingExtra naming what is missing, unless shapely, pyproj and airportsdata import."""
    from importlib.util import find_spec

    missing = [m for m in ("shapely", "pyproj", "airportsdata") if find_spec(m) is None]
    if missing:
        raise MissingExtra(
            f"routes need {', '.join(missing)}: install the routes extra with "
            "pip install '.[routes]' (from a checkout)"
        )
