"""`travelrisk changes`: every dated event in the data as one sourced log, newest first."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

import click

from travelrisk.cli import Context, echo_chunks, main
from travelrisk.present.formats import Format, Formatters

if TYPE_CHECKING:
    from travelrisk.data.changes import Change
    from travelrisk.law.model import Receipt


class ChangesAnswer(NamedTuple):
    changes: list[Change]
    receipt: Receipt


FORMATTERS: Formatters[ChangesAnswer, Iterable[str]] = Formatters("changes")


def _kinds_help() -> str:
    from travelrisk.data.changes import KINDS

    return ", ".join(KINDS)


CSV_FIELDS = (
    "date",
    "kind",
    "subject",
    "subject_name",
    "what",
    "changes",
    "changed_answers",
    "confirmed",
    "source",
    "source_url",
)  # then the receipt's columns


def _csv_row(c: Change) -> dict[str, Any]:
    from travelrisk.data.changes import effects_summary

    src = c.source
    return {
        "date": c.date.isoformat(),
        "kind": c.kind,
        "subject": c.subject,
        "subject_name": c.subject_name,
        "what": c.what,
        "changes": effects_summary(c),
        "changed_answers": len(c.effects),
        "confirmed": "yes" if c.confirmed else "no",
        "source": src.title if src else "",
        "source_url": (src.url or "") if src else "",
    }


@FORMATTERS.register(Format.TEXT)
def _text(answer: ChangesAnswer) -> list[str]:
    from travelrisk.data.changes import effects_summary
    from travelrisk.errors import printable

    found, receipt = answer
    as_of = receipt.data_as_of.isoformat() if receipt.data_as_of else "unknown"
    lines = [f"{len(found)} event{'s' if len(found) != 1 else ''} (data as of {as_of})"]
    for c in found:
        mark = "" if c.confirmed else " [reported, not confirmed]"
        lines.append(f"{c.date}  {printable(c.what)}{mark}")
        summary = effects_summary(c)
        if summary:
            lines.append(f"            changes: {printable(summary)}")
        if c.source is not None:
            lines.append(f"            source: {printable(str(c.source))}")
    return ["\n".join(lines) + "\n"]


@FORMATTERS.register(Format.JSON)
def _json(answer: ChangesAnswer) -> list[str]:
    from travelrisk.present.render import json_text

    return [json_text({"changes": [c.to_dict() for c in answer.changes]}, answer.receipt)]


@FORMATTERS.register(Format.CSV)
def _csv(answer: ChangesAnswer) -> Iterable[str]:
    from travelrisk.present.render import csv_lines

    return csv_lines(CSV_FIELDS, (_csv_row(c) for c in answer.changes), answer.receipt)


@FORMATTERS.register(Format.MARKDOWN)
def _markdown(answer: ChangesAnswer) -> list[str]:
    from travelrisk.data.changes import effects_summary

    found = answer.changes

    def cell(text: str) -> str:
        return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")

    out = ["| Date | Event | What it changes | Confirmed | Source |\n", "|---|---|---|---|---|\n"]
    for c in found:
        src = c.source
        link = (f"[{cell(src.title)}]({src.url})" if src.url else cell(src.title)) if src else ""
        confirmed = "yes" if c.confirmed else "reported"
        out.append(
            f"| {c.date} | {cell(c.what)} | {cell(effects_summary(c))} | {confirmed} | {link} |\n"
        )
    return out


def atom_feed(found: list[Change], receipt: Receipt) -> str:
    """An Atom 1.0 feed (RFC 4287) of the changes: one entry per event."""
    import hashlib
    import re
    from xml.sax.saxutils import escape as xml_escape
    from xml.sax.saxutils import quoteattr as xml_quoteattr

    from travelrisk.data.changes import effects_summary

    not_xml = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

    def escape(text: str) -> str:  # XML 1.0 cannot hold control characters at all
        return xml_escape(not_xml.sub("\ufffd", text))

    def quoteattr(text: str) -> str:
        return xml_quoteattr(not_xml.sub("\ufffd", text))

    as_of = receipt.data_as_of.isoformat() if receipt.data_as_of else "1970-01-01"
    updated = max((c.date for c in found), default=None)
    feed_updated = f"{(updated.isoformat() if updated else as_of)}T00:00:00Z"
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n',
        '<feed xmlns="http://www.w3.org/2005/Atom">\n',
        "  <title>travelrisk: changes to ICC arrest obligations</title>\n",
        f"  <id>tag:travelrisk,2026:changes:{escape(receipt.data_digest[:16])}</id>\n",
        f"  <updated>{feed_updated}</updated>\n",
        f"  <author><name>travelrisk {escape(receipt.tool_version)}, data as of "
        f"{escape(as_of)}</name></author>\n",
    ]
    for c in found:
        summary = effects_summary(c)
        status = "confirmed" if c.confirmed else "reported, not confirmed"
        body = f"{c.what}. {summary + '. ' if summary else ''}({status})"
        parts += [
            "  <entry>\n",
            f"    <title>{escape(f'{c.date}: {c.what}')}</title>\n",
            f"    <id>tag:travelrisk,2026:{escape(c.kind)}:{escape(c.subject)}:{c.date}:"
            f"{hashlib.sha256(c.what.encode('utf-8', 'replace')).hexdigest()[:12]}</id>\n",
            f"    <updated>{c.date.isoformat()}T00:00:00Z</updated>\n",
            f"    <category term={quoteattr(c.kind)}/>\n",
        ]
        if c.source is not None and c.source.url:
            parts.append(f'    <link rel="related" href={quoteattr(c.source.url)}/>\n')
        parts += [f"    <summary>{escape(body)}</summary>\n", "  </entry>\n"]
    parts.append("</feed>\n")
    return "".join(parts)


@FORMATTERS.register(Format.ATOM)
def _atom(answer: ChangesAnswer) -> list[str]:
    return [atom_feed(answer.changes, answer.receipt)]


@main.command()
@click.option("--since", metavar="YYYY-MM-DD", help="Only events on or after this day.")
@click.option("--until", metavar="YYYY-MM-DD", help="Only events on or before this day.")
@click.option("--suspect", metavar="NAME", help="Only what concerns this suspect.")
@click.option("--place", metavar="PLACE", help="Only what concerns this place.")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    metavar="KIND",
    help="Only events of this kind (repeatable): warrant_issued, entry_into_force, "
    "withdrawal_notified, finding, ... (the full list is in the README).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(tuple(f.value for f in FORMATTERS.formats)),
    default="text",
    show_default=True,
    help="Output format: text, json, csv, markdown or atom (a feed a newsroom can subscribe to).",
)
@click.pass_obj
def changes(
    obj: Context,
    since: str | None,
    until: str | None,
    suspect: str | None,
    place: str | None,
    kinds: tuple[str, ...],
    fmt: str,
) -> None:
    """Every dated event in the data, newest first: warrants issued and ended, signatures,
    deposits, entries into force, withdrawals and revocations, territorial extensions,
    referrals, declarations and findings of the Court.

    Each event says what it changes (the answers that differ from the day before), whether it is
    confirmed by a primary source or only reported, and its strongest source.

    \b
    Examples:
      travelrisk changes --since 2025-01-01
      travelrisk changes --suspect putin
      travelrisk changes --place HU --format json
      travelrisk changes --since 2026-01-01 --format atom > feed.xml
    """
    from travelrisk.data.changes import changes as log
    from travelrisk.data.dataset import parse_date

    first = parse_date(since) if since else None
    last = parse_date(until) if until else None
    if first and last and first > last:
        raise click.BadParameter(f"--since {first} is after --until {last}")
    ds = obj.dataset
    found = log(ds, first, last, suspect, place, kinds)
    echo_chunks(FORMATTERS[fmt](ChangesAnswer(found, ds.receipt)))
