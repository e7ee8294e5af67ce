"""Resolving the names people type to exactly one suspect, or saying clearly that we cannot."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from travelrisk import AmbiguousSuspect, UnknownSuspect
from travelrisk.data.dataset import Dataset
from travelrisk.resolve.names import name_words, normalize

FIXTURE = Path(__file__).parent / "fixtures" / "suspect_names.yaml"
NAMES = yaml.safe_load(FIXTURE.read_text(encoding="utf-8")) if FIXTURE.exists() else {}

# Misspellings the fixture lists as a stretch, which we deliberately do not guess at.
NOT_GUESSED = {"Marija Aleksejevna Lvov-Belov", "Мария Алексеевна Лвова-Белова"}
SPELLINGS = [
    (sid, spelling)
    for group in ("resolve", "resolve_stretch")
    for sid, spellings in (NAMES.get(group) or {}).items()
    for spelling in spellings
    if spelling not in NOT_GUESSED
]


def test_normalize_folds_case_accents_and_punctuation() -> None:
    assert normalize("  PUTIN,  Vladímir ") == "putin vladimir"
    assert normalize("el-Béchir") == "el bechir"
    assert normalize("Путин") == "путин"


@pytest.mark.parametrize(
    "typed, sid",
    [
        ("putin", "putin"),
        ("Putin", "putin"),
        ("Путин", "putin"),
        ("Poutine", "putin"),
        ("Putin Vladimir", "putin"),
        ("PUTIN, Vladimir", "putin"),
        ("Netanjahu", "netanyahu"),
        ("bibi", "netanyahu"),
        ("al-Bashir", "al-bashir"),
        ("Al Bashir", "al-bashir"),
        ("Bashir", "al-bashir"),
        ("Omar Bashir", "al-bashir"),
        ("el-Béchir", "al-bashir"),
        ("Omer Hassan Ahmed el-Bashir", "al-bashir"),
        ("Kony", "kony"),
        ("Deif", "deif"),
        ("Lvova-Belova", "lvova-belova"),
        ("Saif Gaddafi", "saif-al-islam-gaddafi"),
        ("Ali Kushayb", "abd-al-rahman"),
    ],
)
def test_common_forms_resolve(ds: Dataset, typed: str, sid: str) -> None:
    assert ds.suspect(typed).id == sid


def test_every_stored_name_resolves_to_its_person(ds: Dataset) -> None:
    for suspect in ds.suspects.values():
        for name in (suspect.id, suspect.name, *suspect.aliases):
            try:
                assert ds.suspect(name).id == suspect.id, name
            except AmbiguousSuspect as exc:  # a shared family name, e.g. "Gbagbo"
                assert suspect.id in {c for c, _ in exc.candidates}, name
                assert len(name_words(name)) == 1, f"only a single name may be ambiguous: {name}"


def test_cyrillic_resolves_by_transliteration_even_when_not_stored(ds: Dataset) -> None:
    # "Шойгу" is transliterated to "Shoygu"/"Shoigu"; the stored forms decide.
    assert ds.suspect("ПУТИН ВЛАДИМИР").id == "putin"


@pytest.mark.parametrize("sid, spelling", SPELLINGS)
def test_fixture_spellings_resolve(ds: Dataset, sid: str, spelling: str) -> None:
    assert ds.suspect(spelling).id == sid


@pytest.mark.parametrize(
    "name",
    [
        "Vladimir Petrov",
        "Mohammed Ali",
        "George Bush",
        "Vladimir Zelensky",
        *(NAMES.get("near_miss") or []),
    ],
)
def test_near_misses_resolve_to_no_one(ds: Dataset, name: str) -> None:
    with pytest.raises((UnknownSuspect, AmbiguousSuspect)):
        ds.suspect(name)


@pytest.mark.parametrize("name", ["Gaddafi", "Gbagbo", "Mohammed", *(NAMES.get("ambiguous") or [])])
def test_ambiguous_names_list_candidates_with_ids(ds: Dataset, name: str) -> None:
    with pytest.raises(AmbiguousSuspect) as info:
        ds.suspect(name)
    assert len(info.value.candidates) >= 2
    for sid, _ in info.value.candidates:
        assert ds.suspect(sid).id == sid  # the id always works


def test_unknown_name_suggests_but_never_decides(ds: Dataset) -> None:
    with pytest.raises(UnknownSuspect) as info:
        ds.suspect("Vladimir Putn")
    assert "putin" in str(info.value) and "did you mean" in str(info.value)


def test_name_text_is_capped_before_any_matching(ds: Dataset) -> None:
    from travelrisk import InputError
    from travelrisk.errors import MAX_NAME_LENGTH

    with pytest.raises(InputError, match=f"at most {MAX_NAME_LENGTH}"):
        ds.suspect_index.resolve("Putin " * 10_000)
    with pytest.raises(InputError, match=r"must be text \(str\), not NoneType"):
        ds.suspect(None)  # type: ignore[arg-type]
