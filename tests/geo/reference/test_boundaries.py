import os

import shapely

from geo.reference import boundaries


def test_simplified_states_are_light_valid_wgs84():
    boundaries.load_states()
    path = boundaries.states_path()
    assert os.path.getsize(path) < 500_000
    states = boundaries.load_states()
    assert len(states) == 56 and states.crs.to_epsg() == 4326
    assert states.geometry.is_valid.all()
    # NAD83 -> WGS84 kept Colorado where it is.
    minx, miny, maxx, maxy = states.set_index("state").loc["CO"].geometry.bounds
    assert round(minx) == -109 and round(maxx) == -102 and round(miny) == 37 and round(maxy) == 41


def test_simplification_keeps_shared_borders_shared():
    states = boundaries.load_states().set_index("state")
    border = shapely.intersection(states.loc["CO"].geometry, states.loc["KS"].geometry)
    assert border.length > 3  # they still touch along the whole border (about 3.7 degrees)
    assert shapely.intersection(states.loc["CO"].geometry, states.loc["KS"].geometry).area < 1e-6


def test_state_centre_lies_inside_the_state():
    states = boundaries.load_states().set_index("state")
    for code in ("CO", "FL", "LA", "MI", "HI"):
        lat, lon = boundaries.state_centre(code)
        assert states.loc[code].geometry.buffer(0.01).contains(shapely.Point(lon, lat))


def test_layer_is_built_once_then_read_from_disk():
    boundaries.load_states()
    path = boundaries.states_path()
    stamp = path.stat().st_mtime_ns
    boundaries.load_states.cache_clear()
    boundaries.load_states()
    assert path.stat().st_mtime_ns == stamp


def test_a_truncated_cache_file_is_rebuilt_not_fatal():
    boundaries.load_states()
    path = boundaries.states_path()
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 3])
    boundaries.load_states.cache_clear()
    assert len(boundaries.load_states()) == 56
    assert path.read_bytes() == whole
