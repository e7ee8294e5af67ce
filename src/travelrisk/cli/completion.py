"""Shell completion of suspect ids, place codes and situation ids (SUSPECT, COUNTRY and
--situation).

Click completes commands and options by itself; these callbacks add the values. The data is
loaded only when a value is being completed (`_TRAVELRISK_COMPLETE=bash_complete ...`), never
when a command runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click
from click.shell_completion import CompletionItem

if TYPE_CHECKING:
    from ..dataset import Dataset


def _dataset(ctx: click.Context) -> Dataset:
    from . import Context

    root = ctx.find_root()
    obj = root.obj if isinstance(root.obj, Context) else Context(root.params.get("data_dir"), False)
    return obj.dataset


def complete_suspect(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The ids of the suspects whose id or surname (without al/el) starts with what was typed."""
    from ..roster import surname_key

    typed = incomplete.casefold()
    try:
        people = _dataset(ctx).suspects.values()
    except Exception:  # unusable data: no suggestions rather than a traceback in the shell
        return []
    return [
        CompletionItem(s.id, help=s.name)
        for s in sorted(people, key=lambda s: s.id)
        if s.id.startswith(typed) or surname_key(s).startswith(typed)
    ]


def complete_place(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The codes of the places whose ISO code or English name starts with what was typed."""
    typed = incomplete.casefold()
    try:
        index = _dataset(ctx).place_index
    except Exception:
        return []
    found = []
    for code in index.codes:
        name = index.names[code]
        if code.casefold().startswith(typed) or name.casefold().startswith(typed):
            found.append(CompletionItem(code, help=name))
    return found


def complete_situation(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The ids of the situations whose id starts with what was typed."""
    typed = incomplete.casefold()
    try:
        situations = _dataset(ctx).situations
    except Exception:
        return []
    return [
        CompletionItem(sid, help=sit.name)
        for sid, sit in sorted(situations.items())
        if sid.startswith(typed)
    ]
