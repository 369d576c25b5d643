/* alliance-kg viz: draws the JSON in #akg-data with vis-network.
 * Every string from the graph reaches the page through textContent, an attribute set by
 * property, or the canvas; never as markup: this file never assigns HTML strings to the DOM. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("akg-data").textContent);
  var SVGNS = "http://www.w3.org/2000/svg";
  var state = { hiddenClasses: new Set(), hiddenNations: new Set(), visible: new Set() };
  var api = { ready: false, data: data };
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
  var edges = new vis.DataSet(data.edges);
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
  ].concat(data.highlighting ? [["on the path", lineSwatch(data.edgeStyles.path, null, 3.5)]] : [])
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
    evidence(box, e.evidence, full ? 0 : 2);
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
    hideTip();
  }
  document.getElementById("akg-info-close").addEventListener("click", function () { info.hidden = true; });
  api.openInfo = openInfo;

  // --- the network ----------------------------------------------------------------------------------
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

  function fitBesidePanel() {  // fit the drawing into the space right of the panel
    var pos = network.getPositions(), ids = Object.keys(pos);
    var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    ids.forEach(function (id) {
      x0 = Math.min(x0, pos[id].x); x1 = Math.max(x1, pos[id].x);
      y0 = Math.min(y0, pos[id].y); y1 = Math.max(y1, pos[id].y);
    });
    var left = document.getElementById("akg-panel").getBoundingClientRect().right + 10;
    var w = container.clientWidth - left - 10, h = container.clientHeight - 20, margin = 90;
    var scale = Math.min(w / (x1 - x0 + 2 * margin), h / (y1 - y0 + 2 * margin), 1.5);
    network.moveTo({ position: { x: (x0 + x1) / 2, y: (y0 + y1) / 2 }, scale: scale,
                     offset: { x: left / 2, y: 0 }, animation: false });
  }
  api.fit = fitBesidePanel;

  var loading = document.getElementById("akg-loading");
  function done() {
    if (api.ready) return;
    if (data.large) network.setOptions({ physics: { enabled: false } });
    loading.hidden = true;
    if (!data.large && nodes.length > 1) fitBesidePanel();
    if (data.focus !== null) network.selectNodes([data.focus]);
    api.ready = true;
    document.body.setAttribute("data-ready", "1");
  }
  network.on("stabilizationProgress", function (p) {
    loading.textContent = "laying out the graph… " + Math.round((100 * p.iterations) / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", done);
  network.once("stabilized", done);
  if (nodes.length === 0) done();
  else if (!data.options.physics.enabled) network.once("afterDrawing", done);  // laid out already

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
})();
