"""A seeded, clearly synthetic national incident dataset of any size, for benchmarks and scale tests.

Places are real U.S. cities weighted by population; everything else is invented and every row says
so in its source name.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.ingest.geocode import gazetteer
from geo.reference.states import state_table
from geo.reference.vocab import ATTRIBUTION_ORDER, CRIME_TYPES

SOURCE = "SYNTHETIC benchmark data (not real incidents)"
CITIES = 3000


def _cities(rng: np.random.Generator, size: int) -> pd.DataFrame:
    """Real U.S. places for ``size`` invented incidents, weighted by the square root of population."""
    places = gazetteer().reset_index()
    places = places[(places["alternate"] == 0) & (places["state"].str.len() == 2)]
    places = places.nlargest(CITIES, "population").reset_index(drop=True)
    weights = np.sqrt(places["population"].to_numpy(dtype=float))
    return places.iloc[rng.choice(len(places), size=size, p=weights / weights.sum())].reset_index(drop=True)


def synthetic_incidents(size: int, seed: int = 2025, missing_coordinates: float = 0.05) -> pd.DataFrame:
    """Rows in our CSV schema. ``missing_coordinates`` of them give only city and state."""
    rng = np.random.default_rng(seed)
    picked = _cities(rng, size)
    exact = rng.random(size) > 0.3
    jitter = rng.normal(0, 0.03, size=(size, 2)) * exact[:, None]
    lat = (picked["lat"].to_numpy() + jitter[:, 0]).round(5)
    lon = (picked["lon"].to_numpy() + jitter[:, 1]).round(5)
    no_coordinates = rng.random(size) < missing_coordinates
    days = rng.integers(0, 366, size)
    dates = pd.Timestamp("2024-01-01") + pd.to_timedelta(days, unit="D")
    precision = rng.choice(["day", "month", "year"], size=size, p=[0.8, 0.15, 0.05])
    date_text = np.where(
        precision == "day",
        dates.strftime("%Y-%m-%d"),
        np.where(precision == "month", dates.strftime("%Y-%m"), dates.strftime("%Y")),
    )
    crime = rng.choice([c.key for c in CRIME_TYPES], size=size)
    attribution = rng.choice(ATTRIBUTION_ORDER, size=size, p=[0.05, 0.2, 0.3, 0.2, 0.1, 0.05, 0.1])
    return pd.DataFrame(
        {
            "id": [f"syn-{seed}-{i:07d}" for i in range(size)],
            "title": [f"Synthetic incident {i}" for i in range(size)],
            "date": date_text,
            "date_precision": precision,
            "city": picked["name"],
            "state": picked["state"],
            "lat": np.where(no_coordinates, "", lat.astype(str)),
            "lon": np.where(no_coordinates, "", lon.astype(str)),
            "location_precision": np.where(no_coordinates, "", np.where(exact, "address", "city")),
            "crime_type": crime,
            "attribution": attribution,
            "summary": "Synthetic record for benchmarking; not a real incident.",
            "source_name": SOURCE,
        }
    )


# A year of a national shooting database has about forty incident categories, a few very common.
NATIONAL_CATEGORIES = (
    "Shot - Wounded/Injured",
    "Shot - Dead (murder, accidental, suicide)",
    "Shots Fired - No Injuries",
    "Possession (gun(s) found during commission of other crimes)",
    "Armed robbery with injury/death and/or evidence of DGU found",
    "Drug involvement",
    "Domestic Violence",
    "Officer Involved Incident",
    "Drive-by (car to street, car to car)",
    "Home Invasion",
    "Car-jacking",
    "Accidental Shooting",
    "Defensive Use",
    "Stolen/Illegally owned gun{s} recovered during arrest/warrant",
    "Brandishing/flourishing/open carry/lost/found",
    "Road rage",
    "Child Involved Incident",
    "Murder/Suicide",
    "Bar/club incident - in or around establishment",
    "Mass Shooting (4+ victims injured or killed)",
    "Pistol-whipping",
    "Kidnapping/abductions/hostage",
    "Non-Shooting Incident",
    "ATF/LE Confiscation/Raid/Arrest",
    "Ghost gun",
    "Institution/Group/Business",
    "School Shooting - elementary/secondary school",
    "Police Targeted",
    "Sex crime involving firearm",
    "Shootout (where victims and shooters overlap)",
    "Hunting accident",
    "Gun shop robbery or burglary",
    "Playing with gun",
    "Cleaning gun",
    "Implied Weapon",
    "Unlawful purchase/sale",
    "Workplace shooting (disgruntled employee)",
    "Spree Shooting (multiple victims, multiple locations)",
    "Hate crime",
    "Animal shot/killed",
)
NATIONAL_SOURCE = "SYNTHETIC national incident database (not real incidents)"
# The mapping a newsroom would write for such an export (see the README's "Bring your own data").
NATIONAL_MAPPING = """[columns]
id = "incident_id"
date = "date"
state = "state"
city = "city_or_county"
lat = "latitude"
lon = "longitude"
crime_type = "incident_characteristics"
summary = "notes"

[split]
crime_type = "||"

[defaults]
attribution = "unrated"
date_precision = "day"
source_name = "SYNTHETIC national incident database (not real incidents)"

[values.crime_type]
"Shot - Dead (murder, accidental, suicide)" = "homicide"
"Shot - Wounded/Injured" = "shooting"
"""


def national_year(size: int, seed: int = 2024, missing_coordinates: float = 0.05) -> pd.DataFrame:
    """A year of a national shooting database, in the shape of such an export (state names, a
    'city or county' column, '||'-separated categories, some rows without coordinates). Invented:
    every row's notes say so."""
    rng = np.random.default_rng(seed)
    picked = _cities(rng, size)
    jitter = rng.normal(0, 0.04, size=(size, 2))
    lat = (picked["lat"].to_numpy() + jitter[:, 0]).round(4)
    lon = (picked["lon"].to_numpy() + jitter[:, 1]).round(4)
    no_coordinates = rng.random(size) < missing_coordinates
    rank = np.arange(1, len(NATIONAL_CATEGORIES) + 1)
    share = 1 / rank**1.1
    first = rng.choice(len(NATIONAL_CATEGORIES), size=size, p=share / share.sum())
    second = rng.choice(len(NATIONAL_CATEGORIES), size=size, p=share / share.sum())
    categories = np.array(NATIONAL_CATEGORIES, dtype=object)
    with_second = rng.random(size) < 0.4
    characteristics = np.where(with_second, categories[first] + "||" + categories[second], categories[first])
    days = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 366, size), unit="D")
    names = {code: name for code, (name, _) in state_table().items()}
    return pd.DataFrame(
        {
            "incident_id": np.arange(2_000_000, 2_000_000 + size),
            "date": days.strftime("%Y-%m-%d"),
            "state": picked["state"].map(names),
            "city_or_county": picked["name"],
            "address": "",
            "n_killed": rng.poisson(0.3, size),
            "n_injured": rng.poisson(0.8, size),
            "incident_characteristics": characteristics,
            "latitude": np.where(no_coordinates, "", lat.astype(str)),
            "longitude": np.where(no_coordinates, "", lon.astype(str)),
            "notes": "Synthetic record for testing at scale; not a real incident.",
        }
    )
