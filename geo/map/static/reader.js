/* A reader's page: on a map narrower than Atlas.FOLD_BELOW (an article column, a phone) the playback
 * control and the legend sit below the map, the legend open, instead of over it; wider, they return
 * to the map's corners.
 */
(function (Atlas) {
  "use strict";
  if (!Atlas) { return; }

  Atlas.ReaderPage = L.Layer.extend({
    /* ``holder``: where the legend goes below the map; ``legend``: the map's L.Atlas.Legend. */
    initialize: function (holder, legend) {
      this.holder = holder;
      this.legend = legend;
    },

    onAdd: function (map) {
      if (!this.holder || !this.legend) { return; }
      this.place();
      window.addEventListener("resize", this.place.bind(this));
    },

    onRemove: function () {},

    place: function () {
      /* Below the map, the playback control first, then the legend; a wide map holds both again. */
      var narrow = this._map.getContainer().offsetWidth < Atlas.FOLD_BELOW;
      var incidents = Atlas.layerOf(this._map, Atlas.Incidents), playback = incidents && incidents.playback;
      if (playback) { playback.holdIn(narrow ? this.holder : null); }
      this.legend.holdIn(narrow ? this.holder : null);
      var states = Atlas.layerOf(this._map, Atlas.States);
      if (states) { states.refitHome(); }
    }
  });
})(window.L && L.Atlas);
