from dataclasses import replace

import pandas as pd

from geo.map.choropleth import build_choropleth, classify_numeric, incident_counts, monthly_choropleths
from geo.reference.vocab import FIRMEST_MEASURE, INCIDENT_MEASURE
from geo.style.inks import FIRMEST_SHADES


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
    result = build_choropleth(
        shipped.incidents, shipped.counts, "States where the report places an accusation or a federal case"
    )
    assert set(result.fills) == {"CO", "FL", "LA", "NY", "TN"}  # Louisiana added by a correction
    assert "unknown" in result.no_value_label


def test_measures_list_the_firmest_link_first_then_counts(shipped):
    assert shipped.measures()[:2] == [FIRMEST_MEASURE, INCIDENT_MEASURE]
    assert "Most organized presence (police)" in shipped.measures()


def test_data_that_rates_no_link_is_shaded_by_counts_by_default(shipped):
    unrated = replace(shipped, incidents=shipped.incidents.assign(attribution="unrated"), rated=False)
    assert FIRMEST_MEASURE not in unrated.measures()
    assert unrated.measure_for(FIRMEST_MEASURE) == INCIDENT_MEASURE


def test_default_shading_never_ranks_a_claim_with_a_charge(shipped):
    """Georgia's one record is a politicians' claim, Louisiana's a prosecutors' case: by incident
    count they were shaded alike; by the firmest link, Georgia is lighter."""
    by_count = build_choropleth(shipped.incidents, shipped.counts, INCIDENT_MEASURE)
    assert by_count.fills["GA"] == by_count.fills["LA"]
    result = build_choropleth(shipped.incidents, shipped.counts, FIRMEST_MEASURE)
    assert result.values["GA"] == "Claimed" and result.values["LA"] == "Charged"
    assert result.fills["GA"] == FIRMEST_SHADES["claimed"] != result.fills["LA"] == FIRMEST_SHADES["charged"]
    # Colorado has the most incidents but none charged: it is not the darkest state.
    assert result.values["CO"] == "Law enforcement says" and result.fills["CO"] != result.fills["LA"]
    assert [entry.label for entry in result.legend] == ["Charged", "Law enforcement says", "Claimed"]


def test_firmest_shades_darken_with_firmness():
    def lightness(colour: str) -> int:
        return sum(int(colour[i : i + 2], 16) for i in (1, 3, 5))

    rated = ["convicted", "charged", "law_enforcement", "reported", "claimed", "disputed"]
    assert [lightness(FIRMEST_SHADES[key]) for key in rated] == sorted(lightness(FIRMEST_SHADES[k]) for k in rated)


def test_city_and_metro_figures_are_never_offered_to_shade_a_state(shipped):
    offered = shipped.measures()
    scoped = shipped.counts.loc[shipped.counts["scope"] != "", "measure"]
    assert len(scoped) == 4 and not set(scoped) & set(offered)


def test_playback_shades_each_month_by_its_own_firmest_link(shipped):
    months = monthly_choropleths(shipped.incidents, FIRMEST_MEASURE)

    def levels(month: dict) -> dict[str, str]:
        """Each state's level, read off the legend as the page does (one colour a level)."""
        label = {entry["colour"]: entry["label"] for entry in month["legend"]}
        return {state: label[fill] for state, fill in month["fills"].items()}

    # February 2024: only the Georgia killing, a claim; March 2025: the prosecutors' cases appear.
    assert levels(months[0]) == {"GA": "Claimed"} and months[0]["values"] is None
    assert levels(months[-1])["LA"] == "Charged" and "GA" not in levels(months[-1])
    assert months[-1]["fills"]["LA"] == FIRMEST_SHADES["charged"]
