"""The picture's marks follow the style's description, the legend's samples too."""

import pytest
from matplotlib.figure import Figure

from geo.publish.picture_marks import badge_sample, mark_sample
from geo.reference.vocab import ATTRIBUTION_LEVELS
from geo.style.badges import CHANGE_STROKES
from geo.style.marks import MARKS


def _drawn(paint) -> tuple:
    """What a sample puts on a fresh axes: each artist's kind, fill, line style and width."""
    ax = Figure().add_subplot()
    paint(ax)
    artists = [*ax.patches, *ax.lines]
    return tuple(
        (type(a).__name__, str(a.get_facecolor()) if hasattr(a, "get_facecolor") else "", str(a.get_linestyle()))
        for a in artists
    )


def test_every_level_is_its_own_shape_in_the_legend_sample():
    drawn = {
        level.key: _drawn(lambda ax, k=level.key: mark_sample(ax, 0.5, 0.5, 0.1, 1.0, k, "#0077BB"))
        for level in ATTRIBUTION_LEVELS
    }
    assert len(set(drawn.values())) == len(ATTRIBUTION_LEVELS)
    # The firmest level carries its ring: one more circle than the next.
    assert len(drawn["convicted"]) == len(drawn["charged"]) + 1 and MARKS["convicted"].ring


@pytest.mark.parametrize("key", list(CHANGE_STROKES))
def test_a_badge_draws_each_of_its_strokes(key):
    ax = Figure().add_subplot()
    badge_sample(ax, 0.5, 0.5, 0.1, 1.0, key)
    assert len(ax.lines) == len(CHANGE_STROKES[key]) and len(ax.patches) == 1
