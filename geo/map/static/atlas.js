/* Incident Atlas map runtime: draws states and incidents from compact data.
 *
 * Every piece of text from the data reaches the page through textContent or attribute
 * setters, never through innerHTML, so a hostile string stays text. Links are made only
 * for http(s) URLs.
 */
(function () {
  "use strict";
  // Without Leaflet (blocked, offline) the page shows its picture instead: nothing here can run.
  if (window.IncidentAtlas || !window.L) { return; }

  var NS = "http://www.w3.org/2000/svg";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null && text !== "") { node.textContent = String(text); }
    return node;
  }

  function safeUrl(text) {
    if (!text) { return null; }
    try {
      var url = new URL(String(text));
      return (url.protocol === "http:" || url.protocol === "https:") ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  /* A circle marker drawn on the canvas with the attribution level's outline, an optional
     cross (disputed) and a pixel offset, so incidents sharing a point fan out around it. */
  var AtlasMarker = L.CircleMarker.extend({
    _project: function () {
      var offset = this.options.offset || [0, 0];
      this._point = this._map.latLngToLayerPoint(this._latlng).add(L.point(offset[0], offset[1]));
      this._updateBounds();
    },
    _updatePath: function () {
      this._renderer._updateAtlasMarker(this);
    }
  });
  Object.defineProperty(AtlasMarker.prototype, "feature", {
    get: function () {
      var o = this.options;
      return { type: "Feature", properties: { incident: o.incident, view: o.view, kind: "point", index: o.index } };
    }
  });

  var sprites = {};

  function atlasSprite(layer) {
    /* One mark as the style describes it: white backdrop, fill (solid, left half or none), outline
       (dashed for some levels), a cross, an outer ring. Drawn once per style, stamped everywhere. */
    var o = layer.options, r = Math.max(Math.round(layer._radius), 1), ratio = window.devicePixelRatio || 1;
    var key = [o.batch, r, ratio, o.color, o.fillColor].join("|");
    if (sprites[key]) { return sprites[key]; }
    var outer = r + (o.weight || 0) / 2 + (o.ring ? 4 : 0) + 1.5, reach = r * 0.75 + 1.5;
    var extent = o.change ? Math.max(outer, reach + BADGE_RADIUS + 1) : outer;
    var size = 2 * Math.ceil(extent + 1), canvas = document.createElement("canvas");
    canvas.width = canvas.height = Math.ceil(size * ratio);
    var ctx = canvas.getContext("2d"), c = size / 2;
    ctx.scale(ratio, ratio);
    function circle(radius) { ctx.beginPath(); ctx.arc(c, c, radius, 0, Math.PI * 2, false); }
    circle(outer); ctx.fillStyle = "rgba(255,255,255,0.9)"; ctx.fill();
    circle(r); ctx.fillStyle = o.fillMode === "solid" ? o.fillColor : "#ffffff"; ctx.fill();
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
    if (o.change) { drawBadge(ctx, c + reach, c - reach, BADGE_RADIUS, o.change); }
    sprites[key] = { canvas: canvas, size: size };
    return sprites[key];
  }

  var BADGE_RADIUS = 6.5;

  function layersBadged(layers) { return !!(layers.length && layers[0].options.change); }

  function drawBadge(ctx, x, y, radius, kind) {
    /* A change's badge: a white disc with its arrow, from the strokes geo.style gives (20-unit box). */
    var k = radius / 8.6;
    ctx.setLineDash([]);
    ctx.beginPath(); ctx.arc(x, y, radius, 0, Math.PI * 2, false);
    ctx.fillStyle = "#ffffff"; ctx.fill();
    ctx.lineWidth = 1.4 * k; ctx.strokeStyle = kind.ink; ctx.stroke();
    ctx.beginPath();
    kind.strokes.forEach(function (stroke) {
      stroke.forEach(function (p, i) {
        var px = x + (p[0] - 10) * k, py = y + (p[1] - 10) * k;
        if (i === 0) { ctx.moveTo(px, py); } else { ctx.lineTo(px, py); }
      });
    });
    ctx.lineWidth = 2.2 * k; ctx.lineCap = "round"; ctx.lineJoin = "round"; ctx.stroke();
  }

  function badgeGlyph(kind, size) {
    /* The legend's picture of a change's badge, drawn like the map's. */
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("width", size); svg.setAttribute("height", size);
    svg.setAttribute("viewBox", "0 0 20 20"); svg.setAttribute("aria-hidden", "true");
    var disc = document.createElementNS(NS, "circle");
    [["cx", 10], ["cy", 10], ["r", 8.6], ["fill", "#ffffff"], ["stroke", kind.ink], ["stroke-width", 1.4]].forEach(function (a) { disc.setAttribute(a[0], a[1]); });
    svg.appendChild(disc);
    kind.strokes.forEach(function (stroke) {
      var line = document.createElementNS(NS, "polyline");
      line.setAttribute("points", stroke.map(function (p) { return p[0] + "," + p[1]; }).join(" "));
      [["fill", "none"], ["stroke", kind.ink], ["stroke-width", 2.2], ["stroke-linecap", "round"], ["stroke-linejoin", "round"]].forEach(function (a) { line.setAttribute(a[0], a[1]); });
      svg.appendChild(line);
    });
    return svg;
  }

  function changeKind(styles, row) {
    /* The change a mark carries, with what the badge needs; null when the view is not of changes. */
    if (!row.change || !styles.changes) { return null; }
    var kind = styles.changes.kinds[row.change - 1];
    if (!kind.strokes.length) { return null; }
    return { key: kind.key, arrow: kind.arrow, label: kind.label, strokes: kind.strokes, ink: styles.changes.ink };
  }

  function changeLine(styles, row) {
    /* "↑ Firmer: Law enforcement says → Charged" */
    if (!row.change || !styles.changes) { return ""; }
    var kind = styles.changes.kinds[row.change - 1];
    var then = row.then ? styles.attribution[row.then - 1].label : "not yet linked";
    return kind.arrow + " " + kind.label + ": " + then + " \u2192 " + styles.attribution[row.attribution].label;
  }

  function changesLegend(map, changes, counted) {
    /* In a view of changes the legend names each badge with its count, first after the state shading. */
    var state = mapState(map), box = state.legendBox, block = box && box.querySelector(".atlas-changes-legend");
    if (block) { block.parentNode.removeChild(block); }
    if (!box || !changes) { return; }
    block = el("div", "atlas-legend-block atlas-changes-legend");
    block.appendChild(el("h4", null, changes.title));
    changes.rows.forEach(function (kind) {
      var row = el("div", "atlas-legend-row");
      row.appendChild(kind.strokes.length ? badgeGlyph({ strokes: kind.strokes, ink: changes.ink }, 18)
        : glyph({ fill: "none", weight: 1.6, stroke: changes.ink }, "#ffffff", 18));
      row.appendChild(el("span", null, kind.text));
      block.appendChild(row);
    });
    block.appendChild(el("div", "atlas-legend-note", changes.note));
    if (counted) { block.appendChild(el("div", "atlas-legend-note", changes.cellsNote)); }
    var after = box.querySelector(".atlas-choropleth");
    after.parentNode.insertBefore(block, after.nextSibling);
  }

  /* Incident marks are not drawn one path at a time: each frame collects them by style and
     draws every style as one path, which keeps 100,000 marks to a few dozen canvas calls.
     Hit-testing stays Leaflet's own, so clicks and tooltips work as for any canvas layer. */
  L.Canvas.include({
    _updateAtlasMarker: function (layer) {
      if (!this._drawing || layer._empty()) { return; }
      // During playback a mark outside the month is not drawn; one whose period is longer than a
      // month (a season, a year) is drawn faded in every month it covers.
      var month = layer.options.playMonth;
      if (month !== undefined && month !== null) {
        var o = layer.options;
        if (month < o.firstMonth || month > o.lastMonth) { return; }
        if (o.lastMonth > o.firstMonth) {
          (this._atlasFaded = this._atlasFaded || []).push(layer);
          return;
        }
      }
      var key = layer.options.batch;
      (this._atlasBatches[key] = this._atlasBatches[key] || []).push(layer);
    },
    _flushAtlasMarkers: function () {
      // Each style is drawn once into a small sprite and stamped at every point: bitmap copies
      // rasterise far faster than 100,000 stroked and dashed circles.
      var ctx = this._ctx, batches = this._atlasBatches, faded = this._atlasFaded || [];
      ctx.globalAlpha = 0.4;
      faded.forEach(function (layer) {
        var sprite = atlasSprite(layer), half = sprite.size / 2, p = layer._point;
        ctx.drawImage(sprite.canvas, p.x - half, p.y - half, sprite.size, sprite.size);
      });
      ctx.globalAlpha = 1;
      this._atlasFaded = [];
      // Weakest attribution first, so charged and convicted marks end up on top; marks with a
      // change's badge above all the rest.
      function badged(k) { return layersBadged(batches[k]) ? 1 : 0; }
      Object.keys(batches).sort(function (a, b) { return badged(a) - badged(b) || (b % 16) - (a % 16); }).forEach(function (key) {
        var layers = batches[key], sprite = atlasSprite(layers[0]), half = sprite.size / 2;
        for (var i = 0; i < layers.length; i++) {
          var p = layers[i]._point;
          ctx.drawImage(sprite.canvas, p.x - half, p.y - half, sprite.size, sprite.size);
        }
      });
      this._atlasBatches = {};
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
      this._atlasBatches = {};
      for (var order = this._drawFirst; order; order = order.next) {
        layer = order.layer;
        if (!bounds || (layer._pxBounds && layer._pxBounds.intersects(bounds))) {
          layer._updatePath();
        }
      }
      this._flushAtlasMarkers();
      this._drawing = false;
      this._ctx.restore();
    }
  });

  function glyph(style, colour, size) {
    /* The legend's picture of a mark: the same fill, outline, dash, cross and ring as the map. */
    var svg = document.createElementNS(NS, "svg"), r = 6 * (style.scale || 1), edge = style.stroke || colour;
    svg.setAttribute("width", size); svg.setAttribute("height", size);
    svg.setAttribute("viewBox", "0 0 20 20"); svg.setAttribute("aria-hidden", "true");
    function shape(tag, attributes) {
      var node = document.createElementNS(NS, tag);
      Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
      svg.appendChild(node);
      return node;
    }
    var body = shape("circle", { cx: 10, cy: 10, r: r, fill: style.fill === "solid" ? colour : "#ffffff" });
    if (style.fill === "half") { shape("path", { d: "M10 " + (10 - r) + "A" + r + " " + r + " 0 0 0 10 " + (10 + r) + "Z", fill: colour }); }
    if (style.weight) {
      var line = shape("circle", { cx: 10, cy: 10, r: r, fill: "none", stroke: edge, "stroke-width": style.weight });
      if (style.dash) { line.setAttribute("stroke-dasharray", style.dash); }
    }
    if (style.cross) { shape("path", { d: "M5.8 5.8L14.2 14.2M14.2 5.8L5.8 14.2", stroke: edge, "stroke-width": style.weight }); }
    if (style.ring) { shape("circle", { cx: 10, cy: 10, r: r + 3, fill: "none", stroke: edge, "stroke-width": 1.2 }); }
    body.setAttribute("data-fill", style.fill);
    return svg;
  }

  function swatch(colour, border) {
    var s = el("span", "atlas-swatch");
    s.style.background = colour;
    if (border) { s.style.borderColor = border; }
    return s;
  }

  function mapState(map) {
    if (!map._atlas) { map._atlas = { states: {}, fitKey: null, legend: null }; }
    return map._atlas;
  }

  /* ---- legend ------------------------------------------------------------------------ */

  function addLegend(map, spec) {
    var state = mapState(map);
    var control = L.control({ position: "topright" });
    control.onAdd = function () {
      var box = el("section", "atlas-legend");
      box.setAttribute("aria-label", "Map legend");
      var toggle = el("button", "atlas-legend-toggle", "Legend");
      toggle.type = "button";
      toggle.setAttribute("aria-expanded", "true");
      var body = el("div", "atlas-legend-body");
      function show(open) {
        body.hidden = !open;
        box.classList.toggle("atlas-collapsed", !open);
        toggle.setAttribute("aria-expanded", String(open));
      }
      toggle.addEventListener("click", function () { show(body.hidden); });
      box.appendChild(toggle);
      box.appendChild(body);

      var choropleth = el("div", "atlas-legend-block atlas-choropleth");
      body.appendChild(choropleth);
      state.legend = choropleth;
      if (state.pendingChoropleth) { renderChoropleth(choropleth, state.pendingChoropleth); }

      var levels = el("div", "atlas-legend-block");
      if (spec.attribution.length) {
        levels.appendChild(el("h4", null, spec.attributionTitle));
        spec.attribution.forEach(function (level) {
          var row = el("div", "atlas-legend-row");
          row.title = level.definition;
          row.appendChild(glyph(level.style, level.colour || "#555555", 18));
          row.appendChild(el("span", null, level.label));
          levels.appendChild(row);
        });
      } else {
        // Data that rates no link says so once, instead of listing levels it does not use.
        levels.appendChild(el("div", "atlas-legend-note", spec.unratedNote));
      }
      body.appendChild(levels);

      if (spec.crimeTypes.length) {
        var types = el("div", "atlas-legend-block");
        types.appendChild(el("h4", null, spec.crimeTitle));
        spec.crimeTypes.forEach(function (type) {
          var row = el("div", "atlas-legend-row");
          row.appendChild(swatch(type.colour, type.colour));
          row.lastChild.classList.add("atlas-dot");
          row.appendChild(el("span", null, type.label));
          types.appendChild(row);
        });
        body.appendChild(types);
      }

      var place = el("div", "atlas-legend-block atlas-place");
      var halo = el("div", "atlas-legend-row");
      halo.appendChild(el("span", "atlas-halo"));
      halo.appendChild(el("span", null, spec.haloLabel));
      place.appendChild(halo);
      body.appendChild(place);

      // On a narrow map the legend starts folded so the map itself stays visible.
      if (map.getSize().x < 600) { show(false); }
      // The legend scrolls inside the map rather than running past its bottom edge.
      function fit() { body.style.maxHeight = state.legendOutside ? "none" : Math.max(map.getSize().y - 80, 120) + "px"; }
      fit();
      map.on("resize", fit);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      state.legendBox = box;
      state.legendBody = body;
      state.showLegend = show;
      state.fitLegend = fit;
      return box;
    };
    control.addTo(map);
    fitHome(map, false);
    // The app links the stylesheet as a file: the home view leaves room for the legend as styled.
    whenStyled(control.getContainer(), function () { if (!state.fitKey) { fitHome(map, false); } });
  }

  function whenStyled(node, then) {
    /* Runs ``then`` once our stylesheet applies to ``node``, if it did not yet (atlas.css marks it). */
    var styled = function () { return getComputedStyle(node).getPropertyValue("--atlas-styled").trim() !== ""; };
    if (styled()) { return; }
    var tries = 0, timer = setInterval(function () {
      tries += 1;
      if (styled()) { clearInterval(timer); then(); } else if (tries > 200) { clearInterval(timer); }
    }, 20);
  }

  function fitOptions(map) {
    /* Keep what we fit clear of the legend when the map is wide enough to sit beside it. */
    var state = mapState(map), box = state.legendBox, right = 0;
    if (box && !state.legendBody.hidden && map.getSize().x > 2.2 * box.offsetWidth) { right = box.offsetWidth + 12; }
    return { paddingTopLeft: [12, 12], paddingBottomRight: [right + 12, 12], maxZoom: 8 };
  }

  function fitHome(map, animate) {
    var base = mapState(map).base, options = fitOptions(map);
    options.animate = animate !== false;
    if (base) { map.fitBounds(base.homeBounds, options); }
  }

  function renderChoropleth(node, spec) {
    node.textContent = "";
    node.appendChild(el("h4", null, spec.measure));
    var row = el("div", "atlas-legend-classes");
    spec.legend.forEach(function (entry) {
      var item = el("span", "atlas-legend-row");
      item.appendChild(swatch(entry.colour, "#9a9a9a"));
      item.appendChild(el("span", null, entry.label));
      row.appendChild(item);
    });
    var none = el("span", "atlas-legend-row");
    none.appendChild(swatch(spec.noValueColour, "#9a9a9a"));
    none.appendChild(el("span", null, spec.noValueLabel));
    row.appendChild(none);
    node.appendChild(row);
  }

  /* ---- states ------------------------------------------------------------------------ */

  function stateTooltip(map) {
    return function (layer) {
      var props = layer.feature.properties, painted = mapState(map).shown || {};
      var box = el("div", "atlas-tip");
      box.appendChild(el("strong", null, props.name));
      var value = painted.values ? painted.values[props.state] : legendLabel(painted, props.state);
      box.appendChild(el("div", null, (painted.measure || "") + ": " +
        (value === undefined ? (painted.noValueLabel || "no value") : value)));
      return box;
    };
  }

  function legendLabel(spec, code) {
    /* A state's value where each legend colour is one value (the firmest link): read off the legend. */
    var fill = spec.fills && spec.fills[code];
    var entry = (spec.legend || []).filter(function (e) { return e.colour === fill; })[0];
    return entry ? entry.label : undefined;
  }

  function decodeRing(text, factor) {
    /* Google's encoded polyline format: the states travel at about a quarter of GeoJSON's size. */
    var points = [], index = 0, lat = 0, lng = 0;
    function next() {
      var result = 0, shift = 0, b;
      do { b = text.charCodeAt(index++) - 63; result |= (b & 0x1f) << shift; shift += 5; } while (b >= 0x20);
      return (result & 1) ? ~(result >> 1) : (result >> 1);
    }
    while (index < text.length) {
      lat += next(); lng += next();
      points.push([lat / factor, lng / factor]);
    }
    return points;
  }

  function addStates(map, payload, base) {
    var state = mapState(map), factor = Math.pow(10, payload.precision);
    var group = L.featureGroup();
    payload.states.forEach(function (entry) {
      var polygon = L.polygon(entry.polygons.map(function (rings) {
        return rings.map(function (ring) { return decodeRing(ring, factor); });
      }), { color: base.outline, weight: 1, fillColor: base.fill, fillOpacity: fillOpacity(map) });
      polygon.feature = { type: "Feature", properties: { state: entry.state, name: entry.name } };
      polygon.bindTooltip(stateTooltip(map), { sticky: true, direction: "top" });
      state.states[entry.state] = polygon;
      group.addLayer(polygon);
    });
    group.addTo(map);
    state.base = base;
    // Zoomed in, the basemap's streets and place names matter more than the state colour.
    map.on("zoomend", function () { group.setStyle({ fillOpacity: fillOpacity(map) }); });
    return group;
  }

  function fillOpacity(map) {
    return map.getZoom() >= 7 ? 0.35 : 0.85;
  }

  function paintStates(map, spec) {
    mapState(map).painted = spec;
    shadeStates(map, spec);
    fitSelection(map, spec.selected);
  }

  function shadeStates(map, spec, quiet) {
    /* The states' fills, their legend and tooltips from one spec (a month's, while playing back).
       ``quiet``: only the styles change; the caller redraws the canvas once for everything. */
    var state = mapState(map);
    state.shown = spec;
    Object.keys(state.states).forEach(function (code) {
      var fill = spec.fills[code] || spec.noValueColour;
      var selected = spec.selected.indexOf(code) !== -1;
      var style = { fillColor: fill, color: selected ? "#111111" : state.base.outline, weight: selected ? 2.5 : 1 };
      if (quiet) { L.extend(state.states[code].options, style); } else { state.states[code].setStyle(style); }
    });
    if (state.legend) { renderChoropleth(state.legend, spec); } else { state.pendingChoropleth = spec; }
  }

  function fitSelection(map, selected) {
    var state = mapState(map), key = selected.slice().sort().join(",");
    if (key === state.fitKey) { return; }
    var first = state.fitKey === null;
    state.fitKey = key;
    if (!selected.length) {
      if (!first) { fitHome(map); }
      return;
    }
    var bounds = null;
    selected.forEach(function (code) {
      var layer = state.states[code];
      if (!layer) { return; }
      bounds = bounds ? bounds.extend(layer.getBounds()) : L.latLngBounds(layer.getBounds().getSouthWest(), layer.getBounds().getNorthEast());
    });
    if (bounds) { map.fitBounds(bounds, fitOptions(map)); }
  }

  /* ---- incidents --------------------------------------------------------------------- */

  var CODES = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  function decode(data) {
    /* Points from the encoded polyline, styles from two characters each, text when sent. */
    var points = decodeRing(data.points, Math.pow(10, data.precision)), n = data.n, rows = [];
    for (var i = 0; i < n; i++) {
      var a = CODES.indexOf(data.codes.charAt(2 * i)), b = CODES.indexOf(data.codes.charAt(2 * i + 1));
      rows.push({ lat: points[i][0], lon: points[i][1], crime: a, attribution: b >> 1, exact: b & 1 });
    }
    if (data.changes) {
      for (i = 0; i < n; i++) {
        rows[i].change = CODES.indexOf(data.changes.codes.charAt(i));
        rows[i].then = CODES.indexOf(data.changes.then.charAt(i));
      }
    }
    return rows;
  }

  function briefValue(table, i) {
    var value = 0, w = table.width;
    for (var k = 0; k < w; k++) { value = value * 64 + CODES.indexOf(table.codes.charAt(i * w + k)); }
    return table.values[value];
  }

  function detailOf(data, i, row) {
    var d = data.detail;
    if (!d && data.brief) {
      var place = briefValue(data.brief.place, i);
      if (row && !row.exact) { place += " (placed at a centre, not the exact spot)"; }
      return { brief: true, date: briefValue(data.brief.date, i), place: place };
    }
    if (!d) { return null; }
    return {
      id: d.id[i], title: d.title[i], date: d.date[i], summary: d.summary[i], url: d.url[i],
      place: d.place.values[d.place.index[i]], by: d.by.values[d.by.index[i]],
      source: d.source.values[d.source.index[i]],
      corrected: d.corrected ? d.corrected.values[d.corrected.index[i]] : "",
      history: d.history ? d.history.values[d.history.index[i]] : ""
    };
  }

  function markColour(styles, row) {
    /* Marks say the crime type by colour, or (colourBy "attribution") the level twice over. */
    return styles.colourBy === "attribution" ? styles.attribution[row.attribution].colour : styles.crime[row.crime].colour;
  }

  function incidentPopup(data, row, i) {
    var s = data.styles, box = el("article", "atlas-popup"), detail = detailOf(data, i, row);
    var attr = s.attribution[row.attribution], crime = s.crime[row.crime];
    box.appendChild(el("h3", null, detail && !detail.brief ? detail.title : crime.label));
    if (s.rated) {
      var badge = el("p", "atlas-badge");
      badge.appendChild(glyph(attr.style, markColour(s, row), 14));
      badge.appendChild(el("span", null, attr.label));
      box.appendChild(badge);
    }
    var facts = el("dl");
    function fact(name, value) {
      if (value === undefined || value === null || value === "") { return; }
      facts.appendChild(el("dt", null, name));
      facts.appendChild(el("dd", null, value));
    }
    if (detail) { fact("Date", detail.date); fact("Place", detail.place); }
    fact("Crime type", crime.label);
    if (s.rated) { fact("Attribution", attr.label + " \u2014 " + attr.definition); }
    if (row.change) { fact(s.changes.title, changeLine(s, row)); }
    if (detail) { fact("Attributed by", detail.by); fact("Correction", detail.corrected); }
    box.appendChild(facts);
    if (detail && detail.history) {
      /* How the link firmed up or fell apart, oldest step first. */
      box.appendChild(el("h4", "atlas-history-title", "How the link changed"));
      var steps = el("ol", "atlas-history");
      detail.history.split("\n").forEach(function (line) { steps.appendChild(el("li", null, line)); });
      box.appendChild(steps);
    }
    if (!detail) {
      box.appendChild(el("p", "atlas-summary", "The full record is shown below the map."));
      return box;
    }
    if (detail.brief) {
      box.appendChild(el("p", "atlas-summary", "This map holds too many incidents to carry each one's summary and source."));
      return box;
    }
    if (detail.summary) { box.appendChild(el("p", "atlas-summary", detail.summary)); }
    var href = safeUrl(detail.url);
    if (!href && !detail.source) { return box; }  // a record without a source has no source line
    var source = el("p", "atlas-source");
    source.appendChild(el("span", null, "Source: "));
    if (href) {
      var link = el("a", null, detail.source || href);
      link.href = href; link.target = "_blank"; link.rel = "noopener noreferrer";
      source.appendChild(link);
    } else {
      source.appendChild(el("span", null, detail.source));
    }
    box.appendChild(source);
    return box;
  }

  function incidentTooltip(data, row, i) {
    var s = data.styles, box = el("div", "atlas-tip"), detail = detailOf(data, i, row);
    var line = (s.rated ? s.attribution[row.attribution].label + " \u00b7 " : "") + s.crime[row.crime].label;
    if (detail) {
      box.appendChild(el("strong", null, detail.brief ? detail.place : detail.title));
      box.appendChild(el("div", null, detail.date));
    }
    box.appendChild(el("div", null, line));
    if (row.change) { box.appendChild(el("div", "atlas-tip-change", changeLine(s, row))); }
    return box;
  }

  /* ---- counted cells ---------------------------------------------------------------- */

  /* A cell is a disc whose area grows with its count, split into slices: by attribution level
     when marks are coloured by level; by crime type otherwise, with a ring whose dark arc is the
     share of incidents charged or convicted. Drawn straight onto the shared canvas. */
  var AtlasCell = L.CircleMarker.extend({
    _project: function () {
      var o = this.options, playing = o.playCount !== undefined && o.playCount !== null;
      this._radius = playing ? (o.playCount ? o.playSizer(o.playCount)(this._map.getZoom()) : 0) : o.sizeAt(this._map.getZoom());
      L.CircleMarker.prototype._project.call(this);
    },
    _updatePath: function () {
      this._renderer._drawAtlasCell(this);
    }
  });

  var CELL_RING = { firm: "#1a1a1a", rest: "#d4d4d4" };

  function cellRingWidth(r) { return Math.max(2, r * 0.24); }

  L.Canvas.include({
    _drawAtlasCell: function (layer) {
      if (!this._drawing || layer._empty() || !layer._radius) { return; }
      if (layer.options.playCount) {
        // A month of playback: the disc counts that month's incidents (its split is the whole span's).
        var q = layer._point, rr = layer._radius;
        this._ctx.beginPath(); this._ctx.arc(q.x, q.y, rr, 0, 2 * Math.PI);
        this._ctx.fillStyle = "rgba(91,91,91,0.55)"; this._ctx.fill();
        this._ctx.lineWidth = 0.8; this._ctx.strokeStyle = "#3b3b3b"; this._ctx.stroke();
        return;
      }
      var ctx = this._ctx, p = layer._point, r = layer._radius, o = layer.options, start = -Math.PI / 2;
      var ringed = o.firm !== null, inner = ringed ? r - cellRingWidth(r) - 0.75 : r;
      ctx.beginPath(); ctx.arc(p.x, p.y, r + 1.25, 0, 2 * Math.PI); ctx.fillStyle = "rgba(255,255,255,0.95)"; ctx.fill();
      o.parts.forEach(function (part) {
        var end = start + part[0] * 2 * Math.PI;
        ctx.beginPath(); ctx.moveTo(p.x, p.y); ctx.arc(p.x, p.y, inner, start, end, false); ctx.closePath();
        ctx.fillStyle = part[1]; ctx.fill();
        start = end;
      });
      if (o.parts.length > 1 && inner > 8) {
        // Hairlines between slices so neighbouring colours stay apart.
        ctx.lineWidth = 0.75; ctx.strokeStyle = "#ffffff"; start = -Math.PI / 2;
        o.parts.forEach(function (part) {
          ctx.beginPath(); ctx.moveTo(p.x, p.y);
          ctx.lineTo(p.x + inner * Math.cos(start), p.y + inner * Math.sin(start)); ctx.stroke();
          start += part[0] * 2 * Math.PI;
        });
      }
      if (ringed) {
        var w = cellRingWidth(r), mid = r - w / 2;
        ctx.lineWidth = w; ctx.lineCap = "butt";
        ctx.beginPath(); ctx.arc(p.x, p.y, mid, 0, 2 * Math.PI); ctx.strokeStyle = CELL_RING.rest; ctx.stroke();
        if (o.firm > 0) {
          ctx.beginPath(); ctx.arc(p.x, p.y, mid, -Math.PI / 2, -Math.PI / 2 + Math.max(o.firm, 0.02) * 2 * Math.PI, false);
          ctx.strokeStyle = CELL_RING.firm; ctx.stroke();
        }
      }
      ctx.beginPath(); ctx.arc(p.x, p.y, r, 0, 2 * Math.PI); ctx.lineWidth = 0.8; ctx.strokeStyle = "#3b3b3b"; ctx.stroke();
    }
  });

  function decodeSplits(text, width) {
    /* "a12c3,b1": per cell, a letter per category with its count (geo.encode.encode_splits). */
    return text.split(",").map(function (cell) {
      var counts = new Array(width).fill(0), pattern = /([a-z])(\d+)/g, match;
      while ((match = pattern.exec(cell)) !== null) { counts[match[1].charCodeAt(0) - 97] = +match[2]; }
      return counts;
    });
  }

  function cellSizer(cellDegrees, largest, sizes) {
    /* Area follows the count; the largest disc spans just under the cell's width at this zoom
       (geo.map.cells.disc_radius, which merges discs that would overlap, uses the same rule). */
    return function (count) {
      return function (zoom) {
        var spacing = cellDegrees * 256 * Math.pow(2, zoom) / 360;
        var most = Math.max(Math.min(spacing / 2 - sizes.edge, sizes.most), sizes.least - 1.5), least = Math.min(sizes.least, most);
        return least + (most - least) * Math.sqrt(count / largest);
      };
    };
  }

  function cellParts(counts, colours, total) {
    var parts = [];
    counts.forEach(function (n, i) { if (n) { parts.push([n / total, colours[i]]); } });
    return parts;
  }

  function number(n) { return n.toLocaleString("en-US"); }

  function percent(n, total) {
    var share = 100 * n / total;
    return share > 0 && share < 1 ? "<1%" : Math.round(share) + "%";
  }

  function cellTooltip(data, count, byLevel, byType, byChange) {
    var cells = data.styles.cells, box = el("div", "atlas-tip atlas-cell-tip");
    box.appendChild(el("strong", null, number(count) + " incident" + (count === 1 ? "" : "s") + " in this area"));
    function table(title, counts, entries) {
      box.appendChild(el("div", "atlas-tip-head", title));
      var list = el("ul", "atlas-split");
      counts.forEach(function (n, i) { entries[i].n = n; entries[i].i = i; });
      entries.filter(function (entry) { return entry.n > 0; }).forEach(function (entry) {
        var item = el("li");
        if (entry.colour) {
          item.appendChild(swatch(entry.colour, entry.colour));
          item.lastChild.classList.add("atlas-dot");
        }
        item.appendChild(el("span", null, entry.label));
        item.appendChild(el("span", "atlas-split-n", number(entry.n) + " (" + percent(entry.n, count) + ")"));
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
    var node = tooltip.getElement(), state = mapState(map);
    if (!map || !node) { return; }
    node.style.marginLeft = node.style.marginTop = "";
    var box = node.getBoundingClientRect(), frame = map.getContainer().getBoundingClientRect(), dx = 0, dy = 0;
    var right = frame.right, legend = state.legendBox;
    if (legend && !state.legendOutside && !state.legendBody.hidden) {
      var covered = legend.getBoundingClientRect();
      if (box.top < covered.bottom && box.bottom > covered.top && covered.left - frame.left > box.width + 8) { right = covered.left; }
    }
    if (box.right > right - 4) { dx = right - 4 - box.right; }
    if (box.left + dx < frame.left + 4) { dx = frame.left + 4 - box.left; }
    if (box.bottom > frame.bottom - 4) { dy = frame.bottom - 4 - box.bottom; }
    if (box.top + dy < frame.top + 4) { dy = frame.top + 4 - box.top; }
    node.style.marginLeft = dx + "px";
    node.style.marginTop = dy + "px";
  }

  function cellSample(cells, size) {
    /* The legend's picture of a cell, drawn like the map's. */
    var canvas = document.createElement("canvas"), ratio = window.devicePixelRatio || 1, c = size / 2;
    canvas.width = canvas.height = Math.ceil(size * ratio);
    canvas.style.width = canvas.style.height = size + "px";
    canvas.className = "atlas-cell-sample";
    var ctx = canvas.getContext("2d"), colours = cells.colourBy === "attribution"
      ? cells.levels.map(function (level) { return level.colour; })
      : cells.types.map(function (type) { return type.colour; });
    ctx.scale(ratio, ratio);
    var shares = [0.4, 0.25, 0.2, 0.15].slice(0, Math.min(4, colours.length));
    var fake = { _drawing: true, _ctx: ctx, _drawAtlasCell: L.Canvas.prototype._drawAtlasCell };
    fake._drawAtlasCell({
      _empty: function () { return false; }, _point: { x: c, y: c }, _radius: c - 2,
      options: { parts: shares.map(function (share, i) { return [share, colours[i]]; }),
        firm: cells.ringLabel ? 0.3 : null }
    });
    canvas.setAttribute("aria-hidden", "true");
    return canvas;
  }

  function cellsLegend(map, cells, sizes, month) {
    /* While cells are on the map the legend says how to read them, with a size key for the
       cells shown at this zoom; it goes when the map shows single incidents. */
    var state = mapState(map), box = state.legendBox, block = box && box.querySelector(".atlas-cells-legend");
    if (!box) { return; }
    if (!cells) {
      if (block) { block.parentNode.removeChild(block); }
      return;
    }
    if (!block) {
      block = el("div", "atlas-legend-block atlas-cells-legend");
      block.appendChild(el("h4", null, cells.title));
      var how = el("div", "atlas-legend-row");
      how.appendChild(cellSample(cells, 30));
      how.appendChild(el("span", null, cells.colourBy === "attribution" ? cells.levelSlices : cells.typeSlices));
      block.appendChild(how);
      if (cells.ringLabel) {
        var ring = el("div", "atlas-legend-row");
        var arc = el("span", "atlas-ring-key");
        ring.appendChild(arc);
        ring.appendChild(el("span", null, cells.ringLabel));
        block.appendChild(ring);
      }
      var key = el("div", "atlas-legend-row atlas-size-key");
      block.appendChild(key);
      block.appendChild(el("div", "atlas-legend-note", cells.hint));
      // First after the state shading: at these zooms the discs are what the reader sees.
      var after = box.querySelector(".atlas-choropleth");
      after.parentNode.insertBefore(block, after.nextSibling);
    }
    var key = block.querySelector(".atlas-size-key");
    key.textContent = "";
    sizes.forEach(function (entry) {
      var dot = el("span", "atlas-size-dot");
      dot.style.width = dot.style.height = (2 * entry.r) + "px";
      key.appendChild(dot);
      key.appendChild(el("span", null, number(entry.n)));
    });
    var unit = "incidents" + (month ? " in " + month : "");
    key.appendChild(el("span", null, unit));
    key.setAttribute("role", "img");
    key.setAttribute("aria-label", "Disc sizes: " + sizes.map(function (entry) { return number(entry.n); }).join(" and ") +
      " " + unit);
  }

  function addBins(group, data) {
    /* Too many incidents to draw one by one: counted cells, finer as the map zooms in. */
    var cells = data.styles.cells;
    var levelColours = cells.levels.map(function (level) { return level.colour; });
    var typeColours = cells.types.map(function (type) { return type.colour; });
    var layers = data.levels.map(function (level, levelIndex) {
      var layer = L.featureGroup(), centres = decodeRing(level.points, 1e4), counts = level.counts.split(",").map(Number);
      var byLevel = decodeSplits(level.byLevel, levelColours.length), byType = decodeSplits(level.byType, typeColours.length);
      var byChange = level.byChange ? decodeSplits(level.byChange, data.styles.changes.kinds.length) : null;
      var largest = Math.max.apply(null, counts), sizer = cellSizer(level.cell, largest, cells.sizes);
      var order = counts.map(function (n, k) { return k; }).sort(function (a, b) { return counts[b] - counts[a]; });
      order.forEach(function (k) {
        var count = counts[k], firm = null;
        if (cells.ringLabel) {
          firm = cells.firm.reduce(function (sum, i) { return sum + byLevel[k][i]; }, 0) / count;
        }
        var mark = new AtlasCell(centres[k], {
          sizeAt: sizer(count), firm: firm,
          parts: cells.colourBy === "attribution" ? cellParts(byLevel[k], levelColours, count) : cellParts(byType[k], typeColours, count)
        });
        mark.feature = { type: "Feature", properties: { view: data.view, kind: "bin:" + levelIndex, index: k } };
        // The split is tall: it opens below discs in the map's upper half and above the rest.
        mark.on("mouseover", function () {
          var map = group._map, tip = mark.getTooltip();
          if (map && tip) { tip.options.direction = map.latLngToContainerPoint(mark.getLatLng()).y < map.getSize().y / 2 ? "bottom" : "top"; }
        });
        mark.bindTooltip(function () { return cellTooltip(data, count, byLevel[k], byType[k], byChange && byChange[k]); },
          { direction: "top", className: "atlas-cell-tooltip" });
        mark.on("tooltipopen", function (e) { keepInside(group._map, e.tooltip); });
        layer.addLayer(mark);
      });
      if (data.cellClick !== "list") {
        layer.on("click", function (e) { group._map.setView(e.layer.getLatLng(), Math.min(group._map.getZoom() + 2, 14)); });
      }
      layer._maxZoom = level.maxZoom;
      layer._months = !!level.byMonth;
      layer._sizeKey = function (zoom) {
        var steps = [largest, Math.max(1, Math.round(largest / 10))];
        if (largest < 10) { steps = [largest]; }
        return steps.map(function (n) { return { n: n, r: sizer(n)(zoom) }; });
      };
      return layer;
    });
    function show() {
      var map = group._map;
      if (!map) { return; }
      var zoom = map.getZoom(), chosen = null, monthly = null;
      layers.forEach(function (layer, i) {
        if (chosen === null && zoom <= layer._maxZoom) { chosen = layer; }
        if (data.levels[i].byMonth) { monthly = layer; }
      });
      // Finer levels carry no months (too many discs to send): while playing, the finest level
      // that does stands in for them, so zoomed in the areas stay regional but still count.
      if (data._playing && chosen && !chosen._months && monthly) { chosen = monthly; }
      layers.forEach(function (layer) {
        if (layer === chosen) { group.addLayer(layer); } else { group.removeLayer(layer); }
      });
      // While playing, the playback sets the size key for the month shown.
      if (!data._playing || !chosen) { cellsLegend(map, chosen && cells, chosen ? chosen._sizeKey(zoom) : []); }
    }
    data._showCells = show;
    group.on("add", function () {
      show();
      group._map.on("zoomend", show);
      requestAnimationFrame(function () { performance.mark("atlas-drawn"); });
    });
    group.on("remove", function (e) {
      if (e.target._map) { e.target._map.off("zoomend", show); cellsLegend(e.target._map, null, []); }
    });
    group._atlas = { data: data, markers: [] };
    return group;
  }

  /* ---- playback ------------------------------------------------------------------------ */

  function decodeMonths(text) {
    /* Two base-64 characters per incident (geo.encode.encode_index, width 2). */
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

  function addPlayback(group, data) {
    /* Steps the map through the months in the page itself: marks outside a month are not drawn,
       discs count that month's incidents. No request is made per step. */
    var months = data.months || [];
    if (months.length < 2) { return; }
    var state = { month: null, timer: null }, markers = [], cellLayers = [], halos = [];
    if (data.periods) {
      var first = decodeMonths(data.periods.start), last = decodeMonths(data.periods.end);
    }
    function collect() {
      markers = []; cellLayers = []; halos = [];
      group.eachLayer(function walk(layer) {
        if (layer.options && layer.options.index !== undefined && first) { markers.push(layer); }
        if (layer.options && layer.options.members && first) { halos.push(layer); }
        if (layer.options && layer.options.parts) { cellLayers.push(layer); }
        if (layer.eachLayer) { layer.eachLayer(walk); }
      });
    }
    var levelCounts = (data.levels || []).map(function (level) { return level.byMonth ? monthCounts(level.byMonth) : null; });
    function show(month) {
      var map = group._map;
      if (!map) { return; }
      state.month = month;
      data._playing = month !== null;
      if (data._showCells) { data._showCells(); }
      var painted = mapState(map).painted;
      if (painted && painted.months && painted.months.length === months.length) {
        shadeStates(map, month === null ? painted : L.extend({}, painted, painted.months[month],
          { measure: painted.measure + ", " + months[month] }), true);
      }
      collect();
      markers.forEach(function (m) {
        m.options.playMonth = month;
        m.options.firstMonth = first[m.options.index]; m.options.lastMonth = last[m.options.index];
      });
      // A place's dashed ring goes with its marks: shown only while one of them is.
      halos.forEach(function (halo) {
        var on = month === null || halo.options.members.some(function (i) { return first[i] <= month && month <= last[i]; });
        halo.setStyle({ opacity: on ? 1 : 0, fillOpacity: on ? 0.35 : 0 });
      });
      (data.levels || []).forEach(function (level, levelIndex) {
        var counts = levelCounts[levelIndex] || [];
        var largest = 1;
        counts.forEach(function (c) { if (month !== null && c[month] > largest) { largest = c[month]; } });
        var sizer = cellSizer(level.cell, largest, data.styles.cells.sizes), shown = false;
        cellLayers.forEach(function (cell) {
          var p = cell.feature.properties;
          if (p.kind !== "bin:" + levelIndex) { return; }
          shown = shown || !!cell._map;
          cell.options.playCount = month === null ? null : (counts[p.index] || {})[month] || 0;
          cell.options.playSizer = sizer;
          cell._project();
        });
        // The size key follows the month's discs while playing.
        if (shown && month !== null) {
          var steps = largest < 10 ? [largest] : [largest, Math.max(1, Math.round(largest / 10))];
          cellsLegend(map, data.styles.cells, steps.map(function (n) { return { n: n, r: sizer(n)(map.getZoom()) }; }), months[month]);
        }
      });
      var renderer = map.getRenderer(markers[0] || cellLayers[0] || L.circleMarker([0, 0]));
      if (renderer && renderer._redraw) { renderer._redraw(); }
      label.textContent = month === null ? "All months" : months[month];
      slider.value = month === null ? months.length : month;
      requestAnimationFrame(function () { performance.mark("atlas-step"); });
    }
    var control = L.control({ position: "bottomleft" }), label, slider, button;
    control.onAdd = function () {
      var box = el("div", "atlas-playback");
      L.DomEvent.disableClickPropagation(box);
      button = el("button", "atlas-play", "\u25B6 Play by month");
      button.type = "button";
      slider = el("input");
      slider.type = "range"; slider.min = 0; slider.max = months.length; slider.value = months.length;
      slider.setAttribute("aria-label", "Month shown");
      label = el("span", "atlas-play-month", "All months");
      label.setAttribute("aria-live", "polite");
      button.addEventListener("click", function () {
        if (state.timer) { stop(); return; }
        button.textContent = "\u25A0 Stop";
        var next = state.month === null || state.month >= months.length - 1 ? 0 : state.month + 1;
        show(next);
        state.timer = setInterval(function () {
          if (state.month >= months.length - 1) { stop(); return; }
          show(state.month + 1);
        }, 900);
      });
      slider.addEventListener("input", function () {
        var v = +slider.value;
        show(v >= months.length ? null : v);
      });
      box.appendChild(button); box.appendChild(slider); box.appendChild(label);
      box.appendChild(el("div", "atlas-play-note", data.points
        ? "Faded marks are known only to a season, a year or as 'reported by': they show in every month they cover."
        : "Grey discs count each area's incidents in that month (an incident known only to a season or a year " +
          "counts in every month it covers); zoomed in closer than a region, the areas stay regional."));
      return box;
    };
    function stop() {
      clearInterval(state.timer); state.timer = null;
      button.textContent = "\u25B6 Play by month";
    }
    function again() { if (state.month !== null) { show(state.month); } }
    group.on("add", function () { control.addTo(group._map); group._map.on("zoomend", again); });
    group.on("remove", function (e) {
      stop(); control.remove();
      if (e.target._map) { e.target._map.off("zoomend", again); }
    });
    group._atlasPlayback = { show: show, months: months };
  }

  function addIncidents(group, data) {
    var made;
    if (data.levels && !data.points) { made = addBins(group, data); }
    else if (data.levels) { made = addCellsThenPoints(group, data); }
    else { made = addPoints(group, data); }
    addPlayback(group, data);
    if (data.styles.changes) {
      group.on("add", function () { changesLegend(group._map, data.styles.changes, !!data.levels); });
      group.on("remove", function (e) { if (e.target._map) { changesLegend(e.target._map, null, false); } });
    }
    return made;
  }

  function addCellsThenPoints(group, data) {
    /* Counted cells at national and regional zooms; the points, built on first need, closer in. */
    var cells = L.featureGroup(), points = L.featureGroup(), built = false;
    addBins(cells, data);
    group.addLayer(cells);
    function build() {
      if (!built) { addPoints(points, data); built = true; }
      return points._atlas;
    }
    function toggle() {
      var map = group._map;
      if (!map) { return; }
      if (map.getZoom() >= data.pointsFromZoom) { build(); group.addLayer(points); } else { group.removeLayer(points); }
    }
    group.on("add", function () { toggle(); group._map.on("zoomend", toggle); });
    group.on("remove", function (e) { e.target._map && e.target._map.off("zoomend", toggle); });
    group._atlas = { data: data, build: build };
    return group;
  }

  function addPoints(group, data) {
    /* Incidents sharing a point (a city centre, say) fan out on a ring around it, and points
       placed at a centre get a dashed halo: they are not where the event happened. */
    var s = data.styles, rows = decode(data), byPlace = {}, markers = [], i;
    for (i = 0; i < rows.length; i++) {
      var key = rows[i].lat + "," + rows[i].lon;
      (byPlace[key] = byPlace[key] || []).push(i);
    }
    Object.keys(byPlace).forEach(function (key) {
      var members = byPlace[key], first = rows[members[0]];
      // A compact fan: neighbouring marks just touch, so a handful covers little of the state beneath.
      var ring = members.length > 1 ? Math.min(Math.max(8, 7.2 / Math.sin(Math.PI / members.length)), 40) : 0;
      if (!first.exact) {
        L.circleMarker([first.lat, first.lon], {
          radius: ring + 10, interactive: false, color: "#444444", weight: 1, dashArray: "3 3",
          fillColor: "#ffffff", fillOpacity: 0.35, members: members
        }).addTo(group);
      }
      members.forEach(function (index, k) {
        var row = rows[index], angle = 2 * Math.PI * k / members.length - Math.PI / 2;
        var attr = s.attribution[row.attribution], colour = markColour(s, row);
        var detail = data.detail;
        var marker = new AtlasMarker([row.lat, row.lon], {
          radius: 7 * (attr.style.scale || 1), color: attr.style.stroke || colour, weight: attr.style.weight,
          dashArray: attr.style.dash, fillColor: colour, fillMode: attr.style.fill, ring: attr.style.ring,
          cross: attr.style.cross, incident: detail ? detail.id[index] : index, view: data.view, index: index,
          // A changed mark's badge is part of its sprite: one batch per style and change.
          change: changeKind(s, row), batch: row.crime * 16 + row.attribution + (row.change || 0) * 65536,
          offset: ring ? [ring * Math.cos(angle), ring * Math.sin(angle)] : [0, 0]
        });
        marker.addTo(group);
        markers[index] = marker;
      });
    });
    // Popups and tooltips are bound on first use: binding 100,000 up front costs more than drawing them.
    group.on("click", function (e) { openIncident(e.layer); });
    group.on("mouseover", function (e) {
      var layer = e.layer;
      if (layer.options.index === undefined || layer.getTooltip()) { return; }
      layer.bindTooltip(function () { return incidentTooltip(data, rows[layer.options.index], layer.options.index); },
        { direction: "top", offset: [0, -6] }).openTooltip();
    });
    group.on("add", function () {
      // A mark for tools and benchmarks: the points are on the canvas after the next frame.
      requestAnimationFrame(function () { performance.mark("atlas-drawn"); });
    });
    group._atlas = { data: data, rows: rows, markers: markers };
    return group;
  }

  function addLabels(group, labels) {
    /* A state's map names the state and its busiest places; text only, never markup. A name that
       would overlap one placed before it (busier places come first) is hidden at that zoom. */
    var tips = labels.map(function (label) {
      // A state's name sits on its centre, or above it where incidents placed only to the state are drawn.
      var state = label.kind === "state";
      var tip = L.tooltip({ permanent: true, direction: state ? (label.above ? "top" : "center") : "right",
        className: "atlas-label atlas-label-" + label.kind, interactive: false,
        offset: state ? [0, label.above ? -22 : 0] : [8, 0] })
        .setLatLng([label.lat, label.lon]).setContent(el("span", null, label.text));
      group.addLayer(tip);
      return tip;
    });
    function declutter() {
      var placed = [];
      tips.forEach(function (tip) {
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
    group.on("add", function () {
      requestAnimationFrame(declutter);
      group._map.on("zoomend", declutter);
    });
    if (group._map) { requestAnimationFrame(declutter); group._map.on("zoomend", declutter); }
    return group;
  }

  function openIncident(layer) {
    if (!layer || layer.options.index === undefined) { return; }
    var atlas = null;
    Object.keys(layer._eventParents || {}).forEach(function (id) {
      var parent = layer._eventParents[id];
      if (parent._atlas) { atlas = parent._atlas; }
    });
    if (!atlas) { return; }
    if (!layer.getPopup()) {
      var index = layer.options.index;
      layer.bindPopup(function () { return incidentPopup(atlas.data, atlas.rows[index], index); },
        { maxWidth: 320, minWidth: 220 });
    }
    layer.openPopup();
  }

  function readerPage(map) {
    /* A reader's page: on a narrow screen the legend sits below the map, open, instead of folded
       over it; wider, it returns to the map's corner. */
    var state = mapState(map), holder = document.getElementById("legend-below"), box = state.legendBox;
    if (!holder || !box) { return; }
    var corner = box.parentNode;
    function place() {
      var narrow = map.getContainer().offsetWidth < 600;
      if (narrow && box.parentNode !== holder) {
        holder.appendChild(box);
        state.legendOutside = true;
        state.showLegend(true);
      } else if (!narrow && box.parentNode === holder) {
        corner.appendChild(box);
        state.legendOutside = false;
      }
      state.fitLegend();
    }
    place();
    window.addEventListener("resize", place);
  }

  function readerSearch(map, form) {
    /* The page's search box: incidents by title, id or place (what the page carries), and states. */
    if (!form) { return; }
    var input = form.querySelector("input"), out = form.querySelector(".snap-search-results"), state = mapState(map);
    var atlas = null;
    map.eachLayer(function (layer) { if (layer._atlas && !atlas) { atlas = layer._atlas; } });
    function show(results, text) {
      out.textContent = "";
      if (!results.length) { out.appendChild(el("p", null, "Nothing on this map matches \u201c" + text + "\u201d.")); return; }
      var list = el("ul");
      results.forEach(function (result) {
        var item = el("li"), button = el("button", null, result.label);
        button.type = "button";
        button.addEventListener("click", function () {
          if (result.bounds) { map.fitBounds(result.bounds, fitOptions(map)); return; }
          map.setView(result.latlng, 11);
          map.getContainer().scrollIntoView({ block: "nearest" });
          setTimeout(function () { if (atlas.markers && atlas.markers[result.index]) { openIncident(atlas.markers[result.index]); } }, 400);
        });
        item.appendChild(button);
        list.appendChild(item);
      });
      out.appendChild(list);
    }
    function search(raw) {
      var text = raw.trim().toLowerCase(), results = [];
      if (text.length < 2) { out.textContent = ""; return; }
      var points = atlas && (atlas.build ? atlas.build() : atlas);
      if (points && points.rows) {
        for (var i = 0; i < points.rows.length && results.length < 8; i++) {
          var d = detailOf(points.data, i, points.rows[i]);
          var words = d ? [d.brief ? "" : d.title, d.brief ? "" : d.id, d.place].join(" ").toLowerCase() : "";
          if (words.indexOf(text) !== -1) {
            var row = points.rows[i];
            results.push({ label: (d.brief ? points.data.styles.crime[row.crime].label : d.title) + " \u2014 " + d.place,
              latlng: [row.lat, row.lon], index: i });
          }
        }
      }
      Object.keys(state.states).forEach(function (code) {
        var name = state.states[code].feature.properties.name;
        if (results.length < 10 && (name.toLowerCase().indexOf(text) !== -1 || code.toLowerCase() === text)) {
          results.push({ label: name, bounds: state.states[code].getBounds() });
        }
      });
      show(results, raw.trim());
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); search(input.value); });
    input.addEventListener("input", function () { search(input.value); });
  }

  function listIncidents(map, container) {
    /* The keyboard and screen-reader route to every incident: a table, each row able to show
       its incident on the map. */
    var found = null;
    map.eachLayer(function (layer) {
      if (layer._atlas && !found && (layer._atlas.build || layer._atlas.rows)) { found = layer._atlas; }
    });
    if (found && found.build) { found = found.build(); }
    if (!found || !container || !found.data.detail) { return; }
    var data = found.data, table = el("table"), head = el("tr");
    var rated = data.styles.rated;
    ["Incident", rated ? "Attribution" : null, "Date", "Place", ""].forEach(function (name) {
      if (name !== null) { head.appendChild(el("th", null, name)); }
    });
    var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
    var body = el("tbody");
    found.rows.forEach(function (rowData, i) {
      var detail = detailOf(data, i), row = el("tr");
      row.appendChild(el("td", null, detail.title));
      if (rated) { row.appendChild(el("td", null, data.styles.attribution[rowData.attribution].label)); }
      row.appendChild(el("td", null, detail.date));
      row.appendChild(el("td", null, detail.place));
      var cell = el("td"), button = el("button", null, "Show on map");
      button.type = "button";
      button.addEventListener("click", function () {
        var marker = found.markers[i];
        map.setView(marker.getLatLng(), Math.max(map.getZoom(), 8));
        map.getContainer().scrollIntoView({ block: "nearest" });
        openIncident(marker);
        map.getContainer().focus();
      });
      cell.appendChild(button);
      row.appendChild(cell);
      body.appendChild(row);
    });
    table.appendChild(body);
    container.appendChild(table);
  }

  function installStyles(css) {
    if (document.getElementById("incident-atlas-style")) { return; }
    var style = document.createElement("style");
    style.id = "incident-atlas-style";
    style.textContent = css;
    document.head.appendChild(style);
  }

  window.IncidentAtlas = {
    addLegend: addLegend,
    addStates: addStates,
    paintStates: paintStates,
    addIncidents: addIncidents,
    addLabels: addLabels,
    listIncidents: listIncidents,
    readerPage: readerPage,
    readerSearch: readerSearch,
    openIncident: openIncident,
    installStyles: installStyles
  };
})();
