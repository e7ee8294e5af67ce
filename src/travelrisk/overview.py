"""Overviews for people and programs: one suspect across every place (`where`), one place across
time (`timeline`), and the dataset itself (`data info`).

The summarisers are pure: they take verdicts, periods or records and return plain values. The
renderers turn those values into text (wrapped to a given width), JSON or CSV, as chunks to write
in order, like `render.render` does for verdicts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from .model import Basis, Place, Status, Suspect, Verdict
from .render import iso as _iso

if TYPE_CHECKING:
    from .dataset import Dataset
    from .engine import Law, Period

# Groups in the order people read them: the duties first, firmest ground first.
OBLIGED_BASES = (Basis.PARTY, Basis.TERRITORY, Basis.REFERRAL, Basis.DECLARATION)
STATUS_ORDER = (Status.OBLIGED, Status.UNCERTAIN, Status.NOT_OBLIGED, Status.NO_LIVE_WARRANT)

STATUS_LABEL = {
    Status.OBLIGED: "obliged to arrest",
    Status.UNCERTAIN: "uncertain",
    Status.NOT_OBLIGED: "not obliged",
    Status.NO_LIVE_WARRANT: "no live warrant",
}
BASIS_LABEL = {
    Basis.PARTY: "State party",
    Basis.TERRITORY: "territory of a State party",
    Basis.REFERRAL: "UN Security Council referral",
    Basis.DECLARATION: "art. 12(3) declaration",
    Basis.CONTINUING_DUTY: "art. 127(2) duty after withdrawal",
}
BASIS_SHORT = {
    Basis.PARTY: "party",
    Basis.TERRITORY: "territory",
    Basis.REFERRAL: "referral",
    Basis.DECLARATION: "declaration",
    Basis.CONTINUING_DUTY: "art. 127(2)",
}


def _sort_key(name: str) -> str:
    """Names sort as people expect: "Åland Islands" with the A's, "Côte d'Ivoire" with the C's."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def wrap_items(items: Iterable[str], width: int, indent: str = "  ") -> list[str]:
    """Items separated by commas, packed into lines of at most `width` characters.

    An item is never broken; one longer than a line gets a line of its own.
    """
    lines: list[str] = []
    line = ""
    entries = list(items)
    for i, item in enumerate(entries):
        piece = item + ("," if i + 1 < len(entries) else "")
        if line and len(line) + 1 + len(piece) > width:
            lines.append(line)
            line = ""
        line = f"{line} {piece}" if line else indent + piece
    if line:
        lines.append(line)
    return lines


def wrap_text(text: str, width: int, indent: str, first: str | None = None) -> list[str]:
    """`text` wrapped to `width`, every line indented by `indent` (the first by `first`)."""
    import textwrap

    return textwrap.wrap(
        text,
        width=max(width, len(indent) + 20),
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


# -- where: one suspect, every place --------------------------------------------------------------
class PlaceGroup(NamedTuple):
    """Places sharing one verdict; `basis` splits the obliged ones by their legal ground."""

    status: Status
    basis: Basis | None
    verdicts: tuple[Verdict, ...]

    @property
    def key(self) -> str:
        """`obliged:party`, ..., `uncertain`, `not_obliged`, `no_live_warrant`."""
        if self.status is Status.OBLIGED:
            return f"obliged:{self.basis.value if self.basis else 'unknown'}"
        return str(self.status.value)

    @property
    def label(self) -> str:
        if self.status is Status.OBLIGED:
            ground = BASIS_LABEL[self.basis] if self.basis else "ground not recorded"
            return f"OBLIGED to arrest: {ground}"
        return STATUS_LABEL[self.status].upper()


@dataclass(frozen=True)
class Overview:
    """Where one suspect must (or may, or need not) be arrested on one day, place by place."""

    suspect_id: str
    suspect_name: str
    on: date
    as_of: date | None
    verdicts: tuple[Verdict, ...]  # in the order given (Dataset.places(): by code)
    groups: tuple[PlaceGroup, ...]  # non-empty groups only, in reading order

    def count(self, status: Status, basis: Basis | None = None) -> int:
        """How many places have `status` (and, if given, `basis`)."""
        return sum(
            1 for v in self.verdicts if v.status is status and (basis is None or v.basis is basis)
        )

    @property
    def counts(self) -> dict[str, Any]:
        """Counts for every status (zeros included) and, for obliged, every basis."""
        by_basis = {b.value: self.count(Status.OBLIGED, b) for b in OBLIGED_BASES}
        other = Counter(
            v.basis.value if v.basis else "unknown"
            for v in self.verdicts
            if v.status is Status.OBLIGED and v.basis not in OBLIGED_BASES
        )
        by_basis.update(other)
        return {
            "total": len(self.verdicts),
            "obliged": self.count(Status.OBLIGED),
            "obliged_by_basis": by_basis,
            "uncertain": self.count(Status.UNCERTAIN),
            "not_obliged": self.count(Status.NOT_OBLIGED),
            "no_live_warrant": self.count(Status.NO_LIVE_WARRANT),
        }

    def status_of(self, code: str) -> Status:
        """The verdict's status for the place with ISO code `code`; KeyError if not covered."""
        for v in self.verdicts:
            if v.place.code == code:
                return v.status
        raise KeyError(code)


def summarise(verdicts: Iterable[Verdict]) -> Overview:
    """Group one suspect's verdicts for one day by verdict (obliged ones by basis) and count them.

    Raises ValueError if there are no verdicts, or they are for several suspects or days.
    """
    found = tuple(verdicts)
    if not found:
        raise ValueError("no verdicts to summarise")
    first = found[0]
    if any(v.suspect_id != first.suspect_id or v.on != first.on for v in found):
        raise ValueError("verdicts for more than one suspect or day")
    order: list[tuple[Status, Basis | None]] = [(Status.OBLIGED, b) for b in OBLIGED_BASES]
    extra = {
        (Status.OBLIGED, v.basis)
        for v in found
        if v.status is Status.OBLIGED and v.basis not in OBLIGED_BASES
    }
    order += sorted(extra, key=lambda k: k[1].value if k[1] else "")
    order += [(s, None) for s in STATUS_ORDER[1:]]
    groups = []
    for status, basis in order:
        members = [
            v
            for v in found
            if v.status is status and (status is not Status.OBLIGED or v.basis is basis)
        ]
        if members:
            members.sort(key=lambda v: _sort_key(v.place.name))
            groups.append(PlaceGroup(status, basis, tuple(members)))
    return Overview(
        first.suspect_id, first.suspect_name, first.on, first.as_of, found, tuple(groups)
    )


WHERE_FIELDS = (
    "suspect_id",
    "suspect_name",
    "on",
    "country",
    "place_name",
    "status",
    "obliged",
    "basis",
    "valid_from",
    "valid_until",
    "reason",
    "data_as_of",
)


def where_row(v: Verdict) -> dict[str, Any]:
    """One place's verdict, flat, with the field names `check` uses."""
    return {
        "suspect_id": v.suspect_id,
        "suspect_name": v.suspect_name,
        "on": v.on.isoformat(),
        "country": v.place.code,
        "place_name": v.place.name,
        "status": v.status.value,
        "obliged": v.obliged,
        "basis": v.basis.value if v.basis else None,
        "valid_from": _iso(v.valid_from),
        "valid_until": _iso(v.valid_until),
        "reason": v.reason,
        "data_as_of": _iso(v.as_of),
    }


def overview_dict(ov: Overview) -> dict[str, Any]:
    """The overview as JSON-ready data: counts, then one row per place (in place-code order)."""
    overlay = ov.verdicts[0].overlay
    return {
        "suspect": {"id": ov.suspect_id, "name": ov.suspect_name},
        "on": ov.on.isoformat(),
        "counts": ov.counts,
        "places": [
            {
                k: val
                for k, val in where_row(v).items()
                if k not in ("suspect_id", "suspect_name", "on", "data_as_of")
            }
            for v in ov.verdicts
        ],
        "data": {"as_of": _iso(ov.as_of), "overlay": list(overlay)},
    }


def _place_item(v: Verdict) -> str:
    tag = f", {BASIS_SHORT[v.basis]}" if v.basis and v.status is not Status.OBLIGED else ""
    return f"{v.place.name} ({v.place.code}{tag})"


def overview_text(ov: Overview, width: int = 80) -> Iterator[str]:
    """Lines for a terminal: the counts, then each group's places, wrapped to `width`."""
    as_of = f" (data as of {ov.as_of})" if ov.as_of else ""
    yield from wrap_text(
        f"{ov.suspect_name} on {ov.on}: where an arrest is owed{as_of}", width, "  ", ""
    )
    yield ""
    counts = ov.counts
    bases = ", ".join(f"{k} {n}" for k, n in counts["obliged_by_basis"].items() if n)
    label_width = max(len(s) for s in STATUS_LABEL.values())
    for status in STATUS_ORDER:
        line = f"  {STATUS_LABEL[status]:<{label_width}}  {counts[status.value]:>3}"
        if status is Status.OBLIGED and bases:
            detail = f"({bases})"
            if len(line) + 3 + len(detail) <= width:
                line += "   " + detail
            else:
                yield line
                line = " " * 4 + detail
        yield line
    yield f"  {'places':<{label_width}}  {counts['total']:>3}"
    for group in ov.groups:
        yield ""
        yield from wrap_text(f"{group.label} ({len(group.verdicts)})", width, "  ", "")
        reasons = {v.reason for v in group.verdicts}
        if len(group.verdicts) == len(ov.verdicts) and len(reasons) == 1:
            # No live warrant anywhere: listing every place would hide the one reason.
            yield "  every place:"
            yield from wrap_text(_sentence(next(iter(reasons))), width, "  ")
            continue
        yield from wrap_items((_place_item(v) for v in group.verdicts), width)
    example = next((g.verdicts[0] for g in ov.groups if g.status is Status.UNCERTAIN), None)
    example = example or ov.verdicts[0]
    yield ""
    yield "Why, for one place:"
    yield f"  travelrisk check {ov.suspect_id} {example.place.code} --on {ov.on}"


def render_overview(ov: Overview, fmt: str, width: int = 80) -> Iterator[str]:
    """The overview in `fmt` (text, json or csv), as chunks of text to write in order."""
    if fmt == "json":
        import json

        yield json.dumps(overview_dict(ov), indent=2, ensure_ascii=False) + "\n"
    elif fmt == "csv":
        from .render import csv_lines

        yield from csv_lines(WHERE_FIELDS, (_csv_values(where_row(v)) for v in ov.verdicts))
    else:
        yield "\n".join(overview_text(ov, width)) + "\n"


def _csv_values(row: Mapping[str, Any]) -> dict[str, str]:
    out = {}
    for k, v in row.items():
        if isinstance(v, bool):
            out[k] = "true" if v else "false"
        else:
            out[k] = "" if v is None else str(v)
    return out


# -- timeline: one suspect, one place, over time -------------------------------------------------
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
        for w in state.withdrawals:
            notes.append(
                ContextNote(
                    w.notified,
                    "withdrawal_notified",
                    f"{state.name} notified its withdrawal, to take effect {w.effective}",
                )
            )
            if w.revoked is not None:
                notes.append(
                    ContextNote(
                        w.revoked,
                        "withdrawal_revoked",
                        f"{state.name} revoked that notification before it took effect; "
                        "it stays a party",
                    )
                )
            else:
                notes.append(
                    ContextNote(
                        w.effective,
                        "withdrawal_effective",
                        f"{state.name}'s withdrawal takes effect (art. 127(1))",
                    )
                )
        for a in state.announcements:
            notes.append(
                ContextNote(
                    a.date, "announcement", f"Announcement, no legal effect: {_bare(a.note)}"
                )
            )
    for f in law.findings:
        if f.state == place.code and f.suspect == suspect.id:
            day = f.decision or f.visit_from
            if day is not None:
                outcome = _words(f.outcome)
                notes.append(
                    ContextNote(day, "finding", f"Court finding, {outcome}: {_bare(f.summary)}")
                )
    notes = [
        n for n in notes if (start is None or n.date >= start) and (end is None or n.date <= end)
    ]
    return sorted(notes, key=lambda n: (n.date, n.kind))


def _bare(text: str) -> str:
    return text.strip().rstrip(".")


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


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
    label = "OBLIGED to arrest" if p.status is Status.OBLIGED else STATUS_LABEL[p.status]
    if p.basis:
        label += f" ({BASIS_LABEL[p.basis]})"
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
    heading = f"{t.suspect_name} in {t.place.name} ({t.place.code}): the answer over time{as_of}"
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
        yield from wrap_text(_sentence(p.reason), width, "      ")
    if t.context:
        yield ""
        yield "  Context:"
        for n in t.context:
            lines = wrap_text(_sentence(n.note), width, " " * 16)
            lines[0] = f"    {n.date}  {lines[0].lstrip()}"
            yield from lines
    if t.overlay:
        yield ""
        yield f"  overlay: {'; '.join(t.overlay)}"


def render_timeline(t: Timeline, fmt: str, width: int = 80) -> Iterator[str]:
    """The timeline in `fmt` (text, json or csv; csv has one row per period, no context)."""
    if fmt == "json":
        import json

        yield json.dumps(timeline_dict(t), indent=2, ensure_ascii=False) + "\n"
    elif fmt == "csv":
        from .render import csv_lines

        base = {
            "suspect_id": t.suspect_id,
            "suspect_name": t.suspect_name,
            "country": t.place.code,
            "place_name": t.place.name,
            "data_as_of": _iso(t.as_of),
        }
        rows = (_csv_values({**base, **period_dict(p)}) for p in t.periods)
        yield from csv_lines(TIMELINE_FIELDS, rows)
    else:
        yield "\n".join(timeline_text(t, width)) + "\n"


# -- data info: the dataset itself ----------------------------------------------------------------
class FileSources(NamedTuple):
    """Where one data file's facts come from."""

    file: str
    records: int
    sources: int
    without_url: int  # printed citations, or titles with no address
    domains: tuple[tuple[str, int], ...]  # most cited first


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


def domain(url: str) -> str:
    """The host a source URL points at, without `www.`."""
    from urllib.parse import urlsplit

    host = (urlsplit(url.strip()).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def file_sources(file: str, records: Sequence[Any], top: int = 5) -> FileSources:
    """Count the sources cited by `records` (anything with a `sources` tuple) and their domains."""
    sources = [s for r in records for s in r.sources]
    hosts = Counter(domain(s.url) for s in sources if s.url and domain(s.url))
    without = sum(1 for s in sources if not s.url or not domain(s.url))
    ranked = sorted(hosts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return FileSources(file, len(records), len(sources), without, tuple(ranked))


def dataset_info(ds: Dataset, on: date, top: int = 5) -> DatasetInfo:
    """The facts `travelrisk data info` shows, for `on` (normally today)."""
    from .engine import states_parties, warrant_state

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
                "top_domains": [{"domain": d, "count": n} for d, n in f.domains],
            }
            for f in info.files
        ],
        "overlay": list(info.overlay),
    }


def _words(key: str) -> str:
    """`non_compliance_found` -> `non-compliance found`."""
    return key.replace("non_", "non-").replace("_", " ")


def _breakdown(counts: Mapping[str, int]) -> list[str]:
    return [f"{_words(k)} {n}" for k, n in counts.items()]


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
        yield head
        items = [f"{d} {n}" for d, n in f.domains]
        if f.without_url:
            items.append(f"no URL {f.without_url}")
        yield from wrap_items(items, width, indent=" " * 6)
    if info.overlay:
        yield ""
        yield f"Overlay: {len(info.overlay)} change(s)"
        for change in info.overlay:
            yield f"  {change}"


def render_info(info: DatasetInfo, fmt: str, width: int = 80) -> Iterator[str]:
    """The dataset's facts in `fmt` (text or json)."""
    if fmt == "json":
        import json

        yield json.dumps(info_dict(info), indent=2, ensure_ascii=False) + "\n"
    else:
        yield "\n".join(info_text(info, width)) + "\n"
