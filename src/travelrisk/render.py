"""Verdicts as text for people, and as JSON and CSV with stable field names for programs."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from enum import Enum
from typing import Any

from .errors import printable
from .model import Finding, Receipt, Source, Status, Verdict
from .wording import sentence

FORMATS = ("text", "json", "csv", "markdown")

# Stable CSV columns (and the flat JSON keys they come from).
CSV_FIELDS = (
    "suspect_id",
    "suspect_name",
    "country",
    "place_name",
    "on",
    "status",
    "obliged",
    "basis",
    "valid_from",
    "valid_until",
    "warrant_live",
    "warrant_event",
    "reason",
    "caveats",
    "compliance",
    "sources",
    "data_as_of",
    "overlay",
)

HEADLINE = {
    Status.OBLIGED: "OBLIGED to arrest",
    Status.NOT_OBLIGED: "not obliged to arrest",
    Status.NO_LIVE_WARRANT: "no live warrant for",
    Status.UNCERTAIN: "UNCERTAIN whether obliged to arrest",
}


def iso(d: date | None) -> str | None:
    """A date as YYYY-MM-DD, or None."""
    return d.isoformat() if d else None


def source_dict(s: Source) -> dict[str, Any]:
    """A source as JSON: what it is, its kind, and the facts of its record it establishes."""
    from .evidence import source_kind

    return {
        "id": s.id,
        "title": s.title,
        "url": s.url,
        "kind": source_kind(s),
        "publisher": s.publisher,
        "document": s.document,
        "read": s.read,
        "via": s.via,
        "facts": list(s.facts),
    }


def sources_by_fact(sources: Iterable[Source]) -> list[str]:
    """`show`'s sources: those cited for a fact under that fact, strongest first, then those
    that support the record in general."""
    from .evidence import source_kind, strongest_first

    by_fact: dict[str, list[Source]] = {}
    for s in sources:
        for fact in s.facts or ("(the record in general)",):
            by_fact.setdefault(fact, []).append(s)
    lines = ["  sources:"] if by_fact else []
    for fact in sorted(by_fact, key=lambda f: (f.startswith("("), f)):
        lines.append(f"    {fact}:")
        for s in strongest_first(by_fact[fact]):
            quoted = f", read as quoted by {s.via}" if not s.read and s.via else ""
            lines.append(f"      [{source_kind(s)}{quoted}] {s}")
    return lines


def record_dict(record: str, value: Any) -> dict[str, Any]:
    """A model record as JSON, its fields named and ordered as the schema declares them for
    the data files (dates as YYYY-MM-DD, lists as lists, enums as their values)."""
    from .schema import RECORDS

    out: dict[str, Any] = {}
    for f in RECORDS[record].fields:
        if f.model_attr:
            out[f.name] = _json_value(f.kind, f.item, getattr(value, f.model_attr))
    return out


def _json_value(kind: str, item: str, value: Any) -> Any:
    if kind == "sources":
        return [source_dict(s) for s in value]
    if item:
        return [record_dict(item, x) for x in value]
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, date):
        return value.isoformat()
    return value.value if isinstance(value, Enum) else value


def finding_dict(f: Finding) -> dict[str, Any]:
    return record_dict("finding", f)


def describe_finding(f: Finding) -> str:
    decided = f"decision {f.decision}" if f.decision else "no decision yet"
    visit = f.visit_from.isoformat() if f.visit_from else "date unknown"
    return f"{f.summary} (visit {visit}; {decided}; {f.outcome.replace('_', ' ')})"


def verdict_dict(v: Verdict) -> dict[str, Any]:
    """A verdict as JSON-ready data. Field names are part of the public contract."""
    event = v.warrant.event
    return {
        "suspect": {"id": v.suspect_id, "name": v.suspect_name},
        "situation": v.situation,
        "country": v.place.code,
        "place_name": v.place.name,
        "on": v.on.isoformat(),
        "status": v.status.value,
        "obliged": v.obliged,
        "basis": v.basis.value if v.basis else None,
        "bases": [b.value for b in v.bases],
        "reason": v.reason,
        "valid_from": iso(v.valid_from),
        "valid_until": iso(v.valid_until),
        "warrant": {
            "live": v.warrant.live,
            "event": (
                {"date": event.date.isoformat(), "type": event.type, "note": event.note}
                if event
                else None
            ),
        },
        "caveats": list(v.caveats),
        "compliance": [finding_dict(f) for f in v.findings],
        "sources": [source_dict(s) for s in v.sources],
        "context_sources": [source_dict(s) for s in v.context_sources],
        "data": {"as_of": iso(v.as_of), "overlay": list(v.overlay)},
    }


def verdict_row(v: Verdict) -> dict[str, str]:
    """A verdict as one flat CSV row (CSV_FIELDS)."""
    return {
        "suspect_id": v.suspect_id,
        "suspect_name": v.suspect_name,
        "country": v.place.code,
        "place_name": v.place.name,
        "on": v.on.isoformat(),
        "status": v.status.value,
        "obliged": "true" if v.obliged else "false",
        "basis": ";".join(b.value for b in v.bases),
        "valid_from": iso(v.valid_from) or "",
        "valid_until": iso(v.valid_until) or "",
        "warrant_live": "true" if v.warrant.live else "false",
        "warrant_event": v.warrant.describe(),
        "reason": v.reason,
        "caveats": "; ".join(v.caveats),
        "compliance": "; ".join(describe_finding(f) for f in v.findings),
        "sources": " | ".join(str(s) for s in v.sources),
        "data_as_of": iso(v.as_of) or "",
        "overlay": overlay_said(v.overlay),
    }


def overlay_said(changes: Iterable[str]) -> str:
    """What an overlay (--data-dir) changed in the data behind an answer, as one cell or line;
    "" without an overlay. Every output format says it: a what-if answer is never unmarked."""
    return "; ".join(printable(c) for c in changes)


def window(v: Verdict) -> str:
    start = f"from {v.valid_from}" if v.valid_from else "since records begin"
    end = f"until {v.valid_until}" if v.valid_until else "no end known"
    as_of = f" (data as of {v.as_of})" if v.as_of and not v.valid_until else ""
    return f"{start}, {end}{as_of}"


TEXT_SOURCES = 3  # sources a verdict shows in text, the strongest first; --sources all shows all


def verdict_text(
    v: Verdict,
    sources: bool = True,
    all_sources: bool = False,
    shared: frozenset[Source] = frozenset(),
    shared_context: frozenset[Source] = frozenset(),
) -> Iterator[str]:
    """One verdict for people. Sources in `shared` (the warrant's, the same under every verdict
    printed) and, with `all_sources`, notes' sources in `shared_context` are left to `render`,
    which says them once after all the verdicts."""
    yield f"{v.place.name} ({v.place.code}) on {v.on}: {HEADLINE[v.status]} {v.suspect_name}"
    yield f"  why:      {sentence(v.reason)}"
    yield f"  holds:    {window(v)}"
    state = "live" if v.warrant.live else "not live"
    yield f"  warrant:  {state}: {v.warrant.describe()} [{v.situation}]"
    for f in v.findings:
        yield f"  practice: {describe_finding(f)}"
    for c in v.caveats:
        yield f"  note:     {c}"
    if v.overlay:
        yield f"  overlay:  {overlay_said(v.overlay)}"
    if sources:
        ranked = list(v.sources)  # the engine lists them strongest first
        shown = shown_sources(v, all_sources)
        own = [s for s in shown if s not in shared]
        for i, s in enumerate(own):
            yield f"  {'sources:' if i == 0 else '':9} {s}"
        if len(own) < len(shown):
            yield f"  {'sources:' if not own else '':9} (and the warrant's, given once below)"
        if len(shown) < len(ranked):
            yield f"  {'':9} ({len(ranked) - len(shown)} more: --sources all)"
        if all_sources:
            notes = [s for s in v.context_sources if s not in shared_context]
            for i, s in enumerate(notes):
                yield f"  {'notes:' if i == 0 else '':9} {s}"
            if len(notes) < len(v.context_sources):
                yield f"  {'notes:' if not notes else '':9} (their sources, given once below)"


def shown_sources(v: Verdict, all_sources: bool = False) -> list[Source]:
    """The sources text shows for a verdict: its TEXT_SOURCES strongest, or all."""
    return list(v.sources) if all_sources else list(v.sources[:TEXT_SOURCES])


def shared_sources(
    verdicts: list[Verdict], warrant_sources: Iterable[Source], all_sources: bool = False
) -> list[Source]:
    """The warrant's sources that text would show under every one of several verdicts, in the
    first verdict's order; none for a single verdict."""
    if len(verdicts) < 2:
        return []
    common = set(warrant_sources).intersection(*(set(v.sources) for v in verdicts))
    seen = dict.fromkeys(s for v in verdicts for s in shown_sources(v, all_sources) if s in common)
    # Said once only if every verdict would have shown it: else it stays where it was.
    return [s for s in seen if all(s in shown_sources(v, all_sources) for v in verdicts)]


def shared_notes(verdicts: list[Verdict]) -> list[Source]:
    """The sources of the notes (immunity) that every one of several verdicts gives."""
    if len(verdicts) < 2:
        return []
    common = set.intersection(*(set(v.context_sources) for v in verdicts))
    return [s for s in verdicts[0].context_sources if s in common]


def render(
    verdicts: Iterable[Verdict],
    fmt: str,
    all_sources: bool = False,
    warrant_sources: Iterable[Source] = (),
    receipt: Receipt | None = None,
) -> Iterator[str]:
    """The verdicts in `fmt` (text, json, csv or markdown), as chunks of text to write in order.

    Text shows each verdict's TEXT_SOURCES strongest sources unless `all_sources`, and says
    those of `warrant_sources` (the suspect's) that every verdict shows once, at the end; JSON
    and CSV give every source of every verdict; markdown is a table with one line per place and
    its strongest source. JSON and CSV carry `receipt`, if given."""
    if fmt == "json":
        yield json_text([verdict_dict(v) for v in verdicts], receipt)
    elif fmt == "csv":
        yield from csv_lines(CSV_FIELDS, (verdict_row(v) for v in verdicts), receipt)
    elif fmt == "markdown":
        yield from markdown_table(list(verdicts))
    else:
        listed = list(verdicts)
        common = shared_sources(listed, warrant_sources, all_sources)
        notes = shared_notes(listed) if all_sources else []
        for i, v in enumerate(listed):
            if i:
                yield "\n"
            lines = verdict_text(
                v,
                all_sources=all_sources,
                shared=frozenset(common),
                shared_context=frozenset(notes),
            )
            yield "\n".join(lines)
            yield "\n"
        if common:
            yield "\nSources for the warrant (the same for every place above):\n"
            yield "".join(f"  {s}\n" for s in common)
        if notes:
            yield "\nSources for the notes (the same for every place above):\n"
            yield "".join(f"  {s}\n" for s in notes)


# -- markdown: one line per place, for pasting into an article -------------------------------------
MARKDOWN_COLUMNS = ("Place", "Verdict", "Basis", "From", "Until", "Strongest source")


def markdown_cell(text: str) -> str:
    """`text` safe in a table cell: one line, `|` and backslashes escaped."""
    one_line = " ".join(text.split())
    return one_line.replace("\\", "\\\\").replace("|", "\\|")


def markdown_link(s: Source) -> str:
    """A source as a markdown link (its title alone if it has no address)."""
    title = markdown_cell(s.title).replace("[", "\\[").replace("]", "\\]")
    if not s.url:
        return title
    from urllib.parse import quote

    url = quote(s.url.strip(), safe=":/?#@!$&'*+,;=%~-._")  # spaces, brackets, | encoded
    return f"[{title}]({url})"


def markdown_row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def markdown_table(verdicts: list[Verdict]) -> Iterator[str]:
    """A heading line for the suspect and day, then a table with one line per place."""
    if not verdicts:
        return
    first = verdicts[0]
    as_of = f" (data as of {first.as_of})" if first.as_of else ""
    yield f"**{markdown_cell(first.suspect_name)}** on {first.on}{as_of}\n\n"
    if first.overlay:
        yield f"What-if: with an overlay: {markdown_cell(overlay_said(first.overlay))}\n\n"
    yield markdown_row(MARKDOWN_COLUMNS) + "\n"
    yield markdown_row("---" for _ in MARKDOWN_COLUMNS) + "\n"
    for v in verdicts:
        yield markdown_row(markdown_cells(v)) + "\n"


def markdown_cells(v: Verdict) -> list[str]:
    from .overview import BASIS_LABEL

    return [
        markdown_cell(f"{v.place.name} ({v.place.code})"),
        markdown_cell(MARKDOWN_STATUS[v.status]),
        markdown_cell("; ".join(BASIS_LABEL[b] for b in v.bases)),
        iso(v.valid_from) or "",
        iso(v.valid_until) or "",
        markdown_link(v.sources[0]) if v.sources else "",
    ]


MARKDOWN_STATUS = {
    Status.OBLIGED: "**obliged** to arrest",
    Status.NOT_OBLIGED: "not obliged",
    Status.NO_LIVE_WARRANT: "no live warrant",
    Status.UNCERTAIN: "**uncertain**",
}


def json_text(value: Any, receipt: Receipt | None = None, indent: int = 2) -> str:
    """`value` as the JSON every command writes, with the receipt of the data it rests on: a
    top-level "receipt" key for an object, and one in each item for a list (so that a list stays
    a list of answers, each of which says which data it was given on)."""
    if receipt is not None:
        stamp = receipt.to_dict()
        if isinstance(value, dict):
            value = {**value, "receipt": stamp}
        elif isinstance(value, list):
            value = [{**item, "receipt": stamp} for item in value]
    spaced = indent if indent else None  # 0: one line
    return json.dumps(value, indent=spaced, ensure_ascii=False, allow_nan=False) + "\n"


def csv_lines(
    fields: Iterable[str], rows: Iterable[dict[str, Any]], receipt: Receipt | None = None
) -> Iterator[str]:
    """A CSV with a header, a chunk per row; with `receipt`, its columns (Receipt.FIELDS) end
    every row."""
    import csv
    import io

    names = list(fields)
    stamp: dict[str, str] = {}
    if receipt is not None:
        stamp = receipt.row()
        names += [f for f in Receipt.FIELDS if f not in names]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=names, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, **stamp} if stamp else row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()
