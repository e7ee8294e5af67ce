"""Speed of `travelrisk.route`: one route of about 10,000 km, cold and warm, and a batch of flights.

- cold: a fresh interpreter imports travelrisk and computes one route (Frankfurt to Singapore,
  10,260 km), boundaries and airports loaded on first use; the whole subprocess is timed, and
  the route call alone inside it.
- warm: the same route again in a process that has computed another route before (boundaries
  and airports loaded, this route's geometry not yet cached), then repeated (geometry cached).
- batch: N flights (default 10,000) between random pairs of 60 large airports on random days
  in 2024-2026, for three suspects, crossings only (no diversion airports), as a batch would
  expand `kind: flight` legs; one process, one core. The number of distinct routes is printed:
  a route's geometry is computed once and kept.

Targets: a warm route in at most 50 ms; the 10,000-flight batch in at most 60 s on one core.

    python benchmarks/route.py [--flights N] [--seed S] [--uncached]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta

AIRPORTS = (
    "ATL PEK LAX DXB HND ORD LHR PVG CDG DFW CAN AMS FRA IST DEL SIN ICN DEN BKK JFK KUL MAD SFO "
    "CTU SZX BCN LAS SEA YYZ MEX MUC SYD GRU JNB CAI LOS NBO ADD DOH RUH TLV SVO VKO LED UBN ALA "
    "TAS KBP WAW BUD VIE ZRH FCO ATH HEL OSL ARN CPH DUB LIS"
).split()
SUSPECTS = ("putin", "netanyahu", "al-bashir")
COLD = """
import time
t = time.perf_counter()
import travelrisk
travelrisk.route("putin", ["FRA", "SIN"], on="2025-06-01")
print(time.perf_counter() - t)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flights", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument(
        "--uncached",
        action="store_true",
        help="forget each route's geometry before the next flight, as if all were distinct",
    )
    args = parser.parse_args()
    env = dict(os.environ)
    start = time.perf_counter()
    inner = subprocess.run(
        [sys.executable, "-c", COLD], capture_output=True, text=True, check=True, env=env
    )
    whole = time.perf_counter() - start
    route_ms = float(inner.stdout) * 1000
    print(f"cold: {whole * 1000:.0f} ms for the process, {route_ms:.0f} ms import and route")

    import travelrisk

    travelrisk.route("putin", ["LHR", "CDG"], on="2025-06-01")  # loads boundaries and airports
    t = time.perf_counter()
    r = travelrisk.route("putin", ["FRA", "SIN"], on="2025-06-01")
    first = time.perf_counter() - t
    times = []
    for _ in range(20):
        t = time.perf_counter()
        travelrisk.route("putin", ["FRA", "SIN"], on="2025-06-01")
        times.append(time.perf_counter() - t)
    print(
        f"warm: {r.length_km:,.0f} km, {len(r.crossings)} crossings, {len(r.diversions)} "
        f"diversion airports: {first * 1000:.1f} ms first, "
        f"{statistics.median(times) * 1000:.1f} ms median of 20 with the geometry cached "
        "(target <= 50 ms)"
    )

    from travelrisk.batch.routes.route import _geometry, route

    ds = travelrisk.default_dataset()
    rng = random.Random(args.seed)
    day0 = date(2024, 1, 1)
    flights = []
    for _ in range(args.flights):
        a, b = rng.sample(AIRPORTS, 2)
        flights.append((rng.choice(SUSPECTS), a, b, day0 + timedelta(days=rng.randrange(1000))))
    distinct = len({(a, b) for _, a, b, _ in flights})
    t = time.perf_counter()
    km = crossings = 0.0
    for suspect, a, b, day in flights:
        if args.uncached:
            _geometry.cache_clear()
        fr = route(suspect, [a, b], day, dataset=ds, diversions=False)
        km += fr.length_km
        crossings += len(fr.crossings)
    spent = time.perf_counter() - t
    print(
        f"batch: {args.flights:,} flights ({distinct:,} distinct routes"
        f"{', geometry not kept' if args.uncached else ''}, "
        f"{km / args.flights:,.0f} km and {crossings / args.flights:.1f} crossings on average) "
        f"in {spent:.1f} s, "
        f"{spent / args.flights * 1000:.2f} ms a flight (target <= 60 s)"
    )


if __name__ == "__main__":
    main()
