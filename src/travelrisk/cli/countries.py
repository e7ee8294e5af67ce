"""`travelrisk countries`: what every place owes the Court on a date, with counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

import click

from travelrisk.cli import Context, echo_chunks, format_option, main, on_option
from travelrisk.present.formats import Format, Formatters

if TYPE_CHECKING:
    from travelrisk.law.model import Receipt

BASES = ("party", "territory", "referral", "declaration", "continuing_duty", "uncertain", "none")


class CountriesAnswer(NamedTuple):
    on: date
    total: int  # places, before --basis chose among them
    counts: Counter[str]  # places by basis
    rows: list[dict[str, Any]]  # the places chosen, one row each
    overlay: tuple[str, ...]  # what an overlay changed
    receipt: Receipt


FORMATTERS: Formatters[CountriesAnswer, Iterable[str]] = Formatters("countries")


@FORMATTERS.register(Format.TEXT)
def _text(answer: CountriesAnswer) -> Iterable[str]:
    from travelrisk.present.render import overlay_said

    counts = answer.counts
    summary = ", ".join(f"{counts[b]} {b}" for b in BASES if counts[b])
    lines = [f"{answer.total} places on {answer.on}: {summary}"]
    if answer.overlay:
        lines.append(f"  overlay:  {overlay_said(answer.overlay)}")
    for label in BASES:
        group = [r for r in answer.rows if r["basis"] == label]
        if not group:
            continue
        lines.append(f"\n{label} ({len(group)}):")
        for r in group:
            extra = f" [{r['situations'].replace(';', ', ')}]" if r["situations"] else ""
            lines.append(f"  {r['country']}  {r['name']}: {r['reason']}{extra}")
    return ["\n".join(lines) + "\n"]


@FORMATTERS.register(Format.JSON)
def _json(answer: CountriesAnswer) -> Iterable[str]:
    from travelrisk.present.render import json_text

    places = [{k: v for k, v in r.items() if k != "overlay"} for r in answer.rows]
    out = {
        "on": answer.on.isoformat(),
        "counts": dict(answer.counts),
        "places": places,
        "data": {"overlay": list(answer.overlay)},
    }
    return [json_text(out, answer.receipt)]


@FORMATTERS.register(Format.CSV)
def _csv(answer: CountriesAnswer) -> Iterable[str]:
    from travelrisk.present.render import csv_lines

    rows = answer.rows
    return csv_lines(list(rows[0]) if rows else ["country"], rows, answer.receipt)


@main.command()
@click.option("--basis", type=click.Choice(BASES), help="Only places with this basis of duty.")
@on_option
@format_option(FORMATTERS)
@click.pass_obj
def countries(obj: Context, basis: str | None, on: str | None, fmt: str) -> None:
    """Every place (ISO 3166-1, XK, XS) with its duty to arrest on the date, and counts.

    The duty is the place's own, whoever the suspect: membership and territorial coverage
    bind it for every situation; a referral or declaration only for the situations named.

    \b
    Examples:
      travelrisk countries
      travelrisk countries --basis referral
      travelrisk countries --on 2017-10-27 --format csv
    """
    from travelrisk.law.countries import basis_label
    from travelrisk.present.render import overlay_said

    overlay = tuple(obj.dataset.overlay_changes)
    all_duties = obj.dataset.duties(on)
    counts = Counter(basis_label(d) for d in all_duties)
    chosen = [d for d in all_duties if basis is None or basis_label(d) == basis]
    rows = [
        {
            "country": d.place.code,
            "name": d.place.name,
            "status": d.status,
            "basis": basis_label(d),
            "situations": ";".join(d.situations),
            "since": d.since.isoformat() if d.since else "",
            "until": d.until.isoformat() if d.until else "",
            "reason": d.reason,
            "on": d.on.isoformat(),
            "overlay": overlay_said(overlay),
        }
        for d in chosen
    ]
    answer = CountriesAnswer(
        all_duties[0].on, len(all_duties), counts, rows, overlay, obj.dataset.receipt
    )
    echo_chunks(FORMATTERS[fmt](answer))
