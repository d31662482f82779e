from geo.style import BASEMAPS, MARKS, attribution_heading, crime_type_colours, legend
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
    spec = legend(["drugs", "arson"], "Heading").to_json()
    assert spec["attributionTitle"] == "Heading"
    assert [t["label"] for t in spec["crimeTypes"]] == ["Drugs", "Arson"]
    assert [a["key"] for a in spec["attribution"]] == [level.key for level in ATTRIBUTION_LEVELS]


def test_basemaps_name_their_tile_hosts():
    assert BASEMAPS["none"].tiles is None and BASEMAPS["none"].host is None
    assert all(b.host.startswith("https://") for k, b in BASEMAPS.items() if k != "none")
