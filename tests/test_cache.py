"""The validated-data cache: keyed on content, checked on load, written safely."""

from __future__ import annotations

import json
import os
import stat
import sys
import time
from pathlib import Path

import pytest
from what_if import suspect_yaml

import travelrisk
from travelrisk.data import cache, validate

PUTIN_GONE = suspect_yaml(
    "putin", "Vladimir Putin", "2023-03-17", ("2023-03-18", "warrant_withdrawn")
)


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("TRAVELRISK_CACHE_DIR", str(folder))
    monkeypatch.delenv("TRAVELRISK_NO_CACHE", raising=False)
    return folder


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("data-*.json"))


def putin_status(overlay: Path | None = None) -> str:
    return travelrisk.load(overlay).check("putin", "FR", on="2024-01-01").status.value


def test_an_edit_that_keeps_size_and_mtime_misses_the_cache(
    tmp_path: Path, cache_dir: Path
) -> None:
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    target = overlay / "warrants.yaml"
    target.write_text(PUTIN_GONE)
    assert putin_status(overlay) == "no_live_warrant"
    before = os.stat(target)
    # The same size, the same modification time (as `cp -p` or `rsync -a` would leave it).
    target.write_text(PUTIN_GONE.replace("2023-03-18", "2099-03-18"))
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(target).st_size == before.st_size
    assert putin_status(overlay) == "obliged"
    assert len(entries(cache_dir)) == 2


def test_a_second_load_is_served_from_the_cache(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    travelrisk.load()
    assert len(entries(cache_dir)) == 1

    def no_validation(*args: object) -> None:
        raise AssertionError("validated again: the cache was not used")

    monkeypatch.setattr(validate, "merge_and_validate", no_validation)
    assert travelrisk.load().check("putin", "FR").obliged


def test_a_forged_cache_is_rebuilt_not_trusted(cache_dir: Path) -> None:
    travelrisk.load()
    [entry] = entries(cache_dir)
    header, _, body = entry.read_bytes().partition(b"\n")
    data = json.loads(body)
    for rec in data["raw"]["warrants"]["suspects"]:
        if rec["id"] == "putin":
            rec["events"].append({"date": "2023-03-18", "type": "warrant_withdrawn"})
    entry.write_bytes(header + b"\n" + json.dumps(data).encode())
    assert putin_status() == "obliged"  # the digest no longer matches: rebuilt from the files
    rebuilt = cache.read(str(entry), travelrisk.load().cache_key)
    assert rebuilt is not None
    [putin] = [r for r in rebuilt["raw"]["warrants"]["suspects"] if r["id"] == "putin"]
    assert all(e["type"] != "warrant_withdrawn" for e in putin["events"])


@pytest.mark.parametrize(
    "content",
    [b"", b"\n", b"not json\n{}", b'{"key": 1}\n{}', b"[" * 100_000, b"\xff\xfe\x00"],
    ids=["empty", "blank", "garbage", "wrong-key", "deep", "binary"],
)
def test_a_corrupt_cache_is_rebuilt_silently(cache_dir: Path, content: bytes) -> None:
    travelrisk.load()
    [entry] = entries(cache_dir)
    entry.write_bytes(content)
    assert putin_status() == "obliged"
    assert cache.read(str(entry), travelrisk.load().cache_key) is not None  # rewritten whole


def test_the_key_covers_pycountry_and_the_code_version(monkeypatch: pytest.MonkeyPatch) -> None:
    files = [("bundle/x", b"same bytes")]
    base = cache.content_key("0.1.0", files)
    assert cache.content_key("0.1.1", files) != base
    monkeypatch.setattr(cache, "pycountry_version", lambda: "0.0.0-other")
    assert cache.content_key("0.1.0", files) != base
    assert cache.content_key("0.1.0", [("bundle/x", b"same bytez")]) != cache.content_key(
        "0.1.0", files
    )


def test_the_folder_is_private_and_no_temporary_file_is_left(cache_dir: Path) -> None:
    travelrisk.load()
    assert stat.S_IMODE(os.stat(cache_dir).st_mode) == 0o700
    assert [p.name for p in cache_dir.iterdir()] == [entries(cache_dir)[0].name]


def test_an_open_folder_of_ours_is_tightened(cache_dir: Path) -> None:
    cache_dir.mkdir(mode=0o777)
    os.chmod(cache_dir, 0o777)
    travelrisk.load()
    assert stat.S_IMODE(os.stat(cache_dir).st_mode) == 0o700


def test_a_planted_symlink_is_replaced_never_written_through(
    tmp_path: Path, cache_dir: Path
) -> None:
    travelrisk.load()
    [entry] = entries(cache_dir)
    victim = tmp_path / "victim"
    victim.write_text("precious")
    entry.unlink()
    entry.symlink_to(victim)
    assert putin_status() == "obliged"
    assert victim.read_text() == "precious"
    assert not entry.is_symlink()


def test_a_symlinked_cache_folder_is_not_used(tmp_path: Path, cache_dir: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    cache_dir.symlink_to(elsewhere)
    assert putin_status() == "obliged"
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("special", ["/dev/zero", "/dev/null"])
def test_a_device_as_cache_entry_or_folder_costs_only_speed(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch, special: str
) -> None:
    travelrisk.load()
    [entry] = entries(cache_dir)
    entry.unlink()
    entry.symlink_to(special)
    assert cache.read(str(entry), "any") is None  # not followed, not read endlessly
    monkeypatch.setenv("TRAVELRISK_CACHE_DIR", special)
    assert putin_status() == "obliged"


def test_a_fifo_as_cache_entry_does_not_hang(cache_dir: Path) -> None:
    travelrisk.load()
    [entry] = entries(cache_dir)
    entry.unlink()
    os.mkfifo(entry)
    assert cache.read(str(entry), "any") is None


def test_stale_temporary_files_are_removed_fresh_ones_kept(cache_dir: Path) -> None:
    cache_dir.mkdir(mode=0o700)
    stale = cache_dir / ".data-dead.tmp"
    fresh = cache_dir / ".data-busy.tmp"
    stale.write_text("left by a killed process")
    fresh.write_text("another process is writing")
    old = time.time() - 2 * cache.STALE_TEMP_SECONDS
    os.utime(stale, (old, old))
    travelrisk.load()
    assert not stale.exists()
    assert fresh.exists()


def test_a_value_json_cannot_hold_costs_only_the_cache(tmp_path: Path) -> None:
    cache.write(str(tmp_path / "c.json"), "k", {"raw": {"x": {1, 2}}, "when": b"\x00"})
    cache.write(str(tmp_path / "d.json"), "k", {"x": float("nan")})
    assert list(tmp_path.iterdir()) == []


def test_no_cache_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRAVELRISK_NO_CACHE", "1")
    assert cache.folder() is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the hand-written Linux path")
@pytest.mark.parametrize("xdg", [None, "/tmp/xdg-cache", "relative/not/allowed"])
def test_the_default_folder_is_platformdirs_own(
    monkeypatch: pytest.MonkeyPatch, xdg: str | None
) -> None:
    platformdirs = pytest.importorskip("platformdirs")
    monkeypatch.delenv("TRAVELRISK_CACHE_DIR", raising=False)
    monkeypatch.delenv("TRAVELRISK_NO_CACHE", raising=False)
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert cache.folder() == platformdirs.user_cache_dir("travelrisk", appauthor=False)


def test_the_digest_is_the_receipt_and_changes_with_an_overlay(tmp_path: Path) -> None:
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    (overlay / "warrants.yaml").write_text(PUTIN_GONE)
    bundled, edited = travelrisk.load(), travelrisk.load(overlay)
    assert len(bundled.digest) == 64 and bundled.digest != edited.digest
    assert edited.receipt.overlay == str(overlay)
    assert edited.receipt.to_dict()["data_digest"] == edited.digest
    json.dumps(bundled.receipt.to_dict())


def test_pycountry_version_is_read_from_its_install() -> None:
    from importlib.metadata import version

    assert version("pycountry") in cache.pycountry_version()


def test_read_bytes_is_bounded_and_follows_no_symlink(tmp_path: Path) -> None:
    target = tmp_path / "f"
    target.write_bytes(b"12345")
    assert cache.read_bytes(str(target), 5) == b"12345"
    assert cache.read_bytes(str(target), 4) is None
    assert cache.read_bytes(str(target), 5, own=True) == b"12345"
    link = tmp_path / "link"
    link.symlink_to(target)
    assert cache.read_bytes(str(link), 5) is None
    assert cache.read_bytes(str(tmp_path), 5) is None
    assert cache.read_bytes(str(tmp_path / "absent"), 5) is None


def test_write_bytes_replaces_whole_and_leaves_no_temporary_file(cache_dir: Path) -> None:
    path = cache_dir / "answers-x.idx"
    cache.write_bytes(str(path), b"one")
    cache.write_bytes(str(path), b"two")
    assert path.read_bytes() == b"two"
    assert [p.name for p in cache_dir.iterdir()] == ["answers-x.idx"]
    assert stat.S_IMODE(os.stat(cache_dir).st_mode) == 0o700
