"""Run the CLI in-process, as every CLI test does: (exit code, stdout, stderr)."""

from __future__ import annotations

from click.testing import CliRunner

from travelrisk.cli import main


def run(*args: str, input: str | bytes | None = None, columns: int = 80) -> tuple[int, str, str]:
    result = CliRunner(env={"COLUMNS": str(columns)}).invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr
