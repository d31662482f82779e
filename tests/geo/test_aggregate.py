from geo.aggregate import by_attribution, monthly_timeline
from geo.ingest.pipeline import prepare_file
from geo.style import type_palette
from geo.vocab import ATTRIBUTION_LEVELS


def test_attribution_counts_list_every_level_in_order_with_zeros(fixtures):
    incidents = prepare_file(fixtures / "incidents_mixed.csv").incidents
    table = by_attribution(incidents)
    assert list(table["Attribution"]) == [level.label for level in ATTRIBUTION_LEVELS]
    assert table["Incidents"].sum() == len(incidents)
    counts = incidents["attribution"].value_counts()
    for level, n in zip(ATTRIBUTION_LEVELS, table["Incidents"], strict=True):
        assert n == counts.get(level.key, 0)


def test_timeline_places_only_days_and_months_and_counts_the_rest(fixtures):
    incidents = prepare_file(fixtures / "incidents_mixed.csv").incidents
    timeline, left_out = monthly_timeline(incidents, type_palette(incidents["crime_type"].value_counts()))
    placeable = incidents["date_precision"].isin(["day", "month"])
    assert timeline["incidents"].sum() == placeable.sum()
    assert left_out == (~placeable).sum() and left_out > 0
    december = timeline[timeline["month"] == "2024-12-01"]
    assert set(december["label"]) == {"Drugs"}


def test_timeline_of_nothing_is_empty_not_an_error(fixtures):
    incidents = prepare_file(fixtures / "incidents_mixed.csv").incidents
    timeline, left_out = monthly_timeline(incidents.iloc[0:0], type_palette({}))
    assert timeline.empty and left_out == 0
