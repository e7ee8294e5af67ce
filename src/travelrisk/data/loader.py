"""Reading the data files: bundled YAML, an optional overlay folder, and a validated cache.

YAML parsing, validation and the place index cost far more than answering a question, so the
validated result is cached as JSON under the user's cache folder, keyed by the files' paths,
sizes and modification times. A changed file, a new version or another overlay simply misses the
cache. Data files are read safely whatever they hold: see `travelrisk.data.files`.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, cast

from travelrisk.data.files import (
    bundled_dir,
    bundled_document,
    parse_yaml,
    read_bundled,
    read_data_file,
    stat_files,
)
from travelrisk.errors import DataError, TravelriskError
from travelrisk.law import model
from travelrisk.law.model import (
    Finding,
    Obligation,
    Situation,
    Source,
    StateParty,
    Suspect,
    Territory,
)
from travelrisk.law.rules import as_date
from travelrisk.law.schema import RECORDS, Field
from travelrisk.version import __version__


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot cache {type(value).__name__}")


def load_raw(
    data_dir: str | os.PathLike[str] | None = None, standalone: bool = False
) -> tuple[dict[str, Any], list[str]]:
    """The validated raw data (bundle plus overlay) with its place index, and what changed.

    With `standalone`, `data_dir` is a whole release of the data, read instead of the bundle
    (a file it lacks is an empty one), not an overlay on it.
    `raw["_digest"]` is the data's content digest (`data_digest`), which answers carry as their
    receipt; `raw["_cache_key"]` adds the code's and pycountry's versions (see `cache`).
    Raises DataError, naming file, record and field, if the data is malformed.
    """
    from travelrisk.data import cache

    if standalone:
        if data_dir is None:
            raise TravelriskError("a standalone release needs its data folder")
        bundle = stat_files(os.fspath(data_dir), required=False)
        bundle_bytes = {stem: read_data_file(path) for stem, (path, _, _) in bundle.items()}
        overlay: dict[str, tuple[str, int, int]] = {}
    else:
        bundle = stat_files(bundled_dir(), required=True)
        bundle_bytes = {stem: read_bundled(stem) for stem in bundle}
        overlay = stat_files(os.fspath(data_dir), required=False) if data_dir is not None else {}
    overlay_bytes = {stem: read_data_file(path) for stem, (path, _, _) in overlay.items()}
    digest = data_digest(bundle_bytes, overlay_bytes)
    # Keyed on the files' contents, not their sizes and times: hashing ~400 KB costs about 1 ms.
    # A release folder and the bundle may hold the same bytes but are read differently.
    base = "release" if standalone else "bundle"
    key = cache.content_key(__version__, [(base, digest.encode())])
    cache_folder = cache.folder()
    entry = cache.entry_path(cache_folder, key) if cache_folder is not None else None
    if entry is not None:
        cached = cache.read(entry, key)
        if cached is not None and _is_cached_data(cached):
            return cached["raw"], cached["changed"]
    bundled = {
        stem: bundled_document(stem, stamp, bundle_bytes[stem]) for stem, stamp in bundle.items()
    }
    extra = {
        stem: (overlay[stem][0], parse_yaml(overlay[stem][0], content))
        for stem, content in overlay_bytes.items()
    }
    from travelrisk.data.validate import merge_and_validate
    from travelrisk.resolve.places import build_index

    raw, changed, problems = merge_and_validate(bundled, extra)
    # Warnings never stop an answer; nor do an older release's sources (see validate.Problem).
    errors = [str(p) for p in problems if not p.warning and not (standalone and p.sourcing)]
    if errors:
        raise DataError(errors)
    from travelrisk.data.cite import resolve

    resolve(raw)
    raw["_places"] = build_index(raw.get("place_names"))
    raw["_digest"] = digest
    raw["_cache_key"] = key
    if entry is not None:
        cache.write(entry, key, {"raw": raw, "changed": changed}, default=_json_default)
    return raw, changed


def data_digest(files: dict[str, bytes], overlay: dict[str, bytes] | None = None) -> str:
    """The hex SHA-256 of the data's content: each file's name and bytes, in name order, then the
    overlay's. It depends on nothing else, so the same files give the same digest under any
    version of the tool, whether they are the bundle or a release folder read with `--release`."""
    import hashlib

    h = hashlib.sha256()
    for prefix, part in (("", files), ("overlay/", overlay or {})):
        for stem, content in sorted(part.items()):
            h.update(f"{prefix}{stem}\0{len(content)}\0".encode())
            h.update(content)
    return h.hexdigest()


def _is_cached_data(cached: Any) -> bool:
    """A cache body of the expected shape (the digest already vouches for its bytes)."""
    return (
        isinstance(cached, dict)
        and isinstance(cached.get("raw"), dict)
        and isinstance(cached.get("changed"), list)
        and isinstance(cached["raw"].get("_places"), dict)
        and isinstance(cached["raw"].get("_digest"), str)
    )


# -- raw structures to model objects, from the schema ---------------------------------------------
Registry = Mapping[str, Mapping[str, Any]]  # data/sources.yaml, by id (cite.registry)


def _sources(rec: Mapping[str, Any], registry: Registry | None = None) -> tuple[Source, ...]:
    """A record's sources, each citation of the registry (`{id, for}`) looked up in it."""
    from travelrisk.data.cite import cited

    out = []
    for s in (cited(x, registry or {}) for x in rec.get("sources") or []):
        if isinstance(s, str):
            out.append(Source(s))
            continue
        out.append(
            Source(
                s["title"],
                s.get("url"),
                kind=s.get("kind"),
                id=s.get("id"),
                publisher=s.get("publisher"),
                read=s.get("read", True) is not False,
                via=s.get("via"),
                document=s.get("document"),
                facts=tuple(s.get("for") or ()),
            )
        )
    return tuple(out)


def build(record: str, r: Mapping[str, Any], registry: Registry | None = None) -> Any:
    """The model object (model.py) of a validated raw record of type `record`, each field read
    as `schema.RECORDS` declares it. A `custom` field with no items is left None, for the
    caller to derive (a warrant's issue date)."""
    cls, plan = _plan(record)
    return tuple.__new__(cls, [read(r.get(name), r, registry) for name, read in plan])


Reader = Callable[[Any, Mapping[str, Any], "Registry | None"], Any]


@functools.cache
def _plan(record: str) -> tuple[Any, tuple[tuple[str, Reader], ...]]:
    """How to build a record type: its model class (a NamedTuple) and, for each of its
    attributes in order, the field's name and reader. Worked out once per type, since records
    are built by the hundred; tests/test_schema.py checks that the schema declares every
    attribute of the model."""
    spec = RECORDS[record]
    cls = getattr(model, spec.model)
    fields = {f.model_attr: f for f in spec.fields if f.model_attr}
    return cls, tuple((fields[a].name, _reader(fields[a])) for a in cls._fields)


def _reader(f: Field) -> Reader:
    if f.kind == "date":
        return lambda v, r, reg: as_date(v)
    if f.kind in ("codes", "texts"):
        return lambda v, r, reg: tuple(v or ())
    if f.kind == "sources":
        return lambda v, r, reg: _sources(r, reg)
    if f.item:
        item = f.item
        return lambda v, r, reg: tuple(build(item, x, reg) for x in v or ())
    if f.kind == "custom":
        return lambda v, r, reg: None
    if f.enum:
        enum = getattr(model, f.enum)
        return lambda v, r, reg: None if v is None else enum(v)
    default = f.default
    return lambda v, r, reg: default if v is None else v


def build_state(r: Mapping[str, Any], registry: Registry | None = None) -> StateParty:
    return cast(StateParty, build("state", r, registry))


def build_situation(r: Mapping[str, Any], registry: Registry | None = None) -> Situation:
    return cast(Situation, build("situation", r, registry))


def build_suspect(r: Mapping[str, Any], registry: Registry | None = None) -> Suspect:
    """A suspect, each warrant with the date of its own warrant_issued event (stored once)."""
    suspect = cast(Suspect, build("suspect", r, registry))
    days = model.issue_dates((e.date, e.type) for e in suspect.events)
    warrants = (w._replace(issued=d) for w, d in zip(suspect.warrants, days, strict=False))
    return suspect._replace(warrants=tuple(warrants))


def build_territory(r: Mapping[str, Any], registry: Registry | None = None) -> Territory:
    return cast(Territory, build("territory", r, registry))


def build_obligation(r: Mapping[str, Any], registry: Registry | None = None) -> Obligation:
    return cast(Obligation, build("obligation", r, registry))


def build_finding(r: Mapping[str, Any], registry: Registry | None = None) -> Finding:
    return cast(Finding, build("finding", r, registry))
