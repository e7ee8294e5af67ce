"""Words in running English, from one place: names of states and territories with their
article ("the United States", "the Philippines'"), plurals ("1 leg", "2 legs") and lists of
choices ("text, json or csv").

The one table of names that English writes with "the", and the possessive of a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Whole names that take "the" (as pycountry and the data spell them).
_WITH_THE = frozenset(
    {
        "Bahamas",
        "British Indian Ocean Territory",
        "Caribbean Netherlands",
        "Comoros",
        "Congo",
        "French Southern and Antarctic Lands",
        "Gambia",
        "Holy See",
        "Isle of Man",
        "Maldives",
        "Netherlands",
        "Philippines",
        "Russian Federation",
        "State of Palestine",
    }
)
# Names that a list sorts by their main word, and a sentence writes the other way round.
_IN_SENTENCE = {"Micronesia, Federated States of": "Federated States of Micronesia"}
# Words that make a name take "the" wherever they stand at its end or start.
_ENDINGS = (" Islands", " Republic", " Kingdom", " Emirates", " States", " Territories")
_STARTS = ("United ", "Republic of ", "Democratic Republic ", "Federated States ", "Kingdom of ")


def _base(name: str) -> str:
    """The name without its parenthesis: "Cocos (Keeling) Islands" -> "Cocos Islands"."""
    return re.sub(r" \([^)]*\)", "", _IN_SENTENCE.get(name, name))


def takes_the(name: str) -> bool:
    base = _base(name)
    return (
        base in _WITH_THE
        or base.endswith(_ENDINGS)
        or base.startswith(_STARTS)
        or " Islands " in base
    )


def the(name: str, start: bool = False) -> str:
    """`name` as English writes it in a sentence: "the United States"; "The ..." at its start."""
    written = _IN_SENTENCE.get(name, name)
    if name.startswith(("the ", "The ")):
        return (written[0].upper() if start else written[0].lower()) + written[1:]
    if not takes_the(name):
        return written
    return f"{'The' if start else 'the'} {written}"


def possessive(name: str, start: bool = False) -> str:
    """ "the Philippines' ", "Hungary's" (no trailing space)."""
    written = the(name, start)
    return f"{written}'" if _base(name).endswith("s") else f"{written}'s"


def plural(n: int, noun: str, many: str | None = None) -> str:
    """ "1 leg", "2 legs", "0 legs"; `many` for an irregular plural."""
    return f"{n} {noun if n == 1 else many or noun + 's'}"


def one_of(n: int, total: int, noun: str, many: str | None = None) -> str:
    """ "1 of 1 leg", "1 of 5 legs": the noun agrees with the total."""
    return f"{n} of {plural(total, noun, many)}"


def choices(words: Iterable[str], last: str = "or") -> str:
    """ "text, json or csv"; "text or json"; "text"."""
    listed = list(words)
    if len(listed) < 2:
        return "".join(listed)
    return f"{', '.join(listed[:-1])} {last} {listed[-1]}"


def bare(text: str) -> str:
    """A sentence from the data made a clause: no final full stop ("...was found." -> "...was
    found"), so that it can be built on and stopped once."""
    return text.strip().rstrip(".")


def sentence(text: str) -> str:
    """`text` ending with one full stop (or its own ! or ?)."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."
