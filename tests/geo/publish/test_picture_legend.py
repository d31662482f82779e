"""The picture's legend lists what the page's legend lists, with the counts a picture needs."""

from datetime import date

import pandas as pd
from matplotlib.figure import Figure

from geo.map.choropleth import build_choropleth
from geo.publish.picture_layout import DESKTOP, MOBILE
from geo.publish.picture_legend import Summary, draw_legend
from geo.style.badges import change_style
from geo.style.legend_sections import legend


def _texts(shipped, layout, changes=None) -> str:
    ax = Figure(figsize=layout.size).add_axes(layout.legend_box)
    choropleth = build_choropleth(shipped.incidents, shipped.counts, "Firmest link (current filters)")
    marks = legend(shipped.palette, shipped.meta.attribution_heading)
    counts = shipped.incidents["attribution"].value_counts().to_dict()
    draw_legend(ax, choropleth, marks, Summary(counts, None, False), layout, changes)
    return "\n".join(text.get_text() for text in ax.texts)


def test_each_level_with_its_count_each_type_and_the_halo_at_both_sizes(shipped):
    for layout in (DESKTOP, MOBILE):
        texts = _texts(shipped, layout)
        counts = shipped.incidents["attribution"].value_counts()
        assert f"Charged ({counts['charged']:,})" in texts.replace("\n", " ")
        assert "Homicide" in texts and "Dashed ring" in texts


def test_a_view_of_changes_names_each_kind_with_its_count(shipped):
    change = pd.Series(["up", "added", "added"])
    texts = _texts(shipped, DESKTOP, change_style((date(2024, 1, 1), date(2025, 1, 1)), change))
    assert "Change between 2024-01-01 and 2025-01-01" in texts.replace("\n", " ")
    assert "\u2191 Firmer (1)" in texts and "Newly linked, no badge (2)" in texts and "Weaker (0)" in texts
