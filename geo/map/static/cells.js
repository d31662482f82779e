/* Counted discs (geo/style/discs.py): too many incidents to draw one by one, so each area's are
 * counted in a disc whose area grows with its count, split into slices by attribution level (marks
 * coloured by level) or by crime type, with a ring whose dark arc is the share charged or convicted.
 * L.Atlas.Cells holds one layer of discs per cell size and shows the one that fits the zoom.
 */
(function (Atlas) {
  "use strict";
  if (!Atlas) { return; }
  var inks = Atlas.inks, el = Atlas.el;

  function ringWidth(r) { return Math.max(2, r * 0.24); }

  Atlas.paintDisc = function (ctx, p, r, o) {
    if (o.playCount) {
      // A month of playback: the disc counts that month's incidents (its split is the whole span's).
      ctx.beginPath(); ctx.arc(p.x, p.y, r, 0, 2 * Math.PI);
      ctx.globalAlpha = 0.55; ctx.fillStyle = inks.playback; ctx.fill(); ctx.globalAlpha = 1;
      ctx.lineWidth = 0.8; ctx.strokeStyle = inks.discEdge; ctx.stroke();
      return;
    }
    var start = -Math.PI / 2, ringed = o.firm !== null, inner = ringed ? r - ringWidth(r) - 0.75 : r;
    ctx.beginPath(); ctx.arc(p.x, p.y, r + 1.25, 0, 2 * Math.PI);
    ctx.globalAlpha = 0.95; ctx.fillStyle = inks.paper; ctx.fill(); ctx.globalAlpha = 1;
    o.parts.forEach(function (part) {
      var end = start + part[0] * 2 * Math.PI;
      ctx.beginPath(); ctx.moveTo(p.x, p.y); ctx.arc(p.x, p.y, inner, start, end, false); ctx.closePath();
      ctx.fillStyle = part[1]; ctx.fill();
      start = end;
    });
    if (o.parts.length > 1 && inner > 8) {
      // Hairlines between slices so neighbouring colours stay apart.
      ctx.lineWidth = 0.75; ctx.strokeStyle = inks.paper; start = -Math.PI / 2;
      o.parts.forEach(function (part) {
        ctx.beginPath(); ctx.moveTo(p.x, p.y);
        ctx.lineTo(p.x + inner * Math.cos(start), p.y + inner * Math.sin(start)); ctx.stroke();
        start += part[0] * 2 * Math.PI;
      });
    }
    if (ringed) {
      var w = ringWidth(r), mid = r - w / 2;
      ctx.lineWidth = w; ctx.lineCap = "butt";
      ctx.beginPath(); ctx.arc(p.x, p.y, mid, 0, 2 * Math.PI); ctx.strokeStyle = inks.ringRest; ctx.stroke();
      if (o.firm > 0) {
        ctx.beginPath(); ctx.arc(p.x, p.y, mid, -Math.PI / 2, -Math.PI / 2 + Math.max(o.firm, 0.02) * 2 * Math.PI, false);
        ctx.strokeStyle = inks.ringFirm; ctx.stroke();
      }
    }
    ctx.beginPath(); ctx.arc(p.x, p.y, r, 0, 2 * Math.PI); ctx.lineWidth = 0.8; ctx.strokeStyle = inks.discEdge; ctx.stroke();
  };

  Atlas.Disc = L.CircleMarker.extend({
    _project: function () {
      var o = this.options, playing = o.playCount !== undefined && o.playCount !== null;
      this._radius = playing ? (o.playCount ? o.playSizer(o.playCount)(this._map.getZoom()) : 0) : o.sizeAt(this._map.getZoom());
      L.CircleMarker.prototype._project.call(this);
    },
    _updatePath: function () {
      var renderer = this._renderer;
      if (!renderer._drawing || this._empty() || !this._radius) { return; }
      Atlas.paintDisc(renderer._ctx, this._point, this._radius, this.options);
    }
  });

  function decodeSplits(text, width) {
    /* "a12c3,b1": per cell, a letter per category with its count (geo.support.encode.encode_splits). */
    return text.split(",").map(function (cell) {
      var counts = new Array(width).fill(0), pattern = /([a-z])(\d+)/g, match;
      while ((match = pattern.exec(cell)) !== null) { counts[match[1].charCodeAt(0) - 97] = +match[2]; }
      return counts;
    });
  }

  Atlas.discSizer = function (cellDegrees, largest, sizes) {
    /* Area follows the count; the largest disc spans just under the cell's width at this zoom
       (geo.map.cells.disc_radius, which merges discs that would overlap, uses the same rule). */
    return function (count) {
      return function (zoom) {
        var spacing = cellDegrees * 256 * Math.pow(2, zoom) / 360;
        var most = Math.max(Math.min(spacing / 2 - sizes.edge, sizes.most), sizes.least - 1.5), least = Math.min(sizes.least, most);
        return least + (most - least) * Math.sqrt(count / largest);
      };
    };
  };

  Atlas.sizeKey = function (largest, sizer, zoom) {
    /* The legend's size key: the largest disc and one a tenth of it. */
    var steps = largest < 10 ? [largest] : [largest, Math.max(1, Math.round(largest / 10))];
    return steps.map(function (n) { return { n: n, r: sizer(n)(zoom) }; });
  };

  function parts(counts, colours, total) {
    var out = [];
    counts.forEach(function (n, i) { if (n) { out.push([n / total, colours[i]]); } });
    return out;
  }

  function splitTooltip(data, count, byLevel, byType, byChange, place) {
    var cells = data.styles.cells, box = el("div", "atlas-tip atlas-cell-tip");
    box.appendChild(el("strong", null, Atlas.number(count) + " incident" + (count === 1 ? "" : "s") + " in " +
      (place || "this area")));
    function table(title, counts, entries) {
      box.appendChild(el("div", "atlas-tip-head", title));
      var list = el("ul", "atlas-split");
      counts.forEach(function (n, i) { entries[i].n = n; });
      entries.filter(function (entry) { return entry.n > 0; }).forEach(function (entry) {
        var item = el("li");
        if (entry.colour) {
          item.appendChild(Atlas.swatch(entry.colour, entry.colour));
          item.lastChild.classList.add("atlas-dot");
        }
        item.appendChild(el("span", null, entry.label));
        item.appendChild(el("span", "atlas-split-n", Atlas.number(entry.n) + " (" + Atlas.percent(entry.n, count) + ")"));
        list.appendChild(item);
      });
      box.appendChild(list);
    }
    var changes = data.styles.changes;
    if (byChange && changes) {
      table(changes.title, byChange, changes.kinds.map(function (kind) { return { label: kind.arrow + " " + kind.label }; }));
    }
    if (cells.rated) {
      table(cells.levelTitle, byLevel, cells.levels.map(function (level) { return { label: level.label, colour: level.colour }; }));
    }
    if (cells.colourBy !== "attribution") {
      table(cells.typeTitle, byType, cells.types.map(function (type) { return { label: type.label, colour: type.colour }; }));
    }
    box.appendChild(el("div", "atlas-tip-hint", data.cellClick === "list"
      ? "Zoom in for more detail; click to list them below the map."
      : "Zoom in or click for more detail."));
    return box;
  }

  function keepInside(map, tooltip) {
    /* A split beside a disc near the map's edge, or under the legend, is moved in, so none of it
       is cut off or hidden. */
    var node = tooltip.getElement();
    if (!map || !node) { return; }
    node.style.marginLeft = node.style.marginTop = "";
    var box = node.getBoundingClientRect(), frame = map.getContainer().getBoundingClientRect(), dx = 0, dy = 0;
    var right = frame.right;
    Atlas.covered(map).forEach(function (covered) {
      var over = covered.box;
      if (covered.edge === "right" && box.top < over.bottom && box.bottom > over.top && over.left - frame.left > box.width + 8) {
        right = Math.min(right, over.left);
      }
    });
    if (box.right > right - 4) { dx = right - 4 - box.right; }
    if (box.left + dx < frame.left + 4) { dx = frame.left + 4 - box.left; }
    if (box.bottom > frame.bottom - 4) { dy = frame.bottom - 4 - box.bottom; }
    if (box.top + dy < frame.top + 4) { dy = frame.top + 4 - box.top; }
    node.style.marginLeft = dx + "px";
    node.style.marginTop = dy + "px";
  }

  function discSample(cells, size) {
    /* The legend's picture of a disc, painted like the map's. */
    var canvas = document.createElement("canvas"), ratio = window.devicePixelRatio || 1, c = size / 2;
    canvas.width = canvas.height = Math.ceil(size * ratio);
    canvas.style.width = canvas.style.height = size + "px";
    canvas.className = "atlas-cell-sample";
    var ctx = canvas.getContext("2d"), colours = (cells.colourBy === "attribution" ? cells.levels : cells.types)
      .map(function (entry) { return entry.colour; });
    ctx.scale(ratio, ratio);
    var shares = [0.4, 0.25, 0.2, 0.15].slice(0, Math.min(4, colours.length));
    Atlas.paintDisc(ctx, { x: c, y: c }, c - 2, {
      parts: shares.map(function (share, i) { return [share, colours[i]]; }), firm: cells.ringLabel ? 0.3 : null
    });
    canvas.setAttribute("aria-hidden", "true");
    return canvas;
  }

  Atlas.discSection = function (cells) {
    /* The legend's section while discs are on the map: how to read them, and a size key. */
    var block = el("div", "atlas-legend-block atlas-cells-legend");
    block.appendChild(el("h4", null, cells.title));
    var how = el("div", "atlas-legend-row");
    how.appendChild(discSample(cells, 30));
    how.appendChild(el("span", null, cells.colourBy === "attribution" ? cells.levelSlices : cells.typeSlices));
    block.appendChild(how);
    if (cells.ringLabel) {
      var ring = el("div", "atlas-legend-row");
      ring.appendChild(el("span", "atlas-ring-key"));
      ring.appendChild(el("span", null, cells.ringLabel));
      block.appendChild(ring);
    }
    block.appendChild(el("div", "atlas-legend-row atlas-size-key"));
    block.appendChild(el("div", "atlas-legend-note", cells.hint));
    return block;
  };

  Atlas.fillSizeKey = function (key, sizes, month) {
    key.textContent = "";
    sizes.forEach(function (entry) {
      var dot = el("span", "atlas-size-dot");
      dot.style.width = dot.style.height = (2 * entry.r) + "px";
      key.appendChild(dot);
      key.appendChild(el("span", null, Atlas.number(entry.n)));
    });
    var unit = "incidents" + (month ? " in " + month : "");
    key.appendChild(el("span", null, unit));
    key.setAttribute("role", "img");
    key.setAttribute("aria-label", "Disc sizes: " + sizes.map(function (entry) { return Atlas.number(entry.n); }).join(" and ") +
      " " + unit);
  };

  Atlas.Cells = L.FeatureGroup.extend({
    /* Counted discs at national and regional zooms, finer as the map zooms in. */
    initialize: function (data) {
      L.FeatureGroup.prototype.initialize.call(this);
      this.data = data;
      this.playing = false;
      // A level's discs are made the first time it is shown (or played back): a million incidents'
      // finer levels hold some 20,000 discs that a national first view never draws.
      this.levels = data.levels.map(function (spec, index) {
        var self = this, built = null;
        function discs() { return built || (built = self._level(spec, index)); }
        return { spec: spec, maxZoom: spec.maxZoom, months: !!spec.byMonth,
          made: function () { return built !== null; },
          get layer() { return discs().layer; },
          sizeKey: function (zoom) { return discs().sizeKey(zoom); } };
      }, this);
    },

    _level: function (level, levelIndex) {
      var data = this.data, cells = data.styles.cells, self = this;
      var levelColours = cells.levels.map(function (entry) { return entry.colour; });
      var typeColours = cells.types.map(function (entry) { return entry.colour; });
      var layer = L.featureGroup(), centres = Atlas.decodePolyline(level.points, 1e4), counts = level.counts.split(",").map(Number);
      var byLevel = decodeSplits(level.byLevel, levelColours.length), byType = decodeSplits(level.byType, typeColours.length);
      var byChange = level.byChange ? decodeSplits(level.byChange, data.styles.changes.kinds.length) : null;
      var largest = Math.max.apply(null, counts), sizer = Atlas.discSizer(level.cell, largest, cells.sizes);
      var order = counts.map(function (n, k) { return k; }).sort(function (a, b) { return counts[b] - counts[a]; });
      order.forEach(function (k) {
        var count = counts[k], firm = null;
        if (cells.ringLabel) { firm = cells.firm.reduce(function (sum, i) { return sum + byLevel[k][i]; }, 0) / count; }
        var mark = new Atlas.Disc(centres[k], {
          sizeAt: sizer(count), count: count, firm: firm, level: levelIndex, index: k,
          parts: cells.colourBy === "attribution" ? parts(byLevel[k], levelColours, count) : parts(byType[k], typeColours, count)
        });
        mark.feature = { type: "Feature", properties: { view: data.view, kind: "bin:" + levelIndex, index: k } };
        // The split is tall: it opens below discs in the map's upper half and above the rest.
        mark.on("mouseover", function () {
          var map = self._map, tip = mark.getTooltip();
          if (map && tip) { tip.options.direction = map.latLngToContainerPoint(mark.getLatLng()).y < map.getSize().y / 2 ? "bottom" : "top"; }
        });
        mark.bindTooltip(function () {
          return splitTooltip(data, count, byLevel[k], byType[k], byChange && byChange[k], self._place(level.states, k));
        },
          { direction: "top", className: "atlas-cell-tooltip" });
        mark.on("tooltipopen", function (e) { keepInside(self._map, e.tooltip); });
        layer.addLayer(mark);
      });
      if (data.cellClick !== "list") {
        layer.on("click", function (e) { self._map.setView(e.layer.getLatLng(), Math.min(self._map.getZoom() + 2, 14)); });
      }
      return { layer: layer, sizeKey: function (zoom) { return Atlas.sizeKey(largest, sizer, zoom); } };
    },

    _place: function (states, k) {
      /* A state's disc is named for its state (the outlines hold the names). */
      var code = states && states[k], outlines = code && Atlas.layerOf(this._map, Atlas.States);
      return outlines && outlines.byCode[code] ? outlines.byCode[code].feature.properties.name : null;
    },

    onAdd: function (map) {
      L.FeatureGroup.prototype.onAdd.call(this, map);
      this.show();
      map.on("zoomend", this.show, this);
      Atlas.drawn("atlas-drawn");
    },

    onRemove: function (map) {
      map.off("zoomend", this.show, this);
      map.fire("atlas:cells", { cells: null });
      L.FeatureGroup.prototype.onRemove.call(this, map);
    },

    show: function () {
      var map = this._map;
      if (!map) { return; }
      // Between two whole zooms (zoomSnap 0.25) the finer level shows: its discs a little smaller
      // than designed, never overlapping more.
      var zoom = map.getZoom(), chosen = null, monthly = null;
      this.levels.forEach(function (level) {
        if (chosen === null && zoom <= level.maxZoom) { chosen = level; }
        if (level.months) { monthly = level; }
      });
      // Finer levels carry no months (too many discs to send): while playing, the finest level
      // that does stands in for them, so zoomed in the areas stay regional but still count.
      if (this.playing && chosen && !chosen.months && monthly) { chosen = monthly; }
      this.levels.forEach(function (level) {
        if (level === chosen) { this.addLayer(level.layer); } else if (level.made()) { this.removeLayer(level.layer); }
      }, this);
      this.shown = chosen;
      // While playing, the playback sets the size key for the month shown.
      if (!this.playing || !chosen) {
        map.fire("atlas:cells", { cells: chosen && this.data.styles.cells, sizes: chosen ? chosen.sizeKey(zoom) : [] });
      }
    }
  });
})(window.L && L.Atlas);
