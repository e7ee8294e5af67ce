"""Throughput and memory of `travelrisk batch` on a large CSV, next to a bare csv-module baseline.

Generates N legs (default 1,000,000) to a temporary CSV: suspects by id and by name, places by ISO
code and by name, dates 2000-2026, a third of the stays over several days, some transits and
overflights, and about 1% bad rows (unknown names, impossible dates, departures before arrivals,
empty values). Then runs, each as a subprocess writing to /dev/null:

- the baseline: Python's csv module reads the file and writes each row back with one extra column;
- `travelrisk batch FILE --format csv`.

It prints legs per second, wall time and peak RSS (the child's own, from wait4) of each, and the
ratio of their times. Targets: at most 2x the baseline's time; peak RSS under 150 MB and flat with
the input's size, which a second, smaller run (--small, default 100,000 legs) shows.

    python benchmarks/batch.py [--legs N] [--small N] [--seed S] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta

BASELINE = """
import csv, sys
reader = csv.reader(open(sys.argv[1], newline="", encoding="utf-8-sig"))
writer = csv.writer(sys.stdout, lineterminator="\\n")
writer.writerow(next(reader) + ["checked"])
for row in reader:
    row.append("yes")
    writer.writerow(row)
"""

# Weighted like real screening input: a few much-travelled suspects, a long tail of the rest.
FREQUENT_SUSPECTS = [
    ("putin", 12),
    ("Vladimir Putin", 8),
    ("netanyahu", 10),
    ("Benjamin Netanyahu", 6),
    ("al-bashir", 6),
    ("Omar al-Bashir", 4),
    ("Omar Hassan Ahmad Al Bashir", 2),
    ("gallant", 4),
    ("Yoav Gallant", 2),
    ("duterte", 3),
    ("Rodrigo Duterte", 2),
    ("kony", 2),
    ("Joseph Kony", 1),
    ("lvova-belova", 2),
    ("Maria Lvova-Belova", 1),
    ("saif-al-islam-gaddafi", 2),
    ("Путин", 1),
    ("shoigu", 1),
    ("gerasimov", 1),
    ("harun", 1),
    ("hussein", 1),
    ("akhundzada", 1),
]
FREQUENT_PLACES = [
    ("FR", 5),
    ("DE", 5),
    ("US", 6),
    ("HU", 3),
    ("MN", 2),
    ("ZA", 2),
    ("CN", 4),
    ("IN", 3),
    ("TR", 3),
    ("AE", 3),
    ("RU", 4),
    ("UA", 2),
    ("United Kingdom", 3),
    ("Germany", 2),
    ("South Africa", 1),
    ("Brazil", 2),
    ("Kazakhstan", 2),
    ("Sudan", 1),
    ("Egypt", 2),
    ("Saudi Arabia", 2),
    ("Japan", 2),
    ("Italy", 2),
    ("GB", 3),
    ("Netherlands", 1),
    ("PH", 1),
]
BAD = [
    lambda r: {**r, "suspect": r["suspect"] + "x"},  # a typo: unknown suspect
    lambda r: {**r, "country": "Atlantis"},
    lambda r: {
        **r,
        "arrive": r["arrive"][:8] + "31"
        if r["arrive"][5:7] in ("02", "04")
        else r["arrive"][:5] + "13-01",
    },  # an impossible date
    lambda r: (
        {**r, "arrive": r["depart"], "depart": r["arrive"]}
        if r["arrive"] != r["depart"]
        else {**r, "depart": "2000-01-01", "arrive": "2026-12-31"}
    ),
    lambda r: {**r, "country": ""},
    lambda r: {**r, "kind": "cruise"},
]
FIELDS = ["trip", "suspect", "country", "arrive", "depart", "kind", "notes"]


def generate(path: str, n: int, seed: int) -> None:
    rng = random.Random(seed)
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))
    import travelrisk

    ds = travelrisk.default_dataset()
    suspects = [s for s, _ in FREQUENT_SUSPECTS] + list(ds.suspects)
    s_weights = [w for _, w in FREQUENT_SUSPECTS] + [0.2] * len(ds.suspects)
    places = ds.places()
    place_names = (
        [p for p, _ in FREQUENT_PLACES]
        + [p.code for p in places]
        + [p.name for p in places if "," not in p.name]
    )
    p_weights = (
        [w * 3 for _, w in FREQUENT_PLACES]
        + [0.3] * len(places)
        + [0.1] * (len(place_names) - len(FREQUENT_PLACES) - len(places))
    )
    first, span = date(2000, 1, 1), (date(2026, 12, 31) - date(2000, 1, 1)).days
    kinds = ["stay"] * 17 + ["transit"] * 2 + ["overflight"]
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, FIELDS, lineterminator="\n")
        writer.writeheader()
        trip = 0
        for i in range(n):
            if i % 4 == 0:
                trip += 1
                who = rng.choices(suspects, s_weights)[0]
            arrive = first + timedelta(days=rng.randrange(span))
            stay = rng.choice((0, 0, 1, 2, 3, 5, 7, 14)) if rng.random() < 0.5 else 0
            row = {
                "trip": f"T{trip:07d}",
                "suspect": who,
                "country": rng.choices(place_names, p_weights)[0],
                "arrive": arrive.isoformat(),
                "depart": (arrive + timedelta(days=stay)).isoformat(),
                "kind": rng.choice(kinds),
                "notes": ""
                if rng.random() < 0.7
                else rng.choice(
                    ("state visit", "summit, plenary", "refuelling stop", 'said "private"')
                ),
            }
            if rng.random() < 0.01:
                row = rng.choice(BAD)(row)
            writer.writerow(row)


def measure(cmd: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB (of this child alone), and the exit code."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.stderr is not None:
        proc.stderr.close()
    return wall, usage.ru_maxrss / 1024, proc.returncode


def run(n: int, seed: int, folder: str, travelrisk: list[str]) -> tuple[float, float]:
    path = os.path.join(folder, f"legs-{n}.csv")
    if not os.path.exists(path):
        t = time.perf_counter()
        generate(path, n, seed)
        print(
            f"generated {n:,} legs ({os.path.getsize(path) / 1e6:.0f} MB) "
            f"in {time.perf_counter() - t:.1f} s"
        )
    base_t, base_rss, _ = measure([sys.executable, "-c", BASELINE, path])
    ours_t, ours_rss, code = measure([*travelrisk, "batch", path, "--format", "csv"])
    print(
        f"  {n:>9,} legs  baseline   {base_t:6.2f} s {n / base_t:>10,.0f} legs/s "
        f"peak RSS {base_rss:6.1f} MB"
    )
    print(
        f"  {n:>9,} legs  travelrisk {ours_t:6.2f} s {n / ours_t:>10,.0f} legs/s "
        f"peak RSS {ours_rss:6.1f} MB  (exit {code})"
    )
    print(f"  ratio to baseline: {ours_t / base_t:.2f}  (target <= 2.0)")
    return ours_t / base_t, ours_rss


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--legs", type=int, default=1_000_000)
    parser.add_argument(
        "--small",
        type=int,
        default=100_000,
        help="a second, smaller run to show memory is flat (0: skip)",
    )
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--keep", metavar="DIR", help="generate into (and reuse) DIR")
    args = parser.parse_args()
    exe = shutil.which("travelrisk")
    travelrisk = [exe] if exe else [sys.executable, "-m", "travelrisk"]
    subprocess.run([*travelrisk, "check", "putin", "FR"], stdout=subprocess.DEVNULL, check=False)
    folder = args.keep or tempfile.mkdtemp(prefix="travelrisk-bench-")
    os.makedirs(folder, exist_ok=True)
    try:
        results = []
        for n in [args.small, args.legs] if args.small else [args.legs]:
            results.append((n, *run(n, args.seed, folder, travelrisk)))
        rss = [r[2] for r in results]
        print(
            f"peak RSS: {', '.join(f'{r:.1f} MB at {n:,}' for n, _, r in results)} "
            f"(target < 150 MB, flat)"
        )
        print(f"cpu count {os.cpu_count()}, python {sys.version.split()[0]}")
        if max(rss) >= 150:
            print("peak RSS target missed")
        if results[-1][1] > 2.0:
            print(f"time target missed at {results[-1][0]:,} legs")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
