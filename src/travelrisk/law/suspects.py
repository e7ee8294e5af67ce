"""The people in the data and the state of their warrants on a date: `suspects` and `show`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, NamedTuple

from travelrisk.law.as_data import iso as _iso
from travelrisk.law.as_data import source_dict
from travelrisk.law.engine import warrant_state
from travelrisk.law.model import Situation, Suspect, WarrantState

# What a suspect's warrant state is called, from the last event that changed it.
STATES = ("live", "not_issued", "surrendered", "warrant_withdrawn", "proceedings_terminated")


class Entry(NamedTuple):
    suspect: Suspect
    on: date
    warrant: WarrantState

    @property
    def state(self) -> str:
        if self.warrant.live:
            return "live"
        return self.warrant.event.type if self.warrant.event else "not_issued"


def roster(
    suspects: Iterable[Suspect],
    on: date,
    state: str | None = None,
    situation: str | None = None,
) -> list[Entry]:
    """Every suspect with their warrant state on `on`, optionally filtered (`situation` an id),
    sorted by surname (see `surname`)."""
    entries = [Entry(s, on, warrant_state(s, on)) for s in suspects]
    if state == "not_live":
        entries = [e for e in entries if not e.warrant.live]
    elif state is not None:
        entries = [e for e in entries if e.state == state]
    if situation is not None:
        entries = [e for e in entries if e.suspect.situation == situation]
    return sorted(entries, key=lambda e: (surname_key(e.suspect), _fold(e.suspect.name)))


# Words that belong to the surname that follows them: "dela Rosa", "Al Bashir", "van der Berg".
PARTICLES = frozenset(
    {"al", "el", "ag", "de", "dela", "del", "la", "da", "di", "dos", "van", "von"}
)
# Of those, the Arabic article, which an index skips: "Al Bashir" sorts with the B's.
SKIPPED = ("al", "el")


def surname(s: Suspect) -> str:
    """The surname a list sorts by: `sort_as` from the data, else the last word of the name with
    the particles before it ("Omar Hassan Ahmad Al Bashir" -> "Al Bashir")."""
    if s.sort_as:
        return s.sort_as
    words = s.name.split()
    start = len(words) - 1
    while start > 0 and words[start - 1].casefold() in PARTICLES:
        start -= 1
    return " ".join(words[start:])


def surname_key(s: Suspect) -> str:
    """How `surname` sorts: accents and case aside, a leading al/el skipped ("Al-Senussi" with
    the S's, "dela Rosa" with the D's)."""
    key = _fold(surname(s))
    for article in SKIPPED:
        for joint in (" ", "-"):
            if key.startswith(article + joint):
                key = key[len(article) + 1 :]
    return key


def _fold(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _squash(text: str) -> str:
    """Letters and digits only, folded: "Côte d'Ivoire" and "cote-divoire" both "cotedivoire"."""
    return "".join(c for c in _fold(text) if c.isalnum())


def situation_id(situations: Mapping[str, Situation], text: str) -> str | None:
    """The situation `text` names: its id or its name, in any case, with or without "Situation
    in" and "the" ("libya", "Libya", "Situation in Libya", "Darfur", "Central African Republic")."""
    wanted = _squash(text)
    for sid, sit in situations.items():
        short = sit.name.removeprefix("Situation in ").removeprefix("the ")
        names = {sid, sit.name, short, short.split(",")[0]}
        if wanted in {_squash(n) for n in names}:
            return sid
    return None


# The kinds of crime, by the Rome Statute's article, as a list says them in short.
CRIME_KINDS = {
    "6": "genocide",
    "7": "crimes against humanity",
    "8": "war crimes",
    "70": "offences against the administration of justice",
}
_CRIME_WORDS = (
    ("genocide", "6"),
    ("against humanity", "7"),
    ("war crime", "8"),
    ("administration of justice", "70"),
)


def crime_kinds(s: Suspect) -> list[str]:
    """What the warrants charge, in short and in the Statute's order: "crimes against humanity,
    war crimes". By article, or by the crime's words where the article is not given."""
    found: set[str] = set()
    for w in s.warrants:
        for c in w.crimes:
            article = (c.article or "").split("(")[0].strip()
            if article in CRIME_KINDS:
                found.add(article)
                continue
            text = c.crime.casefold()
            found.update(art for words, art in _CRIME_WORDS if words in text)
    return [CRIME_KINDS[a] for a in sorted(found, key=int)]


def offices(s: Suspect) -> list[str]:
    """The offices the data records for a suspect (head of state or government, minister)."""
    return list(dict.fromkeys(o.office for o in s.offices))


def suspect_dict(s: Suspect) -> dict[str, Any]:
    """Everything the data knows about one person, as JSON-ready data."""
    return {
        "id": s.id,
        "name": s.name,
        "aliases": list(s.aliases),
        "nationality": list(s.nationality),
        "situation": s.situation,
        "case": s.case,
        "warrants": [
            {
                "issued": _iso(w.issued),
                "public": _iso(w.public),
                "crimes": [{"crime": c.crime, "article": c.article} for c in w.crimes],
            }
            for w in s.warrants
        ],
        "events": [{"date": _iso(e.date), "type": e.type, "note": e.note} for e in s.events],
        "notes": s.notes,
        "unverified": list(s.unverified),
        "sources": [source_dict(src) for src in s.sources],
    }
