"""Resolving the name a user typed to exactly one suspect, or saying clearly that it cannot.

Exact forms decide; fuzzy matching only ever suggests. A name matches a person when it is one of
the person's stored names (in any script, any case, accents and punctuation ignored, any word
order), or when its words all belong to one stored name and include that name's surname.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from travelrisk.errors import AmbiguousSuspect, UnknownSuspect, require_text
from travelrisk.law.model import Suspect

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
# Arabic and other particles that people drop or hyphenate freely: "al-Bashir", "Bashir".
PARTICLES = frozenset({"al", "el", "ad", "ag", "as", "ash", "at", "az", "ar", "bin", "ibn", "bint"})


def normalize(text: str) -> str:
    """Casefolded, accents and punctuation removed, words separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped.casefold()).strip()


# Romanisations of the same Arabic given names: the press mixes them freely.
VARIANTS = {
    **dict.fromkeys(
        ("mohammed", "mohamed", "mohammad", "muhammed", "mohamad", "mouhamed"), "muhammad"
    ),
    **dict.fromkeys(("ahmed", "ahmet"), "ahmad"),
    **dict.fromkeys(("omer", "umar"), "omar"),
    **dict.fromkeys(("hasan",), "hassan"),
    # Family names romanised many ways: "al-Qadhafi", "Kadhafi"; "al-Beshir", "el-Béchir".
    **dict.fromkeys(
        ("qadhafi", "qaddafi", "kadhafi", "gadhafi", "gaddafy", "kaddafi", "qadafi", "kadafi"),
        "gaddafi",
    ),
    **dict.fromkeys(("beshir", "bechir", "bachir"), "bashir"),
}


# Titles and honorifics the press puts before a name: "President Putin", "Mullah Akhundzada".
TITLES = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "president",
        "prime",
        "minister",
        "general",
        "gen",
        "colonel",
        "col",
        "marshal",
        "mullah",
        "mawlawi",
        "maulvi",
        "sheikh",
        "sheik",
        "commander",
    }
)


def name_words(text: str) -> tuple[str, ...]:
    words = (VARIANTS.get(w, w) for w in normalize(text).split())
    return tuple(w for w in words if w not in PARTICLES and w not in TITLES)


def _covers(form: frozenset[str], wanted: set[str]) -> bool:
    """Whether every wanted word is in the form; a single letter stands for an initial."""
    for word in wanted:
        if word in form:
            continue
        if len(word) == 1 and any(f.startswith(word) for f in form):
            continue
        return False
    return True


def _transliterate(text: str) -> str:
    """Latin letters for a name in another script (Путин -> Putin); empty if nothing changes."""
    if text.isascii():
        return ""
    from anyascii import anyascii  # only for non-Latin input

    latin = anyascii(text)
    return latin if normalize(latin) != normalize(text) else ""


@dataclass(frozen=True)
class _Form:
    suspect_id: str
    words: frozenset[str]
    surname: str


class SuspectIndex:
    """Every stored name form of every suspect, ready for exact and word matching."""

    def __init__(self, suspects: Iterable[Suspect]) -> None:
        self.suspects: dict[str, Suspect] = {}
        self.exact: dict[str, set[str]] = {}  # sorted-word key -> suspect ids
        self.forms: list[_Form] = []
        for s in suspects:
            self.suspects[s.id] = s
            for name in (s.id, s.name, *s.aliases):
                words = name_words(name)
                if not words:
                    continue
                self.exact.setdefault(" ".join(sorted(words)), set()).add(s.id)
                self.forms.append(_Form(s.id, frozenset(words), words[-1]))

    def resolve(self, query: str) -> Suspect:
        """The one suspect `query` names; raises UnknownSuspect or AmbiguousSuspect otherwise."""
        text = require_text("suspect", query).strip()
        if text in self.suspects:
            return self.suspects[text]
        for attempt in (text, _transliterate(text)):
            words = name_words(attempt)
            if not words:
                continue
            ids = self._match(words)
            if len(ids) == 1:
                return self.suspects[ids[0]]
            if len(ids) > 1:
                raise AmbiguousSuspect(query, self._named(ids))
        raise self._unknown(query)

    def _match(self, words: tuple[str, ...]) -> list[str]:
        wanted = set(words)
        with_surname = {
            f.suspect_id for f in self.forms if wanted <= f.words and f.surname in wanted
        }
        exact = self.exact.get(" ".join(sorted(words)))
        if exact:
            # A bare family name stored as one person's alias ("Gbagbo") still names the others.
            return sorted(exact | with_surname) if len(words) == 1 else sorted(exact)
        if with_surname:
            return sorted(with_surname)
        # Given names alone ("Mohammed") never decide, but two or more holders make it ambiguous.
        partial = {f.suspect_id for f in self.forms if _covers(f.words, wanted)}
        return sorted(partial) if len(partial) > 1 else []

    def _named(self, ids: Iterable[str]) -> tuple[tuple[str, str], ...]:
        return tuple((i, self.suspects[i].name) for i in ids)

    def _unknown(self, query: str) -> UnknownSuspect:
        return UnknownSuspect(query, self.suggest(query))

    def suggest(self, query: str, limit: int = 3) -> tuple[str, ...]:
        """Close names, for a 'did you mean' line. Never used to decide a match."""
        from rapidfuzz import fuzz, process, utils

        target = normalize(_transliterate(query) or query)
        if not target:
            return ()
        choices: dict[str, str] = {}
        for s in self.suspects.values():
            for name in (s.name, *s.aliases):
                choices.setdefault(name, s.id)
        found = process.extract(
            target, list(choices), scorer=fuzz.WRatio, processor=utils.default_process, limit=20
        )
        out: list[str] = []
        for name, score, _ in found:
            sid = choices[name]
            label = f"{self.suspects[sid].name} ({sid})"
            if score >= 80 and label not in out:
                out.append(label)
        return tuple(out[:limit])
