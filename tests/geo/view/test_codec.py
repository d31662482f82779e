"""One name per filter and setting: the URL, the command line and the manifest all use the field names
of Filters and MapSettings."""

import argparse
from dataclasses import fields
from datetime import date

import pytest

from geo.reference.vocab import FIRMEST_MEASURE
from geo.view.codec import add_options, from_options, from_params, to_manifest, to_params
from geo.view.filters import Filters
from geo.view.settings import MapSettings

CHOSEN = Filters(
    crime=("drugs", "homicide"),
    attribution=("charged",),
    state=("CO", "TX"),
    since=date(2024, 1, 1),
    until=date(2024, 6, 30),
    dated_only=True,
    known=date(2024, 9, 30),
    changed_since=date(2024, 3, 1),
)
DRAWN = MapSettings(measure="Number of incidents shown", basemap="none", colour="attribution")


def _parse(argv: list[str]) -> tuple[Filters, MapSettings]:
    parser = argparse.ArgumentParser()
    add_options(parser)
    return from_options(parser.parse_args(argv), "Firmest link (current filters)")


NEW = (
    "--crime drugs --crime homicide --attribution charged --state CO --state Texas --since 2024-01-01 "
    "--until 2024-06-30 --measure 'Number of incidents shown' --basemap none --colour attribution --dated-only "
    "--known 2024-09-30 --changed-since 2024-03-01"
)
OLD = (
    "--crime-type drugs --crime-type homicide --attribution charged --state CO --state Texas --since 2024-01-01 "
    "--until 2024-06-30 --measure 'Number of incidents shown' --basemap none --colour-by attribution --dated-only "
    "--as-known-on 2024-09-30 --changes-since 2024-03-01"
)


@pytest.mark.parametrize("spelling", [NEW, OLD], ids=["names", "older spellings"])
def test_the_command_line_takes_each_filter_by_its_name_and_its_older_spelling(spelling):
    import shlex

    assert _parse(shlex.split(spelling)) == (CHOSEN, DRAWN)


def test_url_and_manifest_use_the_same_names_and_round_trip():
    names = {field.name for field in fields(Filters)} | {field.name for field in fields(MapSettings)}
    assert set(to_manifest(CHOSEN, DRAWN)) == names == set(to_params(CHOSEN, DRAWN))
    assert from_params(to_params(CHOSEN, DRAWN)) == (CHOSEN, DRAWN)
    manifest = to_manifest(CHOSEN, DRAWN)
    assert manifest["state"] == ["CO", "TX"] and manifest["changed_since"] == "2024-03-01"
    assert manifest["colour"] == "attribution" and manifest["basemap"] == "none"
    assert manifest["dated_only"] is True and to_manifest(Filters(), MapSettings())["known"] is None


def test_default_filters_and_settings_make_an_empty_query():
    assert to_params(Filters(), MapSettings()) == {}
    assert from_params({}) == (Filters(), MapSettings())


def test_stale_or_hand_edited_links_degrade_to_valid_views():
    filters, settings = from_params({"since": ["not-a-date"], "basemap": ["satellite"], "state": ["co"]})
    assert filters.since is None and settings.basemap == "light" and filters.state == ("CO",)
    assert settings.measure == FIRMEST_MEASURE


def test_dated_only_round_trips_through_the_url():
    filters = Filters(since=date(2024, 2, 1), dated_only=True)
    assert to_params(filters, MapSettings())["dated_only"] == ["true"]
    assert from_params(to_params(filters, MapSettings()))[0] == filters
    assert "dated_only" not in to_params(Filters(), MapSettings())


def test_a_date_that_is_not_one_is_a_usage_error():
    with pytest.raises(SystemExit):
        _parse(["--known", "yesterday"])
