"""How strong a record's evidence is: the kind of each source, and the facts only reported.

Until the source registry names each source's kind, the kind is read from its address: the
Court's own site, the UN Treaty Collection (depositary notifications), other UN pages, and
government sites are primary; everything else (NGOs, press, reference works) is secondary.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from travelrisk.law.model import Source

# The kinds of source that confirm a fact on their own (data/README.md, "Confirmed and reported").
PRIMARY_KINDS = ("court", "depositary", "un", "government")

# Hosts of primary publishers and their kinds, checked in order: treaties.un.org before un.org.
_KIND_BY_HOST = (
    ("icc-cpi.int", "court"),
    ("treaties.un.org", "depositary"),
    ("un.org", "un"),
    ("undocs.org", "un"),
    ("gouv.fr", "government"),
    ("gov.uk", "government"),
)
# Government domains: .gov, and .gov.<country code> (gov.br, gov.za, gov.ph ...).
_GOVERNMENT = re.compile(r"(^|\.)gov(\.[a-z]{2})?$")
# The fields whose values can change a verdict, per kind of record, as named in `unverified`.
VERDICT_FIELDS = (
    "deposit",
    "entry_into_force",
    "instrument_withdrawn",
    "withdrawals",
    "withdrawals.notified",
    "withdrawals.revoked",
    "coverage",
    "from",
    "until",
    "warrants.issued",
    "events",
)


def domain(url: str) -> str:
    """The host a source URL points at, without `www.`."""
    from urllib.parse import urlsplit

    host = (urlsplit(url.strip()).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


@functools.lru_cache(maxsize=4096)
def source_kind(source: Source) -> str:
    """The source's declared kind (court, depositary, un, government, ngo, press, reference);
    for one the registry does not describe, the primary kind its address gives, or `secondary`."""
    if source.kind:
        return source.kind
    host = domain(source.url) if source.url else ""
    if not host:
        return "secondary"
    for suffix, kind in _KIND_BY_HOST:
        if host == suffix or host.endswith(f".{suffix}"):
            return kind
    if _GOVERNMENT.search(host):
        return "government"
    return "secondary"


def has_primary_source(record: Any) -> bool:
    return any(source_kind(s) in PRIMARY_KINDS for s in record.sources)


def reported_facts(file: str, records: Iterable[Any], key: str) -> Iterator[str]:
    """`file: record: field` for each verdict-changing fact that a record marks unconfirmed."""
    for record in records:
        for name in getattr(record, "unverified", ()):
            if name in VERDICT_FIELDS or name.startswith(("events", "warrants.issued")):
                yield f"{file}: {getattr(record, key)}: {name}"


def strongest_first(sources: Iterable[Source]) -> list[Source]:
    """The sources, primary ones (court, depositary, UN, government) first, each group in order."""
    return sorted(sources, key=lambda s: source_kind(s) not in PRIMARY_KINDS)
