"""Counted grid cells for views with more incidents than a browser should draw one by one.

Several cell sizes are sent at once and the map shows the one that suits its zoom, so zooming in
drills down from regions to towns without asking the server; a click on a cell lists its incidents.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.encode import encode_points, spatial_order

# (largest zoom the level is shown at, cell size in degrees)
LEVELS: tuple[tuple[int, float], ...] = ((5, 1.0), (7, 0.25), (99, 0.05))
# When points are also sent, cells stand in for them only at national and regional zooms.
LEVELS_BEFORE_POINTS: tuple[tuple[int, float], ...] = ((4, 1.0), (6, 0.25))


@dataclass(frozen=True)
class BinLevel:
    max_zoom: int
    cell: float
    keys: np.ndarray  # (row, col) of each cell, in payload order
    counts: np.ndarray


def _cells(lat: np.ndarray, lon: np.ndarray, cell: float) -> tuple[np.ndarray, np.ndarray]:
    return np.floor(lat / cell).astype(np.int64), np.floor(lon / cell).astype(np.int64)


def bin_levels(
    incidents: pd.DataFrame, levels_wanted: tuple[tuple[int, float], ...] = LEVELS
) -> tuple[list[BinLevel], list[dict]]:
    """Server-side index and browser payload for every level."""
    lat = incidents["lat"].to_numpy(dtype=float)
    lon = incidents["lon"].to_numpy(dtype=float)
    levels, payload = [], []
    for max_zoom, cell in levels_wanted:
        rows, cols = _cells(lat, lon, cell)
        frame = pd.DataFrame({"r": rows, "c": cols, "lat": lat, "lon": lon})
        grouped = frame.groupby(["r", "c"], sort=False).agg(lat=("lat", "mean"), lon=("lon", "mean"), n=("lat", "size"))
        order = spatial_order(grouped["lat"].to_numpy(), grouped["lon"].to_numpy())
        grouped = grouped.iloc[order]
        keys = np.array(grouped.index.tolist(), dtype=np.int64).reshape(-1, 2)
        counts = grouped["n"].to_numpy()
        levels.append(BinLevel(max_zoom, cell, keys, counts))
        payload.append(
            {
                "maxZoom": max_zoom,
                "points": encode_points(grouped["lat"].round(4).to_numpy(), grouped["lon"].round(4).to_numpy(), 4),
                "counts": ",".join(map(str, counts.tolist())),
            }
        )
    return levels, payload


def incidents_in_bin(incidents: pd.DataFrame, level: BinLevel, index: int) -> pd.DataFrame:
    row, col = level.keys[index]
    rows, cols = _cells(incidents["lat"].to_numpy(dtype=float), incidents["lon"].to_numpy(dtype=float), level.cell)
    return incidents.loc[(rows == row) & (cols == col)]
