/* The way back and what was found: a button under the zoom control fits the view as first shown
 * (the selected states, else the country), and a ring marks the place or incident a search chose,
 * the reader page's own search or the app's (streamlit-folium's render message, ``atlas_focus``).
 */
(function (Atlas) {
  "use strict";
  if (!Atlas) { return; }
  var el = Atlas.el;

  Atlas.WholeView = L.Control.extend({
    options: { position: "topleft" },

    onAdd: function (map) {
      var box = el("div", "leaflet-bar atlas-whole"), button = el("button", null, "Whole map");
      button.type = "button";
      button.title = "Back to the whole map";
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.on(button, "click", function () {
        var states = Atlas.layerOf(map, Atlas.States);
        map.fire("atlas:whole");
        if (!states) { return; }
        // Leaflet drops a new view asked for while it animates a zoom (a search's flight): wait for it.
        if (map._animatingZoom) { map.once("zoomend", states.fitWhole, states); } else { states.fitWhole(); }
      });
      box.appendChild(button);
      return box;
    }
  });

  Atlas.Found = L.Layer.extend({
    /* A ring and a label at what a search chose; gone with "Whole map" or a search for nothing. */
    initialize: function () { this.key = ""; this.ring = null; },

    onAdd: function (map) {
      this._stop = Atlas.fromApp("atlas_focus", L.bind(this.show, this));
      map.on("atlas:whole", this.clear, this);
    },

    onRemove: function (map) {
      this._stop();
      map.off("atlas:whole", this.clear, this);
      this.clear();
    },

    show: function (found) {
      /* ``found``: {lat, lon, label, kind}; a state is its own outline and gets no ring. */
      var key = found ? [found.lat, found.lon, found.label].join("|") : "";
      if (key === this.key || !this._map) { return; }
      this.clear();
      this.key = key;
      if (!found || found.kind === "state") { return; }
      this.ring = L.circleMarker([found.lat, found.lon], {
        radius: found.kind === "incident" ? 13 : 20, color: Atlas.inks.focus, weight: 3, fill: false,
        interactive: false, renderer: L.svg({ padding: 0.5 })
      }).addTo(this._map);
      this.ring.bindTooltip(el("span", null, found.label), {
        permanent: true, direction: "top", offset: [0, -12], className: "atlas-found"
      }).openTooltip();
    },

    clear: function () {
      if (this.ring) { this.ring.unbindTooltip().remove(); }
      this.ring = null;
      this.key = "";
    }
  });
})(window.L && L.Atlas);
