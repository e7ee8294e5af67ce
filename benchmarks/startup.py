"""Start-up cost of `travelrisk check putin FR` next to `import click` and an empty interpreter.

Prints the median wall time of each over several runs, and the ratio to `import click`
(target: at most 1.5). The data cache is warmed first, as it is for every run after the first.

    python benchmarks/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time


def median_wall(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    exe = shutil.which("travelrisk")
    check = [exe] if exe else [sys.executable, "-m", "travelrisk"]
    check += ["check", "putin", "FR"]
    subprocess.run(check, stdout=subprocess.DEVNULL, check=False)  # warm the data cache
    empty = median_wall([sys.executable, "-c", "pass"], args.runs)
    click = median_wall([sys.executable, "-c", "import click"], args.runs)
    ours = median_wall(check, args.runs)
    print(f"python -c pass              {empty * 1000:7.1f} ms")
    print(f"python -c 'import click'    {click * 1000:7.1f} ms")
    print(f"travelrisk check putin FR   {ours * 1000:7.1f} ms")
    print(f"ratio to import click       {ours / click:7.2f}  (target <= 1.5)")
    print(f"cpu count {os.cpu_count()}, python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
