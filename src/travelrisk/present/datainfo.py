"""The dataset itself, for `travelrisk data info`: version, "as of" date, counts, sources."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from travelrisk.law.as_data import iso as _iso
from travelrisk.law.evidence import domain, has_primary_source, reported_facts
from travelrisk.law.model import Basis, Receipt
from travelrisk.present.where import spaced, wrap_items

if TYPE_CHECKING:
    from travelrisk.data.dataset import Dataset


class FileSources(NamedTuple):
    """Where one data file's facts come from."""

    file: str
    records: int
    sources: int
    without_url: int  # printed citations, or titles with no address
    domains: tuple[tuple[str, int], ...]  # most cited first
    primary: int = 0  # records citing at least one court, depositary, UN or government page


@dataclass(frozen=True)
class DatasetInfo:
    """What a dataset holds: its version, dates, counts, and where its sources come from."""

    version: str
    as_of: date | None
    on: date
    states_parties: int  # on `on`
    states_recorded: int  # every state that is or was a party, or deposited an instrument
    territories: dict[str, int]  # by coverage
    suspects: int
    suspects_live: int  # with a live warrant on `on`
    warrants: int
    findings: dict[str, int]  # by outcome
    situations: int
    obligations: dict[str, int]  # by basis
    files: tuple[FileSources, ...]
    overlay: tuple[str, ...] = ()
    reported: tuple[str, ...] = ()  # verdict-changing facts no primary source confirms


def file_sources(file: str, records: Sequence[Any], top: int = 5) -> FileSources:
    """Count the sources cited by `records` (anything with a `sources` tuple) and their domains."""
    sources = [s for r in records for s in r.sources]
    hosts = Counter(domain(s.url) for s in sources if s.url and domain(s.url))
    without = sum(1 for s in sources if not s.url or not domain(s.url))
    ranked = sorted(hosts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    primary = sum(1 for r in records if has_primary_source(r))
    return FileSources(file, len(records), len(sources), without, tuple(ranked), primary)


def dataset_info(ds: Dataset, on: date, top: int = 5) -> DatasetInfo:
    """The facts `travelrisk data info` shows, for `on` (normally today)."""
    from travelrisk.law.engine import states_parties, warrant_state

    suspects = list(ds.suspects.values())
    states = list(ds.states.values())
    territories = list(ds.territories.values())
    obligations = [o for group in ds.obligations.values() for o in group]
    situations = list(ds.situations.values())
    files = (
        file_sources("states_parties.yaml", states, top),
        file_sources("situations.yaml", situations, top),
        file_sources("warrants.yaml", suspects, top),
        file_sources("territories.yaml", territories, top),
        file_sources("obligations.yaml", obligations, top),
        file_sources("compliance.yaml", ds.findings, top),
    )
    return DatasetInfo(
        version=ds.version,
        as_of=ds.as_of,
        on=on,
        states_parties=len(states_parties(states, on)),
        states_recorded=len(states),
        territories=dict(Counter(t.coverage for t in territories).most_common()),
        suspects=len(suspects),
        suspects_live=sum(1 for s in suspects if warrant_state(s, on).live),
        warrants=sum(len(s.warrants) for s in suspects),
        findings=dict(Counter(f.outcome for f in ds.findings).most_common()),
        situations=len(situations),
        obligations={
            b.value: n for b in Basis if (n := sum(1 for o in obligations if o.basis is b))
        },
        files=files,
        overlay=ds.overlay_changes,
        reported=(
            *reported_facts("states_parties.yaml", states, "code"),
            *reported_facts("warrants.yaml", suspects, "id"),
            *reported_facts("territories.yaml", territories, "code"),
            *reported_facts("obligations.yaml", obligations, "id"),
        ),
    )


def info_dict(info: DatasetInfo) -> dict[str, Any]:
    return {
        "version": info.version,
        "as_of": _iso(info.as_of),
        "on": info.on.isoformat(),
        "counts": {
            "states_parties": info.states_parties,
            "states_recorded": info.states_recorded,
            "territories": sum(info.territories.values()),
            "territories_by_coverage": info.territories,
            "suspects": info.suspects,
            "suspects_with_live_warrant": info.suspects_live,
            "warrants": info.warrants,
            "compliance_findings": sum(info.findings.values()),
            "compliance_findings_by_outcome": info.findings,
            "situations": info.situations,
            "obligations": sum(info.obligations.values()),
            "obligations_by_basis": info.obligations,
        },
        "sources": [
            {
                "file": f.file,
                "records": f.records,
                "sources": f.sources,
                "without_url": f.without_url,
                "records_with_primary_source": f.primary,
                "top_domains": [{"domain": d, "count": n} for d, n in f.domains],
            }
            for f in info.files
        ],
        "reported_facts": list(info.reported),
        "overlay": list(info.overlay),
    }


def _breakdown(counts: Mapping[str, int]) -> list[str]:
    return [f"{spaced(k)} {n}" for k, n in counts.items()]


def info_text(info: DatasetInfo, width: int = 80) -> Iterator[str]:
    as_of = f", as of {info.as_of}" if info.as_of else ", no 'as of' date"
    yield f"travelrisk data {info.version}{as_of}"
    rows = [
        (
            f"states parties on {info.on}",
            info.states_parties,
            [f"of {info.states_recorded} states recorded"],
        ),
        ("territories", sum(info.territories.values()), _breakdown(info.territories)),
        (
            "suspects",
            info.suspects,
            [f"{info.suspects_live} with a live warrant on {info.on}", f"{info.warrants} warrants"],
        ),
        ("situations", info.situations, []),
        ("other duties to cooperate", sum(info.obligations.values()), _breakdown(info.obligations)),
        ("compliance findings", sum(info.findings.values()), _breakdown(info.findings)),
    ]
    label_width = max(len(r[0]) for r in rows)
    for label, n, detail in rows:
        head = f"  {label:<{label_width}}  {n:>4}"
        if not detail:
            yield head
            continue
        items = [f"({detail[0]}", *detail[1:]]
        items[-1] += ")"
        lines = wrap_items(items, width, indent=" " * (len(head) + 2))
        lines[0] = f"{head}  {lines[0].lstrip()}"
        yield from lines
    yield ""
    yield "Sources (most cited domains):"
    file_width = max(len(f.file) for f in info.files)
    for f in info.files:
        head = f"  {f.file:<{file_width}}  {f.records:>3} records, {f.sources:>4} sources"
        yield f"{head}, {f.primary:>3} records with a primary source"
        items = [f"{d} {n}" for d, n in f.domains]
        if f.without_url:
            items.append(f"no URL {f.without_url}")
        yield from wrap_items(items, width, indent=" " * 6)
    yield ""
    yield (
        f"Reported facts: {len(info.reported)} verdict-changing facts that no primary source "
        "confirms (listed in --format json); a reported withdrawal or revocation never decides "
        "a verdict alone"
    )
    if info.overlay:
        yield ""
        yield f"Overlay: {len(info.overlay)} change(s)"
        for change in info.overlay:
            yield f"  {change}"


def render_info(
    info: DatasetInfo, fmt: str, width: int = 80, receipt: Receipt | None = None
) -> Iterator[str]:
    """The dataset's facts in `fmt` (text or json; JSON carries `receipt`, if given)."""
    if fmt == "json":
        from travelrisk.present.render import json_text

        yield json_text(info_dict(info), receipt)
    else:
        yield "\n".join(info_text(info, width)) + "\n"
