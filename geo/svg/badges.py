"""A change's badge (``geo.style.badges``) as a small SVG; for a newly linked incident, a plain mark."""

from __future__ import annotations

from geo.style.badges import ARROW_WIDTH, BADGE_DISC, BADGE_EDGE, CHANGE_STROKES, PLAIN_MARK
from geo.style.inks import CHANGE_INK, PAPER
from geo.svg.picture import svg


def badge_svg(key: str, size: int = 16) -> str:
    if not CHANGE_STROKES[key]:
        radius, edge = PLAIN_MARK["radius"], PLAIN_MARK["edge"]
        return svg([_disc(radius, edge)], size)
    lines = "".join(
        '<polyline points="' + " ".join(f"{x},{y}" for x, y in stroke) + '" fill="none" '
        f'stroke="{CHANGE_INK}" stroke-width="{ARROW_WIDTH:g}" stroke-linecap="round" stroke-linejoin="round"/>'
        for stroke in CHANGE_STROKES[key]
    )
    return svg([_disc(BADGE_DISC, BADGE_EDGE), lines], size)


def _disc(radius: float, edge: float) -> str:
    return f'<circle cx="10" cy="10" r="{radius:g}" fill="{PAPER}" stroke="{CHANGE_INK}" stroke-width="{edge:g}"/>'
