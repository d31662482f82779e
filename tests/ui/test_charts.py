import pandas as pd

from ui.charts import level_timeline_chart


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
