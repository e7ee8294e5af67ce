"""Records and verdicts as data `json.dumps` can write: dates as YYYY-MM-DD, enums as their
values. The field names are part of the public contract (`check --format json`,
`Verdict.to_dict()`)."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from travelrisk.law.model import Finding, Source, Verdict


def iso(d: date | None) -> str | None:
    """A date as YYYY-MM-DD, or None."""
    return d.isoformat() if d else None


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


def source_dict(s: Source) -> dict[str, Any]:
    """A source as JSON: what it is, its kind, and the facts of its record it establishes."""
    from travelrisk.law.evidence import source_kind

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


def record_dict(record: str, value: Any) -> dict[str, Any]:
    """A model record as JSON, its fields named and ordered as the schema declares them for
    the data files (dates as YYYY-MM-DD, lists as lists, enums as their values)."""
    from travelrisk.law.schema import RECORDS

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
    """A court finding of non-compliance as JSON, in the schema's field order."""
    return record_dict("finding", f)
