import pytest

from geo.reference.states import normalize_state, state_name, state_table


def test_the_census_file_gives_the_states_dc_and_territories():
    table = state_table()
    assert len(table) == 56
    assert table["CO"] == ("Colorado", "08") and table["DC"][0] == "District of Columbia"


@pytest.mark.parametrize(
    "given,code",
    [
        ("CO", "CO"),
        ("co", "CO"),
        ("Colorado", "CO"),
        (" colorado ", "CO"),
        ("08", "CO"),
        (8, "CO"),
        ("8.0", "CO"),
        ("Washington D.C.", "DC"),
        ("washington dc", "DC"),
        ("Puerto Rico", "PR"),
    ],
)
def test_codes_names_and_fips_all_mean_one_state(given, code):
    assert normalize_state(given) == code


@pytest.mark.parametrize("given", ["", None, "nan", "Colorad", "99", "ZZ", "Ontario"])
def test_anything_else_is_not_a_state(given):
    assert normalize_state(given) is None


def test_state_name_falls_back_to_the_code():
    assert state_name("TX") == "Texas" and state_name("ZZ") == "ZZ"


def test_dc_and_the_territories_are_named_not_counted_as_states():
    from geo.reference.states import places_phrase

    assert places_phrase(["CO", "TX", "FL"]) == "3 states"
    assert places_phrase(["CO"]) == "1 state"
    assert places_phrase(["CO", "DC", "TX"]) == "2 states and DC"
    assert places_phrase(["PR", "CO", "DC"]) == "1 state, DC and Puerto Rico"
    assert places_phrase(["DC"]) == "DC"
    assert places_phrase([]) == "0 states"
