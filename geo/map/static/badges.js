/* A changed mark's badge (geo/style/badges.py): a white disc with the change's arrow, from strokes
 * in a 20-unit box. Painted on the canvas beside a mark, as an SVG in the legend, and the legend's
 * section naming each kind of change with its count.
 */
(function (Atlas) {
  "use strict";
  if (!Atlas) { return; }
  var inks = Atlas.inks;

  Atlas.BADGE_RADIUS = 6.5;

  Atlas.paintBadge = function (ctx, x, y, radius, kind) {
    var badge = kind.badge, k = radius / badge.disc;
    ctx.setLineDash([]);
    ctx.beginPath(); ctx.arc(x, y, radius, 0, Math.PI * 2, false);
    ctx.fillStyle = inks.paper; ctx.fill();
    ctx.lineWidth = badge.edge * k; ctx.strokeStyle = kind.ink; ctx.stroke();
    ctx.beginPath();
    kind.strokes.forEach(function (stroke) {
      stroke.forEach(function (p, i) {
        var px = x + (p[0] - 10) * k, py = y + (p[1] - 10) * k;
        if (i === 0) { ctx.moveTo(px, py); } else { ctx.lineTo(px, py); }
      });
    });
    ctx.lineWidth = badge.arrow * k; ctx.lineCap = "round"; ctx.lineJoin = "round"; ctx.stroke();
  };

  Atlas.badgeSample = function (changes, strokes, size) {
    /* A kind's badge as the legend shows it; a newly linked incident's plain mark. */
    var svg = Atlas.svg(size), badge = changes.badge;
    if (!strokes.length) {
      Atlas.shape(svg, "circle", { cx: 10, cy: 10, r: badge.plain.radius, fill: inks.paper, stroke: changes.ink,
        "stroke-width": badge.plain.edge });
      return svg;
    }
    Atlas.shape(svg, "circle", { cx: 10, cy: 10, r: badge.disc, fill: inks.paper, stroke: changes.ink, "stroke-width": badge.edge });
    strokes.forEach(function (stroke) {
      Atlas.shape(svg, "polyline", { points: stroke.map(function (p) { return p[0] + "," + p[1]; }).join(" "),
        fill: "none", stroke: changes.ink, "stroke-width": badge.arrow, "stroke-linecap": "round", "stroke-linejoin": "round" });
    });
    return svg;
  };

  Atlas.changeKind = function (styles, row) {
    /* The change a mark carries, with what its badge needs; null when the view is not of changes. */
    if (!row.change || !styles.changes) { return null; }
    var changes = styles.changes, kind = changes.kinds[row.change - 1];
    if (!kind.strokes.length) { return null; }
    return { key: kind.key, strokes: kind.strokes, ink: changes.ink, badge: changes.badge };
  };

  Atlas.changeLine = function (styles, row) {
    /* "↑ Firmer: Law enforcement says → Charged" */
    if (!row.change || !styles.changes) { return ""; }
    var kind = styles.changes.kinds[row.change - 1];
    var then = row.then ? styles.attribution[row.then - 1].label : "not yet linked";
    return kind.arrow + " " + kind.label + ": " + then + " \u2192 " + styles.attribution[row.attribution].label;
  };

  Atlas.changesSection = function (changes, counted) {
    /* The legend's section of a view of changes: each badge with its count. */
    var block = Atlas.el("div", "atlas-legend-block atlas-changes-legend");
    block.appendChild(Atlas.el("h4", null, changes.title));
    changes.rows.forEach(function (kind) {
      var row = Atlas.el("div", "atlas-legend-row");
      row.appendChild(Atlas.badgeSample(changes, kind.strokes, 18));
      row.appendChild(Atlas.el("span", null, kind.text));
      block.appendChild(row);
    });
    block.appendChild(Atlas.el("div", "atlas-legend-note", changes.note));
    if (counted) { block.appendChild(Atlas.el("div", "atlas-legend-note", changes.cellsNote)); }
    return block;
  };
})(window.L && L.Atlas);
