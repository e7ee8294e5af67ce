"""`travelrisk batch` through click's CliRunner: formats in and out, row counts, exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from cli_run import run

from travelrisk.batch.columns import VERDICT_COLUMNS
from travelrisk.batch.formats import BINARY_FORMATS, INPUT_FORMATS, OUTPUT_FORMATS
from travelrisk.cli import batch as batch_module

FIXTURES = Path(__file__).parent / "fixtures" / "itineraries"

# Each fixture, with how many legs it holds and the exit code checking it gives.
ITINERARIES = {
    "netanyahu_budapest.csv": (3, 1),
    "bom_crlf.csv": (3, 1),
    "mixed.csv": (13, 3),
    "stays_across_changes.jsonl": (3, 1),
    "al_bashir_south_africa.json": (2, 1),
    "putin_mongolia.yaml": (4, 1),
}


def fixture(name: str) -> str:
    return str(FIXTURES / name)


def count_rows(text: str, fmt: str) -> int:
    if fmt == "csv":
        return len(list(csv.DictReader(io.StringIO(text))))
    if fmt == "jsonl":
        return len([json.loads(line) for line in text.splitlines()])
    if fmt == "json":
        return len(json.loads(text))
    return text.count("\n  row ")


@pytest.mark.parametrize("name", sorted(ITINERARIES))
@pytest.mark.parametrize("fmt", [f for f in OUTPUT_FORMATS if f not in BINARY_FORMATS])
def test_every_input_format_to_every_output_format_keeps_every_row(name: str, fmt: str) -> None:
    legs, expected = ITINERARIES[name]
    code, out, _ = run("batch", fixture(name), "--format", fmt)
    assert code == expected
    assert count_rows(out, fmt) == legs


def test_clear_itinerary_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "clear.csv"
    path.write_text(
        "suspect,country,arrive,depart\nnetanyahu,US,2025-04-06,2025-04-08\n"
        "putin,MN,2024-09-04,2024-09-04\n",
        encoding="utf-8",
    )
    path.write_text(path.read_text() + "putin,KZ,2024-09-02,2024-09-02\n")
    code, out, err = run("batch", str(path))
    assert code == 1  # Mongolia
    clear = tmp_path / "clear2.csv"
    clear.write_text(
        "suspect,country,date,kind\nnetanyahu,US,2025-04-07,\nputin,MN,2024-09-04,overflight\n",
        encoding="utf-8",
    )
    code, out, err = run("batch", str(clear))
    assert code == 0  # an overflight is reported, not an obligation
    assert err == "travelrisk: 2 legs: 1 not obliged, 1 overflight\n"
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["status"] for r in rows] == ["not_obliged", "not_present"]
    assert "emergency" in rows[1]["reason"]


def test_error_rows_exit_3_and_win_over_1() -> None:
    code, out, err = run("batch", fixture("mixed.csv"))
    assert code == 3
    assert count_rows(out, "csv") == 13
    assert err.count("\n") == 2  # the first error row, then the summary
    assert "10 of 13 rows are error rows" in err and "row 3 of" in err
    assert err.splitlines()[1] == (
        "travelrisk: 13 legs: 2 obliged, 1 not obliged, 10 error rows (3 missing or empty "
        "values, 2 bad dates, 1 ambiguous place, 1 ambiguous suspect, 1 unknown kind of leg, "
        "1 unknown place, 1 unknown suspect)"
    )


def test_default_output_is_csv_when_not_a_terminal() -> None:
    code, out, _ = run("batch", fixture("netanyahu_budapest.csv"))
    assert out.splitlines()[0].endswith(",".join(VERDICT_COLUMNS))


def test_output_file_and_its_format_from_the_extension(tmp_path: Path) -> None:
    target = tmp_path / "checked.jsonl"
    code, out, _ = run("batch", fixture("putin_mongolia.yaml"), "-o", str(target))
    assert code == 1 and out == ""
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [r["status"] for r in records] == [
        "not_present",
        "obliged",
        "not_present",
        "not_obliged",
    ]


def test_output_may_not_overwrite_an_input(tmp_path: Path) -> None:
    source = tmp_path / "legs.csv"
    source.write_text("suspect,country,date\nputin,FR,2025-01-01\n", encoding="utf-8")
    code, _, err = run("batch", str(source), "-o", str(source))
    assert code == 2 and "also an input" in err
    assert source.read_text(encoding="utf-8").startswith("suspect,country,date\n")


def test_several_files_add_a_file_column() -> None:
    code, out, _ = run("batch", fixture("netanyahu_budapest.csv"), fixture("mixed.csv"))
    assert code == 3
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 16
    assert list(rows[0])[-2:] == ["file", "row"]
    assert rows[0]["file"].endswith("netanyahu_budapest.csv")
    assert rows[-1]["file"].endswith("mixed.csv") and rows[-1]["row"] == "14"


def test_stdin_with_an_input_format() -> None:
    legs = (
        '{"suspect": "putin", "country": "FR", "date": "2025-01-01"}\n'
        '{"suspect": "netanyahu", "country": "US", "date": "2025-04-07"}\n'
    )
    code, out, _ = run("batch", "-", "--input-format", "jsonl", "--format", "jsonl", input=legs)
    assert code == 1
    assert [json.loads(line)["status"] for line in out.splitlines()] == ["obliged", "not_obliged"]
    code, out, _ = run("batch", "-", input="suspect,country,date\nputin,US,2025-01-01\n")
    assert code == 0 and count_rows(out, "csv") == 1


@pytest.mark.parametrize(
    "args, fragment",
    [
        (("batch", "/no/such/trips.csv"), "no such file: /no/such/trips.csv"),
        (("batch", str(FIXTURES)), "is a directory"),
        (("batch", str(FIXTURES / "netanyahu_budapest.csv"), "/no/such.csv"), "no such file"),
        (("batch", str(FIXTURES / "README")), "--input-format"),
        (("batch", str(FIXTURES / "mixed.csv"), "--encoding", "klingon"), "unknown encoding"),
    ],
)
def test_unusable_commands_exit_2_with_one_line(args: tuple[str, ...], fragment: str) -> None:
    code, out, err = run(*args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and fragment in err and "Traceback" not in err


def test_undecodable_input_exits_2_and_suggests_an_encoding(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("suspect,country,date\nputin,Bénin,2025-01-01\n".encode("latin-1"))
    code, out, err = run("batch", str(path))
    assert code == 2 and "--encoding" in err and "line 2" in err
    assert err.count("\n") == 1
    code, out, _ = run("batch", str(path), "--encoding", "latin-1")
    assert code == 1 and count_rows(out, "csv") == 1


def test_no_progress_on_stderr_when_it_is_not_a_terminal() -> None:
    code, _, err = run("batch", fixture("netanyahu_budapest.csv"))
    assert code == 1 and "\r" not in err and "legs checked" not in err
    assert err == "travelrisk: 3 legs: 1 obliged, 2 not obliged\n"  # only the summary


def test_progress_counts_legs_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    ticks = iter(range(0, 10_000, 1))
    monkeypatch.setattr(batch_module.time, "monotonic", lambda: float(next(ticks)))
    shown = io.StringIO()
    monkeypatch.setattr(batch_module.sys, "stderr", shown)
    items = list(batch_module._with_progress(iter(range(10)), batch_module._Progress(), every=2))  # type: ignore[arg-type]
    assert items == list(range(10))
    assert "legs checked" in shown.getvalue()
    assert shown.getvalue().endswith("\r")  # the line is cleared at the end


def test_help_documents_formats_and_exit_codes() -> None:
    code, out, _ = run("batch", "--help")
    assert code == 0
    assert "3    completed, but some rows are error rows" in out
    for fmt in (*INPUT_FORMATS, *OUTPUT_FORMATS):
        assert fmt in out


def test_cli_choices_match_the_library() -> None:
    assert batch_module.INPUT_FORMATS == INPUT_FORMATS
    assert batch_module.OUTPUT_FORMATS == OUTPUT_FORMATS
