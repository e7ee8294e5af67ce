"""Quality rules for sources and notes, checked by `travelrisk data validate`.

- A source may not come from a host on the deny-list (`deny:` in dataset.yaml): staging and test
  servers, mirrors of other sites, content farms and AI-written news. Each entry gives a `match`
  (a host, matching it and its subdomains, or a first label ending in "." or "-", such as `uat.`,
  matching any host that starts with it) and the `reason`.
- A source without an address must name a printed document precisely enough to find: a UN
  document symbol (S/RES/1593 (2005), C.N.805.2016.TREATIES-XVIII.10) or an ICC document number.
- A note shown to users says what is known and not known, never how the record was compiled.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from travelrisk.law.evidence import domain

# A UN document symbol (S/RES/..., A/RES/..., S/2005/..., C.N.123.2016.TREATIES-...) or an ICC
# document number (ICC-01/22-..., ICC-ASP/...).
_DOCUMENT_NUMBER = re.compile(
    r"\b(S/RES/\d+|A/RES/\d+|[SA]/\d{4}/\d+|C\.N\.\d+\.\d{4}|ICC-(\d{2}/\d{2}|ASP/|PIDS-))"
)
# How a record was compiled, which a reader can do nothing with.
_COMPILING = re.compile(
    r"from memory|not in the brief|in the brief|as of the latest sources read|"
    r"(?:search|code-search) (?:tool|index|results?)|recalled",
    re.IGNORECASE,
)


def denied(url: str, rules: Iterable[tuple[str, str]]) -> str | None:
    """The reason `url`'s host is on the deny-list `rules` ((match, reason) pairs), or None."""
    host = domain(url)
    if not host:
        return None
    for match, reason in rules:
        match = match.lower()
        if match.endswith((".", "-")):
            if host.startswith(match):
                return reason
        elif host == match or host.endswith(f".{match}"):
            return reason
    return None


def names_document(title: str) -> bool:
    """Whether a citation without an address names a UN or ICC document by its number."""
    return _DOCUMENT_NUMBER.search(title) is not None


def compiling_phrase(text: str) -> str | None:
    """The words in a user-facing note that say how the record was compiled, if any."""
    found = _COMPILING.search(text)
    return found.group(0) if found else None
