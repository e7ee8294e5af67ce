"""travelrisk.batch.itinerary_io: reading itineraries (CSV, JSON Lines, JSON, YAML), writing
results."""

from __future__ import annotations

import csv
import io
import json
import os
import threading
from datetime import date
from pathlib import Path

import pytest

from travelrisk.batch.columns import VERDICT_COLUMNS, output_columns
from travelrisk.batch.formats import ItineraryError, input_format_for, output_format_for
from travelrisk.batch.itinerary_io import open_itinerary, read_files, read_legs, write_results
from travelrisk.batch.legs import check_legs
from travelrisk.data.dataset import Dataset

FIXTURES = Path(__file__).parent / "fixtures" / "itineraries"


def fixture(name: str) -> str:
    return str(FIXTURES / name)


# -- reading ---------------------------------------------------------------------------------------


def test_csv_legs_keep_their_columns_values_and_line_numbers() -> None:
    it = open_itinerary(fixture("netanyahu_budapest.csv"))
    assert it.format == "csv"
    assert it.columns == ("trip", "traveller", "country", "arrive", "depart", "kind", "notes")
    legs = list(it.legs)
    assert [leg.row for leg in legs] == [2, 3, 4]
    assert [leg.country for leg in legs] == ["Israel", "Hungary", "United States"]
    assert legs[1].suspect == "Benjamin Netanyahu"  # from the traveller column
    assert legs[2].fields["notes"] == "Washington, D.C.: White House meeting on 7 April"
    assert legs[0].text == (
        "2025-04 Budapest and Washington,Benjamin Netanyahu,Israel,"
        "2025-04-02,2025-04-02,stay,Departure from Ben Gurion"
    )


def test_csv_with_a_byte_order_mark_and_windows_line_endings() -> None:
    it = open_itinerary(fixture("bom_crlf.csv"))
    assert it.columns == ("Suspect ", " COUNTRY ", "Date", "Comment")
    legs = list(it.legs)
    assert len(legs) == 3
    assert [leg.row for leg in legs] == [2, 3, 4]
    assert legs[0].suspect == "putin" and legs[0].on == "2025-01-01"
    assert legs[0].fields["Comment"] == "Paris, summit"
    assert all("\r" not in str(v) for leg in legs for v in leg.values)
    assert legs[1].text == "netanyahu,US,2025-04-07,"


def test_csv_quoted_fields_over_several_lines_and_ragged_rows(tmp_path: Path) -> None:
    path = tmp_path / "legs.csv"
    path.write_text(
        "suspect,country,date,notes\n"
        'putin,FR,2025-01-01,"two\nlines"\n'
        "\n"
        "putin,FR\n"
        "putin,FR,2025-01-01,x,surplus\n"
        "putin,FR,2025-01-01,x,\n"
        'putin,US,2025-01-01,"a ""quoted"" word"\n',
        encoding="utf-8",
    )
    legs = list(read_legs(str(path)))
    assert [leg.row for leg in legs] == [3, 5, 6, 7, 8]
    assert legs[0].fields["notes"] == "two\nlines" and legs[0].text is None
    assert legs[1].on == "" and legs[1].problem is None  # a short row: empty trailing cells
    assert legs[2].problem == "this record has 5 fields but the header has 4"
    assert legs[3].problem is None and len(legs[3].values) == 4  # an empty surplus cell
    assert legs[4].fields["notes"] == 'a "quoted" word'
    assert legs[4].text == 'putin,US,2025-01-01,"a ""quoted"" word"'


def test_an_empty_csv_has_no_legs(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")
    it = open_itinerary(str(path))
    assert it.columns == () and list(it.legs) == []


def test_jsonl_skips_blank_lines_and_keeps_bad_lines_as_problems(tmp_path: Path) -> None:
    legs = list(read_legs(fixture("stays_across_changes.jsonl")))
    assert [leg.row for leg in legs] == [1, 2, 4]
    assert legs[2].kind == "stay" and legs[2].trip == "Paris in March"
    path = tmp_path / "bad.jsonl"
    path.write_text(
        '{"suspect": "putin", "country": "FR", "date": "2025-01-01"}\n'
        "{not json\n[1, 2]\n"
        '{"suspect": "putin", "country": "US", "date": "2025-01-01"}\r\n',
        encoding="utf-8",
    )
    legs = list(read_legs(str(path)))
    assert [leg.row for leg in legs] == [1, 2, 3, 4]
    assert legs[1].problem is not None and "not a JSON object" in legs[1].problem
    assert legs[2].problem == "a leg must be a JSON object, not a list"
    assert legs[3].country == "US"


def test_json_trips_give_their_traveller_and_name_to_each_leg() -> None:
    it = open_itinerary(fixture("al_bashir_south_africa.json"))
    legs = list(it.legs)
    assert [leg.row for leg in legs] == [1, 2]
    assert {leg.suspect for leg in legs} == {"Omar al-Bashir"}
    assert {leg.trip for leg in legs} == {"2015-06 AU summit, Johannesburg"}
    assert it.columns == ("trip", "traveller", "country", "arrive", "depart", "notes", "date")


def test_json_shapes(tmp_path: Path) -> None:
    def legs_of(doc: object) -> list[object]:
        path = tmp_path / "doc.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        return [leg.problem or leg.country for leg in read_legs(str(path))]

    leg = {"suspect": "putin", "country": "FR", "date": "2025-01-01"}
    assert legs_of([leg, leg]) == ["FR", "FR"]
    assert legs_of(leg) == ["FR"]
    assert legs_of({"trips": [{"traveller": "putin", "legs": [{"country": "DE"}]}]}) == ["DE"]
    # A leg's own field wins over its trip's, matched case-insensitively.
    path = tmp_path / "doc.json"
    path.write_text(
        json.dumps({"Traveller": "putin", "legs": [{"TRAVELLER": "netanyahu", "country": "HU"}]})
    )
    (only,) = read_legs(str(path))
    assert only.suspect == "netanyahu"
    problems = legs_of([{"trip": "empty", "legs": []}, 3])
    assert problems == [
        "trip empty has no legs: give `legs:` as a list",
        "a leg or trip must be a mapping, not a number",
    ]
    assert legs_of(None) == []
    with pytest.raises(ItineraryError, match="expected a list of legs or trips"):
        legs_of("just a string")


def test_yaml_trip() -> None:
    legs = list(read_legs(fixture("putin_mongolia.yaml")))
    assert len(legs) == 4
    assert [leg.kind for leg in legs] == ["overflight", None, "overflight", "transit"]
    assert legs[1].arrive == date(2024, 9, 2)  # YAML reads dates as dates
    assert {leg.suspect for leg in legs} == {"Vladimir Putin"}


def test_yaml_norway_is_a_clear_error_row(tmp_path: Path, ds: Dataset) -> None:
    path = tmp_path / "trip.yaml"
    path.write_text(
        "traveller: putin\nlegs:\n  - {country: NO, date: 2025-01-01}\n"
        '  - {country: "NO", date: 2025-01-01}\n',
        encoding="utf-8",
    )
    first, second = check_legs(read_legs(str(path)), ds)
    assert first.error is not None and "quote Norway" in first.error
    assert second.place is not None and second.place.code == "NO"


@pytest.mark.parametrize(
    "name, fmt",
    [
        ("a.csv", "csv"),
        ("A.CSV", "csv"),
        ("a.jsonl", "jsonl"),
        ("a.ndjson", "jsonl"),
        ("a.json", "json"),
        ("a.yaml", "yaml"),
        ("a.yml", "yaml"),
        ("-", "csv"),
    ],
)
def test_input_format_from_the_name(name: str, fmt: str) -> None:
    assert input_format_for(name) == fmt


def test_input_format_explicit_or_unknown() -> None:
    assert input_format_for("legs.txt", "jsonl") == "jsonl"
    with pytest.raises(ItineraryError, match="--input-format"):
        input_format_for("legs.txt")
    assert output_format_for("out.jsonl") == "jsonl" and output_format_for("out") is None


def test_missing_files_and_directories_are_clean_errors(tmp_path: Path) -> None:
    with pytest.raises(ItineraryError, match="no such file"):
        open_itinerary(str(tmp_path / "missing.csv"))
    folder = tmp_path / "trips.csv"
    folder.mkdir()
    with pytest.raises(ItineraryError, match="is a directory"):
        open_itinerary(str(folder))
    with pytest.raises(ItineraryError, match="no such file"):  # before reading any
        read_files([fixture("mixed.csv"), str(tmp_path / "missing.csv")])
    with pytest.raises(ItineraryError, match="unknown encoding"):
        open_itinerary(fixture("mixed.csv"), encoding="klingon")


def test_undecodable_input_names_the_line_and_suggests_encoding(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    lines = ["suspect,country,date"] + ["putin,FR,2025-01-01"] * 3000 + ["putin,Bénin,2025-01-01"]
    path.write_bytes("\n".join(lines).encode("latin-1"))
    legs = read_legs(str(path))
    with pytest.raises(ItineraryError) as info:
        list(legs)
    message = str(info.value)
    assert "line 3002" in message and "--encoding" in message and "\n" not in message
    assert len(list(read_legs(str(path), encoding="latin-1"))) == 3001
    for fmt in ("json", "yaml"):
        other = tmp_path / f"latin1.{fmt}"
        other.write_bytes('[{"country": "Bénin"}]'.encode("latin-1"))
        with pytest.raises(ItineraryError, match="--encoding"):
            open_itinerary(str(other))


def test_malformed_json_and_yaml_are_clean_errors(tmp_path: Path) -> None:
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('[{"suspect": "putin",}]', encoding="utf-8")
    with pytest.raises(ItineraryError, match="not valid JSON.*line 1"):
        open_itinerary(str(bad_json))
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("legs: [\n  - a: b: c\n", encoding="utf-8")
    with pytest.raises(ItineraryError, match="not valid YAML"):
        open_itinerary(str(bad_yaml))


def test_csv_is_streamed_not_read_whole(tmp_path: Path) -> None:
    # A named pipe: the first leg must come out while the writer still holds the rest back.
    pipe = tmp_path / "legs.csv"
    os.mkfifo(pipe)
    release = threading.Event()

    def feed() -> None:
        with open(pipe, "w", encoding="utf-8") as f:
            f.write("suspect,country,date\nputin,FR,2025-01-01\n")
            f.flush()
            release.wait(10)
            f.write("putin,US,2025-01-01\n")

    writer = threading.Thread(target=feed)
    writer.start()
    try:
        legs = read_legs(str(pipe))
        first = next(legs)
        assert first.country == "FR" and not release.is_set()
        release.set()
        assert [leg.country for leg in legs] == ["US"]
    finally:
        release.set()
        writer.join()


def test_several_files_are_one_stream() -> None:
    it = read_files([fixture("mixed.csv"), fixture("netanyahu_budapest.csv")])
    legs = list(it.legs)
    assert len(legs) == 13 + 3
    # Every file's columns, each once: the second file's traveller and notes are kept too.
    first = ("trip", "suspect", "country", "date", "arrive", "depart", "kind")
    assert it.columns == (*first, "traveller", "notes")
    assert {leg.source for leg in legs} == {fixture("mixed.csv"), fixture("netanyahu_budapest.csv")}


# -- writing ---------------------------------------------------------------------------------------


def written(ds: Dataset, path: str, fmt: str) -> str:
    it = open_itinerary(path)
    out = io.StringIO()
    write_results(check_legs(it.legs, ds), out, fmt, it.columns)
    return out.getvalue()


def test_csv_output_is_the_input_row_then_the_verdict_columns(ds: Dataset) -> None:
    text = written(ds, fixture("netanyahu_budapest.csv"), "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    header = text.splitlines()[0].split(",")
    assert header == [
        "trip",
        "traveller",
        "country",
        "arrive",
        "depart",
        "kind",
        "notes",
        *VERDICT_COLUMNS,
    ]
    assert len(rows) == 3
    hungary = rows[1]
    assert hungary["notes"] == "State visit; Hungary announced its ICC withdrawal on 3 April"
    assert (
        hungary["place"],
        hungary["place_name"],
        hungary["status"],
        hungary["obliged"],
        hungary["basis"],
        hungary["from"],
        hungary["until"],
        hungary["error"],
        hungary["row"],
    ) == ("HU", "Hungary", "obliged", "true", "party", "2025-04-02", "2025-04-06", "", "3")
    assert rows[2]["notes"] == "Washington, D.C.: White House meeting on 7 April"
    assert rows[2]["obliged"] == "false" and rows[2]["basis"] == ""


def test_csv_output_round_trips_every_input_column(ds: Dataset) -> None:
    for name in ("mixed.csv", "bom_crlf.csv", "netanyahu_budapest.csv"):
        with open(fixture(name), encoding="utf-8-sig", newline="") as f:
            source = list(csv.reader(f))
        text = written(ds, fixture(name), "csv")
        out = list(csv.reader(io.StringIO(text)))
        width = len(source[0])
        assert [row[:width] for row in out] == source
        assert len(out) == len(source)


def test_error_rows_in_csv(ds: Dataset) -> None:
    rows = list(csv.DictReader(io.StringIO(written(ds, fixture("mixed.csv"), "csv"))))
    assert len(rows) == 13
    by_trip = {r["trip"]: r for r in rows}
    assert by_trip["c"]["status"] == "error" and by_trip["c"]["obliged"] == ""
    assert "Atlantis" in by_trip["c"]["error"] and by_trip["c"]["row"] == "4"
    assert by_trip["a"]["error"] == ""


def test_json_lines_and_json_outputs(ds: Dataset) -> None:
    lines = written(ds, fixture("putin_mongolia.yaml"), "jsonl").splitlines()
    records = [json.loads(line) for line in lines]
    array = json.loads(written(ds, fixture("putin_mongolia.yaml"), "json"))
    assert records == array and len(array) == 4
    first = array[0]
    assert list(first)[-len(VERDICT_COLUMNS) :] == list(VERDICT_COLUMNS)
    assert first["traveller"] == "Vladimir Putin" and first["kind"] == "overflight"
    assert first["status"] == "not_present" and first["obliged"] is False
    assert array[1]["arrive"] == "2024-09-02" and array[1]["obliged"] is True
    assert array[1]["row"] == 2 and array[1]["error"] is None
    assert json.loads(written(ds, fixture("mixed.csv"), "json"))[2]["obliged"] is None


def test_empty_json_output_is_an_empty_array(ds: Dataset) -> None:
    out = io.StringIO()
    summary = write_results(iter(()), out, "json")
    assert json.loads(out.getvalue()) == [] and summary.legs == 0


def test_text_output_summarises_each_trip(ds: Dataset) -> None:
    text = written(ds, fixture("putin_mongolia.yaml"), "text")
    head = text.splitlines()[0]
    assert head.startswith("Trip 2024-09 Ulaanbaatar: Vladimir Vladimirovich Putin (4 legs)")
    assert "worst: OBLIGED in Mongolia (MN)" in head
    assert "emergency-landing risk" in text
    assert text.count("  row ") == 4
    mixed = written(ds, fixture("mixed.csv"), "text")
    assert "ERROR: unknown country or territory 'Atlantis'" in mixed


def test_input_columns_named_like_ours_are_kept_under_a_prefix(ds: Dataset) -> None:
    legs = [{"suspect": "putin", "country": "FR", "date": "2025-01-01", "status": "booked"}]
    out = io.StringIO()
    write_results(check_legs(legs, ds), out, "csv")
    header, row = list(csv.reader(io.StringIO(out.getvalue())))
    assert header[:4] == ["suspect", "country", "date", "input_status"]
    assert row[3] == "booked" and row[header.index("status")] == "obliged"
    assert output_columns(["row", "x"], file_column=True)[:2] == ["input_row", "x"]


def test_summary_counts(ds: Dataset) -> None:
    it = open_itinerary(fixture("mixed.csv"))
    summary = write_results(check_legs(it.legs, ds), io.StringIO(), "csv", it.columns)
    assert (summary.legs, summary.errors, summary.at_risk) == (13, 10, 2)
    assert summary.first_error is not None and summary.first_error.row == 3


def test_columns_of_other_files_are_aligned_by_name(ds: Dataset) -> None:
    it = read_files([fixture("mixed.csv"), fixture("bom_crlf.csv")])
    out = io.StringIO()
    summary = write_results(check_legs(it.legs, ds), out, "csv", it.columns, file_column=True)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 16
    assert rows[13]["suspect"] == "putin" and rows[13]["country"] == "FR"
    assert rows[13]["file"] == fixture("bom_crlf.csv") and rows[13]["row"] == "2"
    assert rows[13]["Comment"] == "Paris, summit" and rows[0]["Comment"] == ""
    assert summary.dropped_columns == ()


def test_text_output_tells_a_very_long_trip_in_parts(
    ds: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    from travelrisk.batch import writers

    monkeypatch.setattr(writers.TextWriter, "MAX_LEGS", 2)
    legs = [{"trip": "long", "suspect": "putin", "country": "FR", "date": "2025-01-01"}] * 5
    out = io.StringIO()
    write_results(check_legs(legs, ds), out, "text")
    heads = [line for line in out.getvalue().splitlines() if line.startswith("Trip long")]
    assert len(heads) == 3 and "(1 leg, part 3)" in heads[2] and "part" not in heads[0]
