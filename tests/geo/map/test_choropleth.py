import pandas as pd

from geo.map.choropleth import build_choropleth, classify_numeric, incident_counts, measures
from geo.vocab import INCIDENT_MEASURE


def test_few_distinct_values_each_get_their_own_class():
    result = classify_numeric(pd.Series({"CO": 8.0, "NY": 2.0, "TN": 1.0, "GA": 1.0}), INCIDENT_MEASURE)
    assert [entry.label for entry in result.legend] == ["1", "2", "8"]
    assert result.fills["TN"] == result.fills["GA"] != result.fills["CO"]


def test_many_values_are_grouped_into_five_labelled_classes():
    values = pd.Series({f"S{i}": float(v) for i, v in enumerate([1, 2, 3, 5, 8, 13, 40, 100, 250])})
    result = classify_numeric(values, "Cases")
    assert len(result.legend) == 5
    assert result.legend[0].label.startswith("1") and result.legend[-1].label.endswith("250")
    # Darker colour for larger values: class colours follow the order of the values.
    assert result.fills["S0"] == result.legend[0].colour and result.fills["S8"] == result.legend[-1].colour


def test_incident_measure_ignores_rows_without_a_state(shipped):
    counts = incident_counts(shipped.incidents)
    assert counts["CO"] == (shipped.incidents["state"] == "CO").sum()
    assert "" not in counts.index


def test_categorical_measure_says_missing_states_are_unknown(shipped):
    result = build_choropleth(shipped.incidents, shipped.counts, "Named among states with accused members")
    assert set(result.fills) == {"CO", "FL", "LA", "NY", "TN"}  # Louisiana added by a correction
    assert "unknown" in result.no_value_label


def test_measures_lists_live_counts_first(shipped):
    assert measures(shipped.counts)[0] == INCIDENT_MEASURE
    assert "Most organized presence (police)" in measures(shipped.counts)


def test_city_and_metro_figures_are_never_offered_to_shade_a_state(shipped):
    offered = measures(shipped.counts)
    scoped = shipped.counts.loc[shipped.counts["scope"] != "", "measure"]
    assert len(scoped) == 4 and not set(scoped) & set(offered)
