/* A state's map names the state and its busiest places; text only, never markup. A name that would
 * overlap one placed before it (busier places come first) is hidden at that zoom.
 */
(function (Atlas) {
  "use strict";
  if (!Atlas) { return; }

  Atlas.Labels = L.FeatureGroup.extend({
    initialize: function (labels) {
      L.FeatureGroup.prototype.initialize.call(this);
      this.tips = labels.map(function (label) {
        // A state's name sits on its centre, or above it where incidents placed only to the state are drawn.
        var state = label.kind === "state";
        var tip = L.tooltip({ permanent: true, direction: state ? (label.above ? "top" : "center") : "right",
          className: "atlas-label atlas-label-" + label.kind, interactive: false,
          offset: state ? [0, label.above ? -22 : 0] : [8, 0] })
          .setLatLng([label.lat, label.lon]).setContent(Atlas.el("span", null, label.text));
        this.addLayer(tip);
        return tip;
      }, this);
    },

    onAdd: function (map) {
      L.FeatureGroup.prototype.onAdd.call(this, map);
      requestAnimationFrame(this.declutter.bind(this));
      map.on("zoomend", this.declutter, this);
    },

    onRemove: function (map) {
      map.off("zoomend", this.declutter, this);
      L.FeatureGroup.prototype.onRemove.call(this, map);
    },

    declutter: function () {
      var placed = [];
      this.tips.forEach(function (tip) {
        var node = tip.getElement();
        if (!node) { return; }
        node.style.visibility = "";
        var box = node.getBoundingClientRect();
        var clash = placed.some(function (other) {
          return box.left < other.right && box.right > other.left && box.top < other.bottom && box.bottom > other.top;
        });
        if (clash) { node.style.visibility = "hidden"; } else { placed.push(box); }
      });
    }
  });
})(window.L && L.Atlas);
