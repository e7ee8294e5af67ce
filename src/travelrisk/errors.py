"""Errors the library raises for input it cannot answer; each message is one line for a person."""

from __future__ import annotations


def printable(text: str) -> str:
    """`text` with line breaks and other control characters (C0, C1, ...) escaped as visible
    text (ESC as the four characters \\x1b), so that input echoed back cannot break a report's
    one-line form or drive the terminal."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


class TravelriskError(Exception):
    """Base class: the input (or the data) cannot be answered. `str(e)` is a one-line message."""


class InputError(TravelriskError, ValueError):
    """The user's input is not something travelrisk accepts."""


# The longest name or place text that is matched (the longest stored name is far shorter): a
# longer one is refused before any (fuzzy) matching, and echoed only in part.
MAX_NAME_LENGTH = 200


def require_text(what: str, value: object) -> str:
    """`value` if it is a str of at most MAX_NAME_LENGTH characters; InputError otherwise."""
    if not isinstance(value, str):
        raise InputError(f"{what} must be text (str), not {type(value).__name__}")
    if len(value) > MAX_NAME_LENGTH:
        raise InputError(
            f"{what} is {len(value)} characters long; at most {MAX_NAME_LENGTH} are accepted"
            f" (it begins {printable(value[:40])!r})"
        )
    return value


class UnknownSuspect(InputError):
    def __init__(self, query: str, suggestions: tuple[str, ...] = ()) -> None:
        self.query = query
        self.suggestions = suggestions
        msg = f"no public ICC arrest warrant matches {query!r}"
        if suggestions:
            msg += f"; did you mean {', '.join(suggestions)}?"
        else:
            msg += "; try a surname, a full name or an id from 'travelrisk suspects'"
        super().__init__(msg)


class AmbiguousSuspect(InputError):
    def __init__(self, query: str, candidates: tuple[tuple[str, str], ...]) -> None:
        self.query = query
        self.candidates = candidates
        listed = "; ".join(f"{cid} ({name})" for cid, name in candidates)
        super().__init__(f"{query!r} matches more than one person: {listed}; give the id instead")


class UnknownPlace(InputError):
    def __init__(self, query: str, suggestions: tuple[str, ...] = ()) -> None:
        self.query = query
        self.suggestions = suggestions
        msg = f"unknown country or territory {query!r}"
        if suggestions:
            msg += f"; did you mean {', '.join(suggestions)}?"
        else:
            msg += "; give an ISO 3166-1 code (FR, FRA, 250) or a name (France, Frankreich)"
        super().__init__(msg)


class AmbiguousPlace(InputError):
    def __init__(self, query: str, candidates: tuple[tuple[str, str], ...]) -> None:
        self.query = query
        self.candidates = candidates
        listed = "; ".join(f"{code} ({name})" for code, name in candidates)
        super().__init__(
            f"{query!r} could mean more than one place: {listed}; give the code instead"
        )


class BadDate(InputError):
    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__(f"not a date: {text!r}; expected YYYY-MM-DD, e.g. 2025-01-01")


class DataError(TravelriskError):
    """A data file is malformed; the message names the file, record and field."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        extra = len(problems) - 1
        more = f" (and {extra} more problem{'s' if extra > 1 else ''})" if extra else ""
        super().__init__(
            f"bad data: {problems[0]}{more}; 'travelrisk data validate' lists them all"
        )
