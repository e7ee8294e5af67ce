"""Checks the raw data files against the schema and the cross-record rules.

Works on the plain structures YAML gives (dicts, lists, strings, dates) so that it can report every
problem with its file, record and field, instead of failing on the first one. Nothing here raises
for bad content: bad content is what it reports. Each field's type and shape is checked from its
declaration in `schema`; the rules across fields and records are written out here, each run after
the field it follows from (`_Checker.HOOKS`).

- `validate(raw)`: every problem in already-parsed data.
- `merge_and_validate(bundle, overlay)`: an overlay's documents merged on to the bundle, checked,
  with problems in the overlay's records named by the overlay file's path.
- `check_data(data_dir)`: reads the bundle (and an overlay folder) from disk, checks every file on
  its own (readable, UTF-8, safe YAML, sensible shape) and then the merged whole.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from travelrisk.errors import printable
from travelrisk.law import rules, schema
from travelrisk.law.rules import as_date
from travelrisk.law.schema import FILES, RECORDS, Field, Record, When

FILE_STEMS = schema.FILE_STEMS  # every data file the tool reads
REQUIRED_FILES = schema.REQUIRED_FILES

# file stem -> (top-level key, key field of a record), from the schema
RECORD_FILES: dict[str, tuple[str, str]] = {s: (f.top, f.key) for s, f in FILES.items()}
# The fields each data file's records may have (schema): an unknown one is usually a typo
# (`revokd:`) that would otherwise be silently ignored.
FIELDS: dict[str, set[str]] = {s: set(schema.record_of(s).names) for s in FILE_STEMS}
FILE_KEYS = set(schema.FILE_KEYS)

# Every date in the data falls between the Statute's adoption and this far ahead; anything
# outside is a typed year gone wrong (0225, 20255), and would overflow date arithmetic.
EARLIEST = date(1998, 7, 17)
LATEST = date(2100, 12, 31)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_PARTIAL_DAY = re.compile(r"\d{4}(-\d\d){0,2}")
_ABSENT = object()


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the data: where (file, record key, field) and what.

    A warning is reported but does not stop the data from loading (e.g. a file the tool ignores).
    A problem with a source (`sourcing`: on the deny-list, or with no address) is an error in
    the bundle and in an overlay, but not when an older release is read to re-run an answer on
    it: its sources were judged by the rules of its day, and no answer depends on them.
    """

    file: str
    record: str
    field: str
    message: str
    warning: bool = False
    sourcing: bool = False

    @property
    def where(self) -> str:
        """`file: record: field`, leaving out the parts that do not apply."""
        parts = [self.file, _short(self.record), self.field]
        return ": ".join(p for p in parts if p)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def records(raw: Mapping[str, Any], stem: str) -> list[Any]:
    doc = raw.get(stem)
    key = RECORD_FILES[stem][0]
    if isinstance(doc, dict) and isinstance(doc.get(key), list):
        return list(doc[key])
    return []


def _name_key(text: str) -> str:
    """How the suspect index keys a name: its words, variants unified, particles dropped, sorted."""
    from travelrisk.resolve.names import name_words

    return " ".join(sorted(name_words(text)))


def _strings(value: Any, where: str) -> Iterator[tuple[str, str]]:
    """Every text in `value` (keys included), with the dotted path to it."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for k, v in value.items():
            path = f"{where}.{k}" if where else str(k)
            if isinstance(k, str):
                yield path, k
            yield from _strings(v, path)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, f"{where}[{i}]")


def _hides(ch: str) -> bool:
    """A character that a terminal acts on instead of showing (line breaks and tabs aside)."""
    code = ord(ch)
    return (
        (code < 0x20 and ch not in "\n\t")
        or 0x7F <= code < 0xA0
        or (0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069)
    )


Values = dict[str, Any]  # a record's dates as checked (None where missing or bad), by field
Hook = Callable[["_Checker", str, str, dict[str, Any], str, Values], None]


class _Checker:
    def __init__(self, iso_codes: set[str]) -> None:
        self.iso_codes = iso_codes
        self.problems: list[Problem] = []
        self.raw: Mapping[str, Any] = {}
        self.deny: list[tuple[str, str]] = []  # (match, reason), from dataset.yaml's `deny:`
        self.source_ids: set[str] = set()  # the registry's (data/sources.yaml)
        self.situation_ids: set[str] = set()
        self.state_codes: set[str] = set()
        self.suspect_ids: set[str] = set()
        self.name_owners: dict[str, str] = {}  # a name's search key -> the suspect it names
        self.withdrawn: dict[str, date] = {}  # state -> the day its withdrawal took effect
        self.in_force: date | None = None  # the entry into force of the state being checked
        self.issue_dates: dict[int, date | None] = {}  # id(warrant) -> its issue, from events

    def add(
        self,
        file: str,
        record: str,
        field: str,
        message: str,
        warning: bool = False,
        sourcing: bool = False,
    ) -> None:
        self.problems.append(Problem(f"{file}.yaml", record, field, message, warning, sourcing))

    # -- field checks, from the schema -----------------------------------------------------------
    def record(
        self, file: str, rid: str, rec: dict[str, Any], spec: Record, prefix: str = ""
    ) -> Values:
        """Checks each field of `rec` as `spec` declares it, in order, reporting unknown fields
        where the schema says, and runs the cross-field rules that follow each field."""
        values: Values = {}
        checked = spec.checked
        for i, f in enumerate(checked):
            if i == spec.unknown_at:
                self.unknown_fields(file, rid, rec, spec, prefix)
            values[f.name] = self.field(file, rid, rec, f, prefix)
            hook = HOOKS.get((spec.name, f.name))
            if hook is not None:
                hook(self, file, rid, rec, prefix, values)
        if spec.unknown_at >= len(checked):
            self.unknown_fields(file, rid, rec, spec, prefix)
        return values

    def field(self, file: str, rid: str, rec: dict[str, Any], f: Field, prefix: str) -> Any:
        """Checks one field's type and shape; its value as checked (a date, if one)."""
        label = f"{prefix}{f.name}"
        required = f.required.holds(rec) if isinstance(f.required, When) else f.required is True
        kind = f.kind
        if kind in ("text", "notes"):
            self.text(file, rid, rec, f.name, required, label if prefix else "")
            if kind == "notes":
                self.note_wording(file, rid, label, rec.get(f.name))
        elif kind == "date":
            return self.day(file, rid, rec, f.name, required, label if prefix else "")
        elif kind == "code":
            if required or rec.get(f.name) is not None:
                self.code(file, rid, label, rec.get(f.name))
        elif kind == "codes":
            for code in self.string_list(file, rid, rec, f.name):
                self.code(file, rid, label, code)
        elif kind == "texts":
            for text in self.string_list(file, rid, rec, f.name):
                if f.choices and text not in f.choices:
                    self.add(file, rid, label, f"{text!r:.20} is not one of {', '.join(f.choices)}")
        elif kind == "choice":
            self.choice(file, rid, rec, f.name, set(f.choices), label)
        elif kind == "kind_choice":
            if rec.get(f.name) not in f.choices:
                self.add(file, rid, label, f"expected one of: {', '.join(f.choices)}")
        elif kind == "bool":
            if not isinstance(rec.get(f.name, True), bool):
                self.add(file, rid, label, "expected true or false")
        elif kind == "partial_date":
            value = rec.get(f.name)
            if value is not None and not (
                isinstance(value, date) or _PARTIAL_DAY.fullmatch(str(value))
            ):
                self.add(file, rid, label, "expected YYYY-MM-DD, YYYY-MM or YYYY")
        elif kind == "sources":
            if required or f.name in rec:
                self.sources(file, rid, rec)
        elif kind == "records":
            value = rec.get(f.name)
            if f.nonempty and (not isinstance(value, list) or not value):
                self.add(file, rid, label, f.nonempty)
            for item_label, item in self.mappings(file, rid, rec, f.name, f.shape, prefix):
                self.record(file, rid, item, RECORDS[f.item], f"{item_label}.")
        # `key`, `ref` and `custom` fields are checked by the rules below.
        return None

    def unknown_fields(
        self, file: str, rid: str, rec: dict[str, Any], spec: Record, prefix: str
    ) -> None:
        """Reports the keys of `rec` that a record of this kind does not have."""
        allowed = spec.names
        for key in rec:
            if not isinstance(key, str) or key not in allowed:
                self.add(
                    file,
                    rid,
                    f"{prefix}{printable(str(key)):.40}",
                    f"unknown field (expected: {', '.join(sorted(allowed))}){spec.unknown_hint}",
                    spec.unknown_warning,
                )

    def control_characters(self, raw: Mapping[str, Any]) -> None:
        """Text holding a control character (an ANSI escape, a carriage return, a bidirectional
        override) could rewrite what a terminal shows around it: refused, in any field."""
        for stem, (top, key) in RECORD_FILES.items():
            doc = raw.get(stem)
            if not (isinstance(doc, dict) and isinstance(doc.get(top), list)):
                continue
            for rec in doc[top]:
                rid = f"{rec.get(key)!s:.40}" if isinstance(rec, dict) else ""
                for where, text in _strings(rec, ""):
                    bad = next((c for c in text if _hides(c)), None)
                    if bad is not None:
                        self.add(
                            stem,
                            printable(rid),
                            printable(where),
                            f"holds a control character ({ascii(bad)}), which could rewrite what"
                            " a terminal shows",
                        )

    def text(
        self,
        file: str,
        rid: str,
        rec: dict[str, Any],
        name: str,
        required: bool = True,
        label: str = "",
    ) -> None:
        value = rec.get(name)
        if value is None:
            if required:
                self.add(file, rid, label or name, "missing (text expected)")
        elif not isinstance(value, str):
            self.add(file, rid, label or name, f"expected text, got {value!r:.60}")
        elif required and not value.strip():
            self.add(file, rid, label or name, "expected non-empty text")

    def day(
        self, file: str, rid: str, rec: dict[str, Any], name: str, required: bool, label: str = ""
    ) -> date | None:
        value = rec.get(name)
        where = label or name
        if value is None:
            if required:
                self.add(file, rid, where, "missing (date YYYY-MM-DD expected)")
            return None
        if isinstance(value, datetime):
            self.add(file, rid, where, f"expected a date without a time, got {value}")
            return None
        parsed = as_date(value)
        if parsed is None or (isinstance(value, str) and not _ISO_DAY.fullmatch(value)):
            self.add(file, rid, where, f"expected a date YYYY-MM-DD, got {value!r:.60}")
            return None
        if not EARLIEST <= parsed <= LATEST:
            self.add(
                file,
                rid,
                where,
                f"{parsed} is outside {EARLIEST} (the Statute's adoption) "
                f"to {LATEST}; a mistyped year?",
            )
            return None
        return parsed

    def code(self, file: str, rid: str, name: str, value: Any) -> None:
        if not isinstance(value, str) or value not in self.iso_codes:
            hint = " (quote it: YAML reads NO as false)" if isinstance(value, bool) else ""
            self.add(file, rid, name, f"not an ISO 3166-1 alpha-2 code: {value!r:.40}{hint}")

    def choice(
        self, file: str, rid: str, rec: dict[str, Any], name: str, allowed: set[str], label: str
    ) -> None:
        value = rec.get(name)
        if not isinstance(value, str) or value not in allowed:
            self.add(file, rid, label, f"{value!r:.40} is not one of {', '.join(sorted(allowed))}")

    def string_list(self, file: str, rid: str, rec: dict[str, Any], name: str) -> list[str]:
        value = rec.get(name, [])
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(file, rid, name, "expected a list of text")
            return []
        return list(value)

    def mappings(
        self, file: str, rid: str, rec: dict[str, Any], name: str, what: str, prefix: str = ""
    ) -> Iterator[tuple[str, dict[str, Any]]]:
        """(label, item) for each mapping in the optional list `name`, reporting the others."""
        value = rec.get(name) or []
        if not isinstance(value, list):
            self.add(file, rid, f"{prefix}{name}", "expected a list")
            return
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                self.add(file, rid, f"{prefix}{name}[{i}]", f"expected a mapping with {what}")
                continue
            yield f"{prefix}{name}[{i}]", item

    def note_wording(self, file: str, rid: str, where: str, note: Any) -> None:
        """Notes users see say what is known and not known, not how the record was compiled."""
        from travelrisk.data.quality import compiling_phrase

        phrase = compiling_phrase(note) if isinstance(note, str) else None
        if phrase:
            self.add(
                file,
                rid,
                where,
                f"says how the record was compiled ({phrase!r}): say what is known and what is "
                "not (e.g. 'no UN notice found')",
                warning=True,
            )

    # -- sources ----------------------------------------------------------------------------------
    def sources(self, file: str, rid: str, rec: dict[str, Any]) -> None:
        value = rec.get("sources")
        if not isinstance(value, list) or not value:
            self.add(file, rid, "sources", "every record needs at least one source")
            return
        citation = RECORDS["citation"]
        for i, src in enumerate(value):
            if isinstance(src, str) and src.strip():
                self.source_quality(file, rid, f"sources[{i}]", src, None)
                continue
            if isinstance(src, dict) and "id" in src:
                self.citation(file, rid, f"sources[{i}]", src)
                continue
            if not isinstance(src, dict) or not isinstance(src.get("title"), str):
                self.add(file, rid, f"sources[{i}]", "expected a mapping with a title (and url)")
                continue
            self.unknown_fields(file, rid, src, citation, f"sources[{i}].")
            if src.get("url") is not None and not isinstance(src.get("url"), str):
                self.add(file, rid, f"sources[{i}].url", "expected text")
            else:
                self.source_quality(file, rid, f"sources[{i}]", src["title"], src.get("url"))

    def citation(self, file: str, rid: str, where: str, src: dict[str, Any]) -> None:
        """A citation of the registry: `{id: ..., for: [facts]}`, the id one the registry has."""
        self.unknown_fields(file, rid, src, RECORDS["citation"], f"{where}.")
        sid = src.get("id")
        if not isinstance(sid, str) or sid not in self.source_ids:
            self.add(file, rid, f"{where}.id", f"no source {src.get('id')!r:.60} in sources.yaml")
        if "title" in src or "url" in src:
            self.add(file, rid, where, "a citation by id takes its title and url from sources.yaml")
        facts = src.get("for", [])
        if not isinstance(facts, list) or not all(isinstance(f, str) and f for f in facts):
            self.add(file, rid, f"{where}.for", "expected a list of the fields it establishes")

    def source_quality(self, file: str, rid: str, where: str, title: str, url: str | None) -> None:
        """A source's host is not denied; one without an address names a document number."""
        from travelrisk.data.quality import denied, names_document

        if url:
            reason = denied(url, self.deny)
            if reason:
                self.add(file, rid, f"{where}.url", f"on the deny-list: {reason}", sourcing=True)
        elif not names_document(title):
            self.add(
                file,
                rid,
                where,
                "no address: give a url, or a UN document symbol or ICC document number",
                sourcing=True,
            )

    def keyed(self, file: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """Yields (record key, record) for each well-formed record, reporting the others."""
        key_field = RECORD_FILES[file][1]
        seen: set[str] = set()
        for i, rec in enumerate(records(self.raw, file)):
            if not isinstance(rec, dict):
                self.add(file, f"record {i + 1}", "", "expected a mapping")
                continue
            key = rec.get(key_field)
            if not isinstance(key, str) or not key.strip():
                self.add(file, f"record {i + 1}", key_field, f"missing or not text: {key!r:.40}")
                continue
            if key in seen:
                self.add(file, key, key_field, "duplicate key: another record has it")
                continue
            seen.add(key)
            yield key, rec

    # -- files --------------------------------------------------------------------------------
    def run(self, raw: Mapping[str, Any]) -> list[Problem]:
        self.raw = raw
        for stem in REQUIRED_FILES:
            if raw.get(stem) is None:
                self.add(stem, "", "", "file missing or empty")
        for stem, (top, _) in RECORD_FILES.items():
            doc = raw.get(stem)
            if stem not in raw:
                continue
            if not (isinstance(doc, dict) and isinstance(doc.get(top), list)):
                self.add(stem, "", top, f"expected a top-level '{top}:' list")
                continue
            extra = {top, *FILES[stem].extra}
            for key in doc:
                if not isinstance(key, str) or key not in FILE_KEYS | extra:
                    self.add(
                        stem,
                        "",
                        f"{key!s:.40}",
                        f"unknown top-level key (expected: {', '.join(sorted(FILE_KEYS | extra))})",
                    )
        self.control_characters(raw)
        self.dataset(raw.get("dataset"))
        # The registry first, and the keys that other files' records refer to.
        self.source_ids = {key for key, _ in self.keyed("sources")} if "sources" in raw else set()
        self.records_of("sources")
        self.situation_ids = {k for k, _ in self.keyed("situations")}
        self.withdrawn = self._effective_withdrawals()
        for stem in ("states_parties", "situations", "warrants", "territories", "obligations"):
            self.records_of(stem)
        self.records_of("compliance")
        self.records_of("place_names")
        self.ambiguous_names()
        return list(dict.fromkeys(self.problems))  # keyed() runs twice over some files

    def records_of(self, stem: str) -> None:
        if stem == "sources" and stem not in self.raw:
            return
        spec = RECORDS[FILES[stem].record]
        for key, rec in self.keyed(stem):
            self.record(stem, key, rec, spec)

    def dataset(self, doc: Any) -> None:
        if doc is None:
            return
        if not isinstance(doc, dict):
            self.add("dataset", "", "", "expected a mapping with version and as_of")
            return
        self.record("dataset", "", doc, RECORDS["dataset"])

    # -- rules across fields and records, each run after the field named in HOOKS ---------------
    def deny_rule(self, f: str, rid: str, rule: dict[str, Any], prefix: str, v: Values) -> None:
        if isinstance(rule.get("match"), str) and isinstance(rule.get("reason"), str):
            if rule["match"].strip() and rule["reason"].strip():
                self.deny.append((rule["match"].strip(), rule["reason"].strip()))

    def registry_entry(self, f: str, key: str, rec: dict[str, Any], prefix: str, v: Values) -> None:
        """A registry entry's `via` is another entry; its address is not denied, and one without
        an address names a document."""
        from travelrisk.data.quality import denied, names_document

        read = rec.get("read", True)
        via = rec.get("via")
        if read is False and via is None:
            self.add("sources", key, "via", "a page not read needs the id of one that quotes it")
        if via is not None and (not isinstance(via, str) or via not in self.source_ids - {key}):
            self.add("sources", key, "via", f"no other source {via!r:.60} in sources.yaml")
        url, document = rec.get("url"), rec.get("document")
        if isinstance(url, str) and url:
            reason = denied(url, self.deny)
            if reason:
                self.add("sources", key, "url", f"on the deny-list: {reason}", sourcing=True)
        elif (
            not (isinstance(document, str) and document.strip())
            and not names_document(str(rec.get("title", "")))
            and not (read is False and via)  # the page that quotes it has an address
        ):
            self.add(
                "sources", key, "url", "no address: give a url or a document number", sourcing=True
            )

    def state_code(self, f: str, code: str, rec: dict[str, Any], prefix: str, v: Values) -> None:
        self.state_codes.add(code)

    def state_dates(self, f: str, code: str, rec: dict[str, Any], prefix: str, v: Values) -> None:
        """Signature, deposit and entry into force in order, and art. 126(2)."""
        excused = bool(rec.get("exception"))
        signed, deposit = v["signature"], v["deposit"]
        in_force, pulled = v["entry_into_force"], v["instrument_withdrawn"]
        self.in_force = in_force  # for its withdrawals, checked next
        if signed and deposit and signed > deposit and not excused:
            self.add(
                f,
                code,
                "signature",
                f"{signed} is after the deposit ({deposit}), and no 'exception' says why",
            )
        if deposit and in_force and in_force < deposit and not excused:
            self.add(f, code, "entry_into_force", "before deposit, and no 'exception' says why")
        if in_force is None and pulled is None:
            self.add(
                f,
                code,
                "entry_into_force",
                "missing; only an instrument withdrawn "
                "before entry into force (instrument_withdrawn) may leave it empty",
            )
        if pulled and deposit and pulled < deposit:
            self.add(f, code, "instrument_withdrawn", "before the instrument was deposited")
        if pulled and in_force and not excused:
            self.add(
                f,
                code,
                "instrument_withdrawn",
                "an instrument withdrawn before entry "
                "into force never entered into force: leave entry_into_force empty",
            )
        if deposit and in_force and not excused:
            expected = rules.entry_into_force(deposit)
            if in_force != expected:
                self.add(
                    f,
                    code,
                    "entry_into_force",
                    f"{in_force} departs from art. 126(2) ({expected} for a deposit on "
                    f"{deposit}) and no 'exception' explains it",
                )

    def withdrawal(self, f: str, code: str, w: dict[str, Any], name: str, v: Values) -> None:
        """A withdrawal takes effect a year after notification (art. 127(1)), and a revocation
        comes between the two."""
        notified, effective, revoked = v["notified"], v["effective"], v["revoked"]
        in_force = self.in_force
        if notified and effective and effective != rules.withdrawal_effective(notified):
            self.add(
                f,
                code,
                f"{name}effective",
                f"{effective} is not one year after notification {notified} (art. 127(1))",
            )
        if revoked and effective and revoked >= effective:
            self.add(
                f,
                code,
                f"{name}revoked",
                "a revocation after the withdrawal took effect cannot undo it",
            )
        if revoked and notified and revoked < notified:
            self.add(f, code, f"{name}revoked", "revoked before it was notified")
        if notified and in_force and notified < in_force and revoked is None:
            self.add(f, code, f"{name}notified", "notified before entry into force")

    def situation_dates(self, f: str, sid: str, rec: dict[str, Any], p: str, v: Values) -> None:
        pe, inv = v["preliminary_examination_opened"], v["investigation_opened"]
        if pe and inv and inv < pe:
            self.add(f, sid, "investigation_opened", "before the preliminary examination opened")

    def suspect_situation(self, f: str, sid: str, rec: dict[str, Any], p: str, v: Values) -> None:
        self.suspect_ids.add(sid)
        situation = rec.get("situation")
        if not isinstance(situation, str) or situation not in self.situation_ids:
            known = ", ".join(sorted(self.situation_ids))
            self.add(f, sid, "situation", f"unknown situation {situation!r:.40} (known: {known})")

    def suspect_names(self, f: str, sid: str, rec: dict[str, Any], p: str, v: Values) -> None:
        """No name form (id, name or alias, compared as the search compares them) names two
        people."""
        aliases = rec.get("aliases")
        names = [sid]
        if isinstance(aliases, list) and all(isinstance(a, str) for a in aliases):
            names += aliases
        if isinstance(rec.get("name"), str):
            names.append(rec["name"])
        for alias in names:
            key = _name_key(alias)
            if not key:
                self.add(f, sid, "aliases", f"{alias!r:.40} has no letters to match on")
                continue
            other = self.name_owners.setdefault(key, sid)
            if other != sid:
                self.add(f, sid, "aliases", f"{alias!r:.40} also names {other}")

    def warrant_issued(self, f: str, sid: str, w: dict[str, Any], name: str, v: Values) -> None:
        """A warrant's issue date is stored once, as its warrant_issued event: an `issued` that
        an older file still gives must agree with it, and is then only redundant."""
        if "issued" not in w:
            return
        given = self.day(f, sid, w, "issued", False, f"{name}issued")
        v["issued"] = derived = self.issue_dates.get(id(w))
        if given is None and w.get("issued") is not None:
            return  # reported as a bad date
        if given != derived:
            said = f"the day is not known ({derived} at the latest)" if derived else "none"
            self.add(
                f,
                sid,
                f"{name}issued",
                f"{given} disagrees with the warrant's warrant_issued event ({said}): the issue "
                "date is stored once, as the event; drop `issued`",
            )
        else:
            self.add(
                f,
                sid,
                f"{name}issued",
                "the issue date is stored once, as the warrant's warrant_issued event: drop "
                "`issued`",
                warning=True,
            )

    def warrant_public(self, f: str, sid: str, w: dict[str, Any], name: str, v: Values) -> None:
        issued, public = v.get("issued") or self.issue_dates.get(id(w)), v["public"]
        if issued and public and public < issued:
            self.add(f, sid, f"{name}public", "made public before it was issued")

    def suspect_warrants(self, f: str, sid: str, rec: dict[str, Any], p: str, v: Values) -> None:
        """Before the warrants are checked: the day each was issued, from the events."""
        from travelrisk.law.model import issue_dates

        warrants, events = _list(rec, "warrants"), _list(rec, "events")
        parsed = [
            (day, e["type"])
            for e in events
            if isinstance(e, dict)
            and isinstance(e.get("type"), str)
            and (day := _valid_day(e.get("date"))) is not None
        ]
        self.issue_dates = {
            id(w): d
            for w, d in zip(warrants, issue_dates(parsed), strict=False)
            if isinstance(w, dict)
        }

    def events(self, f: str, sid: str, rec: dict[str, Any], p: str, v: Values) -> None:
        """The status history: in date order, with a warrant_issued event for each warrant."""
        spec = RECORDS["event"]
        events = rec.get("events")
        if not isinstance(events, list) or not events:
            self.add(f, sid, "events", RECORDS["suspect"].field("events").nonempty)
            return
        last: date | None = None
        issued_events = 0
        for name, e in self.mappings(f, sid, rec, "events", "date and type"):
            when = self.record(f, sid, e, spec, f"{name}.")["date"]
            issued_events += e.get("type") == "warrant_issued"
            if when and last and when < last:
                self.add(f, sid, f"{name}.date", "events are not in date order")
            last = when or last
        warrants = rec.get("warrants")
        if not issued_events:
            self.add(f, sid, "events", "no warrant_issued event")
        elif isinstance(warrants, list) and warrants and issued_events != len(warrants):
            self.add(
                f,
                sid,
                "events",
                f"{issued_events} warrant_issued events for {len(warrants)} warrants: each "
                "warrant's issue is its own warrant_issued event",
            )

    def office_dates(self, f: str, sid: str, o: dict[str, Any], name: str, v: Values) -> None:
        if v["from"] and v["until"] and v["until"] < v["from"]:
            self.add(f, sid, f"{name}until", "before the office began")

    def territory_code(self, f: str, code: str, rec: dict[str, Any], p: str, v: Values) -> None:
        if code in self.state_codes:
            self.add(
                f,
                code,
                "code",
                "also a record in states_parties.yaml: a place is a state or a territory, not both",
            )

    def territory_from(self, f: str, code: str, rec: dict[str, Any], p: str, v: Values) -> None:
        if v["from"] and rec.get("coverage") != "extended":
            self.add(f, code, "from", "only an 'extended' coverage has a start date")

    def territory_sovereign(
        self, f: str, code: str, rec: dict[str, Any], p: str, v: Values
    ) -> None:
        coverage = rec.get("coverage") if isinstance(rec.get("coverage"), str) else None
        sovereign = rec.get("sovereign")
        if coverage in {"follows_sovereign", "extended"} and not sovereign:
            self.add(f, code, "sovereign", "coverage through a sovereign needs its code")
        if (
            coverage == "extended"
            and isinstance(sovereign, str)
            and sovereign not in self.state_codes
        ):
            self.add(
                f,
                code,
                "sovereign",
                f"{sovereign!r:.40} is not in states_parties.yaml; "
                "only a State party can extend the Statute to a territory",
            )

    def continuing_duty(self, f: str, oid: str, rec: dict[str, Any], p: str, v: Values) -> None:
        """An art. 127(2) duty starts the day an unrevoked withdrawal took effect."""
        state = rec.get("state")
        if rec.get("basis") != "continuing_duty":
            return
        effective = self.withdrawn.get(state) if isinstance(state, str) else None
        if effective is None:
            self.add(
                f,
                oid,
                "state",
                "an art. 127(2) duty needs a withdrawal that took "
                "effect (not revoked) in states_parties.yaml",
            )
        elif as_date(rec.get("from")) != effective:
            self.add(f, oid, "from", f"should be the day the withdrawal took effect, {effective}")

    def obligation_situations(
        self, f: str, oid: str, rec: dict[str, Any], p: str, v: Values
    ) -> None:
        situations = rec.get("situations")
        if isinstance(situations, list) and all(isinstance(s, str) for s in situations):
            for s in situations:
                if s not in self.situation_ids:
                    self.add(f, oid, "situations", f"unknown situation {s!r:.40}")

    def obligation_dates(self, f: str, oid: str, rec: dict[str, Any], p: str, v: Values) -> None:
        if v["from"] and v["until"] and v["until"] < v["from"]:
            self.add(f, oid, "until", "ends before it starts")

    def _effective_withdrawals(self) -> dict[str, date]:
        out: dict[str, date] = {}
        for rec in records(self.raw, "states_parties"):
            if not isinstance(rec, dict) or not isinstance(rec.get("withdrawals"), list):
                continue
            for w in rec["withdrawals"]:
                effective = as_date(w.get("effective")) if isinstance(w, dict) else None
                if effective and w.get("revoked") is None:
                    out[str(rec.get("code"))] = effective
        return out

    def finding_suspect(self, f: str, fid: str, rec: dict[str, Any], p: str, v: Values) -> None:
        suspect = rec.get("suspect")
        if not isinstance(suspect, str) or suspect not in self.suspect_ids:
            self.add(f, fid, "suspect", f"unknown suspect {suspect!r:.40}")

    def finding_dates(self, f: str, fid: str, rec: dict[str, Any], p: str, v: Values) -> None:
        start, end, decided = v["visit_from"], v["visit_to"], v["decision"]
        if start and end and end < start:
            self.add(f, fid, "visit_to", "before visit_from")
        if decided and start and decided < start:
            self.add(f, fid, "decision", "before the visit")

    def place_name(self, f: str, name: str, rec: dict[str, Any], p: str, v: Values) -> None:
        from travelrisk.resolve.names import normalize

        if not normalize(name):
            self.add(f, name, "name", "has no letters or digits to match on")

    def ambiguous_names(self) -> None:
        f = "place_names"
        doc = self.raw.get(f)
        if not isinstance(doc, dict):
            return
        ambiguous = doc.get("ambiguous") or []
        if not isinstance(ambiguous, list):
            self.add(f, "", "ambiguous", "expected a list of {name, codes}")
            return
        for i, amb in enumerate(ambiguous):
            if not isinstance(amb, dict) or not isinstance(amb.get("name"), str):
                self.add(f, f"ambiguous[{i}]", "name", "expected a mapping with name and codes")
                continue
            self.record(f, amb["name"], amb, RECORDS["ambiguous"])

    def ambiguous_codes(self, f: str, name: str, amb: dict[str, Any], p: str, v: Values) -> None:
        codes = amb.get("codes")
        if not isinstance(codes, list) or len(codes) < 2:
            self.add(f, name, "codes", "an ambiguous name needs two or more codes")
            return
        for code in codes:
            self.code(f, name, "codes", code)


def _list(rec: dict[str, Any], name: str) -> list[Any]:
    value = rec.get(name)
    return value if isinstance(value, list) else []


def _valid_day(value: Any) -> date | None:
    """`value` as a date if it is one the checks accept, else None (reported where checked)."""
    if isinstance(value, datetime) or (isinstance(value, str) and not _ISO_DAY.fullmatch(value)):
        return None
    parsed = as_date(value)
    return parsed if parsed is not None and EARLIEST <= parsed <= LATEST else None


# The rules across fields and records, by (record type, field): each runs once that field of a
# record is checked, so that every problem of a record is reported in the order of its fields.
HOOKS: dict[tuple[str, str], Hook] = {
    ("deny", "reason"): _Checker.deny_rule,
    ("source", "read"): _Checker.registry_entry,
    ("state", "code"): _Checker.state_code,
    ("state", "instrument_withdrawn"): _Checker.state_dates,
    ("withdrawal", "revoked"): _Checker.withdrawal,
    ("situation", "investigation_opened"): _Checker.situation_dates,
    ("suspect", "situation"): _Checker.suspect_situation,
    ("suspect", "aliases"): _Checker.suspect_names,
    ("suspect", "sort_as"): _Checker.suspect_warrants,  # before its warrants are checked
    ("suspect", "events"): _Checker.events,
    ("warrant", "issued"): _Checker.warrant_issued,
    ("warrant", "public"): _Checker.warrant_public,
    ("office", "until"): _Checker.office_dates,
    ("territory", "sovereign"): _Checker.territory_code,
    ("territory", "from"): _Checker.territory_from,
    ("territory", "reason"): _Checker.territory_sovereign,
    ("obligation", "id"): _Checker.continuing_duty,
    ("obligation", "situations"): _Checker.obligation_situations,
    ("obligation", "until"): _Checker.obligation_dates,
    ("finding", "suspect"): _Checker.finding_suspect,
    ("finding", "decision"): _Checker.finding_dates,
    ("place_name", "note"): _Checker.place_name,
    ("ambiguous", "codes"): _Checker.ambiguous_codes,
}


def iso_codes() -> set[str]:
    """Every ISO 3166-1 alpha-2 code, plus the user-assigned ones places know (XK, XS)."""
    import pycountry

    from travelrisk.resolve.places import USER_ASSIGNED_CODES

    return {c.alpha_2 for c in pycountry.countries} | USER_ASSIGNED_CODES


def validate(raw: Mapping[str, Any], codes: Iterable[str] | None = None) -> list[Problem]:
    """Every problem in the raw data files, each with its file, record and field."""
    return _Checker(set(codes) if codes is not None else iso_codes()).run(raw)


# -- overlays and folders -------------------------------------------------------------------------
def merge_and_validate(
    bundle: Mapping[str, Any],
    overlay: Mapping[str, tuple[str, Any]],
    codes: Iterable[str] | None = None,
) -> tuple[dict[str, Any], list[str], list[Problem]]:
    """The bundle with overlay documents merged on, what changed, and every problem found.

    `overlay` maps a file stem to (the overlay file's path, its parsed document). Records are
    added, or replace the bundle's by key. A problem in a record the overlay brings is reported
    under the overlay file's path; records the overlay cannot contribute (no key, a repeated key,
    not a mapping) are reported and left out of the merge. Never raises for bad content.
    """
    from travelrisk.data.files import merge_overlay

    problems: list[Problem] = []
    usable: dict[str, Any] = {}
    brought: dict[str, tuple[str, set[str]]] = {}  # stem -> (path, keys of records it brings)
    for stem, (path, doc) in overlay.items():
        if doc is None:
            continue  # empty, or only comments: adds nothing
        if stem == "dataset":
            if not isinstance(doc, dict):
                problems.append(Problem(path, "", "", "expected a mapping (version, as_of)"))
                continue
            usable[stem] = doc
            brought[stem] = (path, {str(k) for k in doc})
            continue
        top, key_field = RECORD_FILES[stem]
        if not isinstance(doc, dict) or not isinstance(doc.get(top), list):
            problems.append(
                Problem(path, "", top, f"expected a top-level '{top}:' list of records")
            )
            continue
        allowed = FILE_KEYS | {top, *FILES[stem].extra}
        for extra in doc:
            if extra not in allowed:
                problems.append(
                    Problem(
                        path,
                        "",
                        f"{extra!s:.40}",
                        f"unknown top-level key (expected: {', '.join(sorted(allowed))})",
                    )
                )
        kept: list[dict[str, Any]] = []
        keys: set[str] = set()
        for i, rec in enumerate(doc[top]):
            if not isinstance(rec, dict):
                problems.append(Problem(path, f"record {i + 1}", "", "expected a mapping"))
                continue
            key = rec.get(key_field)
            if not isinstance(key, str) or not key.strip():
                problems.append(
                    Problem(path, f"record {i + 1}", key_field, f"missing or not text: {key!r:.40}")
                )
                continue
            if key in keys:
                problems.append(
                    Problem(
                        path, key, key_field, "duplicate key: the file has another record for it"
                    )
                )
                continue
            keys.add(key)
            kept.append(rec)
        if "ambiguous" in FILES[stem].extra and isinstance(doc.get("ambiguous"), list):
            keys |= {
                a["name"]
                for a in doc["ambiguous"]
                if isinstance(a, dict) and isinstance(a.get("name"), str)
            }
        usable[stem] = {k: v for k, v in doc.items() if k in allowed} | {top: kept}
        brought[stem] = (path, keys)
    merged, changed = merge_overlay(dict(bundle), usable)
    for p in validate(merged, codes):
        stem = p.file.removesuffix(".yaml")
        path, keys = brought.get(stem, ("", set()))
        mine = p.record in keys if p.record else stem == "dataset" and p.field in keys
        problems.append(replace(p, file=path) if path and mine else p)
    return merged, changed, list(dict.fromkeys(problems))


@dataclass(frozen=True)
class Report:
    """What `check_data` found: every problem, and what the (merged) data holds."""

    data_dir: str | None
    problems: tuple[Problem, ...]
    counts: dict[str, int] = field(default_factory=dict)  # records per file stem
    changed: tuple[str, ...] = ()  # what the overlay added or replaced
    version: str | None = None
    as_of: date | None = None

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.warning)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.warning)

    @property
    def ok(self) -> bool:
        """True when the data would load: no problems other than warnings."""
        return not self.errors


def check_data(
    data_dir: str | os.PathLike[str] | None = None, codes: Iterable[str] | None = None
) -> Report:
    """Checks the bundled data, or an overlay folder on top of it, reading every file from disk.

    Each file is checked on its own (a file, readable, not too large, UTF-8, safe YAML without
    repeated keys, the expected top-level shape; in a folder, `.yaml`/`.yml` files the tool would
    ignore are reported as warnings), then the merged data against the schema and cross-record
    rules. Reports every problem; never raises for bad content, and never uses the cache.
    """
    from travelrisk.data import files
    from travelrisk.errors import DataError, TravelriskError

    problems: list[Problem] = []
    bundle: dict[str, Any] = {}
    for stem in FILE_STEMS:
        name = f"{stem}.yaml"
        if not os.path.lexists(os.path.join(files.bundled_dir(), name)):
            continue  # validation reports the files the data needs
        try:
            bundle[stem] = files.bundled_document(stem)
        except DataError as exc:
            problems += [Problem(name, "", "", p.removeprefix(f"{name}: ")) for p in exc.problems]
        except TravelriskError as exc:
            problems.append(Problem(name, "", "", str(exc)))
    overlay: dict[str, tuple[str, Any]] = {}
    bundle_unreadable = bool(problems)
    if data_dir is not None:
        problems += _read_overlay(os.fspath(data_dir), overlay)
    merged, changed, found = merge_and_validate(bundle, overlay, codes)
    if bundle_unreadable:  # rules across files would only echo the unreadable file
        found = [p for p in found if p.file not in {f"{s}.yaml" for s in FILE_STEMS}]
    meta = merged.get("dataset")
    meta = meta if isinstance(meta, dict) else {}
    return Report(
        data_dir=os.fspath(data_dir) if data_dir is not None else None,
        problems=tuple(dict.fromkeys(problems + found)),
        counts={stem: len(records(merged, stem)) for stem in RECORD_FILES},
        changed=tuple(changed),
        version=str(meta["version"]) if meta.get("version") is not None else None,
        as_of=as_date(meta.get("as_of")),
    )


def check_folder(
    data_dir: str | os.PathLike[str], codes: Iterable[str] | None = None
) -> list[Problem]:
    """Every problem in an overlay folder, checked on its own and on top of the bundle."""
    return list(check_data(data_dir, codes).problems)


def _read_document(path: str, name: str) -> tuple[Any, list[Problem]]:
    from travelrisk.data.files import read_data_file, yaml_document
    from travelrisk.errors import TravelriskError

    try:
        content = read_data_file(path)
    except TravelriskError as exc:  # the problem names the file: say the rest once
        message = str(exc).replace(f"{path}: ", "").replace(f" {path}", "").replace(path, "")
        return None, [Problem(name, "", "", message.strip())]
    doc, found = yaml_document(content)
    return doc, [Problem(name, "", "", message) for message in found]


def _read_overlay(folder: str, overlay: dict[str, tuple[str, Any]]) -> list[Problem]:
    """Reads the data files in `folder` into `overlay`; the problems with the files themselves."""
    if not os.path.isdir(folder):
        return [Problem(folder, "", "", "does not exist or is not a folder")]
    try:
        names = sorted(os.listdir(folder))
    except OSError as exc:
        return [Problem(folder, "", "", f"cannot list the folder: {exc.strerror or exc}")]
    expected = ", ".join(f"{s}.yaml" for s in FILE_STEMS)
    problems: list[Problem] = []
    for name in names:
        stem, ext = os.path.splitext(name)
        path = os.path.join(folder, name)
        if ext.lower() not in (".yaml", ".yml") or name.startswith("."):
            continue
        if ext != ".yaml" or stem not in FILE_STEMS:
            hint = f"rename it {stem}.yaml" if stem in FILE_STEMS else f"data files are {expected}"
            problems.append(
                Problem(path, "", "", f"ignored: not a data file name ({hint})", warning=True)
            )
            continue
        if not os.path.exists(path):
            problems.append(Problem(path, "", "", "ignored: a link to nothing", warning=True))
            continue
        doc, found = _read_document(path, path)
        problems += found
        if not found:
            overlay[stem] = (path, doc)
    if not any(os.path.exists(os.path.join(folder, f"{s}.yaml")) for s in FILE_STEMS):
        problems.append(Problem(folder, "", "", f"holds none of the data files ({expected})"))
    return problems


# -- reporting --------------------------------------------------------------------------------
COUNT_LABELS = {stem: f.label for stem, f in FILES.items()}


def problem_dict(p: Problem) -> dict[str, str]:
    """A problem as JSON-ready data (stable field names)."""
    severity = "warning" if p.warning else "error"
    return {
        "file": p.file,
        "record": p.record,
        "field": p.field,
        "message": p.message,
        "severity": severity,
    }


def report_dict(report: Report) -> dict[str, Any]:
    """A report as JSON-ready data: ok, what was checked, counts, overlay changes, problems."""
    return {
        "ok": report.ok,
        "data_dir": report.data_dir,
        "version": report.version,
        "as_of": report.as_of.isoformat() if report.as_of else None,
        "counts": {COUNT_LABELS[k].replace(" ", "_"): v for k, v in report.counts.items()},
        "overlay": list(report.changed),
        "problems": [problem_dict(p) for p in report.problems],
    }


def report_lines(report: Report) -> Iterator[str]:
    """A report for people: one line per problem (warnings marked), then, if the data would
    load, a one-line OK summary with counts."""
    for p in report.problems:
        yield f"{p.where}: warning: {p.message}" if p.warning else str(p)
    if not report.ok:
        return
    what = f"overlay {report.data_dir} on the bundled data" if report.data_dir else "bundled data"
    counts = ", ".join(f"{n} {COUNT_LABELS[k]}" for k, n in report.counts.items())
    version = f" {report.version}" if report.version else ""
    as_of = f" (as of {report.as_of})" if report.as_of else ""
    n = len(report.changed)
    changed = f"; {n} change{'s' * (n != 1)} from the overlay" if report.data_dir else ""
    warnings = len(report.warnings)
    noted = f"; {warnings} warning{'s' * (warnings != 1)}" if warnings else ""
    yield f"OK: {what}{version}{as_of}: {counts}{changed}{noted}"
