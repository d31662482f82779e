"""A snapshot's reader-facing HTML: the interactive page (``index.html``) and the code that embeds it.

The page carries its own Content-Security-Policy: scripts and styles only by their hashes and from
the folder (or Leaflet's CDN), images from the folder and the basemap's tile host. Every element is
numbered in tree order, so the same inputs give the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import folium
from branca.element import Element
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from geo.dataset.corrections import Changes
from geo.dataset.describe import as_of_line
from geo.map.elements import IncidentList, ReaderPage, ReaderSearch
from geo.map.layers import LEAFLET_CSS, LEAFLET_JS, BuiltMap
from geo.map.payload import READER_DETAIL_LIMIT, READER_POINT_LIMIT
from geo.map.runtime import runtime_files
from geo.style.inks import MUTED
from geo.view.view import LinkChanges

TEMPLATES = Path(__file__).parent / "templates"
# The frame's height before the page reports its own (and where scripts do not run at all).
EMBED_HEIGHT = 680
PLACEHOLDER_URL = "SNAPSHOT_URL"
_environment = Environment(
    loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]), keep_trailing_newline=True
)
# Drawn only where Leaflet arrived; otherwise the page says so and shows the static map.
NO_LEAFLET = """} else (function () {
  var notice = document.getElementById('map-status'), picture = document.createElement('img');
  picture.className = 'snap-fallback'; picture.src = 'map.png';
  picture.alt = document.getElementById('snap-picture-alt').textContent;
  notice.appendChild(picture); notice.hidden = false;
  document.querySelector('.snap-map').hidden = true;
})();
"""


def reader_page(
    built: BuiltMap,
    rated: bool,
    texts,
    alts: tuple[str, str],
    where: tuple[bool, str, str | None],
    changes: Changes | None,
    moved: LinkChanges | None = None,
) -> str:
    """The page around a map the snapshot built for readers. ``alts``: the page's description (what
    the interactive map draws) and the picture's alt text; ``where``: whether Leaflet ships in the
    folder, the address the folder will be hosted at, and the basemap's tile host."""
    self_contained, base_url, tiles = where
    shown = len(built.view.rows)
    fmap = built.base
    built.layers.add_to(fmap)
    IncidentList("incident-list").add_to(fmap)
    ReaderSearch("map-search").add_to(fmap)
    ReaderPage("legend-below", built.legend).add_to(fmap)
    _stable_ids(fmap)
    root = fmap.get_root()
    root.render()
    script = "if (window.L) {\n" + root.script.render().strip() + "\n" + NO_LEAFLET
    script += (TEMPLATES / "resize.js").read_text(encoding="utf-8")
    style = runtime_files()["atlas.css"].decode() + (TEMPLATES / "snapshot.css").read_text(encoding="utf-8")
    # The drawing code is always in the folder (lib/atlas.js, lib/outlines.js); Leaflet too, unless
    # it comes from its CDN.
    leaflet_js, leaflet_css = ("lib/leaflet.js", "lib/leaflet.css") if self_contained else (LEAFLET_JS, LEAFLET_CSS)
    return _environment.get_template("snapshot.html").render(
        csp=_policy(script, style, self_contained, tiles),
        title=texts.title,
        subtitle=texts.subtitle,
        description=alts[0],
        image=_address(base_url, "map.png"),
        leaflet_js=leaflet_js,
        leaflet_css=leaflet_css,
        style=_markup(style),
        map_html=_markup(root.html.render().strip()),
        script=_markup(script),
        alt=alts[1],
        count=shown,
        listed=shown <= READER_DETAIL_LIMIT,
        detail_limit=READER_DETAIL_LIMIT,
        credit=texts.credit,
        as_of_line=as_of_line(texts.as_of),
        not_shown=texts.not_shown,
        coverage=texts.coverage,
        cells_only=shown > READER_POINT_LIMIT,
        rated=rated,
        empty=texts.empty,
        changes=changes,
        link_changes=moved,
    )


def _policy(script: str, style: str, self_contained: bool, tiles: str | None) -> str:
    library_source = "'self'" if self_contained else "'self' " + LEAFLET_JS.rsplit("/", 1)[0] + "/"
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src {_csp_hash(script)} {library_source}",
            f"style-src {_csp_hash(style)} {library_source}",
            "img-src 'self' data:" + (f" {tiles}" if tiles else ""),
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _walk(element: Element):
    yield element
    for child in element._children.values():
        yield from _walk(child)


def _stable_ids(fmap: folium.Map) -> None:
    """folium names elements with random UUIDs; numbering them in tree order makes output repeatable."""
    for number, element in enumerate(_walk(fmap.get_root())):
        element._id = f"{number:04d}"


def _markup(text: str) -> Markup:
    """Our own generated markup and script: any data inside is already escaped JSON."""
    return Markup(text)


def _address(base_url: str, name: str) -> str:
    return f"{base_url.rstrip('/')}/{name}" if base_url else name


def embed_code(title: str, alts: tuple[str, str], texts, base_url: str) -> str:
    """``alts``: what the framed page draws, and the picture's alt text for readers without scripts."""
    frame_id = "incident-atlas-" + hashlib.sha256(f"{base_url}\n{title}".encode()).hexdigest()[:10]
    return _environment.get_template("embed.html").render(
        title=title,
        description=alts[0],
        alt=alts[1],
        height=EMBED_HEIGHT,
        frame_id=frame_id,
        page=_address(base_url or PLACEHOLDER_URL, "index.html"),
        image=_address(base_url or PLACEHOLDER_URL, "map.png"),
        placeholder=not base_url,
        credit=texts.credit,
        as_of_line=as_of_line(texts.as_of),
        muted=MUTED,
    )
