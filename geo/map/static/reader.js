/* A reader's page: on a narrow screen the legend sits below the map, open, instead of folded over
 * it; wider, it returns to the map's corner.
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
      var narrow = this._map.getContainer().offsetWidth < 600;
      this.legend.holdIn(narrow ? this.holder : null);
    }
  });
})(window.L && L.Atlas);
