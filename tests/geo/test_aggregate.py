import pandas as pd

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


def test_the_level_timeline_counts_each_month_by_level_and_says_what_it_leaves_out():
    from geo.aggregate import level_timeline

    incidents = pd.DataFrame(
        {
            "date_precision": ["day", "month", "day", "year", "reported_by"],
            "date_start": pd.to_datetime(["2024-01-05", "2024-01-01", "2024-02-10", "2024-01-01", "1900-01-01"]),
            "attribution": ["charged", "charged", "claimed", "charged", "reported"],
        }
    )
    table, left_out = level_timeline(incidents)
    assert left_out == 2
    rows = {
        (str(m.date()), a): n for m, a, n in zip(table["month"], table["attribution"], table["incidents"], strict=True)
    }
    assert rows == {("2024-01-01", "charged"): 2, ("2024-02-01", "claimed"): 1}
    assert list(table.sort_values("order")["label"]) == ["Charged", "Claimed"]
