"""Names of states and territories in running English: "the United States", "the Philippines'".

The one table of names that English writes with "the", and the possessive of a name.
"""

from __future__ import annotations

import re

# Whole names that take "the" (as pycountry and the data spell them).
_WITH_THE = frozenset(
    {
        "Bahamas",
        "Comoros",
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
# Words that make a name take "the" wherever they stand at its end or start.
_ENDINGS = (" Islands", " Republic", " Kingdom", " Emirates", " States", " Territories")
_STARTS = ("United ", "Republic of ", "Democratic Republic ", "Federated States ", "Kingdom of ")


def _base(name: str) -> str:
    """The name without its parenthesis: "Cocos (Keeling) Islands" -> "Cocos Islands"."""
    return re.sub(r" \([^)]*\)", "", name)


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
    if not takes_the(name) or name.startswith(("the ", "The ")):
        return name
    return f"{'The' if start else 'the'} {name}"


def possessive(name: str, start: bool = False) -> str:
    """ "the Philippines' ", "Hungary's" (no trailing space)."""
    written = the(name, start)
    return f"{written}'" if _base(name).endswith("s") else f"{written}'s"
