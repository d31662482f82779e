"""A level's mark (``geo.style.marks.Mark``) as a small SVG."""

from __future__ import annotations

from geo.style.inks import PAPER
from geo.style.marks import Mark
from geo.svg.picture import svg


def mark_svg(mark: Mark, colour: str, size: int = 18) -> str:
    r, edge = 6 * mark.scale, mark.rim or colour
    parts = [f'<circle cx="10" cy="10" r="{r:g}" fill="{colour if mark.fill == "solid" else PAPER}"/>']
    if mark.fill == "half":
        parts.append(f'<path d="M10 {10 - r:g}A{r:g} {r:g} 0 0 0 10 {10 + r:g}Z" fill="{colour}"/>')
    if mark.weight:
        dash = f' stroke-dasharray="{mark.dash}"' if mark.dash else ""
        parts.append(
            f'<circle cx="10" cy="10" r="{r:g}" fill="none" stroke="{edge}" stroke-width="{mark.weight:g}"{dash}/>'
        )
    if mark.cross:
        parts.append(f'<path d="M5.8 5.8L14.2 14.2M14.2 5.8L5.8 14.2" stroke="{edge}" stroke-width="{mark.weight:g}"/>')
    if mark.ring:
        parts.append(f'<circle cx="10" cy="10" r="{r + 3:g}" fill="none" stroke="{edge}" stroke-width="1.2"/>')
    return svg(parts, size)
