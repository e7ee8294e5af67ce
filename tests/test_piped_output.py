"""No reading command changes its output for where the output goes: a terminal and a pipe get
the same bytes (text unless --format says otherwise). `batch` alone picks its default by it:
text on a terminal, CSV otherwise (README, "Output formats")."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ITINERARY = ROOT / "tests" / "fixtures" / "itineraries" / "netanyahu_budapest.csv"

# Every command that reads the data and prints an answer, with its default format.
READING = [
    ["check", "putin", "FR", "--on", "2025-01-01"],
    ["where", "putin", "--on", "2025-01-01"],
    ["timeline", "al-bashir", "BI"],
    ["countries", "--on", "2025-01-01", "--basis", "referral"],
    ["suspects", "--on", "2025-01-01", "--situation", "ukraine"],
    ["show", "putin"],
    ["changes", "--since", "2026-06-01"],
    ["data", "info"],
    ["data", "diff", str(ROOT / "data")],
    ["data", "validate"],
]
SEPARATOR = "\n=== next command ===\n"

# Runs each command in one process, its standard output whatever this process was given.
RUNNER = f"""
import json, sys
from travelrisk.cli import main
for args in json.loads(sys.argv[1]):
    try:
        main(args, prog_name="travelrisk")
    except SystemExit:
        pass
    sys.stdout.write({SEPARATOR!r})
    sys.stdout.flush()
"""


def outputs(commands: list[list[str]], terminal: bool) -> list[str]:
    """Each command's standard output, written to a pseudo-terminal (80 columns) or a pipe."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env["PYTHONPATH"] = os.pathsep.join(sys.path)
    argv = [sys.executable, "-c", RUNNER, json.dumps(commands)]
    if not terminal:
        done = subprocess.run(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        return done.stdout.decode("utf-8").split(SEPARATOR)[:-1]
    import fcntl
    import pty
    import struct
    import termios
    import tty

    leader, follower = pty.openpty()
    tty.setraw(follower)  # no \r\n for \n
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    child = subprocess.Popen(argv, env=env, stdout=follower, stderr=subprocess.DEVNULL)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert child.wait(timeout=120) == 0
    return b"".join(chunks).decode("utf-8").split(SEPARATOR)[:-1]


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_reading_command_writes_the_same_to_a_terminal_and_to_a_pipe() -> None:
    on_terminal = outputs(READING, terminal=True)
    piped = outputs(READING, terminal=False)
    assert len(on_terminal) == len(piped) == len(READING)
    for args, seen, sent in zip(READING, on_terminal, piped, strict=True):
        assert seen == sent, args
        assert seen.strip(), args
        with pytest.raises(ValueError):  # text, not JSON, in a pipe too
            json.loads(sent)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_batch_alone_defaults_to_text_on_a_terminal_and_csv_in_a_pipe() -> None:
    command = [["batch", str(ITINERARY)]]
    [on_terminal] = outputs(command, terminal=True)
    [piped] = outputs(command, terminal=False)
    assert piped.startswith("trip,traveller,country,arrive,depart,kind,notes,suspect_id,")
    assert on_terminal.startswith("Trip 2025-04 Budapest and Washington: Benjamin Netanyahu")
