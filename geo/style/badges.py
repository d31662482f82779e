"""A changed mark's badge, and how a view of changes between two days is explained.

A badge is a white disc with the change's arrow, drawn as strokes in a 20-unit box: the browser's
canvas and legend, the static pictures and the app's phone legend all paint these strokes. A newly
linked incident is a plain mark: in a view of changes, the arrows are what should stand out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from geo.reference.vocab import CHANGE_KINDS
from geo.style.inks import CHANGE_INK

Stroke = tuple[tuple[float, float], ...]
CHANGE_STROKES: dict[str, tuple[Stroke, ...]] = {
    "up": (((10, 15), (10, 5)), ((6, 9), (10, 5), (14, 9))),
    "down": (((10, 5), (10, 15)), ((6, 11), (10, 15), (14, 11))),
    "added": (),
    "changed": (((4, 10), (16, 10)), ((7, 7), (4, 10), (7, 13)), ((13, 7), (16, 10), (13, 13))),
}
ALWAYS_LISTED = ("up", "down")
PLAIN_MARK_LABEL = "Newly linked, no badge"
# The badge's geometry in its 20-unit box: the disc's radius and edge, the arrow's width, and the
# plain mark a newly linked incident's legend row shows instead.
BADGE_DISC = 8.6
BADGE_EDGE = 1.4
ARROW_WIDTH = 2.2
PLAIN_MARK = {"radius": 6.0, "edge": 1.6}


@dataclass(frozen=True)
class ChangeKind:
    key: str
    arrow: str
    label: str
    count: int
    strokes: tuple[Stroke, ...]

    @property
    def row(self) -> str:
        """The kind's legend line, with its count."""
        text = f"{self.arrow} {self.label}" if self.strokes else PLAIN_MARK_LABEL
        return f"{text} ({self.count:,})"


@dataclass(frozen=True)
class ChangeStyle:
    """A view of changes: each kind (in ``CHANGE_KINDS`` order: the browser indexes them) and the
    kinds every legend lists (firmer and weaker always; other kinds only when present)."""

    title: str
    kinds: tuple[ChangeKind, ...]
    ink: str = CHANGE_INK
    note: str = "Each mark shows its level on the later date; its badge, how that level changed."
    cells_note: str = (
        "Discs count the changed incidents in each area: hover or tap one for how many firmed up, "
        "weakened or are new; zoom in for each incident's badge."
    )

    @property
    def rows(self) -> tuple[ChangeKind, ...]:
        return tuple(kind for kind in self.kinds if kind.key in ALWAYS_LISTED or kind.count)

    def to_json(self) -> dict:
        return {
            "title": self.title,
            "ink": self.ink,
            "badge": {"disc": BADGE_DISC, "edge": BADGE_EDGE, "arrow": ARROW_WIDTH, "plain": PLAIN_MARK},
            "kinds": [
                {"key": k.key, "arrow": k.arrow, "label": k.label, "n": k.count, "strokes": k.strokes}
                for k in self.kinds
            ],
            "rows": [{"key": k.key, "text": k.row, "strokes": k.strokes} for k in self.rows],
            "note": self.note,
            "cellsNote": self.cells_note,
        }


def change_style(span: tuple[date, date], change: pd.Series) -> ChangeStyle:
    """How a view of the changes between ``span``'s two days is drawn and explained."""
    counts = change.value_counts()
    first, second = span
    return ChangeStyle(
        title=f"Change between {first.isoformat()} and {second.isoformat()}",
        kinds=tuple(
            ChangeKind(key, arrow, word, int(counts.get(key, 0)), CHANGE_STROKES[key])
            for key, (arrow, word) in CHANGE_KINDS.items()
        ),
    )
