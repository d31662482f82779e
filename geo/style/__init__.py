"""How every map looks, as typed specs: inks, marks, palettes, badges, discs, basemaps and legends.

Each renderer paints these and adds nothing of its own: the Leaflet runtime (``geo/map/static``)
reads their browser forms, the PNG and SVG pictures (``geo.publish.picture_*``) and the small SVG
samples of HTML legends (``geo.svg``) read them directly. So the page, the PNG and the SVG never
drift apart, and no colour is written anywhere else.
"""
