"""Checks the raw data files against the schema and the cross-record rules.

Works on the plain structures YAML gives (dicts, lists, strings, dates) so that it can report every
problem with its file, record and field, instead of failing on the first one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from . import rules
from .rules import as_date
from .names import normalize

# file stem -> (top-level key, key field of a record)
RECORD_FILES: dict[str, tuple[str, str]] = {
    "states_parties": ("states", "code"),
    "situations": ("situations", "id"),
    "warrants": ("suspects", "id"),
    "territories": ("territories", "code"),
    "obligations": ("obligations", "id"),
    "compliance": ("findings", "id"),
    "place_names": ("aliases", "name"),
}
REQUIRED_FILES = ("dataset", "states_parties", "situations", "warrants")

INSTRUMENTS = {"ratification", "accession", "acceptance", "approval", "succession"}
TRIGGERS = {"state_referral", "unsc_referral", "proprio_motu"}
COVERAGES = {"follows_sovereign", "extended", "excluded", "uncertain", "none"}
OBLIGATION_BASES = {"referral", "declaration", "continuing_duty"}
OUTCOMES = {"non_compliance_found", "no_finding", "pending"}
REFERRALS = {"asp", "unsc"}


@dataclass(frozen=True)
class Problem:
    file: str
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.record:
            where += f": {self.record}"
        if self.field:
            where += f": {self.field}"
        return f"{where}: {self.message}"


def records(raw: dict[str, Any], stem: str) -> list[Any]:
    doc = raw.get(stem)
    key = RECORD_FILES[stem][0]
    if isinstance(doc, dict) and isinstance(doc.get(key), list):
        return list(doc[key])
    return []


class _Checker:
    def __init__(self, iso_codes: set[str]) -> None:
        self.iso_codes = iso_codes
        self.problems: list[Problem] = []

    def add(self, file: str, record: str, field: str, message: str) -> None:
        self.problems.append(Problem(f"{file}.yaml", record, field, message))

    # -- field checks -------------------------------------------------------------------------
    def text(self, file: str, rid: str, rec: dict[str, Any], name: str, required: bool = True) -> None:
        value = rec.get(name)
        if value is None:
            if required:
                self.add(file, rid, name, "missing (text expected)")
        elif not isinstance(value, str) or not value.strip():
            self.add(file, rid, name, f"expected non-empty text, got {value!r:.60}")

    def day(self, file: str, rid: str, rec: dict[str, Any], name: str, required: bool) -> date | None:
        value = rec.get(name)
        if value is None:
            if required:
                self.add(file, rid, name, "missing (date YYYY-MM-DD expected)")
            return None
        parsed = as_date(value)
        if parsed is None or isinstance(value, bool):
            self.add(file, rid, name, f"expected a date YYYY-MM-DD, got {value!r:.60}")
            return None
        return parsed

    def code(self, file: str, rid: str, name: str, value: Any) -> None:
        if not isinstance(value, str) or value not in self.iso_codes:
            hint = " (quote it: YAML reads NO as false)" if isinstance(value, bool) else ""
            self.add(file, rid, name, f"not an ISO 3166-1 alpha-2 code: {value!r:.40}{hint}")

    def choice(self, file: str, rid: str, rec: dict[str, Any], name: str, allowed: set[str]) -> None:
        value = rec.get(name)
        if value not in allowed:
            self.add(file, rid, name, f"{value!r:.40} is not one of {', '.join(sorted(allowed))}")

    def sources(self, file: str, rid: str, rec: dict[str, Any]) -> None:
        value = rec.get("sources")
        if not isinstance(value, list) or not value:
            self.add(file, rid, "sources", "every record needs at least one source")
            return
        for i, src in enumerate(value):
            if isinstance(src, str) and src.strip():
                continue
            if not isinstance(src, dict) or not isinstance(src.get("title"), str):
                self.add(file, rid, f"sources[{i}]", "expected a mapping with a title (and url)")
            elif src.get("url") is not None and not isinstance(src.get("url"), str):
                self.add(file, rid, f"sources[{i}].url", "expected text")

    def string_list(self, file: str, rid: str, rec: dict[str, Any], name: str) -> list[str]:
        value = rec.get(name, [])
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(file, rid, name, "expected a list of text")
            return []
        return list(value)

    def keyed(self, file: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """Yields (record key, record) for each well-formed record, reporting the others."""
        key_field = RECORD_FILES[file][1]
        seen: set[str] = set()
        for i, rec in enumerate(records(self.raw, file)):
            if not isinstance(rec, dict):
                self.add(file, f"record {i + 1}", "", "expected a mapping")
                continue
            key = rec.get(key_field)
            if not isinstance(key, str) or not key:
                self.add(file, f"record {i + 1}", key_field, f"missing or not text: {key!r:.40}")
                continue
            if key in seen:
                self.add(file, key, key_field, "duplicate key")
                continue
            seen.add(key)
            yield key, rec

    # -- files --------------------------------------------------------------------------------
    def run(self, raw: dict[str, Any]) -> list[Problem]:
        self.raw = raw
        for stem in REQUIRED_FILES:
            if stem not in raw:
                self.add(stem, "", "", "file missing")
        for stem, (top, _) in RECORD_FILES.items():
            doc = raw.get(stem)
            if stem in raw and not (isinstance(doc, dict) and isinstance(doc.get(top), list)):
                self.add(stem, "", top, f"expected a top-level '{top}:' list")
        self.dataset(raw.get("dataset"))
        situations = {k for k, _ in self.keyed("situations")}
        self.states()
        self.situations()
        suspects = self.warrants(situations)
        self.territories()
        self.obligations(situations)
        self.compliance(suspects)
        self.place_names()
        return self.problems

    def dataset(self, doc: Any) -> None:
        if doc is None:
            return
        if not isinstance(doc, dict):
            self.add("dataset", "", "", "expected a mapping with version and as_of")
            return
        self.text("dataset", "", doc, "version")
        self.day("dataset", "", doc, "as_of", required=True)

    def states(self) -> None:
        f = "states_parties"
        for code, rec in self.keyed(f):
            self.code(f, code, "code", code)
            self.text(f, code, rec, "name")
            self.choice(f, code, rec, "instrument", INSTRUMENTS)
            self.sources(f, code, rec)
            signed = self.day(f, code, rec, "signature", required=False)
            deposit = self.day(f, code, rec, "deposit", required=True)
            in_force = self.day(f, code, rec, "entry_into_force", required=False)
            pulled = self.day(f, code, rec, "instrument_withdrawn", required=False)
            if signed and deposit and signed > deposit and rec.get("instrument") == "ratification":
                self.add(f, code, "signature", "signed after the ratification was deposited")
            if deposit and in_force and in_force < deposit and not rec.get("exception"):
                self.add(f, code, "entry_into_force", "before deposit, and no 'exception' says why")
            if in_force is None and pulled is None:
                self.add(f, code, "entry_into_force", "missing; only an instrument withdrawn "
                         "before entry into force (instrument_withdrawn) may leave it empty")
            if deposit and in_force and not rec.get("exception"):
                expected = rules.entry_into_force(deposit)
                if in_force != expected:
                    self.add(f, code, "entry_into_force",
                             f"{in_force} departs from art. 126(2) ({expected} for a deposit on "
                             f"{deposit}) and no 'exception' explains it")
            withdrawals = rec.get("withdrawals") or []
            if not isinstance(withdrawals, list):
                self.add(f, code, "withdrawals", "expected a list")
                withdrawals = []
            for i, w in enumerate(withdrawals):
                name = f"withdrawals[{i}]"
                if not isinstance(w, dict):
                    self.add(f, code, name, "expected a mapping with notified and effective")
                    continue
                notified = self.day(f, code, w, "notified", required=True)
                effective = self.day(f, code, w, "effective", required=True)
                revoked = self.day(f, code, w, "revoked", required=False)
                if notified and effective and effective != rules.withdrawal_effective(notified):
                    self.add(f, code, f"{name}.effective",
                             f"{effective} is not one year after notification {notified} (art. 127(1))")
                if revoked and effective and revoked >= effective:
                    self.add(f, code, f"{name}.revoked", "a revocation after the withdrawal took "
                             "effect cannot undo it")
                if revoked and notified and revoked < notified:
                    self.add(f, code, f"{name}.revoked", "revoked before it was notified")
                if notified and in_force and notified < in_force and revoked is None:
                    self.add(f, code, f"{name}.notified", "notified before entry into force")
            announcements = rec.get("announcements") or []
            if not isinstance(announcements, list):
                self.add(f, code, "announcements", "expected a list")
            else:
                for i, a in enumerate(announcements):
                    if not isinstance(a, dict):
                        self.add(f, code, f"announcements[{i}]", "expected a mapping with date, note")
                        continue
                    self.day(f, code, a, "date", required=True)
            self.string_list(f, code, rec, "unverified")

    def situations(self) -> None:
        f = "situations"
        for sid, rec in self.keyed(f):
            self.text(f, sid, rec, "name")
            self.choice(f, sid, rec, "trigger", TRIGGERS)
            for code in self.string_list(f, sid, rec, "states"):
                self.code(f, sid, "states", code)
            pe = self.day(f, sid, rec, "preliminary_examination_opened", required=False)
            inv = self.day(f, sid, rec, "investigation_opened", required=False)
            if pe and inv and inv < pe:
                self.add(f, sid, "investigation_opened", "before the preliminary examination opened")
            self.sources(f, sid, rec)

    def warrants(self, situations: set[str]) -> set[str]:
        f = "warrants"
        ids: set[str] = set()
        owners: dict[str, str] = {}
        for sid, rec in self.keyed(f):
            ids.add(sid)
            self.text(f, sid, rec, "name")
            self.sources(f, sid, rec)
            if rec.get("situation") not in situations:
                self.add(f, sid, "situation", f"unknown situation {rec.get('situation')!r:.40}")
            for code in self.string_list(f, sid, rec, "nationality"):
                self.code(f, sid, "nationality", code)
            names = [sid, *self.string_list(f, sid, rec, "aliases")]
            if isinstance(rec.get("name"), str):
                names.append(rec["name"])
            for alias in names:
                key = normalize(alias)
                if not key:
                    self.add(f, sid, "aliases", f"{alias!r:.40} has no letters to match on")
                    continue
                other = owners.setdefault(key, sid)
                if other != sid:
                    self.add(f, sid, "aliases", f"{alias!r:.40} also names {other}")
            warrants = rec.get("warrants")
            if not isinstance(warrants, list) or not warrants:
                self.add(f, sid, "warrants", "expected a list of at least one warrant")
                warrants = []
            for i, w in enumerate(warrants):
                if not isinstance(w, dict):
                    self.add(f, sid, f"warrants[{i}]", "expected a mapping")
                    continue
                issued = self.day(f, sid, w, "issued", required=False)  # may be unknown
                public = self.day(f, sid, w, "public", required=False)
                if issued and public and public < issued:
                    self.add(f, sid, f"warrants[{i}].public", "made public before it was issued")
                crimes = w.get("crimes") or []
                if not isinstance(crimes, list) or not all(
                    isinstance(c, dict) and isinstance(c.get("crime"), str) for c in crimes
                ):
                    self.add(f, sid, f"warrants[{i}].crimes", "expected a list of {crime, article}")
            events = rec.get("events")
            if not isinstance(events, list) or not events:
                self.add(f, sid, "events", "expected a status history with at least warrant_issued")
                continue
            from .model import EVENT_TYPES

            last: date | None = None
            issued_events = 0
            for i, e in enumerate(events):
                if not isinstance(e, dict):
                    self.add(f, sid, f"events[{i}]", "expected a mapping with date and type")
                    continue
                when = self.day(f, sid, e, "date", required=True)
                if e.get("type") not in EVENT_TYPES:
                    self.add(f, sid, f"events[{i}].type",
                             f"{e.get('type')!r:.40} is not one of {', '.join(sorted(EVENT_TYPES))}")
                issued_events += e.get("type") == "warrant_issued"
                if when and last and when < last:
                    self.add(f, sid, f"events[{i}].date", "events are not in date order")
                last = when or last
            if not issued_events:
                self.add(f, sid, "events", "no warrant_issued event")
        return ids

    def territories(self) -> None:
        f = "territories"
        for code, rec in self.keyed(f):
            self.code(f, code, "code", code)
            self.text(f, code, rec, "name")
            self.choice(f, code, rec, "coverage", COVERAGES)
            if rec.get("sovereign") is not None:
                self.code(f, code, "sovereign", rec.get("sovereign"))
            start = self.day(f, code, rec, "from", required=rec.get("coverage") == "extended")
            if start and rec.get("coverage") != "extended":
                self.add(f, code, "from", "only an 'extended' coverage has a start date")
            if rec.get("coverage") in {"excluded", "uncertain", "none"}:
                self.text(f, code, rec, "reason")
            if rec.get("coverage") in {"follows_sovereign", "extended"} and not rec.get("sovereign"):
                self.add(f, code, "sovereign", "coverage through a sovereign needs its code")
            self.sources(f, code, rec)

    def obligations(self, situations: set[str]) -> None:
        f = "obligations"
        withdrawn = self._effective_withdrawals()
        for oid, rec in self.keyed(f):
            if rec.get("basis") == "continuing_duty":
                effective = withdrawn.get(rec.get("state"))  # type: ignore[arg-type]
                if effective is None:
                    self.add(f, oid, "state", "an art. 127(2) duty needs a withdrawal that took "
                             "effect (not revoked) in states_parties.yaml")
                elif as_date(rec.get("from")) != effective:
                    self.add(f, oid, "from", f"should be the day the withdrawal took effect, {effective}")
            self.code(f, oid, "state", rec.get("state"))
            self.choice(f, oid, rec, "basis", OBLIGATION_BASES)
            self.text(f, oid, rec, "instrument")
            sits = self.string_list(f, oid, rec, "situations")
            for s in sits:
                if s not in situations:
                    self.add(f, oid, "situations", f"unknown situation {s!r:.40}")
            start = self.day(f, oid, rec, "from", required=True)
            end = self.day(f, oid, rec, "until", required=False)
            if start and end and end < start:
                self.add(f, oid, "until", "ends before it starts")
            self.sources(f, oid, rec)

    def _effective_withdrawals(self) -> dict[str, date]:
        out: dict[str, date] = {}
        for rec in records(self.raw, "states_parties"):
            if not isinstance(rec, dict) or not isinstance(rec.get("withdrawals"), list):
                continue
            for w in rec["withdrawals"]:
                if isinstance(w, dict) and w.get("revoked") is None and as_date(w.get("effective")):
                    out[str(rec.get("code"))] = as_date(w.get("effective"))  # type: ignore[assignment]
        return out

    def compliance(self, suspects: set[str]) -> None:
        f = "compliance"
        for fid, rec in self.keyed(f):
            self.code(f, fid, "state", rec.get("state"))
            if rec.get("suspect") not in suspects:
                self.add(f, fid, "suspect", f"unknown suspect {rec.get('suspect')!r:.40}")
            self.choice(f, fid, rec, "outcome", OUTCOMES)
            self.text(f, fid, rec, "summary")
            start = self.day(f, fid, rec, "visit_from", required=False)
            end = self.day(f, fid, rec, "visit_to", required=False)
            decided = self.day(f, fid, rec, "decision", required=rec.get("outcome") != "pending")
            if start and end and end < start:
                self.add(f, fid, "visit_to", "before visit_from")
            if decided and start and decided < start:
                self.add(f, fid, "decision", "before the visit")
            for r in self.string_list(f, fid, rec, "referred_to"):
                if r not in REFERRALS:
                    self.add(f, fid, "referred_to", f"{r!r:.20} is not one of asp, unsc")
            self.sources(f, fid, rec)

    def place_names(self) -> None:
        f = "place_names"
        doc = self.raw.get(f)
        for name, rec in self.keyed(f):
            self.code(f, name, "code", rec.get("code"))
        if isinstance(doc, dict):
            for i, amb in enumerate(doc.get("ambiguous") or []):
                if not isinstance(amb, dict) or not isinstance(amb.get("name"), str):
                    self.add(f, f"ambiguous[{i}]", "name", "expected a mapping with name and codes")
                    continue
                codes = amb.get("codes")
                if not isinstance(codes, list) or len(codes) < 2:
                    self.add(f, amb["name"], "codes", "an ambiguous name needs two or more codes")
                    continue
                for code in codes:
                    self.code(f, amb["name"], "codes", code)


def iso_codes() -> set[str]:
    """Every ISO 3166-1 alpha-2 code, plus Kosovo's user-assigned XK."""
    import pycountry

    return {c.alpha_2 for c in pycountry.countries} | {"XK"}


def validate(raw: dict[str, Any], codes: Iterable[str] | None = None) -> list[Problem]:
    """Every problem in the raw data files, each with its file, record and field."""
    return _Checker(set(codes) if codes is not None else iso_codes()).run(raw)
