"""The data files as documents: where the bundle is, reading a file safely (size, encoding,
YAML without aliases that explode, repeated keys or deep nesting), and merging an overlay's
records onto the bundle's by key. Nothing here checks what the records say (that is
`travelrisk.data.validate`) or builds model records from them (`travelrisk.data.loader`)."""

from __future__ import annotations

import functools
import os
import re
from typing import Any

from travelrisk.errors import DataError, TravelriskError
from travelrisk.law.schema import FILE_STEMS, FILES

MAX_FILE_BYTES = 20 * 1024 * 1024


def bundled_dir() -> str:
    """The data folder shipped in the package (travelrisk/data/files), or in a source checkout
    the top-level data/."""
    here = os.path.dirname(os.path.abspath(__file__))
    for candidate in (os.path.join(here, "files"), os.path.join(here, "..", "..", "..", "data")):
        if os.path.isdir(candidate):
            return os.path.normpath(candidate)
    raise TravelriskError(f"the bundled data folder is missing (looked in {here})")


def stat_files(folder: str, required: bool) -> dict[str, tuple[str, int, int]]:
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

    `stamp` is the file's (path, size, mtime) from `stat_files`, looked up if not given.
    """
    if stamp is None:
        stamp = stat_files(bundled_dir(), required=True).get(stem) or ("", -1, -1)
    key: tuple[Any, ...] = (stem, *stamp) if content is None else (stem, content)
    if key not in _BUNDLED:
        _BUNDLED[key] = parse_yaml(f"{stem}.yaml", content or read_bundled(stem))
    return _BUNDLED[key]


def read_bundled(stem: str) -> bytes:
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
