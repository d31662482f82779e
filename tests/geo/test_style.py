import itertools

import numpy as np
import pytest
from colorspacious import cspace_convert, deltaE

from geo.reference.vocab import ATTRIBUTION_LEVELS
from geo.style import (
    ATTRIBUTION_COLOURS,
    BASEMAPS,
    MARKS,
    OTHER_TYPE_COLOUR,
    TYPE_COLOURS,
    attribution_heading,
    legend,
    type_palette,
)

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


def test_every_level_has_its_own_shape_not_only_a_line_weight():
    assert set(MARKS) == {level.key for level in ATTRIBUTION_LEVELS}
    looks = {(m.fill, m.dash, m.cross, m.ring, m.scale) for m in MARKS.values()}
    assert len(looks) == len(MARKS)


def test_many_types_keep_the_largest_eight_and_group_the_rest():
    counts = {f"type{i:02d}": 100 - i for i in range(40)}
    palette = type_palette(counts)
    assert palette.shown == tuple(f"type{i:02d}" for i in range(8))
    assert len(palette.others) == 32 and palette.other_label == "Other (32 types)"
    assert [palette.colours[k] for k in palette.shown] == list(TYPE_COLOURS)
    assert {palette.colours[k] for k in palette.others} == {OTHER_TYPE_COLOUR}
    spec = legend(palette, "H").to_json()
    assert len(spec["crimeTypes"]) == 9 and spec["crimeTypes"][-1]["label"] == "Other (32 types)"


def test_one_type_left_over_keeps_its_name_in_the_other_colour():
    palette = type_palette({f"t{i}": 20 - i for i in range(9)})
    assert len(palette.shown) == 9 and not palette.others
    assert palette.colours["t8"] == OTHER_TYPE_COLOUR
    assert legend(palette, "H").to_json()["crimeTypes"][-1]["label"] == "T8"


def test_legend_wording_comes_from_the_subject():
    assert attribution_heading("police use of force") == "How the link to police use of force is established"
    spec = legend(type_palette({"drugs": 5, "arson": 2}), "Heading").to_json()
    assert spec["attributionTitle"] == "Heading"
    assert [t["label"] for t in spec["crimeTypes"]] == ["Drugs", "Arson"]
    assert [a["key"] for a in spec["attribution"]] == [level.key for level in ATTRIBUTION_LEVELS]


def test_colouring_by_level_drops_the_type_section_and_colours_the_levels():
    marks = legend(type_palette({"drugs": 1}), "H", colour_by="attribution")
    assert marks.crime_types == () and len(set(marks.level_colours.values())) == len(marks.levels)
    assert all(level["colour"] for level in marks.to_json()["attribution"])


def test_basemaps_name_their_tile_hosts():
    assert BASEMAPS["none"].tiles is None and BASEMAPS["none"].host is None
    assert all(b.host.startswith("https://") for k, b in BASEMAPS.items() if k != "none")


def test_a_selection_keeps_its_datasets_colours_and_lists_only_what_it_holds():
    whole = type_palette({f"t{i}": 100 - i for i in range(12)})
    part = whole.within({"t9": 50, "t2": 1, "t0": 0})
    assert part.shown == ("t2",) and part.others == ("t9",)
    assert part.colours == {"t2": whole.colours["t2"], "t9": whole.colours["t9"]}
