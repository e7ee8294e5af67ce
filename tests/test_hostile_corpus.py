"""The hostile-input corpus (tests/fixtures/hostile/): each file is refused with one line, or
costs exactly its own rows as error rows that say what was wrong; nothing hangs."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_run import run

from travelrisk.batch import parallel

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
SRC = str(Path(__file__).parents[1] / "src")

# file -> (the text every error row holds, how many rows the file has)
ERROR_ROWS = {
    "dates_undocumented.csv": ("expected YYYY-MM-DD", 6),
    "dates_undocumented.jsonl": ("expected YYYY-MM-DD", 3),
    "duplicate_key.jsonl": ("duplicate field 'country'", 1),
    "duplicate_key_case.jsonl": ("duplicate field 'country' (given as 'Country', 'country')", 1),
    "duplicate_key.json": ("duplicate field", 2),
    "duplicate_trip_key.json": ("duplicate field 'trip'", 1),
    "duplicate_header.csv": ("duplicate field 'country'", 2),
    "duplicate_header_case.csv": ("duplicate field 'country' (given as 'country', 'COUNTRY')", 2),
    "duplicate_key.yaml": ("duplicate field 'country'", 1),
    "duplicate_trip_key.yaml": ("duplicate field", 3),
}


def test_a_yaml_merge_key_overridden_is_no_duplicate() -> None:
    code, out, _ = run("batch", str(HOSTILE / "duplicate_key_merge.yaml"), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert code == 3 and [r["status"] for r in rows] == ["obliged", "error"]
    assert rows[0]["place"] == "FR" and "duplicate field 'note'" in rows[1]["error"]


@pytest.mark.parametrize("name", ["duplicate_trips.yaml", "duplicate_trips.json"])
def test_a_list_of_trips_given_twice_is_refused(name: str) -> None:
    code, out, err = run("batch", str(HOSTILE / name))
    assert code == 2 and out == ""
    assert "'trips' is given twice" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("name", sorted(ERROR_ROWS))
def test_each_hostile_row_is_its_own_error_row(name: str, jobs: str) -> None:
    said, count = ERROR_ROWS[name]
    code, out, err = run("batch", str(HOSTILE / name), "--format", "csv", "--jobs", jobs)
    assert code == 3, err
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert len(rows) == count
    assert all(r["status"] == "error" and said in r["error"] for r in rows)
    # One line for the first error row, and the closing summary.
    assert len(err.strip().splitlines()) == 2 and "Traceback" not in err


def test_a_duplicated_header_keeps_the_cells_of_each_row() -> None:
    _, out, _ = run("batch", str(HOSTILE / "duplicate_header_case.csv"), "--format", "csv")
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows[0][:4] == ["suspect", "country", "COUNTRY", "date"]
    assert [r[:4] for r in rows[1:]] == [
        ["putin", "US", "FR", "2024-01-01"],
        ["putin", "FR", "US", "2024-01-01"],
    ]


def _cli(*args: str, stdin: object = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=SRC)
    return subprocess.run(
        [sys.executable, "-m", "travelrisk", *args],
        env=env,
        stdin=stdin,  # type: ignore[arg-type]
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_a_device_as_an_itinerary_is_refused_at_once() -> None:
    done = _cli("batch", "/dev/zero", "--input-format", "csv", timeout=20)
    assert done.returncode == 2 and "is a device" in done.stderr


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json"])
def test_endless_standard_input_is_refused_in_bounded_memory(fmt: str) -> None:
    with open("/dev/zero", "rb") as zero:
        done = _cli("batch", "-", "--input-format", fmt, stdin=zero, timeout=60)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert "without a line break" in done.stderr or "over 256 MB" in done.stderr


def test_jobs_is_capped_at_the_cores() -> None:
    cores = len(os.sched_getaffinity(0))
    assert parallel.worker_count(64) == cores
    assert parallel.worker_count(1) == 1
    assert parallel.default_jobs(str(HOSTILE / "escape.csv"), min_bytes=0) == cores


def _big_csv(path: Path, rows: int) -> None:
    line = "putin,FR,2024-09-04\nnetanyahu,HU,2025-04-03\n"
    path.write_text("suspect,country,date\n" + line * (rows // 2), encoding="utf-8")


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(
    not parallel.available() or not sys.platform.startswith("linux"), reason="linux"
)
def test_workers_die_with_their_parent_even_by_sigkill(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    _big_csv(big, 400_000)
    env = dict(os.environ, PYTHONPATH=SRC)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "travelrisk",
            "batch",
            str(big),
            "--jobs",
            "2",
            "-o",
            str(tmp_path / "out.csv"),
        ],
        env=env,
        stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        workers = _children(proc.pid)
    assert workers, "no worker started"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 3
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not any(_alive(w) for w in workers)
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("check", "putin", "FR"), 141),
        (("where", "putin", "--format", "csv"), 141),
        (("countries",), 141),
        (("batch", str(HOSTILE / "escape.csv")), 141),
        (("check", "putin", "XX"), 2),  # bad input is still said, on stderr
    ],
)
def test_closed_standard_output_is_a_closed_pipe(args: tuple[str, ...], code: int) -> None:
    env = dict(os.environ, PYTHONPATH=SRC)
    done = subprocess.run(
        ["sh", "-c", '"$@" >&-', "sh", sys.executable, "-m", "travelrisk", *args],
        env=env,
        capture_output=False,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
    )
    assert done.returncode == code
    assert "Error" not in done.stderr and "Traceback" not in done.stderr


def test_closed_standard_output_leaves_o_file_working(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=SRC)
    target = tmp_path / "out.csv"
    args = ("batch", str(HOSTILE / "dates_undocumented.csv"), "-o", str(target))
    done = subprocess.run(
        ["sh", "-c", '"$@" >&-', "sh", sys.executable, "-m", "travelrisk", *args],
        env=env,
        timeout=60,
        stderr=subprocess.DEVNULL,
    )
    assert done.returncode == 3 and len(target.read_text().splitlines()) == 7


@pytest.mark.skipif(not parallel.available(), reason="needs the fork start method")
def test_ctrl_c_during_a_parallel_batch_is_one_line(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    _big_csv(big, 400_000)
    target = tmp_path / "out.csv"
    env = dict(os.environ, PYTHONPATH=SRC)
    proc = subprocess.Popen(
        [sys.executable, "-m", "travelrisk", "batch", str(big), "--jobs", "2", "-o", str(target)],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's Ctrl-C reaches
    )
    deadline = time.monotonic() + 60
    while len(_children(proc.pid)) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err.strip() == "travelrisk: interrupted"
    assert not target.exists()


@pytest.mark.parametrize("char", ["\x1b", "\r", "\x9b", "\u202e", "\x07"])
def test_data_text_that_could_rewrite_a_terminal_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, char: str
) -> None:
    from what_if import suspect_yaml

    monkeypatch.setenv("TRAVELRISK_NO_CACHE", "1")
    name = json.dumps(f"Ev{char}[8mil")  # a YAML double-quoted string is JSON's
    (tmp_path / "warrants.yaml").write_text(
        suspect_yaml("evil", name, "2024-01-01"), encoding="utf-8"
    )
    for args in (("check", "evil", "FR"), ("where", "evil"), ("suspects",)):
        code, out, err = run("--data-dir", str(tmp_path), *args)
        assert code == 2 and out == ""
        assert "evil: name: holds a control character" in err and char not in err
    code, out, _ = run("data", "validate", str(tmp_path))
    assert code == 2 and char not in out


FAR = "more than 10 years after the data's as-of date"


@pytest.mark.parametrize("fmt", ["text", "csv", "json", "markdown"])
def test_a_day_past_the_horizon_is_caveated_by_check(fmt: str) -> None:
    code, out, _ = run("check", "putin", "FR", "--on", "9999-12-31", "--format", fmt)
    assert code == 1
    if fmt != "markdown":  # markdown's table has no caveats column
        assert FAR in out
    _, out, _ = run("check", "putin", "FR", "--on", "2025-01-01", "--format", fmt)
    assert FAR not in out


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_leg_past_the_horizon_is_caveated_by_batch(tmp_path: Path, jobs: str) -> None:
    trips = tmp_path / "far.csv"
    trips.write_text("suspect,country,date\nputin,FR,2025-01-01\nputin,FR,9999-12-31\n")
    _, out, _ = run("batch", str(trips), "--format", "csv", "--jobs", jobs)
    near, far = list(csv.DictReader(io.StringIO(out, newline="")))
    assert FAR not in near["reason"] and FAR in far["reason"]


def test_a_day_past_the_horizon_is_caveated_by_where() -> None:
    _, out, _ = run("where", "putin", "--on", "9999-12-31", columns=200)
    assert FAR in out
    _, out, _ = run("where", "putin", "--on", "9999-12-31", "--format", "json")
    assert FAR in json.loads(out)["caveats"][0]
    _, out, _ = run("where", "putin", "--on", "2025-01-01", "--format", "json")
    assert json.loads(out)["caveats"] == []
