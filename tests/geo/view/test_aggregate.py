import pandas as pd

from geo.ingest.pipeline import prepare_file
from geo.reference.vocab import ATTRIBUTION_LEVELS
from geo.view.aggregate import by_attribution, ranked_counts, standing


def test_attribution_counts_list_every_level_in_order_with_zeros(fixtures):
    incidents = prepare_file(fixtures / "incidents_mixed.csv").incidents
    table = by_attribution(incidents)
    assert list(table["Attribution"]) == [level.label for level in ATTRIBUTION_LEVELS]
    assert table["Incidents"].sum() == len(incidents)
    counts = incidents["attribution"].value_counts()
    for level, n in zip(ATTRIBUTION_LEVELS, table["Incidents"], strict=True):
        assert n == counts.get(level.key, 0)


def test_the_level_timeline_places_only_days_and_months_and_counts_the_rest(fixtures):
    from geo.view.aggregate import level_timeline

    incidents = prepare_file(fixtures / "incidents_mixed.csv").incidents
    timeline, left_out = level_timeline(incidents, "month")
    placeable = incidents["date_precision"].isin(["day", "month"])
    assert timeline["incidents"].sum() == placeable.sum()
    assert left_out == (~placeable).sum() and left_out > 0
    timeline, left_out = level_timeline(incidents.iloc[0:0], "month")
    assert timeline.empty and left_out == 0


def test_ranked_counts_keep_the_top_ten_and_sum_the_rest():
    cities = pd.Series(["Chicago"] * 30 + ["Rockford"] * 5 + [""] * 3 + [f"Town {k}" for k in range(12)])
    table = ranked_counts(cities, "City")
    assert list(table["City"][:3]) == ["Chicago", "Rockford", "Not given"]
    assert list(table["Incidents"][:3]) == [30, 5, 3]
    assert len(table) == 11 and table["City"].iloc[-1] == "All other 5" and table["Incidents"].iloc[-1] == 5
    assert table["Incidents"].sum() == len(cities)
    assert ranked_counts(pd.Series(["a", "b"]), "X", label=str.upper)["X"].tolist() == ["A", "B"]


def test_the_level_timeline_counts_each_month_by_level_and_says_what_it_leaves_out():
    from geo.view.aggregate import level_timeline

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
        (str(m.date()), a): n for m, a, n in zip(table["start"], table["attribution"], table["incidents"], strict=True)
    }
    assert rows == {("2024-01-01", "charged"): 2, ("2024-02-01", "claimed"): 1}
    assert list(table.sort_values("order")["label"]) == ["Charged", "Claimed"]
    # By week only incidents dated to a day can be placed: the month-dated charge is left out too.
    weekly, left_out = level_timeline(incidents, per="week")
    assert left_out == 3
    columns = (weekly["start"], weekly["attribution"], weekly["incidents"])
    weeks = {(str(m.date()), a): n for m, a, n in zip(*columns, strict=True)}
    # 5 Jan 2024 was a Friday, 10 Feb a Saturday: weeks start on the Sunday before.
    assert weeks == {("2023-12-31", "charged"): 1, ("2024-02-04", "claimed"): 1}


def test_timeline_weeks_and_months_before_1970_start_where_the_calendar_says():
    from geo.view.aggregate import level_timeline

    incidents = pd.DataFrame(
        {
            "date_precision": ["day", "day", "day", "day"],
            # Saturday 27 and Sunday 28 December 1969; Thursday 1 January 1970; a day with no date.
            "date_start": pd.to_datetime(["1969-12-27", "1969-12-28", "1970-01-01", None]),
            "attribution": ["charged", "charged", "claimed", "charged"],
        }
    )
    weekly, left_out = level_timeline(incidents, per="week")
    columns = (weekly["start"], weekly["attribution"], weekly["incidents"])
    weeks = [(str(m.date()), a, n) for m, a, n in zip(*columns, strict=True)]
    assert weeks == [("1969-12-21", "charged", 1), ("1969-12-28", "charged", 1), ("1969-12-28", "claimed", 1)]
    assert left_out == 1
    monthly, _ = level_timeline(incidents, per="month")
    assert [str(m.date()) for m in monthly["start"]] == ["1969-12-01", "1970-01-01"]


def test_a_dragged_range_becomes_whole_months_or_whole_weeks():
    from datetime import date

    from geo.view.aggregate import whole_bars

    assert whole_bars(date(2024, 2, 10), date(2024, 3, 3)) == (date(2024, 2, 1), date(2024, 3, 31))
    assert whole_bars(date(2024, 12, 5), date(2024, 12, 20)) == (date(2024, 12, 1), date(2024, 12, 31))
    # Wednesday 7 Feb to Monday 19 Feb 2024: Sunday 4 Feb to Saturday 24 Feb.
    assert whole_bars(date(2024, 2, 7), date(2024, 2, 19), "week") == (date(2024, 2, 4), date(2024, 2, 24))
    # A Sunday start and a Saturday end are kept as they are.
    assert whole_bars(date(2024, 2, 4), date(2024, 2, 10), "week") == (date(2024, 2, 4), date(2024, 2, 10))


def test_a_state_stands_by_its_share_and_its_place_among_states_with_incidents():
    incidents = pd.DataFrame({"state": ["CO"] * 8 + ["TN"] * 2 + ["LA"] * 2 + ["GA"] + [""] * 2})
    colorado, tennessee, texas = standing(incidents, "CO"), standing(incidents, "TN"), standing(incidents, "TX")
    assert (colorado.count, colorado.rank, colorado.states) == (8, 1, 4)
    assert colorado.figure() == "53% · 1st of 4"  # 8 of 15, the two without a state included
    assert tennessee.rank == 2 and standing(incidents, "LA").rank == 2 and standing(incidents, "GA").rank == 4
    assert texas.figure() == "none" and texas.sentence().startswith("None of the incidents in this data")
    assert "2nd of the 4 states with any" in tennessee.sentence()
