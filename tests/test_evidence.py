"""The kind of a source, read from its address, and the facts only reported."""

from __future__ import annotations

import pytest

from travelrisk.law.evidence import has_primary_source, reported_facts, source_kind
from travelrisk.law.model import Source


@pytest.mark.parametrize(
    "url, kind",
    [
        ("https://www.icc-cpi.int/news/x", "court"),
        ("https://treaties.un.org/doc/x", "depositary"),
        ("https://press.un.org/en/2005/sc8351.doc.htm", "un"),
        ("https://www.state.gov/x", "government"),
        ("https://www.gov.za/x", "government"),
        ("https://www.diplomatie.gouv.fr/x", "government"),
        ("https://gov.example.com/x", "secondary"),
        ("https://treaties.un.org.example.com/x", "secondary"),
        ("https://www.hrw.org/x", "secondary"),
        (None, "secondary"),
    ],
)
def test_source_kind_by_address(url: str | None, kind: str) -> None:
    assert source_kind(Source("a title", url)) == kind


def test_reported_facts_are_only_those_that_can_change_a_verdict() -> None:
    class Record:
        code = "XX"
        sources = (Source("press", "https://example.com"),)
        unverified = ("signature", "withdrawals.notified", "events.died.date")

    assert list(reported_facts("f.yaml", [Record()], "code")) == [
        "f.yaml: XX: withdrawals.notified",
        "f.yaml: XX: events.died.date",
    ]
    assert not has_primary_source(Record())
