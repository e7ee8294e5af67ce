"""Checking a CSV on several cores gives exactly the output of one core."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from travelrisk.batch import parallel
from travelrisk.batch.itinerary_io import read_legs, write_results
from travelrisk.batch.legs import check_legs
from travelrisk.data.dataset import Dataset

FIXTURES = Path(__file__).parent / "fixtures" / "itineraries"

pytestmark = pytest.mark.skipif(not parallel.available(), reason="needs the fork start method")


def one_core(path: Path, ds: Dataset) -> tuple[str, tuple[int, int, int]]:
    out = io.StringIO()
    summary = write_results(check_legs(read_legs(str(path)), ds), out, "csv")
    return out.getvalue(), (summary.legs, summary.errors, summary.at_risk)


def several(path: Path, ds: Dataset, chunk: int) -> tuple[str, tuple[int, int, int]]:
    out = io.StringIO()
    summary = parallel.check_csv(str(path), out, ds, jobs=2, chunk_lines=chunk)
    return out.getvalue(), (summary.legs, summary.errors, summary.at_risk)


def big_csv(tmp_path: Path) -> Path:
    """Good and bad rows, quoted fields, and records whose quoted field spans lines."""
    rows = ["suspect,country,arrive,depart,kind,note"]
    people = ["putin", "Netanyahu", "al-Bashir", "kony", "nobody-at-all", "deif"]
    places = ["FR", "Hungary", "US", "South Africa", "Atlantis", "GL", "UA"]
    for i in range(700):
        who, where = people[i % len(people)], places[i % len(places)]
        year = 2002 + i % 24
        note = f'"line one\nline two, {i}"' if i % 97 == 5 else ('"a, b"' if i % 11 == 0 else "x")
        depart = f"{year}-03-{1 + i % 20:02d}" if i % 13 else "2001-01-01"
        kind = ("stay", "transit", "overflight", "")[i % 4]
        rows.append(f"{who},{where},{year}-03-01,{depart},{kind},{note}")
    path = tmp_path / "big.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("chunk", [1, 7, 50, 10_000])
def test_same_output_as_one_core(ds: Dataset, tmp_path: Path, chunk: int) -> None:
    path = big_csv(tmp_path)
    expected = one_core(path, ds)
    assert several(path, ds, chunk) == expected
    assert expected[1][0] == 700 and expected[1][1] > 0  # every row, some of them errors


@pytest.mark.parametrize("name", ["mixed.csv", "bom_crlf.csv", "netanyahu_budapest.csv"])
def test_fixtures_match_one_core(ds: Dataset, name: str) -> None:
    assert several(FIXTURES / name, ds, 2) == one_core(FIXTURES / name, ds)


def test_chunks_never_cut_inside_a_quoted_field() -> None:
    lines = ['a,"one\n', 'two",b\n', "c,d\n", 'e,"x\n', "y\n", 'z",f\n']
    pieces = list(parallel.chunks(iter(lines), 1, "t.csv", "t.csv", "utf-8", 3))
    assert [first for first, _ in pieces] == [2, 4, 5]
    assert [len(p) for _, p in pieces] == [2, 1, 3]


def test_default_jobs_is_one_for_small_files(tmp_path: Path) -> None:
    small = tmp_path / "s.csv"
    small.write_text("suspect,country,date\n", encoding="utf-8")
    assert parallel.default_jobs(str(small)) == 1
    assert parallel.default_jobs("-") == 1
    assert parallel.default_jobs(str(small), min_bytes=0) >= 1


def test_cli_jobs_option_gives_the_same_rows_and_exit_code(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from travelrisk.cli import main

    path = big_csv(tmp_path)
    runs = [
        CliRunner().invoke(main, ["batch", str(path), "--format", "csv", "--jobs", jobs])
        for jobs in ("1", "2")
    ]
    assert runs[0].exit_code == runs[1].exit_code == 3  # some rows are error rows
    assert runs[0].stdout == runs[1].stdout
    assert runs[0].stderr == runs[1].stderr
