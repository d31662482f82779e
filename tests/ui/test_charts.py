from datetime import date

import pandas as pd
import pytest

from ui.charts import level_timeline_chart, level_timeline_spec, timeline_bars


def _timeline(months: list[str]) -> pd.DataFrame:
    n = len(months)
    return pd.DataFrame(
        {
            "start": pd.to_datetime(months),
            "attribution": ["charged"] * n,
            "label": ["Charged"] * n,
            "colour": ["#000000"] * n,
            "order": [1] * n,
            "incidents": list(range(1, n + 1)),
        }
    )


def test_the_axis_names_only_months_with_bars_and_counts_whole_incidents():
    spec = level_timeline_chart(_timeline(["2017-01-01", "2017-06-01", "2017-12-01"])).to_dict()
    ticks = [(t["year"], t["month"]) for t in spec["encoding"]["x"]["axis"]["values"]]
    assert ticks == [(2017, 1), (2017, 6), (2017, 12)]  # never January 2018, the end of the last bar
    assert spec["encoding"]["y"]["axis"]["format"] == ",d"


def test_a_long_timeline_keeps_about_twelve_labels_and_an_empty_one_none():
    months = [f"{2020 + k // 12}-{k % 12 + 1:02d}-01" for k in range(48)]
    values = level_timeline_chart(_timeline(months)).to_dict()["encoding"]["x"]["axis"]["values"]
    assert 8 <= len(values) <= 12 and (values[0]["year"], values[0]["month"]) == (2020, 1)
    assert "values" not in level_timeline_chart(_timeline([])).to_dict()["encoding"]["x"]["axis"]


def test_one_month_is_one_bar_in_a_span_of_twelve_not_the_whole_chart():
    spec = level_timeline_chart(_timeline(["2024-03-01"])).to_dict()
    first, last = (pd.Timestamp(end) for end in spec["encoding"]["x"]["scale"]["domain"])
    assert first <= pd.Timestamp("2024-03-01") < pd.Timestamp("2024-04-01") <= last
    assert (last.year - first.year) * 12 + last.month - first.month == 12
    weeks = level_timeline_chart(_timeline(["2024-03-04", "2024-03-11"]), per="week").to_dict()
    first, last = (pd.Timestamp(end) for end in weeks["encoding"]["x"]["scale"]["domain"])
    assert (last - first).days == 7 * 12
    months = [f"{2020 + k // 12}-{k % 12 + 1:02d}-01" for k in range(24)]
    assert "scale" not in level_timeline_chart(_timeline(months)).to_dict()["encoding"]["x"]


@pytest.mark.parametrize("per", ["month", "week"])
@pytest.mark.parametrize("rated", [True, False])
@pytest.mark.parametrize("chosen", [None, (date(2024, 3, 1), date(2024, 5, 31))])
def test_every_form_of_the_chart_is_valid_vega_lite(per, rated, chosen):
    # The app sends the spec unchecked (``ui/timeline``); it is checked against Altair's schema here.
    chart = level_timeline_chart(_timeline(["2024-03-04", "2024-04-01", "2024-05-06"]), per, chosen, rated)
    chart.to_dict(validate=True)
    assert _drawn(_timeline(["2024-03-04", "2024-04-01", "2024-05-06"]), per, chosen, rated) == _made(chart)


def _drawn(timeline: pd.DataFrame, *form) -> dict:
    """What the app draws: the spec with its bars as Vega-Lite's values."""
    return level_timeline_spec(timeline, *form) | {"data": {"values": timeline_bars(timeline).to_pylist()}}


def _made(chart) -> dict:
    """A chart made whole by Altair, as Streamlit draws it (without Altair's theme)."""
    return {key: value for key, value in chart.to_dict().items() if key != "config"}


def test_timelines_of_one_form_share_it_yet_each_carries_its_own_bars():
    months = ["2024-03-01", "2024-04-01", "2024-05-01"]
    first = _timeline(months)
    # Other counts, and other levels: one claimed in April.
    second = _timeline(months).assign(incidents=[10, 20, 30])
    second.loc[1, ["attribution", "label", "colour", "order"]] = ["claimed", "Claimed", "#ffffff", 5]
    level_timeline_spec(first)
    spec = _drawn(second)
    assert spec == _made(level_timeline_chart(second))
    assert [bar["incidents"] for bar in spec["data"]["values"]] == [10, 20, 30]
    assert spec["encoding"]["color"]["scale"] == {"domain": ["Charged", "Claimed"], "range": ["#000000", "#ffffff"]}
    # What one caller does to its spec reaches no other.
    spec["encoding"]["x"]["axis"]["values"].clear()
    assert len(level_timeline_spec(first)["encoding"]["x"]["axis"]["values"]) == 3
