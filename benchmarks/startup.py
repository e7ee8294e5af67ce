"""Start-up cost of `travelrisk check putin FR` next to `import click` and an empty interpreter.

For each command, prints the fastest and the median wall time over several runs, and the CPU
time (user + system) of the fastest run, then the ratio to `import click` (target: at most 1.5).
The fastest run is the least disturbed by other work on a shared machine, so the ratio uses it.
The data cache is warmed first, as it is for every run after the first.

    python benchmarks/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time


def measure(cmd: list[str], runs: int) -> tuple[float, float, float]:
    """(fastest wall, median wall, CPU of the least-CPU run), in seconds."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(walls), statistics.median(walls), min(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=31)
    args = parser.parse_args()
    exe = shutil.which("travelrisk")
    check = [exe] if exe else [sys.executable, "-m", "travelrisk"]
    check += ["check", "putin", "FR"]
    # As after `pip install`: bytecode compiled (PYTHONDONTWRITEBYTECODE would otherwise make
    # every run compile the sources again), and the data cache warm.
    import travelrisk

    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", os.path.dirname(travelrisk.__file__)],
        check=False,
    )
    subprocess.run(check, stdout=subprocess.DEVNULL, check=False)
    rows = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import click'": [sys.executable, "-c", "import click"],
        "travelrisk --help": [*check[:-3], "--help"],
        "travelrisk check putin FR": check,
    }
    results = {name: measure(cmd, args.runs) for name, cmd in rows.items()}
    print(f"{'':28} {'fastest':>9} {'median':>9} {'cpu':>9}")
    for name, (fast, median, cpu) in results.items():
        print(f"{name:28} {fast * 1000:7.1f}ms {median * 1000:7.1f}ms {cpu * 1000:7.1f}ms")
    click, ours = results["python -c 'import click'"], results["travelrisk check putin FR"]
    print(
        f"ratio to import click: fastest wall {ours[0] / click[0]:.2f}, "
        f"median wall {ours[1] / click[1]:.2f}, cpu {ours[2] / click[2]:.2f}  (target <= 1.5)"
    )
    print(f"{args.runs} runs each; cpu count {os.cpu_count()}, python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
