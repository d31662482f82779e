import numpy as np
import pandas as pd

from geo.map.playback import HIDDEN, MAX_MONTHS, Months


def periods(*pairs):
    return pd.DataFrame(
        {"date_start": pd.to_datetime([a for a, _ in pairs]), "date_end": pd.to_datetime([b for _, b in pairs])}
    )


def test_each_incident_spans_the_months_its_period_covers():
    months = Months(
        periods(
            ("2024-01-05", "2024-01-06"),  # a day
            ("2024-06-01", "2024-09-01"),  # summer: three months
            ("1900-01-01", "2024-03-02"),  # reported by 1 March 2024: that month only
        )
    )
    assert months.labels == [f"2024-{m:02d}" for m in range(1, 9)]
    assert months.start.tolist() == [0, 5, 2] and months.end.tolist() == [0, 7, 2]


def test_discs_count_an_incident_in_every_month_it_covers():
    months = Months(periods(("2024-01-05", "2024-01-06"), ("2024-01-01", "2024-04-01"), ("2024-02-03", "2024-02-04")))
    text = months.per_disc(np.array([0, 0, 1]), 2)
    assert text == "0:2,1:1,2:1;1:1"


def test_a_long_span_plays_its_last_months_and_leaves_earlier_incidents_out():
    months = Months(periods(("2000-01-01", "2000-01-02"), ("2024-12-01", "2024-12-02")))
    assert len(months.labels) == MAX_MONTHS and months.labels[-1] == "2024-12"
    assert months.start[0] == months.end[0] == HIDDEN
    assert months.per_disc(np.array([0, 0]), 1) == f"{MAX_MONTHS - 1}:1"


def test_each_month_shades_the_states_by_that_months_incidents():
    from geo.map.choropleth import monthly_choropleths

    frame = periods(
        ("2024-01-05", "2024-01-06"),
        ("2024-01-01", "2024-04-01"),  # January to March
        ("2024-02-03", "2024-02-04"),
        ("2024-02-10", "2024-02-11"),
    ).assign(state=["CO", "CO", "TX", ""])  # the last has no state: never counted, as on the map
    codes, counts = Months(frame).per_state(frame["state"])
    by_state = {code: counts[:, i].tolist() for i, code in enumerate(codes) if code}
    assert by_state == {"CO": [2, 1, 1], "TX": [0, 1, 0]}
    shades = monthly_choropleths(frame)
    assert [shade["values"] for shade in shades] == [{"CO": "2"}, {"CO": "1", "TX": "1"}, {"CO": "1"}]
    # Each month is classed on its own counts: January's 2 is that month's top class.
    assert shades[0]["legend"] == [{"colour": shades[0]["fills"]["CO"], "label": "2"}]
    assert monthly_choropleths(frame.iloc[:1]) == []
