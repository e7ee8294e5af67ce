"""Names of states in running English, from one table."""

from __future__ import annotations

import pytest

from travelrisk.wording import possessive, the


@pytest.mark.parametrize(
    "name, in_sentence, at_start, owner",
    [
        ("United States", "the United States", "The United States", "the United States'"),
        ("Philippines", "the Philippines", "The Philippines", "the Philippines'"),
        ("Faroe Islands", "the Faroe Islands", "The Faroe Islands", "the Faroe Islands'"),
        (
            "Cocos (Keeling) Islands",
            "the Cocos (Keeling) Islands",
            "The Cocos (Keeling) Islands",
            "the Cocos (Keeling) Islands'",
        ),
        (
            "Central African Republic",
            "the Central African Republic",
            "The Central African Republic",
            "the Central African Republic's",
        ),
        ("Netherlands", "the Netherlands", "The Netherlands", "the Netherlands'"),
        ("Hungary", "Hungary", "Hungary", "Hungary's"),
        ("Niger", "Niger", "Niger", "Niger's"),
        ("Seychelles", "Seychelles", "Seychelles", "Seychelles'"),
    ],
)
def test_names_take_the_where_english_does(
    name: str, in_sentence: str, at_start: str, owner: str
) -> None:
    assert the(name) == in_sentence
    assert the(name, start=True) == at_start
    assert possessive(name) == owner
