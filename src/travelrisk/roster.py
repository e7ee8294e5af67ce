"""The people in the data and the state of their warrants on a date: `suspects` and `show`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, NamedTuple

from .engine import warrant_state
from .model import Suspect, WarrantState
from .render import iso as _iso

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
    """Every suspect with their warrant state on `on`, optionally filtered, sorted by name."""
    entries = [Entry(s, on, warrant_state(s, on)) for s in suspects]
    if state == "not_live":
        entries = [e for e in entries if not e.warrant.live]
    elif state is not None:
        entries = [e for e in entries if e.state == state]
    if situation is not None:
        entries = [e for e in entries if e.suspect.situation == situation]
    return sorted(entries, key=lambda e: (e.suspect.situation, e.suspect.name))


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
        "sources": [{"title": src.title, "url": src.url} for src in s.sources],
    }
