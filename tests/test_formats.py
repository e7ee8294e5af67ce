"""Every format a command offers in --help has a formatter, and that formatter writes that format.

After pip-audit's `OutputFormatChoice` test: the commands are found by walking the click group,
not listed by hand, so a new command or a new --format choice is checked without editing this.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from travelrisk.cli import main
from travelrisk.present.formats import Format, Formatters, tables

ROOT = Path(__file__).resolve().parent.parent
ITINERARY = ROOT / "tests" / "fixtures" / "itineraries" / "netanyahu_budapest.csv"


def walk(command: click.Command, path: tuple[str, ...] = ()) -> Iterator[tuple[str, click.Command]]:
    """Every command and subcommand under `command`, by its path ("data export periods")."""
    if path:
        yield " ".join(path), command
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None, name
            yield from walk(sub, (*path, name))


def offered(command: click.Command) -> tuple[str, ...] | None:
    """The choices of the command's --format option, as --help lists them (None: it has none)."""
    for param in command.params:
        if isinstance(param, click.Option) and "--format" in param.opts:
            assert isinstance(param.type, click.Choice)
            return tuple(str(c) for c in param.type.choices)
    return None


COMMANDS = dict(walk(main))
WITH_FORMAT = {path: formats for path, c in COMMANDS.items() if (formats := offered(c))}


def test_the_walk_finds_the_commands() -> None:
    assert {"check", "where", "batch", "data info", "data export periods"} <= set(WITH_FORMAT)
    assert "map" in COMMANDS and "map" not in WITH_FORMAT  # its format is its file's extension


@pytest.mark.parametrize("path", sorted(WITH_FORMAT))
def test_every_offered_format_has_a_formatter(path: str) -> None:
    table = tables().get(path)
    assert table is not None, f"`{path}` offers --format but declares no Formatters table"
    for name in WITH_FORMAT[path]:
        fmt = Format(name)  # every choice is a member of the one enum
        assert callable(table[fmt]), f"`{path} --format {name}` has no formatter"
    assert {f.value for f in table.formats} == set(WITH_FORMAT[path]), (
        f"`{path}` has formatters for formats its --format does not offer"
    )


def test_every_table_belongs_to_a_command() -> None:
    assert set(tables()) == set(WITH_FORMAT)


def test_a_table_refuses_a_second_formatter_for_a_format_and_a_second_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from travelrisk.present import formats

    monkeypatch.setattr(formats, "_TABLES", dict(formats._TABLES))  # this table is forgotten
    table: Formatters[str, str] = Formatters("test: a command that exists only here")
    table.register(Format.TEXT)(str.upper)
    with pytest.raises(ValueError, match="two formatters for text"):
        table.register(Format.TEXT)(str.lower)
    with pytest.raises(ValueError, match="declared twice"):
        Formatters("test: a command that exists only here")
    with pytest.raises(KeyError):
        table[Format.JSON]
    with pytest.raises(ValueError):
        table["yaml"]  # not a format at all


# -- each formatter writes its format ---------------------------------------------------------
# A run of each command: on a release of the data holding only Putin's warrant (so that the
# periods table is small), for a day on which the answers are known.
SAMPLES: dict[str, list[str]] = {
    "check": ["check", "putin", "FR", "MN", "--on", "2025-01-01"],
    "where": ["where", "putin", "--on", "2025-01-01"],
    "timeline": ["timeline", "putin", "UA"],
    "countries": ["countries", "--on", "2025-01-01"],
    "suspects": ["suspects", "--on", "2025-01-01"],
    "show": ["show", "putin"],
    "changes": ["changes", "--since", "2024-01-01"],
    "route": ["route", "putin", "VKO", "UBN", "--on", "2024-09-02"],
    "batch": ["batch", str(ITINERARY)],
    "data info": ["data", "info"],
    "data diff": ["data", "diff", "{release}"],
    "data validate": ["data", "validate"],
    "data export periods": ["data", "export", "periods"],
}
BINARY = {Format.XLSX: ".xlsx", Format.PARQUET: ".parquet"}  # written to -o FILE


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled data with only Putin's warrant (and no finding about anyone else)."""
    folder = tmp_path_factory.mktemp("putin-only")
    for path in (ROOT / "data").glob("*.yaml"):
        (folder / path.name).write_bytes(path.read_bytes())
    for stem, top, keep in (
        ("warrants", "suspects", lambda r: r["id"] == "putin"),
        ("compliance", "findings", lambda r: r.get("suspect") == "putin"),
    ):
        doc = yaml.safe_load((folder / f"{stem}.yaml").read_text("utf-8"))
        doc[top] = [r for r in doc[top] if keep(r)]
        (folder / f"{stem}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
    return folder


def _json(text: str) -> object:
    value = json.loads(text)
    assert isinstance(value, dict | list)
    return value


def _geojson(text: str) -> None:
    assert json.loads(text)["type"] == "FeatureCollection"


def _csv(text: str) -> None:
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows[0]) >= 2 and all(len(r) == len(rows[0]) for r in rows)


def _markdown(text: str) -> None:
    assert re.search(r"^\|.*\|$", text, re.M) and re.search(r"^\|( ?-{3,} ?\|)+$", text, re.M)


def _atom(text: str) -> None:
    assert ET.fromstring(text.encode("utf-8")).tag == "{http://www.w3.org/2005/Atom}feed"


def _jsonl(text: str) -> None:
    lines = text.splitlines()
    assert lines and all(isinstance(json.loads(line), dict) for line in lines)


def _text(text: str) -> None:
    assert text.strip() and text.lstrip()[0] not in "[{<|"
    with pytest.raises(ValueError):
        json.loads(text)


def _xlsx(content: bytes) -> None:
    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet is not None and len(list(sheet.iter_rows())) >= 2


def _parquet(content: bytes) -> None:
    assert content[:4] == content[-4:] == b"PAR1"


LOOKS_RIGHT: dict[Format, Callable[..., object]] = {
    Format.TEXT: _text,
    Format.JSON: _json,
    Format.CSV: _csv,
    Format.MARKDOWN: _markdown,
    Format.GEOJSON: _geojson,
    Format.ATOM: _atom,
    Format.JSONL: _jsonl,
    Format.XLSX: _xlsx,
    Format.PARQUET: _parquet,
}


def test_every_format_has_a_check_here() -> None:
    assert set(LOOKS_RIGHT) == set(Format)


def test_every_command_with_a_format_has_a_sample_run() -> None:
    assert set(SAMPLES) == set(WITH_FORMAT)


def run_as(path: str, fmt: str, release: Path, tmp_path: Path) -> tuple[int, bytes, str]:
    args = [a.replace("{release}", str(release)) for a in SAMPLES[path]]
    out = None
    if Format(fmt) in BINARY:
        out = tmp_path / f"out{BINARY[Format(fmt)]}"
        args += ["-o", str(out)]
    result = CliRunner(env={"COLUMNS": "80"}).invoke(
        main, ["--release", str(release), *args, "--format", fmt]
    )
    content = out.read_bytes() if out is not None else result.stdout_bytes
    return result.exit_code, content, result.stderr


@pytest.mark.parametrize(
    "path,fmt", [(path, fmt) for path, formats in sorted(WITH_FORMAT.items()) for fmt in formats]
)
def test_each_formatter_writes_its_format(
    path: str, fmt: str, release: Path, tmp_path: Path
) -> None:
    if path == "route":
        pytest.importorskip("shapely")
    code, content, err = run_as(path, fmt, release, tmp_path)
    assert code in (0, 1, 3), err  # 3: the batch sample has no error rows, but may one day
    check = LOOKS_RIGHT[Format(fmt)]
    check(content if Format(fmt) in BINARY else content.decode("utf-8"))


@pytest.mark.parametrize("path", ["check", "where", "changes", "countries"])
def test_each_format_of_a_command_is_its_own(path: str, release: Path, tmp_path: Path) -> None:
    outputs = [run_as(path, fmt, release, tmp_path)[1] for fmt in WITH_FORMAT[path]]
    assert len(set(outputs)) == len(outputs)
