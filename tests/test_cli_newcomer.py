"""Issue 14, "check, where and friends" and "Wording": what a newcomer hit."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest
from cli_run import run

import travelrisk
from travelrisk.law.evidence import strongest_first
from travelrisk.present.render import TEXT_SOURCES

PYTHON = sys.executable


# -- check: several places --------------------------------------------------------------------
def test_bad_places_are_named_and_the_good_ones_answered() -> None:
    code, out, err = run("check", "putin", "FR", "Narnia", "DE", "Atlantis", "--on", "2025-01-01")
    assert code == 2
    assert out.count("OBLIGED to arrest") == 2
    assert "France (FR)" in out and "Germany (DE)" in out
    lines = err.splitlines()
    assert len(lines) == 2
    assert "'Narnia'" in lines[0] and "'Atlantis'" in lines[1]
    assert all(line.startswith("travelrisk: unknown country") for line in lines)


def test_only_bad_places_prints_no_verdict_and_exits_2() -> None:
    code, out, err = run("check", "putin", "Narnia")
    assert code == 2 and out == "" and err.count("\n") == 1


@pytest.mark.parametrize("places", [("FR", "FR"), ("FR", "France"), ("FR", "fra", "250")])
def test_a_place_named_twice_is_checked_once(places: tuple[str, ...]) -> None:
    code, out, _ = run("check", "putin", *places, "--on", "2025-01-01", "--format", "json")
    assert code == 1
    assert [v["country"] for v in json.loads(out)] == ["FR"]


def test_the_warrants_sources_are_said_once_for_several_places() -> None:
    code, one, _ = run("check", "putin", "US", "--on", "2025-01-01")
    _, out, _ = run("check", "putin", "FR", "DE", "US", "--on", "2025-01-01")
    # The suspect's strongest source, shown for every place.
    warrant_source = str(strongest_first(travelrisk.load().suspects["putin"].sources)[0])
    assert warrant_source in one
    assert out.count(warrant_source) == 1
    tail = out.split("Sources for the warrant")[1]
    assert warrant_source in tail
    assert out.count("(and the warrant's, given once below)") == 3
    # The place's own sources still stand under each verdict, at most three in all per verdict.
    for block in out.split("\n\n")[:3]:
        shown = [ln for ln in block.splitlines() if "<http" in ln]
        assert len(shown) <= TEXT_SOURCES


def test_json_and_csv_keep_every_source_per_verdict() -> None:
    _, js, _ = run("check", "putin", "FR", "DE", "--on", "2025-01-01", "--format", "json")
    verdicts = json.loads(js)
    warrant_urls = {s.url for s in travelrisk.load().suspects["putin"].sources if s.url}
    assert warrant_urls
    for v in verdicts:
        assert warrant_urls <= {s["url"] for s in v["sources"]}
    _, out, _ = run("check", "putin", "FR", "DE", "--on", "2025-01-01", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 2 and all(all(u in r["sources"] for u in warrant_urls) for r in rows)


def test_one_place_keeps_its_sources_in_place() -> None:
    _, out, _ = run("check", "putin", "FR", "--on", "2025-01-01")
    assert "Sources for the warrant" not in out and "given once below" not in out


# -- markdown ---------------------------------------------------------------------------------
def test_check_markdown_is_a_table_one_line_per_place() -> None:
    code, out, _ = run("check", "putin", "FR", "US", "--on", "2025-01-01", "--format", "markdown")
    assert code == 1
    lines = out.splitlines()
    table = [ln for ln in lines if ln.startswith("|")]
    assert table[0] == "| Place | Verdict | Basis | From | Until | Strongest source |"
    assert table[1].startswith("| --- |")
    assert len(table) == 4
    fr, us = table[2], table[3]
    assert fr.startswith("| France (FR) | **obliged** to arrest | State party | 2023-03-17 |")
    assert us.startswith("| United States (US) | not obliged |")
    assert "](https://" in fr  # the strongest source as a link
    assert all(ln.count(" | ") == 5 for ln in table)


def test_markdown_cells_escape_pipes_and_newlines() -> None:
    from travelrisk.law.model import Source
    from travelrisk.present.render import markdown_cell, markdown_link

    assert markdown_cell("a | b\nc") == "a \\| b c"
    link = markdown_link(Source("Title [x] | y", "https://ex.org/a b(c)|d"))
    assert link == "[Title \\[x\\] \\| y](https://ex.org/a%20b%28c%29%7Cd)"
    assert markdown_link(Source("No address", None)) == "No address"


def test_where_markdown_lists_every_place_obliged_first() -> None:
    code, out, _ = run("where", "putin", "--on", "2026-11-26", "--format", "markdown")
    assert code == 1
    rows = [ln for ln in out.splitlines() if ln.startswith("| ") and "---" not in ln][1:]
    assert len(rows) == 251
    assert "**obliged**" in rows[0] and "**obliged**" not in rows[-1]
    assert "of 251 places" in out


# -- suspects -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "situation", ["Libya", "LIBYA", "libya", "Situation in Libya", "situation in libya"]
)
def test_situation_filter_takes_names_in_any_case(situation: str) -> None:
    code, out, err = run("suspects", "--situation", situation, "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert rows and {r["situation"] for r in rows} == {"libya"}


@pytest.mark.parametrize(
    "name, sid",
    [
        ("Darfur", "darfur"),
        ("Situation in Darfur, Sudan", "darfur"),
        ("Central African Republic II", "car-ii"),
        ("Côte d'Ivoire", "cote-divoire"),
        ("Republic of the Philippines", "philippines"),
        ("ukraine", "ukraine"),
    ],
)
def test_situation_names(name: str, sid: str) -> None:
    _, out, _ = run("suspects", "--situation", name, "--format", "json")
    assert {r["situation"] for r in json.loads(out)} == {sid}


def test_status_filter_is_case_insensitive() -> None:
    _, out, _ = run("suspects", "--status", "LIVE", "--format", "json")
    assert all(r["live"] for r in json.loads(out))


def test_suspects_sort_by_surname() -> None:
    _, out, _ = run("suspects", "--format", "json")
    ids = [r["id"] for r in json.loads(out)]

    def before(a: str, b: str) -> bool:
        return ids.index(a) < ids.index(b)

    assert before("al-bashir", "duterte")  # Al Bashir with the B's
    assert before("ble-goude", "al-bashir") is False  # Bashir < Blé Goudé
    assert before("al-mahdi", "netanyahu") and before("kony", "al-mahdi")  # Al Mahdi with the M's
    assert before("saif-al-islam-gaddafi", "gallant")  # Gaddafi, not "Al-Islam"
    assert before("dela-rosa", "duterte") and before("daou", "dela-rosa")  # dela Rosa under D
    assert before("lubanga", "lukwiya")  # sort_as: Lubanga, not Dyilo
    assert before("al-senussi", "shoigu") and before("said", "al-senussi")
    assert before("putin", "sanakoev")


def test_suspects_show_nationality_office_and_crimes() -> None:
    _, out, _ = run("suspects", "--format", "json")
    rows = {r["id"]: r for r in json.loads(out)}
    bashir = rows["al-bashir"]
    assert bashir["nationality"] == ["SD"]
    assert bashir["surname"] == "Al Bashir"
    assert bashir["offices"] == ["President of the Republic of the Sudan"]
    assert bashir["crimes"] == ["genocide", "crimes against humanity", "war crimes"]
    assert rows["barasa"]["crimes"] == ["offences against the administration of justice"]
    _, text, _ = run("suspects", "--situation", "darfur")
    assert "Omar Hassan Ahmad Al Bashir (SD) [darfur]" in text
    assert "President of the Republic of the Sudan; genocide, crimes against humanity" in text
    _, out, _ = run("suspects", "--format", "csv")
    row = next(r for r in csv.DictReader(io.StringIO(out)) if r["id"] == "al-bashir")
    assert row["crimes"] == "genocide;crimes against humanity;war crimes"
    assert row["nationality"] == "SD"


# -- where header -------------------------------------------------------------------------------
@pytest.mark.parametrize("suspect", ["al-hassan", "putin", "mokom", "al-bashir"])
@pytest.mark.parametrize("columns", [80, 60])
def test_where_header_fits_the_width(suspect: str, columns: int) -> None:
    _, out, _ = run("where", suspect, "--on", "2026-11-26", columns=columns)
    header = out.split("\n\n")[0].splitlines()
    assert all(len(line) <= columns for line in header), header
    assert "where an arrest is owed" in " ".join(header)  # never cut inside the phrase


def test_long_name_header_keeps_the_name_whole() -> None:
    _, out, _ = run("where", "al-hassan", "--on", "2026-11-26")
    first, second = out.splitlines()[:2]
    assert first == "Al Hassan Ag Abdoul Aziz Ag Mohamed Ag Mahmoud"
    assert second.strip().startswith("on 2026-11-26: where an arrest is owed")


# -- did you mean, completion -----------------------------------------------------------------
@pytest.mark.parametrize(
    "typed, meant", [("chek", "check"), ("wher", "where"), ("sus", "suspects")]
)
def test_a_mistyped_command_gets_did_you_mean(typed: str, meant: str) -> None:
    code, _, err = run(typed, "putin")
    assert code == 2
    assert f"Did you mean '{meant}'?" in err


def complete(words: str, cword: int) -> list[str]:
    env = {
        **os.environ,
        "_TRAVELRISK_COMPLETE": "bash_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(cword),
    }
    done = subprocess.run(
        [PYTHON, "-m", "travelrisk"], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0 and done.stderr == ""
    return done.stdout.splitlines()


def test_completion_of_suspect_ids() -> None:
    got = complete("travelrisk check pu", 2)
    assert "plain,putin" in got
    assert all(line.startswith("plain,") for line in got)
    assert "plain,al-bashir" in complete("travelrisk where bash", 2)  # by surname too


def test_completion_of_place_codes() -> None:
    got = complete("travelrisk check putin Fr", 3)
    assert "plain,FR" in got and "plain,GF" in got  # FR by code, French Guiana by name
    assert "plain,DE" in complete("travelrisk check putin FR de", 4)
    assert "plain,HU" in complete("travelrisk timeline netanyahu HU", 3)


def test_running_a_command_does_not_load_completion_data() -> None:
    probe = (
        "import sys\nfrom travelrisk.cli import main\n"
        "try:\n    main(['check', '--help'])\nexcept SystemExit:\n    pass\n"
        "print('travelrisk.data.dataset' in sys.modules)"
    )
    out = subprocess.run([PYTHON, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("False")


# -- help wording -------------------------------------------------------------------------------
@pytest.mark.parametrize("command", ["check", "where", "suspects", "timeline", "countries", "show"])
def test_format_help_lists_choices_as_english_does(command: str) -> None:
    _, out, _ = run(command, "--help", columns=200)
    assert " or json or " not in out
    assert "Output format: text, json" in out or "Output format: text or json." in out


# -- batch text: plurals and booleans (the wording only) ---------------------------------------
def test_batch_text_plurals_and_yaml_booleans(tmp_path: os.PathLike[str]) -> None:
    from pathlib import Path

    one = Path(tmp_path, "one.csv")
    one.write_text("trip,suspect,country,date\nA,putin,FR,2025-01-01\n", encoding="utf-8")
    _, out, _ = run("batch", str(one), "--format", "text")
    assert "(1 leg)" in out and "1 of 1 leg obliged" in out and "1 of 1 legs" not in out
    five = Path(tmp_path, "five.csv")
    rows = ["A,putin,FR,2025-01-01", "A,putin,DE,2025-01-02", "A,putin,US,2025-01-03"]
    rows += ["A,putin,Narnia,2025-01-04", "A,putin,IT,2025-01-05"]
    five.write_text("trip,suspect,country,date\n" + "\n".join(rows) + "\n", encoding="utf-8")
    code, _, err = run("batch", str(five), "--format", "csv", "-o", str(Path(tmp_path, "o.csv")))
    assert code == 3 and "1 of 5 rows is an error row" in err
    yaml_file = Path(tmp_path, "trip.yaml")
    yaml_file.write_text(
        "trip: T\ntraveller: putin\nlegs:\n  - {country: NO, date: 2025-01-01}\n", encoding="utf-8"
    )
    _, out, _ = run("batch", str(yaml_file), "--format", "text")
    assert "in False" not in out and "unquoted YAML" in out


@pytest.mark.parametrize(
    "name, sort_as, surname, key",
    [
        ("Omar Hassan Ahmad Al Bashir", None, "Al Bashir", "bashir"),
        ("Saif Al-Islam Gaddafi", None, "Gaddafi", "gaddafi"),
        ("Ahmad Al Faqi Al Mahdi", None, "Al Mahdi", "mahdi"),
        ("Abdullah Al-Senussi", None, "Al-Senussi", "senussi"),
        ("Ronald dela Rosa", None, "dela Rosa", "dela rosa"),
        ("Ronald de la Rosa", None, "de la Rosa", "de la rosa"),
        ("Khaled Mohamed Ali El Hishri", None, "El Hishri", "hishri"),
        ("Thomas Lubanga Dyilo", "Lubanga", "Lubanga", "lubanga"),
        ("Charles Blé Goudé", "Blé Goudé", "Blé Goudé", "ble goude"),
    ],
)
def test_the_surname_rule(name: str, sort_as: str | None, surname: str, key: str) -> None:
    from travelrisk.law.model import Suspect
    from travelrisk.law.suspects import surname as surname_of
    from travelrisk.law.suspects import surname_key

    person = Suspect("x", name, (), (), "s", None, (), (), sort_as=sort_as)
    assert surname_of(person) == surname and surname_key(person) == key


def test_with_all_sources_the_notes_sources_are_said_once_too() -> None:
    args = ("check", "netanyahu", "HU", "DE", "--on", "2025-04-03", "--sources", "all")
    _, out, _ = run(*args)
    _, one, _ = run("check", "netanyahu", "DE", "--on", "2025-04-03", "--sources", "all")
    note_source = "Appeals Chamber confirms breach"
    assert one.count(note_source) == 1 and out.count(note_source) == 1
    assert "Sources for the notes (the same for every place above)" in out
    assert out.count("(their sources, given once below)") == 2


def test_completion_of_situation_ids() -> None:
    assert "plain,libya" in complete("travelrisk suspects --situation li", 3)
