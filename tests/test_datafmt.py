"""`travelrisk data fmt`: one canonical style, the same values, comments kept, idempotent."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from cli_run import run

from travelrisk.data import fmt as datafmt
from travelrisk.data.files import parse_yaml
from travelrisk.law.schema import FILE_STEMS

ROOT = Path(__file__).resolve().parent.parent
FLOW_START = re.compile(r"^\s*(- )?([^\s:'\"]+: )?[\[{]")  # a line that opens a flow collection


@pytest.fixture(scope="module")
def formatted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of the bundled data as it is, and another copy formatted by `data fmt`."""
    original = tmp_path_factory.mktemp("original")
    for stem in FILE_STEMS:
        shutil.copy(ROOT / "data" / f"{stem}.yaml", original / f"{stem}.yaml")
    copy = tmp_path_factory.mktemp("formatted")
    for path in original.iterdir():
        shutil.copy(path, copy / path.name)
    code, out, err = run("data", "fmt", str(copy))
    assert code == 0, err
    assert err.startswith("travelrisk: ") and "reformatted" in err
    return original, copy


def test_formatting_the_bundled_data_keeps_every_value(formatted: tuple[Path, Path]) -> None:
    original, copy = formatted
    for stem in FILE_STEMS:
        name = f"{stem}.yaml"
        before = parse_yaml(name, (original / name).read_bytes())
        after = parse_yaml(name, (copy / name).read_bytes())
        assert before == after, name


def comments(path: Path) -> list[str]:
    lines = path.read_text("utf-8").splitlines()
    return [line.strip() for line in lines if line.strip().startswith("#")]


def test_formatting_the_bundled_data_keeps_every_comment(formatted: tuple[Path, Path]) -> None:
    original, copy = formatted
    for stem in FILE_STEMS:
        name = f"{stem}.yaml"
        assert comments(original / name) == comments(copy / name), name


def test_no_flow_collection_runs_past_the_width(formatted: tuple[Path, Path]) -> None:
    """The formatted bundle (a long flow mapping becoming a block is tested on its own below)."""
    _, copy = formatted
    for stem in FILE_STEMS:
        for number, line in enumerate((copy / f"{stem}.yaml").read_text("utf-8").splitlines()):
            assert not (FLOW_START.match(line) and len(line) > datafmt.WIDTH), (stem, number)
            assert line == line.rstrip(), (stem, number)  # no space left at the end of a line


def test_formatting_is_idempotent_and_check_then_passes(formatted: tuple[Path, Path]) -> None:
    _, copy = formatted
    before = {p.name: p.read_bytes() for p in copy.iterdir()}
    assert run("data", "fmt", "--check", str(copy)) == (
        0,
        "",
        f"travelrisk: 0 of {len(FILE_STEMS)} files would be reformatted\n",
    )
    code, out, _ = run("data", "fmt", str(copy))
    assert (code, out) == (0, "")
    assert {p.name: p.read_bytes() for p in copy.iterdir()} == before


def test_the_formatted_data_gives_the_same_answers(formatted: tuple[Path, Path]) -> None:
    original, copy = formatted
    for args in (["check", "putin", "FR", "HU", "--on", "2026-06-02", "--format", "json"],):
        old = run("--release", str(original), *args)
        new = run("--release", str(copy), *args)
        assert old[0] == new[0] and old[2] == new[2]
        digest = re.compile(r'"data_digest": "[0-9a-f]{64}"')  # the bytes differ, by design
        assert digest.sub("", old[1]) == digest.sub("", new[1])


LONG_FLOW = """\
# an overlay, hand-written
suspects:
- id: someone  # keep this comment
  name: Some One
  sources:
  - {id: short-source, for: [warrants.issued]}
  - {id: a-source-with-a-long-id-indeed, for: [warrants.issued, warrants.public, events.warrant_issued, events.warrant_unsealed]}
  notes: null
"""  # noqa: E501


def test_a_long_flow_mapping_becomes_a_block_and_a_short_one_stays(tmp_path: Path) -> None:
    path = tmp_path / "warrants.yaml"
    path.write_text(LONG_FLOW, "utf-8")
    code, out, err = run("data", "fmt", str(tmp_path))
    assert code == 0, err
    assert out == f"reformatted: {path}\n"
    text = path.read_text("utf-8")
    assert "  - {id: short-source, for: [warrants.issued]}\n" in text
    assert "  - id: a-source-with-a-long-id-indeed\n    for: [warrants.issued," in text
    assert "# an overlay, hand-written\n" in text and "# keep this comment" in text
    assert "  notes: null\n" in text
    assert parse_yaml("w", text.encode()) == parse_yaml("w", LONG_FLOW.encode())


def test_check_lists_what_would_change_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "warrants.yaml"
    path.write_text(LONG_FLOW, "utf-8")
    stamp = path.stat().st_mtime_ns
    code, out, err = run("data", "fmt", "--check", str(path))
    assert (code, out) == (1, f"would reformat: {path}\n")
    assert err == "travelrisk: 1 of 1 file would be reformatted\n"
    assert path.read_text("utf-8") == LONG_FLOW and path.stat().st_mtime_ns == stamp
    assert sorted(p.name for p in tmp_path.iterdir()) == ["warrants.yaml"]


@pytest.mark.parametrize(
    "content,message",
    [
        ("suspects: [\n", "not valid YAML"),
        ("a: 1\na: 2\n", "'a'"),
        ("x: !!python/object:os.system ls\n", "constructor for the tag"),
    ],
)
def test_a_file_that_is_not_data_is_refused_and_nothing_is_written(
    tmp_path: Path, content: str, message: str
) -> None:
    good = tmp_path / "warrants.yaml"
    good.write_text(LONG_FLOW, "utf-8")
    bad = tmp_path / "states_parties.yaml"
    bad.write_text(content, "utf-8")
    code, out, err = run("data", "fmt", str(tmp_path))
    assert (code, out) == (2, "")
    assert err.startswith(f"travelrisk: cannot format {bad}: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert good.read_text("utf-8") == LONG_FLOW  # formatted only once every file can be


def test_a_rewrite_that_would_change_a_value_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "warrants.yaml"
    path.write_text(LONG_FLOW, "utf-8")
    monkeypatch.setattr(datafmt, "_rewrite", lambda text: text.replace("Some", "Any").encode())
    code, out, err = run("data", "fmt", str(path))
    assert code == 2
    assert err == f"travelrisk: {path}: formatting would change its values; left as it was\n"
    assert path.read_text("utf-8") == LONG_FLOW


@pytest.mark.parametrize("target", ["missing.yaml", "empty-folder"])
def test_a_target_that_holds_no_data_is_refused(tmp_path: Path, target: str) -> None:
    (tmp_path / "empty-folder").mkdir()
    code, out, err = run("data", "fmt", str(tmp_path / target))
    assert (code, out) == (2, "")
    assert err.startswith("travelrisk: ") and err.count("\n") == 1


def test_without_a_target_it_checks_the_data_dir_folder(tmp_path: Path) -> None:
    (tmp_path / "warrants.yaml").write_text(LONG_FLOW, "utf-8")
    code, out, _ = run("--data-dir", str(tmp_path), "data", "fmt", "--check")
    assert (code, out) == (1, f"would reformat: {tmp_path / 'warrants.yaml'}\n")


def test_the_command_imports_ruamel_only_when_it_runs() -> None:
    import subprocess
    import sys

    code = "import sys, travelrisk.cli.data; print('ruamel' in ' '.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
