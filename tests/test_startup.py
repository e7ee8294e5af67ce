"""Start-up stays light: `--help` imports none of the heavy modules."""

from __future__ import annotations

import subprocess
import sys

HEAVY = (
    "pycountry",
    "yaml",
    "importlib.metadata",
    "rapidfuzz",
    "anyascii",
    "shapely",
    "pyproj",
    "airportsdata",
)


def imported_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint('\\n'.join(sorted(sys.modules)))\n"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_help_imports_nothing_heavy() -> None:
    modules = imported_after(
        "from travelrisk.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    )
    assert not [m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY]


def test_check_on_a_warm_cache_imports_nothing_heavy() -> None:
    subprocess.run(
        [sys.executable, "-m", "travelrisk", "check", "putin", "FR"], capture_output=True
    )
    modules = imported_after(
        "from travelrisk.cli import main\n"
        "try:\n    main(['check', 'putin', 'FR'])\nexcept SystemExit:\n    pass"
    )
    heavy_here = ("pycountry", "yaml", "shapely", "pyproj", "airportsdata")
    assert not [m for m in modules if m in HEAVY or m.split(".")[0] in heavy_here]
