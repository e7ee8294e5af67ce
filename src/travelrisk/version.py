"""The version of travelrisk: one place, read by the build (pyproject.toml) and by receipts."""

__version__ = "0.1.0"
