"""`data info`: the dataset's version, counts and sources."""

from __future__ import annotations

import json
from datetime import date

from travelrisk.data.dataset import Dataset
from travelrisk.law.model import Source
from travelrisk.present.datainfo import dataset_info, domain, file_sources, render_info

DAY = date(2026, 11, 26)


def test_dataset_info_counts_match_the_dataset(ds: Dataset) -> None:
    info = dataset_info(ds, DAY)
    assert info.version == ds.version and info.as_of == ds.as_of
    assert info.states_parties == len(ds.states_parties(DAY))
    assert info.suspects == len(ds.suspects)
    assert 0 < info.suspects_live <= info.suspects <= info.warrants
    assert sum(info.findings.values()) == len(ds.findings)
    assert sum(info.territories.values()) == len(ds.territories)
    assert sum(info.obligations.values()) == sum(len(o) for o in ds.obligations.values())
    assert {f.file for f in info.files} >= {"states_parties.yaml", "warrants.yaml"}
    warrants = next(f for f in info.files if f.file == "warrants.yaml")
    assert warrants.domains and warrants.domains[0][1] >= warrants.domains[-1][1]


def test_dataset_info_json_and_text(ds: Dataset) -> None:
    info = dataset_info(ds, DAY)
    data = json.loads("".join(render_info(info, "json")))
    assert data["version"] == ds.version and data["counts"]["states_parties"] == info.states_parties
    text = "".join(render_info(info, "text"))
    assert text.startswith(f"travelrisk data {ds.version}, as of {ds.as_of}")
    assert "warrants.yaml" in text


def test_domain_and_file_sources() -> None:
    assert domain("https://www.icc-cpi.int/news/x") == "icc-cpi.int"
    assert domain("http://UN.org") == "un.org"
    assert domain("not a url") == ""

    class Record:
        def __init__(self, *sources: Source) -> None:
            self.sources = sources

    records = [
        Record(Source("a", "https://www.icc-cpi.int/a"), Source("b", "https://icc-cpi.int/b")),
        Record(Source("c", "https://un.org/c"), Source("printed")),
    ]
    found = file_sources("x.yaml", records, top=1)
    assert found.records == 2 and found.sources == 4 and found.without_url == 1
    assert found.domains == (("icc-cpi.int", 2),)


def test_primary_sources_and_reported_facts_are_counted(ds: Dataset) -> None:
    info = dataset_info(ds, DAY)
    warrants = next(f for f in info.files if f.file == "warrants.yaml")
    assert 0 < warrants.primary <= warrants.records
    assert "states_parties.yaml: NR: withdrawals.notified" in info.reported
    assert "states_parties.yaml: HU: withdrawals.revoked" in info.reported
    assert not any(r.endswith("signature") for r in info.reported)  # never changes a verdict
    data = json.loads("".join(render_info(info, "json")))
    assert data["reported_facts"] == list(info.reported)
    assert data["sources"][0]["records_with_primary_source"] == info.files[0].primary
    text = "".join(render_info(info, "text"))
    assert f"Reported facts: {len(info.reported)} verdict-changing facts" in text
