"""One name per filter: the URL, the command line and the manifest all use the Filters field names."""

import argparse
from dataclasses import fields
from datetime import date

import pytest

from geo.view.codec import add_options, from_options, from_params, to_manifest, to_params
from geo.view.filters import Filters

CHOSEN = Filters(
    crime=("drugs", "homicide"),
    attribution=("charged",),
    state=("CO", "TX"),
    since=date(2024, 1, 1),
    until=date(2024, 6, 30),
    measure="Number of incidents shown",
    basemap="none",
    colour="attribution",
    dated_only=True,
    known=date(2024, 9, 30),
    changed_since=date(2024, 3, 1),
)


def _parse(argv: list[str]) -> Filters:
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

    assert _parse(shlex.split(spelling)) == CHOSEN


def test_url_and_manifest_use_the_same_names_and_round_trip():
    names = {field.name for field in fields(Filters)}
    assert set(to_manifest(CHOSEN)) == names == set(to_params(CHOSEN))
    assert from_params(to_params(CHOSEN)) == CHOSEN
    manifest = to_manifest(CHOSEN)
    assert manifest["state"] == ["CO", "TX"] and manifest["changed_since"] == "2024-03-01"
    assert manifest["dated_only"] is True and to_manifest(Filters())["known"] is None


def test_a_date_that_is_not_one_is_a_usage_error():
    with pytest.raises(SystemExit):
        _parse(["--known", "yesterday"])
