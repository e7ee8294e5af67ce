"""Citations by id, and whether a fact is confirmed or only reported."""

from __future__ import annotations

from pathlib import Path

import pytest

import travelrisk
from travelrisk.data.cite import cited, confirms, registry, resolve, unconfirmed
from travelrisk.data.validate import check_data

COURT = {"id": "icc", "title": "ICC press release", "kind": "court", "url": "https://icc-cpi.int/x"}
PRESS_A = {
    "id": "a",
    "title": "A",
    "kind": "press",
    "publisher": "Paper A",
    "url": "https://a.example/1",
}
PRESS_B = {
    "id": "b",
    "title": "B",
    "kind": "press",
    "publisher": "Paper B",
    "url": "https://b.example/1",
}


def test_one_primary_source_confirms() -> None:
    assert confirms([COURT])
    assert confirms([{**COURT, "read": False, "via": "a"}])  # quoted by a page that was read


def test_two_read_sources_from_independent_publishers_confirm() -> None:
    assert confirms([PRESS_A, PRESS_B])
    assert not confirms([PRESS_A])
    assert not confirms([PRESS_A, {**PRESS_A, "id": "a2", "url": "https://a.example/2"}])
    assert not confirms([PRESS_A, {**PRESS_B, "read": False, "via": "a"}])


def test_an_inline_source_without_a_kind_is_judged_by_its_address() -> None:
    assert confirms([{"title": "UNTC", "url": "https://treaties.un.org/Pages/x"}])
    assert not confirms([{"title": "blog", "url": "https://blog.example/x"}])


def test_a_fact_cited_per_fact_gets_the_status_its_sources_give() -> None:
    sources = [{**PRESS_A, "for": ["withdrawals.notified"]}, {**COURT, "for": ["deposit"]}]
    assert unconfirmed([], sources) == ["withdrawals.notified"]
    # Stated as unverified, but a court source is cited for it: confirmed.
    assert unconfirmed(["deposit"], sources) == ["withdrawals.notified"]
    # Stated, and no source cites it per fact: the stated status stands.
    assert unconfirmed(["coverage"], sources) == ["coverage", "withdrawals.notified"]


def test_resolve_computes_the_status_and_leaves_the_parsed_documents_alone() -> None:
    citation = {"id": "icc", "for": ["deposit"]}
    record = {"code": "XX", "sources": [citation], "unverified": ["deposit"]}
    doc = {"states": [record]}
    raw = {"sources": {"sources": [COURT]}, "states_parties": doc}
    resolve(raw)
    (got,) = raw["states_parties"]["states"]
    assert got["unverified"] == [] and got["sources"] == [citation]  # the citation stays compact
    assert doc["states"][0] is record and record["unverified"] == ["deposit"]
    assert cited(citation, registry(raw)) == {**COURT, "for": ["deposit"]}


def test_the_bundle_cites_the_registry_by_id() -> None:
    burundi = travelrisk.load().states["BI"]
    cited = [s for s in burundi.sources if s.id]
    assert cited and all(s.title and s.kind for s in cited)
    assert any("withdrawals.notified" in s.facts and s.kind == "government" for s in cited)
    assert "withdrawals.notified" not in burundi.unverified


def overlay(tmp_path: Path, sources: str, states: str) -> Path:
    (tmp_path / "sources.yaml").write_text(sources)
    (tmp_path / "states_parties.yaml").write_text(states)
    return tmp_path


STATE = """states:
- code: "FR"
  name: France
  signature: 1998-07-18
  instrument: ratification
  deposit: 2000-06-09
  entry_into_force: 2002-07-01
  sources:
  - {id: %s, for: [deposit]}
"""


@pytest.mark.parametrize(
    ("registry", "cited", "message"),
    [
        ("sources: []\n", "nowhere", "no source 'nowhere' in sources.yaml"),
        (
            "sources:\n- {id: s1, title: T, url: 'https://x.example', kind: blog}\n",
            "s1",
            "kind: expected one of: court, depositary, un, government, ngo, press, reference",
        ),
        (
            "sources:\n- {id: s1, title: T, kind: press, read: false}\n",
            "s1",
            "via: a page not read needs the id of one that quotes it",
        ),
        (
            "sources:\n- {id: s1, title: T, kind: press, url: 'https://x.example', via: s9}\n",
            "s1",
            "via: no other source 's9' in sources.yaml",
        ),
        ("sources:\n- {id: s1, title: T, kind: press}\n", "s1", "url: no address"),
    ],
)
def test_the_validator_names_what_is_wrong_with_a_citation(
    tmp_path: Path, registry: str, cited: str, message: str
) -> None:
    report = check_data(overlay(tmp_path, registry, STATE % cited))
    errors = [str(p) for p in report.problems if not p.warning]
    assert any(message in e for e in errors), errors
