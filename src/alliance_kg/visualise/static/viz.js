/* alliance-kg viz: draws the JSON in #akg-data with vis-network.
 * Every string from the graph reaches the page through textContent, an attribute set by
 * property, or the canvas; never as markup: this file never assigns HTML strings to the DOM. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("akg-data").textContent);
  // each node and edge travels without the values most have (data.nodeDefaults, edgeDefaults)
  function whole(list, defaults) {
    var keys = Object.keys(defaults);
    return list.map(function (item) {
      var out = {};
      keys.forEach(function (k) {
        var v = defaults[k];
        out[k] = Array.isArray(v) ? v.slice() : v !== null && typeof v === "object" ? Object.assign({}, v) : v;
      });
      return Object.assign(out, item);
    });
  }
  data.nodes = whole(data.nodes, data.nodeDefaults || {});
  data.edges = whole(data.edges, data.edgeDefaults || {});
  var parsedAt = performance.now();
  var SVGNS = "http://www.w3.org/2000/svg";
  var state = { hiddenClasses: new Set(), hiddenNations: new Set(), visible: new Set() };
  // parsedAt: ms since the page started loading until its data was read (startedAt, readyAt below)
  var api = { ready: false, data: data, parsedAt: parsedAt };
  window.allianceKG = api;

  // --- small DOM helpers (text only) ----------------------------------------------------
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }
  function swatch(shape, colour, size) {
    var s = size || 14, h = s / 2, svg = document.createElementNS(SVGNS, "svg");
    svg.setAttribute("width", s);
    svg.setAttribute("height", s);
    svg.setAttribute("viewBox", "0 0 " + s + " " + s);
    svg.setAttribute("class", "akg-swatch");
    var shapeEl, pts;
    function poly(points) {
      var p = document.createElementNS(SVGNS, "polygon");
      p.setAttribute("points", points.map(function (xy) { return xy.join(","); }).join(" "));
      return p;
    }
    function ring(n, r0, r1, rot) {
      var out = [];
      for (var i = 0; i < n; i++) {
        var a = rot + (Math.PI * i) / (n / 2), r = r1 !== null && i % 2 ? r1 : r0;
        out.push([h + r * Math.cos(a), h + r * Math.sin(a)]);
      }
      return out;
    }
    if (shape === "square") {
      shapeEl = document.createElementNS(SVGNS, "rect");
      shapeEl.setAttribute("x", 1.5); shapeEl.setAttribute("y", 1.5);
      shapeEl.setAttribute("width", s - 3); shapeEl.setAttribute("height", s - 3);
    } else if (shape === "diamond") {
      shapeEl = poly([[h, 0.5], [s - 0.5, h], [h, s - 0.5], [0.5, h]]);
    } else if (shape === "triangle") {
      shapeEl = poly([[h, 1], [s - 1, s - 2], [1, s - 2]]);
    } else if (shape === "triangleDown") {
      shapeEl = poly([[1, 2], [s - 1, 2], [h, s - 1]]);
    } else if (shape === "hexagon") {
      pts = ring(6, h - 0.5, null, 0); shapeEl = poly(pts);
    } else if (shape === "star") {
      pts = ring(10, h - 0.2, h * 0.45, -Math.PI / 2); shapeEl = poly(pts);
    } else {
      shapeEl = document.createElementNS(SVGNS, "circle");
      shapeEl.setAttribute("cx", h); shapeEl.setAttribute("cy", h); shapeEl.setAttribute("r", h - 1.5);
    }
    shapeEl.setAttribute("fill", colour);
    svg.appendChild(shapeEl);
    return svg;
  }
  function lineSwatch(colour, dash, width) {
    var svg = document.createElementNS(SVGNS, "svg"), line = document.createElementNS(SVGNS, "line");
    svg.setAttribute("width", 28); svg.setAttribute("height", 10); svg.setAttribute("class", "akg-swatch");
    line.setAttribute("x1", 1); line.setAttribute("y1", 5); line.setAttribute("x2", 27); line.setAttribute("y2", 5);
    line.setAttribute("stroke", colour); line.setAttribute("stroke-width", width || 2);
    if (dash) line.setAttribute("stroke-dasharray", dash);
    svg.appendChild(line);
    return svg;
  }

  // --- data -------------------------------------------------------------------------------
  var nodes = new vis.DataSet(data.nodes);
  // edge labels are placed with the node labels (below), so vis-network draws none of them
  var edgeText = {}, defaultEdgeLabels = [];
  var edges = new vis.DataSet(data.edges.map(function (e) {
    edgeText[e.id] = e.propertyLabel;
    if (!e.label) return e;
    defaultEdgeLabels.push(e);
    var copy = Object.assign({}, e);
    delete copy.label;
    return copy;
  }));
  function nodeShown(n) {
    return !state.hiddenClasses.has(n.core) && !state.hiddenNations.has(n.nation);
  }
  var nodeView = new vis.DataView(nodes, { filter: nodeShown });
  var edgeView = new vis.DataView(edges, {
    filter: function (e) { return state.visible.has(e.from) && state.visible.has(e.to); },
  });
  function refresh() {
    state.visible = new Set(nodeView.getIds());
    edgeView.refresh();
    counts.textContent = state.visible.size + " of " + nodes.length + " nodes · " +
      edgeView.length + " of " + edges.length + " edges";
  }
  var counts = document.getElementById("akg-counts");
  state.visible = new Set(nodes.getIds());

  // --- legend and filters ---------------------------------------------------------------------
  function checkRow(box, labelText, count, set, key, lead) {
    var row = el("label", null, "akg-row"), cb = document.createElement("input");
    cb.type = "checkbox";
    cb.checked = true;
    cb.value = key;
    cb.addEventListener("change", function () {
      if (cb.checked) set.delete(key); else set.add(key);
      nodeView.refresh();
      refresh();
    });
    row.appendChild(cb);
    if (lead) row.appendChild(lead);
    row.appendChild(el("span", labelText, "akg-name"));
    row.appendChild(el("span", count, "akg-count"));
    box.appendChild(row);
    return cb;
  }
  var classBox = document.getElementById("akg-classes");
  var nationBox = document.getElementById("akg-nations");
  var classBoxes = {}, nationBoxes = {};
  data.classes.forEach(function (c) {
    var name = c.name === "Nation" ? "Nation (anchor)" : c.name;
    classBoxes[c.name] = checkRow(classBox, name, c.count, state.hiddenClasses, c.name,
      swatch(c.shape, c.color));
  });
  data.nations.forEach(function (n) {
    nationBoxes[n.name] = checkRow(nationBox, n.name, n.count, state.hiddenNations, n.name, null);
  });
  var edgeBox = document.getElementById("akg-edge-legend");
  [
    ["asserted (hover for evidence)", lineSwatch(data.edgeStyles.asserted, null, 1.5)],
    ["hedged in the text", lineSwatch(data.edgeStyles.hedged, "2 3", 2)],
    ["inferred (no evidence)", lineSwatch(data.edgeStyles.asserted, "7 4", 1.5)],
  ].concat(data.highlighting ? [
    ["shortest path", lineSwatch(data.edgeStyles.path, null, 5)],
    ["other paths", lineSwatch(data.edgeStyles.otherPath, null, 3)],
  ] : [])
    .forEach(function (pair) {
      var row = el("div", null, "akg-row");
      row.appendChild(pair[1]);
      row.appendChild(el("span", pair[0], "akg-name"));
      edgeBox.appendChild(row);
    });

  // --- tooltip / info content -----------------------------------------------------------------
  function field(box, name, value) {
    if (value === null || value === undefined || value === "" ||
        (Array.isArray(value) && value.length === 0)) return;
    var row = el("div", null, "akg-field");
    row.appendChild(el("span", name + ": ", "akg-key"));
    row.appendChild(el("span", Array.isArray(value) ? value.join("; ") : value));
    box.appendChild(row);
  }
  // an edge's evidence: rows of indexes into data.texts (each sentence travels once), read back
  // as {document, sentence, quote, start, end, note} when a tooltip or panel shows them
  function text(i) { return i === null || i === undefined ? null : data.texts[i]; }
  function evidenceOf(e) {
    return (e.evidence || []).map(function (r) {
      return { document: text(r[0]), sentence: text(r[1]), quote: text(r[2]), start: r[3], end: r[4], note: text(r[5]) };
    });
  }
  api.evidence = evidenceOf;
  function evidence(box, list, limit) {
    if (!list || !list.length) return;
    var shown = limit ? list.slice(0, limit) : list;
    shown.forEach(function (ev) {
      var q = el("blockquote", null, "akg-evidence"), s = ev.sentence || ev.quote || "";
      var at = ev.quote ? s.indexOf(ev.quote) : -1;
      if (at >= 0) {
        q.appendChild(document.createTextNode(s.slice(0, at)));
        q.appendChild(el("mark", ev.quote));
        q.appendChild(document.createTextNode(s.slice(at + ev.quote.length)));
      } else {
        q.appendChild(document.createTextNode(s));
      }
      var src = (ev.document || "unknown document") +
        (ev.start !== null && ev.start !== undefined ? ", chars " + ev.start + "–" + ev.end : "");
      q.appendChild(el("cite", src));
      if (ev.note) q.appendChild(el("div", "note: " + ev.note, "akg-flag"));
      box.appendChild(q);
    });
    if (shown.length < list.length) box.appendChild(el("div", "+ " + (list.length - shown.length) + " more (click)", "akg-more"));
  }
  function describeNode(id, box, full) {
    var n = nodes.get(id);
    box.appendChild(el("div", n.label, "akg-head"));
    field(box, "class", n.cls && n.cls !== n.core ? n.cls + " (" + n.core + ")" : n.core);
    if (n.nation !== "(no nation)") field(box, "nation", n.nation);
    field(box, "aliases", n.aliases);
    field(box, "amount", n.amount);
    field(box, "documents", n.documents);
    if (full) {
      field(box, "IRI", n.iri);
      var links = edges.get({ filter: function (e) { return e.from === id || e.to === id; } });
      if (links.length) {
        box.appendChild(el("div", "relations (" + links.length + ")", "akg-sub"));
        var ul = el("ul", null, "akg-links");
        links.forEach(function (e) {
          var other = nodes.get(e.from === id ? e.to : e.from);
          ul.appendChild(el("li", (e.from === id ? "→ " : "← ") + e.propertyLabel + " " + other.label));
        });
        box.appendChild(ul);
      }
    }
  }
  function describeEdge(id, box, full) {
    var e = edges.get(id), a = nodes.get(e.from), b = nodes.get(e.to);
    box.appendChild(el("div", a.label + " — " + e.propertyLabel + " → " + b.label, "akg-head"));
    field(box, "property", e.property);
    if (e.via) field(box, "via", e.via);
    field(box, "amount", e.amount);
    if (e.hedged) box.appendChild(el("div", "hedged: the text qualifies this statement", "akg-flag"));
    if (e.inferred) box.appendChild(el("div", "inferred by reasoning: no evidence sentence", "akg-flag"));
    if (e.imported) box.appendChild(el("div", "imported, no sentence evidence", "akg-flag"));
    evidence(box, evidenceOf(e), full ? 0 : 2);
  }

  var tip = document.getElementById("akg-tooltip");
  function showTip(kind, id, pointer) {
    clear(tip);
    (kind === "node" ? describeNode : describeEdge)(id, tip, false);
    tip.hidden = false;
    var x = pointer.DOM.x + 14, y = pointer.DOM.y + 14;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    if (x + w > window.innerWidth - 8) x = Math.max(8, pointer.DOM.x - w - 14);
    if (y + h > window.innerHeight - 8) y = Math.max(8, window.innerHeight - h - 8);
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  function hideTip() { tip.hidden = true; }

  var info = document.getElementById("akg-info"), infoBody = document.getElementById("akg-info-body");
  function openInfo(kind, id) {
    clear(infoBody);
    (kind === "node" ? describeNode : describeEdge)(id, infoBody, true);
    info.hidden = false;
    if (info.scrollIntoView) info.scrollIntoView({ block: "nearest" });
    hideTip();
  }
  document.getElementById("akg-info-close").addEventListener("click", function () { info.hidden = true; });
  api.openInfo = openInfo;

  // --- the network ----------------------------------------------------------------------------------
  // built in `start`, after the panel, legend and "laying out…" have been painted: vis-network
  // takes seconds to build 10,000 nodes, and until then the page would show nothing at all
  function start() {
  var container = document.getElementById("akg-graph");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.options);
  api.network = network; api.nodes = nodes; api.edges = edges;
  api.nodeView = nodeView; api.edgeView = edgeView;
  refresh();

  network.on("hoverNode", function (p) { showTip("node", p.node, p.pointer); });
  network.on("blurNode", hideTip);
  network.on("hoverEdge", function (p) { showTip("edge", p.edge, p.pointer); });
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  network.on("click", function (p) {
    if (p.nodes.length) openInfo("node", p.nodes[0]);
    else if (p.edges.length) openInfo("edge", p.edges[0]);
    else info.hidden = true;
  });

  // --- fitting: the drawing, or what matters in it, fills the canvas -------------------------
  var LABEL_ROOM = { x: 90, y: 34 };  // screen pixels kept around the fitted nodes for labels
  function fitTo(ids) {
    var pos = network.getPositions(ids && ids.length ? ids : undefined), keys = Object.keys(pos);
    if (!keys.length) return;
    var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    keys.forEach(function (id) {
      var n = nodes.get(Number(id)) || {}, r = n.size || 10;
      x0 = Math.min(x0, pos[id].x - r); x1 = Math.max(x1, pos[id].x + r);
      y0 = Math.min(y0, pos[id].y - r); y1 = Math.max(y1, pos[id].y + r);
    });
    var w = container.clientWidth - 2 * LABEL_ROOM.x, h = container.clientHeight - 2 * LABEL_ROOM.y;
    var scale = Math.min(w / Math.max(x1 - x0, 1), h / Math.max(y1 - y0, 1), 1.2);
    network.moveTo({ position: { x: (x0 + x1) / 2, y: (y0 + y1) / 2 }, scale: scale, animation: false });
  }
  function fitDefault() {
    if (data.paths.length) fitTo(pathNodes(null));
    else fitTo(null);
  }
  api.fit = fitDefault;
  api.fitTo = fitTo;

  // --- node labels: most important first, never over a label already drawn ---------------------
  // vis-network draws no node label (scaling.label.drawThreshold is out of reach); this draws them
  // after each frame at a fixed screen size, so zooming in makes room for more of them.
  // budgetMs: a large graph's frame places labels for at most this long (the hubs always); a 5,000-node view
  // spent 200-350 ms a frame trying to place every label, so dragging it crawled
  var LABEL = { px: 13, hubPx: 15, maxChars: 34, max: 500, gap: 2, budgetMs: 40 };
  // while a large graph is dragged or zoomed only the hubs are named; the rest come back when
  // the view is still (`settle` redraws 200 ms after the last move)
  var moving = false, stillTimer = null;
  function settle() {
    clearTimeout(stillTimer);
    stillTimer = setTimeout(function () { moving = false; network.redraw(); }, 200);
  }
  function move() { if (data.large) { moving = true; clearTimeout(stillTimer); } }
  network.on("dragStart", move);
  network.on("dragging", move);
  network.on("dragEnd", function () { if (moving) settle(); });
  network.on("zoom", function () { move(); if (moving) settle(); });
  function rank(n) {
    if (n.anchor || n.end) return 0;
    if (n.onPath || n.focus) return 1;
    return 2;
  }
  var labelOrder = data.nodes.slice().sort(function (a, b) {
    var dimA = data.highlighting && !a.onPath ? 1 : 0, dimB = data.highlighting && !b.onPath ? 1 : 0;
    return dimA - dimB || rank(a) - rank(b) || b.size - a.size || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
  }).map(function (n) { return n.id; });
  var labelText = {}, labelWidth = {};
  data.nodes.forEach(function (n) {
    var t = String(n.label);
    labelText[n.id] = t.length > LABEL.maxChars ? t.slice(0, LABEL.maxChars - 1) + "…" : t;
  });
  var emphasis = {};  // id → label colour override while one path is selected
  function fontOf(n) {
    var hub = n.anchor || n.end;
    return (hub || n.onPath ? "600 " : "") + (hub ? LABEL.hubPx : LABEL.px) +
      'px system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif';
  }
  api.labels = [];
  // the edges whose property is named: the default ones (the shortest path's, or all in a small
  // graph), or the edges of the one path selected in the list
  var edgeOrder = defaultEdgeLabels.slice()
    .sort(function (a, b) { return (b.shortest ? 1 : 0) - (a.shortest ? 1 : 0) || a.id - b.id; });
  var EDGE_FONT = '12px system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif';
  function drawLabels(ctx) {
    var started = performance.now();
    var canvas = ctx.canvas, pr = canvas.width / Math.max(canvas.clientWidth, 1);
    var W = canvas.clientWidth, H = canvas.clientHeight, scale = network.getScale();
    var body = network.body.nodes, placed = [], grid = {}, shapes = {}, CELL = 64;
    function each(b, fn) {
      for (var gx = Math.floor(b[0] / CELL); gx <= Math.floor(b[2] / CELL); gx++) {
        for (var gy = Math.floor(b[1] / CELL); gy <= Math.floor(b[3] / CELL); gy++) {
          if (fn(gx + "," + gy)) return true;
        }
      }
      return false;
    }
    function hits(index, b, own) {
      return each(b, function (key) {
        var list = index[key] || [];
        for (var i = 0; i < list.length; i++) {
          var o = list[i];
          if (o[4] !== own && b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]) return true;
        }
        return false;
      });
    }
    function add(index, b) { each(b, function (key) { (index[key] = index[key] || []).push(b); return false; }); }
    // every node on screen is an obstacle: a label may cover no other node (hubs excepted)
    if (!moving) state.visible.forEach(function (id) {
      var bn = body[id];
      if (!bn) return;
      var d = network.canvasToDOM({ x: bn.x, y: bn.y }), r = (bn.options.size || 10) * scale;
      if (d.x < -r || d.x > W + r || d.y < -r || d.y > H + r) return;
      add(shapes, [d.x - r, d.y - r, d.x + r, d.y + r, id]);
    });
    ctx.save();
    ctx.setTransform(pr, 0, 0, pr, 0, 0);
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    // the first free spot for a label of width w and height h; draws it and records its box
    function place(key, text, font, w, h, spots, own, avoidNodes, colour) {
      var g = LABEL.gap;
      for (var s = 0; s < spots.length; s++) {
        var b = [spots[s][0] - g, spots[s][1] - g, spots[s][0] + w + g, spots[s][1] + h + g, key];
        if (b[0] < 0 || b[2] > W || b[1] < 0 || b[3] > H) continue;  // wholly on the canvas
        if (hits(grid, b, null) || (avoidNodes && hits(shapes, b, own))) continue;
        add(grid, b);
        placed.push({ id: key, text: text, x0: b[0], y0: b[1], x1: b[2], y1: b[3] });
        ctx.font = font;
        ctx.lineWidth = 3.5;
        ctx.strokeStyle = "rgba(255,255,255,0.92)";
        ctx.strokeText(text, b[0] + g + w / 2, b[1] + g);
        ctx.fillStyle = colour;
        ctx.fillText(text, b[0] + g + w / 2, b[1] + g);
        return true;
      }
      return false;
    }
    function nodeLabel(id) {
      var bn = body[id];
      if (!bn || !state.visible.has(id)) return;
      var n = data.nodes[id], d = network.canvasToDOM({ x: bn.x, y: bn.y });
      if (d.x < -200 || d.x > W + 200 || d.y < -60 || d.y > H + 60) return;
      var r = (bn.options.size || 10) * scale, font = fontOf(n);
      if (labelWidth[id] === undefined) { ctx.font = font; labelWidth[id] = ctx.measureText(labelText[id]).width; }
      var w = labelWidth[id], h = (n.anchor || n.end ? LABEL.hubPx : LABEL.px) + 2;
      // below the node, else above, right or left of it
      place(id, labelText[id], font, w, h, [
        [d.x - w / 2, d.y + r + 3], [d.x - w / 2, d.y - r - 3 - h],
        [d.x + r + 4, d.y - h / 2], [d.x - r - 4 - w, d.y - h / 2],
      ], id, rank(n) > 0, emphasis[id] || (n.font && n.font.color) || "#222222");
    }
    function edgeLabel(e) {
      var be = network.body.edges[e.id];
      if (!be || !state.visible.has(e.from) || !state.visible.has(e.to)) return;
      var a = body[e.from], b = body[e.to], mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
      try { if (be.edgeType && be.edgeType.getPoint) mid = be.edgeType.getPoint(0.5); } catch (err) { /* straight */ }
      var d = network.canvasToDOM(mid), key = "e" + e.id;
      if (labelWidth[key] === undefined) { ctx.font = EDGE_FONT; labelWidth[key] = ctx.measureText(edgeText[e.id]).width; }
      var w = labelWidth[key], h = 14;
      // beside the line, not on it: offset along the normal far enough for the whole box
      var da = network.canvasToDOM({ x: a.x, y: a.y }), db = network.canvasToDOM({ x: b.x, y: b.y });
      var dx = db.x - da.x, dy = db.y - da.y, len = Math.sqrt(dx * dx + dy * dy) || 1;
      var nx = -dy / len, ny = dx / len, off = Math.abs(nx) * w / 2 + Math.abs(ny) * h / 2 + 5;
      place(key, edgeText[e.id], EDGE_FONT, w, h, [
        [d.x + nx * off - w / 2, d.y + ny * off - h / 2], [d.x - nx * off - w / 2, d.y - ny * off - h / 2],
        [d.x - w / 2, d.y - h / 2],
      ], null, true, "#444444");
    }
    var k = 0;
    network.getSelectedNodes().forEach(nodeLabel);  // what the user picked comes first
    for (; k < labelOrder.length && rank(data.nodes[labelOrder[k]]) === 0; k++) nodeLabel(labelOrder[k]);
    function inBudget() { return !moving && (!data.large || performance.now() - started < LABEL.budgetMs); }
    for (var e = 0; e < edgeOrder.length && inBudget(); e++) edgeLabel(edgeOrder[e]);
    // the hubs first, then what the edges say, then the rest, by importance, while time lasts
    for (; k < labelOrder.length && placed.length < LABEL.max && inBudget(); k++) nodeLabel(labelOrder[k]);
    ctx.restore();
    api.labels = placed;
    api.labelMs = performance.now() - started;  // what placing the labels cost this frame
  }
  network.on("afterDrawing", drawLabels);

  // --- settling: a bounded stabilisation, then no physics at all -----------------------------------
  var loading = document.getElementById("akg-loading");
  api.startedAt = performance.now();  // data parsed and the network built: layout starts
  function done() {
    if (api.ready) return;
    network.stopSimulation();
    network.setOptions({ physics: { enabled: false } });  // the layout holds still from here on
    loading.hidden = true;
    if (nodes.length > 0) fitDefault();
    api.ready = true;
    api.readyAt = performance.now();  // ms since the page started loading: time to settle
    document.body.setAttribute("data-ready", "1");
    network.redraw();
  }
  network.on("stabilizationProgress", function (p) {
    loading.textContent = "laying out the graph… " + Math.round((100 * p.iterations) / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", done);
  network.once("stabilized", done);
  if (nodes.length === 0) done();
  else if (!data.options.physics.enabled) network.once("afterDrawing", done);  // laid out already
  else setTimeout(done, 8000);  // a bound, whatever vis-network reports

  // --- paths: the side list, one path highlighted on click --------------------------------------------
  function pathNodes(i) {
    var out = new Set();
    data.paths.forEach(function (p, j) { if (i === null || i === j) p.nodes.forEach(function (id) { out.add(id); }); });
    return Array.from(out);
  }
  var original = {
    nodes: data.nodes.map(function (n) { return { id: n.id, color: n.color, borderWidth: n.borderWidth, font: n.font }; }),
    edges: data.edges.map(function (e) { return { id: e.id, color: e.color, width: e.width, dashes: e.dashes }; }),
  };
  var selected = null, pathItems = [];
  var DIM_NODE = { background: "#eeeeee", border: "#d6d6d6" }, DIM_EDGE = "#e4e4e4";
  function selectPath(i) {
    selected = i;
    emphasis = {};
    pathItems.forEach(function (item, j) { item.classList.toggle("akg-selected", j === i); });
    allButton.hidden = i === null;
    edgeOrder = i === null ? defaultEdgeLabels.slice()
      : data.edges.filter(function (e) { return data.paths[i].edges.indexOf(e.id) >= 0; });
    if (i === null) {
      nodes.update(original.nodes);
      edges.update(original.edges);
      fitTo(pathNodes(null));
      return;
    }
    var p = data.paths[i], on = new Set(p.nodes), onEdges = new Set(p.edges);
    nodes.update(data.nodes.map(function (n) {
      if (on.has(n.id)) {
        return { id: n.id, color: { background: n.base, border: n.end ? data.edgeStyles.end : data.edgeStyles.path },
                 borderWidth: n.end ? 7 : 4, font: { color: "#222222", size: 14 } };
      }
      emphasis[n.id] = "#c4c4c4";
      return { id: n.id, color: DIM_NODE, borderWidth: 1, font: { color: "#c4c4c4", size: 14 } };
    }));
    edges.update(data.edges.map(function (e) {
      return onEdges.has(e.id)
        ? { id: e.id, color: { color: data.edgeStyles.path, highlight: data.edgeStyles.path, hover: data.edgeStyles.path },
            width: 6, dashes: e.inferred ? [12, 8] : e.hedged ? [10, 7] : false }
        : { id: e.id, color: { color: DIM_EDGE, highlight: data.edgeStyles.path, hover: data.edgeStyles.path },
            width: 1.2, dashes: e.dashes };
    }));
    fitTo(p.nodes);
  }
  api.selectPath = selectPath;
  var allButton = document.getElementById("akg-path-all");
  allButton.addEventListener("click", function () { selectPath(null); });
  function hopLine(h) {
    var line = el("div", null, "akg-hop");
    line.appendChild(el("span", h.from));
    line.appendChild(el("span", h.direction === "->" ? " —" + h.propertyLabel + "→ " : " ←" + h.propertyLabel + "— ", "akg-rel"));
    line.appendChild(el("span", h.to));
    if (h.hedged) line.appendChild(el("span", " (hedged)", "akg-flag"));
    if (h.inferred) line.appendChild(el("span", " (inferred)", "akg-flag"));
    return line;
  }
  if (data.paths.length) {
    var pathBox = document.getElementById("akg-paths"), list = document.getElementById("akg-path-list");
    var first = data.paths[0], ends = document.getElementById("akg-path-ends");
    ends.appendChild(swatch("dot", "#ffffff", 14));
    ends.lastChild.firstChild.setAttribute("stroke", data.edgeStyles.end);
    ends.lastChild.firstChild.setAttribute("stroke-width", 3);
    ends.appendChild(el("span", "ends: " + first.labels[0] + " and " + first.labels[first.labels.length - 1]));
    data.paths.forEach(function (p, i) {
      var item = el("li", null, "akg-path");
      item.tabIndex = 0;
      item.setAttribute("role", "button");
      var head = el("div", null, "akg-path-head");
      head.appendChild(el("span", (i + 1) + ". " + p.hops.length + " hop" + (p.hops.length === 1 ? "" : "s")));
      if (i === 0) head.appendChild(el("span", " · shortest, drawn boldest", "akg-key"));
      item.appendChild(head);
      var hops = el("ol", null, "akg-hops"), said = new Set();
      p.hops.forEach(function (h) {
        var li = el("li");
        li.appendChild(hopLine(h));
        if (h.sentence && !said.has(h.sentence)) {
          said.add(h.sentence);
          evidence(li, [{ sentence: h.sentence, quote: h.quote, document: h.document, start: h.start, end: h.end }], 0);
        } else if (h.sentence) {
          li.appendChild(el("div", "same sentence as above", "akg-more"));
        }
        if (h.unnamed && h.unnamed.length) li.appendChild(el("div", "the quote does not name " + h.unnamed.join(" or "), "akg-flag"));
        if (h.note) li.appendChild(el("div", "note: " + h.note, "akg-flag"));
        hops.appendChild(li);
      });
      item.appendChild(hops);
      item.addEventListener("click", function () { selectPath(selected === i ? null : i); });
      item.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); selectPath(selected === i ? null : i); }
      });
      list.appendChild(item);
      pathItems.push(item);
    });
    pathBox.hidden = false;
  }

  // --- search ---------------------------------------------------------------------------------------
  var names = document.getElementById("akg-names"), seen = new Set();
  nodes.forEach(function (n) {
    [n.label].concat(n.aliases || []).forEach(function (name) {
      if (seen.has(name) || seen.size >= 5000) return;
      seen.add(name);
      var opt = document.createElement("option");
      opt.value = name;
      names.appendChild(opt);
    });
  });
  function find(query) {
    var q = String(query).trim().toLocaleLowerCase();
    if (!q) return null;
    var all = nodes.get(), tests = [
      function (s) { return s === q; },
      function (s) { return s.indexOf(q) === 0; },
      function (s) { return s.indexOf(q) >= 0; },
    ];
    for (var t = 0; t < tests.length; t++) {
      for (var i = 0; i < all.length; i++) {
        var n = all[i], candidates = [n.label].concat(n.aliases || []);
        for (var j = 0; j < candidates.length; j++) {
          if (tests[t](String(candidates[j]).toLocaleLowerCase())) return n;
        }
      }
    }
    return null;
  }
  var status = document.getElementById("akg-search-status");
  function search(query) {
    var n = find(query);
    if (!n) {
      status.textContent = "no node is named “" + query + "”";
      return null;
    }
    if (!nodeShown(n)) {  // make it visible again: its class and nation filters back on
      state.hiddenClasses.delete(n.core); state.hiddenNations.delete(n.nation);
      if (classBoxes[n.core]) classBoxes[n.core].checked = true;
      if (nationBoxes[n.nation]) nationBoxes[n.nation].checked = true;
      nodeView.refresh(); refresh();
    }
    status.textContent = "found: " + n.label;
    network.selectNodes([n.id]);
    network.focus(n.id, { scale: 1.4, animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    openInfo("node", n.id);
    return n.id;
  }
  api.search = search;
  document.getElementById("akg-search").addEventListener("submit", function (ev) {
    ev.preventDefault();
    search(document.getElementById("akg-search-input").value);
  });
  }
  var launched = false;
  function startOnce() { if (!launched) { launched = true; start(); } }
  if (window.requestAnimationFrame) requestAnimationFrame(function () { setTimeout(startOnce, 0); });
  setTimeout(startOnce, 50);  // a page that is not drawn (a hidden tab) gets no animation frame
})();
