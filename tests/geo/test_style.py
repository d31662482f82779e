from geo.style import (
    BASEMAPS,
    CRIME_TYPE_COLOURS,
    MARKS,
    OTHER_TYPE_COLOUR,
    attribution_heading,
    crime_type_colours,
    legend,
    type_palette,
)
from geo.vocab import ATTRIBUTION_LEVELS, CRIME_TYPES


def test_every_level_and_every_standard_type_has_a_look():
    assert set(MARKS) == {level.key for level in ATTRIBUTION_LEVELS}
    colours = crime_type_colours([c.key for c in CRIME_TYPES])
    assert len(set(colours.values())) == len(CRIME_TYPES)


def test_new_types_get_distinct_extra_colours_in_order_then_one_for_the_rest():
    colours = crime_type_colours(["homicide", *[f"t{i}" for i in range(9)]])
    extras = [colours[f"t{i}"] for i in range(9)]
    assert len(set(extras[:6])) == 6 and len(set(extras[6:])) == 1
    assert colours["homicide"] not in extras


def test_legend_wording_comes_from_the_subject():
    assert attribution_heading("police use of force") == "How the link to police use of force is established"
    spec = legend(type_palette({"drugs": 5, "arson": 2}), "Heading").to_json()
    assert spec["attributionTitle"] == "Heading"
    assert [t["label"] for t in spec["crimeTypes"]] == ["Drugs", "Arson"]
    assert [a["key"] for a in spec["attribution"]] == [level.key for level in ATTRIBUTION_LEVELS]


def test_basemaps_name_their_tile_hosts():
    assert BASEMAPS["none"].tiles is None and BASEMAPS["none"].host is None
    assert all(b.host.startswith("https://") for k, b in BASEMAPS.items() if k != "none")


def test_many_types_keep_the_largest_eight_and_group_the_rest():
    counts = {f"type{i:02d}": 100 - i for i in range(40)}
    palette = type_palette(counts)
    assert palette.shown == tuple(f"type{i:02d}" for i in range(8))
    assert len(palette.others) == 32 and palette.other_label == "Other (32 types)"
    assert len({palette.colours[k] for k in palette.shown}) == 8
    assert {palette.colours[k] for k in palette.others} == {OTHER_TYPE_COLOUR}
    spec = legend(palette, "H").to_json()
    assert len(spec["crimeTypes"]) == 9 and spec["crimeTypes"][-1]["label"] == "Other (32 types)"


def test_nine_types_are_all_shown_rather_than_one_called_other():
    palette = type_palette({f"t{i}": 10 for i in range(9)})
    assert len(palette.shown) == 9 and not palette.others


def test_known_types_keep_their_colour_whatever_their_rank():
    palette = type_palette({"drugs": 1, "arson": 50, "homicide": 3})
    assert palette.shown[0] == "arson"
    assert palette.colours["drugs"] == CRIME_TYPE_COLOURS["drugs"]
    assert palette.colours["arson"] not in CRIME_TYPE_COLOURS.values() or palette.colours["arson"] != "#009E73"


def test_colouring_by_level_drops_the_type_section_and_colours_the_levels():
    marks = legend(type_palette({"drugs": 1}), "H", colour_by="attribution")
    assert marks.crime_types == () and len(set(marks.level_colours.values())) == len(marks.levels)
    assert all(level["colour"] for level in marks.to_json()["attribution"])
