"""The explorable HTML map: its table comes from the engine's periods, and the page is safe."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from cli_run import run

import travelrisk
from travelrisk.data.dataset import Dataset
from travelrisk.present import htmlmap, worldmap

LAST = date(2026, 11, 26)


@pytest.fixture(scope="module")
def extra() -> None:
    pytest.importorskip("pygal")
    pytest.importorskip("pygal_maps_world.maps")


@pytest.fixture(scope="module")
def table(ds: Dataset) -> dict[str, object]:
    return htmlmap.map_table(ds, "putin", LAST)


@pytest.fixture(scope="module")
def page(extra: None, ds: Dataset) -> str:
    return htmlmap.render_html(ds, "putin", LAST)


def embedded(page: str) -> dict[str, object]:
    found = re.search(r'<script type="application/json" id="map-data">(.*?)</script>', page, re.S)
    assert found
    data: dict[str, object] = json.loads(found.group(1))
    return data


def test_span_is_the_warrant_from_issue_to_the_last_day(ds: Dataset, table: dict) -> None:
    assert table["from"] == ds.suspect("putin").first_issued.isoformat()
    assert table["to"] == LAST.isoformat()


def test_every_place_has_periods_that_tile_the_span(ds: Dataset, table: dict) -> None:
    assert set(table["places"]) == {p.code for p in ds.places()}
    for place in table["places"].values():
        periods = place["periods"]
        assert periods[0]["from"] == table["from"] and periods[-1]["to"] == table["to"]
        for a, b in zip(periods, periods[1:], strict=False):
            assert (
                date.fromisoformat(a["to"]).toordinal() + 1
                == date.fromisoformat(b["from"]).toordinal()
            )


@pytest.mark.parametrize("code", ["FR", "UA", "MN", "US", "HU", "TJ"])
@pytest.mark.parametrize("day", ["2023-03-17", "2024-09-03", "2025-01-01", "2026-11-26"])
def test_table_agrees_with_check_on_every_day(
    ds: Dataset, table: dict, code: str, day: str
) -> None:
    verdict = ds.check("putin", code, day)
    assert htmlmap.status_on(table["places"][code]["periods"], day) == verdict.status.value
    period = next(p for p in table["places"][code]["periods"] if p["from"] <= day <= p["to"])
    assert period["source"] == verdict.sources[0].title


def test_ukraine_changes_basis_on_accession(ds: Dataset, table: dict) -> None:
    periods = table["places"]["UA"]["periods"]
    accession = ds.states["UA"].entry_into_force
    assert [p["basis"] for p in periods] == ["art. 12(3) declaration", "State party"]
    assert periods[1]["from"] == accession.isoformat()


def test_page_is_self_contained(page: str) -> None:
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "@import" not in page and "url(" not in page
    assert "default-src 'none'" in page  # the page itself forbids fetching
    assert len(page.encode()) < 400_000


def test_page_has_legend_credit_slider_and_finder(ds: Dataset, page: str) -> None:
    assert 'type="range"' in page
    for label in worldmap.LEGEND_LABEL.values():
        assert label in page
    assert f"data as of {ds.as_of}" in page
    assert page.count("<option value=") == len(ds.places()) + 1
    data = embedded(page)
    assert data["from"] == "2023-03-17"


def test_small_places_have_markers(page: str) -> None:
    for code in ("MC", "LI", "DM", "KN", "MT"):
        assert f'data-code="{code}"' in page
        assert re.search(rf'<circle[^>]*data-code="{code}"', page), code


def test_initial_colours_are_those_of_the_last_day(ds: Dataset, page: str) -> None:
    for code in ("FR", "US"):
        colour = worldmap.COLOURS[ds.check("putin", code, LAST).status]
        assert re.search(rf'data-code="{code}"[^>]*style="fill:{colour}"', page) or re.search(
            rf'style="fill:{colour}"[^>]*data-code="{code}"', page
        )


def test_no_live_warrant_note_is_in_the_table(extra: None, ds: Dataset) -> None:
    data = htmlmap.map_table(ds, "duterte", LAST)
    assert data["warrant"][0]["live"] is True
    assert data["warrant"][-1]["live"] is False and "surrendered" in data["warrant"][-1]["state"]


HOSTILE = """\
suspects:
- id: hostile
  name: "</script><script>alert(1)</script><b>&amp;"
  situation: ukraine
  warrants:
  - {crimes: []}
  events:
  - {date: 2026-11-25, type: warrant_issued}
  sources:
  - title: "</script><img src=x onerror=alert(2)>"
    url: "https://example.org/hostile"
"""


def test_hostile_names_are_escaped(extra: None, tmp_path: Path) -> None:
    (tmp_path / "warrants.yaml").write_text(HOSTILE)
    data = travelrisk.load(tmp_path)
    page = htmlmap.render_html(data, "hostile", LAST)
    assert "<script>alert" not in page and "<img" not in page and "<b>" not in page
    assert page.count("</script>") == 2  # the table's and the script's own
    table = embedded(page)
    assert table["suspect"]["name"] == "</script><script>alert(1)</script><b>&amp;"
    assert any(
        p["source"] == "</script><img src=x onerror=alert(2)>"
        for place in table["places"].values()
        for p in place["periods"]
    )


def test_script_json_escapes_markup() -> None:
    text = htmlmap.script_json({"a": "</script><!-- & >"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><!-- & >"}


def test_cli_writes_the_html_file(extra: None, tmp_path: Path) -> None:
    out = tmp_path / "putin.html"
    code, stdout, err = run("map", "putin", "--on", "2026-11-26", "--html", str(out))
    assert code == 0 and stdout == ""
    assert err.startswith(f"wrote {out}: ") and err.endswith("KiB\n")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["putin.html"]  # no temporary left


@pytest.mark.parametrize(
    "args",
    [("map", "putin"), ("map", "putin", "-o", "x.svg", "--html", "x.html")],
)
def test_cli_needs_exactly_one_output(args: tuple[str, ...]) -> None:
    code, out, err = run(*args)
    assert code == 2 and out == "" and "--html" in err and err.count("\n") == 1


def test_cli_unwritable_html(extra: None, tmp_path: Path) -> None:
    code, _, err = run("map", "putin", "--html", str(tmp_path / "missing" / "x.html"))
    assert code == 2 and "cannot write" in err and err.count("\n") == 1
