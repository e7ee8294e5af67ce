"""The cache never answers from data that has changed: every change to what an answer rests on
(an overlay added, edited or removed; a release folder edited in place; the code's version) gives
the answer of the new data, from the library and from the CLI."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from cli_run import run
from what_if import suspect_yaml

import travelrisk
from travelrisk.data import loader

GONE = suspect_yaml("putin", "Vladimir Putin", "2023-03-17", ("2023-03-18", "warrant_withdrawn"))
OTHER = suspect_yaml("test-suspect", "Test Suspect", "2023-03-17")


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("TRAVELRISK_CACHE_DIR", str(folder))
    monkeypatch.delenv("TRAVELRISK_NO_CACHE", raising=False)
    return folder


def status(**load: object) -> str:
    return travelrisk.load(**load).check("putin", "FR", on="2024-01-01").status.value  # type: ignore[arg-type]


def test_an_overlay_added_then_changed_back(tmp_path: Path) -> None:
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    assert status() == "obliged"
    (overlay / "warrants.yaml").write_text(GONE)
    assert status(data_dir=overlay) == "no_live_warrant"
    (overlay / "warrants.yaml").write_text(OTHER)  # no longer about Putin
    assert status(data_dir=overlay) == "obliged"
    assert status() == "obliged"


def test_a_release_folder_edited_in_place_keeping_size_and_time(tmp_path: Path) -> None:
    release = tmp_path / "release"
    shutil.copytree(loader.bundled_dir(), release)
    assert status(data_dir=release, standalone=True) == "obliged"
    target = release / "warrants.yaml"
    text = target.read_text("utf-8")
    before = os.stat(target)
    # Putin's warrant issued and made public in 2033 instead of 2023: the same number of bytes,
    # the same mtime.
    edited = text
    at = text.index("- id: putin\n")
    for was in (r"- public: (2023)-03-17\n", r"- date: (2023)-03-17\n\s+type: warrant_issued"):
        found = re.compile(was).search(edited, at)
        assert found
        at, year = found.end(), found.start(1)
        edited = edited[:year] + "2033" + edited[year + 4 :]
    assert edited != text and len(edited) == len(text)
    target.write_text(edited, "utf-8")
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert status(data_dir=release, standalone=True) != "obliged"


def test_the_cli_sees_an_overlay_edit_at_once(tmp_path: Path) -> None:
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    (overlay / "warrants.yaml").write_text(OTHER)
    args = [
        "--data-dir",
        str(overlay),
        "check",
        "putin",
        "FR",
        "--on",
        "2024-01-01",
        "--format",
        "csv",
    ]
    assert ",obliged," in run(*args)[1]
    (overlay / "warrants.yaml").write_text(GONE)
    assert ",no_live_warrant," in run(*args)[1]


def test_a_new_code_version_does_not_read_the_old_entry(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    travelrisk.load()
    first = sorted(p.name for p in cache_dir.iterdir())
    monkeypatch.setattr(loader, "__version__", "99.0")
    travelrisk.load()
    assert len(sorted(p.name for p in cache_dir.iterdir() if p.name.startswith("data-"))) == 2
    assert first
