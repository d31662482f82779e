import pandas as pd

from geo.describe import alt_text, place_label, places, readable
from geo.ingest.pipeline import prepare_file
from geo.vocab import INCIDENT_MEASURE


def test_place_labels_say_how_far_to_trust_the_point():
    assert place_label("Aurora", "CO", "street") == "Aurora, CO"
    assert place_label("Aurora", "CO", "city") == "Aurora, CO (city centre, not the exact spot)"
    assert place_label("", "CO", "state") == "Colorado (state level, not the exact spot)"
    assert place_label("Cook", "IL", "county") == "Cook County, IL (county centre, not the exact spot)"
    assert place_label("Orleans Parish", "LA", "county").startswith("Orleans Parish, LA")
    assert place_label("", "", "") == "Unknown place"


def test_readable_table_uses_the_newsrooms_words(fixtures):
    incidents = prepare_file(fixtures / "incidents_mixed.csv").incidents
    table = readable(incidents)
    assert list(table.columns[:3]) == ["Title", "Attribution", "Attributed by"]
    row = table[incidents["id"] == "a3"].iloc[0]
    assert row["Attribution"] == "Claimed" and row["Attributed by"] == "Politicians, Media"
    assert len(places(incidents)) == len(incidents)


def test_alt_text_counts_what_is_shown_by_level_and_names_the_subject(fixtures):
    incidents = prepare_file(fixtures / "incidents_mixed.csv").incidents
    text = alt_text(incidents, "the Example Crew", INCIDENT_MEASURE)
    assert text.startswith(f"Map of {len(incidents)} incidents")
    assert "attributed to the Example Crew" in text
    charged = int((incidents["attribution"] == "charged").sum())
    assert f"{charged} charged" in text
    assert text.endswith("States are shaded by the number of incidents shown.")
    assert "\u201cRate\u201d" in alt_text(incidents, "x", "Rate")


def test_alt_text_of_an_empty_view_says_so():
    empty = pd.DataFrame(columns=["state", "date_precision", "attribution", "date_start", "date_end"])
    assert "no incidents attributed to the group" in alt_text(empty, "the group", INCIDENT_MEASURE)
    texas = alt_text(empty, "the group", INCIDENT_MEASURE, ("TX",))
    assert texas.startswith("Map of Texas with no incidents") and "does not mean none happened" in texas
