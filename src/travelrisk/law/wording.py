"""The words for each status and each basis, in every register a command writes them, from one
table. Every command, format and the map take their status and basis words from here.

    label      "obliged to arrest"      where's groups, timeline periods, route crossings
    word       "obliged"                batch reasons ("obliged: France is a State party ...")
    headline   "OBLIGED to arrest"      check's first line, before the suspect's name
    shout      "OBLIGED"                batch's text table and timeline's obliged periods
    legend     "Obliged to arrest"      the map's legend
    markdown   "**obliged** to arrest"  check --format markdown
"""

from __future__ import annotations

from typing import NamedTuple

from travelrisk.law.model import Basis, Status


class StatusWords(NamedTuple):
    label: str
    word: str
    headline: str
    shout: str
    legend: str
    markdown: str


class BasisWords(NamedTuple):
    label: str  # "State party"
    short: str  # "party": the map's tooltips and counts


STATUS = {
    Status.OBLIGED: StatusWords(
        "obliged to arrest",
        "obliged",
        "OBLIGED to arrest",
        "OBLIGED",
        "Obliged to arrest",
        "**obliged** to arrest",
    ),
    Status.UNCERTAIN: StatusWords(
        "uncertain",
        "uncertain",
        "UNCERTAIN whether obliged to arrest",
        "UNCERTAIN",
        "Uncertain",
        "**uncertain**",
    ),
    Status.NOT_OBLIGED: StatusWords(
        "not obliged",
        "not obliged",
        "not obliged to arrest",
        "not obliged",
        "Not obliged",
        "not obliged",
    ),
    Status.NO_LIVE_WARRANT: StatusWords(
        "no live warrant",
        "no live warrant",
        "no live warrant for",
        "no live warrant",
        "No live warrant",
        "no live warrant",
    ),
}

BASIS = {
    Basis.PARTY: BasisWords("State party", "party"),
    Basis.TERRITORY: BasisWords("territory of a State party", "territory"),
    Basis.REFERRAL: BasisWords("UN Security Council referral", "referral"),
    Basis.DECLARATION: BasisWords("art. 12(3) declaration", "declaration"),
    Basis.CONTINUING_DUTY: BasisWords("art. 127(2) duty after withdrawal", "art. 127(2)"),
}

# The two statuses only a leg of an itinerary has, in batch's text table and its summary.
LEG_ONLY = {Status.NOT_PRESENT: "not present (overflight)", Status.ERROR: "ERROR"}
SUMMARY_NOUNS = {
    Status.NOT_PRESENT: ("overflight", "overflights"),
    Status.ERROR: ("error row", "error rows"),
}

# The order people read statuses in, and how bad each is for a traveller ("worst" last).
STATUS_ORDER = (Status.OBLIGED, Status.UNCERTAIN, Status.NOT_OBLIGED, Status.NO_LIVE_WARRANT)
RANK = {Status.NO_LIVE_WARRANT: 0, Status.NOT_OBLIGED: 1, Status.UNCERTAIN: 2, Status.OBLIGED: 3}
SUMMARY_ORDER = (*STATUS_ORDER, Status.NOT_PRESENT, Status.ERROR)


def status_words(register: str) -> dict[Status, str]:
    """One register of the table: {Status.OBLIGED: "obliged to arrest", ...} for "label"."""
    return {status: getattr(words, register) for status, words in STATUS.items()}


def basis_words(register: str) -> dict[Basis, str]:
    return {basis: getattr(words, register) for basis, words in BASIS.items()}
