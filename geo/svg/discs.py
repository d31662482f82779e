"""A counted disc (``geo.style.discs.DiscStyle``) as a small SVG, drawn like the map's: three
slices and, with crime-type slices, the ring with its dark arc."""

from __future__ import annotations

import math

from geo.style.discs import DiscStyle
from geo.style.inks import DISC_EDGE, PAPER, RING_FIRM, RING_REST
from geo.svg.picture import svg


def disc_svg(style: DiscStyle, size: int = 26) -> str:
    colours = [entry.colour for entry in style.slices][:3]
    ringed = bool(style.ring_label)
    inner = 6.2 if ringed else 9
    parts = [f'<circle cx="10" cy="10" r="9.6" fill="{PAPER}" stroke="{DISC_EDGE}" stroke-width="0.6"/>']
    start = -90.0
    for share, colour in zip((0.5, 0.3, 0.2), colours, strict=False):
        end = start + 360 * share
        x1, y1 = 10 + inner * math.cos(math.radians(start)), 10 + inner * math.sin(math.radians(start))
        x2, y2 = 10 + inner * math.cos(math.radians(end)), 10 + inner * math.sin(math.radians(end))
        arc = f"A{inner} {inner} 0 {1 if share > 0.5 else 0} 1 {x2:.2f} {y2:.2f}"
        parts.append(f'<path d="M10 10L{x1:.2f} {y1:.2f}{arc}Z" fill="{colour}"/>')
        start = end
    if ringed:
        parts.append(f'<circle cx="10" cy="10" r="8" fill="none" stroke="{RING_REST}" stroke-width="2.6"/>')
        parts.append(f'<path d="M10 2A8 8 0 0 1 17.6 12.5" fill="none" stroke="{RING_FIRM}" stroke-width="2.6"/>')
    return svg(parts, size)
