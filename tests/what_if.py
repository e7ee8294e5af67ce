"""Hypothetical suspect records for overlay tests: a warrant and what became of it."""

from __future__ import annotations


def suspect_yaml(suspect_id: str, name: str, issued: str, *events: tuple[str, str]) -> str:
    """A warrants.yaml holding one suspect in the Ukraine situation, issued on `issued`, with
    further (date, event type) pairs."""
    lines = [
        "suspects:",
        f"- id: {suspect_id}",
        f"  name: {name}",
        "  situation: ukraine",
        "  warrants:",
        f"  - {{public: {issued}}}",
        "  events:",
        f"  - {{date: {issued}, type: warrant_issued}}",
        *(f"  - {{date: {day}, type: {kind}}}" for day, kind in events),
        "  sources:",
        '  - {title: "a what-if for a test", url: "https://example.org/what-if"}',
        "",
    ]
    return "\n".join(lines)
