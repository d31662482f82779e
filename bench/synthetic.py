"""A seeded, clearly synthetic national incident dataset of any size, for benchmarks and scale tests.

Places are real U.S. cities weighted by population; everything else is invented and every row says
so in its source name.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.ingest.geocode import gazetteer
from geo.vocab import ATTRIBUTION_ORDER, CRIME_TYPES

SOURCE = "SYNTHETIC benchmark data (not real incidents)"
CITIES = 3000


def synthetic_incidents(size: int, seed: int = 2025, missing_coordinates: float = 0.05) -> pd.DataFrame:
    """Rows in our CSV schema. ``missing_coordinates`` of them give only city and state."""
    rng = np.random.default_rng(seed)
    places = gazetteer().reset_index()
    places = places[(places["alternate"] == 0) & (places["state"].str.len() == 2)]
    places = places.nlargest(CITIES, "population").reset_index(drop=True)
    weights = np.sqrt(places["population"].to_numpy(dtype=float))
    picked = places.iloc[rng.choice(len(places), size=size, p=weights / weights.sum())].reset_index(drop=True)
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
