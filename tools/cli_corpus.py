"""Record the CLI's output on a fixed corpus of commands, and compare a later run with it.

    python tools/cli_corpus.py record DIR    # before a change
    python tools/cli_corpus.py compare DIR   # after it: lists every command whose output differs

Each command runs in-process (as the CLI tests do) with a fresh cache folder; its exit code,
standard output and standard error are kept. Every command names its date, so the corpus does not
depend on the day it runs, except where a command's point is the default date. The data digest
(64 hex digits) and the checkout's path are masked, so a change to the data files' bytes alone,
or running from another worktree, does not count as a difference.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ITINERARIES = ROOT / "tests" / "fixtures" / "itineraries"
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"

SUSPECTS = [
    "putin", "netanyahu", "al-bashir", "duterte", "kony", "saif-al-islam-gaddafi", "gallant",
    "elmasry-njeem", "ongwen", "lvova-belova", "harun", "akhundzada", "deif", "simone-gbagbo",
]  # fmt: skip
PLACES = ["FR", "US", "HU", "MN", "ZA", "NR", "NE", "LY", "SD", "UA", "PH", "BI", "GL", "AW"]
DATES = ["2010-06-01", "2024-09-02", "2027-10-01"]
FORMATS = ["text", "json", "csv"]


def commands() -> list[list[str]]:
    out: list[list[str]] = []
    for i, suspect in enumerate(SUSPECTS):
        for j, day in enumerate(DATES):
            fmt = FORMATS[(i + j) % 3]
            out.append(["check", suspect, *PLACES[j::3], "--on", day, "--format", fmt])
        out.append(
            ["check", suspect, PLACES[i % len(PLACES)], "--on", "2025-05-13", "--sources", "all"]
        )
        out.append(["timeline", suspect, PLACES[(i + 3) % len(PLACES)]])
        out.append(["timeline", suspect, PLACES[(i + 5) % len(PLACES)], "--format", "json"])
        out.append(["where", suspect, "--on", "2025-01-01", "--format", FORMATS[i % 3]])
        out.append(["show", suspect])
        out.append(["show", suspect, "--format", "json"])
        out.append(["map", suspect, "--on", "2024-09-02", "-o", "-"])
    for fmt in FORMATS:
        out.append(["suspects", "--on", "2025-01-01", "--format", fmt])
        out.append(["countries", "--on", "2025-01-01", "--format", fmt])
        out.append(["changes", "--format", fmt])
        out.append(["where", "putin", "--on", "2026-11-26", "--format", fmt])
    out += [
        ["timeline", "saif-al-islam-gaddafi", "LY"],
        ["check", "putin", "NR", "--on", "2027-10-01"],
        ["check", "putin", "NE", "--on", "2028-01-01"],
        ["check", "netanyahu", "FR"],
        ["check", "Osama Almasri", "IT", "--on", "2025-01-21"],
        ["check", "White Ant", "UG", "--on", "2010-01-01"],
        ["check", "Беньямин Нетаньяху", "Hungary", "--on", "2025-04-03"],
        ["check", "al-bashir", "South Africa", "--on", "2015-06-14", "--format", "json"],
        ["check", "putin", "Mongolia", "--on", "2024-09-03"],
        ["check", "putin", "Greenland", "Aruba", "Hong Kong", "--on", "2025-01-01"],
        ["check", "nobody-at-all", "FR"],
        ["check", "putin", "Atlantis"],
        ["check", "putin", "FR", "--on", "2025-13-01"],
        ["check", "putin", "FR", "--format", "xml"],
        ["check", "put", "FR"],
        ["where", "putin", "--on", "2025-01-01", "--format", "geojson"],
        ["suspects", "--place", "FR", "--on", "2025-01-01"],
        ["suspects", "--status", "live"],
        ["countries", "--suspect", "putin", "--on", "2025-01-01"],
        ["data", "info"],
        ["data", "info", "--format", "json"],
        ["data", "validate"],
        ["data", "validate", "--format", "json"],
        ["data", "export", "periods", "--format", "csv", "-o", "-"],
        ["data", "export", "periods", "--format", "jsonl", "-o", "-"],
        ["--help"],
        ["--version"],
        ["map", "putin", "--on", "2025-01-01", "--html", "-"],
        ["route", "netanyahu", "TLV", "JFK", "--on", "2025-09-25"],
        ["route", "netanyahu", "TLV", "JFK", "--on", "2025-09-25", "--format", "json"],
        ["route", "putin", "VKO", "UBN", "--on", "2024-09-02", "--format", "geojson"],
        ["route", "putin", "VKO", "UBN", "--on", "2024-09-02", "--format", "csv"],
    ]
    for name in ["check", "batch", "where", "timeline", "map", "suspects", "show", "countries"]:
        out.append([name, "--help"])
    out += [
        ["data", "--help"],
        ["data", "info", "--help"],
        ["route", "--help"],
        ["changes", "--help"],
    ]
    for path in sorted(ITINERARIES.iterdir()):
        if path.name == "README":
            continue
        for fmt in ["csv", "jsonl", "json"]:
            out.append(["batch", str(path), "--format", fmt])
    for path in sorted(HOSTILE.iterdir()):
        out.append(["batch", str(path)])
    return out


_DIGEST = re.compile(r"\b[0-9a-f]{64}\b")


def _masked(text: str) -> str:
    return _DIGEST.sub("<digest>", text).replace(str(ROOT), "<root>")


def _key(args: list[str]) -> str:
    text = json.dumps(args, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def run_all() -> dict[str, dict[str, object]]:
    os.environ["TRAVELRISK_CACHE_DIR"] = tempfile.mkdtemp(prefix="cli-corpus-")
    os.environ.pop("TRAVELRISK_DATA_DIR", None)
    os.environ.pop("TRAVELRISK_RELEASE", None)
    from click.testing import CliRunner

    from travelrisk.cli import main

    results: dict[str, dict[str, object]] = {}
    for args in commands():
        result = CliRunner(env={"COLUMNS": "100"}).invoke(main, args)
        shown = [a.replace(str(ROOT) + "/", "") for a in args]
        results[_key(shown)] = {
            "args": shown,
            "exit": result.exit_code,
            "stdout": _masked(result.stdout_bytes.decode("utf-8", "replace")),
            "stderr": _masked(result.stderr_bytes.decode("utf-8", "replace")),
        }
    return results


def main() -> int:
    if len(sys.argv) != 3 or sys.argv[1] not in {"record", "compare"}:
        print("usage: cli_corpus.py record|compare DIR", file=sys.stderr)
        return 2
    where = Path(sys.argv[2])
    results = run_all()
    if sys.argv[1] == "record":
        where.mkdir(parents=True, exist_ok=True)
        for key, value in results.items():
            (where / f"{key}.json").write_text(json.dumps(value, ensure_ascii=False, indent=1))
        print(f"recorded {len(results)} commands in {where}")
        return 0
    differ = 0
    for key, value in results.items():
        old_path = where / f"{key}.json"
        if not old_path.exists():
            print(f"new: {' '.join(value['args'])}")  # type: ignore[arg-type]
            differ += 1
            continue
        old = json.loads(old_path.read_text())
        for part in ["exit", "stdout", "stderr"]:
            if old[part] != value[part]:
                print(f"differs ({part}): {' '.join(value['args'])}")  # type: ignore[arg-type]
                differ += 1
                break
    print(f"{len(results)} commands, {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
