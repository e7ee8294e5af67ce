"""A batch that fails part-way never looks complete; an output never destroys an input."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

import pytest
from cli_run import run

from travelrisk.batch import itinerary_io

PYTHON = sys.executable
LEGS = "suspect,country,date\nputin,FR,2025-01-01\nputin,US,2025-01-01\n"


def travelrisk(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [PYTHON, "-m", "travelrisk", *args], capture_output=True, timeout=60, **kwargs
    )  # type: ignore[no-any-return]


# -- the same file in and out ---------------------------------------------------------------------
def test_stdin_that_is_the_output_file_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "trips.csv"
    src.write_text(LEGS, encoding="utf-8")
    with open(src, "rb") as stdin:
        done = travelrisk("batch", "-", "-o", str(src), stdin=stdin)
    assert done.returncode == 2
    assert len(done.stderr.decode().splitlines()) == 1 and b"also an input" in done.stderr
    assert src.read_text(encoding="utf-8") == LEGS


def test_stdout_that_is_an_input_file_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "trips.csv"
    src.write_text(LEGS, encoding="utf-8")
    with open(src, "ab") as stdout:
        done = subprocess.run(
            [PYTHON, "-m", "travelrisk", "batch", str(src)],
            stdout=stdout,
            stderr=subprocess.PIPE,
            timeout=60,
        )
    assert done.returncode == 2 and b"also an input" in done.stderr
    assert src.read_text(encoding="utf-8") == LEGS


def test_a_hard_link_to_an_input_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "trips.csv"
    src.write_text(LEGS, encoding="utf-8")
    os.link(src, tmp_path / "other.csv")
    code, _, err = run("batch", str(src), "-o", str(tmp_path / "other.csv"))
    assert code == 2 and "also an input" in err
    assert src.read_text(encoding="utf-8") == LEGS


def test_dash_output_is_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "trips.csv"
    src.write_text(LEGS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("batch", str(src), "-o", "-", "--format", "jsonl")
    assert code == 1
    assert len(out.splitlines()) == 2
    assert not (tmp_path / "-").exists()


# -- atomic output --------------------------------------------------------------------------------
def failing_writer(exc: BaseException) -> Any:
    def write_results(results: Any, out: IO[str], *args: Any, **kwargs: Any) -> Any:
        out.write("half a row,")
        out.flush()
        raise exc

    return write_results


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in ("trips.csv", "out.csv"))


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), 4),
        (RuntimeError("boom"), 4),
        (KeyboardInterrupt(), 130),
    ],
)
def test_a_failed_batch_leaves_the_old_output_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exc: BaseException, code: int
) -> None:
    src, dest = tmp_path / "trips.csv", tmp_path / "out.csv"
    src.write_text(LEGS, encoding="utf-8")
    dest.write_text("the previous output\n", encoding="utf-8")
    monkeypatch.setattr(itinerary_io, "write_results", failing_writer(exc))
    got, out, err = run("batch", str(src), "-o", str(dest))
    assert got == code
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert dest.read_text(encoding="utf-8") == "the previous output\n"
    assert leftovers(tmp_path) == []


def test_sigterm_removes_the_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src, dest = tmp_path / "trips.csv", tmp_path / "out.csv"
    src.write_text(LEGS, encoding="utf-8")
    dest.write_text("the previous output\n", encoding="utf-8")

    def write_results(results: Any, out: IO[str], *args: Any, **kwargs: Any) -> Any:
        out.write("half a row,")
        os.kill(os.getpid(), signal.SIGTERM)
        raise AssertionError("not reached")

    monkeypatch.setattr(itinerary_io, "write_results", write_results)
    before = signal.getsignal(signal.SIGTERM)
    got, _, _ = run("batch", str(src), "-o", str(dest))
    assert got == 143
    assert dest.read_text(encoding="utf-8") == "the previous output\n"
    assert leftovers(tmp_path) == []
    assert signal.getsignal(signal.SIGTERM) == before  # the handler is put back


def test_a_complete_batch_replaces_the_output_with_ordinary_permissions(tmp_path: Path) -> None:
    src, dest = tmp_path / "trips.csv", tmp_path / "out.csv"
    src.write_text(LEGS, encoding="utf-8")
    code, _, _ = run("batch", str(src), "-o", str(dest))
    assert code == 1
    assert dest.read_text(encoding="utf-8").startswith(
        "suspect,country,date,suspect_id,suspect_name,place"
    )
    umask = os.umask(0)
    os.umask(umask)
    assert dest.stat().st_mode & 0o777 == 0o666 & ~umask
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_full_disk_exits_4(tmp_path: Path, jobs: str) -> None:
    src = tmp_path / "trips.csv"
    src.write_text(LEGS * 2000, encoding="utf-8")
    code, _, err = run("batch", str(src), "-o", "/dev/full", "--format", "csv", "--jobs", jobs)
    assert code == 4
    assert len(err.splitlines()) == 1 and "incomplete" in err and "No space" in err
    assert os.path.exists("/dev/full") and not os.path.isfile("/dev/full")


# -- row data that cannot be written --------------------------------------------------------------
def no_constants(name: str) -> Any:
    raise AssertionError(f"bare {name} in JSON output")


def test_huge_integers_surrogates_and_nan_in_jsonl_are_rows(tmp_path: Path) -> None:
    src = tmp_path / "legs.jsonl"
    lines = [
        '{"suspect": "putin", "country": "FR", "date": "2025-01-01", "n": ' + "9" * 5000 + "}",
        '{"suspect": "putin", "country": "FR", "date": "2025-01-01", "note": "\\ud800"}',
        '{"suspect": "putin", "country": "FR", "date": "2025-01-01", "x": NaN, "y": -Infinity}',
        '{"suspect": "putin", "country": "US", "date": "2025-01-01"}',
    ]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for fmt in ("jsonl", "json", "csv"):
        code, out, err = run("batch", str(src), "--format", fmt)
        assert code == 3, (fmt, err)
        assert "Traceback" not in err
        if fmt == "jsonl":
            rows = [json.loads(line, parse_constant=no_constants) for line in out.splitlines()]
            assert [r["status"] for r in rows][:2] == ["error", "error"]
            assert rows[2]["x"] == "nan" and rows[2]["y"] == "-inf"
            assert len(rows) == 4
        elif fmt == "json":
            assert len(json.loads(out, parse_constant=no_constants)) == 4


def test_a_json_document_with_a_surrogate_gives_an_error_row(tmp_path: Path) -> None:
    src = tmp_path / "legs.json"
    src.write_text(
        '[{"suspect": "putin", "country": "FR", "date": "2025-01-01", "note": "\\udc80"},'
        ' {"suspect": "putin", "country": "US", "date": "2025-01-01"}]',
        encoding="utf-8",
    )
    code, out, err = run("batch", str(src), "--format", "jsonl")
    assert code == 3 and "surrogate" in err
    assert len(out.splitlines()) == 2


@pytest.mark.parametrize("ext", ["json", "yaml"])
def test_a_document_with_a_huge_integer_is_refused_cleanly(tmp_path: Path, ext: str) -> None:
    src = tmp_path / f"legs.{ext}"
    src.write_text(
        '[{"suspect": "putin", "country": "FR", "date": "2025-01-01", "n": ' + "9" * 5000 + "}]",
        encoding="utf-8",
    )
    code, _, err = run("batch", str(src))
    assert code == 2 and len(err.splitlines()) == 1


def test_output_through_a_symlink_replaces_the_target(tmp_path: Path) -> None:
    src, real, link = tmp_path / "trips.csv", tmp_path / "real.csv", tmp_path / "link.csv"
    src.write_text(LEGS, encoding="utf-8")
    real.write_text("old\n", encoding="utf-8")
    link.symlink_to(real)
    code, _, _ = run("batch", str(src), "-o", str(link))
    assert code == 1
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8").startswith(
        "suspect,country,date,suspect_id,suspect_name,place"
    )
