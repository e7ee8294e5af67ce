"""Hostile and odd data files: each is read, or refused with one clear line, quickly and safely."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import travelrisk
from travelrisk.cli import main
from travelrisk.data import files
from travelrisk.data.files import yaml_document
from travelrisk.data.validate import Problem, check_folder

SUSPECT = """\
suspects:
- id: test-suspect
  name: Testina Madeupova
  situation: ukraine
  warrants:
  - {crimes: []}
  events:
  - {date: 2026-11-25, type: warrant_issued}
  sources:
  - title: a test
    url: https://example.org/a-test
"""


def ours(folder: Path) -> list[Problem]:
    return [p for p in check_folder(folder) if p.file.startswith(str(folder))]


def refused(folder: Path) -> str:
    """The one-line message with which both the library and the CLI refuse the overlay."""
    with pytest.raises(travelrisk.TravelriskError) as info:
        travelrisk.load(folder)
    message = str(info.value)
    assert "\n" not in message
    result = CliRunner().invoke(main, ["--data-dir", str(folder), "check", "putin", "FR"])
    assert (
        result.exit_code == 2
        and result.exception is None
        or isinstance(result.exception, SystemExit)
    )
    assert result.stdout == "" and len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.stderr
    return message


def only_problem(folder: Path) -> str:
    [problem] = ours(folder)
    assert problem.file == str(folder / "warrants.yaml")
    return problem.message


# -- odd but fine ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "content", [b"", b"# corrections to come\n# none yet\n", b"\n\n  \n", b"\xef\xbb\xbf", b"---\n"]
)
def test_an_empty_file_or_only_comments_adds_nothing(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "warrants.yaml").write_bytes(content)
    assert ours(tmp_path) == []
    ds = travelrisk.load(tmp_path)
    assert ds.overlay_changes == ()
    assert len(ds.suspects) == len(travelrisk.default_dataset().suspects)


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: b"\xef\xbb\xbf" + text.encode(),  # a byte order mark, as Notepad writes
        lambda text: text.replace("\n", "\r\n").encode(),  # Windows line endings
        lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode(),
        lambda text: text.replace("\n", "\r").encode(),  # old Mac line endings: YAML allows
    ],
)
def test_bom_and_line_endings_are_read(tmp_path: Path, encode: object) -> None:
    (tmp_path / "warrants.yaml").write_bytes(encode(SUSPECT))  # type: ignore[operator]
    assert ours(tmp_path) == []
    assert travelrisk.load(tmp_path).check("test-suspect", "FR", on="2026-11-26").obliged


def test_very_long_fields_are_fine(tmp_path: Path) -> None:
    long_name = "Testina " + "Madeupova" * 100_000  # ~1 MB on one line
    (tmp_path / "warrants.yaml").write_text(
        SUSPECT.replace("Testina Madeupova", long_name), encoding="utf-8"
    )
    start = time.perf_counter()
    ds = travelrisk.load(tmp_path)
    assert ds.suspects["test-suspect"].name == long_name
    assert time.perf_counter() - start < 10


def test_a_very_long_key_is_reported_on_one_short_line(tmp_path: Path) -> None:
    (tmp_path / "warrants.yaml").write_text(
        SUSPECT.replace("id: test-suspect", "id: " + "x" * 100_000).replace("ukraine", "mars")
    )
    [problem] = [p for p in ours(tmp_path) if p.field == "situation"]
    assert len(str(problem)) < 1000


# -- refused, with one clear line -----------------------------------------------------------------
def test_nul_bytes(tmp_path: Path) -> None:
    (tmp_path / "warrants.yaml").write_bytes(SUSPECT.replace("Testina", "Test\x00ina").encode())
    message = only_problem(tmp_path)
    assert "line 3" in message and "NUL" in message
    assert "warrants.yaml" in refused(tmp_path)


def test_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "warrants.yaml").write_bytes(SUSPECT.replace("Testina", "Côte").encode("latin-1"))
    message = only_problem(tmp_path)
    assert "not UTF-8" in message and "0xf4" in message and "save the file as UTF-8" in message
    assert "not UTF-8" in refused(tmp_path)


@pytest.mark.parametrize("depth", [150, 5_000, 200_000])
def test_deeply_nested_flow_yaml(tmp_path: Path, depth: int) -> None:
    (tmp_path / "warrants.yaml").write_text("suspects: " + "[" * depth + "]" * depth)
    start = time.perf_counter()
    message = only_problem(tmp_path)
    assert "nest" in message
    refused(tmp_path)
    assert time.perf_counter() - start < 10


def test_deeply_nested_block_yaml(tmp_path: Path) -> None:
    lines = ["suspects:"] + [" " * (i + 1) + "- " for i in range(3_000)]
    (tmp_path / "warrants.yaml").write_text("\n".join(lines))
    assert "nest" in only_problem(tmp_path)


BILLION_LAUGHS = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]
suspects: [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def test_billion_laughs_fails_fast(tmp_path: Path) -> None:
    (tmp_path / "warrants.yaml").write_text(BILLION_LAUGHS)
    start = time.perf_counter()
    message = only_problem(tmp_path)
    assert "aliases are expanded" in message
    assert "aliases are expanded" in refused(tmp_path)
    assert time.perf_counter() - start < 5


def test_a_modest_use_of_aliases_is_fine() -> None:
    doc, problems = yaml_document(b"base: &b {title: a test}\nsources: [*b, *b]\n")
    assert problems == [] and doc["sources"] == [{"title": "a test"}] * 2


@pytest.mark.parametrize("text", [b"a: &a [*a]\n", b"&a {x: *a}\n"])
def test_an_alias_that_contains_itself(text: bytes) -> None:
    doc, [problem] = yaml_document(text)
    assert doc is None and "aliases are expanded" in problem


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system ['touch {marker}']",
        "!!python/object/apply:subprocess.call [['touch', '{marker}']]",
        "!!python/object/new:os.system ['touch {marker}']",
        "!!python/name:os.system",
        "!!python/module:os",
        "!<tag:yaml.org,2002:python/object/apply:os.system> ['touch {marker}']",
    ],
)
def test_tags_that_would_build_python_objects_are_refused(tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "pwned"
    (tmp_path / "warrants.yaml").write_text(
        SUSPECT.replace("name: Testina Madeupova", "name: " + tag.format(marker=marker))
    )
    assert "constructor" in only_problem(tmp_path)
    refused(tmp_path)
    assert not marker.exists()


@pytest.mark.parametrize(
    "text, says",
    [
        ("suspects: []\n---\nsuspects: []\n", "single document"),
        ("suspects: !!int abc\n", "cannot be read"),
        ("suspects: !!float abc\n", "cannot be read"),
        ("suspects: !!timestamp abc\n", ""),  # kept as text: the shape check says what is wrong
        ("suspects: !!binary 'abc'\n", "base64"),
        ("suspects: {[1]: 2}\n", "unhashable"),
        ("suspects:\n\t- x\n", "not valid YAML"),
    ],
)
def test_other_broken_yaml(tmp_path: Path, text: str, says: str) -> None:
    (tmp_path / "warrants.yaml").write_text(text)
    assert says in only_problem(tmp_path)
    refused(tmp_path)


def test_a_folder_where_a_file_is_expected(tmp_path: Path) -> None:
    (tmp_path / "warrants.yaml").mkdir()
    assert "is a folder" in only_problem(tmp_path)
    assert "is a folder" in refused(tmp_path)


def test_a_fifo_where_a_file_is_expected_does_not_hang(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    os.mkfifo(tmp_path / "warrants.yaml")
    assert "not a regular file" in only_problem(tmp_path)
    assert "not a regular file" in refused(tmp_path)


def test_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "warrants.yaml"
    path.write_text(SUSPECT)
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as root: permissions do not stop reading")
        assert "cannot read" in only_problem(tmp_path)
        assert "cannot read" in refused(tmp_path)
    finally:
        path.chmod(0o600)


def test_an_overlarge_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 100)
    (tmp_path / "warrants.yaml").write_text(SUSPECT)
    assert "larger than" in only_problem(tmp_path)
    assert "larger than" in refused(tmp_path)


@pytest.mark.parametrize("pure", [False, True])
def test_the_safe_loader_is_safe(pure: bool) -> None:
    # Guard against a future edit swapping in an unsafe loader: libyaml's and the pure one.
    safe = files._safe_loader(pure)
    assert issubclass(safe, yaml.constructor.SafeConstructor)
    assert not issubclass(safe, yaml.constructor.FullConstructor)
    with pytest.raises(yaml.constructor.ConstructorError):
        yaml.load("!!python/object/apply:os.getcwd []", Loader=safe)  # noqa: S506


def test_a_link_to_nothing_is_ignored_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "warrants.yaml").write_text(SUSPECT)
    (tmp_path / "states_parties.yaml").symlink_to(tmp_path / "gone.yaml")
    [problem] = ours(tmp_path)
    assert problem.warning and "link to nothing" in problem.message
    assert travelrisk.load(tmp_path).overlay_changes == ("warrants.yaml: test-suspect (added)",)
