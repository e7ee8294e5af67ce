"""Start-up cost of `travelrisk check putin FR` next to `import click` and an empty interpreter.

Runs every command once per round, in turn, for several rounds (interleaved, so that other work on
a shared machine slows them alike), and prints for each the median and fastest wall time and the
median CPU time (user + system), then the ratios to `import click` (target: at most 1.1).

`check` is run as the console script that `pip install` writes for the entry point pyproject.toml
declares (a script in a temporary folder, run by this interpreter), so that the figures are those
of this checkout even where an older install's script is on PATH; the data cache and the answer
index are warmed first, as they are for every run after the first. Also measured: the same fast
path entered after `import click` (where a hook in `travelrisk.cli` would run), the full path
(`travelrisk.cli:run`, the entry point before the fast path), one run that compiles a new query
into the index, and the sizes of the data cache and of the index.

    python benchmarks/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = """\
import re
import sys
from {module} import {function}
if __name__ == '__main__':
    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])
    sys.exit({function}())
"""


def entry_point_script(folder: str, target: str) -> list[str]:
    """A console script for `target` ("module:function"), as pip writes one."""
    module, function = target.split(":")
    path = os.path.join(folder, f"travelrisk-{function}-{module.replace('.', '-')}")
    Path(path).write_text(SCRIPT.format(module=module, function=function))
    return [sys.executable, path]


def run_once(cmd: list[str]) -> tuple[float, float]:
    """(wall, CPU) of one run, in seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=31)
    args = parser.parse_args()
    os.environ.setdefault("TRAVELRISK_CACHE_DIR", tempfile.mkdtemp(prefix="travelrisk-bench-"))
    cache_dir = os.environ["TRAVELRISK_CACHE_DIR"]
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    scripts = (ROOT / "pyproject.toml").read_text().split("[project.scripts]", 1)[1]
    declared = dict(re.findall(r'^(\S+) = "([^"]+)"', scripts, re.MULTILINE))
    folder = tempfile.mkdtemp(prefix="travelrisk-scripts-")
    query = ["check", "putin", "FR"]
    script = entry_point_script(folder, declared["travelrisk"]) + query
    full = entry_point_script(folder, "travelrisk.cli:run") + query
    after_click = [sys.executable, "-c", "import click; from travelrisk.quick import run; run()"]
    # As after `pip install`: bytecode compiled (PYTHONDONTWRITEBYTECODE would otherwise make
    # every run compile the sources again), then the data cache and the answer index warm.
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "src" / "travelrisk")], check=False
    )
    for _ in range(2):
        subprocess.run(script, stdout=subprocess.DEVNULL, check=False)
    rows = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import click'": [sys.executable, "-c", "import click"],
        "travelrisk --help": [*script[:-3], "--help"],
        "travelrisk check putin FR": script,
        "  fast path after click": [*after_click, *query],
        "  full path (cli:run)": full,
    }
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in rows}
    for _ in range(args.runs):
        for name, cmd in rows.items():
            times[name].append(run_once(cmd))
    print(f"{'':28} {'median':>9} {'fastest':>9} {'cpu':>9}")
    medians = {}
    for name, found in times.items():
        walls, cpus = [w for w, _ in found], [c for _, c in found]
        medians[name] = (statistics.median(walls), min(walls), statistics.median(cpus))
        med, fast, cpu = medians[name]
        print(f"{name:28} {med * 1000:7.1f}ms {fast * 1000:7.1f}ms {cpu * 1000:7.1f}ms")
    click = medians["python -c 'import click'"]
    for name in ("travelrisk check putin FR", "  fast path after click", "  full path (cli:run)"):
        ours = medians[name]
        print(
            f"{name.strip()}: ratio to import click: median wall {ours[0] / click[0]:.2f}, "
            f"fastest wall {ours[1] / click[1]:.2f}, cpu {ours[2] / click[2]:.2f}  (target <= 1.1)"
        )
    # One query compiled into the index: the full path, then its answers on every day.
    learn = [*script[:-1], "DE", "--on", "2025-01-01"]
    start = time.perf_counter()
    subprocess.run(learn, stdout=subprocess.DEVNULL, check=False)
    first_run = (time.perf_counter() - start) * 1000
    print(f"a new query's first run (full path, then compiled into the index): {first_run:.0f}ms")
    sizes = {p.name: p.stat().st_size for p in Path(cache_dir).iterdir() if p.is_file()}
    for name, size in sorted(sizes.items()):
        print(f"cache folder: {name} {size / 1024:.1f} KiB")
    print(f"{args.runs} rounds; cpu count {os.cpu_count()}, python {sys.version.split()[0]}")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
