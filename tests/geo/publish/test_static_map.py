import io
import re

import numpy as np
from matplotlib.figure import Figure
from PIL import Image

from geo.map.choropleth import build_choropleth
from geo.publish import picture_layout, static_map
from geo.reference.vocab import INCIDENT_MEASURE
from geo.style.legend_sections import legend


def text(monkeypatch, fig) -> str:
    monkeypatch.setitem(picture_layout.RC, "svg.fonttype", "none")
    return " ".join(re.findall(r"<text[^>]*>([^<]*)", static_map.to_svg(fig).decode("utf-8")))


def draw(shipped, layout=picture_layout.DESKTOP, focus=()):
    incidents = shipped.incidents
    texts = picture_layout.StaticText("A $title$", "Sub", "Source: Test source. Map: X.", "2025-03", "")
    marks = legend(shipped.palette, "How the link to the Crew is established")
    choropleth = build_choropleth(incidents, shipped.counts, INCIDENT_MEASURE)
    return static_map.render(incidents, choropleth, marks, shipped.palette, texts, layout, focus).figure


def test_png_sizes_for_desktop_and_phone(shipped):
    for layout, size in ((picture_layout.DESKTOP, (1200, 800)), (picture_layout.MOBILE, (640, 960))):
        image = Image.open(io.BytesIO(static_map.to_png(static_map.raster(draw(shipped, layout)))))
        assert image.size == size


def test_png_is_saved_in_256_colours_only_where_every_pixel_keeps_its_colour(shipped):
    figure = draw(shipped)
    full = io.BytesIO()
    figure.savefig(full, format="png", dpi=100)
    saved = Image.open(io.BytesIO(static_map.to_png(static_map.raster(figure))))
    assert saved.mode == "P" and len(static_map.to_png(static_map.raster(figure))) < len(full.getvalue()) / 2
    moved = np.abs(np.asarray(saved.convert("RGB"), dtype=int) - np.asarray(Image.open(full).convert("RGB"), dtype=int))
    assert moved.max() <= static_map.PALETTE_TOLERANCE
    # A picture of thousands of shades (a smooth gradient) keeps its full colour.
    gradient = Figure(figsize=(4, 3))
    gradient.add_axes((0, 0, 1, 1)).imshow(np.random.default_rng(1).random((300, 400, 3)))
    assert Image.open(io.BytesIO(static_map.to_png(static_map.raster(gradient)))).mode == "RGB"


def test_the_picture_carries_title_legend_credit_and_as_of(shipped, monkeypatch):
    words = text(monkeypatch, draw(shipped))
    for expected in (
        "A $title$",
        "How the link to the Crew",
        "Convicted",
        "Crime type",
        "Source: Test source",
        "Data as of 2025-03",
    ):
        assert expected in words


def test_a_state_view_frames_that_state_not_the_nation(shipped):
    national = draw(shipped).axes[0]
    colorado = draw(shipped, focus=("CO",)).axes[0]
    assert colorado.get_xlim()[1] - colorado.get_xlim()[0] < (national.get_xlim()[1] - national.get_xlim()[0]) / 4
    assert len(draw(shipped, focus=("CO",)).axes) < len(draw(shipped).axes)  # no Alaska or Hawaii insets


def test_a_picture_of_changes_draws_a_badge_on_each_changed_mark_and_names_them(monkeypatch):
    from datetime import date

    from geo.dataset.dataset import load_dataset
    from geo.dataset.history import with_changes
    from geo.style.badges import change_style
    from geo.support.paths import ROOT

    fixtures = ROOT / "tests" / "fixtures" / "history"
    dataset = load_dataset(fixtures / "incidents.csv")
    span = (date(2024, 9, 30), date(2025, 3, 1))
    changed = with_changes(dataset.incidents, dataset.history, *span)
    texts = picture_layout.StaticText("What changed", "", "Source: Test source.", "", "")
    marks = legend(dataset.palette, "How the link is established")
    choropleth = build_choropleth(changed, dataset.counts, INCIDENT_MEASURE)

    def badges(figure) -> int:
        """Badges are drawn above every mark (z 8): a white disc and an arrow, per kind of change."""
        return sum(len(c.get_offsets()) for c in figure.axes[0].collections if 8 <= c.get_zorder() < 9)

    styles = change_style(span, changed["change"])
    marked = static_map.render(changed, choropleth, marks, dataset.palette, texts, changes=styles).figure
    plain = static_map.render(changed, choropleth, marks, dataset.palette, texts).figure
    # The shooting firmed up: one badge (disc and arrow); the three newly linked incidents have none.
    assert badges(marked) == 2 and badges(plain) == 0
    words = text(monkeypatch, marked)
    assert "Change between 2024-09-30 and 2025-03-01" in words
    assert "\u2191 Firmer (1)" in words and "\u2193 Weaker (0)" in words and "Newly linked, no badge (3)" in words


def test_svg_paths_keep_a_tenth_of_a_point_and_text_keeps_every_digit(shipped):
    svg = static_map.to_svg(draw(shipped), title="Rate 3.14159 per 100,000").decode("utf-8")
    paths = re.findall(r'\sd="([^"]*)"', svg)
    assert paths and not [p for p in paths if re.search(r"\d\.\d\d", p) or "\n" in p]
    assert "<title>Rate 3.14159 per 100,000</title>" in svg
