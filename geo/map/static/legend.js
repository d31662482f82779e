/* The map's legend (geo/style/legend.py): the state shading, then, while shown, the discs' and the
 * changes' sections, the attribution levels, crime types and the halo. A control in the map's corner,
 * folded on a narrow map; a reader's page may hold it below the map instead (L.Atlas.ReaderPage).
 */
(function (Atlas) {
  "use strict";
  if (!Atlas) { return; }
  var el = Atlas.el, inks = Atlas.inks;

  function choroplethSection(node, spec) {
    node.textContent = "";
    node.appendChild(el("h4", null, spec.measure));
    var row = el("div", "atlas-legend-classes");
    spec.legend.forEach(function (entry) {
      var item = el("span", "atlas-legend-row");
      item.appendChild(Atlas.swatch(entry.colour, inks.swatchEdge));
      item.appendChild(el("span", null, entry.label));
      row.appendChild(item);
    });
    var none = el("span", "atlas-legend-row");
    none.appendChild(Atlas.swatch(spec.noValueColour, inks.swatchEdge));
    none.appendChild(el("span", null, spec.noValueLabel));
    row.appendChild(none);
    node.appendChild(row);
  }

  function levelsSection(spec) {
    var levels = el("div", "atlas-legend-block");
    if (!spec.attribution.length) {
      // Data that rates no link says so once, instead of listing levels it does not use.
      levels.appendChild(el("div", "atlas-legend-note", spec.unratedNote));
      return levels;
    }
    levels.appendChild(el("h4", null, spec.attributionTitle));
    spec.attribution.forEach(function (level) {
      var row = el("div", "atlas-legend-row");
      row.title = level.definition;
      row.appendChild(Atlas.markSample(level.style, level.colour || spec.sample, 18));
      row.appendChild(el("span", null, level.label));
      levels.appendChild(row);
    });
    return levels;
  }

  function typesSection(spec) {
    var types = el("div", "atlas-legend-block");
    types.appendChild(el("h4", null, spec.crimeTitle));
    spec.crimeTypes.forEach(function (type) {
      var row = el("div", "atlas-legend-row");
      row.appendChild(Atlas.swatch(type.colour, type.colour));
      row.lastChild.classList.add("atlas-dot");
      row.appendChild(el("span", null, type.label));
      types.appendChild(row);
    });
    return types;
  }

  function haloSection(spec) {
    var place = el("div", "atlas-legend-block atlas-place"), row = el("div", "atlas-legend-row");
    row.appendChild(el("span", "atlas-halo"));
    row.appendChild(el("span", null, spec.haloLabel));
    place.appendChild(row);
    return place;
  }

  Atlas.Legend = L.Control.extend({
    options: { position: "topright" },

    initialize: function (spec, options) {
      L.setOptions(this, options);
      this.spec = spec;
      this.outside = false;
    },

    onAdd: function (map) {
      var box = el("section", "atlas-legend"), toggle = el("button", "atlas-legend-toggle", "Legend"), self = this;
      box.setAttribute("aria-label", "Map legend");
      toggle.type = "button";
      toggle.setAttribute("aria-expanded", "true");
      toggle.addEventListener("click", function () { self.open(self.body.hidden); });
      this.box = box;
      this.toggle = toggle;
      this.body = el("div", "atlas-legend-body");
      this.choropleth = el("div", "atlas-legend-block atlas-choropleth");
      this.body.appendChild(this.choropleth);
      this.body.appendChild(levelsSection(this.spec));
      if (this.spec.crimeTypes.length) { this.body.appendChild(typesSection(this.spec)); }
      this.body.appendChild(haloSection(this.spec));
      box.appendChild(toggle);
      box.appendChild(this.body);
      var states = Atlas.layerOf(map, Atlas.States);
      if (states && states.shown) { choroplethSection(this.choropleth, states.shown); }
      // On a map narrower than FOLD_BELOW the legend starts folded, so the map itself stays visible.
      if (map.getSize().x < Atlas.FOLD_BELOW) { this.open(false); }
      map.on("resize", this.fit, this);
      map.on("atlas:choropleth", this._choropleth, this);
      map.on("atlas:cells", this._cells, this);
      map.on("atlas:changes", this._changes, this);
      map.on("atlas:covered", this._covered, this);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    },

    onRemove: function (map) {
      map.off("resize", this.fit, this);
      map.off("atlas:choropleth", this._choropleth, this);
      map.off("atlas:cells", this._cells, this);
      map.off("atlas:changes", this._changes, this);
      map.off("atlas:covered", this._covered, this);
    },

    addTo: function (map) {
      L.Control.prototype.addTo.call(this, map);
      this.fit();
      // The home view leaves room for the legend, measured once our stylesheet (a file) applies.
      var states = Atlas.layerOf(map, Atlas.States);
      if (states) {
        states.fitHome(false);
        Atlas.whenStyled(this.box, function () { states.refitHome(); });
      }
      return this;
    },

    open: function (open) {
      this.body.hidden = !open;
      this.box.classList.toggle("atlas-collapsed", !open);
      this.toggle.setAttribute("aria-expanded", String(open));
    },

    fit: function () {
      /* The legend scrolls inside the map rather than running past its bottom edge. */
      if (!this._map) { return; }
      this.body.style.maxHeight = this.outside ? "none" : Math.max(this._map.getSize().y - 80, 120) + "px";
    },

    holdIn: function (holder) {
      /* Below the map (a reader's narrow page), open; ``null`` returns it to the map's corner. */
      this.outside = Atlas.holdIn(this, holder);
      if (holder) { this.open(true); }
      this.fit();
    },

    _covered: function (e) {
      if (!this.outside && !this.body.hidden && this.box.offsetWidth) {
        e.answer.boxes.push({ box: this.box.getBoundingClientRect(), edge: "right" });
      }
    },

    _choropleth: function (e) { choroplethSection(this.choropleth, e.spec); },

    _section: function (name, block) {
      /* Sections that come and go sit first after the state shading: what the reader sees first. */
      var old = this.body.querySelector("." + name);
      if (old) { old.parentNode.removeChild(old); }
      if (block) { this.choropleth.parentNode.insertBefore(block, this.choropleth.nextSibling); }
    },

    _cells: function (e) {
      if (!e.cells) { this._section("atlas-cells-legend", null); return; }
      if (!this.body.querySelector(".atlas-cells-legend")) { this._section("atlas-cells-legend", Atlas.discSection(e.cells)); }
      Atlas.fillSizeKey(this.body.querySelector(".atlas-size-key"), e.sizes, e.month);
    },

    _changes: function (e) {
      this._section("atlas-changes-legend", e.changes ? Atlas.changesSection(e.changes, e.counted) : null);
    }
  });
})(window.L && L.Atlas);
