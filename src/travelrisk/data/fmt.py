"""`travelrisk data fmt`: data files rewritten in one canonical YAML style, meaning untouched.

The style: mappings indented by 2, a list's dashes level with its key (`states:` then
`- code: "AF"`), plain text folded at 100 columns, `null` written out, and a flow collection
(`{id: x, for: [a, b]}`) kept on one line only while that line fits in 100 columns; a longer one
is written in block style. Comments, blank lines, quotes, the order of keys and `|`/`>` text
blocks are kept: the rewrite is a round trip through ruamel.yaml, imported only here.

A file is rewritten only if its values, read back with the loader the data is read with, are
exactly those it held before; otherwise nothing is written and the file is named. Each file is
written through a temporary file beside it and renamed into place.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from travelrisk.data.files import bundled_dir, parse_yaml, read_data_file
from travelrisk.errors import TravelriskError
from travelrisk.law.schema import FILE_STEMS

WIDTH = 100  # columns: the longest line a flow collection may make, and where text is folded


class DataFmtError(TravelriskError):
    """A file that cannot be formatted: unreadable, not YAML, or a rewrite that would change
    what it means (a bug in the formatter, refused rather than written)."""


def data_files(targets: Sequence[str], default: str | None = None) -> list[str]:
    """The files to format: each file named; each folder's data files (those with a name
    travelrisk reads); with no target, those of the folder `default`, else of the bundled data.
    Raises DataFmtError for a folder holding none, or a path that is neither."""
    if not targets:
        targets = [default or bundled_dir()]
    found: list[str] = []
    for target in targets:
        if os.path.isdir(target):
            inside = [os.path.join(target, f"{s}.yaml") for s in sorted(FILE_STEMS)]
            inside = [p for p in inside if os.path.isfile(p)]
            if not inside:
                names = ", ".join(f"{s}.yaml" for s in FILE_STEMS)
                raise DataFmtError(f"{target}: holds none of the data files ({names})")
            found += inside
        elif os.path.exists(target):
            found.append(target)
        else:
            raise DataFmtError(f"{target}: no such file or folder; give data files or a folder")
    return list(dict.fromkeys(found))  # a file named twice is formatted once


def canonical(text: bytes, name: str = "<data>") -> bytes:
    """`text` (a data file's bytes) in the canonical style; raises DataFmtError if it cannot be
    read, or if the rewrite would not read back as the same values."""
    from travelrisk.errors import DataError

    try:
        before = parse_yaml(name, text)  # the data's own loader first: safe YAML, bounded
    except DataError as exc:
        raise DataFmtError(f"cannot format {exc.problems[0]}") from None
    if before is None:
        return text  # an empty file stays empty
    out = _rewrite(text.decode("utf-8-sig"))
    try:
        after = parse_yaml(name, out)
    except DataError:
        after = _Unreadable()
    if after != before:
        raise DataFmtError(f"{name}: formatting would change its values; left as it was")
    return out


def format_files(paths: Iterable[str], write: bool = True) -> list[str]:
    """Format each file in place (unless not `write`); return those that changed (or would).
    Every file is formatted before any is written: one that cannot be leaves all as they were."""
    changed: dict[str, bytes] = {}
    for path in paths:
        old = read_data_file(path)
        new = canonical(old, path)
        if new != old:
            changed[path] = new
    if write:
        for path, new in changed.items():
            _write_atomically(path, new)
    return list(changed)


class _Unreadable:
    """What a rewrite that cannot be read back is equal to: nothing."""

    def __eq__(self, other: object) -> bool:
        return False

    __hash__ = None  # type: ignore[assignment]


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.Emitter = _emitter()
    yaml.preserve_quotes = True
    yaml.width = WIDTH
    yaml.indent(mapping=2, sequence=2, offset=0)

    def null(representer: Any, _: None) -> Any:
        return representer.represent_scalar("tag:yaml.org,2002:null", "null")

    yaml.representer.add_representer(type(None), null)
    return yaml


def _rewrite(text: str) -> bytes:
    import io

    yaml = _yaml()
    document = yaml.load(text)
    _unflow(document, 0)
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue().encode("utf-8")


def _emitter() -> Any:
    from ruamel.yaml.emitter import RoundTripEmitter

    class Emitter(RoundTripEmitter):
        """ruamel's, but plain text is folded as PyYAML folds it, as ruamel folds `>` text and
        quoted text, and as the data was written: at the first space past the width, leaving no
        space at the end of a line; a long word (an address) stays after its key."""

        def write_plain(self, text: Any, split: Any = True) -> None:
            if self.root_context:
                if self.requested_indent is not None:
                    self.write_line_break()
                    if self.requested_indent != 0:
                        self.write_indent()
                else:
                    self.open_ended = True
            if not text:
                return
            if not self.whitespace:
                self.column += 1
                self.stream.write(" ")
            self.whitespace = self.indention = False
            spaces = breaks = False
            start = end = 0
            while end <= len(text):
                ch = text[end] if end < len(text) else None
                if spaces:
                    if ch != " ":
                        if start + 1 == end and self.column > self.best_width and split:
                            self.write_indent()
                            self.whitespace = self.indention = False
                        else:
                            self.column += end - start
                            self.stream.write(text[start:end])
                        start = end
                elif breaks:
                    if ch is None or ch not in _BREAKS:
                        if text[start] == "\n":
                            self.write_line_break()
                        for br in text[start:end]:
                            self.write_line_break(None if br == "\n" else br)
                        self.write_indent()
                        self.whitespace = self.indention = False
                        start = end
                elif ch is None or ch == " " or ch in _BREAKS:
                    self.column += end - start
                    self.stream.write(text[start:end])
                    start = end
                if ch is not None:
                    spaces, breaks = ch == " ", ch in _BREAKS
                end += 1

    return Emitter


_BREAKS = "\n\x85\u2028\u2029"


# -- long flow collections become blocks ----------------------------------------------------------
def _is_flow(node: Any) -> bool:
    return hasattr(node, "fa") and bool(node.fa.flow_style())


def _unflow(node: Any, column: int) -> None:
    """Block style for each flow collection in `node` whose line would run past WIDTH; `node`
    is a block mapping whose keys start at `column`, or a block list whose dashes do."""
    if isinstance(node, dict):
        for key, value in node.items():  # a mapping below its key; a list's dashes level with it
            _child(value, column + len(_flat(key)) + 2, column + 2, column)
    elif isinstance(node, list):
        for item in node:  # after "- "
            _child(item, column + 2, column + 2, column + 2)


def _child(value: object, starts_at: int, mapping_at: int, list_at: int) -> None:
    """`value` starts at column `starts_at`; in block style its keys would start at
    `mapping_at`, or its dashes at `list_at`."""
    if not isinstance(value, dict | list):
        if hasattr(value, "fold_pos"):  # `>` text: folded afresh, not where it was folded
            value.fold_pos = []
        return
    if _is_flow(value):
        if starts_at + len(_flat(value)) <= WIDTH:
            return  # one line, and it fits
        collection: Any = value  # a ruamel CommentedMap or CommentedSeq
        collection.fa.set_block_style()
    _unflow(value, mapping_at if isinstance(value, dict) else list_at)


_NEEDS_QUOTES = set(":#,[]{}&*!|>'\"%@`")


def _flat(value: Any) -> str:
    """`value` as a flow collection or scalar writes it on one line (quotes estimated)."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

    if isinstance(value, dict):
        return "{" + ", ".join(f"{_flat(k)}: {_flat(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flat(v) for v in value) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, DoubleQuotedScalarString | SingleQuotedScalarString):
        return f'"{value}"'
    text = str(value)
    if isinstance(value, str) and (set(text) & _NEEDS_QUOTES or text != text.strip()):
        return f"'{text}'"
    return text


def _write_atomically(path: str, content: bytes) -> None:
    import tempfile

    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".travelrisk-fmt-", suffix=".tmp")
    except OSError as exc:
        raise DataFmtError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.chmod(tmp, os.stat(path).st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException as exc:
        os.unlink(tmp)
        if isinstance(exc, OSError):
            raise DataFmtError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise
