import itertools
import re
from pathlib import Path

import numpy as np
import pytest
from colorspacious import cspace_convert, deltaE

from geo.style.inks import ATTRIBUTION_COLOURS, OTHER_TYPE_COLOUR, TYPE_COLOURS
from geo.support.paths import ROOT

# Every pair of colours a legend can show together stays this far apart (CAM02-UCS), seen with
# normal vision and with each common colour-vision deficiency simulated at full severity.
MIN_DIFFERENCE = 9.5
DEFICIENCIES = (None, "deuteranomaly", "protanomaly", "tritanomaly")


def _seen(colour: str, deficiency: str | None) -> np.ndarray:
    rgb = np.array([int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    if deficiency is None:
        return rgb
    simulated = cspace_convert(rgb, {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}, "sRGB1")
    return np.clip(simulated, 0, 1)


def _closest_pair(colours) -> tuple[float, tuple[str, str, str]]:
    worst = (float("inf"), ("", "", ""))
    for a, b in itertools.combinations(colours, 2):
        for deficiency in DEFICIENCIES:
            difference = deltaE(
                _seen(a, deficiency), _seen(b, deficiency), input_space="sRGB1", uniform_space="CAM02-UCS"
            )
            worst = min(worst, (float(difference), (a, b, str(deficiency))))
    return worst


@pytest.mark.parametrize("palette", [(*TYPE_COLOURS, OTHER_TYPE_COLOUR), tuple(ATTRIBUTION_COLOURS.values())])
def test_colours_shown_together_stay_distinct_for_colour_blind_readers(palette):
    difference, pair = _closest_pair(palette)
    assert difference >= MIN_DIFFERENCE, pair


def test_the_check_can_fail_on_close_colours():
    difference, _ = _closest_pair(("#009E73", "#44AA99"))  # the old Drugs and Weapons greens
    assert difference < MIN_DIFFERENCE


COLOUR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?\b(?![-\w])|\brgba?\(|[\"'](?:white|black)[\"']")
# Colours are written in geo/style only; what the code base paints is checked here, the data is not.
PAINTING = ("geo", "ui", "pages", "app.py")


def _painting_files() -> list[Path]:
    return [
        path
        for top in PAINTING
        for path in ([ROOT / top] if top.endswith(".py") else (ROOT / top).rglob("*"))
        if path.suffix in {".py", ".js", ".css", ".html"} and "style" not in path.relative_to(ROOT).parts[:2]
    ]


def test_no_colour_is_written_outside_the_style_package():
    written = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _painting_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if COLOUR.search(line)
    ]
    assert written == []


def test_the_colour_check_finds_a_colour():
    assert COLOUR.search('ctx.fillStyle = "#ffffff";') and COLOUR.search("rgba(91,91,91,0.55)")
    assert COLOUR.search('Figure(facecolor="white")')
    assert not COLOUR.search("#incident-list button") and not COLOUR.search("#map-search-input")
    assert len(_painting_files()) > 50
