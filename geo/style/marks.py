"""How an incident's mark says how firmly its link is established, and the halo of marks placed at a
centre rather than the exact spot."""

from __future__ import annotations

from dataclasses import dataclass

from geo.style.inks import HALO_EDGE, PAPER, SOLID_RIM


@dataclass(frozen=True)
class Mark:
    """A level's mark, by shape and fill pattern rather than line weight alone: ``fill`` is "solid",
    "half" (left half) or "none" (white); ``ring`` adds an outer ring; ``dash`` is a dash pattern in
    pixels for the outline; ``cross`` strikes it through. ``rim`` is an outline colour used instead
    of the mark's colour. Every mark sits on a thin white backdrop, so it reads over the darkest
    state fill too."""

    fill: str
    weight: float
    dash: str | None = None
    cross: bool = False
    rim: str | None = None
    ring: bool = False
    scale: float = 1.0  # of the standard mark's size

    def to_json(self) -> dict:
        return {
            "fill": self.fill,
            "weight": self.weight,
            "dash": self.dash,
            "cross": self.cross,
            "stroke": self.rim,
            "ring": self.ring,
            "scale": self.scale,
        }


MARKS: dict[str, Mark] = {
    "convicted": Mark("solid", 1.5, rim=SOLID_RIM, ring=True),
    "charged": Mark("solid", 1.5, rim=SOLID_RIM),
    "law_enforcement": Mark("half", 2.0),
    "reported": Mark("none", 2.0),
    "claimed": Mark("none", 2.0, dash="4 3"),
    "disputed": Mark("none", 2.0, cross=True),
    # Unrated (the default for imported data) is a plain small dot: visible, and claiming nothing.
    "unrated": Mark("solid", 0.0, scale=0.6),
}


@dataclass(frozen=True)
class Halo:
    """The dashed ring around marks placed at a city, county or state centre: they are not where the
    event happened. ``opacity`` is the white fill's; ``dash`` in points (pictures) and pixels (page)."""

    edge: str
    fill: str
    opacity: float
    dash: tuple[float, float]
    label: str

    def to_json(self) -> dict:
        return {"edge": self.edge, "fill": self.fill, "opacity": self.opacity, "dash": " ".join(map(str, self.dash))}


HALO = Halo(HALO_EDGE, PAPER, 0.45, (3, 3), "Dashed ring: placed at a city or state centre, not the exact spot")
