"""The command line as a good Unix citizen: pipes, Ctrl-C, -v, help everywhere, completion, -m."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from travelrisk import cli
from travelrisk.cli import main

README = Path(__file__).parent.parent / "README.md"
PYTHON = sys.executable
SCRIPT = Path(sys.executable).parent / "travelrisk"  # the console script beside this Python


def travelrisk(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "-m", "travelrisk", *args], capture_output=True, text=True, timeout=60, **kwargs
    )  # type: ignore[call-overload, no-any-return]


# -- pipes ----------------------------------------------------------------------------------------
def test_piping_into_head_ends_quietly() -> None:
    writer = subprocess.Popen(
        [PYTHON, "-m", "travelrisk", "countries"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    head = subprocess.run(["head", "-n", "1"], stdin=writer.stdout, capture_output=True, timeout=60)
    assert writer.stdout is not None and writer.stderr is not None
    writer.stdout.close()
    err = writer.stderr.read().decode()
    writer.wait(timeout=60)
    assert head.stdout.decode().startswith("251 places on ")
    assert len(head.stdout.splitlines()) == 1
    assert "Traceback" not in err and "Error" not in err, err
    # 0 only if the whole output fitted in the pipe before head left; never 0 for a lost write.
    assert writer.returncode in (0, 141, -signal.SIGPIPE)


@pytest.mark.parametrize(
    "args",
    [
        ("countries", "--format", "json"),
        ("where", "putin", "--format", "json"),
        ("check", "putin", "FR", "DE", "--format", "csv"),
        ("check", "putin", "FR"),
        ("where", "putin", "--format", "csv"),
        ("batch", str(Path(__file__).parent / "fixtures" / "itineraries" / "mixed.csv")),
        ("--help",),
    ],
)
def test_a_pipe_closed_before_any_output_ends_quietly(args: tuple[str, ...]) -> None:
    # The reader is gone before the first write: every write meets a broken pipe.
    proc = subprocess.Popen(
        [PYTHON, "-m", "travelrisk", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert err == ""
    # Not 0 ("no obligation"): the output was lost. 141 is what a shell reports for SIGPIPE.
    assert proc.returncode == 141


# -- Ctrl-C ---------------------------------------------------------------------------------------
SLOW_COMMAND = """
import sys, time
from travelrisk.cli import main, run

@main.command()
def slow():
    print("ready", flush=True)
    time.sleep(60)

sys.argv = ["travelrisk", "slow"]
run()
"""


def test_ctrl_c_exits_130_without_a_traceback() -> None:
    proc = subprocess.Popen(
        [PYTHON, "-c", SLOW_COMMAND], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    try:
        assert proc.stdout.readline() == "ready\n"
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert err == "travelrisk: interrupted\n"


def test_an_interrupt_inside_a_command_is_handled(monkeypatch: pytest.MonkeyPatch) -> None:
    import travelrisk.data.dataset

    def interrupted(value: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(travelrisk.data.dataset, "parse_date", interrupted)
    result = CliRunner().invoke(main, ["check", "putin", "FR"])
    assert result.exit_code == 130
    assert result.stderr == "travelrisk: interrupted\n" and result.stdout == ""


# -- errors ---------------------------------------------------------------------------------------
def test_bad_input_is_one_line_without_a_traceback() -> None:
    done = travelrisk("check", "nobody-at-all", "FR")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("travelrisk: no public ICC arrest warrant matches")
    assert len(done.stderr.splitlines()) == 1


def test_verbose_shows_the_traceback() -> None:
    for flag in ("-v", "--verbose"):
        done = travelrisk(flag, "check", "nobody-at-all", "FR")
        assert done.returncode == 2 and done.stdout == ""
        assert "Traceback (most recent call last)" in done.stderr
        assert "UnknownSuspect" in done.stderr


def test_verbose_shows_the_traceback_for_bad_data(tmp_path: Path) -> None:
    (tmp_path / "warrants.yaml").write_text("suspects: [\n")
    quiet = travelrisk("--data-dir", str(tmp_path), "check", "putin", "FR")
    assert quiet.returncode == 2 and "Traceback" not in quiet.stderr
    loud = travelrisk("-v", "--data-dir", str(tmp_path), "check", "putin", "FR")
    assert loud.returncode == 2 and "Traceback" in loud.stderr and "DataError" in loud.stderr


# -- help and documentation -----------------------------------------------------------------------
def walk(
    command: click.Command, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    yield path, command
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):  # loads lazily registered commands too
            sub = command.get_command(ctx, name)
            assert sub is not None, name
            yield from walk(sub, (*path, name))


def test_every_command_and_option_has_help_text() -> None:
    missing = []
    commands = list(walk(main))
    paths = [path for path, _ in commands]
    assert len(commands) > 10 and ("data", "validate") in paths and ("batch",) in paths
    for path, command in commands:
        name = " ".join(("travelrisk", *path))
        if not (command.help or command.short_help):
            missing.append(name)
        for param in command.params:
            if isinstance(param, click.Option) and not param.help:
                missing.append(f"{name} {'/'.join(param.opts)}")
    assert missing == []


def test_every_command_answers_help() -> None:
    for path, _ in walk(main):
        result = CliRunner().invoke(main, [*path, "--help"])
        assert result.exit_code == 0 and result.stdout.startswith("Usage: "), path


def readme_exit_codes() -> dict[int, str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\|\s*(\d+)\s*\|\s*(.+?)\s*\|\s*$", section, re.MULTILINE)
    return {int(code): meaning for code, meaning in rows}


def help_exit_codes() -> dict[int, str]:
    rows = re.findall(r"^\s+(\d+)\s{2,}(.+)$", cli.EXIT_CODES_HELP, re.MULTILINE)
    return {int(code): meaning.strip() for code, meaning in rows}


def test_the_readme_exit_code_table_matches_the_code() -> None:
    constants = {v for k, v in vars(cli).items() if k.startswith("EXIT_") and isinstance(v, int)}
    readme, helped = readme_exit_codes(), help_exit_codes()
    assert set(readme) == constants == set(helped)
    for code, meaning in helped.items():
        assert meaning.replace("`", "") in readme[code].replace("`", ""), code


# -- python -m, completion ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "args",
    [
        ("check", "putin", "FR", "--on", "2025-01-01"),
        ("check", "putin", "US", "--on", "2025-01-01"),
        ("check", "nobody-at-all", "FR"),
        ("--version",),
    ],
)
def test_python_dash_m_works_like_the_command(args: tuple[str, ...]) -> None:
    if not SCRIPT.exists():
        pytest.skip("the travelrisk console script is not installed beside this Python")
    by_module = travelrisk(*args)
    by_script = subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, timeout=60)
    assert (by_module.returncode, by_module.stdout, by_module.stderr) == (
        by_script.returncode,
        by_script.stdout,
        by_script.stderr,
    )


def test_python_dash_m_names_itself_travelrisk() -> None:
    done = travelrisk("--help")
    assert done.returncode == 0 and done.stdout.startswith("Usage: travelrisk ")


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_shell_completion_scripts(shell: str) -> None:
    if not SCRIPT.exists():
        pytest.skip("the travelrisk console script is not installed beside this Python")
    env = {**os.environ, "_TRAVELRISK_COMPLETE": f"{shell}_source"}
    done = subprocess.run([str(SCRIPT)], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0 and done.stderr == ""
    assert "travelrisk" in done.stdout and "_TRAVELRISK_COMPLETE" in done.stdout


def test_completion_completes_commands() -> None:
    env = {
        **os.environ,
        "_TRAVELRISK_COMPLETE": "bash_complete",
        "COMP_WORDS": "travelrisk da",
        "COMP_CWORD": "1",
    }
    done = subprocess.run(
        [PYTHON, "-m", "travelrisk"], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0 and "plain,data" in done.stdout.splitlines()
