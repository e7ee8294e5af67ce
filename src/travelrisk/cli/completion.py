"""Shell completion of suspect ids, place codes and situation ids (SUSPECT, COUNTRY and
--situation).

Click completes commands and options by itself; these callbacks add the values. The data is
loaded only when a value is being completed (`_TRAVELRISK_COMPLETE=bash_complete ...`), never
when a command runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import click
from click.shell_completion import CompletionItem

if TYPE_CHECKING:
    from travelrisk.data.dataset import Dataset

# A candidate: the value completed, its help, and the words that typing the start of finds it.
Candidate = tuple[str, str, tuple[str, ...]]


def _complete(
    ctx: click.Context, incomplete: str, candidates: Callable[[Dataset], Iterable[Candidate]]
) -> list[CompletionItem]:
    from travelrisk.cli import Context

    typed = incomplete.casefold()
    root = ctx.find_root()
    obj = (
        root.obj
        if isinstance(root.obj, Context)
        else Context(root.params.get("data_dir"), False, root.params.get("release"))
    )
    try:
        found = list(candidates(obj.dataset))
    except Exception:  # unusable data: no suggestions rather than a traceback in the shell
        return []
    return [
        CompletionItem(value, help=text)
        for value, text, words in found
        if any(w.casefold().startswith(typed) for w in words)
    ]


def complete_suspect(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The ids of the suspects whose id or surname (without al/el) starts with what was typed."""
    from travelrisk.law.suspects import surname_key

    def candidates(ds: Dataset) -> Iterable[Candidate]:
        for s in sorted(ds.suspects.values(), key=lambda s: s.id):
            yield s.id, s.name, (s.id, surname_key(s))

    return _complete(ctx, incomplete, candidates)


def complete_place(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The codes of the places whose ISO code or English name starts with what was typed."""

    def candidates(ds: Dataset) -> Iterable[Candidate]:
        index = ds.place_index
        for code in index.codes:
            yield code, index.names[code], (code, index.names[code])

    return _complete(ctx, incomplete, candidates)


def complete_situation(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The ids of the situations whose id starts with what was typed."""

    def candidates(ds: Dataset) -> Iterable[Candidate]:
        for sid, sit in sorted(ds.situations.items()):
            yield sid, sit.name, (sid,)

    return _complete(ctx, incomplete, candidates)
