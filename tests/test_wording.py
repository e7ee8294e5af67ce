"""Names of states in running English, from one table."""

from __future__ import annotations

import pytest

from travelrisk.law.english import bare, choices, one_of, plural, possessive, sentence, the


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


@pytest.mark.parametrize(
    "name, in_sentence",
    [
        ("Congo", "the Congo"),
        ("Micronesia, Federated States of", "the Federated States of Micronesia"),
        ("British Indian Ocean Territory", "the British Indian Ocean Territory"),
        (
            "Caribbean Netherlands (Bonaire, Sint Eustatius and Saba)",
            "the Caribbean Netherlands (Bonaire, Sint Eustatius and Saba)",
        ),
        ("French Southern and Antarctic Lands", "the French Southern and Antarctic Lands"),
        ("Democratic Republic of the Congo", "the Democratic Republic of the Congo"),
        ("Republic of Korea", "the Republic of Korea"),
        ("Czechia", "Czechia"),
        ("Svalbard and Jan Mayen", "Svalbard and Jan Mayen"),
    ],
)
def test_more_names_from_the_data(name: str, in_sentence: str) -> None:
    assert the(name) == in_sentence
    assert the(name, start=True) == in_sentence[0].upper() + in_sentence[1:]


def test_every_place_in_the_data_reads_as_a_sentence_subject() -> None:
    import travelrisk

    for place in travelrisk.default_dataset().places():
        said = the(place.name, start=True)
        assert said[0].isupper(), said
        assert not said.endswith(" of"), said  # no list form ("Micronesia, Federated States of")


def test_plurals_and_lists() -> None:
    assert plural(1, "leg") == "1 leg" and plural(0, "leg") == "0 legs"
    assert one_of(1, 1, "leg") == "1 of 1 leg" and one_of(1, 5, "row") == "1 of 5 rows"
    assert choices(["text", "json", "csv"]) == "text, json or csv"
    assert choices(["text", "json"]) == "text or json" and choices(["text"]) == "text"


def test_sentences_stop_once() -> None:
    assert bare("no extension was found.") == "no extension was found"
    assert sentence("was found.") == "was found." and sentence("was found") == "was found."


def test_no_verdict_text_has_a_double_full_stop() -> None:
    import travelrisk
    from travelrisk.present.render import render

    ds = travelrisk.default_dataset()
    for suspect in ("kony", "putin"):
        text = "".join(render(ds.where(suspect, "2015-06-14"), "text"))
        assert ".." not in text.replace("...", "")
        assert "False" not in text and "None" not in text


def test_a_national_at_home_is_not_a_visitor() -> None:
    import travelrisk

    home = travelrisk.check("dela-rosa", "PH", on="2026-11-26")
    assert "its own nationals in his or her own country" in home.reason
    assert "visitor" not in home.reason
    abroad = travelrisk.check("al-bashir", "BI", on="2026-11-26")
    assert "a suspect on its territory" in abroad.reason


def test_a_duty_elsewhere_names_each_situation_once() -> None:
    import travelrisk

    reason = travelrisk.check("putin", "PH", on="2026-11-26").reason
    covered = reason.split("covers only ")[1]
    parts = covered.rstrip(")").split("; ")
    assert len(parts) == len(set(parts)) and "the Situation in Darfur, Sudan" in parts
