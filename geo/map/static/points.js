/* Incidents one by one: marks from compact data (an encoded polyline, two characters of style each,
 * text when sent), fanned out where several share a point, a dashed halo where they stand at a
 * centre, and each one's popup and tooltip, made on first use.
 */
(function (Atlas) {
  "use strict";
  if (!Atlas) { return; }
  var el = Atlas.el, CODES = Atlas.CODES, inks = Atlas.inks;

  function decode(data) {
    var points = Atlas.decodePolyline(data.points, Math.pow(10, data.precision)), n = data.n, rows = [], i;
    for (i = 0; i < n; i++) {
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

  Atlas.detailOf = function (data, i, row) {
    /* What the page holds of one incident: its record (sent with the map, or by the app once the
       incident was clicked), or (a reader's large map) place and date. */
    if (data.records && data.records[i]) { return data.records[i]; }
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
  };

  function markColour(styles, row) {
    /* Marks say the crime type by colour, or (colourBy "attribution") the level twice over. */
    return styles.colourBy === "attribution" ? styles.attribution[row.attribution].colour : styles.crime[row.crime].colour;
  }

  function source(detail) {
    var href = Atlas.safeUrl(detail.url);
    if (!href && !detail.source) { return null; }  // a record without a source has no source line
    var line = el("p", "atlas-source");
    line.appendChild(el("span", null, "Source: "));
    if (href) {
      var link = el("a", null, detail.source || href);
      link.href = href; link.target = "_blank"; link.rel = "noopener noreferrer";
      line.appendChild(link);
    } else {
      line.appendChild(el("span", null, detail.source));
    }
    return line;
  }

  function popup(data, row, i) {
    var s = data.styles, box = el("article", "atlas-popup"), detail = Atlas.detailOf(data, i, row);
    var attr = s.attribution[row.attribution], crime = s.crime[row.crime];
    box.appendChild(el("h3", null, detail && !detail.brief ? detail.title : crime.label));
    if (s.rated) {
      var badge = el("p", "atlas-badge");
      badge.appendChild(Atlas.markSample(attr.style, markColour(s, row), 14));
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
    if (row.change) { fact(s.changes.title, Atlas.changeLine(s, row)); }
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
      box.appendChild(el("p", "atlas-summary", "Fetching the full record\u2026 (it is listed below the map too)"));
    } else if (detail.brief) {
      box.appendChild(el("p", "atlas-summary", "This map holds too many incidents to carry each one's summary and source."));
    } else {
      if (detail.summary) { box.appendChild(el("p", "atlas-summary", detail.summary)); }
      var line = source(detail);
      if (line) { box.appendChild(line); }
    }
    return box;
  }

  function tooltip(data, row, i) {
    var s = data.styles, box = el("div", "atlas-tip"), detail = Atlas.detailOf(data, i, row);
    var line = (s.rated ? s.attribution[row.attribution].label + " \u00b7 " : "") + s.crime[row.crime].label;
    if (detail) {
      box.appendChild(el("strong", null, detail.brief ? detail.place : detail.title));
      box.appendChild(el("div", null, detail.date));
    }
    box.appendChild(el("div", null, line));
    if (row.change) { box.appendChild(el("div", "atlas-tip-change", Atlas.changeLine(s, row))); }
    return box;
  }

  Atlas.Points = L.FeatureGroup.extend({
    /* Incidents sharing a point (a city centre, say) fan out on a ring around it, and points placed
       at a centre get a dashed halo: they are not where the event happened. */
    initialize: function (data) {
      L.FeatureGroup.prototype.initialize.call(this);
      this.data = data;
      this.rows = decode(data);
      this.marks = [];
      var byPlace = {}, rows = this.rows, i;
      for (i = 0; i < rows.length; i++) {
        var key = rows[i].lat + "," + rows[i].lon;
        (byPlace[key] = byPlace[key] || []).push(i);
      }
      Object.keys(byPlace).forEach(function (key) { this._place(byPlace[key]); }, this);
      // Popups and tooltips are bound on first use: binding 100,000 up front costs more than drawing them.
      this.on("click atlas:open", function (e) { this.open(e.sourceTarget || e.layer); }, this);
      this.on("mouseover", this._hover, this);
    },

    _place: function (members) {
      var data = this.data, s = data.styles, first = this.rows[members[0]], halo = data.styles.halo;
      // A compact fan: neighbouring marks just touch, so a handful covers little of the state beneath.
      var ring = members.length > 1 ? Math.min(Math.max(8, 7.2 / Math.sin(Math.PI / members.length)), 40) : 0;
      if (!first.exact) {
        this.addLayer(L.circleMarker([first.lat, first.lon], {
          radius: ring + 10, interactive: false, color: halo.edge, weight: 1, dashArray: halo.dash,
          fillColor: halo.fill, fillOpacity: halo.opacity, members: members
        }));
      }
      members.forEach(function (index, k) {
        var row = this.rows[index], angle = 2 * Math.PI * k / members.length - Math.PI / 2;
        var attr = s.attribution[row.attribution], colour = markColour(s, row);
        var mark = new Atlas.Mark([row.lat, row.lon], {
          radius: 7 * (attr.style.scale || 1), color: attr.style.stroke || colour, weight: attr.style.weight,
          dashArray: attr.style.dash, fillColor: colour, fillMode: attr.style.fill, ring: attr.style.ring,
          cross: attr.style.cross, incident: data.detail ? data.detail.id[index] : index, view: data.view, index: index,
          // A changed mark's badge is part of its sprite: one batch per style and change.
          change: Atlas.changeKind(s, row), batch: row.crime * 16 + row.attribution + (row.change || 0) * 65536,
          offset: ring ? [ring * Math.cos(angle), ring * Math.sin(angle)] : [0, 0]
        });
        this.addLayer(mark);
        this.marks[index] = mark;
      }, this);
    },

    onAdd: function (map) {
      L.FeatureGroup.prototype.onAdd.call(this, map);
      if (!this.data.detail) { this._stop = Atlas.fromApp("atlas_record", L.bind(this._record, this)); }
      Atlas.drawn("atlas-drawn");
    },

    onRemove: function (map) {
      if (this._stop) { this._stop(); }
      L.FeatureGroup.prototype.onRemove.call(this, map);
    },

    _record: function (sent) {
      /* A large view's clicked incident, its full record sent by the app: into its open popup. */
      if (!sent || sent.view !== this.data.view || !this.marks[sent.index]) { return; }
      var data = this.data, index = sent.index, mark = this.marks[index];
      data.records = data.records || {};
      data.records[index] = sent.record;
      if (mark.getPopup()) { mark.setPopupContent(popup(data, this.rows[index], index)); }
    },

    _hover: function (e) {
      var layer = e.layer, data = this.data, rows = this.rows;
      if (!(layer instanceof Atlas.Mark) || layer.getTooltip()) { return; }
      var index = layer.options.index;
      layer.bindTooltip(function () { return tooltip(data, rows[index], index); }, { direction: "top", offset: [0, -6] }).openTooltip();
    },

    open: function (mark) {
      /* The incident's popup, made on first use. */
      if (!(mark instanceof Atlas.Mark)) { return; }
      var data = this.data, rows = this.rows, index = mark.options.index;
      if (!mark.getPopup()) {
        // On a narrow map (a phone, an article column) the popup is nearly the map's width: it opens
        // below the zoom and "Whole map" buttons, which covered its title, and no wider than the map
        // leaves, or its close button went past the right edge. A wide map keeps Leaflet's padding.
        var width = this._map.getSize().x, room = Math.max(180, width - 60);
        mark.bindPopup(function () { return popup(data, rows[index], index); }, {
          maxWidth: Math.min(320, room), minWidth: Math.min(220, room),
          autoPanPaddingTopLeft: width < 640 ? L.point(10, 130) : L.point(5, 5)
        });
      }
      mark.openPopup();
    }
  });
})(window.L && L.Atlas);
