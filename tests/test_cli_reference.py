"""README's command reference is the real --help of every command, as cog generates it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from travelrisk.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_the_readme_command_reference_is_up_to_date() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}  # this checkout's travelrisk
    done = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", "README.md"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, (
        "README.md's command reference is stale: run `cog -r README.md`\n" + done.stderr
    )


def commands(command: click.Command, path: str = "travelrisk") -> list[tuple[str, click.Command]]:
    found = [(path, command)]
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None
            found += commands(sub, f"{path} {name}")
    return found


@pytest.mark.parametrize("path,command", commands(main), ids=lambda v: str(v))
def test_every_command_has_help_and_a_reference_section(path: str, command: click.Command) -> None:
    assert command.help and command.help.strip(), f"{path} has no help"
    assert f"\n### {path}\n" in (ROOT / "README.md").read_text("utf-8")
