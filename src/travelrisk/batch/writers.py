"""Writing leg results: CSV, JSON Lines, a JSON array (streamed) and text for people (a summary per
trip, then its legs), each a `Writer` that counts what it wrote into a `BatchSummary`. Excel and
Parquet writers (`excel`, `parquet_io`) are `Writer`s too."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import IO, Any, NamedTuple

from travelrisk.batch.columns import (
    BASIS_SEPARATOR,
    as_cell,
    basis_cell,
    column_key,
    crossings_cell,
    output_columns,
    receipt_cells,
    result_record,
    source_cell,
)
from travelrisk.batch.legs import ERROR, NOT_PRESENT, RISK_STATUSES, Leg, LegResult, problem_kinds
from travelrisk.errors import printable
from travelrisk.law.english import one_of, plural
from travelrisk.law.model import Place, Source, Status
from travelrisk.law.wording import LEG_ONLY, RANK, STATUS, SUMMARY_NOUNS, SUMMARY_ORDER


class BatchSummary(NamedTuple):
    """What a batch wrote: how many legs, error rows and legs at risk, and the first error row;
    how many legs had each status, and how many problems of each kind the error rows had."""

    legs: int
    errors: int
    at_risk: int
    first_error: LegResult | None
    dropped_columns: tuple[str, ...]  # input columns a CSV output had no room for
    statuses: Mapping[Status, int] = {}
    problems: Mapping[str, int] = {}  # by `problem_kind`

    def describe(self) -> str:
        """One line: "3 legs: 1 obliged, 1 overflight, 1 error row (1 unknown place)"."""
        parts = []
        for status in STATUS_ORDER:
            n = self.statuses.get(status, 0)
            if n:
                noun, many = _SUMMARY_NOUNS.get(status, (status.value.replace("_", " "), ""))
                parts.append(plural(n, noun, many or noun) if many else f"{n} {noun}")
        if self.problems:
            kinds = sorted(self.problems.items(), key=lambda kv: (-kv[1], kv[0]))
            parts[-1] += " (" + ", ".join(plural(n, kind) for kind, n in kinds) + ")"
        return f"{plural(self.legs, 'leg')}: {', '.join(parts)}" if parts else plural(0, "leg")


# The order of the statuses in a summary, and the nouns some of them are counted with.
STATUS_ORDER = SUMMARY_ORDER


_SUMMARY_NOUNS = SUMMARY_NOUNS


class Tally:
    """Counts as results are written."""

    __slots__ = ("legs", "errors", "at_risk", "first_error", "statuses", "problems")

    def __init__(self) -> None:
        self.legs = self.errors = self.at_risk = 0
        self.first_error: LegResult | None = None
        self.statuses: dict[Status, int] = {}
        self.problems: dict[str, int] = {}

    def add(self, result: LegResult) -> None:
        self.legs += 1
        status = result.status
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if status == ERROR:
            self.errors += 1
            if self.first_error is None:
                self.first_error = result
            for kind in problem_kinds(result.error or ""):
                self.problems[kind] = self.problems.get(kind, 0) + 1
        elif status in RISK_STATUSES:
            self.at_risk += 1

    def merge(self, other: BatchSummary) -> None:
        """Add the counts of another part of the same batch (a chunk checked elsewhere)."""
        self.legs += other.legs
        self.errors += other.errors
        self.at_risk += other.at_risk
        if self.first_error is None:
            self.first_error = other.first_error
        for status, n in other.statuses.items():
            self.statuses[status] = self.statuses.get(status, 0) + n
        for kind, n in other.problems.items():
            self.problems[kind] = self.problems.get(kind, 0) + n

    def summary(self, dropped: tuple[str, ...] = ()) -> BatchSummary:
        return BatchSummary(
            self.legs,
            self.errors,
            self.at_risk,
            self.first_error,
            dropped,
            dict(self.statuses),
            dict(self.problems),
        )


class Writer:
    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.dropped: dict[str, None] = {}

    def write(self, result: LegResult) -> None:
        raise NotImplementedError

    def write_all(self, results: Iterable[LegResult]) -> Tally:
        tally = Tally()
        add, write = tally.add, self.write
        for result in results:
            add(result)
            write(result)
        return tally

    def close(self) -> None:
        self.out.flush()


class _Line:
    """A file for csv.writer whose write returns the line: writerow then gives the text."""

    write = str


def _quote(text: str) -> str:
    """`text` as one CSV cell, quoted as the csv module would (minimal quoting)."""
    if "," in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


class CsvWriter(Writer):
    """CSV rows, built from cached pieces: the verdict columns repeat from row to row."""

    FLUSH_EVERY = 512

    def __init__(self, out: IO[str], columns: Sequence[str] | None, file_column: bool) -> None:
        import csv

        super().__init__(out)
        self.columns: tuple[str, ...] | None = tuple(columns) if columns is not None else None
        self.file_column = file_column
        # "\r\n" ends each line, so that a field holding either character is quoted; it is cut
        # off again by _join.
        self._writerow = csv.writer(_Line(), lineterminator="\r\n").writerow
        self.buffer: list[str] = []
        self.waiting: list[LegResult] = []  # rows before the columns are known
        self.column_keys: list[str] = []
        self.header_written = False
        if self.columns is not None and self.columns:
            self._header()

    def line(self, values: Sequence[object]) -> str:
        """`values` as one CSV record, without the line end."""
        return str(self._writerow(values))[:-2]

    def _header(self) -> None:
        assert self.columns is not None
        self.column_keys = [column_key(c) for c in self.columns]
        header = output_columns(self.columns, self.file_column)
        self.buffer.append(self.line(header) + "\n")
        self.header_written = True

    def write(self, result: LegResult) -> None:
        if not self.header_written:
            if not result.leg.columns and len(self.waiting) < 10000:
                self.waiting.append(result)  # e.g. a first line that is not JSON: wait and see
                return
            if self.columns is None or not self.columns:
                self.columns = result.leg.columns
            self._header()
            waiting, self.waiting = self.waiting, []
            for r in waiting:
                self._row(r)
        self._row(result)

    def _row(self, result: LegResult) -> None:
        self.buffer.append(self._format(result))
        if len(self.buffer) >= self.FLUSH_EVERY:
            self._flush()

    def _flush(self) -> None:
        self.out.write("".join(self.buffer))
        self.buffer.clear()

    def _format(self, result: LegResult) -> str:
        """One output line: the input record, then the verdict columns."""
        leg = result.leg
        columns = self.columns
        if leg.text is not None and leg.columns is columns:
            head = f"{leg.text},"  # the CSV record as written: no need to write it again
        elif not columns:
            head = ""
        elif leg.columns is columns or leg.columns == columns:
            # CSV records are lists of text already; other inputs may hold numbers, dates, ...
            values = leg.values if type(leg.values) is list else [as_cell(v) for v in leg.values]
            head = f"{self.line(values)},"
        else:  # another file's columns: align them by name, as leg fields are matched
            fields = {column_key(c): v for c, v in zip(leg.columns, leg.values, strict=False)}
            wanted = self.column_keys
            head = f"{self.line([as_cell(fields.get(c)) for c in wanted])},"
            for c in leg.columns:
                if column_key(c) not in wanted and c not in self.dropped:
                    self.dropped[c] = None
        who, place = result.suspect, result.place
        person = f"{who.id},{_quote(who.name)}," if who is not None else ",,"
        where = f"{place.code},{_quote(place.name)}," if place is not None else ",,"
        status = result.status
        obliged = "" if status == ERROR else ("true" if result.obliged else "false")
        start, end, error = result.from_, result.until, result.error
        file_cell = f"{_quote(leg.source or '')}," if self.file_column else ""
        cited = _quote(source_cell(result.source) or "")
        as_of = result.data_as_of.isoformat() if result.data_as_of else ""
        stamp = ",".join(_quote(v or "") for v in receipt_cells(result.receipt).values())
        crossed = _quote(crossings_cell(result.crossings))
        # Basis members are str enums: join reads their values directly.
        return (
            f"{head}{person}{where}{status},{obliged},{BASIS_SEPARATOR.join(result.basis)},"
            f"{start.isoformat() if start else ''},{end.isoformat() if end else ''},"
            f"{_quote(result.explanation)},{cited},{as_of},{stamp},{crossed},"
            f"{_quote(error) if error else ''},{file_cell}{leg.row}\n"
        )

    def write_all(self, results: Iterable[LegResult]) -> Tally:
        tally = Tally()
        results = iter(results)
        if not self.header_written:
            for result in results:
                tally.add(result)
                self.write(result)
                if self.header_written:
                    break
        if self.file_column:  # not the hot path: one file per batch is
            add, write = tally.add, self.write
            for result in results:
                add(result)
                write(result)
            return tally
        # The hot path, for a large CSV: its lines differ only in the input record and dates;
        # the rest comes from small caches. Anything unusual goes through _format.
        legs = at_risk = 0
        counts: dict[Status, int] = {}
        add = tally.add
        columns = self.columns
        buffer = self.buffer
        append = buffer.append
        places: dict[str, str] = {}  # the place columns, by code
        people: dict[str, str] = {}  # the suspect columns, by id
        cells: dict[Source | None, str] = {}  # the source column
        isoformat: dict[date, str] = {}
        stamps: dict[int, str] = {}  # the receipt's columns, by the receipt's id
        quoted: dict[str, str] = {}
        risk = RISK_STATUSES
        separator = BASIS_SEPARATOR
        flush_every = self.FLUSH_EVERY
        for result in results:
            leg, who, place, status, obliged, basis, start, end, explanation, _, _ = result[:11]
            source, as_of, receipt, crossings = result[11:]
            text = leg.text
            if (
                status == ERROR
                or text is None
                or leg.columns is not columns
                or as_of is None
                or crossings is not None
            ):
                add(result)
                append(self._format(result))
            else:
                legs += 1
                counts[status] = counts.get(status, 0) + 1
                if status in risk:
                    at_risk += 1
                assert who is not None and place is not None
                assert start is not None and end is not None
                person = people.get(who.id)
                if person is None:
                    person = people[who.id] = f"{who.id},{_quote(who.name)},"
                cited = cells.get(source)
                if cited is None:
                    cited = cells[source] = _quote(source_cell(source) or "")
                day = isoformat.get(as_of)
                if day is None:
                    day = isoformat[as_of] = as_of.isoformat()
                stamp = stamps.get(id(receipt))
                if stamp is None:
                    cells_ = receipt_cells(receipt).values()
                    stamp = stamps[id(receipt)] = ",".join(_quote(v or "") for v in cells_)
                code = place.code
                where = places.get(code)
                if where is None:
                    where = places[code] = f"{code},{_quote(place.name)},"
                first = isoformat.get(start)
                if first is None:
                    first = isoformat[start] = start.isoformat()
                last = isoformat.get(end)
                if last is None:
                    last = isoformat[end] = end.isoformat()
                reason = quoted.get(explanation)
                if reason is None:
                    if len(quoted) > 8192:
                        quoted.clear()
                    reason = quoted[explanation] = _quote(explanation)
                append(
                    f"{text},{person}{where}{status},{'true' if obliged else 'false'},"
                    f"{separator.join(basis)},{first},{last},{reason},{cited},{day},{stamp},,,{leg.row}\n"
                )
            if len(buffer) >= flush_every:
                self._flush()
        tally.merge(BatchSummary(legs, 0, at_risk, None, (), counts))
        return tally

    def close(self) -> None:
        if not self.header_written:
            if self.columns is None:
                self.columns = ()
            self._header()
            for r in self.waiting:
                self._row(r)
        self.out.write("".join(self.buffer))
        self.buffer.clear()
        super().close()


class JsonWriter(Writer):
    """One JSON object per line (JSON Lines), or the same objects as one array, streamed."""

    def __init__(self, out: IO[str], lines: bool, file_column: bool) -> None:
        import json

        super().__init__(out)
        self.lines = lines
        self.file_column = file_column
        # Never a bare NaN or Infinity, which are not JSON: see _json_safe.
        self.dumps = json.JSONEncoder(
            ensure_ascii=False, default=_json_default, allow_nan=False
        ).encode
        self.count = 0
        if not lines:
            out.write("[")

    def write(self, result: LegResult) -> None:
        record = result_record(result, self.file_column)
        try:
            text = self.dumps(record)
        except ValueError:  # a NaN or infinite number (JSON and YAML input may hold them)
            text = self.dumps(_json_safe(record))
        if self.lines:
            self.out.write(text + "\n")
        else:
            self.out.write(("\n" if self.count == 0 else ",\n") + text)
        self.count += 1

    def close(self) -> None:
        if not self.lines:
            self.out.write("\n]\n" if self.count else "]\n")
        super().close()


def _json_safe(value: Any) -> Any:
    """`value` with every NaN or infinite float written as a string: "nan", "inf", "-inf"."""
    import math

    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    return value


def _json_default(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


_TEXT_STATUS = {s.value: w.shout for s, w in STATUS.items()} | {
    s.value: w for s, w in LEG_ONLY.items()
}


_TRIP_RANK = {s.value: rank for s, rank in RANK.items()}


def trip_key(result: LegResult) -> tuple[str, str]:
    """Which trip a leg belongs to: its `trip` value where it has one; else its traveller, as
    resolved (any spelling of one person is one trip), or as written, ignoring case, if not."""
    leg = result.leg
    if leg.trip is not None and str(leg.trip).strip():
        return ("trip", str(leg.trip).strip())
    if result.suspect is not None:
        return ("suspect", result.suspect.id)
    return ("written", str(leg.suspect or "").strip().casefold())


class TextWriter(Writer):
    """For people: each trip's worst verdict, then its legs (see `trip_key`), trips in the order
    they first appear, each with all its legs even where other rows come between them.

    So it holds the whole batch until the end (text is for people, not millions of rows); a
    trip of more than MAX_LEGS legs is told in parts of MAX_LEGS.
    """

    MAX_LEGS = 1000

    def __init__(self, out: IO[str]) -> None:
        super().__init__(out)
        self.trips: dict[tuple[str, str], list[LegResult]] = {}

    def write(self, result: LegResult) -> None:
        self.trips.setdefault(trip_key(result), []).append(result)

    def close(self) -> None:
        written = 0
        size = self.MAX_LEGS
        for results in self.trips.values():
            for start in range(0, len(results), size):
                if written:
                    self.out.write("\n")
                lines = trip_text(results[start : start + size], start // size + 1)
                self.out.write("\n".join(map(printable, lines)) + "\n")
                written += 1
        self.trips.clear()
        super().close()


def _leg_dates(leg: Leg) -> str:
    if leg.on not in (None, ""):
        return str(leg.on)
    if leg.arrive in (None, "") and leg.depart in (None, ""):
        return "no dates"
    if leg.arrive == leg.depart:
        return str(leg.arrive)
    return f"{leg.arrive or '?'} to {leg.depart or '?'}"


def _place_label(place: Place | None, leg: Leg) -> str:
    if place is None:
        return _said(leg.country) if leg.country not in (None, "") else "(no place)"
    return f"{place.name} ({place.code})"


def _said(value: object) -> str:
    """A value from the input as text says it: a YAML boolean is not a word ("stay in False")."""
    if isinstance(value, bool):
        return f"({str(value).lower()}: an unquoted YAML yes/no/on/off)"
    return str(value)


def trip_text(results: Sequence[LegResult], part: int = 1) -> Iterator[str]:
    """One trip for people: a headline with the worst verdict over its legs, then each leg.

    `part` numbers the parts of a trip too long to tell at once (2 and on are said).
    """
    leg = results[0].leg
    people = dict.fromkeys(r.suspect.name for r in results if r.suspect is not None)
    who = " and ".join(people) if people else str(leg.suspect or "(no traveller)")
    trip = next((r.leg.trip for r in results if r.leg.trip not in (None, "")), None)
    title = f"Trip {trip}: {who}" if trip is not None else who
    checked = [r for r in results if r.status in _TRIP_RANK]
    errors = sum(1 for r in results if r.status == ERROR)
    risky = [r for r in results if r.status in RISK_STATUSES]
    flown = [r for r in results if r.status == NOT_PRESENT]
    landing = [r for r in flown if r.place_status in RISK_STATUSES]
    count = plural(len(results), "leg")
    if part > 1:
        count += f", part {part}"
    if checked:
        worst = max(checked, key=lambda r: _TRIP_RANK[r.status])
        when = _span(worst)
        headline = (
            f"worst: {_TEXT_STATUS[worst.status]} in {_place_label(worst.place, worst.leg)}"
            f"{when} (row {worst.row})"
        )
    elif flown and not errors:
        headline = "overflights only: never on the ground, so never present"
    elif flown:
        headline = "no leg on the ground could be checked; the others are overflights"
    else:
        headline = "no leg could be checked"
    yield f"{title} ({count}) - {headline}"
    notes = []
    if risky:
        notes.append(f"{one_of(len(risky), len(results), 'leg')} obliged or uncertain")
    if landing:
        notes.append(
            f"{plural(len(landing), 'overflight')} of a place "
            "obliged or possibly obliged to arrest (emergency-landing risk)"
        )
    if errors:
        notes.append(plural(errors, "error row"))
    if notes:
        yield "  " + "; ".join(notes)
    several = len({r.leg.source for r in results}) > 1  # a trip over several files
    for r in results:
        yield from leg_text(r, several)


def _span(result: LegResult) -> str:
    if result.from_ is None:
        return ""
    if result.from_ == result.until:
        return f" on {result.from_}"
    return f" from {result.from_} until {result.until}"


def leg_text(result: LegResult, with_file: bool = False) -> Iterator[str]:
    """One leg for people: where, when, the verdict, and why (or what was wrong); `with_file`
    names the file the row is in."""
    leg = result.leg
    raw = leg.kind.strip().lower() if isinstance(leg.kind, str) else leg.kind
    kind = _said(raw) if raw not in (None, "") else "stay"
    where = _place_label(result.place, leg)
    row = f"row {leg.row} of {leg.source}" if with_file and leg.source else f"row {leg.row}"
    head = f"  {row}: {kind} in {where}, {_leg_dates(leg)}: "
    if result.status == ERROR:
        yield f"{head}ERROR: {result.error}"
        return
    basis = f" ({basis_cell(result.basis)})" if result.basis else ""
    span = _span(result) if result.status in RISK_STATUSES else ""
    yield f"{head}{_TEXT_STATUS[result.status]}{basis}{span}"
    yield f"      {result.explanation}"
