"""`travelrisk countries`: what every place owes the Court on a date, with counts."""

from __future__ import annotations

from collections import Counter

import click

from travelrisk.cli import Context, echo_chunks, format_option, main, on_option

BASES = ("party", "territory", "referral", "declaration", "continuing_duty", "uncertain", "none")


@main.command()
@click.option("--basis", type=click.Choice(BASES), help="Only places with this basis of duty.")
@on_option
@format_option()
@click.pass_obj
def countries(obj: Context, basis: str | None, on: str | None, fmt: str) -> None:
    """Every place (ISO 3166-1 and Kosovo) with its duty to arrest on the date, and counts.

    The duty is the place's own, whoever the suspect: membership and territorial coverage
    bind it for every situation; a referral or declaration only for the situations named.

    \b
    Examples:
      travelrisk countries
      travelrisk countries --basis referral
      travelrisk countries --on 2017-10-27 --format csv
    """
    from travelrisk.law.countries import basis_label
    from travelrisk.present.render import csv_lines, json_text, overlay_said

    overlay = obj.dataset.overlay_changes
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
    if fmt == "json":
        places = [{k: v for k, v in r.items() if k != "overlay"} for r in rows]
        out = {
            "on": all_duties[0].on.isoformat(),
            "counts": dict(counts),
            "places": places,
            "data": {"overlay": list(overlay)},
        }
        echo_chunks([json_text(out, obj.dataset.receipt)])
        return
    if fmt == "csv":
        echo_chunks(csv_lines(list(rows[0]) if rows else ["country"], rows, obj.dataset.receipt))
        return
    day = all_duties[0].on
    summary = ", ".join(f"{counts[b]} {b}" for b in BASES if counts[b])
    lines = [f"{len(all_duties)} places on {day}: {summary}"]
    if overlay:
        lines.append(f"  overlay:  {overlay_said(overlay)}")
    for label in BASES:
        group = [r for r in rows if r["basis"] == label]
        if not group:
            continue
        lines.append(f"\n{label} ({len(group)}):")
        for r in group:
            extra = f" [{r['situations'].replace(';', ', ')}]" if r["situations"] else ""
            lines.append(f"  {r['country']}  {r['name']}: {r['reason']}{extra}")
    echo_chunks(["\n".join(lines) + "\n"])
