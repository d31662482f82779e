"""The usual alternatives a newsroom would use, built from the same incidents: folium markers,
``geopandas.explore()``, plotly, pydeck and ``geopandas.plot()`` for a static picture."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

PEERS = ("folium-markers", "geopandas-explore", "plotly", "pydeck", "pydeck-hexagon")
# The static baseline for published pictures: what a notebook would do, the same points, 12 x 8 in.
STATIC_PEER = "geopandas-plot"


def static_peer(incidents) -> tuple[float, bytes, bytes]:
    """geopandas.plot() of the same points in the same projection, saved as PNG and SVG."""
    import io as _io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    start = time.perf_counter()
    figure, axes = plt.subplots(figsize=(12, 8), dpi=100)
    incidents.to_crs(5070).plot(ax=axes, column="crime_type", markersize=2, legend=True)
    png, svg = _io.BytesIO(), _io.BytesIO()
    figure.savefig(png, format="png")
    figure.savefig(svg, format="svg")
    plt.close(figure)
    return time.perf_counter() - start, png.getvalue(), svg.getvalue()


def _deck(kind: str, data, tooltip: str, **options) -> str:
    """A pydeck map of one layer over the U.S., as a page."""
    import pydeck

    layer = pydeck.Layer(kind, data=data, get_position=["lon", "lat"], pickable=True, **options)
    view = pydeck.ViewState(latitude=39.5, longitude=-98.35, zoom=3)
    deck = pydeck.Deck(layers=[layer], initial_view_state=view, tooltip={"text": tooltip}, map_style=None)
    return deck.to_html(as_string=True)


def peer_build(system: str, incidents) -> str:
    if system == "folium-markers":
        import folium

        fmap = folium.Map(location=[39.5, -98.35], zoom_start=4)
        for row in incidents.itertuples(index=False):
            folium.Marker(
                [row.lat, row.lon], popup=folium.Popup(f"{row.title}<br>{row.summary}"), tooltip=row.title
            ).add_to(fmap)
        return fmap.get_root().render()
    if system == "geopandas-explore":
        columns = ["title", "crime_type", "attribution", "date_label", "summary", "geometry"]
        return incidents[columns].explore(column="crime_type").get_root().render()
    if system == "plotly":
        import plotly.express as px

        figure = px.scatter_geo(
            incidents,
            lat="lat",
            lon="lon",
            color="crime_type",
            hover_name="title",
            hover_data=["attribution", "date_label"],
            scope="usa",
        )
        return figure.to_html(include_plotlyjs="cdn", full_html=True)
    if system == "pydeck":
        return _deck("ScatterplotLayer", incidents[["lat", "lon", "title", "crime_type"]], "{title}", get_radius=2000)
    if system == "pydeck-hexagon":
        # Kepler-style aggregation: every point shipped, counted into hexagons in the browser.
        return _deck(
            "HexagonLayer",
            incidents[["lat", "lon", "attribution"]],
            "{elevationValue} incidents",
            radius=20000,
            extruded=False,
        )
    raise ValueError(system)


ASSETS = Path(__file__).parent / ".assets"
# folium's own pages need these from CDNs; offline, they come from the npm registry's copies.
PEER_PACKAGES = ("jquery@3.7.1", "bootstrap@5.2.2", "leaflet.awesome-markers@2.0.5")
PEER_ROUTES = {
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery/dist/jquery.min.js",
    "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/": "bootstrap/dist/",
    "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/": "leaflet.awesome-markers/dist/",
}


def peer_assets() -> Path:
    modules = ASSETS / "node_modules"
    if not (modules / "jquery").exists():
        ASSETS.mkdir(exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(ASSETS),
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--silent",
                *PEER_PACKAGES,
            ],
            check=True,
        )
    return modules
