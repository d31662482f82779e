/* Playback: steps the map through the view's months in the page itself. Marks outside a month are
 * not drawn, discs count that month's incidents, states are shaded by that month's. No request is
 * made per step.
 */
(function (Atlas) {
  "use strict";
  if (!Atlas) { return; }
  var el = Atlas.el, CODES = Atlas.CODES;

  function decodeMonths(text) {
    /* Two base-64 characters per incident (geo.support.encode.encode_index, width 2). */
    var out = new Array(text.length / 2);
    for (var i = 0; i < out.length; i++) {
      out[i] = CODES.indexOf(text.charAt(2 * i)) * 64 + CODES.indexOf(text.charAt(2 * i + 1));
    }
    return out;
  }

  function monthCounts(text) {
    /* "3:12,4:7;0:1": per disc, month index and count. */
    return text.split(";").map(function (disc) {
      var counts = {};
      if (disc) { disc.split(",").forEach(function (pair) { var p = pair.split(":"); counts[+p[0]] = +p[1]; }); }
      return counts;
    });
  }

  Atlas.Playback = L.Control.extend({
    options: { position: "bottomleft" },

    initialize: function (incidents) {
      var data = incidents.data;
      this.incidents = incidents;
      this.months = data.months;
      this.month = null;
      this.timer = null;
      if (data.periods) { this.first = decodeMonths(data.periods.start); this.last = decodeMonths(data.periods.end); }
      this.counts = (data.levels || []).map(function (level) { return level.byMonth ? monthCounts(level.byMonth) : null; });
    },

    onAdd: function (map) {
      var box = el("div", "atlas-playback"), self = this, months = this.months;
      L.DomEvent.disableClickPropagation(box);
      this.button = el("button", "atlas-play", "\u25B6 Play by month");
      this.button.type = "button";
      this.slider = el("input");
      this.slider.type = "range"; this.slider.min = 0; this.slider.max = months.length; this.slider.value = months.length;
      this.slider.setAttribute("aria-label", "Month shown");
      this.label = el("span", "atlas-play-month", "All months");
      this.label.setAttribute("aria-live", "polite");
      this.button.addEventListener("click", function () { if (self.timer) { self.stop(); } else { self.play(); } });
      this.slider.addEventListener("input", function () {
        var v = +self.slider.value;
        self.show(v >= months.length ? null : v);
      });
      box.appendChild(this.button); box.appendChild(this.slider); box.appendChild(this.label);
      box.appendChild(el("div", "atlas-play-note", this.incidents.data.points
        ? "Faded marks are known only to a season, a year or as 'reported by': they show in every month they cover."
        : "Grey discs count each area's incidents in that month (an incident known only to a season or a year " +
          "counts in every month it covers); zoomed in closer than a region, the areas stay regional."));
      map.on("zoomend", this._again, this);
      map.on("atlas:covered", this._covered, this);
      // Narrow, the control is one line: the note goes, so the marks stay clear of it.
      L.DomUtil[map.getSize().x < Atlas.FOLD_BELOW ? "addClass" : "removeClass"](box, "atlas-playback-narrow");
      this.box = box;
      return box;
    },

    addTo: function (map) {
      L.Control.prototype.addTo.call(this, map);
      var states = Atlas.layerOf(map, Atlas.States);
      if (states) { states.refitHome(); }
      return this;
    },

    onRemove: function (map) {
      this.stop();
      map.off("zoomend", this._again, this);
      map.off("atlas:covered", this._covered, this);
    },

    holdIn: function (holder) {
      /* Below the map (a reader's narrow page); ``null`` returns it over the map. */
      this.outside = Atlas.holdIn(this, holder);
    },

    _covered: function (e) {
      if (this.box && this.box.offsetWidth && !this.outside) {
        e.answer.boxes.push({ box: this.box.getBoundingClientRect(), edge: "bottom" });
      }
    },

    play: function () {
      var self = this, last = this.months.length - 1;
      this.button.textContent = "\u25A0 Stop";
      this.show(this.month === null || this.month >= last ? 0 : this.month + 1);
      this.timer = setInterval(function () {
        if (self.month >= last) { self.stop(); return; }
        self.show(self.month + 1);
      }, 900);
    },

    stop: function () {
      clearInterval(this.timer); this.timer = null;
      if (this.button) { this.button.textContent = "\u25B6 Play by month"; }
    },

    _again: function () { if (this.month !== null) { this.show(this.month); } },

    show: function (month) {
      /* One month (``null``: all of them) on the marks, discs, states and legend. */
      var map = this._map, incidents = this.incidents, cells = incidents.cells;
      if (!map) { return; }
      this.month = month;
      if (cells) { cells.playing = month !== null; cells.show(); }
      this._shade(map, month);
      this._marks(month);
      if (cells) { this._discs(map, cells, month); }
      map.getRenderer(incidents)._redraw();
      this.label.textContent = month === null ? "All months" : this.months[month];
      this.slider.value = month === null ? this.months.length : month;
      Atlas.drawn("atlas-step");
    },

    _shade: function (map, month) {
      var states = Atlas.layerOf(map, Atlas.States), painted = states && states.painted;
      if (!painted || !painted.months || painted.months.length !== this.months.length) { return; }
      states.shade(month === null ? painted : L.extend({}, painted, painted.months[month],
        { measure: painted.measure + ", " + this.months[month] }), true);
    },

    _marks: function (month) {
      var points = this.incidents._points, first = this.first, last = this.last;
      if (!points || !first) { return; }
      points.eachLayer(function (layer) {
        var o = layer.options;
        if (layer instanceof Atlas.Mark) {
          o.playMonth = month; o.firstMonth = first[o.index]; o.lastMonth = last[o.index];
        } else if (o.members) {
          // A place's dashed ring goes with its marks: shown only while one of them is.
          var on = month === null || o.members.some(function (i) { return first[i] <= month && month <= last[i]; });
          layer.setStyle({ opacity: on ? 1 : 0, fillOpacity: on ? points.data.styles.halo.opacity : 0 });
        }
      });
    },

    _discs: function (map, cells, month) {
      var sizes = cells.data.styles.cells.sizes;
      cells.levels.forEach(function (level, index) {
        var counts = this.counts[index] || [], largest = 1;
        counts.forEach(function (c) { if (month !== null && c[month] > largest) { largest = c[month]; } });
        var sizer = Atlas.discSizer(level.spec.cell, largest, sizes);
        level.layer.eachLayer(function (disc) {
          disc.options.playCount = month === null ? null : (counts[disc.options.index] || {})[month] || 0;
          disc.options.playSizer = sizer;
          if (disc._map) { disc._project(); }
        });
        // The size key follows the month's discs while playing.
        if (level === cells.shown && month !== null) {
          map.fire("atlas:cells", { cells: cells.data.styles.cells, sizes: Atlas.sizeKey(largest, sizer, map.getZoom()),
            month: this.months[month] });
        }
      }, this);
    }
  });
})(window.L && L.Atlas);
