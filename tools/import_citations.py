"""Adds the citations of a primary-source research pass to the data files, by source id.

    python tools/import_citations.py research/states-citations.yaml [...]

Each citation file lists facts (file, record, fact, sources: [ids]); this appends to each record's
`sources:` list one line per source it cites, `- {id: ..., for: [facts]}`, editing the YAML as
text so that comments and layout stay as they are. Facts are named as the data's fields are
(`deposit`, `withdrawals.notified`, `coverage`, ...). A citation already present is not added
twice; a record or a `sources:` list that cannot be found is reported, not guessed.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent.parent / "data"
# A research pass's fact keys -> the data's field names, per file.
FIELD = {
    ("states_parties", "withdrawal.notified"): "withdrawals.notified",
    ("states_parties", "withdrawal.effective"): "withdrawals.effective",
    ("states_parties", "withdrawal.revoked"): "withdrawals.revoked",
    ("states_parties", "withdrawal.received"): "withdrawals.notified",
    ("states_parties", "announcement"): "announcements",
    ("situations", "opened"): "investigation_opened",
    ("situations", "referral"): "trigger",
    ("obligations", "start"): "from",
    ("obligations", "end"): "until",
    ("obligations", "declaration"): "from",
    ("compliance", "decided"): "decision",
}
RECORD = re.compile(r'^(\s*)- (?:code|id): "?([^"\s#]+)"?\s*(#.*)?$')


def field_name(file: str, fact: str) -> str:
    """`warrants[0].issued` -> `warrants.issued`, `event:surrendered:2025-03-12` ->
    `events.surrendered`, `office:...` -> `offices`, else FIELD's name or the key itself."""
    kind, _, rest = fact.partition(":")
    if file == "warrants":
        if kind == "event":
            return f"events.{rest.split(':', 1)[0]}"
        if kind in ("office", "alias"):
            return "aliases" if kind == "alias" else "offices"
        return re.sub(r"\[\d+\]", "", kind)
    return FIELD.get((file, kind), kind)


def main(paths: list[str]) -> int:
    wanted: dict[str, dict[str, dict[str, list[str]]]] = defaultdict(lambda: defaultdict(dict))
    for path in paths:
        doc = yaml.safe_load(Path(path).read_text())
        items = doc["citations"] if isinstance(doc, dict) else doc
        for c in items:
            for sid in c.get("sources") or []:
                facts = wanted[c["file"]][str(c["record"])].setdefault(sid, [])
                name = field_name(c["file"], c["fact"])
                if name not in facts:
                    facts.append(name)
    problems = 0
    for file, by_record in wanted.items():
        path = DATA / f"{file}.yaml"
        if not path.exists():
            print(f"{file}: not a data file; its citations are not imported", file=sys.stderr)
            continue
        lines = path.read_text().splitlines(keepends=True)
        for record, cites in by_record.items():
            if not insert(lines, record, cites):
                print(f"{file}: {record}: no record or no sources: list found", file=sys.stderr)
                problems += 1
        path.write_text("".join(lines))
    return 1 if problems else 0  # records not found are reported above


def insert(lines: list[str], record: str, cites: dict[str, list[str]]) -> bool:
    starts = [(i, m) for i, line in enumerate(lines) if (m := RECORD.match(line))]
    for n, (i, m) in enumerate(starts):
        if m.group(2) != record:
            continue
        end = next((j for j, _ in starts[n + 1 :] if j > i), len(lines))
        field_indent = len(m.group(1)) + 2
        at = next(
            (
                j
                for j in range(i + 1, end)
                if lines[j].startswith(" " * field_indent + "sources:")
                and lines[j].strip() == "sources:"
            ),
            None,
        )
        if at is None:
            return False
        first = at + 1
        item_indent = len(lines[first]) - len(lines[first].lstrip())
        k = first
        while k < end:
            line = lines[k]
            if line.strip():
                indent = len(line) - len(line.lstrip())
                if indent < item_indent or (
                    indent == item_indent and not line.lstrip().startswith("- ")
                ):
                    break
            k += 1
        while k > first and not lines[k - 1].strip():
            k -= 1
        present = "".join(lines[first:k])
        new = [
            f"{' ' * item_indent}- {{id: {sid}, for: [{', '.join(facts)}]}}\n"
            for sid, facts in cites.items()
            if f"id: {sid}," not in present
        ]
        lines[k:k] = new
        return True
    return False


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
