"""The data files' schema, declared once: every file, record type and field, with its type,
whether it is required, and what it means.

Everything that needs to know a record's fields derives from this module: `validate` checks each
field's type and shape from it (the rules across fields and records stay hand-written there),
`loader` builds the model objects (model.py) from it, `render` writes records as JSON in its
field order, and the field tables in data/README.md are generated from it
(`python tools/schema_docs.py`; a test fails if they are stale).

Plain tuples, not a schema library: attrs or msgspec classes cost 15-25 ms to import and create,
more than the start-up budget of `travelrisk check` can spare; this module costs about 1 ms.

A field's `kind` says how it is checked and built:

- `key`: the record's key, checked for presence and uniqueness by the file it is in;
- `text` (`notes`: text whose wording is checked too), `date`, `bool`, `partial_date`
  (YYYY-MM-DD, YYYY-MM or YYYY; kept as written);
- `code`: an ISO 3166-1 alpha-2 code (or a user-assigned one: XK, XS); `codes`: a list of them;
  `texts`: a list of text;
- `choice`: one of `choices` (`kind_choice`: the same, reported as "expected one of: ...");
- `records`: a list of `item` records; `sources`: a record's citations (see `Citation`);
- `ref`: text that names a record of another file (checked with the cross-record rules);
- `custom`: a field whose shape the validator checks by hand (documented and built here).
"""

from __future__ import annotations

from typing import NamedTuple

from travelrisk.law.events import EVENT_TYPES


class When(NamedTuple):
    """A field required only when the field `on` has one of `values` (or, with `unless`, has
    none of them); `doc` says so in the field tables."""

    on: str
    values: tuple[str, ...]
    doc: str
    unless: bool = False

    def holds(self, rec: dict[str, object]) -> bool:
        return (rec.get(self.on) in self.values) != self.unless


class Field(NamedTuple):
    """One field of a record, as written in a data file."""

    name: str
    kind: str
    doc: str
    required: bool | When | str = False  # a string: a rule checked across fields, for the docs
    attr: str | None = None  # the model attribute, if not `name`; "" for none (not loaded)
    choices: tuple[str, ...] = ()
    item: str = ""  # the record type of a `records` field's items
    shape: str = ""  # for a `records` field: what each item is a mapping with
    nonempty: str = ""  # for a list that needs an entry: the message when it has none
    default: object = None  # the model's value where the field is missing or null
    enum: str = ""  # the model.py enum a `choice` is read as

    @property
    def model_attr(self) -> str:
        return self.name if self.attr is None else self.attr


class Record(NamedTuple):
    """A record type: its fields in the order they are checked, documented and written."""

    name: str
    fields: tuple[Field, ...]
    model: str = ""  # the model.py class built from it ("" if none)
    unknown_at: int = 0  # the field before which unknown fields are reported (see validate)
    unknown_warning: bool = False  # an unknown field is only a warning (display-only records)
    unknown_hint: str = ""
    # The order validation checks the fields in, where it is not `fields`' (which JSON and the
    # docs follow): a record's problems are reported in the order they always were.
    check_order: tuple[str, ...] = ()

    @property
    def checked(self) -> tuple[Field, ...]:
        """The fields in the order validation checks them."""
        if not self.check_order:
            return self.fields
        return tuple(self.field(name) for name in self.check_order)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def names(self) -> frozenset[str]:
        return frozenset(f.name for f in self.fields)


class File(NamedTuple):
    """A data file: `{stem}.yaml`, its record list under `top`, keyed by the field `key`."""

    stem: str
    top: str
    key: str
    record: str  # the record type of its entries
    label: str  # what `data validate` counts ("states")
    extra: tuple[str, ...] = ()  # other top-level lists it may hold


INSTRUMENTS = ("ratification", "accession", "acceptance", "approval", "succession")
TRIGGERS = ("state_referral", "unsc_referral", "proprio_motu")
COVERAGES = ("follows_sovereign", "extended", "excluded", "uncertain", "none")
OBLIGATION_BASES = ("referral", "declaration", "continuing_duty")
OUTCOMES = ("non_compliance_found", "reported", "no_finding", "pending")
REFERRALS = ("asp", "unsc")
SOURCE_KINDS = ("court", "depositary", "un", "government", "ngo", "press", "reference")

_NOTES = Field(
    "notes",
    "notes",
    "free text in our own words: what is unusual, contested or uncertain (see Common fields)",
)
_PLAIN_NOTES = Field("notes", "text", "free text in our own words")  # wording not checked
_UNVERIFIED = Field(
    "unverified", "texts", "the fields whose values are only reported (see Common fields)"
)
_SOURCES = Field(
    "sources", "sources", "citations of `sources.yaml`, at least one (see Common fields)", True
)
_COMMON = (_NOTES, _UNVERIFIED, _SOURCES)


def _code(name: str, doc: str, required: bool | str = True) -> Field:
    return Field(name, "code", doc, required)


RECORDS: dict[str, Record] = {
    r.name: r
    for r in (
        Record(
            "dataset",
            (
                Field("version", "text", "the data release, e.g. `2026.11`", True),
                _PLAIN_NOTES,
                Field(
                    "as_of",
                    "date",
                    "the day the data was last checked against its sources",
                    True,
                ),
                Field(
                    "deny",
                    "records",
                    "the hosts no source may come from (staging and test servers, mirrors of "
                    "other sites, content farms, AI-written news)",
                    item="deny",
                    shape="a match and a reason",
                ),
                Field("sources", "sources", "citations, as for a record"),
            ),
        ),
        Record(
            "deny",
            (
                Field(
                    "match",
                    "text",
                    "a host (it and its subdomains match) or a first label ending in `.` or "
                    "`-` (`uat.`, `stg-`: any host starting so)",
                    True,
                ),
                Field("reason", "text", "why no source may come from it", True),
            ),
        ),
        Record(
            "state",
            (
                _code("code", "ISO 3166-1 alpha-2, quoted"),
                *_COMMON,
                Field("name", "text", "English short name", True),
                Field(
                    "instrument",
                    "choice",
                    "`ratification`, `accession`, `acceptance`, `approval` or `succession`",
                    True,
                    choices=INSTRUMENTS,
                ),
                Field(
                    "exception",
                    "text",
                    "required when `entry_into_force` departs from the art. 126(2) rule: why "
                    "(e.g. succession)",
                ),
                Field(
                    "signature", "date", "date of signature, or `null` if the state never signed"
                ),
                Field(
                    "deposit",
                    "date",
                    "date the instrument was deposited with the UN Secretary-General",
                    True,
                ),
                Field(
                    "entry_into_force",
                    "date",
                    "date the Statute entered into force for the state (art. 126), `null` if it "
                    "never did",
                    "unless `instrument_withdrawn`",
                ),
                Field(
                    "instrument_withdrawn",
                    "date",
                    "date an instrument was withdrawn before it entered into force (Malaysia), "
                    "else omitted",
                ),
                Field(
                    "withdrawals",
                    "records",
                    "notifications of withdrawal (art. 127(1))",
                    item="withdrawal",
                    shape="notified and effective",
                ),
                Field(
                    "announcements",
                    "records",
                    "political announcements of withdrawal with no notification deposited; "
                    "they change nothing in law",
                    item="announcement",
                    shape="date and note",
                ),
            ),
            model="StateParty",
            unknown_at=1,
        ),
        Record(
            "withdrawal",
            (
                _PLAIN_NOTES._replace(attr=""),
                Field(
                    "notified",
                    "date",
                    "the date the UN Secretary-General received the notification of withdrawal",
                    True,
                ),
                Field("effective", "date", "one year later (art. 127(1))", True),
                Field(
                    "revoked",
                    "date",
                    "the date the notification was itself withdrawn before taking effect, "
                    "else `null`",
                ),
            ),
            model="Withdrawal",
        ),
        Record(
            "announcement",
            (
                Field("date", "date", "the day of the announcement", True),
                Field("note", "text", "what was announced, in our words", default=""),
            ),
            model="Announcement",
        ),
        Record(
            "situation",
            (
                Field("id", "key", "slug, e.g. `ukraine`, `darfur`, `car-ii`", True),
                _NOTES,
                _UNVERIFIED._replace(attr=""),  # checked, but no answer reads it
                _SOURCES,
                Field("name", "text", 'e.g. "Situation in Ukraine"', True),
                Field("case_prefix", "text", "ICC situation number, e.g. `ICC-01/22`"),
                Field(
                    "trigger",
                    "choice",
                    "`state_referral`, `unsc_referral`, `proprio_motu`",
                    True,
                    choices=TRIGGERS,
                ),
                Field("states", "codes", "ISO codes of the territory concerned"),
                Field("preliminary_examination_opened", "date", "date or `null`"),
                Field(
                    "investigation_opened",
                    "date",
                    "date the investigation was opened or authorised, or `null`",
                ),
            ),
            model="Situation",
        ),
        Record(
            "suspect",
            (
                Field(
                    "id",
                    "key",
                    "stable slug (surname-based, e.g. `putin`, `al-bashir`, "
                    "`saif-al-islam-gaddafi`)",
                    True,
                ),
                *_COMMON,
                Field("name", "text", "full name, in the form the ICC uses", True),
                Field("case", "text", "ICC case number, e.g. `ICC-02/05-01/09`, or `null`"),
                Field(
                    "sort_as",
                    "text",
                    "the surname a list sorts by, where the rule does not find it (`Lubanga` "
                    "for Thomas Lubanga Dyilo). The rule: the last word of `name` with the "
                    "particles before it (`dela Rosa`, `Al Bashir`), sorted without a leading "
                    "Arabic article `al`/`el` (`Al Bashir` with the B's, `dela Rosa` with the "
                    "D's)",
                ),
                Field("situation", "ref", "a `situations.yaml` id", True),
                Field("nationality", "codes", "list of ISO codes"),
                Field(
                    "aliases",
                    "texts",
                    "list of other names: press spellings with and without diacritics, "
                    "exonyms, nicknames, and the name in its original and other relevant scripts",
                ),
                Field(
                    "warrants",
                    "records",
                    "the warrants of arrest, in the order they were issued",
                    True,
                    item="warrant",
                    shape="issued, public and crimes",
                    nonempty="expected a list of at least one warrant",
                ),
                Field(
                    "events",
                    "custom",
                    "status history, in date order (see the event types below): it holds a "
                    "`warrant_issued` event for each warrant",
                    True,
                    item="event",
                    shape="date and type",
                    nonempty="expected a status history with at least warrant_issued",
                ),
                Field(
                    "offices",
                    "records",
                    "offices that official immunity is claimed for (head of state or "
                    "government, or minister)",
                    item="office",
                    shape="office, state, from and until",
                ),
                Field(
                    "immunity_claims",
                    "records",
                    "states' public claims that such immunity bars arrest",
                    item="immunity_claim",
                    shape="state, date and claim",
                ),
            ),
            model="Suspect",
        ),
        Record(
            "warrant",
            (
                Field(
                    "issued",
                    "custom",
                    "not written: a warrant's issue date is stored once, as its "
                    "`warrant_issued` event (an overlay that still gives it must agree)",
                ),
                Field("public", "date", "date it was unsealed or announced"),
                _PLAIN_NOTES._replace(attr=""),
                Field(
                    "crimes",
                    "records",
                    "the crimes charged",
                    item="crime",
                    shape="crime and article",
                ),
            ),
            model="Warrant",
        ),
        Record(
            "crime",
            (
                Field("crime", "text", "the crime, e.g. `murder (war crime)`", True),
                Field("article", "text", 'e.g. `"8(2)(a)(vii)"`, or `null` where unknown'),
            ),
            model="Crime",
            unknown_at=2,
            unknown_warning=True,
            unknown_hint="; quote the crime's text if it contains a comma",
        ),
        Record(
            "event",
            (
                Field("date", "date", "the day it happened", True),
                Field(
                    "type",
                    "choice",
                    "one of the event types below",
                    True,
                    choices=tuple(sorted(EVENT_TYPES)),
                ),
                Field("note", "text", "what happened, in our words"),
            ),
            model="Event",
        ),
        Record(
            "office",
            (
                Field("office", "text", "e.g. `President`", True),
                _code("state", "the state whose office it is"),
                Field(
                    "from",
                    "date",
                    "the day it began, `null` where no source read gives it",
                    attr="from_",
                ),
                Field("until", "date", "the day it ended, `null` if held or not given"),
                _SOURCES,
            ),
            model="Office",
        ),
        Record(
            "immunity_claim",
            (
                _code("state", "the state making the claim"),
                Field("date", "date", "the day it was made", True),
                Field("claim", "text", "what the state claimed, in our words", True),
                _SOURCES,
            ),
            model="ImmunityClaim",
        ),
        Record(
            "territory",
            (
                _code("code", "ISO alpha-2 (or user-assigned: XS), quoted"),
                *_COMMON,
                Field("name", "text", "English name", True),
                Field(
                    "coverage",
                    "choice",
                    "`follows_sovereign` (the Statute applies exactly as it does to the "
                    "sovereign), `extended` (applies from `from`), `excluded`, `uncertain` (no "
                    "source establishes it), `none` (no state party's ratification reaches it)",
                    True,
                    choices=COVERAGES,
                ),
                _code(
                    "sovereign",
                    "ISO code of the administering state, or `null`",
                    "with `follows_sovereign` and `extended`",
                ),
                Field(
                    "from",
                    "date",
                    "the date the Statute applies from",
                    When("coverage", ("extended",), "with `extended` (only then)"),
                    attr="from_",
                ),
                Field(
                    "reason",
                    "text",
                    "why, in our words",
                    When(
                        "coverage",
                        ("excluded", "uncertain", "none"),
                        "with `uncertain`, `excluded` and `none`",
                    ),
                ),
            ),
            model="Territory",
            unknown_at=1,
        ),
        Record(
            "obligation",
            (
                Field("id", "key", "slug", True),
                _code("state", "ISO code"),
                *_COMMON,
                Field(
                    "basis",
                    "choice",
                    "`referral` (UN Security Council referral), `declaration` (art. 12(3)), "
                    "`continuing_duty` (art. 127(2): normally derived, see below)",
                    True,
                    choices=OBLIGATION_BASES,
                    enum="Basis",
                ),
                Field(
                    "instrument",
                    "text",
                    'e.g. "UN Security Council Resolution 1593 (2005), para. 2"',
                    True,
                ),
                Field("situations", "texts", "list of `situations.yaml` ids it covers"),
                Field("from", "date", "the first day the duty holds", True, attr="from_"),
                Field("until", "date", "the last day it holds (inclusive), `null` if open"),
            ),
            model="Obligation",
            unknown_at=2,
        ),
        Record(
            "finding",
            (
                Field("id", "key", "slug", True),
                _code("state", "ISO code"),
                _NOTES._replace(attr=""),
                _UNVERIFIED._replace(attr=""),
                Field("suspect", "ref", "a `warrants.yaml` id", True),
                Field("visit_from", "date", "the first day of the visit"),
                Field("visit_to", "date", "the last day of the visit"),
                Field(
                    "decision",
                    "date",
                    "date of the Court's decision, or `null` while pending",
                    When("outcome", ("pending",), "unless `pending`", unless=True),
                ),
                Field(
                    "outcome",
                    "choice",
                    "`non_compliance_found` (an art. 87(7) finding), `reported` (the Court "
                    "informed the Security Council and the Assembly of the visit, without a "
                    "formal finding), `no_finding` (the Court declined to find non-compliance), "
                    "`pending`",
                    True,
                    choices=OUTCOMES,
                ),
                Field(
                    "referred_to",
                    "texts",
                    "list: `asp`, `unsc`, or empty",
                    choices=REFERRALS,
                ),
                Field("summary", "text", "one sentence, in our words", True),
                _SOURCES,
            ),
            model="Finding",
            unknown_at=2,
            check_order=(
                "id",
                "state",
                "notes",
                "unverified",
                "sources",
                "suspect",
                "outcome",
                "summary",
                "visit_from",
                "visit_to",
                "decision",
                "referred_to",
            ),
        ),
        Record(
            "place_name",
            (
                Field("name", "key", "the name as people write it", True),
                _code("code", "the ISO code it means"),
                Field("note", "text", "how the name is read, shown with the answer"),
            ),
        ),
        Record(
            "ambiguous",
            (
                Field("name", "key", "a name that means several places", True),
                Field("note", "text", "shown with the refusal"),
                Field("codes", "custom", "the ISO codes it may mean, two or more", True),
            ),
        ),
        Record(
            "source",
            (
                Field("id", "key", "the key records cite (kebab-case, unique)", True),
                Field("title", "text", "what the source is, in a few words", True),
                Field(
                    "publisher",
                    "text",
                    "who published it (two sources *confirm* a fact only if their publishers "
                    "differ)",
                ),
                Field(
                    "url",
                    "text",
                    "the page's address",
                    "one of `url`, `document`, or `read: false` with `via`",
                ),
                Field("via", "text", "the id of the source that quotes it", "with `read: false`"),
                Field(
                    "document",
                    "text",
                    "an ICC document or press-release number, a UN document symbol or a C.N. "
                    "number",
                ),
                _PLAIN_NOTES,
                Field("published", "partial_date", "`YYYY-MM-DD` (or `YYYY-MM`, `YYYY`)"),
                Field("accessed", "partial_date", "`YYYY-MM-DD` (or `YYYY-MM`, `YYYY`)"),
                Field(
                    "kind",
                    "kind_choice",
                    "`court` (ICC decisions, press releases, case pages), `depositary` (UN "
                    "Secretary-General depositary notifications, the UN Treaty Collection), "
                    "`un` (Security Council resolutions, UN press releases), `government` "
                    "(official gazettes, ministry statements), `ngo`, `press`, `reference` "
                    "(encyclopedias, compilations)",
                    True,
                    choices=SOURCE_KINDS,
                ),
                Field(
                    "read",
                    "bool",
                    "`false` for a page cited because a source that was read quotes or links "
                    "it (default `true`)",
                ),
            ),
        ),
        Record(
            "citation",
            (
                Field("id", "ref", "the id of a source in `sources.yaml`"),
                Field(
                    "for",
                    "texts",
                    "the fields of the citing record it establishes (none: the record in general)",
                ),
                Field("title", "text", "older form: what the source is (without an `id`)"),
                Field("url", "text", "older form: the page the fact was read from"),
            ),
        ),
    )
}

FILES: dict[str, File] = {
    f.stem: f
    for f in (
        File("states_parties", "states", "code", "state", "states"),
        File("situations", "situations", "id", "situation", "situations"),
        File("warrants", "suspects", "id", "suspect", "suspects"),
        File("territories", "territories", "code", "territory", "territories"),
        File("obligations", "obligations", "id", "obligation", "obligations"),
        File("compliance", "findings", "id", "finding", "findings"),
        File("place_names", "aliases", "name", "place_name", "place names", ("ambiguous",)),
        File("sources", "sources", "id", "source", "sources"),
    )
}
# Every data file the tool reads, dataset.yaml (one mapping, not a list of records) first.
FILE_STEMS = ("dataset", *FILES)
REQUIRED_FILES = ("dataset", "states_parties", "situations", "warrants")
# Top-level keys any record file may have besides its record list.
FILE_KEYS = ("sources", "notes")


def record_of(stem: str) -> Record:
    """The record type of a data file's entries (dataset.yaml: its one mapping)."""
    return RECORDS["dataset" if stem == "dataset" else FILES[stem].record]


# -- the field tables of data/README.md ---------------------------------------------------------


def field_table(record: str) -> str:
    """A markdown table of a record type's fields (the common fields left to their section),
    followed by one for each kind of item in its lists."""
    spec = RECORDS[record]
    rows = ["| field | required | meaning |", "|---|---|---|"]
    nested: list[Field] = []
    for f in spec.fields:
        if f.kind in ("notes", "sources") or f.name == "unverified":
            continue  # the common fields, documented once above the tables
        if isinstance(f.required, When):
            required = f.required.doc
        else:
            required = f.required if isinstance(f.required, str) else "yes" * f.required or "no"
        rows.append(f"| `{f.name}` | {required} | {_kind_doc(f)}{f.doc} |")
        if f.item:
            nested.append(f)
    out = "\n".join(rows) + "\n"
    for f in nested:
        out += f"\nEach of `{f.name}`:\n\n" + field_table(f.item)
    return out


def _kind_doc(f: Field) -> str:
    if f.kind == "records":
        return f"list of `{{{', '.join(x.name for x in RECORDS[f.item].fields)}}}`: "
    if f.kind == "custom" and f.item:
        return f"list of `{{{', '.join(x.name for x in RECORDS[f.item].fields)}}}`: "
    return ""


_MARK_OPEN = "<!-- schema: "
_MARK_CLOSE = "<!-- /schema -->"


def with_tables(text: str) -> str:
    """`text` (data/README.md) with each block between `<!-- schema: RECORD -->` and
    `<!-- /schema -->` replaced by the generated table of that record type."""
    out: list[str] = []
    rest = text
    while (start := rest.find(_MARK_OPEN)) >= 0:
        head_end = rest.index("-->", start) + 3
        record = rest[start + len(_MARK_OPEN) : head_end - 3].strip()
        end = rest.index(_MARK_CLOSE, head_end)
        out.append(rest[:head_end] + "\n" + field_table(record))
        rest = rest[end:]
    out.append(rest)
    return "".join(out)
