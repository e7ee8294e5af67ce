"""Hostile input to `travelrisk batch`: refused with one clear line, or an error row, safely."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_run import run

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"


def fixture(name: str) -> str:
    return str(HOSTILE / name)


def test_text_output_escapes_control_characters() -> None:
    code, out, err = run("batch", fixture("escape.csv"), "--format", "text")
    assert code == 3
    assert "\x1b" not in out and "\x1b" not in err
    assert "Paris\\x1b[8m hidden" in out
    assert "F\\x1b[8mR" in out or "F\\x1b[8mR" in err


def test_data_validate_text_escapes_control_characters(tmp_path: Path) -> None:
    (tmp_path / "ev\x1b[8mil.yaml").write_text("x: 1\n", encoding="utf-8")
    _, out, err = run("data", "validate", str(tmp_path))
    assert "\x1b" not in out + err
    assert "ev\\x1b[8mil.yaml" in out


def _cli(*args: str, **kw: object) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parents[1] / "src"))
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "travelrisk", *args], env=env, timeout=120, **kw
    )


def test_error_rows_exit_3_with_stderr_closed(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    script = f'"$@" > {out} 2>&-'
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parents[1] / "src"))
    done = subprocess.run(
        [
            "sh",
            "-c",
            script,
            "sh",
            sys.executable,
            "-m",
            "travelrisk",
            "batch",
            fixture("escape.csv"),
        ],
        env=env,
        timeout=120,
    )
    assert done.returncode == 3


@pytest.mark.parametrize("encoding", ["rot13", "base64", "no-such-codec"])
def test_a_codec_that_is_not_a_text_encoding_is_one_line(encoding: str) -> None:
    code, out, err = run("batch", fixture("escape.csv"), "--encoding", encoding)
    assert code == 2
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert repr(encoding) in err and "utf-8" in err


def test_utf16_with_a_bom_hints_utf16() -> None:
    code, _, err = run("batch", fixture("utf16_bom.csv"))
    assert code == 2
    assert "--encoding utf-16" in err and "cp1252" not in err
    code, out, _ = run("batch", fixture("utf16_bom.csv"), "--encoding", "utf-16")
    assert code == 1 and "putin" in out


def test_a_symlink_loop_is_named_as_such(tmp_path: Path) -> None:
    loop = tmp_path / "loop.csv"
    loop.symlink_to(tmp_path / "loop2.csv")
    (tmp_path / "loop2.csv").symlink_to(loop)
    code, _, err = run("batch", str(loop))
    assert code == 2
    assert "symlink loop" in err and "no such file" not in err


def test_a_billion_laughs_yaml_itinerary_is_refused_at_once() -> None:
    start = time.monotonic()
    done = _cli("batch", fixture("billion_laughs.yaml"), capture_output=True)
    assert time.monotonic() - start < 15
    assert done.returncode == 2
    err = done.stderr.decode()
    assert len(err.strip().splitlines()) == 1 and "aliases" in err


@pytest.mark.parametrize(("name", "said"), [("object_tag.yaml", "tag")])
def test_yaml_input_is_read_with_the_hardened_loader(name: str, said: str) -> None:
    code, _, err = run("batch", fixture(name))
    assert code == 2
    assert said in err and len(err.strip().splitlines()) == 1
