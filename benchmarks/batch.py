"""Throughput and memory of `travelrisk batch` on a large CSV, next to a bare csv-module baseline.

Generates N legs (default 1,000,000) to a temporary CSV: suspects by id and by name, places by ISO
code and by name, dates 2000-2026, a third of the stays over several days, some transits and
overflights, and about 1% bad rows (unknown names, impossible dates, departures before arrivals,
empty values). Then runs, each as a subprocess writing to /dev/null:

- the baseline: Python's csv module reads the file and writes each row back with one extra column;
- `travelrisk batch` with --jobs 1 and the default, to CSV, JSON Lines and Parquet;
- `check_frame` on the CSV read and written by polars (the columnar core, as a library call);
- at 1M legs, also: a .json input (one array, read whole); 1,000 distinct (suspect, place) pairs;
  all-distinct dates from 1800 to 4999.

Each variant runs by turns with the baseline (--repeats times, interleaved, so that the shared
machine's load falls on both); it prints the median time, its ratio to the baseline's, legs per
second and the largest peak RSS (the child's own, from wait4). Targets (issue 12): 1M legs CSV to
CSV in <= 1.5x the baseline and >= 300k legs/s; JSONL <= 1.3x CSV; RSS <= 200 MB, flat; a 1M .json
input in <= 300 MB; 10k legs in <= 0.6 s.

    python benchmarks/batch.py [--sizes 10000,100000,1000000] [--repeats 3] [--keep DIR] [--quick]
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


def generate_combos(path: str, n: int, seed: int, combos: int) -> None:
    """N one-day legs over `combos` distinct (suspect, place) pairs, by id and code."""
    rng = random.Random(seed)
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))
    import travelrisk

    ds = travelrisk.default_dataset()
    pairs = [(s, p.code) for s in ds.suspects for p in ds.places()]
    chosen = rng.sample(pairs, combos)
    first, span = date(2000, 1, 1), (date(2026, 12, 31) - date(2000, 1, 1)).days
    with open(path, "w", newline="", encoding="utf-8") as f:
        f.write("trip,suspect,country,date\n")
        for i in range(n):
            who, where = chosen[rng.randrange(combos)]
            day = first + timedelta(days=rng.randrange(span))
            f.write(f"T{i // 4:07d},{who},{where},{day.isoformat()}\n")


def generate_dates(path: str, n: int, seed: int) -> None:
    """N one-day legs whose dates are all distinct, from 1800 to 4999 (one a day, shuffled)."""
    rng = random.Random(seed)
    start = date(1800, 1, 1)
    span = (date(4999, 12, 31) - start).days + 1
    days = rng.sample(range(span), n) if n <= span else [rng.randrange(span) for _ in range(n)]
    people = [p for p, _ in FREQUENT_SUSPECTS]
    places = [p for p, _ in FREQUENT_PLACES]
    with open(path, "w", newline="", encoding="utf-8") as f:
        f.write("trip,suspect,country,date\n")
        for i, d in enumerate(days):
            day = (start + timedelta(days=d)).isoformat()
            f.write(f"T{i // 4:07d},{rng.choice(people)},{rng.choice(places)},{day}\n")


def to_json(csv_path: str, json_path: str) -> None:
    """The CSV's rows as one JSON array of objects."""
    import json

    with open(csv_path, newline="", encoding="utf-8") as f, open(json_path, "w") as out:
        out.write("[\n")
        for i, row in enumerate(csv.DictReader(f)):
            out.write((",\n" if i else "") + json.dumps(row))
        out.write("\n]\n")


# check_frame on a whole CSV read by polars and written by polars: the columnar core, measured
# as a library call (its CSV is polars', not byte for byte batch's).
FRAME = """
import sys, polars as pl, travelrisk
frame = pl.read_csv(sys.argv[1], infer_schema=False)
travelrisk.check_frame(frame).write_csv(sys.stdout)
"""


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


def interleaved(
    n: int, path: str, variants: list[tuple[str, list[str]]], repeats: int
) -> list[tuple[str, float, float, float, int]]:
    """Each variant and the baseline, run by turns `repeats` times; the median of each, and the
    ratio of each median to the baseline's."""
    from statistics import median

    times: dict[str, list[float]] = {"baseline": []}
    rss: dict[str, float] = {"baseline": 0.0}
    codes: dict[str, int] = {}
    for _ in range(repeats):
        t, r, _ = measure([sys.executable, "-c", BASELINE, path])
        times["baseline"].append(t)
        rss["baseline"] = max(rss["baseline"], r)
        for label, cmd in variants:
            t, r, code = measure(cmd)
            times.setdefault(label, []).append(t)
            rss[label] = max(rss.get(label, 0.0), r)
            codes[label] = code
    base = median(times["baseline"])
    rows = [("baseline", base, 1.0, rss["baseline"], 0)]
    for label, _ in variants:
        t = median(times[label])
        rows.append((label, t, t / base, rss[label], codes[label]))
    for label, t, ratio, peak, code in rows:
        print(
            f"  {n:>10,} {label:<34} {t:7.2f} s  x{ratio:5.2f} {n / t:>10,.0f} legs/s "
            f"RSS {peak:6.1f} MB" + (f"  (exit {code})" if label != "baseline" else ""),
            flush=True,
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", default="10000,100000,1000000", help="comma-separated leg counts"
    )
    parser.add_argument("--repeats", type=int, default=3, help="interleaved runs of each")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--keep", metavar="DIR", help="generate into (and reuse) DIR")
    parser.add_argument("--quick", action="store_true", help="only batch --jobs 1 at each size")
    args = parser.parse_args()
    exe = shutil.which("travelrisk")
    travelrisk = [exe] if exe else [sys.executable, "-m", "travelrisk"]
    subprocess.run([*travelrisk, "check", "putin", "FR"], stdout=subprocess.DEVNULL, check=False)
    folder = args.keep or tempfile.mkdtemp(prefix="travelrisk-bench-")
    os.makedirs(folder, exist_ok=True)
    null = os.devnull

    def made(name: str, make: object) -> str:
        path = os.path.join(folder, name)
        if not os.path.exists(path):
            t = time.perf_counter()
            make(path)  # type: ignore[operator]
            print(
                f"generated {name} ({os.path.getsize(path) / 1e6:.0f} MB) "
                f"in {time.perf_counter() - t:.1f} s",
                flush=True,
            )
        return path

    try:
        print(
            f"cpu count {os.cpu_count()}, python {sys.version.split()[0]}; "
            f"median of {args.repeats} interleaved runs, output to {null}"
        )
        for n in [int(x) for x in args.sizes.split(",")]:
            path = made(f"legs-{n}.csv", lambda p, n=n: generate(p, n, args.seed))
            batch = [*travelrisk, "batch", path, "-o"]
            variants = [("batch --jobs 1, CSV", [*batch, null, "--format", "csv", "--jobs", "1"])]
            if not args.quick:
                out = os.path.join(folder, "out.parquet")
                variants += [
                    ("batch (default jobs), CSV", [*batch, null, "--format", "csv"]),
                    ("batch --jobs 1, JSONL", [*batch, null, "--format", "jsonl", "--jobs", "1"]),
                    ("batch, Parquet out", [*batch, out, "--jobs", "1"]),
                    ("check_frame (polars CSV in/out)", [sys.executable, "-c", FRAME, path]),
                ]
            interleaved(n, path, variants, args.repeats)
            if not args.quick and n == 1_000_000:
                json_path = made(f"legs-{n}.json", lambda p, src=path: to_json(src, p))
                interleaved(
                    n,
                    path,
                    [
                        (
                            "batch, JSON in, CSV out",
                            [*travelrisk, "batch", json_path, "-o", null, "--format", "csv"],
                        )
                    ],
                    args.repeats,
                )
                for name, make in (
                    ("combos-1000", lambda p, n=n: generate_combos(p, n, args.seed, 1000)),
                    ("dates-distinct", lambda p, n=n: generate_dates(p, n, args.seed)),
                ):
                    other = made(f"{name}-{n}.csv", make)
                    print(f"  {name}:")
                    interleaved(
                        n,
                        other,
                        [
                            (
                                "batch --jobs 1, CSV",
                                [
                                    *travelrisk,
                                    "batch",
                                    other,
                                    "-o",
                                    null,
                                    "--format",
                                    "csv",
                                    "--jobs",
                                    "1",
                                ],
                            ),
                            (
                                "check_frame (polars CSV in/out)",
                                [sys.executable, "-c", FRAME, other],
                            ),
                        ],
                        args.repeats,
                    )
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
