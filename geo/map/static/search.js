/* A reader's routes to each incident without a mouse: the page's search box (incidents by title,
 * id or place, as far as the page carries them, and states) and the list of every incident, each
 * able to show its incident on the map.
 */
(function (Atlas) {
  "use strict";
  if (!Atlas) { return; }
  var el = Atlas.el;

  function points(map) {
    var incidents = Atlas.layerOf(map, Atlas.Incidents);
    return incidents && incidents.points();
  }

  function showIncident(map, mark, zoom) {
    map.setView(mark.getLatLng(), zoom);
    map.getContainer().scrollIntoView({ block: "nearest" });
  }

  Atlas.Search = L.Layer.extend({
    /* ``form``: the page's search form, with its input and a results box. */
    initialize: function (form) { this.form = form; },

    onAdd: function (map) {
      var form = this.form, input = form.querySelector("input"), self = this;
      this.out = form.querySelector(".snap-search-results");
      form.addEventListener("submit", function (event) { event.preventDefault(); self.search(input.value); });
      input.addEventListener("input", function () { self.search(input.value); });
    },

    onRemove: function () {},

    search: function (raw) {
      var text = raw.trim().toLowerCase(), results = [], map = this._map, found = points(map);
      if (text.length < 2) { this.out.textContent = ""; return; }
      if (found) {
        for (var i = 0; i < found.rows.length && results.length < 8; i++) {
          var d = Atlas.detailOf(found.data, i, found.rows[i]);
          var words = d ? [d.brief ? "" : d.title, d.brief ? "" : d.id, d.place].join(" ").toLowerCase() : "";
          if (words.indexOf(text) !== -1) {
            var label = d.brief ? found.data.styles.crime[found.rows[i].crime].label : d.title;
            results.push({ label: label + " \u2014 " + d.place, mark: found.marks[i] });
          }
        }
      }
      var states = Atlas.layerOf(map, Atlas.States);
      Object.keys(states ? states.byCode : {}).forEach(function (code) {
        var name = states.byCode[code].feature.properties.name;
        if (results.length < 10 && (name.toLowerCase().indexOf(text) !== -1 || code.toLowerCase() === text)) {
          results.push({ label: name, bounds: states.byCode[code].getBounds() });
        }
      });
      this._show(results, raw.trim());
    },

    _show: function (results, text) {
      var out = this.out, map = this._map;
      out.textContent = "";
      if (!results.length) { out.appendChild(el("p", null, "Nothing on this map matches \u201c" + text + "\u201d.")); return; }
      var list = el("ul");
      results.forEach(function (result) {
        var item = el("li"), button = el("button", null, result.label);
        button.type = "button";
        button.addEventListener("click", function () {
          if (result.bounds) { map.fitBounds(result.bounds, Atlas.fitOptions(map)); return; }
          showIncident(map, result.mark, 11);
          setTimeout(function () { result.mark.open(); }, 400);
        });
        item.appendChild(button);
        list.appendChild(item);
      });
      out.appendChild(list);
    }
  });

  Atlas.IncidentList = L.Layer.extend({
    /* The keyboard and screen-reader route to every incident: a table in ``container``. */
    initialize: function (container) { this.container = container; },

    onAdd: function (map) {
      var found = points(map);
      if (!found || !this.container || !found.data.detail) { return; }
      var data = found.data, rated = data.styles.rated, table = el("table"), head = el("tr"), thead = el("thead");
      ["Incident", rated ? "Attribution" : null, "Date", "Place", ""].forEach(function (name) {
        if (name !== null) { head.appendChild(el("th", null, name)); }
      });
      thead.appendChild(head); table.appendChild(thead);
      var body = el("tbody");
      found.rows.forEach(function (rowData, i) {
        var detail = Atlas.detailOf(data, i), row = el("tr");
        row.appendChild(el("td", null, detail.title));
        if (rated) { row.appendChild(el("td", null, data.styles.attribution[rowData.attribution].label)); }
        row.appendChild(el("td", null, detail.date));
        row.appendChild(el("td", null, detail.place));
        var cell = el("td"), button = el("button", null, "Show on map");
        button.type = "button";
        button.addEventListener("click", function () {
          var mark = found.marks[i];
          showIncident(map, mark, Math.max(map.getZoom(), 8));
          mark.open();
          map.getContainer().focus();
        });
        cell.appendChild(button);
        row.appendChild(cell);
        body.appendChild(row);
      });
      table.appendChild(body);
      this.container.appendChild(table);
    },

    onRemove: function () {}
  });
})(window.L && L.Atlas);
