"""`travelrisk suspects` and `travelrisk show`: who the data knows, and everything about one."""

from __future__ import annotations

from typing import Any

import click

from travelrisk.cli import Context, echo_chunks, format_option, main, on_option
from travelrisk.cli.completion import complete_situation, complete_suspect

STATE_CHOICES = (
    "live",
    "not_live",
    "not_issued",
    "surrendered",
    "warrant_withdrawn",
    "proceedings_terminated",
)


@main.command()
@click.option(
    "--status",
    "state",
    type=click.Choice(STATE_CHOICES, case_sensitive=False),
    help="Only suspects whose warrant is in this state on the date.",
)
@click.option(
    "--situation",
    metavar="SITUATION",
    shell_complete=complete_situation,
    help="Only this situation, by id or name, in any case (libya, Libya, 'Situation in Libya').",
)
@on_option
@format_option()
@click.pass_obj
def suspects(
    obj: Context, state: str | None, situation: str | None, on: str | None, fmt: str
) -> None:
    """List the people with public ICC arrest warrants and whether each is live on the date.

    Sorted by surname (Al Bashir with the B's, dela Rosa with the D's), with nationality, the
    offices the data records, and the kinds of crime charged.

    \b
    Examples:
      travelrisk suspects
      travelrisk suspects --status live --situation Libya
      travelrisk suspects --on 2020-01-01 --format csv
    """
    from travelrisk.cli.where import terminal_width
    from travelrisk.law.suspects import crime_kinds, offices, surname
    from travelrisk.present.render import csv_lines, json_text
    from travelrisk.present.where import wrap_text

    entries = obj.dataset.roster(on, state.lower() if state else None, situation)
    rows: list[dict[str, Any]] = [
        {
            "id": e.suspect.id,
            "name": e.suspect.name,
            "situation": e.suspect.situation,
            "state": e.state,
            "live": e.warrant.live,
            "since": e.warrant.event.date.isoformat() if e.warrant.event else None,
            "on": e.on.isoformat(),
            "surname": surname(e.suspect),
            "nationality": list(e.suspect.nationality),
            "offices": offices(e.suspect),
            "crimes": crime_kinds(e.suspect),
        }
        for e in entries
    ]
    if fmt == "json":
        echo_chunks([json_text(rows, obj.dataset.receipt)])
    elif fmt == "csv":
        echo_chunks(csv_lines(CSV_COLUMNS, (csv_row(r) for r in rows), obj.dataset.receipt))
    else:
        width = max((len(e.suspect.id) for e in entries), default=2)
        lines = [f"{len(rows)} suspects on {entries[0].on if entries else on or 'today'}"]
        for r in rows:
            since = f" since {r['since']}" if r["since"] else ""
            nationality = f" ({', '.join(r['nationality'])})" if r["nationality"] else ""
            lines.append(
                f"  {r['id']:<{width}}  {r['state']:<22} {r['name']}{nationality} "
                f"[{r['situation']}]{since}"
            )
            detail = "; ".join(
                [*r["offices"], ", ".join(r["crimes"])] if r["crimes"] else r["offices"]
            )
            if detail:  # under the name, wrapped to the terminal
                lines += wrap_text(detail, terminal_width(), " " * 6)
        echo_chunks(["\n".join(lines) + "\n"])


# CSV columns of `suspects`: new ones are added at the end.
CSV_COLUMNS = (
    "id",
    "name",
    "situation",
    "state",
    "live",
    "since",
    "on",
    "surname",
    "nationality",
    "offices",
    "crimes",
)


def csv_row(row: dict[str, Any]) -> dict[str, Any]:
    """A suspects row for CSV: lists joined with `;`, booleans as true/false."""
    return {
        **row,
        "live": "true" if row["live"] else "false",
        "nationality": ";".join(row["nationality"]),
        "offices": ";".join(row["offices"]),
        "crimes": ";".join(row["crimes"]),
    }


@main.command()
@click.argument("suspect", shell_complete=complete_suspect)
@format_option("text", "json")
@click.pass_obj
def show(obj: Context, suspect: str, fmt: str) -> None:
    """Everything the data knows about one person: names, warrants, charges, history, sources.

    \b
    Examples:
      travelrisk show putin
      travelrisk show "Omar al-Bashir" --format json
    """
    from travelrisk.law.suspects import suspect_dict
    from travelrisk.present.render import json_text, sources_by_fact

    person = obj.dataset.suspect(suspect)
    data = suspect_dict(person)
    if fmt == "json":
        echo_chunks([json_text(data, obj.dataset.receipt)])
        return
    lines = [
        f"{person.name} ({person.id})",
        f"  situation:   {obj.dataset.situations[person.situation].name}",
    ]
    if person.case:
        lines.append(f"  case:        {person.case}")
    if person.nationality:
        lines.append(f"  nationality: {', '.join(person.nationality)}")
    if person.aliases:
        lines.append(f"  also:        {'; '.join(person.aliases)}")
    for w in person.warrants:
        issued = w.issued.isoformat() if w.issued else "date not known"
        public = f", made public {w.public}" if w.public and w.public != w.issued else ""
        lines.append(f"  warrant:     issued {issued}{public}")
        for c in w.crimes:
            article = f" (art. {c.article})" if c.article else ""
            lines.append(f"    - {c.crime}{article}")
    lines.append("  history:")
    for e in person.events:
        note = f": {e.note}" if e.note else ""
        lines.append(f"    {e.date}  {e.type.replace('_', ' ')}{note}")
    if person.notes:
        lines.append(f"  notes:       {' '.join(person.notes.split())}")
    if person.unverified:
        lines.append(f"  unverified:  {', '.join(person.unverified)}")
    lines += sources_by_fact(person.sources)
    echo_chunks(["\n".join(lines) + "\n"])
