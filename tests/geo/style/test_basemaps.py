from geo.style.basemaps import BASEMAPS


def test_basemaps_name_their_tile_hosts():
    assert BASEMAPS["none"].tiles is None and BASEMAPS["none"].host is None
    assert all(b.host.startswith("https://") for k, b in BASEMAPS.items() if k != "none")
