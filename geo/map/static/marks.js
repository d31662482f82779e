/* An incident's mark, as geo/style/marks.py describes it: fill (solid, left half or none), outline
 * (dashed for some levels), a cross, an outer ring, on a white backdrop; with a change's badge when
 * the view is of changes. Painted twice from one description: a sprite on the map's canvas, an SVG
 * sample in legends and popups.
 */
(function (Atlas) {
  "use strict";
  if (!Atlas) { return; }
  var inks = Atlas.inks, sprites = {};

  Atlas.Mark = L.CircleMarker.extend({
    /* A circle marker with a pixel offset, so incidents sharing a point fan out around it. */
    _project: function () {
      var offset = this.options.offset || [0, 0];
      this._point = this._map.latLngToLayerPoint(this._latlng).add(L.point(offset[0], offset[1]));
      this._updateBounds();
    },

    _updatePath: function () {
      var renderer = this._renderer;
      if (!renderer._drawing || this._empty()) { return; }
      // During playback a mark outside the month is not drawn; one whose period is longer than a
      // month (a season, a year) is drawn faded in every month it covers.
      var o = this.options, month = o.playMonth;
      if (month !== undefined && month !== null) {
        if (month < o.firstMonth || month > o.lastMonth) { return; }
        if (o.lastMonth > o.firstMonth) { renderer.batch(this, true); return; }
      }
      renderer.batch(this, false);
    },

    layerOrder: function () {
      /* Weakest attribution first, so charged and convicted marks end up on top; badges above all. */
      return (this.options.change ? 100 : 0) + 15 - (this.options.batch % 16);
    },

    open: function () {
      /* Asks the layer that made this mark to open its popup. */
      this.fire("atlas:open", {}, true);
    },

    sprite: function () {
      /* Drawn once per style and size, stamped everywhere. */
      var o = this.options, r = Math.max(Math.round(this._radius), 1), ratio = window.devicePixelRatio || 1;
      var key = [o.batch, r, ratio, o.color, o.fillColor].join("|");
      if (!sprites[key]) { sprites[key] = paint(o, r, ratio); }
      return sprites[key];
    }
  });

  // What streamlit-folium reports of a clicked mark, made when asked rather than for every mark.
  Object.defineProperty(Atlas.Mark.prototype, "feature", {
    get: function () {
      var o = this.options;
      return { type: "Feature", properties: { incident: o.incident, view: o.view, kind: "point", index: o.index } };
    }
  });

  function paint(o, r, ratio) {
    var outer = r + (o.weight || 0) / 2 + (o.ring ? 4 : 0) + 1.5, reach = r * 0.75 + 1.5;
    var extent = o.change ? Math.max(outer, reach + Atlas.BADGE_RADIUS + 1) : outer;
    var size = 2 * Math.ceil(extent + 1), canvas = document.createElement("canvas");
    canvas.width = canvas.height = Math.ceil(size * ratio);
    var ctx = canvas.getContext("2d"), c = size / 2;
    ctx.scale(ratio, ratio);
    function circle(radius) { ctx.beginPath(); ctx.arc(c, c, radius, 0, Math.PI * 2, false); }
    circle(outer); ctx.globalAlpha = 0.9; ctx.fillStyle = inks.paper; ctx.fill(); ctx.globalAlpha = 1;
    circle(r); ctx.fillStyle = o.fillMode === "solid" ? o.fillColor : inks.paper; ctx.fill();
    if (o.fillMode === "half") {
      ctx.beginPath(); ctx.arc(c, c, r, Math.PI / 2, Math.PI * 3 / 2, false); ctx.closePath();
      ctx.fillStyle = o.fillColor; ctx.fill();
    }
    ctx.lineCap = "round"; ctx.lineJoin = "round";
    if (o.weight) {
      circle(r);
      ctx.setLineDash(o.dashArray ? String(o.dashArray).split(/[, ]+/).map(Number) : []);
      ctx.lineWidth = o.weight; ctx.strokeStyle = o.color; ctx.stroke();
      ctx.setLineDash([]);
    }
    if (o.cross) {
      var d = r * 0.7;
      ctx.beginPath();
      ctx.moveTo(c - d, c - d); ctx.lineTo(c + d, c + d);
      ctx.moveTo(c + d, c - d); ctx.lineTo(c - d, c + d);
      ctx.lineWidth = o.weight; ctx.strokeStyle = o.color; ctx.stroke();
    }
    if (o.ring) {
      circle(r + 3.5); ctx.lineWidth = 1.5; ctx.strokeStyle = o.color; ctx.stroke();
    }
    if (o.change) { Atlas.paintBadge(ctx, c + reach, c - reach, Atlas.BADGE_RADIUS, o.change); }
    return { canvas: canvas, size: size };
  }

  Atlas.markSample = function (style, colour, size) {
    /* The legend's picture of a mark: the same fill, outline, dash, cross and ring as the map. */
    var svg = Atlas.svg(size), r = 6 * (style.scale || 1), edge = style.stroke || colour;
    var body = Atlas.shape(svg, "circle", { cx: 10, cy: 10, r: r, fill: style.fill === "solid" ? colour : inks.paper });
    if (style.fill === "half") {
      Atlas.shape(svg, "path", { d: "M10 " + (10 - r) + "A" + r + " " + r + " 0 0 0 10 " + (10 + r) + "Z", fill: colour });
    }
    if (style.weight) {
      var line = Atlas.shape(svg, "circle", { cx: 10, cy: 10, r: r, fill: "none", stroke: edge, "stroke-width": style.weight });
      if (style.dash) { line.setAttribute("stroke-dasharray", style.dash); }
    }
    if (style.cross) { Atlas.shape(svg, "path", { d: "M5.8 5.8L14.2 14.2M14.2 5.8L5.8 14.2", stroke: edge, "stroke-width": style.weight }); }
    if (style.ring) { Atlas.shape(svg, "circle", { cx: 10, cy: 10, r: r + 3, fill: "none", stroke: edge, "stroke-width": 1.2 }); }
    body.setAttribute("data-fill", style.fill);
    return svg;
  };
})(window.L && L.Atlas);
