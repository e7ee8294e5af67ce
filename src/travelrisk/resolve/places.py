"""Resolving the place a user typed to an ISO 3166-1 entry (or one of `USER_ASSIGNED`).

The index is built once from pycountry and the project's own alias table (data/place_names.yaml),
then cached with the dataset, so a lookup of "FR" does not import pycountry at all.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from travelrisk.errors import AmbiguousPlace, UnknownPlace, require_text
from travelrisk.law.model import Place
from travelrisk.resolve.names import normalize

# Places the Statute's reach depends on that ISO 3166-1 gives no code: each has a code from the
# standard's user-assigned range (XA-XZ, XAA-XZZ). Kosovo's XK/XKX is the one the EU and others
# use; the UK's Sovereign Base Areas on Cyprus, a territory its 2010 extension names, get XS/XSB,
# assigned by this project (no common convention was found).
USER_ASSIGNED: tuple[dict[str, str | None], ...] = (
    {"alpha_2": "XK", "alpha_3": "XKX", "numeric": None, "name": "Kosovo"},
    {
        "alpha_2": "XS",
        "alpha_3": "XSB",
        "numeric": None,
        "name": "Akrotiri and Dhekelia",
        "official_name": "Sovereign Base Areas of Akrotiri and Dhekelia",
    },
)
USER_ASSIGNED_CODES = frozenset(str(e["alpha_2"]) for e in USER_ASSIGNED)


def _add_name(keys: dict[str, str], name: str, code: str) -> None:
    key = normalize(name)
    if key:
        keys.setdefault(key, code)
        if key.startswith("the "):
            keys.setdefault(key[4:], code)
    # "Sint Maarten (Dutch part)" is typed "Sint Maarten".
    if "(" in name:
        bare = normalize(name.split("(")[0])
        if bare:
            keys.setdefault(bare, code)
    # "Korea, Republic of" is also typed "Republic of Korea".
    if "," in name:
        head, _, tail = name.partition(",")
        keys.setdefault(normalize(f"{tail} {head}"), code)


def build_index(place_names: dict[str, Any] | None) -> dict[str, Any]:
    """A JSON-serialisable index: names -> code, ambiguous names, display names, alias notes."""
    import pycountry

    names: dict[str, str] = {}
    keys: dict[str, str] = {}
    entries: list[dict[str, str | None]] = [
        {
            "alpha_2": c.alpha_2,
            "alpha_3": c.alpha_3,
            "numeric": c.numeric,
            "name": c.name,
            "official_name": getattr(c, "official_name", None),
            "common_name": getattr(c, "common_name", None),
        }
        for c in pycountry.countries
    ]
    entries.extend(USER_ASSIGNED)
    for e in entries:
        code = str(e["alpha_2"])
        names[code] = str(e.get("common_name") or e["name"])
        keys[code.lower()] = code
        keys[str(e["alpha_3"]).lower()] = code
        numeric = e.get("numeric")
        if numeric:
            keys[numeric] = code
    # Names after codes, so a code always means its own country.
    for e in entries:
        for field in ("common_name", "name", "official_name"):
            value = e.get(field)
            if value:
                _add_name(keys, value, str(e["alpha_2"]))
    notes: dict[str, str] = {}
    ambiguous: dict[str, list[str]] = {}
    doc = place_names or {}
    for rec in doc.get("aliases") or []:
        key = normalize(rec["name"])
        keys[key] = rec["code"]  # the project's table overrides pycountry
        if rec.get("note"):
            notes[key] = rec["note"]
    for rec in doc.get("ambiguous") or []:
        key = normalize(rec["name"])
        keys.pop(key, None)
        ambiguous[key] = list(rec["codes"])
    return {"keys": keys, "names": names, "notes": notes, "ambiguous": ambiguous}


@lru_cache(maxsize=1)
def other_languages() -> dict[str, list[str]]:
    """Country and territory names in other languages (CLDR, built by
    tools/build_place_names_i18n.py): normalised name -> codes; read only when English fails."""
    import json
    from importlib.resources import files

    text = files("travelrisk.resolve").joinpath("place_names_i18n.json").read_text("utf-8")
    names: dict[str, list[str]] = json.loads(text)["names"]
    return names


def alpha_3(code: str) -> str:
    """The ISO 3166-1 alpha-3 code for an alpha-2 one (or a `USER_ASSIGNED` place's: XKX, XSB)."""
    for e in USER_ASSIGNED:
        if e["alpha_2"] == code:
            return str(e["alpha_3"])
    import pycountry

    found = pycountry.countries.get(alpha_2=code)
    if found is None:
        raise KeyError(code)
    return str(found.alpha_3)


class PlaceIndex:
    def __init__(self, index: dict[str, Any], names: dict[str, str] | None = None) -> None:
        self.keys: dict[str, str] = index["keys"]
        self.names: dict[str, str] = dict(index["names"])
        if names:  # the data's own names for states and territories read better than ISO's
            self.names.update(names)
        self.notes: dict[str, str] = index["notes"]
        self.ambiguous: dict[str, list[str]] = index["ambiguous"]

    @property
    def codes(self) -> list[str]:
        """Every place the tool knows: the 249 ISO 3166-1 codes and the user-assigned ones."""
        return sorted(self.names)

    def place(self, code: str) -> Place:
        return Place(code, self.names[code])

    def resolve(self, query: str) -> Place:
        """The place `query` names; raises UnknownPlace or AmbiguousPlace otherwise."""
        key = normalize(require_text("country", query))
        if key.isdigit():
            key = key.zfill(3)
        if key in self.ambiguous:
            codes = self.ambiguous[key]
            raise AmbiguousPlace(query, tuple((c, self.names[c]) for c in codes))
        code = self.keys.get(key)
        if code is None and key.startswith("the "):
            code = self.keys.get(key[4:])
        if code is None:
            found = other_languages().get(key)
            if found is None:
                raise UnknownPlace(query, self.suggest(key))
            if len(found) > 1:
                raise AmbiguousPlace(query, tuple((c, self.names[c]) for c in found))
            code = found[0]
        return Place(code, self.names[code], self.notes.get(key))

    def suggest(self, key: str, limit: int = 3) -> tuple[str, ...]:
        """Close names, for a 'did you mean' line. Never used to decide a match."""
        if len(key) < 3:
            return ()
        from rapidfuzz import fuzz, process

        found = process.extract(
            key, [k for k in self.keys if len(k) > 3], scorer=fuzz.WRatio, limit=10
        )
        out: list[str] = []
        for name, score, _ in found:
            label = f"{self.names[self.keys[name]]} ({self.keys[name]})"
            if score >= 80 and label not in out:
                out.append(label)
        return tuple(out[:limit])
