/* The canvas every incident layer draws on: L.Canvas, with marks drawn in batches.
 *
 * Marks are not drawn one path at a time: each frame collects them by style and stamps one sprite
 * per style, which keeps 100,000 marks to a few dozen canvas calls. Hit-testing stays Leaflet's own,
 * so clicks and tooltips work as for any canvas layer. The map is made with this renderer, so states,
 * discs and marks share one canvas and its events: a click on any of them reaches the app from here.
 */
(function (Atlas) {
  "use strict";
  if (!Atlas) { return; }

  Atlas.Renderer = L.Canvas.extend({
    batch: function (layer, faded) {
      /* Called by a mark while the canvas draws: its sprite is stamped when the frame ends. */
      if (faded) { this._faded.push(layer); return; }
      var key = layer.options.batch;
      (this._batches[key] = this._batches[key] || []).push(layer);
    },

    _fireEvent: function (layers, e, type) {
      /* Leaflet's, then the app hears at once which state, disc or mark was clicked. */
      L.Canvas.prototype._fireEvent.call(this, layers, e, type);
      if (layers && (type || e.type) === "click" && layers[0].feature) { Atlas.clicked(layers[0]); }
    },

    _draw: function () {
      // Leaflet 1.9's _draw, with the batches flushed inside the same clip.
      var layer, bounds = this._redrawBounds;
      this._ctx.save();
      if (bounds) {
        var size = bounds.getSize();
        this._ctx.beginPath();
        this._ctx.rect(bounds.min.x, bounds.min.y, size.x, size.y);
        this._ctx.clip();
      }
      this._drawing = true;
      this._batches = {};
      this._faded = [];
      for (var order = this._drawFirst; order; order = order.next) {
        layer = order.layer;
        if (!bounds || (layer._pxBounds && layer._pxBounds.intersects(bounds))) {
          layer._updatePath();
        }
      }
      this._flush();
      this._drawing = false;
      this._ctx.restore();
    },

    _flush: function () {
      var ctx = this._ctx, batches = this._batches;
      function stamp(layer) {
        var sprite = layer.sprite(), half = sprite.size / 2, p = layer._point;
        ctx.drawImage(sprite.canvas, p.x - half, p.y - half, sprite.size, sprite.size);
      }
      ctx.globalAlpha = 0.4;
      this._faded.forEach(stamp);
      ctx.globalAlpha = 1;
      // Each batch in the order its marks ask for (weakest first, badges last): firm marks on top.
      Object.keys(batches).sort(function (a, b) {
        return batches[a][0].layerOrder() - batches[b][0].layerOrder();
      }).forEach(function (key) { batches[key].forEach(stamp); });
    }
  });
})(window.L && L.Atlas);
