/* Incident Atlas map runtime: what every concept below shares.
 *
 * Each concept is a Leaflet class in its own file (L.Atlas.States, L.Atlas.Legend, ...), keeping its
 * state on itself; they talk through map events ("atlas:..."), never through state hung on the map.
 * Every piece of text from the data reaches the page through textContent or attribute setters, never
 * through innerHTML, so a hostile string stays text. Links are made only for http(s) URLs. Colours
 * come from the style package (L.Atlas.inks, written before this file); none is written here.
 */
(function (Atlas) {
  "use strict";
  // Without Leaflet (blocked, offline) the page shows its picture instead: nothing here can run.
  if (!Atlas) { return; }

  var NS = "http://www.w3.org/2000/svg";
  Atlas.CODES = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  // Below this map width the controls over the map fold (the legend to its button, playback to one
  // line), and a reader's page holds the legend below the map.
  Atlas.FOLD_BELOW = 800;

  Atlas.el = function (tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null && text !== "") { node.textContent = String(text); }
    return node;
  };

  Atlas.safeUrl = function (text) {
    if (!text) { return null; }
    try {
      var url = new URL(String(text));
      return (url.protocol === "http:" || url.protocol === "https:") ? url.href : null;
    } catch (e) {
      return null;
    }
  };

  Atlas.svg = function (size) {
    /* A 20-unit picture for legends; ``shape`` adds to it. */
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("width", size); svg.setAttribute("height", size);
    svg.setAttribute("viewBox", "0 0 20 20"); svg.setAttribute("aria-hidden", "true");
    return svg;
  };

  Atlas.shape = function (svg, tag, attributes) {
    var node = document.createElementNS(NS, tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    svg.appendChild(node);
    return node;
  };

  Atlas.swatch = function (colour, border) {
    var s = Atlas.el("span", "atlas-swatch");
    s.style.background = colour;
    if (border) { s.style.borderColor = border; }
    return s;
  };

  Atlas.number = function (n) { return n.toLocaleString("en-US"); };

  Atlas.percent = function (n, total) {
    var share = 100 * n / total;
    return share > 0 && share < 1 ? "<1%" : Math.round(share) + "%";
  };

  Atlas.decodePolyline = function (text, factor) {
    /* Google's encoded polyline format: points travel at about a quarter of GeoJSON's size. */
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
  };

  Atlas.layerOf = function (map, Class) {
    /* The map's first layer of this class: how one concept finds another it works with. */
    var found = null;
    if (map) { map.eachLayer(function (layer) { if (!found && layer instanceof Class) { found = layer; } }); }
    return found;
  };

  Atlas.covered = function (map) {
    /* What lies over the map (the legend in its corner, the playback control along the bottom):
       each control that covers part of the map answers "atlas:covered" with its box and the edge
       it sits on. */
    var answer = { boxes: [] };
    map.fire("atlas:covered", { answer: answer });  // Leaflet hands listeners a copy: they fill ``answer``
    return answer.boxes;
  };

  Atlas.fitOptions = function (map) {
    /* Keep what we fit clear of the controls over the map, where the map has room beside them. */
    var size = map.getSize(), right = 0, bottom = 0;
    Atlas.covered(map).forEach(function (covered) {
      var box = covered.box;
      if (covered.edge === "right" && size.x > 2.2 * box.width) { right = Math.max(right, box.width + 12); }
      if (covered.edge === "bottom" && size.y > 3 * box.height) { bottom = Math.max(bottom, box.height + 12); }
    });
    // The attribution and the scale bar sit in the bottom corners: no mark under them either.
    var small = map.getContainer().querySelectorAll(".leaflet-control-attribution, .leaflet-control-scale");
    Array.prototype.forEach.call(small, function (node) { bottom = Math.max(bottom, node.offsetHeight); });
    return { paddingTopLeft: [12, 12], paddingBottomRight: [right + 12, bottom + 12], maxZoom: 8 };
  };

  Atlas.holdIn = function (control, holder) {
    /* Moves a control out of the map into ``holder`` (a reader's narrow page), or back to its corner
       (``holder`` null). Returns whether it is now outside the map. */
    var box = control.getContainer(), corner = control._map && control._map._controlCorners[control.options.position];
    var target = holder || corner;
    if (box && target && box.parentNode !== target) { target.appendChild(box); }
    return !!holder;
  };

  Atlas.fromApp = function (name, then) {
    /* Calls ``then`` with the app's ``name`` argument each time the app draws this map (Streamlit's
       render message, which streamlit-folium reads too); returns what stops listening. In a reader's
       page no message comes. */
    function heard(event) {
      var data = event.data;
      if (data && data.type === "streamlit:render" && data.args) { then(data.args[name] || null); }
    }
    window.addEventListener("message", heard);
    return function () { window.removeEventListener("message", heard); };
  };

  Atlas.clicked = function (layer) {
    /* Tells the app at once which layer was clicked (the renderer calls it for every click).
       streamlit-folium reports a click a quarter of a second late (it waits for the map to settle)
       and only when what it would send has changed; sent here first, with what it keeps as sent, its
       own report finds nothing new. Only for the app's maps, which return the last clicked feature
       alone; in a reader's page there is no app. */
    var shared = window.__GLOBAL_DATA__, wanted = shared && shared.returned_objects;
    if (!wanted || wanted.length !== 1 || wanted[0] !== "last_active_drawing" || window.parent === window) { return; }
    var value = { last_active_drawing: layer.toGeoJSON() };
    if (JSON.stringify(shared.previous_data) === JSON.stringify(value)) { return; }
    shared.previous_data = value;
    window.parent.postMessage({ isStreamlitMessage: true, type: "streamlit:setComponentValue", value: value, dataType: "json" }, "*");
  };

  Atlas.whenStyled = function (node, then) {
    /* Runs ``then`` once our stylesheet applies to ``node``, if it did not yet (atlas.css marks it). */
    var styled = function () { return getComputedStyle(node).getPropertyValue("--atlas-styled").trim() !== ""; };
    if (styled()) { return; }
    var tries = 0, timer = setInterval(function () {
      tries += 1;
      if (styled()) { clearInterval(timer); then(); } else if (tries > 200) { clearInterval(timer); }
    }, 20);
  };

  Atlas.drawn = function (name) {
    /* A mark for tools and benchmarks: what was drawn is on the canvas after the next frame. */
    requestAnimationFrame(function () { performance.mark(name); });
  };
})(window.L && L.Atlas);
