/* The states: outlines from L.Atlas.outlines (a static file beside this one, cached by the browser),
 * shaded by the view's choropleth. L.Atlas.States is the base layer; L.Atlas.Shading, added with the
 * view's other layers, paints it and zooms to the selected states.
 */
(function (Atlas) {
  "use strict";
  if (!Atlas) { return; }
  var el = Atlas.el;

  function fillOpacity(map) {
    // Zoomed in, the basemap's streets and place names matter more than the state colour.
    return map.getZoom() >= 7 ? 0.35 : 0.85;
  }

  function legendLabel(spec, code) {
    /* A state's value where each legend colour is one value (the firmest link): read off the legend. */
    var fill = spec.fills && spec.fills[code];
    var entry = (spec.legend || []).filter(function (e) { return e.colour === fill; })[0];
    return entry ? entry.label : undefined;
  }

  Atlas.States = L.FeatureGroup.extend({
    /* ``base``: the outline and no-value fill, and the bounds of the home view. */
    initialize: function (outlines, base) {
      L.FeatureGroup.prototype.initialize.call(this);
      var factor = Math.pow(10, outlines.precision), self = this;
      this.base = base;
      this.byCode = {};
      this.shown = null;
      this.fitKey = null;
      this.selection = null;
      outlines.states.forEach(function (entry) {
        var polygon = L.polygon(entry.polygons.map(function (rings) {
          return rings.map(function (ring) { return Atlas.decodePolyline(ring, factor); });
        }), { color: base.outline, weight: 1, fillColor: base.fill, fillOpacity: 0.85 });
        polygon.feature = { type: "Feature", properties: { state: entry.state, name: entry.name } };
        polygon.bindTooltip(function (layer) { return self._tooltip(layer); }, { sticky: true, direction: "top" });
        self.byCode[entry.state] = polygon;
        self.addLayer(polygon);
      });
    },

    onAdd: function (map) {
      L.FeatureGroup.prototype.onAdd.call(this, map);
      this._opacity();
      map.on("zoomend", this._opacity, this);
      this.fitHome(false);
    },

    onRemove: function (map) {
      map.off("zoomend", this._opacity, this);
      L.FeatureGroup.prototype.onRemove.call(this, map);
    },

    _opacity: function () { this.setStyle({ fillOpacity: fillOpacity(this._map) }); },

    _tooltip: function (layer) {
      var props = layer.feature.properties, painted = this.shown || {};
      var box = el("div", "atlas-tip");
      box.appendChild(el("strong", null, props.name));
      var value = painted.values ? painted.values[props.state] : legendLabel(painted, props.state);
      box.appendChild(el("div", null, (painted.measure || "") + ": " +
        (value === undefined ? (painted.noValueLabel || "no value") : value)));
      return box;
    },

    paint: function (spec) {
      this.painted = spec;
      this.shade(spec);
      this.fitSelection(spec.selected, spec.focus);
    },

    shade: function (spec, quiet) {
      /* The states' fills, their legend and tooltips from one spec (a month's, while playing back).
         ``quiet``: only the styles change; the caller redraws the canvas once for everything. */
      var inks = Atlas.inks;
      this.shown = spec;
      Object.keys(this.byCode).forEach(function (code) {
        var fill = spec.fills[code] || spec.noValueColour, selected = spec.selected.indexOf(code) !== -1;
        var style = { fillColor: fill, color: selected ? inks.selected : this.base.outline, weight: selected ? 2.5 : 1 };
        if (quiet) { L.extend(this.byCode[code].options, style); } else { this.byCode[code].setStyle(style); }
      }, this);
      if (this._map) { this._map.fire("atlas:choropleth", { spec: spec }); }
    },

    fitHome: function (animate) {
      if (!this._map) { return; }
      var options = Atlas.fitOptions(this._map);
      options.animate = animate !== false;
      this._map.fitBounds(this.base.homeBounds, options);
      if (options.animate) {
        this._map.once("moveend", function () { this.home = this._view(); }, this);
      } else {
        this.home = this._view();
      }
    },

    refitHome: function () {
      /* Fits the home view again (a control came or went over the map), unless someone has moved the
         map since it was fitted, or zoomed to a selection. */
      if (this._map && !this.fitKey && this.home === this._view()) { this.fitHome(false); }
    },

    _view: function () {
      var centre = this._map.getCenter();
      return [this._map.getZoom(), centre.lat.toFixed(4), centre.lng.toFixed(4)].join(",");
    },

    fitSelection: function (selected, focus) {
      /* Zooms to the chosen states' incidents (``focus``, their box), else to the states themselves;
         back home when the choice is cleared. */
      var key = selected.slice().sort().join(",") + (focus ? ":" + focus.join(",") : "");
      if (key === this.fitKey) { return; }
      var first = this.fitKey === null;
      this.fitKey = selected.length ? key : "";
      if (!selected.length) {
        if (!first) { this.fitHome(); }
        return;
      }
      var bounds = focus ? L.latLngBounds(focus) : null;
      selected.forEach(function (code) {
        var layer = this.byCode[code];
        if (!layer || focus) { return; }
        var b = layer.getBounds();
        bounds = bounds ? bounds.extend(b) : L.latLngBounds(b.getSouthWest(), b.getNorthEast());
      }, this);
      this.selection = bounds;
      if (bounds) { this._fitSelection(); }
    },

    _fitSelection: function () {
      this._map.fitBounds(this.selection.pad(0.15), L.extend(Atlas.fitOptions(this._map), { maxZoom: 10 }));
    },

    fitWhole: function () {
      /* Back to the view as first shown: the selected states, else the country. */
      if (!this._map) { return; }
      if (this.selection && this.fitKey) { this._fitSelection(); } else { this.fitHome(); }
    }
  });

  Atlas.Shading = L.Layer.extend({
    /* A view's choropleth (geo.map.choropleth): painted on the map's states when added. */
    initialize: function (spec) { this.spec = spec; },
    onAdd: function (map) {
      var states = Atlas.layerOf(map, Atlas.States);
      if (states) { states.paint(this.spec); }
    },
    onRemove: function () {}
  });
})(window.L && L.Atlas);
