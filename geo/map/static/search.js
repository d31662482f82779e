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

  function counted(name, n) {
    return name + " \u2014 " + Atlas.number(n) + " incident" + (n === 1 ? "" : "s");
  }

  Atlas.Search = L.Layer.extend({
    /* ``form``: the page's search form, with its input and a results box. Places come first (states,
       then places on the map with their counts), then incidents; Enter chooses the first. */
    initialize: function (form) { this.form = form; this.results = []; },

    onAdd: function (map) {
      var form = this.form, input = form.querySelector("input"), self = this;
      this.out = form.querySelector(".snap-search-results");
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        self.search(input.value);
        if (self.results.length) { self.choose(self.results[0]); }
      });
      input.addEventListener("input", function () { self.search(input.value); });
    },

    onRemove: function () {},

    search: function (raw) {
      var text = raw.trim().toLowerCase(), map = this._map, found = points(map);
      if (text.length < 2) { this.results = []; this.out.textContent = ""; return; }
      var states = Atlas.layerOf(map, Atlas.States), places = {}, incidents = [], results = [];
      Object.keys(states ? states.byCode : {}).forEach(function (code) {
        var name = states.byCode[code].feature.properties.name;
        if (name.toLowerCase().indexOf(text) !== -1 || code.toLowerCase() === text) {
          results.push({ label: name, bounds: states.byCode[code].getBounds(), state: true });
        }
      });
      for (var i = 0; found && i < found.rows.length; i++) {
        var d = Atlas.detailOf(found.data, i);  // the place as written, without the note on centres
        if (!d) { continue; }
        if (d.place && d.place.toLowerCase().indexOf(text) !== -1) {
          (places[d.place] = places[d.place] || []).push(found.marks[i].getLatLng());
        }
        var words = [d.brief ? "" : d.title, d.brief ? "" : d.id].join(" ").toLowerCase();
        if (incidents.length < 8 && (words.indexOf(text) !== -1 || (d.place || "").toLowerCase().indexOf(text) !== -1)) {
          var label = d.brief ? found.data.styles.crime[found.rows[i].crime].label : d.title;
          incidents.push({ label: label + " \u2014 " + d.place, mark: found.marks[i] });
        }
      }
      Object.keys(places).sort(function (a, b) { return places[b].length - places[a].length; }).slice(0, 4)
        .forEach(function (place) { results.push({ label: counted(place, places[place].length), bounds: L.latLngBounds(places[place]) }); });
      this.results = results.slice(0, 6).concat(incidents).slice(0, 10);
      this._show(raw.trim());
    },

    choose: function (result) {
      var map = this._map, found = Atlas.layerOf(map, Atlas.Found);
      this.out.textContent = "";  // chosen: the list closes, off the map
      if (result.bounds) {
        map.fitBounds(result.bounds, Atlas.fitOptions(map));
        if (found) { found.show(result.state ? null : { lat: result.bounds.getCenter().lat, lon: result.bounds.getCenter().lng, label: result.label, kind: "place" }); }
        return;
      }
      if (found) { found.show({ lat: result.mark.getLatLng().lat, lon: result.mark.getLatLng().lng, label: result.label, kind: "incident" }); }
      map.setView(result.mark.getLatLng(), 11);
      map.getContainer().scrollIntoView({ block: "nearest" });
      setTimeout(function () { result.mark.open(); }, 400);
    },

    _show: function (text) {
      var out = this.out, self = this;
      out.textContent = "";
      if (!this.results.length) { out.appendChild(el("p", null, "Nothing on this map matches \u201c" + text + "\u201d.")); return; }
      var list = el("ul");
      this.results.forEach(function (result) {
        var item = el("li"), button = el("button", null, result.label);
        button.type = "button";
        button.addEventListener("click", function () { self.choose(result); });
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
