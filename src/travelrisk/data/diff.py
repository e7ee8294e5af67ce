"""What differs between two releases of the data: the records, field by field, and the verdicts.

A folder is read as a whole release when it holds every required data file (it then replaces the
bundle), and otherwise as an overlay on the bundled data, as `--data-dir` reads one. The verdicts
compared are those of every (suspect, place) pair that a changed record can touch; each pair's
answer is a step function of the day (the engine's periods), and the diff gives the days on which
the two step functions differ.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from travelrisk.law.model import Status

if TYPE_CHECKING:
    from travelrisk.data.dataset import Dataset
    from travelrisk.law.engine import Period
    from travelrisk.law.model import Place, Receipt, Suspect

# The file whose records a change touches -> what a change there can alter.
_NO_VERDICT = ("compliance", "place_names")  # context and name resolution only


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "old": _plain(self.old), "new": _plain(self.new)}


@dataclass(frozen=True)
class RecordChange:
    file: str
    key: str
    change: str  # added | removed | changed
    fields: tuple[FieldChange, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "key": self.key,
            "change": self.change,
            "fields": [f.to_dict() for f in self.fields],
        }


@dataclass(frozen=True)
class VerdictChange:
    """Over `start`..`end` (inclusive; None: open), the answer was `old` and is now `new`."""

    suspect_id: str
    suspect_name: str
    place: str
    place_name: str
    start: date | None
    end: date | None
    old: Status
    new: Status

    def to_dict(self) -> dict[str, Any]:
        return {
            "suspect_id": self.suspect_id,
            "suspect_name": self.suspect_name,
            "place": self.place,
            "place_name": self.place_name,
            "from": self.start.isoformat() if self.start else None,
            "until": self.end.isoformat() if self.end else None,
            "old": self.old.value,
            "new": self.new.value,
        }


@dataclass(frozen=True)
class DataDiff:
    old: Receipt
    new: Receipt
    old_read_as: str  # "release" or "overlay"
    new_read_as: str
    records: tuple[RecordChange, ...]
    verdicts: tuple[VerdictChange, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": {**self.old.to_dict(), "read_as": self.old_read_as},
            "new": {**self.new.to_dict(), "read_as": self.new_read_as},
            "records": [r.to_dict() for r in self.records],
            "verdicts": [v.to_dict() for v in self.verdicts],
        }


def open_data(folder: str | os.PathLike[str] | None) -> tuple[Dataset, dict[str, Any], str]:
    """The dataset in `folder` (None: the bundled data), its raw records, and how it was read."""
    from travelrisk.data import loader
    from travelrisk.data.dataset import Dataset
    from travelrisk.data.validate import REQUIRED_FILES
    from travelrisk.errors import TravelriskError

    if folder is None:
        raw, changed = loader.load_raw(None)
        return Dataset(raw, changed), raw, "bundled"
    path = os.fspath(folder)
    if not os.path.isdir(path):
        raise TravelriskError(f"{path!r} is not a folder of data files")
    whole = all(os.path.isfile(os.path.join(path, f"{stem}.yaml")) for stem in REQUIRED_FILES)
    raw, changed = loader.load_raw(path, standalone=whole)
    return Dataset(raw, changed, None if whole else path), raw, "release" if whole else "overlay"


def diff(old: str | os.PathLike[str] | None, new: str | os.PathLike[str] | None = None) -> DataDiff:
    """The records and verdicts that differ from the data in `old` to that in `new` (None: the
    bundled data)."""
    old_ds, old_raw, old_how = open_data(old)
    new_ds, new_raw, new_how = open_data(new)
    records = tuple(record_changes(old_raw, new_raw))
    verdicts = tuple(verdict_changes(old_ds, new_ds, records))
    return DataDiff(old_ds.receipt, new_ds.receipt, old_how, new_how, records, verdicts)


# -- records ------------------------------------------------------------------------------------
def record_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[RecordChange]:
    """Records added, removed and changed, file by file, in key order."""
    from travelrisk.data.validate import RECORD_FILES

    old_meta, new_meta = old.get("dataset") or {}, new.get("dataset") or {}
    fields = tuple(_field_changes(old_meta, new_meta))
    if fields:
        yield RecordChange("dataset.yaml", "dataset", "changed", fields)
    for stem, (top, key) in RECORD_FILES.items():
        before = _by_key(old.get(stem), top, key)
        after = _by_key(new.get(stem), top, key)
        for k in sorted(before.keys() | after.keys()):
            if k not in after:
                yield RecordChange(f"{stem}.yaml", k, "removed")
            elif k not in before:
                yield RecordChange(f"{stem}.yaml", k, "added")
            else:
                fields = tuple(_field_changes(before[k], after[k]))
                if fields:
                    yield RecordChange(f"{stem}.yaml", k, "changed", fields)


def _by_key(doc: Any, top: str, key: str) -> dict[str, dict[str, Any]]:
    records = doc.get(top) if isinstance(doc, dict) else None
    return {str(r[key]): r for r in records or [] if isinstance(r, dict) and key in r}


def _field_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[FieldChange]:
    for name in sorted(set(old) | set(new), key=str):
        yield from _walk(str(name), _plain(old.get(name)), _plain(new.get(name)))


def _walk(name: str, old: Any, new: Any) -> Iterator[FieldChange]:
    """The smallest parts that differ: `events[2].date`, or `aliases[+]` for an added item."""
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(set(old) | set(new)):
            yield from _walk(f"{name}.{key}", old.get(key), new.get(key))
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            yield from _walk(f"{name}[{i}]", a, b)
    elif isinstance(old, list) and isinstance(new, list):
        yield from (FieldChange(f"{name}[-]", item, None) for item in old if item not in new)
        yield from (FieldChange(f"{name}[+]", None, item) for item in new if item not in old)
    else:
        yield FieldChange(name, old, new)


def _plain(value: Any) -> Any:
    """A JSON-ready copy (dates as ISO strings), so that YAML dates and cached strings compare."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


# -- verdicts -----------------------------------------------------------------------------------
def verdict_changes(
    old: Dataset, new: Dataset, records: Iterable[RecordChange]
) -> Iterator[VerdictChange]:
    """Every stretch of days on which a (suspect, place) pair that a changed record can touch
    gets another answer in `new` than in `old`."""
    suspects: set[str] = set()
    places: set[str] = set()
    for r in records:
        stem = r.file.removesuffix(".yaml")
        if stem == "warrants":
            suspects.add(r.key)
        elif stem in ("states_parties", "territories"):
            places.add(r.key)
            places.update(_followers(old, r.key) | _followers(new, r.key))
        elif stem == "obligations":
            places.update(_obligation_states(old, r.key) | _obligation_states(new, r.key))
        elif stem == "situations":
            suspects.update(_in_situation(old, r.key) | _in_situation(new, r.key))
        # compliance, place_names and dataset change no verdict
    all_suspects = sorted(set(old.suspects) | set(new.suspects))
    all_places = sorted({p.code for p in old.places()} | {p.code for p in new.places()})
    pairs = {(s, p) for s in suspects for p in all_places}
    pairs |= {(s, p) for s in all_suspects for p in places}
    for suspect_id, code in sorted(pairs):
        yield from _pair_changes(old, new, suspect_id, code)


def _followers(ds: Dataset, code: str) -> set[str]:
    """The territories that follow `code`'s ratification."""
    return {t.code for t in ds.territories.values() if t.sovereign == code}


def _obligation_states(ds: Dataset, key: str) -> set[str]:
    return {o.state for obligations in ds.obligations.values() for o in obligations if o.id == key}


def _in_situation(ds: Dataset, situation: str) -> set[str]:
    return {s.id for s in ds.suspects.values() if s.situation == situation}


def _pair_changes(
    old: Dataset, new: Dataset, suspect_id: str, code: str
) -> Iterator[VerdictChange]:
    before = _periods(old, suspect_id, code)
    after = _periods(new, suspect_id, code)
    if before is None and after is None:
        return
    suspect = new.suspects.get(suspect_id) or old.suspects[suspect_id]
    place = _place(new, code) or _place(old, code)
    assert place is not None, "a place of one of the two datasets"
    starts = sorted({p.start or date.min for p in (before or []) + (after or [])} | {date.min})
    run: list[Any] = []  # [start, end, old, new] of the stretch being merged
    for i, start in enumerate(starts):
        end = starts[i + 1] - timedelta(days=1) if i + 1 < len(starts) else None
        was, now = _status_on(before, start), _status_on(after, start)
        if was is now:
            if run:
                yield _change(suspect, place, run)
                run = []
        elif run and run[2] is was and run[3] is now and run[1] == start - timedelta(days=1):
            run[1] = end
        else:
            if run:
                yield _change(suspect, place, run)
            run = [start, end, was, now]
    if run:
        yield _change(suspect, place, run)


def _change(suspect: Suspect, place: Place, run: list[Any]) -> VerdictChange:
    start, end, was, now = run
    return VerdictChange(
        suspect.id,
        suspect.name,
        place.code,
        place.name,
        None if start == date.min else start,
        end,
        was,
        now,
    )


def _periods(ds: Dataset, suspect_id: str, code: str) -> list[Period] | None:
    """The engine's periods for the pair; None if the dataset lacks the suspect or the place."""
    from travelrisk.law import engine

    suspect = ds.suspects.get(suspect_id)
    place = _place(ds, code)
    if suspect is None or place is None:
        return None
    return engine.timeline(ds.law, suspect, place, None, None)


def _place(ds: Dataset, code: str) -> Place | None:
    from travelrisk.errors import TravelriskError

    try:
        return ds.place(code)
    except TravelriskError:
        return None


def _status_on(periods: list[Period] | None, day: date) -> Status:
    """The status on `day`; a suspect the data lacks has no live warrant anywhere."""
    for p in periods or ():
        if (p.start is None or p.start <= day) and (p.end is None or day <= p.end):
            return p.status
    return Status.NO_LIVE_WARRANT


# -- output -------------------------------------------------------------------------------------
_SHOWN_VALUE = 120


def render_diff(d: DataDiff, fmt: str) -> Iterator[str]:
    """The diff as text (records field by field, then the verdicts that change) or JSON."""
    if fmt == "json":
        import json

        yield json.dumps(d.to_dict(), indent=2, ensure_ascii=False) + "\n"
        return
    from travelrisk.errors import printable

    def value(v: Any) -> str:
        import json

        text = json.dumps(_plain(v), ensure_ascii=False) if v is not None else "(none)"
        return printable(text if len(text) <= _SHOWN_VALUE else text[: _SHOWN_VALUE - 1] + "…")

    def side(r: Receipt, how: str) -> str:
        as_of = r.data_as_of.isoformat() if r.data_as_of else "unknown"
        where = f" {r.overlay}" if r.overlay else ""
        return f"{how}{where} (version {r.data_version}, as of {as_of}, {r.data_digest[:12]})"

    yield f"old: {printable(side(d.old, d.old_read_as))}\n"
    yield f"new: {printable(side(d.new, d.new_read_as))}\n"
    if not d.records:
        yield "No record differs.\n"
        return
    yield f"\n{len(d.records)} record{'s' if len(d.records) != 1 else ''} differ:\n"
    for r in d.records:
        yield f"  {r.file}: {printable(r.key)} ({r.change})\n"
        for f in r.fields:
            yield f"      {printable(f.field)}: {value(f.old)} -> {value(f.new)}\n"
    if not d.verdicts:
        yield "\nNo verdict changes.\n"
        return
    n = len(d.verdicts)
    yield f"\n{n} verdict change{'s' if n != 1 else ''} (--format json lists each):\n"
    groups: dict[tuple[str, str, str, str], list[VerdictChange]] = {}
    for v in d.verdicts:
        span = f"from {v.start.isoformat() if v.start else 'the start of records'}" + (
            f" until {v.end.isoformat()}" if v.end else ""
        )
        key = (v.suspect_name, f"{v.old.value} -> {v.new.value}", span, v.suspect_id)
        groups.setdefault(key, []).append(v)
    for (name, what, span, _), group in groups.items():
        where = (
            f"{group[0].place_name} ({group[0].place})"
            if len(group) == 1
            else f"{len(group)} places: {', '.join(v.place for v in group)}"
        )
        yield f"  {printable(name)}: {what}, {span}, in {printable(where)}\n"
