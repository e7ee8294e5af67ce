"""The data validator: each schema and cross-record rule, shown failing on a small bad overlay."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from travelrisk.data.validate import Problem, check_data, check_folder, report_dict, report_lines

SOURCES = [{"title": "a test", "url": "https://example.org/a-test"}]
# A valid new state party (the US has never been one: a made-up future ratification).
US: dict[str, Any] = {
    "code": "US",
    "name": "United States",
    "signature": date(2000, 12, 31),
    "instrument": "ratification",
    "deposit": date(2030, 1, 15),
    "entry_into_force": date(2030, 4, 1),  # art. 126(2): 60 days on, then the next month's 1st
    "sources": SOURCES,
}
SUSPECT: dict[str, Any] = {
    "id": "test-suspect",
    "name": "Testina Madeupova",
    "aliases": ["T. Madeupova"],
    "nationality": ["UA"],
    "situation": "ukraine",
    "warrants": [
        {
            "public": date(2026, 11, 25),
            "crimes": [{"crime": "a made-up crime", "article": "8(2)(a)(vii)"}],
        }
    ],
    "events": [{"date": date(2026, 11, 25), "type": "warrant_issued", "note": "for a test"}],
    "sources": SOURCES,
}
TERRITORY: dict[str, Any] = {
    "code": "UM",
    "name": "US Minor Outlying Islands",
    "sovereign": "US",
    "coverage": "uncertain",
    "reason": "a test",
    "sources": SOURCES,
}
OBLIGATION: dict[str, Any] = {
    "id": "test-duty",
    "state": "US",
    "basis": "declaration",
    "situations": ["ukraine"],
    "from": date(2026, 1, 1),
    "until": None,
    "instrument": "a made-up declaration",
    "sources": SOURCES,
}
FILES = {
    "states_parties": ("states", US),
    "warrants": ("suspects", SUSPECT),
    "territories": ("territories", TERRITORY),
    "obligations": ("obligations", OBLIGATION),
}


def write(folder: Path, stem: str, records: list[dict[str, Any]] | str) -> Path:
    path = folder / f"{stem}.yaml"
    if isinstance(records, str):
        path.write_text(records, encoding="utf-8")
    else:
        path.write_text(
            yaml.safe_dump({FILES[stem][0]: records}, allow_unicode=True), encoding="utf-8"
        )
    return path


def with_change(stem: str, **changes: Any) -> dict[str, Any]:
    """The valid record for `stem`, with fields changed (None removes a field)."""
    rec = copy.deepcopy(FILES[stem][1])
    for name, value in changes.items():
        if value is None:
            rec.pop(name, None)
        else:
            rec[name] = value
    return rec


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if not p.warning]


def ours(folder: Path) -> list[Problem]:
    """The problems in the overlay folder's own files (the bundle may carry warnings)."""
    return [p for p in check_folder(folder) if p.file.startswith(str(folder))]


def find(problems: list[Problem], record: str, field: str) -> Problem:
    hits = [p for p in problems if p.record == record and p.field == field]
    assert hits, f"no problem at {record}: {field}; got: {[str(p) for p in problems]}"
    return hits[0]


def test_the_bundled_data_loads() -> None:
    report = check_data()
    assert report.ok, [str(p) for p in report.errors]
    assert report.counts["states_parties"] > 100 and report.counts["warrants"] > 30
    assert report.version and report.as_of


@pytest.mark.parametrize("stem", sorted(FILES))
def test_the_valid_overlay_records_have_no_problems(tmp_path: Path, stem: str) -> None:
    write(tmp_path, "states_parties", [US])  # the territory and the duty need the US record
    write(tmp_path, stem, [FILES[stem][1]])
    assert errors(check_folder(tmp_path)) == []


# -- dates ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value, says",
    [
        ("2030-02-30", "expected a date YYYY-MM-DD"),  # YAML cannot build it: kept as text
        ("15/01/2030", "expected a date YYYY-MM-DD"),
        ("20300115", "expected a date YYYY-MM-DD"),  # Python would read it; the data may not
        ("2030-01-15 10:00:00", "without a time"),
        ("0230-01-15", "outside"),
        ("yes", "expected a date YYYY-MM-DD"),
    ],
)
def test_dates_must_be_well_formed(tmp_path: Path, value: str, says: str) -> None:
    text = yaml.safe_dump({"states": [US]}).replace("deposit: 2030-01-15", f"deposit: {value}")
    write(tmp_path, "states_parties", text)
    problem = find(check_folder(tmp_path), "US", "deposit")
    assert says in problem.message
    assert problem.file == str(tmp_path / "states_parties.yaml")


def test_signature_after_deposit_needs_an_exception(tmp_path: Path) -> None:
    write(tmp_path, "states_parties", [with_change("states_parties", signature=date(2030, 2, 1))])
    assert "after the deposit" in find(check_folder(tmp_path), "US", "signature").message
    excused = with_change("states_parties", signature=date(2030, 2, 1), exception="a test")
    write(tmp_path, "states_parties", [excused])
    assert errors(check_folder(tmp_path)) == []


def test_entry_into_force_before_deposit(tmp_path: Path) -> None:
    write(
        tmp_path,
        "states_parties",
        [with_change("states_parties", entry_into_force=date(2029, 4, 1))],
    )
    found = [p.message for p in check_folder(tmp_path) if p.field == "entry_into_force"]
    assert any("before deposit" in m for m in found)


def test_entry_into_force_follows_article_126_2_unless_an_exception_explains(
    tmp_path: Path,
) -> None:
    write(
        tmp_path,
        "states_parties",
        [with_change("states_parties", entry_into_force=date(2030, 5, 1))],
    )
    problem = find(check_folder(tmp_path), "US", "entry_into_force")
    assert "art. 126(2)" in problem.message and "2030-04-01" in problem.message
    write(
        tmp_path,
        "states_parties",
        [
            with_change(
                "states_parties", entry_into_force=date(2030, 5, 1), exception="succession: a test"
            )
        ],
    )
    assert errors(check_folder(tmp_path)) == []


def test_entry_into_force_may_be_empty_only_for_a_withdrawn_instrument(tmp_path: Path) -> None:
    write(tmp_path, "states_parties", [with_change("states_parties", entry_into_force=None)])
    assert "instrument_withdrawn" in find(check_folder(tmp_path), "US", "entry_into_force").message


@pytest.mark.parametrize(
    "withdrawal, field, says",
    [
        (
            {"notified": date(2031, 1, 10), "effective": date(2032, 1, 11)},
            "withdrawals[0].effective",
            "not one year after",
        ),
        (
            {"notified": date(2031, 1, 10), "effective": date(2031, 1, 10)},
            "withdrawals[0].effective",
            "not one year after",
        ),
        (
            {
                "notified": date(2031, 1, 10),
                "effective": date(2032, 1, 10),
                "revoked": date(2032, 2, 1),
            },
            "withdrawals[0].revoked",
            "cannot undo",
        ),
        (
            {
                "notified": date(2031, 1, 10),
                "effective": date(2032, 1, 10),
                "revoked": date(2031, 1, 1),
            },
            "withdrawals[0].revoked",
            "before it was notified",
        ),
        (
            {"notified": date(2030, 2, 1), "effective": date(2031, 2, 1)},
            "withdrawals[0].notified",
            "before entry into force",
        ),
        ({"notified": date(2031, 1, 10)}, "withdrawals[0].effective", "missing"),
        (
            {"notified": date(2031, 1, 10), "effective": date(2032, 1, 10), "revokd": None},
            "withdrawals[0].revokd",
            "unknown field",
        ),
    ],
)
def test_withdrawal_dates(
    tmp_path: Path, withdrawal: dict[str, Any], field: str, says: str
) -> None:
    write(tmp_path, "states_parties", [with_change("states_parties", withdrawals=[withdrawal])])
    assert says in find(check_folder(tmp_path), "US", field).message


def test_a_correct_withdrawal_passes(tmp_path: Path) -> None:
    w = {"notified": date(2031, 1, 10), "effective": date(2032, 1, 10), "revoked": None}
    write(tmp_path, "states_parties", [with_change("states_parties", withdrawals=[w])])
    assert errors(check_folder(tmp_path)) == []


# -- references between records -------------------------------------------------------------------
def test_every_warrants_situation_is_known(tmp_path: Path) -> None:
    write(tmp_path, "warrants", [with_change("warrants", situation="atlantis")])
    problem = find(check_folder(tmp_path), "test-suspect", "situation")
    assert "unknown situation 'atlantis'" in problem.message and "ukraine" in problem.message


def test_every_obligations_situation_is_known(tmp_path: Path) -> None:
    write(tmp_path, "states_parties", [US])
    write(tmp_path, "obligations", [with_change("obligations", situations=["ukraine", "mars"])])
    assert "'mars'" in find(check_folder(tmp_path), "test-duty", "situations").message


def test_a_continuing_duty_needs_a_withdrawal_that_took_effect(tmp_path: Path) -> None:
    write(tmp_path, "states_parties", [US])
    write(tmp_path, "obligations", [with_change("obligations", basis="continuing_duty")])
    assert "art. 127(2)" in find(check_folder(tmp_path), "test-duty", "state").message


def test_a_findings_suspect_is_known(tmp_path: Path) -> None:
    finding = {
        "id": "test-finding",
        "state": "FR",
        "suspect": "nobody",
        "outcome": "pending",
        "decision": None,
        "summary": "a test",
        "sources": SOURCES,
    }
    (tmp_path / "compliance.yaml").write_text(yaml.safe_dump({"findings": [finding]}))
    assert "unknown suspect" in find(check_folder(tmp_path), "test-finding", "suspect").message


@pytest.mark.parametrize("alias", ["Vladimir Putin", "PUTIN  vladimir", "Путин"])
def test_no_name_resolves_to_two_people(tmp_path: Path, alias: str) -> None:
    write(tmp_path, "warrants", [with_change("warrants", aliases=[alias])])
    problem = find(check_folder(tmp_path), "test-suspect", "aliases")
    assert "also names putin" in problem.message


# -- sources, codes, values -----------------------------------------------------------------------
@pytest.mark.parametrize("stem", sorted(FILES))
@pytest.mark.parametrize("sources", [None, [], [{"url": "https://example.org"}]])
def test_every_record_has_a_source(tmp_path: Path, stem: str, sources: Any) -> None:
    if stem != "states_parties":
        write(tmp_path, "states_parties", [US])
    rec = with_change(stem, sources=sources) if sources is not None else with_change(stem)
    if sources is None:
        rec.pop("sources")
    write(tmp_path, stem, [rec])
    key = rec.get("code") or rec["id"]
    found = [p for p in check_folder(tmp_path) if p.record == key and p.field.startswith("sources")]
    assert found and not found[0].warning


@pytest.mark.parametrize(
    "stem, changes, field",
    [
        ("warrants", {"nationality": ["ZZ"]}, "nationality"),
        ("territories", {"sovereign": "XX"}, "sovereign"),
        ("obligations", {"state": "USA"}, "state"),
    ],
)
def test_iso_codes_are_valid(
    tmp_path: Path, stem: str, changes: dict[str, Any], field: str
) -> None:
    write(tmp_path, "states_parties", [US])
    rec = with_change(stem, **changes)
    write(tmp_path, stem, [rec])
    key = rec.get("code") or rec["id"]
    assert "ISO 3166-1" in find(check_folder(tmp_path), key, field).message


def test_a_new_states_code_is_valid(tmp_path: Path) -> None:
    write(tmp_path, "states_parties", [with_change("states_parties", code="QQ")])
    assert "ISO 3166-1" in find(check_folder(tmp_path), "QQ", "code").message


def test_unquoted_no_gets_a_hint(tmp_path: Path) -> None:
    write(tmp_path, "states_parties", [US])
    text = yaml.safe_dump({"territories": [TERRITORY]}).replace("sovereign: US", "sovereign: NO")
    write(tmp_path, "territories", text)
    assert "quote it" in find(check_folder(tmp_path), "UM", "sovereign").message


@pytest.mark.parametrize(
    "changes, field, says",
    [
        ({"coverage": "partial"}, "coverage", "not one of"),
        ({"coverage": "extended"}, "from", "missing"),
        ({"coverage": "follows_sovereign", "from": date(2030, 1, 1)}, "from", "only an 'extended'"),
        ({"coverage": "uncertain", "reason": None}, "reason", "missing"),
        (
            {"coverage": "extended", "sovereign": "CN", "from": date(2030, 1, 1)},
            "sovereign",
            "only a State party",
        ),
        ({"coverage": "follows_sovereign", "sovereign": None}, "sovereign", "needs its code"),
        ({"code": "FR"}, "code", "a place is a state or a territory"),
    ],
)
def test_territory_coverage(tmp_path: Path, changes: dict[str, Any], field: str, says: str) -> None:
    write(tmp_path, "states_parties", [US])
    rec = with_change("territories", **changes)
    write(tmp_path, "territories", [rec])
    assert says in find(check_folder(tmp_path), rec["code"], field).message


# -- keys and fields ------------------------------------------------------------------------------
def test_two_records_with_one_key_in_an_overlay(tmp_path: Path) -> None:
    write(tmp_path, "warrants", [SUSPECT, SUSPECT])
    problem = find(check_folder(tmp_path), "test-suspect", "id")
    assert "duplicate key" in problem.message
    assert problem.file == str(tmp_path / "warrants.yaml")


def test_a_key_repeated_in_one_yaml_mapping(tmp_path: Path) -> None:
    text = yaml.safe_dump({"states": [US]}).replace(
        "deposit: 2030-01-15", "deposit: 2030-01-15\n  deposit: 2031-01-15"
    )
    write(tmp_path, "states_parties", text)
    [problem] = ours(tmp_path)
    assert problem.file == str(tmp_path / "states_parties.yaml")
    assert "'deposit' appears twice" in problem.message and "line" in problem.message


@pytest.mark.parametrize("stem", sorted(FILES))
def test_a_record_without_its_key(tmp_path: Path, stem: str) -> None:
    write(tmp_path, "states_parties", [US])
    key = "code" if stem in ("states_parties", "territories") else "id"
    write(tmp_path, stem, [with_change(stem, **{key: None}), FILES[stem][1]])
    problem = find(check_folder(tmp_path), "record 1", key)
    assert problem.file == str(tmp_path / f"{stem}.yaml")


def test_unknown_fields_are_typos(tmp_path: Path) -> None:
    write(tmp_path, "warrants", [with_change("warrants", situaton="ukraine")])
    problem = find(check_folder(tmp_path), "test-suspect", "situaton")
    assert "unknown field" in problem.message and not problem.warning


def test_a_split_crime_is_a_warning(tmp_path: Path) -> None:
    text = yaml.safe_dump({"suspects": [SUSPECT]}, default_flow_style=None).replace(
        "crime: a made-up crime", "crime: a made-up crime, on two days"
    )
    write(tmp_path, "warrants", text)
    [problem] = ours(tmp_path)
    assert problem.warning and "quote" in problem.message
    assert problem.field == "warrants[0].crimes[0].on two days"


@pytest.mark.parametrize(
    "events, field, says",
    [
        ([{"date": date(2026, 11, 25), "type": "warrant_isued"}], "events[0].type", "not one of"),
        (
            [
                {"date": date(2026, 11, 25), "type": "warrant_issued"},
                {"date": date(2026, 11, 1), "type": "arrested"},
            ],
            "events[1].date",
            "date order",
        ),
        ([{"date": date(2026, 11, 25), "type": "arrested"}], "events", "no warrant_issued"),
        ([], "events", "at least warrant_issued"),
    ],
)
def test_warrant_events(tmp_path: Path, events: list[Any], field: str, says: str) -> None:
    write(tmp_path, "warrants", [with_change("warrants", events=events)])
    assert says in find(check_folder(tmp_path), "test-suspect", field).message


def test_wrong_types_are_reported_not_raised(tmp_path: Path) -> None:
    weird = with_change(
        "warrants",
        situation=["ukraine"],
        name={"a": 1},
        aliases="x",
        unverified=5,
        notes=[1],
        case=7,
    )
    write(tmp_path, "warrants", [weird])
    fields = {p.field for p in check_folder(tmp_path) if p.record == "test-suspect"}
    assert {"situation", "name", "aliases", "unverified", "notes", "case"} <= fields


# -- files ----------------------------------------------------------------------------------------
def test_every_problem_is_reported_not_just_the_first(tmp_path: Path) -> None:
    write(
        tmp_path,
        "states_parties",
        [
            with_change("states_parties", instrument="treaty"),
            with_change("states_parties", code="QQ", name=None),
        ],
    )
    write(tmp_path, "warrants", [with_change("warrants", situation="atlantis")])
    (tmp_path / "situations.yaml").write_text("situations: [\n")
    where = {(Path(p.file).name, p.record, p.field) for p in check_folder(tmp_path)}
    assert {
        ("states_parties.yaml", "US", "instrument"),
        ("states_parties.yaml", "QQ", "name"),
        ("states_parties.yaml", "QQ", "code"),
        ("warrants.yaml", "test-suspect", "situation"),
        ("situations.yaml", "", ""),
    } <= where


def test_a_file_that_is_not_yaml(tmp_path: Path) -> None:
    (tmp_path / "warrants.yaml").write_text("suspects:\n  - id: [unclosed\n")
    [problem] = ours(tmp_path)
    assert problem.file == str(tmp_path / "warrants.yaml")
    assert "not valid YAML at line" in problem.message


def test_a_file_of_the_wrong_shape(tmp_path: Path) -> None:
    (tmp_path / "warrants.yaml").write_text("- id: test\n")
    [problem] = ours(tmp_path)
    assert problem.field == "suspects" and "top-level 'suspects:' list" in problem.message


def test_file_names_the_tool_would_ignore_are_warnings(tmp_path: Path) -> None:
    write(tmp_path, "warrants", [SUSPECT])
    (tmp_path / "warrant.yaml").write_text("suspects: []\n")
    (tmp_path / "states_parties.yml").write_text("states: []\n")
    (tmp_path / "notes.txt").write_text("not data\n")
    problems = {Path(p.file).name: p for p in ours(tmp_path)}
    assert set(problems) == {"warrant.yaml", "states_parties.yml"}
    assert all(p.warning for p in problems.values())
    assert "rename it states_parties.yaml" in problems["states_parties.yml"].message


def test_a_folder_without_data_files(tmp_path: Path) -> None:
    [problem] = ours(tmp_path)
    assert problem.file == str(tmp_path) and "none of the data files" in problem.message
    [problem] = ours(tmp_path / "missing")
    assert "not a folder" in problem.message


def test_the_report_for_people_and_programs(tmp_path: Path) -> None:
    write(tmp_path, "warrants", [SUSPECT])
    report = check_data(tmp_path)
    assert report.ok and report.changed == ("warrants.yaml: test-suspect (added)",)
    [summary] = [line for line in report_lines(report) if line.startswith("OK")]
    assert str(tmp_path) in summary and "suspects" in summary
    assert "1 change from the overlay" in summary
    data = report_dict(report)
    assert data["ok"] is True and data["counts"]["suspects"] == report.counts["warrants"]
    write(tmp_path, "warrants", [with_change("warrants", situation="atlantis")])
    bad = report_dict(check_data(tmp_path))
    assert bad["ok"] is False
    [error] = [p for p in bad["problems"] if p["severity"] == "error"]
    assert {
        "file": str(tmp_path / "warrants.yaml"),
        "record": "test-suspect",
        "field": "situation",
        "severity": "error",
    }.items() <= error.items()


def test_offices_and_immunity_claims_are_checked(tmp_path: Path) -> None:
    from travelrisk.data.files import bundled_dir

    suspects = yaml.safe_load((Path(bundled_dir()) / "warrants.yaml").read_text())["suspects"]
    netanyahu = next(s for s in suspects if s["id"] == "netanyahu")
    netanyahu["offices"][0].update(state="XX", until=date(2020, 1, 1), sources=[])
    netanyahu["immunity_claims"][0]["clam"] = "typo"
    (tmp_path / "warrants.yaml").write_text(yaml.safe_dump({"suspects": [netanyahu]}))
    found = {(p.field, p.message.split(" (")[0]) for p in check_folder(tmp_path)}
    assert ("offices[0].state", "not an ISO 3166-1 alpha-2 code: 'XX'") in found
    assert ("offices[0].until", "before the office began") in found
    assert any(f == "immunity_claims[0].clam" for f, _ in found)
    assert any(f == "sources" for f, _ in found)


def test_a_key_with_line_breaks_is_reported_on_one_line(tmp_path: Path) -> None:
    (tmp_path / "dataset.yaml").write_bytes(b"? '\n\n  '\n: null\n")
    problems = check_folder(tmp_path)
    assert problems and all("\n" not in str(p) for p in problems)


def test_sort_as_is_optional_text(tmp_path: Path) -> None:
    write(tmp_path, "warrants", [with_change("warrants", sort_as="Suspect")])
    assert errors(ours(tmp_path)) == []
    write(tmp_path, "warrants", [with_change("warrants", sort_as=["not", "text"])])
    assert find(check_folder(tmp_path), "test-suspect", "sort_as")


# -- a warrant's issue date is stored once, as its warrant_issued event -------------------------
def test_an_issued_field_that_agrees_with_the_event_is_only_redundant(tmp_path: Path) -> None:
    warrant = {**SUSPECT["warrants"][0], "issued": date(2026, 11, 25)}
    write(tmp_path, "warrants", [with_change("warrants", warrants=[warrant])])
    [problem] = ours(tmp_path)
    assert problem.warning and problem.field == "warrants[0].issued"
    assert "stored once" in problem.message


def test_an_issued_field_that_disagrees_with_the_event_is_an_error(tmp_path: Path) -> None:
    warrant = {**SUSPECT["warrants"][0], "issued": date(2026, 11, 20)}
    write(tmp_path, "warrants", [with_change("warrants", warrants=[warrant])])
    [problem] = errors(ours(tmp_path))
    assert problem.field == "warrants[0].issued"
    assert problem.message.startswith("2026-11-20 disagrees with the warrant's warrant_issued")


def test_each_warrant_needs_its_own_warrant_issued_event(tmp_path: Path) -> None:
    two = [SUSPECT["warrants"][0], SUSPECT["warrants"][0]]
    write(tmp_path, "warrants", [with_change("warrants", warrants=two)])
    [problem] = errors(ours(tmp_path))
    assert (problem.field, problem.message) == (
        "events",
        "1 warrant_issued events for 2 warrants: each warrant's issue is its own "
        "warrant_issued event",
    )


def test_made_public_before_the_event_that_issued_it(tmp_path: Path) -> None:
    warrant = {**SUSPECT["warrants"][0], "public": date(2026, 11, 1)}
    write(tmp_path, "warrants", [with_change("warrants", warrants=[warrant])])
    problem = find(errors(ours(tmp_path)), "test-suspect", "warrants[0].public")
    assert problem.message == "made public before it was issued"


def test_the_loaded_issue_date_is_the_events() -> None:
    from travelrisk.data.dataset import load

    ds = load()
    bashir = ds.suspect("al-bashir")
    issued = [e.date for e in bashir.events if e.type == "warrant_issued"]
    assert [w.issued for w in bashir.warrants] == issued == [date(2009, 3, 4), date(2010, 7, 12)]
    # The six Tarhunah warrants: issued on 2023-04-06 or in July 2023, which is not known; the
    # warrant_issued event is only the last day it may have been.
    kani = ds.suspect("al-kani")
    assert [w.issued for w in kani.warrants] == [None]
    assert kani.first_issued == date(2023, 7, 28)
