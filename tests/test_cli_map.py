"""`travelrisk map` through click's CliRunner: files written, formats, the missing extra."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from cli_run import run

from travelrisk.data.dataset import Dataset
from travelrisk.present import worldmap


@pytest.fixture
def extra() -> None:
    pytest.importorskip("pygal")
    pytest.importorskip("pygal_maps_world.maps")


def test_writes_an_svg_with_every_place(extra: None, ds: Dataset, tmp_path: Path) -> None:
    out = tmp_path / "putin.svg"
    code, stdout, err = run("map", "putin", "--on", "2026-11-26", "-o", str(out))
    assert code == 0 and stdout == ""
    assert err.startswith(f"wrote {out}: obliged ") and err.count("\n") == 1
    svg = out.read_text(encoding="utf-8")
    assert set(worldmap.drawn_codes(svg)) == {p.code for p in ds.places()}


def test_svg_to_standard_output(extra: None) -> None:
    code, stdout, err = run("map", "deif", "--on", "2026-11-26", "-o", "-")
    assert code == 0 and err == ""
    assert stdout.startswith("<svg") and stdout.rstrip().endswith("</svg>")


def test_png_when_a_converter_is_installed(extra: None, tmp_path: Path) -> None:
    try:
        import cairosvg  # noqa: F401
    except ImportError:
        if shutil.which("rsvg-convert") is None:
            pytest.skip("neither cairosvg nor rsvg-convert is installed")
    out = tmp_path / "putin.png"
    code, _, _ = run("map", "putin", "--on", "2026-11-26", "-o", str(out))
    assert code == 0 and out.read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize(
    "args, fragment",
    [
        (("map", "putin", "-o", "putin.pdf"), "give a file ending in .svg or .png"),
        (("map", "nobody-at-all", "-o", "x.svg"), "no public ICC arrest warrant matches"),
        (("map", "putin", "--on", "2025-13-01", "-o", "x.svg"), "expected YYYY-MM-DD"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    extra: None,
    args: tuple[str, ...],
    fragment: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(*args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and fragment in err
    assert not list(tmp_path.iterdir())  # nothing written


def test_unwritable_output_exits_2(extra: None, tmp_path: Path) -> None:
    code, _, err = run("map", "putin", "-o", str(tmp_path / "missing" / "x.svg"))
    assert code == 2 and "cannot write" in err and err.count("\n") == 1


def test_output_is_required() -> None:
    code, _, err = run("map", "putin")
    assert code == 2 and "-o" in err


def test_missing_extra_says_how_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "pygal", None)
    code, out, err = run("map", "putin", "-o", str(tmp_path / "x.svg"))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "pip install '.[map]'" in err
    assert "Traceback" not in err


def test_html_to_standard_output_writes_no_file(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    code, out, err = run("map", "putin", "--on", "2025-01-01", "--html", "-")
    assert code == 0 and out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")
    assert list(tmp_path.iterdir()) == [] and err == ""
