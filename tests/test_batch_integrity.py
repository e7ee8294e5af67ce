"""Batch output keeps every input row intact: quoting, stray quotes, and one core vs several."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from cli_run import run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from travelrisk.batch import parallel
from travelrisk.batch.itinerary_io import open_itinerary, read_legs, write_results
from travelrisk.batch.legs import check_legs
from travelrisk.data.dataset import Dataset

HEADER = "suspect,country,date,note"


def records(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_csv_output_quotes_fields_with_line_breaks(tmp_path: Path) -> None:
    src = tmp_path / "t.csv"
    src.write_text(
        f'{HEADER}\nputin,FR,2024-01-01,"two\nlines"\nputin,FR,2024-01-01,"cr\rhere"\n',
        encoding="utf-8",
        newline="",
    )
    code, out, _ = run("batch", str(src), "--format", "csv")
    rows = records(out)
    assert len(rows) == 3
    assert [r[3] for r in rows[1:]] == ["two\nlines", "cr\rhere"]
    assert all(len(r) == len(rows[0]) for r in rows)


def test_csv_output_of_json_input_quotes_line_breaks(tmp_path: Path) -> None:
    src = tmp_path / "t.jsonl"
    lines = [
        {"suspect": "putin", "country": "FR", "date": "2024-01-01", "note": "a\nb"},
        {"suspect": "putin", "country": "FR", "date": "2024-01-01", "note": "c\rd"},
    ]
    src.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    code, out, _ = run("batch", str(src), "--format", "csv")
    rows = records(out)
    assert len(rows) == 3
    assert [r[3] for r in rows[1:]] == ["a\nb", "c\rd"]


def _stray_quote_file(tmp_path: Path, n: int = 20_000) -> Path:
    lines = [HEADER]
    for i in range(n):
        note = '"oops' if i == 1 else f"n{i}"
        lines.append(f"putin,FR,2024-01-01,{note}")
    lines[500] = 'putin,FR,2024-01-01,"a, b"'  # a later, well-formed quoted field
    path = tmp_path / "stray.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_unbalanced_quote_costs_only_its_own_line(tmp_path: Path, jobs: str) -> None:
    path = _stray_quote_file(tmp_path)
    code, out, err = run("batch", str(path), "--format", "csv", "--jobs", jobs)
    rows = records(out)
    assert len(rows) == 20_001  # the header, then one row per input line
    header = rows[0]
    status, row = header.index("status"), header.index("row")
    assert [r[row] for r in rows[1:]] == [str(i) for i in range(2, 20_002)]
    errors = [r for r in rows[1:] if r[status] == "error"]
    assert len(errors) == 1 and errors[0][row] == "3"
    assert errors[0][3] == "oops"  # its columns kept
    assert code == 3


def test_a_long_quoted_field_keeps_its_columns(tmp_path: Path) -> None:
    long = "x" * 300_000
    path = tmp_path / "long.csv"
    path.write_text(f'{HEADER}\nputin,FR,2024-01-01,"{long}"\n', encoding="utf-8")
    code, out, _ = run("batch", str(path), "--format", "csv")
    rows = records(out)
    header = rows[0]
    assert len(rows) == 2
    assert rows[1][3] == long
    assert rows[1][header.index("status")] != "error"


def test_a_stray_quote_then_a_multiline_note_does_not_split_a_record(
    tmp_path: Path, ds: Dataset
) -> None:
    lines = [HEADER, 'putin,FR,2024-01-01,5" tall']
    lines += [f"putin,FR,2024-01-0{1 + i % 9},n{i}" for i in range(200)]
    lines += ['putin,FR,2024-01-01,"line one\nline two"', "putin,FR,2024-01-01,last"]
    path = tmp_path / "t.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    serial = _serial(path, ds)
    assert len(records(serial)) == 204
    for chunk in (1, 3, 7, 100):
        assert _parallel(path, ds, chunk) == serial


def _serial(path: Path, ds: Dataset) -> str:
    out = io.StringIO()
    itinerary = open_itinerary(str(path))
    write_results(check_legs(itinerary.legs, ds), out, "csv", itinerary.columns)
    return out.getvalue()


def _parallel(path: Path, ds: Dataset, chunk: int) -> str:
    out = io.StringIO()
    parallel.check_csv(str(path), out, ds, jobs=2, chunk_lines=chunk)
    return out.getvalue()


PIECES = [
    "putin",
    "FR",
    "2024-01-01",
    "Hungary",
    "",
    '"',
    '""',
    '"a,b"',
    '"x\ny"',
    '"p\r\nq"',
    "\r",
    "\n",
    "\r\n",
    ",",
    '5"',
    '"open',
    'close"',
    "\ufeff",
    " ",
    "Côte d’Ivoire",
    '"Zürich, 北京\n🛫"',
    "x" * 3000,
    '"' + "long, quoted\n" * 300 + '"',
]
awkward = st.lists(st.lists(st.sampled_from(PIECES), max_size=6), min_size=0, max_size=25)


@pytest.mark.skipif(not parallel.available(), reason="needs the fork start method")
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(body=awkward, bom=st.booleans(), chunk=st.integers(1, 4), crlf=st.booleans())
def test_several_cores_write_what_one_core_writes(
    tmp_path: Path, ds: Dataset, body: list[list[str]], bom: bool, chunk: int, crlf: bool
) -> None:
    end = "\r\n" if crlf else "\n"
    text = ("\ufeff" if bom else "") + HEADER + end + "".join(",".join(r) + end for r in body)
    path = tmp_path / "fuzz.csv"
    path.write_text(text, encoding="utf-8", newline="")
    serial = _serial(path, ds)
    assert _parallel(path, ds, chunk) == serial
    # One output row per input record, as the serial reader counts them (blank lines aside).
    legs = list(read_legs(str(path)))
    assert len(records(serial)) == 1 + len(legs)
    # And through the command line: --jobs 2 writes byte for byte what --jobs 1 writes.
    outs = []
    saved = parallel.CHUNK_LINES
    parallel.CHUNK_LINES = chunk
    try:
        for jobs in ("1", "2"):
            target = tmp_path / f"out{jobs}.csv"
            run("batch", str(path), "--jobs", jobs, "-o", str(target))
            outs.append(target.read_bytes())
    finally:
        parallel.CHUNK_LINES = saved
    assert outs[0] == outs[1] == serial.encode("utf-8")


def test_hand_quoted_cells_with_line_breaks_stay_in_their_row(tmp_path: Path) -> None:
    # The verdict cells (error, file) are quoted by hand on the fast path, not by csv.writer.
    leg = '{"suspect": "put\\nin", "country": "At\\rlantis", "date": "2024-01-01"}\n'
    first, second = tmp_path / "a\nb.jsonl", tmp_path / "c.jsonl"
    first.write_text(leg, encoding="utf-8")
    second.write_text(leg, encoding="utf-8")
    code, out, _ = run("batch", str(first), str(second), "--format", "csv")
    rows = records(out)
    assert len(rows) == 3 and all(len(r) == len(rows[0]) for r in rows)
    header = rows[0]
    assert rows[1][header.index("file")] == str(first)
    assert rows[1][:2] == ["put\nin", "At\rlantis"]
    assert [r[header.index("row")] for r in rows[1:]] == ["1", "1"]
