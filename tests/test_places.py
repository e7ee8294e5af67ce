"""Resolving places: every ISO 3166-1 entry, the alias table, and the famous confusions."""

from __future__ import annotations

from pathlib import Path

import pycountry
import pytest
import yaml

from travelrisk import AmbiguousPlace, UnknownPlace
from travelrisk.data.dataset import Dataset
from travelrisk.data.files import bundled_dir

ISO = list(pycountry.countries)


def test_the_tool_knows_all_249_codes_and_the_user_assigned_ones(ds: Dataset) -> None:
    codes = {p.code for p in ds.places()}
    assert codes == {c.alpha_2 for c in ISO} | {"XK", "XS"}
    assert len(codes) == 251


@pytest.mark.parametrize(
    "forms,code,iso3",
    [
        (["XK", "xk", "XKX", "Kosovo"], "XK", "XKX"),
        (
            ["XS", "XSB", "Akrotiri and Dhekelia", "Sovereign Base Areas of Akrotiri and Dhekelia"],
            "XS",
            "XSB",
        ),
        (["Akrotiri", "Dhekelia", "Sovereign Base Areas"], "XS", "XSB"),
    ],
)
def test_places_iso_gives_no_code_resolve_by_their_user_assigned_codes_and_names(
    ds: Dataset, forms: list[str], code: str, iso3: str
) -> None:
    from travelrisk.resolve.places import alpha_3

    for form in forms:
        assert ds.place(form).code == code, form
    assert alpha_3(code) == iso3


def test_a_territory_with_a_user_assigned_code_is_covered_from_its_extension(ds: Dataset) -> None:
    before = ds.check("al-bashir", "Akrotiri", on="2010-03-10")
    after = ds.check("al-bashir", "Akrotiri", on="2010-03-11")
    assert (before.obliged, after.obliged) == (False, True)
    assert after.basis is not None and after.basis.value == "territory"
    assert any(s.kind == "government" for s in after.sources)


@pytest.mark.parametrize("country", ISO, ids=lambda c: c.alpha_2)
def test_every_iso_entry_resolves_by_code_number_and_name(ds: Dataset, country) -> None:  # type: ignore[no-untyped-def]
    code = country.alpha_2
    forms = [code, code.lower(), country.alpha_3, country.numeric, country.name]
    forms += [getattr(country, f) for f in ("official_name", "common_name") if hasattr(country, f)]
    for form in forms:
        try:
            assert ds.place(form).code == code, form
        except AmbiguousPlace as exc:  # "Congo": the user is asked which one, and this is one
            assert code in {c for c, _ in exc.candidates}, form


def test_every_alias_in_the_table_resolves_to_its_code(ds: Dataset) -> None:
    with open(f"{bundled_dir()}/place_names.yaml", encoding="utf-8") as handle:
        table = yaml.safe_load(handle)
    for alias in table["aliases"]:
        assert ds.place(alias["name"]).code == alias["code"], alias["name"]


@pytest.mark.parametrize(
    "name, code",
    [
        ("UK", "GB"),
        ("Great Britain", "GB"),
        ("Britain", "GB"),
        ("England", "GB"),
        ("USA", "US"),
        ("America", "US"),
        ("Russia", "RU"),
        ("Ivory Coast", "CI"),
        ("Turkey", "TR"),
        ("Türkiye", "TR"),
        ("Holland", "NL"),
        ("Burma", "MM"),
        ("DRC", "CD"),
        ("Congo-Kinshasa", "CD"),
        ("Congo-Brazzaville", "CG"),
        ("North Korea", "KP"),
        ("South Korea", "KR"),
        ("Laos", "LA"),
        ("Vietnam", "VN"),
        ("Syria", "SY"),
        ("Iran", "IR"),
        ("Palestine", "PS"),
        ("Vatican", "VA"),
        ("Cape Verde", "CV"),
        ("Swaziland", "SZ"),
        ("Czech Republic", "CZ"),
        ("East Timor", "TL"),
        ("Macedonia", "MK"),
        ("Curacao", "CW"),
        ("Curaçao", "CW"),
        ("Kosovo", "XK"),
        ("Greenland", "GL"),
        ("Gibraltar", "GI"),
        ("Réunion", "RE"),
        ("reunion", "RE"),
        ("Hong Kong", "HK"),
        ("Crimea", "UA"),
        ("Sint Maarten", "SX"),
        ("  france  ", "FR"),
        ("CÔTE D'IVOIRE", "CI"),
        # The famous confusions.
        ("Niger", "NE"),
        ("Nigeria", "NG"),
        ("Guinea", "GN"),
        ("Guinea-Bissau", "GW"),
        ("Equatorial Guinea", "GQ"),
        ("Dominica", "DM"),
        ("Dominican Republic", "DO"),
        ("Sudan", "SD"),
        ("South Sudan", "SS"),
        ("Austria", "AT"),
        ("Australia", "AU"),
    ],
)
def test_names_people_type(ds: Dataset, name: str, code: str) -> None:
    assert ds.place(name).code == code


def test_crimea_keeps_a_note_on_how_it_was_read(ds: Dataset) -> None:
    place = ds.place("Crimea")
    assert place.code == "UA" and place.note and "occupied" in place.note
    v = ds.check("putin", "Crimea", "2025-06-01")
    assert v.place.code == "UA" and any("occupied" in c for c in v.caveats)


@pytest.mark.parametrize("name", ["Congo", "the Congo", "Virgin Islands"])
def test_ambiguous_names_list_candidates(ds: Dataset, name: str) -> None:
    with pytest.raises(AmbiguousPlace) as info:
        ds.place(name)
    assert len(info.value.candidates) >= 2
    assert "give the code" in str(info.value)


def test_unknown_name_suggests_close_names(ds: Dataset) -> None:
    with pytest.raises(UnknownPlace) as info:
        ds.place("Frnace")
    assert "France (FR)" in str(info.value)
    with pytest.raises(UnknownPlace):
        ds.place("Atlantis")
    with pytest.raises(UnknownPlace):
        ds.place("")


def test_place_text_is_capped_before_any_matching(ds: Dataset) -> None:
    from travelrisk import InputError
    from travelrisk.errors import MAX_NAME_LENGTH

    assert ds.place_index.resolve("France").code == "FR"
    with pytest.raises(InputError, match=f"at most {MAX_NAME_LENGTH}"):
        ds.place_index.resolve("France " * 1000)
    with pytest.raises(InputError, match="must be text"):
        ds.place_index.resolve(b"FR")  # type: ignore[arg-type]


I18N = yaml.safe_load(
    (Path(__file__).parent / "fixtures" / "place_names_i18n.yaml").read_text("utf-8")
)


def test_the_i18n_fixture_covers_ten_languages_with_twenty_names_each() -> None:
    assert len(I18N["names"]) >= 10
    assert all(len(names) >= 20 for names in I18N["names"].values())


@pytest.mark.parametrize(
    ("typed", "code"),
    [(n, c) for names in I18N["names"].values() for n, c in names.items()],
)
def test_names_in_other_languages_resolve(ds: Dataset, typed: str, code: str) -> None:
    assert ds.place(typed).code == code
    assert ds.place(typed.upper()).code == code  # case and width as for English names


@pytest.mark.parametrize(("typed", "codes"), list(I18N["ambiguous"].items()))
def test_names_ambiguous_in_some_language_are_refused(
    ds: Dataset, typed: str, codes: list[str]
) -> None:
    with pytest.raises(AmbiguousPlace) as caught:
        ds.place(typed)
    assert [c for c, _ in caught.value.candidates] == codes


@pytest.mark.parametrize(
    ("typed", "code"),
    [("Deutschland", "DE"), ("deutschland", "DE"), ("ＤＥＵＴＳＣＨＬＡＮＤ", "DE"),
     ("Republic of Ireland", "IE"), ("Eire", "IE"), ("Éire", "IE"), ("Türkiye", "TR"),
     ("Estados Unidos", "US"), ("Rusia", "RU"), ("Suisse", "CH"), ("Österreich", "AT")],
)  # fmt: skip
def test_names_people_type_in_other_languages(ds: Dataset, typed: str, code: str) -> None:
    assert ds.place(typed).code == code


def test_somaliland_reads_as_somalia_with_a_note_not_as_mali(ds: Dataset) -> None:
    place = ds.place("Somaliland")
    assert place.code == "SO" and "part of Somalia" in (place.note or "")


def test_other_languages_are_read_only_when_english_fails(ds: Dataset) -> None:
    from travelrisk.resolve.places import other_languages

    other_languages.cache_clear()
    ds.place("France"), ds.place("FR"), ds.place("Ivory Coast")
    assert other_languages.cache_info().misses == 0
    ds.place("Frankreich")
    assert other_languages.cache_info().misses == 1


def test_the_cldr_table_names_only_known_places(ds: Dataset) -> None:
    from travelrisk.resolve.places import other_languages

    known = set(ds.place_index.codes)
    assert all(set(codes) <= known for codes in other_languages().values())
