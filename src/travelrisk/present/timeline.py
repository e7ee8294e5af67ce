"""How the answer for one suspect in one place changed over time, and why: `timeline`.

The summariser is pure; the renderers turn a Timeline into text (wrapped to a width), JSON or
CSV, as chunks to write in order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from travelrisk.law.as_data import iso as _iso
from travelrisk.law.english import bare, possessive, sentence, the
from travelrisk.law.model import Place, Receipt, Status, Suspect
from travelrisk.law.wording import STATUS
from travelrisk.present.where import BASIS_LABEL, STATUS_LABEL, csv_values, spaced, wrap_text

if TYPE_CHECKING:
    from travelrisk.data.dataset import Dataset
    from travelrisk.law.engine import Law, Period


class ContextNote(NamedTuple):
    """A dated fact about a place that explains, or did not change, a timeline."""

    date: date
    # withdrawal_notified | withdrawal_effective | withdrawal_revoked | announcement | finding
    kind: str
    note: str


@dataclass(frozen=True)
class Timeline:
    """The periods over which the verdict for one suspect in one place changed, and why."""

    suspect_id: str
    suspect_name: str
    place: Place
    periods: tuple[Period, ...]
    context: tuple[ContextNote, ...]
    start: date | None  # the range asked for, if any
    end: date | None
    as_of: date | None
    overlay: tuple[str, ...] = ()


def place_context(
    law: Law, suspect: Suspect, place: Place, start: date | None = None, end: date | None = None
) -> list[ContextNote]:
    """Dated facts about `place` (or its sovereign) behind a timeline, in date order, within range.

    Withdrawals (notified, effective, revoked), political announcements of withdrawal, and the
    Court's findings on a failure to arrest this suspect there.
    """
    notes: list[ContextNote] = []
    codes = [place.code]
    territory = law.territories.get(place.code)
    if territory is not None and territory.sovereign and territory.sovereign != place.code:
        codes.append(territory.sovereign)
    for code in codes:
        state = law.states.get(code)
        if state is None:
            continue
        reported = " (reported; no UN depositary notification confirms it)"
        for w in state.withdrawals:
            notified = reported if "withdrawals.notified" in state.unverified else ""
            notes.append(
                ContextNote(
                    w.notified,
                    "withdrawal_notified",
                    f"{the(state.name, True)} notified its withdrawal, to take effect "
                    f"{w.effective}{notified}",
                )
            )
            if w.revoked is not None:
                revoked = reported if "withdrawals.revoked" in state.unverified else ""
                notes.append(
                    ContextNote(
                        w.revoked,
                        "withdrawal_revoked",
                        f"{the(state.name, True)} revoked that notification before it took effect"
                        f"{revoked}; as recorded, it stays a party",
                    )
                )
            else:
                notes.append(
                    ContextNote(
                        w.effective,
                        "withdrawal_effective",
                        f"{possessive(state.name, True)} withdrawal takes effect (art. 127(1))",
                    )
                )
        for a in state.announcements:
            notes.append(
                ContextNote(
                    a.date, "announcement", f"Announcement, no legal effect: {bare(a.note)}"
                )
            )
    for f in law.findings:
        if f.state == place.code and f.suspect == suspect.id:
            day = f.decision or f.visit_from
            if day is not None:
                outcome = spaced(f.outcome)
                notes.append(
                    ContextNote(day, "finding", f"Court finding, {outcome}: {bare(f.summary)}")
                )
    notes = [
        n for n in notes if (start is None or n.date >= start) and (end is None or n.date <= end)
    ]
    return sorted(notes, key=lambda n: (n.date, n.kind))


def build_timeline(
    ds: Dataset, suspect: str, country: str, start: date | None = None, end: date | None = None
) -> Timeline:
    """The timeline for `suspect` in `country` between `start` and `end` (both optional)."""
    person = ds.suspect(suspect)
    place = ds.place(country)
    periods = ds.timeline(person.id, place.code, start, end)
    context = place_context(ds.law, person, place, start, end)
    return Timeline(
        person.id,
        person.name,
        place,
        tuple(periods),
        tuple(context),
        start,
        end,
        ds.as_of,
        ds.overlay_changes,
    )


def period_span(p: Period) -> str:
    """`2023-03-17 to 2024-12-31`, `until 2023-03-16`, `from 2025-01-01`, or `always`."""
    if p.start and p.end:
        return f"{p.start} to {p.end}"
    if p.end:
        return f"until {p.end}"
    if p.start:
        return f"from {p.start}"
    return "always"


def period_label(p: Period) -> str:
    label = STATUS[p.status].headline if p.status is Status.OBLIGED else STATUS_LABEL[p.status]
    if p.bases:
        label += f" ({'; '.join(BASIS_LABEL[b] for b in p.bases)})"
    return label


TIMELINE_FIELDS = (
    "suspect_id",
    "suspect_name",
    "country",
    "place_name",
    "start",
    "end",
    "status",
    "obliged",
    "basis",
    "reason",
    "data_as_of",
)


def period_dict(p: Period) -> dict[str, Any]:
    return {
        "start": _iso(p.start),
        "end": _iso(p.end),
        "status": p.status.value,
        "obliged": p.status is Status.OBLIGED,
        "basis": p.basis.value if p.basis else None,
        "bases": [b.value for b in p.bases],
        "reason": p.reason,
    }


def timeline_dict(t: Timeline) -> dict[str, Any]:
    """The timeline as JSON-ready data.

    A period's `start` null means since records begin; `end` null, no end known.
    """
    return {
        "suspect": {"id": t.suspect_id, "name": t.suspect_name},
        "country": t.place.code,
        "place_name": t.place.name,
        "from": _iso(t.start),
        "to": _iso(t.end),
        "periods": [period_dict(p) for p in t.periods],
        "context": [
            {"date": n.date.isoformat(), "kind": n.kind, "note": n.note} for n in t.context
        ],
        "data": {"as_of": _iso(t.as_of), "overlay": list(t.overlay)},
    }


def timeline_text(t: Timeline, width: int = 80) -> Iterator[str]:
    """Lines for a terminal: one block per period (dates, verdict, why), then the context."""
    as_of = f" (data as of {t.as_of})" if t.as_of else ""
    heading = (
        f"{t.suspect_name} in {the(t.place.name)} ({t.place.code}): the answer over time{as_of}"
    )
    yield from wrap_text(heading, width, "  ", "")
    if t.start or t.end:
        yield f"  periods overlapping {t.start or 'the start of records'} to {t.end or 'now'}"
    if not t.periods:
        yield "  (no period in that range)"
    spans = [period_span(p) for p in t.periods]
    span_width = max((len(s) for s in spans), default=0)
    for span, p in zip(spans, t.periods, strict=True):
        yield ""
        heading = f"  {span:<{span_width}}  {period_label(p)}"
        if len(heading) <= width:
            yield heading
        else:  # the verdict under its dates
            yield f"  {span}"
            yield from wrap_text(period_label(p), width, "    ")
        yield from wrap_text(sentence(p.reason), width, "      ")
    if t.context:
        yield ""
        yield "  Context:"
        for n in t.context:
            lines = wrap_text(sentence(n.note), width, " " * 16)
            lines[0] = f"    {n.date}  {lines[0].lstrip()}"
            yield from lines
    if t.overlay:
        yield ""
        yield f"  overlay: {'; '.join(t.overlay)}"


def render_timeline(
    t: Timeline, fmt: str, width: int = 80, receipt: Receipt | None = None
) -> Iterator[str]:
    """The timeline in `fmt` (text, json or csv; csv has one row per period, no context).
    JSON and CSV carry `receipt`, if given."""
    if fmt == "json":
        from travelrisk.present.render import json_text

        yield json_text(timeline_dict(t), receipt)
    elif fmt == "csv":
        from travelrisk.present.render import csv_lines

        base = {
            "suspect_id": t.suspect_id,
            "suspect_name": t.suspect_name,
            "country": t.place.code,
            "place_name": t.place.name,
            "data_as_of": _iso(t.as_of),
        }
        rows = (
            csv_values({**base, **period_dict(p), "basis": ";".join(b.value for b in p.bases)})
            for p in t.periods
        )
        yield from csv_lines(TIMELINE_FIELDS, rows, receipt)
    else:
        yield "\n".join(timeline_text(t, width)) + "\n"
