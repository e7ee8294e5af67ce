"""Citations: records cite the registry's sources (data/sources.yaml) by id, each for the facts
it establishes, and whether each fact is confirmed or only reported follows from them.

A fact is confirmed when at least one source cited for it is primary (court, depositary, un,
government), or when two sources from independent publishers that were both read support it;
otherwise it is reported. That status is computed here, once, when the data is loaded; a record's
`unverified` list, which the engine reads, is its result: a fact cited per fact has the status
its sources give it, and one not yet cited per fact keeps the status the record states.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from travelrisk.law.evidence import PRIMARY_KINDS


def resolve(raw: dict[str, Any]) -> None:
    """Sets, in a copy of each data document in `raw`, each record's `unverified` to the facts
    its sources do not confirm. Citations stay as written (`{id, for}`): the loader looks each
    up in the registry (`registry(raw)`) when it builds the record. The parsed documents
    themselves, which may be cached, are not changed."""
    from travelrisk.data.validate import records
    from travelrisk.law.schema import FILES

    entries = registry(raw)
    for stem, file in FILES.items():
        if stem in ("sources", "place_names") or not isinstance(raw.get(stem), dict):
            continue
        raw[stem] = {**raw[stem], file.top: [_record(r, entries) for r in records(raw, stem)]}


def registry(raw: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """The source registry (data/sources.yaml), by id."""
    from travelrisk.data.validate import records

    return {
        r["id"]: r
        for r in records(raw, "sources")
        if isinstance(r, dict) and isinstance(r.get("id"), str)
    }


def _record(rec: Any, entries: Mapping[str, Mapping[str, Any]]) -> Any:
    if not (isinstance(rec, dict) and isinstance(rec.get("sources"), list)):
        return rec
    reported = unconfirmed(rec.get("unverified") or (), [cited(s, entries) for s in rec["sources"]])
    if reported or "unverified" in rec:
        return {**rec, "unverified": reported}
    return rec


def cited(src: Any, entries: Mapping[str, Mapping[str, Any]]) -> Any:
    """A record's source as a mapping: a citation `{id, for}` is the registry's entry with its
    `for`; anything else is as written."""
    if isinstance(src, dict) and isinstance(src.get("id"), str) and src["id"] in entries:
        return {**entries[src["id"]], "for": list(src.get("for") or [])}
    return src


def unconfirmed(stated: Iterable[str], sources: Iterable[Any]) -> list[str]:
    """The record's reported facts: those its sources cite but do not confirm, and those it
    states as unverified that no source cites per fact."""
    cited: dict[str, list[Mapping[str, Any]]] = {}
    for s in sources:
        if isinstance(s, dict):
            for fact in s.get("for") or ():
                cited.setdefault(fact, []).append(s)
    out = [f for f in stated if f not in cited]
    out += [f for f, backing in cited.items() if not confirms(backing) and f not in out]
    return out


def confirms(sources: Iterable[Mapping[str, Any]]) -> bool:
    """True if these sources confirm a fact: one primary source, or two read ones from
    independent publishers."""
    publishers = set()
    for s in sources:
        if kind_of(s) in PRIMARY_KINDS:
            return True
        if s.get("read", True) is not False:
            publishers.add(
                (s.get("publisher") or _host(s.get("url")) or s.get("title", "")).lower()
            )
    return len(publishers) >= 2


def kind_of(source: Mapping[str, Any]) -> str:
    """The declared kind, or the one the address gives (see `evidence.source_kind`)."""
    from travelrisk.law.evidence import source_kind
    from travelrisk.law.model import Source

    kind = source.get("kind")
    if isinstance(kind, str):
        return kind
    return source_kind(Source(str(source.get("title", "")), source.get("url")))


def _host(url: Any) -> str:
    from travelrisk.law.evidence import domain

    return domain(url) if isinstance(url, str) and url else ""
