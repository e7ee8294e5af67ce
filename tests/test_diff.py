"""`data diff`: the records and verdicts that differ between two releases of the data."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from cli_run import run
from what_if import suspect_yaml

from travelrisk.data import loader
from travelrisk.data.diff import diff
from travelrisk.law.model import Status

# Ukraine a year later than in the bundle: deposit and entry into force (art. 126(2)).
UA_LATER = {"deposit": "2025-10-25", "entry_into_force": "2026-01-01"}


@pytest.fixture
def release(tmp_path: Path) -> Path:
    """A whole copy of the bundled data, to edit."""
    folder = tmp_path / "release"
    shutil.copytree(loader.bundled_dir(), folder)
    return folder


def edit(folder: Path, stem: str, top: str, key: str, value: str, change: dict) -> None:
    path = folder / f"{stem}.yaml"
    doc = yaml.safe_load(path.read_text())
    [record] = [r for r in doc[top] if r[key] == value]
    record.update(change)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))


def test_the_same_data_differs_in_nothing(release: Path) -> None:
    d = diff(release)
    assert d.old_read_as == "release" and d.new_read_as == "bundled"
    assert d.records == () and d.verdicts == ()
    assert d.old.data_digest != "" and d.new.data_digest != ""


def test_an_edited_entry_into_force_names_the_record_and_the_verdicts(release: Path) -> None:
    # In OLD, Ukraine's Statute entered into force a year later than in the bundle.
    edit(release, "states_parties", "states", "code", "UA", UA_LATER)
    d = diff(release)
    [record] = d.records
    assert (record.file, record.key, record.change) == ("states_parties.yaml", "UA", "changed")
    assert [(f.field, f.old, f.new) for f in record.fields] == [
        ("deposit", "2025-10-25", "2024-10-25"),
        ("entry_into_force", "2026-01-01", "2025-01-01"),
    ]
    assert {v.place for v in d.verdicts} == {"UA"}
    assert date(2025, 1, 1) in {v.start for v in d.verdicts}
    for v in d.verdicts:
        assert v.start is not None and v.start >= date(2025, 1, 1)  # later for later warrants
        assert v.end is not None and v.end <= date(2025, 12, 31)  # earlier for ended warrants
        assert v.new is Status.OBLIGED and v.old is not Status.OBLIGED


def test_a_removed_suspect_is_a_record_removed_and_warrants_gone(release: Path) -> None:
    path = release / "warrants.yaml"
    doc = yaml.safe_load(path.read_text())
    doc["suspects"] = [s for s in doc["suspects"] if s["id"] != "gallant"]
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))
    d = diff(path.parent)  # OLD lacks him; the bundle (NEW) has him
    assert [(r.key, r.change) for r in d.records] == [("gallant", "added")]
    assert {v.suspect_id for v in d.verdicts} == {"gallant"}
    assert all(v.old is Status.NO_LIVE_WARRANT for v in d.verdicts)
    fr = [v for v in d.verdicts if v.place == "FR"]
    assert fr and fr[0].new is Status.OBLIGED and fr[0].start == date(2024, 11, 21)


def test_an_overlay_folder_is_read_on_the_bundle(tmp_path: Path) -> None:
    (tmp_path / "warrants.yaml").write_text(
        suspect_yaml("putin", "Vladimir Putin", "2023-03-17", ("2026-01-10", "warrant_withdrawn"))
    )
    d = diff(None, tmp_path)  # from the bundle to the overlay
    assert d.new_read_as == "overlay" and d.new.overlay == str(tmp_path)
    assert [(r.key, r.change) for r in d.records] == [("putin", "changed")]
    assert {"events[+]", "name"} <= {f.field for f in d.records[0].fields}
    fr = [v for v in d.verdicts if v.place == "FR"]
    assert [(v.start, v.end, v.old, v.new) for v in fr] == [
        (date(2026, 1, 10), None, Status.OBLIGED, Status.NO_LIVE_WARRANT)
    ]


def test_cli_text_and_json(release: Path) -> None:
    edit(release, "states_parties", "states", "code", "UA", UA_LATER)
    code, out, _ = run("data", "diff", str(release))
    assert code == 0
    assert "states_parties.yaml: UA (changed)" in out
    assert 'entry_into_force: "2026-01-01" -> "2025-01-01"' in out
    assert "from 2025-01-01 until 2025-12-31" in out
    code, out, _ = run("data", "diff", str(release), "--format", "json")
    data = json.loads(out)
    assert data["old"]["read_as"] == "release" and len(data["new"]["data_digest"]) == 64
    assert data["records"][0]["fields"][1]["field"] == "entry_into_force"
    assert all(v["place"] == "UA" for v in data["verdicts"])


def test_cli_refuses_a_missing_folder(tmp_path: Path) -> None:
    code, out, err = run("data", "diff", str(tmp_path / "nowhere"))
    assert code == 2 and out == ""
    assert "nowhere" in err and "Traceback" not in err
