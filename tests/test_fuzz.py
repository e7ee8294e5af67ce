"""Property-based tests: no input, typed or in a data file, makes the tool fail other than cleanly.

Library calls either answer or raise a TravelriskError subclass; the CLI exits 0, 1 or 2 and never
lets an exception escape; an overlay folder either loads or is refused with a DataError, and loads
exactly when `data validate` finds no error.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import travelrisk
from travelrisk.batch.legs import ERROR, LegResult, check_legs
from travelrisk.cli import main
from travelrisk.data.dataset import parse_date
from travelrisk.data.files import bundled_document, yaml_document
from travelrisk.data.validate import (
    FIELDS,
    RECORD_FILES,
    check_folder,
    iso_codes,
    merge_and_validate,
)
from travelrisk.errors import BadDate, InputError, TravelriskError
from travelrisk.law.schema import FILE_STEMS

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOWER = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NAMES = [
    "putin",
    "Vladimir Putin",
    "al-Bashir",
    "Нетаньяху",
    "Kony",
    "deif",
    "Gaddafi",
    "Mohammed",
    "FR",
    "France",
    "Congo",
    "UK",
    "Crimea",
    "XK",
    "250",
    "the",
    "",
    " ",
]
# Text that looks like input: real names, codes and dates, mangled; or anything at all.
typed = st.one_of(
    st.text(max_size=40),
    st.sampled_from(NAMES),
    st.builds(lambda a, b: a + b, st.sampled_from(NAMES), st.text(max_size=5)),
    st.dates().map(date.isoformat),
    st.text(alphabet="0123456789-+/. WT:", max_size=14),
)


def _ds() -> travelrisk.Dataset:
    return travelrisk.default_dataset()


# -- typed input ----------------------------------------------------------------------------------
@FAST
@given(typed)
def test_suspect_resolves_or_raises_an_input_error(text: str) -> None:
    try:
        person = _ds().suspect(text)
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc)
    else:
        assert person.id in _ds().suspects


@FAST
@given(typed)
def test_place_resolves_or_raises_an_input_error(text: str) -> None:
    try:
        place = _ds().place(text)
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc)
    else:
        assert place.code and place.name


@FAST
@given(st.one_of(typed, st.none(), st.dates()))
def test_parse_date_gives_a_date_or_bad_date(value: str | date | None) -> None:
    try:
        day = parse_date(value)
    except BadDate as exc:
        assert "YYYY-MM-DD" in str(exc)
    else:
        assert type(day) is date


@FAST
@given(
    st.lists(typed, min_size=0, max_size=4),
    st.lists(st.sampled_from(["--on", "--format", "-h", "--", "-v", "--data"]), max_size=2),
)
def test_check_on_the_command_line_exits_0_1_or_2(args: list[str], options: list[str]) -> None:
    argv = ["check", *options, *args]
    result = CliRunner().invoke(main, argv)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        argv,
        result.exception,
    )
    assert result.exit_code in (0, 1, 2), (argv, result.exit_code, result.output)
    if result.exit_code == 2 and "--help" not in argv and "-h" not in argv:
        assert result.stderr.strip(), argv
    assert "Traceback" not in result.stderr


# -- itineraries ----------------------------------------------------------------------------------
values = st.one_of(
    st.none(),
    typed,
    st.integers(),
    st.floats(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
columns = st.one_of(
    st.sampled_from(
        [
            "suspect",
            "country",
            "date",
            "arrive",
            "depart",
            "kind",
            "trip",
            "Traveller",
            " COUNTRY ",
            "legs",
            "notes",
        ]
    ),
    st.text(max_size=8),
)
legs = st.lists(
    st.one_of(
        st.dictionaries(columns, values, max_size=7),
        st.fixed_dictionaries(
            {"suspect": typed, "country": typed},
            optional={
                "date": st.one_of(typed, st.dates()),
                "arrive": st.one_of(typed, st.dates()),
                "depart": st.one_of(typed, st.dates()),
                "kind": st.sampled_from(["stay", "transit", "overflight", "swim", ""]),
            },
        ),
    ),
    max_size=6,
)


@FAST
@given(legs)
def test_check_legs_answers_every_row_and_never_raises(rows: list[dict[Any, Any]]) -> None:
    results = list(check_legs(rows))
    assert len(results) == len(rows)
    for n, result in enumerate(results, 1):
        assert isinstance(result, LegResult) and result.row == n
        assert result.status in {
            "obliged",
            "not_obliged",
            "uncertain",
            "no_live_warrant",
            "not_present",
            ERROR,
        }
        assert (result.status == ERROR) == bool(result.error)


# -- data files -----------------------------------------------------------------------------------
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.dates(),
    st.datetimes(),
    st.sampled_from(["FR", "ukraine", "putin", "2026-06-02", ""]),
)
anything = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


SOURCES = [{"title": "a test", "url": "https://example.org/a-test"}]
# One valid record per file, for mutation: odd data that still passes validation reaches the
# engine, where random documents never get.
VALID: dict[str, dict[str, Any]] = {
    "dataset": {"version": "test", "as_of": date(2026, 11, 26)},
    "states_parties": {
        "code": "US",
        "name": "United States",
        "signature": date(2000, 12, 31),
        "instrument": "ratification",
        "deposit": date(2030, 1, 15),
        "entry_into_force": date(2030, 4, 1),
        "sources": SOURCES,
        "withdrawals": [{"notified": date(2031, 1, 10), "effective": date(2032, 1, 10)}],
    },
    "situations": {
        "id": "test-sit",
        "name": "Situation in Testland",
        "states": ["US"],
        "trigger": "proprio_motu",
        "investigation_opened": date(2026, 1, 1),
        "sources": SOURCES,
    },
    "warrants": {
        "id": "test-x",
        "name": "Testina Madeupova",
        "situation": "ukraine",
        "warrants": [{"crimes": [{"crime": "x"}]}],
        "events": [{"date": date(2026, 11, 25), "type": "warrant_issued"}],
        "sources": SOURCES,
    },
    "territories": {
        "code": "UM",
        "name": "Outlying",
        "sovereign": "US",
        "coverage": "extended",
        "from": date(2031, 1, 1),
        "sources": SOURCES,
    },
    "obligations": {
        "id": "test-duty",
        "state": "US",
        "basis": "declaration",
        "situations": ["ukraine"],
        "from": date(2026, 1, 1),
        "instrument": "x",
        "sources": SOURCES,
    },
    "compliance": {
        "id": "test-finding",
        "state": "FR",
        "suspect": "putin",
        "outcome": "pending",
        "summary": "x",
        "sources": SOURCES,
    },
    "place_names": {"name": "Testland", "code": "US"},
    "sources": {
        "id": "test-source",
        "title": "Test page",
        "url": "https://example.org/test",
        "kind": "press",
        "read": True,
    },
}
plausible = st.one_of(
    anything,
    st.dates(min_value=date(1998, 7, 17), max_value=date(2100, 12, 31)),
    st.sampled_from(
        [
            "US",
            "FR",
            "HU",
            "UM",
            "ukraine",
            "darfur",
            "putin",
            "warrant_issued",
            "surrendered",
            "continuing_duty",
            "referral",
            "follows_sovereign",
            "none",
            "uncertain",
            "excluded",
            None,
            [],
            [{"title": "t", "url": "https://example.org/t"}],
        ]
    ),
)


@st.composite
def record_like(draw: st.DrawFn, stem: str) -> dict[str, Any]:
    """A valid record with a few fields removed or changed to something plausible or not."""
    rec = dict(VALID[stem])
    names = sorted(FIELDS[stem])
    for name in draw(st.lists(st.sampled_from(names), max_size=3, unique=True)):
        if draw(st.booleans()):
            rec.pop(name, None)
        else:
            rec[name] = draw(plausible)
    return rec


@st.composite
def overlay_files(draw: st.DrawFn) -> dict[str, bytes]:
    """Up to three overlay files: raw bytes, YAML of anything, or records of the right shape."""
    stems = draw(st.lists(st.sampled_from(FILE_STEMS), min_size=1, max_size=3, unique=True))
    files: dict[str, bytes] = {}
    for stem in stems:
        how = draw(st.sampled_from(["bytes", "text", "anything", "records", "records"]))
        if how == "bytes":
            content = draw(st.binary(max_size=60))
        elif how == "text":
            content = draw(st.text(alphabet=" \n\t-:[]{},&*!|>'\"#%@`abc12", max_size=60)).encode()
        elif how == "anything":
            content = yaml.safe_dump(draw(anything)).encode()
        elif stem == "dataset":
            content = yaml.safe_dump(draw(record_like(stem))).encode()
        else:
            top = RECORD_FILES[stem][0]
            recs = draw(st.lists(record_like(stem), min_size=1, max_size=2))
            content = yaml.safe_dump({top: recs}).encode()
        files[f"{stem}.yaml"] = content
    return files


@contextlib.contextmanager
def overlay_folder(files: dict[str, bytes]) -> Iterator[Path]:
    """A fresh folder per example (a fresh path: no cache can answer for another example)."""
    saved = os.environ.get("TRAVELRISK_NO_CACHE")
    os.environ["TRAVELRISK_NO_CACHE"] = "1"
    try:
        with tempfile.TemporaryDirectory(prefix="travelrisk-fuzz-") as folder:
            for name, content in files.items():
                (Path(folder) / name).write_bytes(content)
            yield Path(folder)
    finally:
        if saved is None:
            os.environ.pop("TRAVELRISK_NO_CACHE", None)
        else:
            os.environ["TRAVELRISK_NO_CACHE"] = saved


@SLOWER
@given(overlay_files())
def test_an_overlay_loads_or_is_refused_cleanly(files: dict[str, bytes]) -> None:
    with overlay_folder(files) as folder:
        problems = check_folder(folder)  # never raises
        errors = [p for p in problems if not p.warning]
        try:
            ds = travelrisk.load(folder)
        except TravelriskError as exc:
            assert errors, f"load refused what validate passed: {exc}"
            assert "\n" not in str(exc)
            return
        assert not errors, f"load took what validate refused: {[str(p) for p in errors]}"
        for sid in list(ds.suspects)[-2:]:  # the overlay's records are merged at the end
            for country in ("FR", "US", "HU"):
                ds.check(sid, country, on="2026-06-02")


@FAST
@given(st.binary(max_size=200))
def test_any_bytes_as_a_data_file_are_reported_not_raised(content: bytes) -> None:
    doc, problems = yaml_document(content)
    assert doc is None or not problems
    assert all(isinstance(p, str) and "\n" not in p for p in problems)


ISO = iso_codes()


@FAST
@given(st.sampled_from(FILE_STEMS), anything)
def test_any_structure_is_reported_not_raised(stem: str, doc: Any) -> None:
    bundle = {s: bundled_document(s) for s in FILE_STEMS}
    merged, _, problems = merge_and_validate(bundle, {stem: ("x.yaml", doc)}, codes=ISO)
    assert isinstance(merged, dict) and all(isinstance(p.message, str) for p in problems)


def test_a_date_and_datetime_stay_apart() -> None:
    # A YAML timestamp with a time is a datetime (a date subclass): it must be refused as a
    # date, or comparing it with a date would raise TypeError deep in the validator.
    assert isinstance(datetime(2026, 1, 1), date)
    text = 'states:\n- code: "US"\n  deposit: 2030-01-15 10:00:00\n  signature: 2000-01-01\n'
    with overlay_folder({"states_parties.yaml": text.encode()}) as folder:
        messages = [p.message for p in check_folder(folder) if p.field == "deposit"]
    assert any("without a time" in m for m in messages)


def test_a_datetime_for_the_date_is_answered() -> None:
    v = travelrisk.check("putin", "FR", on=datetime(2025, 1, 1, 12, 0))
    assert v.on == date(2025, 1, 1)
