"""`travelrisk map`: a world map of where a suspect must be arrested, as SVG (or PNG)."""

from __future__ import annotations

import click

from . import Context, main, on_option
from .completion import complete_suspect


@main.command(name="map")
@click.argument("suspect", shell_complete=complete_suspect)
@on_option
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="FILE.svg",
    help="Where to write the map: an .svg file, a .png file (needs cairosvg or rsvg-convert), "
    "or - for SVG on standard output.",
)
@click.pass_obj
def map_command(obj: Context, suspect: str, on: str | None, output: str) -> None:
    """A world map coloured by whether each place must arrest SUSPECT on the date.

    Obliged, uncertain, not obliged, no live warrant; small states and territories are circles.
    The SVG is self-contained (no scripts, nothing fetched). Needs the map extra:
    pip install 'travelrisk[map]'.

    \b
    Examples:
      travelrisk map putin -o putin.svg
      travelrisk map al-bashir --on 2015-06-14 -o al-bashir-2015.svg
    """
    from .. import worldmap
    from ..errors import InputError
    from ..overview import summarise

    png = output.lower().endswith(".png")
    if output != "-" and not (png or output.lower().endswith(".svg")):
        raise InputError(
            f"cannot tell the format of {output!r}; give a file ending in .svg or .png, or -"
        )
    worldmap.require()  # before any work, so a missing extra is the only message
    overview = summarise(obj.dataset.where(suspect, on))
    svg = worldmap.render_svg(overview)
    if output == "-":
        click.echo(svg, nl=False)
        return
    content = worldmap.to_png(svg) if png else svg.encode("utf-8")
    try:
        with open(output, "wb") as handle:
            handle.write(content)
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror or exc}") from None
    counts = overview.counts
    click.echo(
        f"wrote {output}: obliged {counts['obliged']}, uncertain {counts['uncertain']}, "
        f"not obliged {counts['not_obliged']}, no live warrant {counts['no_live_warrant']}",
        err=True,
    )
