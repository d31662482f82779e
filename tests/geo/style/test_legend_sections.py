from geo.reference.vocab import ATTRIBUTION_LEVELS
from geo.style.legend_sections import attribution_heading, legend
from geo.style.palette import type_palette


def test_legend_wording_comes_from_the_subject():
    assert attribution_heading("police use of force") == "How the link to police use of force is established"
    spec = legend(type_palette({"drugs": 5, "arson": 2}), "Heading").to_json()
    assert spec["attributionTitle"] == "Heading"
    assert [t["label"] for t in spec["crimeTypes"]] == ["Drugs", "Arson"]
    assert [a["key"] for a in spec["attribution"]] == [level.key for level in ATTRIBUTION_LEVELS]


def test_colouring_by_level_drops_the_type_section_and_colours_the_levels():
    marks = legend(type_palette({"drugs": 1}), "H", colour_by="attribution")
    assert marks.crime_types == () and len({level.colour for level in marks.levels}) == len(marks.levels)
    assert all(level["colour"] for level in marks.to_json()["attribution"])
