"""Start-up stays light: `--help` imports none of the heavy modules."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from what_if import suspect_yaml

from travelrisk import quick
from travelrisk.data.dataset import Dataset
from travelrisk.quick import Query

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


PUTIN_GONE = suspect_yaml(
    "putin", "Vladimir Putin", "2023-03-17", ("2023-03-18", "warrant_withdrawn")
)


# -- check's fast path (travelrisk.quick) ---------------------------------------------------------
ROOT = Path(__file__).resolve().parent.parent


def test_the_console_script_and_python_m_start_at_the_fast_path() -> None:
    assert quick_entry_point() == "travelrisk.quick:run"
    assert "travelrisk.quick import run" in (ROOT / "src/travelrisk/__main__.py").read_text()


def quick_entry_point() -> str:
    """The console script's entry point in pyproject.toml (tomllib is Python 3.11's)."""
    scripts = (ROOT / "pyproject.toml").read_text().split("[project.scripts]", 1)[1]
    found = re.search(r'^travelrisk = "([^"]+)"', scripts, re.MULTILINE)
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["check", "putin", "FR"], Query("putin", ("FR",), None, "text", "top")),
        (
            ["check", "--on=2025-01-01", "putin", "FR", "DE", "--format", "json"],
            Query("putin", ("FR", "DE"), "2025-01-01", "json", "top"),
        ),
        (
            ["check", "putin", "--sources", "all", "--", "-FR"],
            Query("putin", ("-FR",), None, "text", "all"),
        ),
        (
            ["check", "putin", "FR", "--on", "tomorrow"],
            Query("putin", ("FR",), "tomorrow", "text", "top"),
        ),
    ],
)
def test_the_fast_path_reads_the_check_command_line(args: list[str], expected: Query) -> None:
    assert quick.parse(args, {}) == expected


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["where", "putin"],
        ["check", "putin"],
        ["--data-dir", "x", "check", "putin", "FR"],
        ["-v", "check", "putin", "FR"],
        ["check", "putin", "FR", "--help"],
        ["check", "putin", "FR", "--format", "JSON"],
        ["check", "putin", "FR", "--format", "geojson"],
        ["check", "putin", "FR", "--on", "2025-01-01", "--on", "2025-01-02"],
        ["check", "putin", "FR", "--on"],
        ["check", "putin", "FR", "--on", "-1"],
        ["check", "putin", "FR", "--sources", "some"],
        ["check", "putin", "FR", "--unknown"],
        ["check", "putin", "FR", "-x"],
    ],
)
def test_anything_else_takes_the_full_path(args: list[str]) -> None:
    assert quick.parse(args, {}) is None


@pytest.mark.parametrize("variable", quick.FULL_PATH_VARIABLES)
def test_an_overlay_release_or_completion_variable_takes_the_full_path(variable: str) -> None:
    assert quick.parse(["check", "putin", "FR"], {variable: ""}) is None


def test_day_pieces_keep_a_fixed_date_that_equals_the_day() -> None:
    a = "on 2023-03-17: issued 2023-03-17"
    b = "on 2024-05-01: issued 2023-03-17"
    assert quick.day_pieces("2023-03-17", a, "2024-05-01", b) == ["on ", ": issued 2023-03-17"]
    assert quick.day_pieces("2023-03-17", a, "2024-05-01", b.replace("issued", "ISSUED")) is None


def test_compiling_finds_a_change_between_the_days_given_by_bisection() -> None:
    def answer_on(day: date) -> tuple[str, int]:
        late = day >= date(2037, 1, 1)
        return (f"{day}: {'far' if late else 'near'} ({day})\n", 1 if late else 0)

    periods = quick.compile_answers(answer_on, [date(2020, 5, 5)], 100)
    assert periods is not None
    assert [(date.fromordinal(p[0]), date.fromordinal(p[1]), p[2]) for p in periods] == [
        (date.min, date(2036, 12, 31), 0),
        (date(2037, 1, 1), date.max, 1),
    ]
    assert quick.compile_answers(answer_on, [date(2020, 5, 5)], 10) is None  # over budget


# Queries compared, fast path against full path, on every day where an answer may change, the
# day before and after, and days spread over the years: every status and basis, territories,
# withdrawals, declarations, sealed warrants, the horizon caveat; several places; every format.
QUERIES = [
    ("putin", ("FR",), "text", "top"),
    ("putin", ("UA",), "text", "all"),
    ("putin", ("MN", "HU", "US"), "text", "top"),
    ("al-bashir", ("BI",), "text", "top"),
    ("al-bashir", ("SD", "ZA", "GL"), "json", "top"),
    ("netanyahu", ("HU", "DE", "US"), "text", "all"),
    ("netanyahu", ("PS", "IL"), "csv", "top"),
    ("duterte", ("PH",), "markdown", "top"),
    ("deif", ("FR",), "text", "top"),
    ("kony", ("UG", "GB", "GI"), "text", "top"),
    ("ongwen", ("UG",), "json", "top"),
    ("saif-al-islam-gaddafi", ("LY", "TN"), "csv", "all"),
    ("laurent-gbagbo", ("CI",), "markdown", "all"),
    ("lvova-belova", ("FR", "VE", "CW"), "text", "top"),
    ("harun", ("SD", "TD"), "text", "top"),
]


@pytest.mark.parametrize(("suspect", "places", "fmt", "sources"), QUERIES)
def test_the_compiled_answers_are_the_full_paths_on_every_day(
    ds: Dataset, suspect: str, places: tuple[str, ...], fmt: str, sources: str
) -> None:
    query = Query(suspect, places, None, fmt, sources)
    days = quick.change_days(ds, ds.suspects[suspect], places)
    periods = quick.compile_answers(lambda d: quick.probe(query, d), days, quick.MAX_PROBES)
    assert periods is not None
    one = timedelta(days=1)
    asked = {date.min, date.max, date(2026, 11, 26) + 3653 * one, date(2037, 1, 1)}
    asked |= {d + k * one for d in days for k in (-1, 0, 1) if date.min < d < date.max}
    asked |= {date(year, 6, 15) for year in range(1995, 2040, 3)}
    for day in sorted(asked):
        ordinal = day.toordinal()
        [period] = [p for p in periods if p[0] <= ordinal <= p[1]]
        full = quick.probe(query, day)
        assert full is not None
        assert (day.isoformat().join(period[3]), period[2]) == full, day


def cli(
    args: list[str],
    env: dict[str, str],
    entry: str = "travelrisk.quick:run",
    shell_tail: str = "",
) -> tuple[int, bytes, bytes, bool]:
    """(exit code, stdout, stderr, whether the data were loaded: the full path) of a console
    script for `entry`."""
    module, function = entry.split(":")
    code = f"import sys; sys.argv[0] = 'travelrisk'; from {module} import {function}; {function}()"
    command = [sys.executable, "-X", "importtime", "-c", code, *args]
    if shell_tail:
        quoted = " ".join(shlex.quote(c) for c in command)
        done = subprocess.run(
            [shutil.which("bash") or "bash", "-c", f"{quoted} {shell_tail}"],
            capture_output=True,
            env=env,
            check=False,
        )
        rc = int(done.stdout.decode().strip().rsplit("\n", 1)[-1])
        out = b""
    else:
        done = subprocess.run(command, capture_output=True, env=env, check=False)
        rc, out = done.returncode, done.stdout
    err_lines = done.stderr.decode().splitlines()
    loaded = any(line.rstrip().endswith(".dataset") for line in err_lines)  # wherever it lies
    err = "".join(f"{line}\n" for line in err_lines if not line.startswith("import time:"))
    return rc, out, err.encode(), loaded


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the package and its data, old enough for the index to trust (SETTLE_NS)."""
    root = tmp_path_factory.mktemp("tree")
    shutil.copytree(
        ROOT / "src" / "travelrisk",
        root / "src" / "travelrisk",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copytree(ROOT / "data", root / "data", ignore=shutil.ignore_patterns("boundaries"))
    time.sleep(quick.SETTLE_NS / 1e9 + 0.2)
    return root


def env_for(tree: Path, cache_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in quick.FULL_PATH_VARIABLES}
    env.update(PYTHONPATH=str(tree / "src"), TRAVELRISK_CACHE_DIR=str(cache_dir), **extra)
    env.pop("TRAVELRISK_NO_CACHE", None)
    return env


END_TO_END = [
    ["check", "putin", "FR"],
    ["check", "putin", "FR", "France", "--on", "2024-01-01"],
    ["check", "--format=json", "al-bashir", "ZA", "BI", "--on", "2016-06-01"],
    ["check", "netanyahu", "HU", "--format", "csv", "--on", "2026-06-02"],
    ["check", "duterte", "PH", "--format", "markdown", "--sources", "all"],
    ["check", "putin", "UA", "--on", "2099-01-01"],
]


@pytest.mark.parametrize("args", END_TO_END, ids=lambda a: " ".join(a[1:4]))
def test_the_fast_path_writes_what_the_full_path_writes(
    tree: Path, tmp_path: Path, args: list[str]
) -> None:
    env = env_for(tree, tmp_path / "cache")
    full = cli(args, env, "travelrisk.cli:run")
    first = cli(args, env)  # the full path, which then compiles the query into the index
    fast = cli(args, env)
    assert full[3] and first[3] and not fast[3]  # the data loaded by the full path only
    assert full[:3] == first[:3] == fast[:3]
    assert full[0] in (0, 1) and full[1]
    other_day = [*args, "--on", "2025-03-01"] if "--on" not in args else None
    if other_day:  # another day of the same query: from the same compiled answers
        assert cli(other_day, env)[:3] == cli(other_day, env, "travelrisk.cli:run")[:3]


@pytest.mark.parametrize("tail", ["| true; echo ${PIPESTATUS[0]}", ">/dev/full; echo $?"])
def test_a_closed_pipe_or_a_full_disk_ends_as_on_the_full_path(
    tree: Path, tmp_path: Path, tail: str
) -> None:
    env = env_for(tree, tmp_path / "cache")
    args = ["check", "netanyahu", "HU", "DE", "US", "--format", "json", "--sources", "all"]
    cli(args, env)  # compiled
    fast = cli(args, env, shell_tail=tail)
    full = cli(args, env, "travelrisk.cli:run", shell_tail=tail)
    assert not fast[3] and full[3]
    assert fast[:3] == full[:3]
    assert fast[0] == (141 if "true" in tail else 4)


def test_an_unknown_name_or_a_name_with_a_note_takes_the_full_path(
    tree: Path, tmp_path: Path
) -> None:
    env = env_for(tree, tmp_path / "cache")
    for args in (["check", "putin", "Crimea"], ["check", "Putn", "FR"], ["check", "putin", "XX"]):
        cli(args, env)
        again = cli(args, env)
        assert again[3], args
        assert again[:3] == cli(args, env, "travelrisk.cli:run")[:3]


def test_an_overlay_takes_the_full_path(tree: Path, tmp_path: Path) -> None:
    env = env_for(tree, tmp_path / "cache")
    cli(["check", "putin", "FR", "--on", "2024-01-01"], env)
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    (overlay / "warrants.yaml").write_text(PUTIN_GONE)
    for given in (
        cli(["--data-dir", str(overlay), "check", "putin", "FR", "--on", "2024-01-01"], env),
        cli(
            ["check", "putin", "FR", "--on", "2024-01-01"],
            {**env, "TRAVELRISK_DATA_DIR": str(overlay)},
        ),
    ):
        assert given[3] and given[0] == 0 and b"no live warrant" in given[1]


def test_a_data_edit_that_keeps_size_and_time_makes_the_index_stale(
    tree: Path, tmp_path: Path
) -> None:
    env = env_for(tree, tmp_path / "cache")
    args = ["check", "putin", "FR", "--on", "2024-01-01"]
    cli(args, env)
    assert not cli(args, env)[3]
    target = tree / "data" / "warrants.yaml"
    before = target.read_bytes()
    stat_before = os.stat(target)
    i = before.index(b"2023-03-17")
    try:
        target.write_bytes(before[:i] + b"2024-03-17" + before[i + 10 :])  # the same size
        os.utime(target, ns=(stat_before.st_atime_ns, stat_before.st_mtime_ns))
        edited = cli(args, env)
        assert edited[3]  # the full path: the index is stale
        assert edited[:3] == cli(args, env, "travelrisk.cli:run")[:3]
    finally:
        target.write_bytes(before)
    time.sleep(quick.SETTLE_NS / 1e9 + 0.2)


def test_a_code_change_makes_the_index_stale(tree: Path, tmp_path: Path) -> None:
    env = env_for(tree, tmp_path / "cache")
    args = ["check", "putin", "DE", "--on", "2024-01-01"]
    cli(args, env)
    assert not cli(args, env)[3]
    wording = {  # the modules that word check's headline, wherever they lie
        p: p.read_text()
        for p in (tree / "src" / "travelrisk").rglob("*.py")
        if '"OBLIGED to arrest"' in p.read_text()
    }
    assert wording
    try:
        for path, before in wording.items():
            path.write_text(before.replace('"OBLIGED to arrest"', '"OBLIGED (changed) to arrest"'))
        changed = cli(args, env)
        assert changed[3] and b"OBLIGED (changed) to arrest" in changed[1]
    finally:
        for path, before in wording.items():
            path.write_text(before)
    time.sleep(quick.SETTLE_NS / 1e9 + 0.2)


def test_other_versions_make_the_index_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "f"
    path.write_text("x")
    header = {"format": quick.INDEX_FORMAT, "versions": quick.versions()}
    stamps = [[str(path), quick.file_stamp(str(path))]]
    assert quick._current({**header, "stamps": stamps})
    assert not quick._current({**header, "stamps": [[str(path), [0, 0, 1, 0, 0]]]})
    assert not quick._current({**header, "stamps": []})
    monkeypatch.setattr(quick.cache, "pycountry_version", lambda: "pycountry-0.0.0")
    assert not quick._current({**header, "stamps": stamps})
    monkeypatch.undo()
    monkeypatch.setattr(quick, "__version__", "9.9.9")
    assert not quick._current({**header, "stamps": stamps})


def test_the_fast_path_imports_neither_click_nor_the_data(tree: Path, tmp_path: Path) -> None:
    env = env_for(tree, tmp_path / "cache")
    args = ["check", "putin", "FR"]
    cli(args, env)
    probe = (
        "import sys, atexit\n"
        "atexit.register(lambda: print(' '.join(sorted(sys.modules)), file=sys.stderr))\n"
        "sys.argv = ['travelrisk', 'check', 'putin', 'FR']\n"
        "from travelrisk.quick import run\nrun()\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, env=env, check=False)
    modules = set(done.stderr.decode().split())
    assert done.returncode == 1 and done.stdout.startswith(b"France (FR) on ")
    assert "travelrisk.quick" in modules
    heavy = {"click", "hashlib", "yaml", "travelrisk.cli"}
    assert not modules & heavy
    assert not [m for m in modules if m.endswith((".model", ".dataset", ".loader", ".engine"))]


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 2],
        lambda b: b[:-1] + b"]",
        lambda b: b.replace(b'"queries":{', b'"queries":{"x":1,', 1),
        lambda b: b.split(b"\n", 2)[0] + b"\n[]\n",
        lambda b: b"\xff" * 100,
        lambda b: b"",
    ],
    ids=["truncated", "answer-bytes", "bad-entry", "bad-directory", "binary", "empty"],
)
def test_a_damaged_index_costs_only_speed(
    tree: Path, tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    env = env_for(tree, tmp_path / "cache")
    args = ["check", "putin", "FR", "HU", "--on", "2024-01-01"]
    cli(args, env)
    [index] = (tmp_path / "cache").glob("answers-*.idx")
    index.write_bytes(damage(index.read_bytes()))
    given = cli(args, env)
    assert given[:3] == cli(args, env, "travelrisk.cli:run")[:3]
    assert given[0] == 1 and not given[2]
