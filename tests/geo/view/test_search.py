import pandas as pd

from geo.view.search import find


def test_an_exact_id_comes_first_then_places_then_incidents(shipped):
    matches = find(shipped.incidents, "georgia-laken-riley-homicide")
    assert matches[0].kind == "incident" and matches[0].id == "georgia-laken-riley-homicide"
    aurora = find(shipped.incidents, "aurora")
    kinds = [m.kind for m in aurora]
    assert kinds[0] == "city" and aurora[0].label.startswith("Aurora, CO") and aurora[0].count >= 1
    assert "incident" in kinds and kinds.index("incident") > kinds.index("city")
    assert f"\u2014 {aurora[0].count:,} incident" in aurora[0].label


def test_states_say_their_counts_and_places_without_incidents_say_so(shipped):
    texas = find(shipped.incidents, "Texas")
    assert texas[0].kind == "state" and texas[0].label.startswith("Texas (TX)")
    colorado = find(shipped.incidents, "Colorado")[0]
    assert colorado.count == int((shipped.incidents["state"] == "CO").sum()) > 0
    boise = find(shipped.incidents, "Boise")
    assert boise and boise[0].kind == "place" and boise[0].label == "Boise, ID \u2014 no incidents here"
    assert 43 < boise[0].lat < 44 and -117 < boise[0].lon < -116


def test_a_city_in_the_data_comes_before_its_incidents_and_is_not_offered_twice():
    rows = 30
    incidents = pd.DataFrame(
        {
            "id": [f"i{k}" for k in range(rows)],
            "title": ["Shooting on Chicago Avenue"] * 5 + ["Robbery"] * (rows - 5),
            "city": ["Evanston"] * 5 + ["Chicago"] * 20 + ["Chicago Heights"] * 5,
            "state": "IL",
            "lat": 41.88,
            "lon": -87.63,
            "location_precision": "city",
        }
    )
    chicago = find(incidents, "Chicago")
    assert chicago[0].kind == "city" and chicago[0].label == "Chicago, IL \u2014 20 incidents"
    assert chicago[1].label == "Chicago Heights, IL \u2014 5 incidents"
    assert not [m for m in chicago if m.kind == "place" and m.label.startswith("Chicago, IL")]
    assert [m.kind for m in chicago].index("incident") > 1


def test_a_query_of_one_letter_or_nothing_finds_nothing(shipped):
    assert find(shipped.incidents, "a") == [] and find(shipped.incidents, "  ") == []
    assert find(shipped.incidents, "zzzqqq") == []
