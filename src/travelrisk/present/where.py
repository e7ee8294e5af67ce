"""One suspect across every place, grouped by verdict: `where` (and the map drawn from it).

Also the labels and text-wrapping helpers that `history` (timeline) and `datainfo` share.

The summarisers are pure: they take verdicts, periods or records and return plain values. The
renderers turn those values into text (wrapped to a given width), JSON or CSV, as chunks to write
in order, like `render.render` does for verdicts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from travelrisk.law.as_data import iso as _iso
from travelrisk.law.english import sentence
from travelrisk.law.model import Basis, Receipt, Status, Verdict
from travelrisk.law.wording import STATUS_ORDER, basis_words, status_words
from travelrisk.present.render import overlay_said
from travelrisk.resolve.places import alpha_3

if TYPE_CHECKING:
    pass

# Groups in the order people read them: the duties first, firmest ground first.
OBLIGED_BASES = (Basis.PARTY, Basis.TERRITORY, Basis.REFERRAL, Basis.DECLARATION)
STATUS_LABEL = status_words("label")
BASIS_LABEL = basis_words("label")
BASIS_SHORT = basis_words("short")


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


def spaced(key: str) -> str:
    """`non_compliance_found` -> `non-compliance found`."""
    return key.replace("non_", "non-").replace("_", " ")


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
    "iso3",
    "place_name",
    "status",
    "obliged",
    "basis",
    "valid_from",
    "valid_until",
    "reason",
    "data_as_of",
    "overlay",
)


def where_row(v: Verdict) -> dict[str, Any]:
    """One place's verdict, flat, with the field names `check` uses."""
    return {
        "suspect_id": v.suspect_id,
        "suspect_name": v.suspect_name,
        "on": v.on.isoformat(),
        "country": v.place.code,
        "iso3": alpha_3(v.place.code),
        "place_name": v.place.name,
        "status": v.status.value,
        "obliged": v.obliged,
        "basis": v.basis.value if v.basis else None,
        "valid_from": _iso(v.valid_from),
        "valid_until": _iso(v.valid_until),
        "reason": v.reason,
        "data_as_of": _iso(v.as_of),
        "overlay": overlay_said(v.overlay),
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
                if k not in ("suspect_id", "suspect_name", "on", "data_as_of", "overlay")
            }
            for v in ov.verdicts
        ],
        "caveats": [c for c in (_horizon(ov),) if c],
        "data": {"as_of": _iso(ov.as_of), "overlay": list(overlay)},
    }


def _horizon(ov: Overview) -> str | None:
    from travelrisk.data.dataset import horizon_caveat

    return horizon_caveat(ov.on, ov.as_of)


def _place_item(v: Verdict) -> str:
    tag = f", {BASIS_SHORT[v.basis]}" if v.basis and v.status is not Status.OBLIGED else ""
    return f"{v.place.name} ({v.place.code}{tag})"


def heading(name: str, question: str, as_of: date | None, width: int = 80) -> list[str]:
    """A heading in lines of at most `width`, broken between its phrases, never inside one:
    the name, the question, the data's date (a name too long for a line is wrapped)."""
    tail = f"(data as of {as_of})" if as_of else ""
    head = f"{name} {question}"
    if len(head) + 1 + len(tail) <= width:
        return [f"{head} {tail}".rstrip()]
    if len(head) <= width:
        return [head, f"  {tail}"] if tail else [head]
    return wrap_text(name, width, "  ", "") + wrap_text(f"{question} {tail}".rstrip(), width, "  ")


def overview_header(ov: Overview, width: int = 80) -> list[str]:
    """The heading of `where`, as `heading` breaks it."""
    return heading(ov.suspect_name, f"on {ov.on}: where an arrest is owed", ov.as_of, width)


def overview_text(ov: Overview, width: int = 80) -> Iterator[str]:
    """Lines for a terminal: the counts, then each group's places, wrapped to `width`."""
    yield from overview_header(ov, width)
    overlay = ov.verdicts[0].overlay if ov.verdicts else ()
    if overlay:
        yield from wrap_text(overlay_said(overlay), width, " " * 12, "  overlay:  ")
    far = _horizon(ov)
    if far:
        yield from wrap_text(far, width, " " * 12, "  note:     ")
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
            yield from wrap_text(sentence(next(iter(reasons))), width, "  ")
            continue
        yield from wrap_items((_place_item(v) for v in group.verdicts), width)
    example = next((g.verdicts[0] for g in ov.groups if g.status is Status.UNCERTAIN), None)
    example = example or ov.verdicts[0]
    yield ""
    yield "Why, for one place:"
    yield f"  travelrisk check {ov.suspect_id} {example.place.code} --on {ov.on}"


def render_overview(
    ov: Overview, fmt: str, width: int = 80, receipt: Receipt | None = None
) -> Iterator[str]:
    """The overview in `fmt` (text, json, csv or markdown), as chunks of text to write in order.

    Markdown is `check`'s table, one line per place, in the groups' reading order (obliged
    first), after a line of counts."""
    if fmt == "markdown":
        from travelrisk.present.render import markdown_table

        rows = [v for g in ov.groups for v in g.verdicts]
        head, *table = markdown_table(rows)
        counts = ov.counts
        said = ", ".join(f"{STATUS_LABEL[s]} {counts[s.value]}" for s in STATUS_ORDER)
        yield head + f"{said}, of {counts['total']} places\n\n"
        yield from table
    elif fmt == "json":
        from travelrisk.present.render import json_text

        yield json_text(overview_dict(ov), receipt)
    elif fmt == "geojson":
        from travelrisk.present.render import json_text

        # A foreign member of the FeatureCollection (RFC 7946, 6.1), which GIS tools ignore.
        yield json_text(overview_geojson(ov), receipt, indent=1)
    elif fmt == "csv":
        from travelrisk.present.render import csv_lines

        cells = (csv_values(where_row(v)) for v in ov.verdicts)
        yield from csv_lines(WHERE_FIELDS, cells, receipt)
    else:
        yield "\n".join(overview_text(ov, width)) + "\n"


def overview_geojson(ov: Overview) -> dict[str, Any]:
    """The overview as a GeoJSON FeatureCollection: one feature per place, keyed by ISO codes.

    travelrisk holds no coordinates, so each feature's geometry is null (RFC 7946, 3.2: an
    unlocated feature); join the properties to a boundary layer on `iso3` (or `country`).
    """
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": row["iso3"], "geometry": None, "properties": row}
            for row in (where_row(v) for v in ov.verdicts)
        ],
    }


def csv_values(row: Mapping[str, Any]) -> dict[str, str]:
    out = {}
    for k, v in row.items():
        if isinstance(v, bool):
            out[k] = "true" if v else "false"
        else:
            out[k] = "" if v is None else str(v)
    return out
