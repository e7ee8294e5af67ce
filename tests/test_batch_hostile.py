"""Hostile input to `travelrisk batch`: refused with one clear line, or an error row, safely."""

from __future__ import annotations

from pathlib import Path

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
