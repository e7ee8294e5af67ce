"""`travelrisk map`: a world map of where a suspect must be arrested, as SVG (or PNG)."""

from __future__ import annotations

import click

from travelrisk.cli import Context, main, on_option
from travelrisk.cli.completion import complete_suspect


@main.command(name="map")
@click.argument("suspect", shell_complete=complete_suspect)
@on_option
@click.option(
    "-o",
    "--output",
    metavar="FILE.svg",
    help="Where to write the map: an .svg file, a .png file (needs cairosvg or rsvg-convert), "
    "or - for SVG on standard output.",
)
@click.option(
    "--html",
    "html_file",
    metavar="FILE.html",
    help="Write an explorable map instead: one HTML file (nothing fetched) with a date slider "
    "over the warrant's span, tooltips and a place finder. --on sets the slider's last day. "
    "- writes it to standard output.",
)
@click.pass_obj
def map_command(
    obj: Context, suspect: str, on: str | None, output: str | None, html_file: str | None
) -> None:
    """A world map coloured by whether each place must arrest SUSPECT on the date.

    Obliged, uncertain, not obliged, no live warrant; small states and territories are circles.
    The SVG is self-contained (no scripts, nothing fetched). Needs the map extra:
    pip install '.[map]' (from a checkout).

    \b
    Examples:
      travelrisk map putin -o putin.svg
      travelrisk map al-bashir --on 2015-06-14 -o al-bashir-2015.svg
      travelrisk map putin --html putin.html
    """
    from travelrisk.errors import InputError
    from travelrisk.present import worldmap
    from travelrisk.present.where import summarise

    if (output is None) == (html_file is None):
        raise InputError("give one of -o FILE.svg|FILE.png|- or --html FILE.html")
    if html_file is not None:
        from travelrisk.data.dataset import parse_date
        from travelrisk.present.htmlmap import render_html

        last = parse_date(on) if on else None
        page = render_html(  # the shipped base map only: no optional package
            obj.dataset, suspect, last
        )
        if html_file == "-":
            click.echo(page, nl=False)
            return
        write_atomically(html_file, page.encode("utf-8"))
        click.echo(f"wrote {html_file}: {len(page.encode('utf-8')) // 1024} KiB", err=True)
        return
    assert output is not None
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
    write_atomically(output, content)
    counts = overview.counts
    click.echo(
        f"wrote {output}: obliged {counts['obliged']}, uncertain {counts['uncertain']}, "
        f"not obliged {counts['not_obliged']}, no live warrant {counts['no_live_warrant']}",
        err=True,
    )


def write_atomically(path: str, content: bytes) -> None:
    """Write `content` to `path` through a temporary file beside it, so no half file is left."""
    import os
    import tempfile

    from travelrisk.errors import InputError

    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".travelrisk-", suffix=".tmp")
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        os.unlink(tmp)
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
