# ruff: noqa: E501  (the page's stylesheet, script and markup are kept as written)
"""A world map you can explore: one self-contained HTML file with a date slider.

The periods come from the engine (`engine.timeline`, as `timeline` uses them), one list per place,
cut to the span of the suspect's warrant (first issue to the last day of the map), each with its
status, basis and strongest source. They are embedded in the page as JSON; the page's script only
looks up the period holding the slider's date and recolours. Nothing is fetched: the outlines are
the SVG base map `worldmap` draws (pygal's world map, simplified), inlined.

Every string from the data is escaped where it enters the page: text with `html.escape`, the JSON
table with `<`, `>` and `&` written as `\\u` escapes, so no name can end the script element.
"""

from __future__ import annotations

import html
import json
from datetime import date
from typing import TYPE_CHECKING, Any

from travelrisk.law.as_data import iso as _iso
from travelrisk.law.model import Status
from travelrisk.law.wording import STATUS_ORDER
from travelrisk.present.where import BASIS_LABEL, STATUS_LABEL

if TYPE_CHECKING:
    from travelrisk.data.dataset import Dataset
    from travelrisk.law.model import Place, Suspect
    from travelrisk.present.worldmap import BaseMap


def warrant_span(suspect: Suspect, last: date) -> tuple[date, date]:
    """The slider's range: from the suspect's first warrant (or first event) to `last`."""
    from travelrisk.errors import InputError

    first = suspect.first_issued or min((e.date for e in suspect.events), default=None)
    if first is None:
        raise InputError(f"{suspect.name} has no dated warrant or event to draw a map over")
    return first, max(first, last)


def place_periods(
    ds: Dataset, suspect: Suspect, place: Place, first: date, last: date
) -> list[dict[str, Any]]:
    """The engine's periods for one place, cut to `first`..`last`, with the strongest source."""
    from travelrisk.law import engine

    out = []
    for p in engine.timeline(ds.law, suspect, place, first, last):
        start = max(p.start or first, first)
        end = min(p.end or last, last)
        v = ds.verdict_for(suspect, place, start)
        source = v.sources[0] if v.sources else None
        out.append(
            {
                "from": start.isoformat(),
                "to": end.isoformat(),
                "status": p.status.value,
                "basis": BASIS_LABEL[p.basis] if p.basis else None,
                "source": source.title if source else None,
                "url": source.url if source else None,
            }
        )
    return out


def warrant_periods(suspect: Suspect, first: date, last: date) -> list[dict[str, Any]]:
    """Whether the warrant is live, by period, with the event that made it so (for the notes)."""
    from travelrisk.law import engine

    days = sorted({first} | {e.date for e in suspect.events if first < e.date <= last})
    out: list[dict[str, Any]] = []
    for i, day in enumerate(days):
        ws = engine.warrant_state(suspect, day)
        end = days[i + 1].toordinal() - 1 if i + 1 < len(days) else last.toordinal()
        item = {
            "from": day.isoformat(),
            "to": date.fromordinal(end).isoformat(),
            "live": ws.live,
            "state": ws.describe(),
        }
        if out and (out[-1]["live"], out[-1]["state"]) == (ws.live, item["state"]):
            out[-1]["to"] = item["to"]
        else:
            out.append(item)
    return out


def map_table(ds: Dataset, suspect: str, last: date | None = None) -> dict[str, Any]:
    """Everything the page needs, as JSON-ready data: places with their periods, the span, labels.

    `last` is the map's last day (default: today).
    """
    from travelrisk.law.clock import today

    person = ds.suspect(suspect)
    end = last or today()
    first, end = warrant_span(person, end)
    places = {}
    for place in ds.places():
        places[place.code] = {
            "name": place.name,
            "periods": place_periods(ds, person, place, first, end),
        }
    from travelrisk.present.worldmap import COLOURS, LEGEND_LABEL

    return {
        "suspect": {"id": person.id, "name": person.name},
        "from": first.isoformat(),
        "to": end.isoformat(),
        "as_of": _iso(ds.as_of),
        "overlay": list(ds.overlay_changes),
        "statuses": [s.value for s in STATUS_ORDER],
        "colours": {s.value: COLOURS[s] for s in STATUS_ORDER},
        "legend": {s.value: LEGEND_LABEL[s] for s in STATUS_ORDER},
        "labels": {s.value: STATUS_LABEL[s] for s in STATUS_ORDER},
        "warrant": warrant_periods(person, first, end),
        "places": places,
    }


def script_json(data: Any) -> str:
    """JSON that is safe inside a <script> element: no `<`, `>` or `&` appears literally."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def status_on(periods: list[dict[str, Any]], day: str) -> str | None:
    """The status of the period holding `day` (ISO), as the page's script finds it."""
    for p in periods:
        if p["from"] <= day <= p["to"]:
            return str(p["status"])
    return None


def map_svg(base: BaseMap, table: dict[str, Any], day: str) -> str:
    """The base map with a data-code on every place and markers for small ones, coloured for `day`.

    The colours are inline too, so the page shows `day` before (or without) its script.
    """
    import xml.etree.ElementTree as ET

    from travelrisk.present.worldmap import MARKER_RADIUS, SVG_NS, marker_position, serialise

    root = ET.fromstring(base.svg)
    root.attrib.pop("width", None)
    root.attrib.pop("height", None)
    root.set("id", "map")
    root.set("preserveAspectRatio", "xMinYMin meet")
    colours = table["colours"]
    grey = colours[Status.NO_LIVE_WARRANT.value]
    markers = ET.Element(f"{{{SVG_NS}}}g", {"id": "markers"})
    for group in list(root.iter(f"{{{SVG_NS}}}g")):
        classes = (group.get("class") or "").split()
        if "map-element" not in classes:
            continue
        code = classes[0].upper()
        for node in list(group.iter()):
            for child in list(node):
                if child.tag == f"{{{SVG_NS}}}circle":
                    node.remove(child)
        place = table["places"].get(code)
        if place is None:  # the base map has it, the data does not: leave it neutral
            group.set("style", "fill:#EEEEEE")
            continue
        status = status_on(place["periods"], day)
        colour = colours[status] if status else grey
        group.set("data-code", code)
        group.set("style", f"fill:{colour}")
        shape = base.shapes.get(code)
        position = marker_position(shape) if shape else None
        if position is not None:
            ET.SubElement(
                markers,
                f"{{{SVG_NS}}}circle",
                {
                    "data-code": code,
                    "cx": f"{position[0]:.1f}",
                    "cy": f"{position[1]:.1f}",
                    "r": f"{MARKER_RADIUS:g}",
                    "style": f"fill:{colour}",
                    "class": "marker",
                },
            )
    root.append(markers)
    text = serialise(root)
    return text


_STYLE = """
html,body{margin:0;padding:0;background:#fff;color:#222;font-family:DejaVu Sans,Verdana,Helvetica,Arial,sans-serif}
#map{display:block;width:100%;height:auto}
#map g[data-code],#map circle{stroke:#555;stroke-width:.6;cursor:pointer}
#map circle.marker{stroke:#222;stroke-width:1.6}
#map [data-code]:hover{stroke:#000;stroke-width:2.5}
#panel{padding:8px 16px}
h1{font-size:20px;margin:4px 0}
#controls{display:flex;gap:12px;align-items:center;flex-wrap:wrap}
#slider{flex:1;min-width:240px}
#day{font-weight:bold;font-variant-numeric:tabular-nums}
#legend span.sw{display:inline-block;width:14px;height:14px;margin:0 4px 0 12px;border:1px solid #555;vertical-align:middle}
#note{font-weight:bold;margin:6px 0}
#tip{position:fixed;pointer-events:none;background:#fff;border:1px solid #555;padding:6px 8px;font-size:13px;max-width:360px;display:none;white-space:pre-line}
#info{white-space:pre-line;font-size:14px;margin-top:6px}
#credit{font-size:12px;color:#555;margin-top:8px}
"""

_SCRIPT = """
(function(){
"use strict";
var T=JSON.parse(document.getElementById("map-data").textContent);
var slider=document.getElementById("slider"),dayOut=document.getElementById("day");
var tip=document.getElementById("tip"),info=document.getElementById("info");
var note=document.getElementById("note"),pick=document.getElementById("pick");
var DAY=86400000,first=Date.parse(T.from+"T00:00:00Z"),last=Date.parse(T.to+"T00:00:00Z");
var nodes={};
Array.prototype.forEach.call(document.querySelectorAll("[data-code]"),function(n){
  (nodes[n.getAttribute("data-code")]=nodes[n.getAttribute("data-code")]||[]).push(n);});
slider.min=0;slider.max=Math.round((last-first)/DAY);
function iso(ms){return new Date(ms).toISOString().slice(0,10);}
function period(code,day){var ps=T.places[code].periods;
  for(var i=0;i<ps.length;i++){if(ps[i].from<=day&&day<=ps[i].to)return ps[i];}return null;}
function current(){return iso(first+Number(slider.value)*DAY);}
function describe(code){var p=T.places[code],d=period(code,current());
  var lines=[p.name+" ("+code+")"];
  if(!d){lines.push("no verdict on this day");return lines.join("\\n");}
  lines.push(T.labels[d.status]+(d.basis?" ("+d.basis+")":""));
  lines.push("from "+d.from+" to "+d.to);
  if(d.source)lines.push("Source: "+d.source+(d.url?" <"+d.url+">":""));
  return lines.join("\\n");}
function paint(){var day=current(),counts={};dayOut.textContent=day;
  T.statuses.forEach(function(s){counts[s]=0;});
  Object.keys(T.places).forEach(function(code){var d=period(code,day);
    var s=d?d.status:"no_live_warrant";counts[s]+=1;
    (nodes[code]||[]).forEach(function(n){n.style.fill=T.colours[s];});});
  T.statuses.forEach(function(s){document.getElementById("n-"+s).textContent=counts[s];});
  var w=null;T.warrant.forEach(function(x){if(x.from<=day&&day<=x.to)w=x;});
  note.textContent=(w&&!w.live)?"No place is coloured: no live warrant on this day; "+w.state+".":"";
  if(pick.value)info.textContent=describe(pick.value);}
function fromHash(){var m=/date=(\\d{4}-\\d{2}-\\d{2})/.exec(location.hash);
  if(!m)return false;var ms=Date.parse(m[1]+"T00:00:00Z");if(isNaN(ms))return false;
  ms=Math.min(Math.max(ms,first),last);slider.value=Math.round((ms-first)/DAY);return true;}
if(!fromHash())slider.value=slider.max;
slider.addEventListener("input",paint);
window.addEventListener("hashchange",function(){if(fromHash())paint();});
document.getElementById("map").addEventListener("mousemove",function(e){
  var code=e.target.closest?(e.target.closest("[data-code]")||{getAttribute:function(){return null;}}).getAttribute("data-code"):null;
  if(!code||!T.places[code]){tip.style.display="none";return;}
  tip.textContent=describe(code);tip.style.display="block";
  tip.style.left=Math.min(e.clientX+14,window.innerWidth-370)+"px";tip.style.top=(e.clientY+14)+"px";});
document.getElementById("map").addEventListener("mouseleave",function(){tip.style.display="none";});
document.getElementById("map").addEventListener("click",function(e){
  var n=e.target.closest&&e.target.closest("[data-code]");if(!n)return;
  pick.value=n.getAttribute("data-code");info.textContent=describe(pick.value);});
pick.addEventListener("change",function(){info.textContent=pick.value?describe(pick.value):"";});
paint();
document.documentElement.setAttribute("data-ready","1");
})();
"""


def render_html(
    ds: Dataset, suspect: str, last: date | None = None, base: BaseMap | None = None
) -> str:
    """The explorable map for `suspect` as one HTML document (nothing fetched, no external link).

    `last` is the slider's last day (default: today); `base` replaces the shipped base map (tests).
    Needs no optional package: the base map is shipped.
    """
    from travelrisk.present.worldmap import base_map

    base = base if base is not None else base_map()
    table = map_table(ds, suspect, last)
    from travelrisk.law.clock import today

    made = today().isoformat()
    e = html.escape
    name = table["suspect"]["name"]
    svg = map_svg(base, table, table["to"])
    legend = "".join(
        f'<span class="sw" style="background:{table["colours"][s]}"></span>'
        f'{e(table["legend"][s])}: <span id="n-{s}">0</span>'
        for s in table["statuses"]
    )
    options = "".join(
        f'<option value="{e(code)}">{e(p["name"])} ({e(code)})</option>'
        for code, p in sorted(table["places"].items(), key=lambda kv: kv[1]["name"].casefold())
    )
    as_of = table["as_of"] or "unknown"
    overlay = f"; with an overlay: {'; '.join(table['overlay'])}" if table["overlay"] else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Where must {e(name)} be arrested?</title>
<style>{_STYLE}</style></head><body>
{svg}
<div id="panel">
<h1>Where must {e(name)} be arrested? On <span id="day">{e(table["to"])}</span></h1>
<div id="controls"><label for="slider">Date</label><span>{e(table["from"])}</span>
<input id="slider" type="range" step="1" value="0"><span>{e(table["to"])}</span></div>
<div id="legend">{legend}</div>
<div id="note" role="status"></div>
<div><label for="pick">Find a place (small states too):</label>
<select id="pick"><option value="">—</option>{options}</select></div>
<div id="info"></div>
<div id="credit">Duties to arrest on a public ICC warrant, from travelrisk data as of {e(as_of)}{e(overlay)};
map made {e(made)}. Outlines: pygal world map. Not legal advice.</div>
</div>
<div id="tip" role="tooltip"></div>
<script type="application/json" id="map-data">{script_json(table)}</script>
<script>{_SCRIPT}</script>
</body></html>
"""
