"""Routes: the places a flight crosses and the airports it could divert to, with verdicts.

Needs the routes extra (shapely, pyproj, airportsdata): pip install '.[routes]' from a checkout.
Nothing here is imported by `travelrisk check`.
"""

from __future__ import annotations

from travelrisk.batch.routes.route import Airport, Crossing, Diversion, Point, Route, route

__all__ = ["Airport", "Crossing", "Diversion", "Point", "Route", "route"]
