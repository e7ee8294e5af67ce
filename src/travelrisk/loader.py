"""Reading the data files: bundled YAML, an optional overlay folder, and a validated cache.

YAML parsing, validation and the place index cost far more than answering a question, so the
validated result is cached as JSON under the user's cache folder, keyed by the files' paths,
sizes and modification times. A changed file, a new version or another overlay simply misses the
cache. Data files are read safely whatever they hold: see `yaml_document`.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, cast

from . import __version__, model
from .errors import DataError, TravelriskError
from .model import Finding, Obligation, Situation, Source, StateParty, Suspect, Territory
from .rules import as_date
from .schema import FILE_STEMS, FILES, RECORDS, Field

MAX_FILE_BYTES = 20 * 1024 * 1024


def bundled_dir() -> str:
    """The data folder shipped in the package (or, in a source checkout, the top-level data/)."""
    here = os.path.dirname(os.path.abspath(__file__))
    for candidate in (os.path.join(here, "data"), os.path.join(here, "..", "..", "data")):
        if os.path.isdir(candidate):
            return os.path.normpath(candidate)
    raise TravelriskError(f"the bundled data folder is missing (looked in {here})")


def _stat_files(folder: str, required: bool) -> dict[str, tuple[str, int, int]]:
    """The data files present in `folder`: stem -> (path, size, mtime in ns)."""
    if not os.path.isdir(folder):
        raise TravelriskError(f"data folder {folder!r} does not exist or is not a folder")
    found: dict[str, tuple[str, int, int]] = {}
    for stem in FILE_STEMS:
        path = os.path.join(folder, f"{stem}.yaml")
        try:
            st = os.stat(path)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise TravelriskError(f"cannot read {path}: {exc.strerror or exc}") from None
        if st.st_size > MAX_FILE_BYTES:
            raise TravelriskError(f"{path}: larger than {MAX_FILE_BYTES // 2**20} MiB")
        found[stem] = (path, st.st_size, st.st_mtime_ns)
    if not found and not required:
        raise TravelriskError(
            f"data folder {folder!r} holds none of the data files "
            f"({', '.join(s + '.yaml' for s in FILE_STEMS)})"
        )
    return found


# Parsed bundled documents, by (stem, path, size, mtime): parsed once per process, since every
# overlay loaded or checked merges on to the same bundle. Callers never mutate them (merging
# copies what it changes), so datasets sharing them cannot leak into each other.
_BUNDLED: dict[tuple[Any, ...], Any] = {}


def bundled_document(
    stem: str, stamp: tuple[str, int, int] | None = None, content: bytes | None = None
) -> Any:
    """A bundled file's parsed document; raises DataError if it cannot be read as YAML.

    `stamp` is the file's (path, size, mtime) from `_stat_files`, looked up if not given.
    """
    if stamp is None:
        stamp = _stat_files(bundled_dir(), required=True).get(stem) or ("", -1, -1)
    key: tuple[Any, ...] = (stem, *stamp) if content is None else (stem, content)
    if key not in _BUNDLED:
        _BUNDLED[key] = parse_yaml(f"{stem}.yaml", content or _read_bundled(stem))
    return _BUNDLED[key]


def _read_bundled(stem: str) -> bytes:
    """A bundled file's bytes, through importlib.resources (works for any package layout)."""
    from importlib.resources import files

    resource = files("travelrisk").joinpath("data").joinpath(f"{stem}.yaml")
    if resource.is_file():
        return resource.read_bytes()
    return read_data_file(os.path.join(bundled_dir(), f"{stem}.yaml"))  # a source checkout


def read_data_file(path: str) -> bytes:
    """A data file's bytes; raises TravelriskError for a folder, a non-file, an unreadable or an
    oversized file (read no further than the limit, so a huge or endless file costs nothing)."""
    import stat

    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise TravelriskError(f"{path} is a folder, not a data file")
        if not stat.S_ISREG(mode):
            raise TravelriskError(f"{path} is not a regular file")
        with open(path, "rb") as handle:
            content = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise TravelriskError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(content) > MAX_FILE_BYTES:
        raise TravelriskError(f"{path}: larger than {MAX_FILE_BYTES // 2**20} MiB")
    return content


MAX_NODES = 1_000_000  # once aliases are expanded: the bundle has about 60,000
MAX_DEPTH = 100  # nesting levels: the data needs 7


def parse_yaml(name: str, text: bytes) -> Any:
    """The YAML document in `text`; raises DataError naming `name` if it cannot be read."""
    document, problems = yaml_document(text)
    if problems:
        raise DataError([f"{name}: {p}" for p in problems])
    return document


def yaml_document(text: bytes, mark_duplicates: bool = False) -> tuple[Any, list[str]]:
    """The document in `text` and what stopped it being read (empty if nothing did).

    Safe YAML only: tags that build Python objects are refused; a document whose aliases expand
    past MAX_NODES nodes ('billion laughs') or that nests past MAX_DEPTH levels is refused before
    it is built. A key given twice in one mapping is a problem too; with `mark_duplicates`, the
    mapping is built instead as a `Duplicated` dict naming the key (for a reader that makes an
    error of that one record). Never raises for bad content: an empty file gives (None, []).
    """
    import yaml

    try:
        decoded = text.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [
            f"not UTF-8 text (byte {exc.start} is {text[exc.start]:#04x}); save the file as UTF-8"
        ]
    try:
        loader = _safe_loader(_may_nest_deeply(decoded), mark_duplicates)(decoded)
    except yaml.YAMLError as exc:  # the pure-Python reader checks characters up front
        return None, [_yaml_message(exc, decoded)]
    try:
        node = loader.get_single_node()
        if node is None:
            return None, []
        problems = _inspect(node, duplicates=not mark_duplicates)
        if problems:
            return None, problems
        return loader.construct_document(node), []
    except yaml.YAMLError as exc:
        return None, [_yaml_message(exc, decoded)]
    except RecursionError:
        return None, ["nested too deeply"]
    except (ValueError, TypeError, AttributeError, OverflowError) as exc:
        # PyYAML's own constructors fail this way on e.g. `!!int abc` or `!!float x`.
        return None, [f"not valid YAML: a value cannot be read ({exc})"]
    finally:
        loader.dispose()


def _yaml_message(exc: Exception, decoded: str) -> str:
    import yaml

    if isinstance(exc, yaml.reader.ReaderError):
        line = decoded.count("\n", 0, max(exc.position, 0)) + 1
        return (
            f"not valid YAML at line {line}: character {exc.character!r} "
            "(NUL or another control character) is not allowed in YAML text"
        )
    mark = getattr(exc, "problem_mark", None)
    where = f" at line {mark.line + 1}" if mark is not None else ""
    problem = getattr(exc, "problem", None) or exc.__class__.__name__
    context = getattr(exc, "context", None)
    if context and problem.startswith("but "):  # "expected a single document ..., but found"
        problem = f"{context}, {problem}"
    elif context:
        problem = f"{problem} ({context})"
    if mark is not None:
        lines = decoded.splitlines()
        if mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
            problem += "; YAML does not allow tabs for indentation"
    return f"not valid YAML{where}: {problem}"


@functools.cache
def _may_nest_deeply(text: str) -> bool:
    """Whether flow brackets in `text` could nest past MAX_DEPTH (an upper bound: brackets inside
    quoted strings count too). libyaml composes nodes by recursion on the C stack and crashes the
    process on a few hundred thousand levels, so such text goes to the pure-Python parser, whose
    recursion ends in a RecursionError instead."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return False
    depth = deepest = 0
    for bracket in re.findall(r"[\[\]{}]", text):
        depth = depth + 1 if bracket in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest > MAX_DEPTH


class Duplicated(dict[Any, Any]):
    """A mapping read from input that gave a key twice (`duplicate`: the key); the last won."""

    duplicate: str | None = None


def _safe_loader(pure: bool = False, mark_duplicates: bool = False) -> Any:
    """The safe loader (libyaml's when available and `pure` is false), with dates YAML cannot
    build left as text, and mappings that repeat a key built as `Duplicated` if asked."""
    import yaml

    base = yaml.SafeLoader if pure else getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc,valid-type]
        pass

    def timestamp(loader: Any, node: Any) -> Any:
        try:
            return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
        except (ValueError, AttributeError, OverflowError):
            # 2025-02-30: kept as text, so that validation names its record and field.
            return loader.construct_scalar(node)

    Loader.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
    if mark_duplicates:

        def mapping(loader: Any, node: Any) -> Any:
            keys = [  # as written: before merge keys (<<) bring in others, which may be overridden
                k.value
                for k, _ in node.value
                if isinstance(k, yaml.ScalarNode) and k.tag != "tag:yaml.org,2002:merge"
            ]
            built = Duplicated()
            yield built
            built.update(loader.construct_mapping(node))
            built.duplicate = next((k for i, k in enumerate(keys) if k in keys[:i]), None)

        Loader.add_constructor("tag:yaml.org,2002:map", mapping)
    return Loader


def _inspect(root: Any, duplicates: bool = True) -> list[str]:
    """Problems in the node graph before it is built: size once aliases are expanded, depth,
    and keys repeated in one mapping (YAML would silently keep the last)."""
    import yaml

    memo: dict[int, int] = {}
    problems: list[str] = []

    def count(node: Any, depth: int) -> int:
        if depth > MAX_DEPTH:
            raise _TooDeep
        key = id(node)
        if key in memo:
            return memo[key]
        memo[key] = MAX_NODES + 1  # a node reached again while counting it is an alias cycle
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(count(child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            seen: set[tuple[str, str]] = set()
            for k, v in node.value:
                if (
                    duplicates
                    and isinstance(k, yaml.ScalarNode)
                    and k.tag != "tag:yaml.org,2002:merge"
                ):
                    if (k.tag, k.value) in seen:
                        problems.append(
                            f"line {k.start_mark.line + 1}: key {k.value!r:.40} "
                            "appears twice in one mapping"
                        )
                    seen.add((k.tag, k.value))
                total += count(k, depth + 1) + count(v, depth + 1)
        total = min(total, MAX_NODES + 1)
        memo[key] = total
        if total > MAX_NODES:
            raise _TooBig
        return total

    try:
        count(root, 0)
    except _TooDeep:
        return [f"nested more than {MAX_DEPTH} levels deep"]
    except _TooBig:
        return [
            f"more than {MAX_NODES:,} values once YAML aliases are expanded "
            "(or an alias refers to itself)"
        ]
    return problems


class _TooDeep(Exception):
    pass


class _TooBig(Exception):
    pass


def merge_overlay(
    base: dict[str, Any], overlay: dict[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """The base data with the overlay's records added or replacing by key, and what changed."""
    merged = dict(base)
    changed: list[str] = []
    for stem, doc in overlay.items():
        if doc is None:
            continue  # an empty file, or one with only comments, adds nothing
        if stem == "dataset":
            if isinstance(doc, dict) and isinstance(base.get("dataset"), dict):
                merged["dataset"] = {**base["dataset"], **doc}
                changed.append("dataset.yaml")
            continue
        top, key = FILES[stem].top, FILES[stem].key
        base_doc = base.get(stem) if isinstance(base.get(stem), dict) else {}
        new_doc = dict(base_doc or {})
        if not isinstance(doc, dict) or not isinstance(doc.get(top), list):
            merged[stem] = doc  # let validation report the malformed overlay file
            continue
        for extra_key, value in doc.items():
            if extra_key != top and isinstance(value, list):  # e.g. place_names' ambiguous list
                new_doc[extra_key] = [*(new_doc.get(extra_key) or []), *value]
        records = list(new_doc.get(top) or [])
        position = {
            r[key]: i
            for i, r in enumerate(records)
            if isinstance(r, dict) and isinstance(r.get(key), str)
        }
        for rec in doc[top]:
            rec_key = rec.get(key) if isinstance(rec, dict) else None
            if isinstance(rec_key, str) and rec_key in position:
                records[position[rec_key]] = rec
                changed.append(f"{stem}.yaml: {rec_key} (replaced)")
            else:
                records.append(rec)
                changed.append(f"{stem}.yaml: {rec_key} (added)")
        new_doc[top] = records
        merged[stem] = new_doc
    return merged, changed


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
    from . import cache

    if standalone:
        if data_dir is None:
            raise TravelriskError("a standalone release needs its data folder")
        bundle = _stat_files(os.fspath(data_dir), required=False)
        bundle_bytes = {stem: read_data_file(path) for stem, (path, _, _) in bundle.items()}
        overlay: dict[str, tuple[str, int, int]] = {}
    else:
        bundle = _stat_files(bundled_dir(), required=True)
        bundle_bytes = {stem: _read_bundled(stem) for stem in bundle}
        overlay = _stat_files(os.fspath(data_dir), required=False) if data_dir is not None else {}
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
    from .places import build_index
    from .validate import merge_and_validate

    raw, changed, problems = merge_and_validate(bundled, extra)
    # Warnings never stop an answer; nor do an older release's sources (see validate.Problem).
    errors = [str(p) for p in problems if not p.warning and not (standalone and p.sourcing)]
    if errors:
        raise DataError(errors)
    from .cite import resolve

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
def _d(value: Any) -> date | None:
    return as_date(value)


Registry = Mapping[str, Mapping[str, Any]]  # data/sources.yaml, by id (cite.registry)


def _sources(rec: Mapping[str, Any], registry: Registry | None = None) -> tuple[Source, ...]:
    """A record's sources, each citation of the registry (`{id, for}`) looked up in it."""
    from .cite import cited

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
