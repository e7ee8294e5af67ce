"""The HTML map in a real browser: headless Chromium sets the slider and we read pixel colours.

The slider is set through the page's `#date=YYYY-MM-DD` fragment, which the page's script reads
into the slider element before recolouring (the same code path as moving the slider). Each
screenshot is checked at a point well inside France, Ukraine, Mongolia and the United States,
found from the map's own outlines. Skipped, with a message, where no `chromium` is installed.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from datetime import date
from pathlib import Path

import pytest

from travelrisk.data.dataset import Dataset
from travelrisk.law.model import Status
from travelrisk.present import htmlmap, worldmap


def _path_rings(d: str | None) -> list[list[tuple[float, float]]]:
    """The outline's rings, read by the base map's build tool (tools/build_base_map.py)."""
    from tool_modules import tool

    return list(tool("build_base_map").path_rings(d or ""))


WIDTH, HEIGHT = 1400, 1000
LAST = date(2026, 11, 26)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed (apt-get install chromium; .ci/run installs it)",
)


def read_png(data: bytes) -> tuple[int, int, int, bytes]:
    """(width, height, bytes per pixel, raw rows) of an 8-bit, non-interlaced RGB(A) PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    height = channels = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and interlace == 0 and colour in (2, 6)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
    raw = zlib.decompress(idat)
    stride = width * channels
    out = bytearray()
    prev = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 255
        out += line
        prev = line
    return width, height, channels, bytes(out)


def pixel(png: tuple[int, int, int, bytes], x: int, y: int) -> str:
    width, _, channels, raw = png
    at = (y * width + x) * channels
    return "#{:02X}{:02X}{:02X}".format(*raw[at : at + 3])


def inside(ring: list[tuple[float, float]], x: float, y: float) -> bool:
    hit = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            hit = not hit
    return hit


def deep_point(code: str) -> tuple[int, int]:
    """A screen pixel well inside the largest outline of `code`, from the base map's geometry."""
    import xml.etree.ElementTree as ET

    base = worldmap.base_map()
    root = ET.fromstring(base.svg)
    group = next(
        g
        for g in root.iter(f"{{{worldmap.SVG_NS}}}g")
        if (g.get("class") or "").split()[:1] == [code.lower()]
    )
    rings = [r for p in group.iter(f"{{{worldmap.SVG_NS}}}path") for r in _path_rings(p.get("d"))]

    def area(r: list[tuple[float, float]]) -> float:
        return (
            abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(r, r[1:] + r[:1], strict=True))) / 2
        )

    ring = max(rings, key=area)
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    best, best_at = -1.0, (0.0, 0.0)
    for i in range(1, 40):
        for j in range(1, 40):
            x = min(xs) + (max(xs) - min(xs)) * i / 40
            y = min(ys) + (max(ys) - min(ys)) * j / 40
            if inside(ring, x, y):
                clearance = min((x - px) ** 2 + (y - py) ** 2 for px, py in ring)
                if clearance > best:
                    best, best_at = clearance, (x, y)
    vx, vy, vw, _ = base.view_box
    scale = WIDTH / vw
    return round((best_at[0] - vx) * scale), round((best_at[1] - vy) * scale)


def screenshot(page: Path, day: str, out: Path) -> tuple[int, int, int, bytes]:
    assert CHROMIUM is not None
    done = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            "--virtual-time-budget=5000",
            f"--user-data-dir={out.parent / 'profile'}",
            f"--screenshot={out}",
            f"--window-size={WIDTH},{HEIGHT}",
            f"{page.as_uri()}#date={day}",
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0 and out.exists(), done.stderr.decode()[-2000:]
    return read_png(out.read_bytes())


@pytest.fixture(scope="module")
def page(ds: Dataset, tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("pygal_maps_world.maps")
    path = tmp_path_factory.mktemp("browser") / "putin.html"
    path.write_text(htmlmap.render_html(ds, "putin", LAST), encoding="utf-8")
    return path


def test_slider_dates_recolour_known_places(ds: Dataset, page: Path) -> None:
    putin = ds.suspect("putin")
    issued = putin.first_issued
    ua = ds.timeline("putin", "UA", issued, LAST)
    # Ukraine: obliged from its declaration (as soon as the warrant exists), party from accession.
    assert ua[0].status is Status.OBLIGED and ua[0].basis.value == "declaration"
    accession = ds.states["UA"].entry_into_force
    assert accession is not None and issued is not None
    before_accession = date.fromordinal(accession.toordinal() - 1)
    days = [issued, before_accession, LAST]
    points = {code: deep_point(code) for code in ("FR", "UA", "MN", "US")}
    obliged, not_obliged = worldmap.COLOURS[Status.OBLIGED], worldmap.COLOURS[Status.NOT_OBLIGED]
    expected = {"FR": obliged, "UA": obliged, "MN": obliged, "US": not_obliged}
    # Places whose colour changes over the span, so that the page is seen to recolour (the
    # colours written into the page are those of the last day).
    changing = [
        c
        for c in ("AM", "HU")
        if ds.check("putin", c, issued).status is not ds.check("putin", c, LAST).status
    ]
    assert changing, "no place changes colour between the warrant's issue and the last day"
    for day in days:
        png = screenshot(page, day.isoformat(), page.parent / f"putin-{day}.png")
        for code, (x, y) in points.items():
            # The facts the issue names, and the engine's verdict for the day, agree on screen.
            assert worldmap.COLOURS[ds.check("putin", code, day).status] == expected[code]
            assert pixel(png, x, y) == expected[code], (code, day, x, y)
        for code in changing:
            colour = worldmap.COLOURS[ds.check("putin", code, day).status]
            assert pixel(png, *deep_point(code)) == colour, (code, day)


def test_a_day_with_no_live_warrant_is_grey_with_a_note(ds: Dataset, tmp_path: Path) -> None:
    pytest.importorskip("pygal_maps_world.maps")
    page = tmp_path / "duterte.html"
    page.write_text(htmlmap.render_html(ds, "duterte", LAST), encoding="utf-8")
    png = screenshot(page, LAST.isoformat(), tmp_path / "duterte.png")
    grey = worldmap.COLOURS[Status.NO_LIVE_WARRANT]
    for code in ("FR", "US", "MN"):
        assert pixel(png, *deep_point(code)) == grey
    # The same page on the day of the warrant colours France as obliged.
    issued = ds.suspect("duterte").first_issued
    assert issued is not None
    png = screenshot(page, issued.isoformat(), tmp_path / "duterte-issued.png")
    assert pixel(png, *deep_point("FR")) == worldmap.COLOURS[Status.OBLIGED]
