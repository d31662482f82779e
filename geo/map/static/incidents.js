/* A view's incidents (geo.map.payload): counted discs, single marks, or discs at national and
 * regional zooms with marks built on first need closer in; with the view's playback control and,
 * in a view of changes, the legend's changes section.
 */
(function (Atlas) {
  "use strict";
  if (!Atlas) { return; }

  Atlas.Incidents = L.FeatureGroup.extend({
    initialize: function (data) {
      L.FeatureGroup.prototype.initialize.call(this);
      this.data = data;
      this.cells = data.levels ? new Atlas.Cells(data) : null;
      this._points = null;
      if (this.cells) { this.addLayer(this.cells); }
      if (!data.levels) { this.addLayer(this.points()); }
      this.playback = (data.months || []).length > 1 ? new Atlas.Playback(this) : null;
    },

    points: function () {
      /* The single marks, built on first need (a search, the list, a zoom past pointsFromZoom). */
      if (!this._points && "points" in this.data) { this._points = new Atlas.Points(this.data); }
      return this._points;
    },

    onAdd: function (map) {
      L.FeatureGroup.prototype.onAdd.call(this, map);
      if (this.cells && "points" in this.data) { this._zoomed(); map.on("zoomend", this._zoomed, this); }
      if (this.playback) { this.playback.addTo(map); }
      if (this.data.styles.changes) {
        map.fire("atlas:changes", { changes: this.data.styles.changes, counted: !!this.data.levels });
      }
    },

    onRemove: function (map) {
      map.off("zoomend", this._zoomed, this);
      if (this.playback) { this.playback.remove(); }
      if (this.data.styles.changes) { map.fire("atlas:changes", { changes: null }); }
      L.FeatureGroup.prototype.onRemove.call(this, map);
    },

    _zoomed: function () {
      /* Points from just past the last level of discs: a fitted map may stand between two zooms. */
      if (this._map.getZoom() > this.data.pointsFromZoom - 1) { this.addLayer(this.points()); }
      else if (this._points) { this.removeLayer(this._points); }
    }
  });

})(window.L && L.Atlas);
