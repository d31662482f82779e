"""On a phone the map's own legend folds away over the map: the same legend, open, below the map.

Shown by a CSS media query only at narrow widths, since the server does not know the screen's.
Labels are data (crime types, measure names) and are HTML-escaped; the samples are our own SVG.
"""

from __future__ import annotations

import base64
from html import escape

import streamlit as st

from geo.map.choropleth import Choropleth
from geo.style.badges import ChangeStyle
from geo.style.discs import DiscStyle
from geo.style.inks import HAIRLINE, INK, NO_VALUE_COLOUR, SWATCH_EDGE
from geo.style.legend_sections import Legend
from geo.svg.badges import badge_svg
from geo.svg.discs import disc_svg
from geo.svg.marks import mark_svg

NARROW = 640  # px: below this the map's width leaves no room for its legend beside the marks
CSS = f"""<style>
.atlas-phone-legend {{ display: none; font-size: 14px; line-height: 1.35; border: 1px solid {HAIRLINE};
  border-radius: 6px; padding: 6px 10px; margin-top: 6px; color: {INK}; }}
.atlas-phone-legend h4 {{ margin: 6px 0 2px; font-size: 14px; }}
.atlas-phone-legend div {{ display: flex; align-items: center; gap: 6px; margin: 2px 0; }}
.atlas-phone-legend .swatch {{ width: 14px; height: 14px; border: 1px solid {SWATCH_EDGE}; border-radius: 2px;
  flex: none; }}
.atlas-phone-legend .dot {{ border-radius: 50%; }}
@media (max-width: {NARROW}px) {{ .atlas-phone-legend {{ display: block; }} }}
</style>"""


def _row(sample: str, label: str) -> str:
    return f"<div>{_picture(sample) if sample.startswith('<svg') else sample}<span>{escape(label)}</span></div>"


def _picture(svg: str) -> str:
    """Our own SVG as an image: st.html's sanitiser drops inline SVG elements."""
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img alt="" src="data:image/svg+xml;base64,{data}" style="flex:none">'


def _swatch(colour: str, dot: bool = False) -> str:
    return f'<span class="swatch{" dot" if dot else ""}" style="background:{escape(colour)}"></span>'


def phone_legend(
    legend: Legend, choropleth: Choropleth, cells: DiscStyle | None = None, changes: ChangeStyle | None = None
) -> None:
    """``cells`` when the map counts incidents in discs; ``changes`` when it shows what changed
    between two days."""
    rows = [f"<h4>{escape(choropleth.measure)}</h4>"]
    rows += [_row(_swatch(entry.colour), entry.label) for entry in choropleth.legend]
    rows.append(_row(_swatch(NO_VALUE_COLOUR), choropleth.no_value_label))
    if changes:
        rows.append(f"<h4>{escape(changes.title)}</h4>")
        rows += [_row(badge_svg(kind.key), kind.row) for kind in changes.rows]
        rows.append(_row("", changes.note))
    if cells:
        rows.append(f"<h4>{escape(cells.title)}</h4>")
        rows.append(_row(disc_svg(cells), cells.slices_text))
        if cells.ring_label:
            rows.append(_row("", cells.ring_label))
        rows.append(_row("", cells.hint))
    if legend.levels:
        rows.append(f"<h4>{escape(legend.attribution_heading)}</h4>")
        rows += [_row(mark_svg(level.mark, level.colour), level.label) for level in legend.levels]
    else:
        rows.append(_row("", legend.unrated_note))
    if legend.crime_types:
        rows.append(f"<h4>{escape(legend.crime_heading)}</h4>")
        rows += [_row(_swatch(colour, dot=True), label) for label, colour in legend.crime_types]
    rows.append(_row("", legend.halo_label))
    st.html(CSS + '<section class="atlas-phone-legend" aria-label="Map legend">' + "".join(rows) + "</section>")
