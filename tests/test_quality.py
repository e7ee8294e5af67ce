"""The quality rules of `data validate`: the deny-list, sources without an address, and notes that
say how a record was compiled."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

import travelrisk
from travelrisk.data.files import bundled_document
from travelrisk.data.quality import compiling_phrase, denied, names_document
from travelrisk.data.validate import validate
from travelrisk.law.schema import FILE_STEMS

RULES = [("uat.", "a test server"), ("nina.az", "a mirror of Wikipedia")]


def test_a_host_rule_matches_the_host_and_its_subdomains_only() -> None:
    assert denied("https://dl1.en-us.nina.az/wiki/ICC", RULES) == "a mirror of Wikipedia"
    assert denied("https://www.nina.az/x", RULES) == "a mirror of Wikipedia"
    assert denied("https://notnina.az/x", RULES) is None


def test_a_label_rule_matches_hosts_that_start_with_it() -> None:
    assert denied("https://uat.apnews.com/article/x", RULES) == "a test server"
    assert denied("https://apnews.com/article/uat.x", RULES) is None
    assert denied("not a url", RULES) is None


def test_a_printed_citation_must_name_a_document_number() -> None:
    assert names_document("UN Security Council Resolution 1593, S/RES/1593 (2005)")
    assert names_document("Depositary notification C.N.805.2016.TREATIES-XVIII.10")
    assert names_document("Decision ICC-02/05-01/09-397, Appeals Chamber")
    assert not names_document("Unofficial public GitHub file (repository path not shown)")


def test_compiling_phrases_are_found_whatever_their_case() -> None:
    assert compiling_phrase("Transfer date recalled From Memory.") == "recalled"
    assert compiling_phrase("Not in the brief; no UN notice found") == "Not in the brief"
    assert compiling_phrase("No UN depositary notification was found.") is None


def _bundle() -> dict[str, Any]:
    return copy.deepcopy({s: bundled_document(s) for s in FILE_STEMS})


def _messages(raw: dict[str, Any], code: str) -> list[str]:
    return [
        f"{p.field}: {p.message}"
        for p in validate(raw)
        if p.file == "states_parties.yaml" and p.record == code
    ]


def test_the_bundled_deny_list_gives_a_reason_for_every_entry() -> None:
    rules = bundled_document("dataset")["deny"]
    assert rules and all(r["match"].strip() and r["reason"].strip() for r in rules)
    for host in ("uat.", "test.", "staging.", "nina.az", "ludditus.com", "thekenyatimes.com"):
        assert host in {r["match"] for r in rules}


def test_validate_flags_a_denied_source_an_unaddressed_one_and_a_compiling_note() -> None:
    raw = _bundle()
    state = next(s for s in raw["states_parties"]["states"] if s["code"] == "FR")
    state["sources"] = [
        {"title": "AP (test server)", "url": "https://uat.apnews.com/article/x"},
        {"title": "A file seen somewhere"},
        {"title": "UN depositary notification C.N.1.2002.TREATIES-XVIII.10"},
    ]
    state["notes"] = "Deposit date from memory."
    found = _messages(raw, "FR")
    denied_host = "sources[0].url: on the deny-list: a user-acceptance-test"
    assert any(m.startswith(denied_host) for m in found)
    assert any(m.startswith("sources[1]: no address") for m in found)
    assert not any(m.startswith("sources[2]") for m in found)
    compiled = "notes: says how the record was compiled ('from memory')"
    assert any(m.startswith(compiled) for m in found)
    # A denied source and one with no address are errors of sourcing; the note is a warning,
    # for now: the bundle still holds one such note.
    problems = [p for p in validate(raw) if p.record == "FR"]
    errors = [p for p in problems if not p.warning]
    assert [p.field for p in errors] == ["sources[0].url", "sources[1]"]
    assert all(p.sourcing for p in errors)


def test_an_older_release_is_read_whatever_its_sources(tmp_path: Path) -> None:
    """Its sources were judged by the rules of its day: a release is read to re-run answers on
    it, while the same file as an overlay on today's data is refused."""
    import shutil

    from travelrisk.data.files import bundled_dir
    from travelrisk.errors import DataError

    release = tmp_path / "release"
    shutil.copytree(bundled_dir(), release)
    states = release / "states_parties.yaml"
    text = states.read_text()
    states.write_text(
        text.replace("  sources:\n", "  sources:\n  - {title: A file seen somewhere}\n", 1)
    )
    assert travelrisk.load(release, standalone=True).check("putin", "FR", "2025-01-01").obliged
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    shutil.copy(states, overlay / "states_parties.yaml")
    with pytest.raises(DataError, match="no address"):
        travelrisk.load(overlay)


def test_a_deny_rule_without_a_reason_is_an_error() -> None:
    raw = _bundle()
    raw["dataset"]["deny"] = [{"match": "example.org"}]
    problems = [p for p in validate(raw) if p.file == "dataset.yaml"]
    assert [(p.field, p.warning) for p in problems] == [("deny[0].reason", False)]
