"""`travelrisk suspects` and `travelrisk show`: who the data knows, and everything about one."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

import click

from travelrisk.cli import Context, echo_chunks, format_option, main, on_option
from travelrisk.cli.completion import complete_situation, complete_suspect
from travelrisk.present.formats import Format, Formatters

if TYPE_CHECKING:
    from travelrisk.law.model import Receipt, Suspect
    from travelrisk.law.suspects import Entry as RosterEntry

STATE_CHOICES = (
    "live",
    "not_live",
    "not_issued",
    "surrendered",
    "warrant_withdrawn",
    "proceedings_terminated",
)


class SuspectsAnswer(NamedTuple):
    entries: list[RosterEntry]
    rows: list[dict[str, Any]]  # one per entry
    on: str  # the day, as the text heading says it
    receipt: Receipt


SUSPECTS: Formatters[SuspectsAnswer, Iterable[str]] = Formatters("suspects")


@SUSPECTS.register(Format.TEXT)
def _suspects_text(answer: SuspectsAnswer) -> Iterable[str]:
    from travelrisk.cli.where import terminal_width
    from travelrisk.present.where import wrap_text

    rows = answer.rows
    width = max((len(e.suspect.id) for e in answer.entries), default=2)
    lines = [f"{len(rows)} suspects on {answer.on}"]
    for r in rows:
        since = f" since {r['since']}" if r["since"] else ""
        nationality = f" ({', '.join(r['nationality'])})" if r["nationality"] else ""
        lines.append(
            f"  {r['id']:<{width}}  {r['state']:<22} {r['name']}{nationality} "
            f"[{r['situation']}]{since}"
        )
        detail = "; ".join([*r["offices"], ", ".join(r["crimes"])] if r["crimes"] else r["offices"])
        if detail:  # under the name, wrapped to the terminal
            lines += wrap_text(detail, terminal_width(), " " * 6)
    return ["\n".join(lines) + "\n"]


@SUSPECTS.register(Format.JSON)
def _suspects_json(answer: SuspectsAnswer) -> Iterable[str]:
    from travelrisk.present.render import json_text

    return [json_text(answer.rows, answer.receipt)]


@SUSPECTS.register(Format.CSV)
def _suspects_csv(answer: SuspectsAnswer) -> Iterable[str]:
    from travelrisk.present.render import csv_lines

    return csv_lines(CSV_COLUMNS, (csv_row(r) for r in answer.rows), answer.receipt)


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
@format_option(SUSPECTS)
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
    from travelrisk.law.suspects import crime_kinds, offices, surname

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
    day = str(entries[0].on if entries else on or "today")
    echo_chunks(SUSPECTS[fmt](SuspectsAnswer(entries, rows, day, obj.dataset.receipt)))


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


class ShowAnswer(NamedTuple):
    suspect: Suspect
    situation_name: str
    receipt: Receipt


SHOW: Formatters[ShowAnswer, Iterable[str]] = Formatters("show")


@SHOW.register(Format.TEXT)
def _show_text(answer: ShowAnswer) -> Iterable[str]:
    from travelrisk.present.render import sources_by_fact

    person = answer.suspect
    lines = [
        f"{person.name} ({person.id})",
        f"  situation:   {answer.situation_name}",
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
    return ["\n".join(lines) + "\n"]


@SHOW.register(Format.JSON)
def _show_json(answer: ShowAnswer) -> Iterable[str]:
    from travelrisk.law.suspects import suspect_dict
    from travelrisk.present.render import json_text

    return [json_text(suspect_dict(answer.suspect), answer.receipt)]


@main.command()
@click.argument("suspect", shell_complete=complete_suspect)
@format_option(SHOW)
@click.pass_obj
def show(obj: Context, suspect: str, fmt: str) -> None:
    """Everything the data knows about one person: names, warrants, charges, history, sources.

    \b
    Examples:
      travelrisk show putin
      travelrisk show "Omar al-Bashir" --format json
    """
    ds = obj.dataset
    person = ds.suspect(suspect)
    situation = ds.situations[person.situation].name  # validation: always a known one
    echo_chunks(SHOW[fmt](ShowAnswer(person, situation, ds.receipt)))
