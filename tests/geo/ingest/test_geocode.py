import pandas as pd
import pytest

from geo.ingest.geocode import geocode_city, geocode_many, normalize_place


@pytest.mark.parametrize(
    "city,state,lat,lon",
    [
        ("Aurora", "CO", 39.73, -104.83),
        ("aurora", "IL", 41.76, -88.32),
        ("New York", "NY", 40.71, -74.01),
        ("Saint Louis", "MO", 38.63, -90.20),
        ("St. Paul", "MN", 44.94, -93.09),
    ],
)
def test_known_cities_resolve_within_the_right_state(city, state, lat, lon):
    found = geocode_city(city, state)
    assert found is not None
    assert found[0] == pytest.approx(lat, abs=0.05) and found[1] == pytest.approx(lon, abs=0.05)


def test_unknown_city_or_wrong_state_is_none():
    assert geocode_city("Nowheresville", "TX") is None
    assert geocode_city("Denver", "") is None


def test_bulk_lookup_matches_single_lookup():
    result = geocode_many(pd.Series(["Miami", "Nowheresville"]), pd.Series(["FL", "TX"]))
    assert result.loc[0, "lat"] == pytest.approx(geocode_city("Miami", "FL")[0])
    assert pd.isna(result.loc[1, "lat"])


def test_place_names_fold_accents_and_punctuation():
    assert normalize_place("  Cañon City ") == normalize_place("Canon City")
    assert normalize_place("St. Louis") == normalize_place("Saint Louis")


def test_a_damaged_gazetteer_cache_is_rebuilt():
    from geo.ingest import geocode
    from geo.support.paths import cache_dir

    geocode.gazetteer()
    target = next(cache_dir().glob("gazetteer-*.parquet"))
    target.write_bytes(b"PAR1 not really")
    geocode.gazetteer.cache_clear()
    assert len(geocode.gazetteer()) > 20_000
