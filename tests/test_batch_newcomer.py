"""`travelrisk batch` for analysts (issue 14): trips, who was checked, delimiters, output
formats, progress and the closing summary."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from cli_run import run

from travelrisk import default_dataset
from travelrisk.batch.columns import VERDICT_COLUMNS, result_fields
from travelrisk.batch.itinerary_io import write_results
from travelrisk.batch.legs import check_legs
from travelrisk.law import engine


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def headlines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and not line.startswith(" ")]


# -- trips --------------------------------------------------------------------------------


def test_a_trip_is_its_trip_value_whatever_the_spelling_of_the_traveller() -> None:
    legs = (
        "trip,suspect,country,date\n"
        "A,putin,FR,2025-01-01\n"
        "A,putin,DE,2025-01-02\n"
        "A,Putin,IT,2025-01-03\n"
    )
    code, out, _ = run("batch", "-", "--format", "text", input=legs)
    assert code == 1
    assert headlines(out) == [
        "Trip A: Vladimir Vladimirovich Putin (3 legs) - worst: OBLIGED in France (FR) "
        "on 2025-01-01 (row 2)"
    ]


def test_legs_of_a_trip_are_grouped_even_when_not_adjacent_in_first_appearance_order() -> None:
    rows = ["trip,suspect,country,date"]
    for i in range(20):
        trip = ("T1", "T2", "T3")[i % 3] if i != 8 else "T2"
        rows.append(f"{trip},putin,FR,2025-01-{i + 1:02d}")
    code, out, _ = run("batch", "-", "--format", "text", input="\n".join(rows) + "\n")
    heads = headlines(out)
    assert [h.split(":")[0] for h in heads] == ["Trip T1", "Trip T2", "Trip T3"]
    assert out.count("  row ") == 20
    t2 = out.split("Trip T2")[1].split("Trip T3")[0]
    assert "(8 legs)" in heads[1] and t2.count("  row ") == 8


def test_without_a_trip_column_a_trip_is_the_resolved_suspect() -> None:
    legs = (
        "suspect,country,date\n"
        "putin,FR,2025-01-01\n"
        "deif,FR,2025-06-01\n"
        "Poutine,DE,2025-01-02\n"
        "PUTIN, Vladimir,IT,2025-01-03\n".replace("PUTIN, Vladimir", '"PUTIN, Vladimir"')
    )
    _, out, _ = run("batch", "-", "--format", "text", input=legs)
    heads = headlines(out)
    assert len(heads) == 2
    assert heads[0].startswith("Vladimir Vladimirovich Putin (3 legs)")
    assert heads[1].startswith("Mohammed Diab Ibrahim Al-Masri (1 leg)")


def test_an_unresolved_traveller_groups_by_the_name_as_written_ignoring_case() -> None:
    legs = "suspect,country,date\nNobody Known,FR,2025-01-01\nnobody known,DE,2025-01-01\n"
    code, out, _ = run("batch", "-", "--format", "text", input=legs)
    assert code == 3 and len(headlines(out)) == 1
    assert "(2 legs) - no leg could be checked" in out


def test_a_block_of_only_overflights_says_so() -> None:
    legs = (
        "trip,suspect,country,date,kind\n"
        "A,putin,FR,2025-01-01,\n"
        "B,putin,KZ,2025-01-01,overflight\n"
        "C,putin,DE,2025-01-01,overflight\n"
        "D,putin,KZ,2025-01-01,overflight\n"
        "D,putin,Narnia,2025-01-01,\n"
    )
    _, out, _ = run("batch", "-", "--format", "text", input=legs)
    heads = headlines(out)
    assert "could be checked" not in heads[1]
    assert heads[1].endswith("(1 leg) - overflights only: never on the ground, so never present")
    assert heads[2].endswith("overflights only: never on the ground, so never present")
    assert "1 overflight of a place obliged" in out.split("Trip C")[1]
    assert heads[3].endswith("no leg on the ground could be checked; the others are overflights")


# -- who was checked ------------------------------------------------------------------------


def test_output_says_who_and_where_as_resolved_with_source_and_as_of() -> None:
    legs = (
        "traveller,country,date,note\n"
        "Poutine,Frankreich,2025-01-01,x\n"
        "putin,Narnia,2025-01-01,y\n"
        "Nobody,FR,2025-01-01,z\n"
    )
    code, out, _ = run("batch", "-", "--format", "csv", input=legs)
    assert code == 3
    header = out.splitlines()[0].split(",")
    assert header == ["traveller", "country", "date", "note", *VERDICT_COLUMNS]
    ok, no_place, no_one = csv_rows(out)
    ds = default_dataset()
    assert (ok["suspect_id"], ok["suspect_name"]) == ("putin", "Vladimir Vladimirovich Putin")
    assert (ok["place"], ok["place_name"], ok["note"]) == ("FR", "France", "x")
    assert ok["data_as_of"] == ds.as_of.isoformat()  # type: ignore[union-attr]
    first = ds.check("putin", "FR", on="2025-01-01").sources[0]
    assert ok["source"] == first.url
    # Error rows: what was resolved is given, the rest is empty.
    assert no_place["suspect_id"] == "putin" and no_place["place"] == ""
    assert no_place["source"] == ""
    assert no_one["suspect_id"] == "" and no_one["suspect_name"] == "" and no_one["place"] == "FR"
    assert no_one["data_as_of"] == ds.as_of.isoformat()  # type: ignore[union-attr]


def test_the_source_is_the_first_a_verdict_cites_for_each_status() -> None:
    ds = default_dataset()
    cases = [
        ("putin", "FR", "2025-01-01"),  # party
        ("al-bashir", "SD", "2015-06-14"),  # referral
        ("putin", "US", "2025-01-01"),  # not obliged
        ("deif", "FR", "2025-06-01"),  # no live warrant
        ("putin", "UA", "2024-06-01"),  # declaration
    ]
    legs = [{"suspect": s, "country": c, "date": d} for s, c, d in cases]
    for (s, c, d), result in zip(cases, check_legs(legs, ds), strict=True):
        cited = ds.check(s, c, on=d).sources[0]
        assert result.source == cited
        assert result_fields(result)["source"] == (cited.url or cited.title)


def test_csv_and_jsonl_carry_the_same_new_columns() -> None:
    legs = "suspect,country,arrive,depart\nputin,MN,2024-09-01,2024-09-05\nx,FR,2025-01-01,\n"
    _, as_csv, _ = run("batch", "-", "--format", "csv", input=legs)
    _, as_jsonl, _ = run("batch", "-", "--format", "jsonl", input=legs)
    for row, obj in zip(csv_rows(as_csv), map(json.loads, as_jsonl.splitlines()), strict=True):
        for column in ("suspect_id", "suspect_name", "place", "source", "data_as_of"):
            assert row[column] == (obj[column] or "")


def test_strongest_source_is_the_engine_helper_a_verdict_uses() -> None:
    ds = default_dataset()
    who, where = ds.suspect("netanyahu"), ds.place("HU")
    from datetime import date

    on = date(2025, 4, 3)
    cited = ds.check(who.id, "HU", on=on).sources[0]
    assert engine.strongest_source(ds.law, who, where, on) == cited


def test_python_writers_give_the_new_columns_too() -> None:
    out = io.StringIO()
    write_results(check_legs([{"suspect": "putin", "country": "FR", "date": "2025-01-01"}]), out)
    (row,) = csv_rows(out.getvalue())
    assert row["suspect_name"] == "Vladimir Vladimirovich Putin" and row["source"]


# -- two files with different name columns ----------------------------------------------------


def test_two_files_with_different_name_columns_write_one_consistent_output(
    tmp_path: Path,
) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("traveller,country,date\nputin,FR,2025-01-01\n", encoding="utf-8")
    b.write_text("suspect,country,date,note\nnetanyahu,DE,2025-04-03,z\n", encoding="utf-8")
    code, out, err = run("batch", str(a), str(b), "--format", "csv")
    assert code == 1 and "left out" not in err
    rows = csv_rows(out)
    assert list(rows[0])[:5] == ["traveller", "country", "date", "suspect", "note"]
    assert rows[0]["traveller"] == "putin" and rows[0]["suspect"] == ""
    assert rows[1]["suspect"] == "netanyahu" and rows[1]["traveller"] == ""
    assert rows[1]["note"] == "z" and rows[1]["country"] == "DE"
    assert [r["suspect_id"] for r in rows] == ["putin", "netanyahu"]
    assert [r["status"] for r in rows] == ["obliged", "obliged"]


# -- summary and progress ---------------------------------------------------------------------


def test_the_summary_counts_statuses_and_kinds_of_problem_in_agreeing_words() -> None:
    legs = (
        "suspect,country,date,kind\n"
        "putin,FR,2025-01-01,\n"
        "putin,KZ,2025-01-01,overflight\n"
        "putin,Narnia,2025-01-01,\n"
        "putin,Atlantis,2025-01-01,\n"
        "putin,FR,2025-13-01,\n"
    )
    code, _, err = run("batch", "-", input=legs)
    assert code == 3
    assert err.splitlines()[-1] == (
        "travelrisk: 5 legs: 1 obliged, 1 overflight, 3 error rows (2 unknown places, 1 bad date)"
    )
    _, _, err = run("batch", "-", input="suspect,country,date\nputin,Narnia,2025-01-01\n")
    assert err.splitlines()[-1] == "travelrisk: 1 leg: 1 error row (1 unknown place)"


def test_the_summary_is_the_same_on_the_parallel_path(tmp_path: Path) -> None:
    rows = ["suspect,country,date"]
    rows += [f"putin,{c},2025-01-0{1 + i % 9}" for i, c in enumerate(["FR", "US", "Narnia"] * 40)]
    path = tmp_path / "legs.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    _, one_out, one_err = run("batch", str(path), "--jobs", "1")
    _, two_out, two_err = run("batch", str(path), "--jobs", "2")
    assert one_out == two_out and one_err == two_err
    assert one_err.splitlines()[-1] == (
        "travelrisk: 120 legs: 40 obliged, 40 not obliged, 40 error rows (40 unknown places)"
    )


def test_problem_kinds_name_every_message_the_checker_gives() -> None:
    from travelrisk.batch.legs import problem_kinds

    legs = [
        {"suspect": "Nobody Atall", "country": "FR", "date": "2025-01-01"},
        {"suspect": "Gbagbo", "country": "FR", "date": "2025-01-01"},
        {"suspect": "putin", "country": "Congo", "date": "2025-01-01"},
        {"suspect": "putin", "country": False, "date": "2025-01-01"},
        {"suspect": "putin", "country": "FR", "arrive": "2025-01-05", "depart": "2025-01-01"},
        {"suspect": "putin", "country": "FR", "date": "2025-01-01", "arrive": "2025-01-01"},
        {"suspect": "putin", "country": "FR", "date": 12},
        {"suspect": "putin", "country": "FR"},
        {"suspect": "", "country": "FR", "date": "2025-01-01"},
        {"suspect": "putin", "country": "FR", "date": "2025-01-01", "kind": "walk"},
        {"suspect": "putin", "country": "FR", "COUNTRY": "US", "date": "2025-01-01"},
    ]
    kinds = [problem_kinds(r.error or "") for r in check_legs(legs)]
    assert kinds == [
        ["unknown suspect"],
        ["ambiguous suspect"],
        ["ambiguous place"],
        ["unknown place"],
        ["bad date"],
        ["bad date"],
        ["bad date"],
        ["missing or empty value"],
        ["missing or empty value"],
        ["unknown kind of leg"],
        ["duplicate field"],
    ]
    assert problem_kinds("something new") == ["other problem"]


def test_progress_is_shown_on_the_parallel_path_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from travelrisk.batch import parallel
    from travelrisk.cli import batch as batch_module

    rows = ["suspect,country,date"] + ["putin,FR,2025-01-01"] * 50
    path = tmp_path / "legs.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    seen: list[int] = []
    shown = io.StringIO()
    shown.isatty = lambda: True  # type: ignore[method-assign]
    ticks = iter(range(0, 10_000, 1))
    monkeypatch.setattr(batch_module.time, "monotonic", lambda: float(next(ticks)))
    real = parallel.check_csv

    def spy(*args: object, **kwargs: object) -> object:
        progress = kwargs["progress"]
        assert callable(progress)

        def counted(n: int) -> None:
            seen.append(n)
            progress(n)

        kwargs.update(progress=counted, chunk_lines=10)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "check_csv", spy)
    monkeypatch.setattr(batch_module.sys, "stderr", shown)
    import click

    from travelrisk.cli import Context

    command = batch_module.batch
    with click.Context(command, obj=Context(None, False)) as ctx, pytest.raises(SystemExit) as done:
        ctx.invoke(command, files=(str(path),), fmt="csv", output=str(tmp_path / "o.csv"), jobs=2)
    assert done.value.code == 1
    assert seen == [10, 20, 30, 40, 50]
    assert "50 legs checked" in shown.getvalue() and "\r" in shown.getvalue()


# -- delimiters -------------------------------------------------------------------------------

LEGS_BY_COMMA = 'suspect,country,date,note\nputin,FR,2025-01-01,"a, b"\nnetanyahu,US,2025-04-07,x\n'


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_the_delimiter_is_sniffed_and_the_output_is_what_commas_give(delimiter: str) -> None:
    legs = LEGS_BY_COMMA.replace(",", delimiter).replace(f"a{delimiter} b", f"a{delimiter} b")
    _, expected, _ = run("batch", "-", "--format", "csv", input=LEGS_BY_COMMA)
    code, out, err = run("batch", "-", "--format", "csv", input=legs)
    assert code == 1, err
    rows, wanted = csv_rows(out), csv_rows(expected)
    assert [r["status"] for r in rows] == ["obliged", "not_obliged"]
    assert rows[0]["note"] == f"a{delimiter} b"  # a quoted field keeps its delimiter
    for row, want in zip(rows, wanted, strict=True):
        assert {k: v for k, v in row.items() if k != "note"} == {
            k: v for k, v in want.items() if k != "note"
        }


def test_a_semicolon_file_is_sniffed_on_the_parallel_path_too(tmp_path: Path) -> None:
    path = tmp_path / "legs.csv"
    rows = ["suspect;country;date"] + [f"putin;{c};2025-01-01" for c in ["FR", "US"] * 30]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code1, one, _ = run("batch", str(path), "--jobs", "1", "--format", "csv")
    code2, two, _ = run("batch", str(path), "--jobs", "2", "--format", "csv")
    assert code1 == code2 == 1 and one == two
    assert [r["status"] for r in csv_rows(one)][:2] == ["obliged", "not_obliged"]


def test_the_delimiter_can_be_given() -> None:
    legs = "suspect:country:date\nputin:FR:2025-01-01\n"
    code, out, _ = run("batch", "-", "--delimiter", ":", "--format", "csv", input=legs)
    assert code == 1 and csv_rows(out)[0]["place"] == "FR"
    tabbed = "suspect\tcountry\tdate\nputin\tFR\t2025-01-01\n"
    code, out, _ = run("batch", "-", "--delimiter", "tab", "--format", "csv", input=tabbed)
    assert code == 1 and csv_rows(out)[0]["place"] == "FR"


@pytest.mark.parametrize("bad", ["", ";;", '"', "\n"])
def test_a_bad_delimiter_is_refused_in_one_line(bad: str) -> None:
    code, out, err = run("batch", "-", "--delimiter", bad, input=LEGS_BY_COMMA)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "--delimiter" in err and "one character" in err


def test_sniffing_reads_the_header_where_the_sample_says_little() -> None:
    from travelrisk.batch.itinerary_io import sniff_delimiter

    assert sniff_delimiter(["suspect;country;date\n"]) == ";"
    assert sniff_delimiter(["suspect,country,date\n", "putin,FR,2025-01-01\n"]) == ","
    assert sniff_delimiter(["suspect\n", "putin\n"]) == ","
    assert sniff_delimiter([]) == ","


@pytest.mark.parametrize(
    "header",
    ["name,place,when", "name;place;when", "Name\tPlace\tWhen", "suspect|country|date"],
)
def test_a_header_with_no_known_column_stops_with_one_line(header: str, tmp_path: Path) -> None:
    legs = header + "\n" + "putin,FR,2025-01-01\n"
    args = ("--delimiter", ",") if "|" in header else ()
    code, out, err = run("batch", "-", *args, input=legs)
    assert code == 2 and out == "" and err.count("\n") == 1, err
    assert "none of the columns" in err
    for column in header.replace(";", ",").replace("\t", ",").split(","):
        assert repr(column) in err or column in err
    assert "accepted: suspect (or traveller, traveler), country, date, arrive, depart" in err
    path = tmp_path / "x.csv"
    path.write_text("a" * 2_000_000 + "\n", encoding="utf-8")  # a big file: the parallel path
    code, out, err = run("batch", str(path), "--delimiter", ",")
    assert code == 2 and out == "" and "none of the columns" in err and len(err) < 400


# -- output files and Excel -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["out.xlsm", "out.tsv", "out.CSVX", "out.yaml"])
def test_an_unknown_output_extension_is_refused_unless_format_says(
    name: str, tmp_path: Path
) -> None:
    legs = "suspect,country,date\nputin,FR,2025-01-01\n"
    target = tmp_path / name
    code, out, err = run("batch", "-", "-o", str(target), input=legs)
    assert code == 2 and err.count("\n") == 1 and not target.exists()
    assert ".csv, .jsonl, .ndjson, .json, .txt, .xlsx" in err and "--format" in err
    code, _, _ = run("batch", "-", "-o", str(target), "--format", "csv", input=legs)
    assert code == 1 and target.read_text(encoding="utf-8").startswith("suspect,country,date,")


def test_a_known_extension_or_none_still_chooses_the_format(tmp_path: Path) -> None:
    legs = "suspect,country,date\nputin,FR,2025-01-01\n"
    code, _, _ = run("batch", "-", "-o", str(tmp_path / "OUT.JSONL"), input=legs)
    assert code == 1 and json.loads((tmp_path / "OUT.JSONL").read_text())["place"] == "FR"
    code, _, _ = run("batch", "-", "-o", str(tmp_path / "plain"), input=legs)  # no extension: CSV
    assert code == 1 and (tmp_path / "plain").read_text().startswith("suspect,")


openpyxl = pytest.importorskip("openpyxl")


def test_excel_output_holds_the_csv_columns_and_rows(tmp_path: Path) -> None:
    legs = (
        "suspect,country,date,note\n"
        "putin,FR,2025-01-01,=1+1\n"
        "putin,Narnia,2025-01-01,\x01bell\n"
        "netanyahu,US,2025-04-07,plain\n"
    )
    code, as_csv, _ = run("batch", "-", "--format", "csv", input=legs)
    target = tmp_path / "out.xlsx"
    code2, out, _ = run("batch", "-", "-o", str(target), input=legs)
    assert code == code2 == 3 and out == ""
    sheet = openpyxl.load_workbook(target, read_only=True).worksheets[0]
    rows = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    expected = list(csv.reader(io.StringIO(as_csv)))
    assert rows[0] == expected[0]
    assert len(rows) == len(expected) == 4
    for got, want in zip(rows[1:], expected[1:], strict=True):
        cells = [str(v).lower() if isinstance(v, bool) else str(v) for v in got]
        assert [c for i, c in enumerate(cells) if i != 3] == [
            c for i, c in enumerate(want) if i != 3
        ]
    assert rows[1][3] == "=1+1"  # text, not a formula
    assert rows[2][3] == "\ufffdbell"  # a control character Excel cannot hold


def test_excel_input_is_read_with_its_types(tmp_path: Path) -> None:
    from datetime import date, datetime

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Traveller", "Country", "Arrive", "Depart", "Seats"])
    sheet.append(["Poutine", "Mongolia", date(2024, 9, 2), datetime(2024, 9, 4), 3])
    sheet.append([None, None, None, None, None])  # a blank row
    sheet.append(["putin", "Narnia", "2024-09-02", "2024-09-02", None])
    sheet.append(["putin", "FR", "2024-09-02", "2024-09-02", 1, "stray"])
    path = tmp_path / "trips.xlsx"
    book.save(path)
    code, out, err = run("batch", str(path), "--format", "jsonl")
    assert code == 3, err
    first, second, third = map(json.loads, out.splitlines())
    assert third["error"] == "this row has 1 cell past the header's 5 columns"
    assert "(1 unknown place, 1 unreadable record)" in err
    assert first["place"] == "MN" and first["status"] == "obliged" and first["Seats"] == 3
    assert first["Arrive"] == "2024-09-02" and first["row"] == 2
    assert second["row"] == 4 and "Narnia" in second["error"]


def test_a_workbook_with_no_known_column_or_not_a_workbook_stops(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["name", "place", "when"])
    path = tmp_path / "bad.xlsx"
    book.save(path)
    code, out, err = run("batch", str(path))
    assert code == 2 and out == "" and "found 'name', 'place', 'when'" in err
    fake = tmp_path / "fake.xlsx"
    fake.write_text("suspect,country,date\n", encoding="utf-8")
    code, out, err = run("batch", str(fake))
    assert code == 2 and out == "" and "not a readable Excel workbook" in err
    assert err.count("\n") == 1


def test_excel_is_imported_only_when_used() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from travelrisk.cli import main; from travelrisk import itinerary_io; "
        "print('openpyxl' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "False"


def test_without_openpyxl_excel_is_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import builtins

    real = builtins.__import__

    def no_openpyxl(name: str, *args: object, **kwargs: object) -> object:
        if name.startswith("openpyxl"):
            raise ImportError(name)
        return real(name, *args, **kwargs)  # type: ignore[arg-type]

    import importlib

    monkeypatch.setattr(
        importlib,
        "import_module",
        lambda name, *a: no_openpyxl(name) if name.startswith("openpyxl") else real(name),
    )
    target = tmp_path / "out.xlsx"
    code, _, err = run("batch", "-", "-o", str(target), input="suspect,country,date\n")
    assert code == 2 and "needs openpyxl" in err and "pip install openpyxl" in err
    assert err.count("\n") == 1 and not target.exists()


def test_a_trip_over_several_files_is_one_block_naming_each_rows_file(tmp_path: Path) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("trip,traveller,country,date\nT,putin,FR,2025-01-01\n", encoding="utf-8")
    b.write_text("trip,suspect,country,date\nT,Putin,DE,2025-01-02\n", encoding="utf-8")
    _, out, _ = run("batch", str(a), str(b), "--format", "text")
    assert len(headlines(out)) == 1 and "(2 legs)" in out
    assert f"  row 2 of {a}: stay in France" in out and f"  row 2 of {b}: stay in Germany" in out


def test_the_source_column_agrees_with_check_for_every_suspect_and_many_places() -> None:
    ds = default_dataset()
    places = ["FR", "US", "UA", "SD", "LY", "HU", "PH", "BI", "MN", "GL", "PS", "VE"]
    stays = [("2010-01-01", "2010-12-31"), ("2024-06-01", "2025-06-30")]
    ids = sorted(ds.suspects)
    legs = [
        {"suspect": who, "country": where, "arrive": a, "depart": d}
        for who in ids
        for where in places
        for a, d in stays
    ]
    checked = 0
    for result in check_legs(legs, ds):
        assert result.suspect is not None and result.place is not None and result.from_
        verdict = ds.check(result.suspect.id, result.place.code, on=result.from_)
        assert result.source == (verdict.sources[0] if verdict.sources else None), result.leg
        checked += 1
    assert checked == len(legs) > 500


@pytest.mark.parametrize(
    "extra",
    [("--jobs", "1"), ("--jobs", "2"), ("--against", str(Path(__file__).parent.parent / "data"))],
    ids=["serial", "parallel", "rescreen"],
)
def test_every_path_reports_progress_when_stderr_is_a_terminal(
    extra: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from travelrisk.batch import parallel
    from travelrisk.cli import batch as batch_module

    counts: list[int] = []
    closed: list[bool] = []

    class Meter:
        def update(self, n: int) -> None:
            counts.append(n)

        def close(self) -> None:
            closed.append(True)

    monkeypatch.setattr(batch_module, "_progress", Meter)
    monkeypatch.setattr(parallel, "CHUNK_LINES", 1000)
    path = tmp_path / "legs.csv"
    rows = ["suspect,country,date"] + ["putin,FR,2025-01-01", "putin,US,2025-01-01"] * 2500
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, _, _ = run("batch", str(path), "-o", str(tmp_path / "out.csv"), *extra)
    assert code in (0, 1)
    assert counts and counts == sorted(counts) and max(counts) <= 5000
    assert closed


def test_excel_from_python_needs_a_stream_with_bytes_under_it(tmp_path: Path) -> None:
    from travelrisk.batch.formats import ItineraryError

    legs = [{"suspect": "putin", "country": "FR", "date": "2025-01-01"}]
    with pytest.raises(ItineraryError, match="bytes"):
        write_results(check_legs(legs), io.StringIO(), "xlsx")
    path = tmp_path / "out.xlsx"
    with open(path, "w", encoding="utf-8") as out:
        summary = write_results(check_legs(legs), out, "xlsx")
    assert summary.legs == 1 and summary.statuses == {"obliged": 1}
    rows = list(openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True))
    assert rows[1][:3] == ("putin", "FR", "2025-01-01") and "obliged" in rows[1]
