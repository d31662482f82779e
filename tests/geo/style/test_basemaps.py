from geo.style.basemaps import BASEMAPS, tile_provider


def test_basemaps_name_their_tile_hosts():
    assert BASEMAPS["none"].tiles is None and BASEMAPS["none"].host is None
    assert all(b.host.startswith("https://") for k, b in BASEMAPS.items() if k != "none")


def test_each_basemap_names_a_provider_on_its_host():
    for key, basemap in BASEMAPS.items():
        if key != "none":
            assert tile_provider(basemap.tiles).build_url().startswith(basemap.host + "/")
