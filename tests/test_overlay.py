"""Overlay folders: records added or replaced by key, said so in every answer, never leaking."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

import travelrisk
from travelrisk.cli import main
from travelrisk.data.files import bundled_document
from travelrisk.law.model import Basis, Status

SUSPECT: dict[str, Any] = {
    "id": "test-suspect",
    "name": "Testina Madeupova",
    "nationality": ["UA"],
    "situation": "ukraine",
    "warrants": [{"public": date(2026, 11, 25), "crimes": []}],
    "events": [{"date": date(2026, 11, 25), "type": "warrant_issued", "note": "made up"}],
    "sources": [{"title": "a test", "url": "https://example.org/a-test"}],
}
HUNGARY_DUTY: dict[str, Any] = {
    "id": "hungary-127-2",
    "state": "HU",
    "basis": "continuing_duty",
    "situations": ["palestine"],
    "from": date(2026, 6, 2),
    "until": None,
    "instrument": "Rome Statute art. 127(2) (withdrawal effective 2 June 2026)",
    "sources": [{"title": "a test", "url": "https://example.org/a-test"}],
}


def dump(path: Path, content: dict[str, Any]) -> None:
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def new_suspect(tmp_path: Path) -> Path:
    dump(tmp_path / "warrants.yaml", {"suspects": [SUSPECT]})
    return tmp_path


@pytest.fixture
def hungary_left(tmp_path: Path) -> Path:
    """Hungary's withdrawal not revoked: it takes effect on 2026-06-02, with an art. 127(2) duty."""
    states = bundled_document("states_parties")["states"]
    hungary = copy.deepcopy(next(s for s in states if s["code"] == "HU"))
    assert hungary["withdrawals"][0]["effective"] == date(2026, 6, 2)
    hungary["withdrawals"][0]["revoked"] = None
    dump(tmp_path / "states_parties.yaml", {"states": [hungary]})
    dump(tmp_path / "obligations.yaml", {"obligations": [HUNGARY_DUTY]})
    return tmp_path


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout, result.stderr


def test_an_overlay_adds_a_warrant_that_check_answers_for(new_suspect: Path) -> None:
    ds = travelrisk.load(new_suspect)
    v = ds.check("test-suspect", "FR", on="2026-11-26")
    assert v.status is Status.OBLIGED and v.basis is Basis.PARTY
    assert ds.check("Madeupova", "FR", on="2026-11-24").status is Status.NO_LIVE_WARRANT
    assert v.overlay == ("warrants.yaml: test-suspect (added)",)
    code, out, _ = run(
        "--data-dir", str(new_suspect), "check", "test-suspect", "FR", "--on", "2026-11-26"
    )
    assert code == 1 and "OBLIGED to arrest Testina Madeupova" in out
    assert "overlay:  warrants.yaml: test-suspect (added)" in out


def test_an_overlay_replaces_a_state_by_code(hungary_left: Path) -> None:
    ds = travelrisk.load(hungary_left)
    before = ds.check("netanyahu", "HU", on="2026-06-01")
    after = ds.check("netanyahu", "HU", on="2026-06-02")
    assert (before.status, before.basis) == (Status.OBLIGED, Basis.PARTY)
    assert (after.status, after.basis) == (Status.UNCERTAIN, Basis.CONTINUING_DUTY)
    assert "HU" not in ds.states_parties("2026-06-02")
    assert len(ds.states) == len(travelrisk.default_dataset().states)  # replaced, not added


def test_the_verdict_says_an_overlay_was_used_and_what_changed(hungary_left: Path) -> None:
    code, out, _ = run(
        "--data-dir", str(hungary_left), "check", "netanyahu", "HU", "--on", "2026-06-02"
    )
    assert code == 1 and "UNCERTAIN" in out
    [line] = [x for x in out.splitlines() if x.strip().startswith("overlay:")]
    assert "states_parties.yaml: HU (replaced)" in line
    assert "obligations.yaml: hungary-127-2 (added)" in line
    code, out, _ = run(
        "--data-dir",
        str(hungary_left),
        "check",
        "netanyahu",
        "HU",
        "--on",
        "2026-06-02",
        "--format",
        "json",
    )
    [verdict] = json.loads(out)
    assert verdict["status"] == "uncertain" and verdict["basis"] == "continuing_duty"
    assert sorted(verdict["data"]["overlay"]) == [
        "obligations.yaml: hungary-127-2 (added)",
        "states_parties.yaml: HU (replaced)",
    ]


def test_without_an_overlay_the_answer_says_none(hungary_left: Path) -> None:
    code, out, _ = run("check", "netanyahu", "HU", "--on", "2026-06-02", "--format", "json")
    [verdict] = json.loads(out)
    assert verdict["data"]["overlay"] == [] and verdict["status"] == "uncertain"
    assert verdict["basis"] is None  # the bundle's revocation is reported, not confirmed
    _, text, _ = run("check", "netanyahu", "HU", "--on", "2026-06-02")
    assert "overlay:" not in text


def test_two_datasets_in_one_process_do_not_leak(hungary_left: Path, tmp_path: Path) -> None:
    bundle = travelrisk.default_dataset()
    first = bundle.check("netanyahu", "HU", on="2026-06-02")
    overlaid = travelrisk.load(hungary_left)
    plain = travelrisk.load()
    for ds in (bundle, plain, travelrisk.default_dataset()):
        v = ds.check("netanyahu", "HU", on="2026-06-02")
        assert v == first and v.basis is None and v.overlay == ()
        assert "HU" in ds.states_parties("2026-06-02")
        assert "hungary-127-2" not in {o.id for o in ds.obligations.get("HU", ())}
    assert overlaid.check("netanyahu", "HU", on="2026-06-02").basis is Basis.CONTINUING_DUTY
    assert travelrisk.check("netanyahu", "HU", on="2026-06-02").basis is None


def test_two_overlays_do_not_leak_into_each_other(new_suspect: Path, tmp_path_factory: Any) -> None:
    other = tmp_path_factory.mktemp("other")
    renamed = {**SUSPECT, "id": "other-suspect", "name": "Otherina Madeupova"}
    dump(other / "warrants.yaml", {"suspects": [renamed]})
    a, b = travelrisk.load(new_suspect), travelrisk.load(other)
    assert "test-suspect" in a.suspects and "other-suspect" not in a.suspects
    assert "other-suspect" in b.suspects and "test-suspect" not in b.suspects
    with pytest.raises(travelrisk.UnknownSuspect):
        travelrisk.check("test-suspect", "FR")


def test_a_malformed_overlay_exits_2_naming_file_record_and_field(tmp_path: Path) -> None:
    dump(tmp_path / "warrants.yaml", {"suspects": [{**SUSPECT, "situation": "atlantis"}]})
    code, out, err = run("--data-dir", str(tmp_path), "check", "test-suspect", "FR")
    assert code == 2 and out == ""
    assert err.startswith("travelrisk: bad data: ")
    assert f"{tmp_path / 'warrants.yaml'}: test-suspect: situation: unknown situation" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    with pytest.raises(travelrisk.DataError) as info:
        travelrisk.load(tmp_path)
    assert "test-suspect: situation" in str(info.value)


def test_a_malformed_overlay_is_listed_by_data_validate(tmp_path: Path) -> None:
    dump(tmp_path / "warrants.yaml", {"suspects": [{**SUSPECT, "situation": "atlantis"}]})
    (tmp_path / "obligations.yaml").write_text("obligations: [\n", encoding="utf-8")
    code, out, err = run("data", "validate", str(tmp_path))
    assert code == 2
    lines = [x for x in out.splitlines() if str(tmp_path) in x]
    assert any(
        x.startswith(f"{tmp_path / 'warrants.yaml'}: test-suspect: situation: ") for x in lines
    )
    assert any(x.startswith(f"{tmp_path / 'obligations.yaml'}: not valid YAML") for x in lines)
    assert err.startswith("travelrisk: 2 problems")


def test_data_validate_passes_a_good_overlay(hungary_left: Path) -> None:
    code, out, _ = run("data", "validate", str(hungary_left))
    assert code == 0
    summary = out.splitlines()[-1]
    assert summary.startswith(f"OK: overlay {hungary_left} on the bundled data")
    assert "2 changes from the overlay" in summary
    code, out, _ = run("data", "validate", str(hungary_left), "--format", "json")
    report = json.loads(out)
    assert code == 0 and report["ok"] is True and report["data_dir"] == str(hungary_left)
    assert all(p["severity"] == "warning" for p in report["problems"])


def test_data_validate_checks_the_bundle_by_default() -> None:
    code, out, _ = run("data", "validate")
    assert code == 0 and out.splitlines()[-1].startswith("OK: bundled data")


def test_the_environment_variable_works_like_the_option(hungary_left: Path) -> None:
    args = ("check", "netanyahu", "HU", "--on", "2026-06-02", "--format", "json")
    by_option = run("--data-dir", str(hungary_left), *args)
    by_env = run(*args, env={"TRAVELRISK_DATA_DIR": str(hungary_left)})
    assert by_env == by_option
    assert json.loads(by_env[1])[0]["basis"] == "continuing_duty"
    code, out, _ = run("data", "validate", env={"TRAVELRISK_DATA_DIR": str(hungary_left)})
    assert code == 0 and f"overlay {hungary_left}" in out
    code, _, err = run(*args, env={"TRAVELRISK_DATA_DIR": str(hungary_left / "missing")})
    assert code == 2 and "does not exist" in err


def test_an_empty_overlay_file_adds_nothing(new_suspect: Path) -> None:
    (new_suspect / "states_parties.yaml").write_text("# corrections to come\n")
    ds = travelrisk.load(new_suspect)
    assert ds.overlay_changes == ("warrants.yaml: test-suspect (added)",)
    assert len(ds.states) == len(travelrisk.default_dataset().states)
