from datetime import date

import pytest

from geo.ingest.read import read_table
from geo.ingest.rules import validate_incidents
from geo.view.filters import Filters, apply_filters
from geo.view.view import showing_caption


@pytest.fixture(scope="module")
def incidents(fixtures):
    return validate_incidents(read_table(fixtures / "incidents_mixed.csv"))[0]


def ids(frame):
    return sorted(frame["id"])


def test_no_filters_shows_everything(incidents):
    assert len(apply_filters(incidents, Filters())) == len(incidents)


def test_crime_type_attribution_and_state_filters(incidents):
    assert ids(apply_filters(incidents, Filters(crime=("drugs",)))) == ["a2"]
    assert ids(apply_filters(incidents, Filters(attribution=("charged", "claimed")))) == ["a1", "a3"]
    assert ids(apply_filters(incidents, Filters(state=("CO",)))) == ["a1", "a2"]
    assert ids(apply_filters(incidents, Filters(state=("CO",), crime=("homicide",)))) == []


def test_a_choice_is_a_set_whatever_the_order_it_was_picked_in():
    picked = Filters(attribution=("claimed", "convicted", "claimed"), crime=("theft", "homicide"), state=("TX", "CO"))
    in_order = Filters(attribution=("convicted", "claimed"), crime=("homicide", "theft"), state=("CO", "TX"))
    assert picked == in_order
    assert hash(picked) == hash(in_order)
    assert picked.attribution == ("convicted", "claimed")  # firmest first, as the legends list them


def test_month_precise_incident_overlaps_range(incidents):
    # a2 is 'December 2024': a range ending on 1 December still touches it.
    view = apply_filters(incidents, Filters(since=date(2024, 11, 1), until=date(2024, 12, 1)))
    assert "a2" in ids(view)
    assert "a2" not in ids(apply_filters(incidents, Filters(until=date(2024, 11, 30))))


def test_season_and_year_periods_overlap_by_their_whole_span(incidents):
    # a10 is summer 2024 (June-August), a3 the year 2024.
    view = ids(apply_filters(incidents, Filters(since=date(2024, 8, 31), until=date(2024, 8, 31))))
    assert "a10" in view and "a3" in view
    assert "a10" not in ids(apply_filters(incidents, Filters(since=date(2024, 9, 1))))


def test_reported_by_incident_is_in_any_range_before_its_date(incidents):
    assert "a14" in ids(apply_filters(incidents, Filters(since=date(2020, 1, 1), until=date(2020, 2, 1))))
    assert "a14" not in ids(apply_filters(incidents, Filters(since=date(2025, 4, 1))))


def test_showing_caption_wording():
    assert showing_caption(3, 15) == "Showing 3 of 15 incidents"


def test_a_range_counts_apart_what_is_dated_inside_it_and_what_only_overlaps(shipped):
    from geo.view.filters import date_counts

    feb_march = Filters(since=date(2024, 2, 1), until=date(2024, 3, 31))
    shown = apply_filters(shipped.incidents, feb_march)
    counts = date_counts(shown, feb_march)
    reported_by = int((shown["date_precision"] == "reported_by").sum())
    assert counts.inside + counts.overlapping == len(shown)
    assert counts.overlapping >= reported_by > 0
    strict = apply_filters(shipped.incidents, feb_march.only(dated_only=True))
    assert len(strict) == counts.inside
    assert all(strict["date_precision"] != "reported_by")
