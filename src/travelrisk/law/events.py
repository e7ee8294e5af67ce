"""The kinds of event a suspect's record may hold, and which of them start or end a warrant."""

from __future__ import annotations

# A warrant is live from an issue until one of these; other events are history only.
EVENTS_STARTING_WARRANT = frozenset({"warrant_issued"})


EVENTS_ENDING_WARRANT = frozenset({"surrendered", "warrant_withdrawn", "proceedings_terminated"})


EVENT_TYPES = (
    EVENTS_STARTING_WARRANT
    | EVENTS_ENDING_WARRANT
    | frozenset(
        {
            "warrant_unsealed",
            "arrested",
            "released",
            "charges_confirmed",
            "charges_not_confirmed",
            "convicted",
            "acquitted",
            "sentenced",
            "died",
            # The warrant may have been issued this day, as reported, but no source says it was:
            # a verdict that depends on it is uncertain until the day it was certainly issued.
            "warrant_possibly_issued",
        }
    )
)
