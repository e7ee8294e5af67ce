"""`travelrisk route --map`: the route drawn on the world map of `travelrisk map`.

The base map (pygal's world map) is in the Robinson projection centred on 12°E: fitted to
Natural Earth's outlines of 150 places, the map's x and y are an affine function of Robinson's
(median error about 1 map unit, a tenth of a degree). The track is projected so, and cut where
it crosses the map's edge (168°W).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from travelrisk.batch.routes.route import Route
from travelrisk.present import worldmap
from travelrisk.present.where import summarise

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from travelrisk.data.dataset import Dataset

PROJECTION = "+proj=robin +lon_0=12 +ellps=WGS84"
SCALE_X, OFFSET_X = 8.0845e-05, 1361.60  # map x = SCALE_X * Robinson x + OFFSET_X
SCALE_Y, OFFSET_Y = -8.0488e-05, 759.17
SVG = f"{{{worldmap.SVG_NS}}}"


def project(lats: list[float], lons: list[float]) -> list[tuple[float, float]]:
    """Map units for each point."""
    from pyproj import Transformer

    t = Transformer.from_proj("EPSG:4326", PROJECTION, always_xy=True)
    xs, ys = t.transform(lons, lats)
    return [(SCALE_X * x + OFFSET_X, SCALE_Y * y + OFFSET_Y) for x, y in zip(xs, ys, strict=True)]


def route_svg(r: Route, ds: Dataset) -> str:
    """The world map coloured for the route's suspect and day, with the track on top."""
    svg = worldmap.render_svg(summarise(ds.where(r.suspect.id, r.on)))
    step = max(1, len(r.track.km) // 2000)
    xy = project(
        list(r.track.lats[::step]) + [float(r.track.lats[-1])],
        list(r.track.lons[::step]) + [float(r.track.lons[-1])],
    )
    width = worldmap.base_map().view_box[2]
    parts: list[list[tuple[float, float]]] = [[xy[0]]]
    for a, b in zip(xy, xy[1:], strict=False):
        if abs(b[0] - a[0]) > width / 2:  # over the map's edge
            parts.append([])
        parts[-1].append(b)
    stops = project([p.lat for p in r.points], [p.lon for p in r.points])

    def draw(map_svg: Element) -> None:
        layer = ET.SubElement(map_svg, f"{SVG}g", {"class": "route"})
        ET.SubElement(
            layer, f"{SVG}title"
        ).text = f"Route of {r.suspect.name} on {r.on}: {r.length_km:,.0f} km"
        for part in parts:
            if len(part) > 1:
                ET.SubElement(
                    layer,
                    f"{SVG}polyline",
                    {
                        "points": " ".join(f"{x:.1f},{y:.1f}" for x, y in part),
                        "style": "fill:none;stroke:#000000;stroke-width:3;stroke-linejoin:round",
                    },
                )
        for p, (x, y) in zip(r.points, stops, strict=True):
            dot = ET.SubElement(
                layer,
                f"{SVG}circle",
                {
                    "cx": f"{x:.1f}",
                    "cy": f"{y:.1f}",
                    "r": "6",
                    "style": "fill:#FFFFFF;stroke:#000000;stroke-width:2.5",
                },
            )
            ET.SubElement(dot, f"{SVG}title").text = p.airport.label if p.airport else p.text

    return worldmap.with_overlay(svg, draw)
