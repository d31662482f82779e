"""The pictures' projections, set up from their steps, land where PROJ's own transformation puts a place."""

import numpy as np
import pyproj
import pytest

from geo.publish.picture_layout import ALASKA_CRS, CONUS_CRS, HAWAII_CRS, transformer

# Each projection's region (west, east, south, north), in degrees.
REGIONS = {
    CONUS_CRS: (-125.0, -66.0, 24.0, 50.0),
    ALASKA_CRS: (-170.0, -130.0, 52.0, 72.0),
    HAWAII_CRS: (-161.0, -154.0, 18.0, 23.0),
}


@pytest.mark.parametrize("crs", REGIONS)
def test_a_place_lands_within_metres_of_where_proj_puts_it(crs):
    west, east, south, north = REGIONS[crs]
    lon, lat = (grid.ravel() for grid in np.meshgrid(np.linspace(west, east, 30), np.linspace(south, north, 30)))
    expected = pyproj.Transformer.from_crs(4326, crs, always_xy=True).transform(lon, lat)
    x, y = transformer(crs).transform(lon, lat)
    assert np.hypot(x - expected[0], y - expected[1]).max() < 3.0
