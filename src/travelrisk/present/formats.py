"""Output formats: the one `Format` enum, and each command's formatters, one per format.

A command that offers `--format` declares a `Formatters` table under its name ("check",
"data info") and registers one formatter per format it offers; it then writes its answer with
`table[fmt](answer)`. A test walks every command's `--format` choices and checks that each has
a formatter here (after pip-audit's `OutputFormatChoice`), so no format can be offered and
forgotten. Light on purpose: a command's `--help` imports this and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any, Generic, TypeVar

A = TypeVar("A")  # a command's answer: what its formatters are given
R = TypeVar("R")  # what they give back: chunks of text, or what a writer wrote


class Format(str, Enum):
    """Every output format a command may offer (`--format`), by its name on the command line."""

    TEXT = "text"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"
    GEOJSON = "geojson"
    ATOM = "atom"
    JSONL = "jsonl"
    XLSX = "xlsx"
    PARQUET = "parquet"


class Formatters(Generic[A, R]):
    """The formatters of one command: a function per format, each given the command's answer."""

    def __init__(self, command: str) -> None:
        if command in _TABLES:
            raise ValueError(f"formatters for {command!r} are declared twice")
        self.command = command
        self._by_format: dict[Format, Callable[[A], R]] = {}
        _TABLES[command] = self

    def register(self, *formats: Format) -> Callable[[Callable[[A], R]], Callable[[A], R]]:
        """A decorator: the function is the formatter of `formats` (usually one)."""

        def add(formatter: Callable[[A], R]) -> Callable[[A], R]:
            for fmt in formats:
                if fmt in self._by_format:
                    raise ValueError(f"{self.command}: two formatters for {fmt.value}")
                self._by_format[fmt] = formatter
            return formatter

        return add

    def register_each(self, render: Callable[[A, str], R], *formats: Format) -> None:
        """For a renderer that is given the format's name (a library function written before
        this table): one formatter per format, each calling `render` with its own."""
        for fmt in formats:
            self.register(fmt)(_bound(render, fmt.value))

    @property
    def formats(self) -> tuple[Format, ...]:
        return tuple(self._by_format)

    def __getitem__(self, fmt: str | Format) -> Callable[[A], R]:
        """The formatter for `fmt`; KeyError for a format this command does not offer."""
        return self._by_format[Format(fmt)]


def _bound(render: Callable[[A, str], R], name: str) -> Callable[[A], R]:
    def formatter(answer: A) -> R:
        return render(answer, name)

    return formatter


_TABLES: dict[str, Formatters[Any, Any]] = {}


def tables() -> Mapping[str, Formatters[Any, Any]]:
    """Every command's formatters declared so far (a command's module declares its own)."""
    return dict(_TABLES)
