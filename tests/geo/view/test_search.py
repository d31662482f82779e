from geo.view.search import find


def test_an_exact_id_comes_first_then_titles_and_places(shipped):
    matches = find(shipped.incidents, "georgia-laken-riley-homicide")
    assert matches[0].kind == "incident" and matches[0].id == "georgia-laken-riley-homicide"
    aurora = find(shipped.incidents, "aurora")
    assert aurora and all(m.kind == "incident" for m in aurora[:3]) and "Aurora" in aurora[0].label


def test_states_and_places_without_incidents_are_found_too(shipped):
    texas = find(shipped.incidents, "Texas")
    assert any(m.kind == "state" and m.label == "Texas (TX)" for m in texas)
    boise = find(shipped.incidents, "Boise")
    assert boise and boise[0].kind == "place" and boise[0].label.startswith("Boise")
    assert 43 < boise[0].lat < 44 and -117 < boise[0].lon < -116


def test_a_query_of_one_letter_or_nothing_finds_nothing(shipped):
    assert find(shipped.incidents, "a") == [] and find(shipped.incidents, "  ") == []
    assert find(shipped.incidents, "zzzqqq") == []
