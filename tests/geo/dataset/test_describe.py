import pandas as pd

from geo.dataset.describe import Drawing, alt_text, credit_line, place_label, places, readable
from geo.ingest.pipeline import prepare_file
from geo.reference.vocab import FIRMEST_MEASURE, INCIDENT_MEASURE


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
    text = alt_text(incidents, "the Example Crew", Drawing("marks", INCIDENT_MEASURE))
    assert text.startswith(f"Map of {len(incidents)} incidents")
    assert "attributed to the Example Crew" in text
    charged = int((incidents["attribution"] == "charged").sum())
    assert f"{charged} linked by prosecutors in a criminal case" in text
    assert text.endswith("States are shaded by the number of incidents shown.")
    assert "\u201cRate\u201d" in alt_text(incidents, "x", Drawing("marks", "Rate"))
    firmest = alt_text(incidents, "x", Drawing("marks", FIRMEST_MEASURE))
    assert firmest.endswith("States are shaded by the firmest link among each state's incidents shown.")


def test_alt_text_says_what_the_picture_draws(fixtures):
    """A picture of hexagons has no state shading; incidents it cannot place are said to be left out."""
    incidents = prepare_file(fixtures / "incidents_mixed.csv").incidents
    text = alt_text(incidents, "x", Drawing("hexagons", INCIDENT_MEASURE, 2, "Guam; San Juan"))
    assert "States are shaded" not in text
    assert "counted in hexagons" in text
    assert text.endswith("2 incidents outside the 50 states and DC (Guam; San Juan) are not drawn here.")


def test_data_that_rates_no_link_is_not_described_in_links(fixtures):
    incidents = prepare_file(fixtures / "incidents_mixed.csv").incidents.assign(attribution="unrated")
    text = alt_text(incidents, "the group", Drawing("marks", INCIDENT_MEASURE), rated=False, coverage="Only X.")
    assert "attributed" not in text and "unrated" not in text and "the group" not in text
    assert text.endswith("Only X.")


def test_alt_text_of_an_empty_view_says_so():
    empty = pd.DataFrame(columns=["state", "date_precision", "attribution", "date_start", "date_end"])
    assert "no incidents attributed to the group" in alt_text(empty, "the group", Drawing("marks", INCIDENT_MEASURE))
    texas = alt_text(empty, "the group", Drawing("marks", INCIDENT_MEASURE), ("TX",))
    assert texas.startswith("Map of Texas with no incidents") and "does not mean none happened" in texas


def test_a_credit_without_a_source_never_says_not_given():
    assert credit_line(("NBC News",), "Map: Incident Atlas") == "Source: NBC News. Map: Incident Atlas."
    assert credit_line((), "Map: Incident Atlas") == "Map: Incident Atlas."


def test_tables_of_unrated_data_have_no_attribution_columns(fixtures):
    incidents = prepare_file(fixtures / "incidents_mixed.csv").incidents
    assert "Attribution" in readable(incidents)
    assert not {"Attribution", "Attributed by"} & set(readable(incidents, rated=False))
