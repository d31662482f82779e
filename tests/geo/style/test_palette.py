from geo.style.inks import OTHER_TYPE_COLOUR, TYPE_COLOURS
from geo.style.legend_sections import legend
from geo.style.palette import type_palette


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


def test_a_selection_keeps_its_datasets_colours_and_lists_only_what_it_holds():
    whole = type_palette({f"t{i}": 100 - i for i in range(12)})
    part = whole.within({"t9": 50, "t2": 1, "t0": 0})
    assert part.shown == ("t2",) and part.others == ("t9",)
    assert part.colours == {"t2": whole.colours["t2"], "t9": whole.colours["t9"]}
