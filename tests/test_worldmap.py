"""The world map: every place drawn, coloured by verdict, self-contained. Needs the map extra."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from travelrisk.data.dataset import Dataset
from travelrisk.law.model import Status
from travelrisk.present import worldmap
from travelrisk.present.where import Overview, summarise

DAY = date(2026, 11, 26)
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def extra() -> None:
    pytest.importorskip("pygal")
    pytest.importorskip("pygal_maps_world.maps")


@pytest.fixture(scope="module")
def putin(ds: Dataset) -> Overview:
    return summarise(ds.where("putin", DAY))


@pytest.fixture(scope="module")
def putin_svg(extra: None, putin: Overview) -> str:
    return worldmap.render_svg(putin)


def test_every_place_the_data_knows_is_drawn_once_in_one_colour(
    ds: Dataset, putin: Overview, putin_svg: str
) -> None:
    drawn = worldmap.drawn_codes(putin_svg)
    assert set(drawn) == {p.code for p in ds.places()}
    for code, fills in drawn.items():
        assert fills == {worldmap.COLOURS[putin.status_of(code)]}, code
    # The installed base map has every place but the UK's Sovereign Base Areas on Cyprus (XS),
    # which it does not outline: they are listed in the box, coloured as any other place.
    root = ET.fromstring(putin_svg)
    box = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "not-on-base-map")
    assert [t.text for t in box.iter(f"{SVG}text")] == ["Not on this base map:", "XS"]


@pytest.mark.parametrize(
    "code, status",
    [
        ("FR", Status.OBLIGED),
        ("US", Status.NOT_OBLIGED),
        ("GL", Status.OBLIGED),
        ("HK", Status.NOT_OBLIGED),
        ("JE", Status.UNCERTAIN),
    ],
)
def test_known_places_have_their_verdicts_colour(
    putin: Overview, putin_svg: str, code: str, status: Status
) -> None:
    assert putin.status_of(code) is status
    assert worldmap.drawn_codes(putin_svg)[code] == {worldmap.COLOURS[status]}


def test_small_places_are_markers_on_top(putin_svg: str) -> None:
    root = ET.fromstring(putin_svg)
    layer = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "markers")
    codes = {(c.get("class") or "").split()[1] for c in layer.iter(f"{SVG}circle")}
    assert {"hk", "je", "gg", "mc", "va", "xk", "mt", "sg"} <= codes
    assert "fr" not in codes and "us" not in codes
    # drawn after every country, so no neighbour hides them
    countries = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "countries")
    parent = next(p for p in root.iter() if countries in list(p))
    assert list(parent).index(layer) > list(parent).index(countries)


def test_the_svg_is_self_contained(putin_svg: str) -> None:
    root = ET.fromstring(putin_svg)  # well-formed
    assert root.get("width") == "1200" and root.get("height") == "760"
    lowered = putin_svg.lower()
    for banned in ("<script", "<!--", "@import", "url(", "<?xml-stylesheet", "metadata", "c2pa"):
        assert banned not in lowered, banned
    addresses = set(re.findall(r"https?://[^\s\"'<>)]+", putin_svg))
    assert addresses <= {worldmap.SVG_NS, worldmap.XLINK_NS}
    assert not re.search(r"href=\"(?!#)", putin_svg)


def test_title_names_suspect_day_and_data_date(ds: Dataset, putin_svg: str) -> None:
    root = ET.fromstring(putin_svg)
    shown = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "Vladimir Vladimirovich Putin" in shown and "2026-11-26" in shown
    assert f"data as of {ds.as_of}" in shown


def test_legend_has_every_verdict_with_its_count_and_colour(
    putin: Overview, putin_svg: str
) -> None:
    root = ET.fromstring(putin_svg)
    shown = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    for status in worldmap.STATUS_ORDER:
        assert worldmap.legend_label(putin, status) in shown
    assert f"Obliged to arrest: {putin.count(Status.OBLIGED)} (party" in shown
    boxes = [r for r in root.iter(f"{SVG}rect") if "color-" in (r.get("class") or "")]
    fills = {m.group(1) for r in boxes if (m := re.search(r"fill:(#\w+)", r.get("style") or ""))}
    assert fills == set(worldmap.COLOURS.values())


def test_tooltips_name_the_place_and_verdict(putin_svg: str) -> None:
    root = ET.fromstring(putin_svg)
    titles = {t.text for t in root.iter(f"{SVG}title")}
    assert "France (FR): obliged to arrest (party)" in titles
    assert "Jersey (JE): uncertain" in titles


def test_no_live_warrant_is_grey_everywhere(extra: None, ds: Dataset) -> None:
    svg = worldmap.render_svg(summarise(ds.where("deif", DAY)))
    colours = {c for fills in worldmap.drawn_codes(svg).values() for c in fills}
    assert colours == {worldmap.COLOURS[Status.NO_LIVE_WARRANT]}


def test_output_is_small_and_the_same_every_time(putin: Overview, putin_svg: str) -> None:
    assert len(putin_svg.encode()) < 300_000  # the base map alone is over 1 MB
    assert worldmap.render_svg(putin) == putin_svg


def test_places_missing_from_the_base_map_are_shown_in_a_box(extra: None, putin: Overview) -> None:
    # A base map without France or Kosovo: both must still appear, never dropped.
    base = worldmap.base_map()
    svg = re.sub(r'<g class="(fr|xk) country map-element">.*?</g>', "", base.svg, flags=re.S)
    assert 'class="fr country' not in svg
    shapes = {code: s for code, s in base.shapes.items() if code not in ("FR", "XK")}
    svg = worldmap.render_svg(putin, base=base._replace(svg=svg, shapes=shapes))
    drawn = worldmap.drawn_codes(svg)
    assert {"FR", "XK"} <= set(drawn)
    assert drawn["FR"] == {worldmap.COLOURS[Status.OBLIGED]}
    root = ET.fromstring(svg)
    box = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "not-on-base-map")
    labels = [t.text for t in box.iter(f"{SVG}text")]
    assert labels == ["Not on this base map:", "FR", "XK", "XS"]


def test_the_shipped_base_map_knows_every_shape(ds: Dataset) -> None:
    base = worldmap.base_map()  # no pygal needed to read it
    assert {p.code for p in ds.places()} - set(base.shapes) == {"XS"}  # see the box, above
    france = base.shapes["FR"]
    assert france.box is not None and france.marker is None
    assert worldmap.marker_position(france) is None
    assert worldmap.marker_position(base.shapes["JE"]) is not None


def test_missing_extra_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pygal", None)
    with pytest.raises(worldmap.MissingExtra) as caught:
        worldmap.require()
    assert "pip install '.[map]'" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_png_when_a_converter_is_installed(putin_svg: str) -> None:
    import shutil

    try:
        import cairosvg  # noqa: F401
    except ImportError:
        if shutil.which("rsvg-convert") is None:
            pytest.skip("neither cairosvg nor rsvg-convert is installed")
    assert worldmap.to_png(putin_svg, width=400).startswith(b"\x89PNG\r\n\x1a\n")


def test_credit_line_gives_the_day_and_the_data_date(ds: Dataset, putin_svg: str) -> None:
    assert f"Duties to arrest on {DAY}, from travelrisk data as of {ds.as_of}" in putin_svg
    assert "uncoloured-note" not in putin_svg


def test_when_no_place_is_coloured_the_map_says_why(extra: None, ds: Dataset) -> None:
    ov = summarise(ds.where("duterte", DAY))
    svg = worldmap.render_svg(ov)
    root = ET.fromstring(svg)
    [note] = [g for g in root.iter(f"{SVG}g") if g.get("class") == "uncoloured-note"]
    text = " ".join(t.text or "" for t in note.iter(f"{SVG}text"))
    assert text.startswith(f"No place is coloured: no live warrant on {DAY}")
    surrendered = next(e for e in ds.suspect("duterte").events if e.type == "surrendered")
    assert f"surrendered {surrendered.date}" in text


def test_caribbean_markers_are_spread_out_in_a_labelled_inset(
    putin: Overview, putin_svg: str
) -> None:
    root = ET.fromstring(putin_svg)
    [inset] = [g for g in root.iter(f"{SVG}g") if g.get("class") == "caribbean-inset"]
    circles = list(inset.iter(f"{SVG}circle"))
    codes = [(c.get("class") or "").split()[1].upper() for c in circles]
    assert {"AG", "KN", "DM", "LC", "VC", "GD", "BB", "TT", "PR", "JM"} <= set(codes)
    labels = {t.text for t in inset.iter(f"{SVG}text")}
    assert "Caribbean" in labels and set(codes) <= labels
    for c, code in zip(circles, codes, strict=True):
        assert worldmap.COLOURS[putin.status_of(code)] in (c.get("style") or "")
    # No two inset markers overlap.
    spots = [(float(c.get("cx") or 0), float(c.get("cy") or 0)) for c in circles]
    for i, (x, y) in enumerate(spots):
        for u, v in spots[i + 1 :]:
            assert (x - u) ** 2 + (y - v) ** 2 >= (2 * worldmap.MARKER_RADIUS) ** 2
