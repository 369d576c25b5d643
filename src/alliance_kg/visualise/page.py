"""A NetworkX projection → one self-contained, offline HTML page (vis-network, via pyvis).

The page is ours: pyvis supplies the vis-network build it ships (inlined, no CDN) and the
physics options; nodes and edges are filled directly (pyvis' ``add_edge`` is quadratic) and the
template, legend, filters, search and tooltips are in ``static/``. Every string from a document
travels as JSON data and reaches the page only through ``textContent`` or the canvas, never as
markup, and a Content-Security-Policy with script hashes forbids anything else from running.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

import networkx as nx

from ..errors import InputError
from ..files import atomic_write
from ..money import Amount
from .layout import radial_layout

# --- class styles: colour and shape by core class, and the legend's class order --------------
# They come from the ontology (ak:displayColour, ak:displayShape on each core class, in the
# contract's order): the projection puts them on the graph as ``graph.graph["styles"]``
# (core class → (colour, shape)); a graph without them is drawn in `OTHER_STYLE`.

OTHER_STYLE = ("#7f7f7f", "dot")


def _styles(graph: nx.MultiDiGraph) -> Mapping[str, tuple[str, str]]:
    return graph.graph.get("styles") or {}


def _class_order(core: str, styles: Mapping[str, tuple[str, str]]) -> tuple[int, str]:
    order = list(styles)
    return (order.index(core) if core in order else len(order), core)


# --- the page data ----------------------------------------------------------------------------

NO_NATION = "(no nation)"

_EDGE = "#8a8a8a"
_HEDGED = "#d98c00"
_PATH = "#111111"
_OTHER_PATH = "#7d7d7d"
_END = "#1565c0"  # the border of a path's two ends
_DIM_NODE = {"background": "#eeeeee", "border": "#d6d6d6"}
_DIM_EDGE = "#e4e4e4"
_DIM_FONT = "#c4c4c4"


@dataclass(frozen=True)
class VizOptions:
    """How the page looks and behaves; the defaults suit graphs from a few to thousands of nodes.

    ``edge_labels`` None means: show property labels on the shortest path, and on all edges
    when there are at most ``edge_label_limit``; otherwise only on hover. Physics stabilises in
    at most ``iterations`` steps, fewer for bigger graphs (``step_budget`` / nodes, at least 50),
    and is then switched off for good: the layout holds still, and a dragged node moves alone. Above
    ``large_graph`` nodes the layout is computed here (radial, linear time: in-browser physics
    costs ~0.15 s a step at 5,000 nodes) and physics runs only ``large_iterations`` steps from
    it. Node labels are drawn by the page, not by vis-network: most important first (nations,
    path ends, path nodes, then by size), each only where it overlaps no label already drawn,
    so hubs are always named and the rest appear as you zoom in.
    """

    title: str = "alliance-kg"
    focus: str | None = None
    edge_labels: bool | None = None
    edge_label_limit: int = 40
    min_size: float = 10.0
    max_size: float = 40.0
    anchor_boost: float = 1.5
    large_graph: int = 1000
    iterations: int = 300
    step_budget: int = 60_000
    large_iterations: int = 0
    height: str = "100vh"


@dataclass(frozen=True)
class _Highlight:
    """The highlighted paths' nodes and node pairs; while there are any, the rest is dimmed.

    ``ends`` are the first path's two ends; ``first`` the node pairs of the first path (the
    shortest, as paths come ranked), drawn boldest.
    """

    nodes: set[Hashable]
    pairs: set[frozenset[Hashable]]
    ends: tuple[Hashable, ...] = ()
    first: frozenset[frozenset[Hashable]] = frozenset()

    @property
    def active(self) -> bool:
        return bool(self.nodes)


def _highlight(graph: nx.MultiDiGraph, paths: Sequence[Sequence[Hashable]]) -> _Highlight:
    nodes: set[Hashable] = set()
    pairs: set[frozenset[Hashable]] = set()
    for path in paths:
        missing = [n for n in path if n not in graph]
        if missing:
            raise InputError(f"path node {missing[0]!r} is not in the graph being drawn")
        nodes.update(path)
        pairs.update(frozenset(p) for p in pairwise(path))
    if not paths:
        return _Highlight(nodes, pairs)
    first = paths[0]
    return _Highlight(nodes, pairs, (first[0], first[-1]),
                      frozenset(frozenset(p) for p in pairwise(first)))  # fmt: skip


def _scaled(sizes: Mapping[Hashable, float] | None, graph: nx.MultiDiGraph, lo: float, hi: float):
    values = {n: float(sizes.get(n, 0.0)) for n in graph} if sizes else {}
    if not values:
        return lambda n: (lo + hi) / 2 * 0.6
    vmin, vmax = min(values.values()), max(values.values())
    span = vmax - vmin
    return lambda n: lo + (hi - lo) * ((values[n] - vmin) / span if span else 0.5)


def _amount(d: Mapping[str, Any]) -> str | None:
    """The amount the text states, in its own currency (``¥150 billion``), as money prints it."""
    if d.get("amount") is None:
        return None
    return Amount(Decimal(str(d["amount"])), d.get("currency") or "USD", d.get("qualifier")).short()


def page_data(
    graph: nx.MultiDiGraph,
    *,
    highlight_paths: Sequence[Sequence[Hashable]] | None = None,
    sizes: Mapping[Hashable, float] | None = None,
    options: VizOptions | None = None,
) -> dict[str, Any]:
    """The JSON the page draws: vis nodes/edges with their tooltip facts, legend and options.

    Node and edge order follow the graph; each edge of the multigraph is one vis edge. Evidence
    strings are in ``texts``, each once; an edge's ``evidence`` rows point into it (`evidence_of`).
    Every node and edge has every key here; the page itself carries them without the values
    most have (`read_page_data` reads a page back to this).
    """
    return _whole(_page_data(graph, highlight_paths, sizes, options))


def _page_data(
    graph: nx.MultiDiGraph,
    highlight_paths: Sequence[Sequence[Hashable]] | None,
    sizes: Mapping[Hashable, float] | None,
    options: VizOptions | None,
) -> dict[str, Any]:
    """`page_data` as the page carries it: nodes and edges without their default values."""
    opts = options or VizOptions()
    paths = list(highlight_paths or [])
    marked = _highlight(graph, paths)
    size_of = _scaled(sizes, graph, opts.min_size, opts.max_size)
    large = graph.number_of_nodes() > opts.large_graph
    ids = {n: i for i, n in enumerate(graph)}
    positions = radial_layout(graph) if large else {}
    styles = _styles(graph)
    nodes = [
        _node_dict(n, d, ids[n], marked, size_of(n), positions.get(n), opts, styles)
        for n, d in graph.nodes(data=True)
    ]
    show_labels = (
        opts.edge_labels
        if opts.edge_labels is not None
        else graph.number_of_edges() <= opts.edge_label_limit
    )
    texts = _Texts()
    edges = [
        _edge_dict(i, (s, o), d, ids, marked, show_labels or opts.edge_labels is None, texts)
        for i, (s, o, d) in enumerate(graph.edges(data=True))
    ]
    if not show_labels:  # by default the shortest path's edges keep their labels, no other
        for edge in edges:
            if not edge.get("shortest"):
                edge.pop("label", None)
                edge.pop("font", None)
    return {
        "title": opts.title,
        "nodes": nodes,
        "edges": edges,
        "texts": texts.strings(),
        "nodeDefaults": _NODE_DEFAULTS,
        "edgeDefaults": _EDGE_DEFAULTS,
        **_legend(nodes, styles),
        "paths": _path_list(graph, paths, ids, edges),
        "highlighting": marked.active,
        "focus": ids.get(opts.focus) if opts.focus is not None else None,
        "large": large,
        "options": _vis_options(graph.number_of_nodes(), large, opts),
    }


#: what most nodes and edges have: the page leaves these out of each one and ``viz.js`` puts
#: them back (a copy each) before drawing; at 10k nodes and 40k edges that is half the page
_NODE_DEFAULTS: dict[str, Any] = {
    "font": {"color": "#222222", "size": 14}, "borderWidth": 1, "mass": 1, "anchor": False,
    "onPath": False, "end": False, "focus": False, "aliases": [], "documents": [],
    "amount": None, "nation": NO_NATION,
}  # fmt: skip
_EDGE_DEFAULTS: dict[str, Any] = {
    "color": {"color": _EDGE, "highlight": _PATH, "hover": _PATH}, "width": 1.2,
    "dashes": False, "hedged": False, "inferred": False, "imported": False, "onPath": False,
    "shortest": False, "via": None, "amount": None, "evidence": [],
}  # fmt: skip


def _without_defaults(item: dict[str, Any], defaults: Mapping[str, Any]) -> dict[str, Any]:
    """`item` without the keys whose value is the default (the same value of the same type)."""
    missing = object()
    return {
        k: v
        for k, v in item.items()
        if (d := defaults.get(k, missing)) is missing or type(v) is not type(d) or v != d
    }


def _whole(data: dict[str, Any]) -> dict[str, Any]:
    """Page data with each node and edge whole: its defaults (a copy each) under its own keys."""
    for key, defaults in (("nodes", "nodeDefaults"), ("edges", "edgeDefaults")):
        base = json.dumps(data[defaults])
        data[key] = [{**json.loads(base), **item} for item in data[key]]
    return data


def _node_dict(
    n: Hashable,
    d: Mapping[str, Any],
    node_id: int,
    marked: _Highlight,
    size: float,
    position: tuple[float, float] | None,
    opts: VizOptions,
    styles: Mapping[str, tuple[str, str]],
) -> dict[str, Any]:
    """One vis node: colour and shape by class (nations are bigger anchors), its tooltip facts."""
    core = d.get("core")
    colour, shape = styles.get(core or "", OTHER_STYLE)
    anchor = core == "Nation"
    on_path = n in marked.nodes
    dim = marked.active and not on_path
    focus = n == opts.focus
    end = n in marked.ends
    node: dict[str, Any] = {
        "id": node_id,
        "iri": str(n),
        "label": str(d.get("label", n)),
        "shape": shape,
        "size": round(size * (opts.anchor_boost if anchor or end else 1.0), 2),
        "color": (
            {"background": colour, "border": _END}
            if end
            else {"background": colour, "border": _PATH}
            if on_path or focus
            else _DIM_NODE
            if dim
            else {"background": colour, "border": colour}
        ),
        # vis-network draws no node label (see `_vis_options`): viz.js places them; the font
        # size here only sizes the area that answers hover and click below a node
        "font": {"color": _DIM_FONT if dim else "#222222", "size": 14},
        "borderWidth": 7 if end else 4 if on_path or focus else 1,
        "mass": 3 if anchor else 1,
        "base": colour,  # the class colour, for re-highlighting one path in the page
        "core": core or "Other",
        "cls": d.get("cls"),
        "nation": d.get("nation") or NO_NATION,
        "anchor": anchor,
        "onPath": on_path,
        "end": end,
        "focus": focus,
        "aliases": list(d.get("aliases") or []),
        "documents": list(d.get("documents") or []),
        "amount": _amount(d),
    }
    if position is not None:
        node["x"], node["y"] = position
    return _without_defaults(node, _NODE_DEFAULTS)


#: what the page shows of a piece of evidence, in this order: each edge's evidence is a list of
#: rows in this order, its strings (document, sentence, quote, note) as indexes into the page's
#: ``texts``, so a sentence that supports many edges travels once (`evidence_of` reads it back)
_EVIDENCE_KEYS = ("document", "sentence", "quote", "start", "end", "note")
_TEXT_KEYS = frozenset({"document", "sentence", "quote", "note"})


class _Texts:
    """The page's strings of evidence, each once, in the order first met; each piece of
    evidence (a projection dict, shared by the edges collapsed from one n-ary node) made once."""

    def __init__(self) -> None:
        self.index: dict[str | None, int | None] = {None: None}  # None stays null
        self.rows: dict[int, tuple[Mapping[str, Any], list[Any]]] = {}

    def strings(self) -> list[str]:
        return [text for text in self.index if text is not None]

    def evidence(self, found: Sequence[Mapping[str, Any]] | None) -> list[list[Any]]:
        if not found:
            return []
        index, rows = self.index, self.rows
        put = index.setdefault
        out = []
        for ev in found:
            cached = rows.get(id(ev))
            if cached is None or cached[0] is not ev:
                row = [put(ev.get("document"), len(index) - 1),
                       put(ev.get("sentence"), len(index) - 1),
                       put(ev.get("quote"), len(index) - 1), ev.get("start"), ev.get("end"),
                       put(ev.get("note"), len(index) - 1)]  # fmt: skip
                cached = rows[id(ev)] = (ev, row)  # the dict is kept: its id stays its own
            out.append(cached[1])
        return out


def evidence_of(data: Mapping[str, Any], edge: Mapping[str, Any]) -> list[dict[str, Any]]:
    """An edge's evidence in `page_data` as the projection's dicts (what the page shows)."""
    texts = data["texts"]
    return [
        {k: (texts[v] if k in _TEXT_KEYS and v is not None else v)
         for k, v in zip(_EVIDENCE_KEYS, row, strict=True)}
        for row in edge["evidence"]
    ]  # fmt: skip


def _edge_dict(
    i: int,
    ends: tuple[Hashable, Hashable],
    d: Mapping[str, Any],
    ids: Mapping[Hashable, int],
    marked: _Highlight,
    show_label: bool,
    texts: _Texts,
) -> dict[str, Any]:
    """One vis edge: dashed if inferred, dotted amber if hedged, with its evidence (rows of
    indexes into `texts`)."""
    s, o = ends
    hedged, inferred = bool(d.get("hedged")), bool(d.get("inferred"))
    on_path = frozenset(ends) in marked.pairs
    first = frozenset(ends) in marked.first
    dim = marked.active and not on_path
    colour = (
        _DIM_EDGE if dim else _PATH if first else _OTHER_PATH if on_path
        else _HEDGED if hedged else _EDGE
    )  # fmt: skip
    prop_label = str(d.get("label") or d.get("property") or "")
    # on a path the lines are thick: longer dashes keep them legible
    dashes: list[int] | bool = False
    if inferred:
        dashes = [12, 8] if on_path else [8, 6]
    elif hedged:
        dashes = [10, 7] if on_path else [2, 4]
    edge: dict[str, Any] = {
        "id": i,
        "from": ids[s],
        "to": ids[o],
        "property": str(d.get("property") or ""),
        "propertyLabel": prop_label,
    }
    # only what differs from `_EDGE_DEFAULTS` (most edges: none of it)
    if colour != _EDGE:
        edge["color"] = {"color": colour, "highlight": _PATH, "hover": _PATH}
    width = 6 if first else 2.5 if on_path else 1.6 if hedged else 1.2
    if width != 1.2:
        edge["width"] = width
    for key, value in (("dashes", dashes), ("hedged", hedged), ("inferred", inferred),
                       ("imported", bool(d.get("imported"))), ("onPath", on_path),
                       ("shortest", first), ("via", d.get("via_label")), ("amount", _amount(d)),
                       ("evidence", texts.evidence(d.get("evidence")))):  # fmt: skip
        if value:
            edge[key] = value
    if show_label:
        edge["label"] = prop_label
        edge["font"] = {"size": 12 if on_path else 10, "color": _DIM_FONT if dim else "#444444",
                        "strokeWidth": 4, "align": "horizontal"}  # fmt: skip
    return edge


def _legend(
    nodes: Sequence[Mapping[str, Any]], styles: Mapping[str, tuple[str, str]]
) -> dict[str, Any]:
    """The legend's classes (in the ontology's order) and nations (by name) with node counts."""
    classes = Counter(node["core"] for node in nodes)
    nations = Counter(node.get("nation", NO_NATION) for node in nodes)
    return {
        "classes": [
            {"name": c, "count": k, "color": style[0], "shape": style[1]}
            for c, k in sorted(classes.items(), key=lambda kv: _class_order(kv[0], styles))
            for style in [styles.get(c, OTHER_STYLE)]
        ],
        "nations": [
            {"name": n, "count": k}
            for n, k in sorted(nations.items(), key=lambda kv: (kv[0] == NO_NATION, kv[0]))
        ],
        "edgeStyles": {
            "asserted": _EDGE,
            "hedged": _HEDGED,
            "path": _PATH,
            "otherPath": _OTHER_PATH,
            "end": _END,
        },
    }


def _path_list(
    graph: nx.MultiDiGraph,
    paths: Sequence[Sequence[Hashable]],
    ids: Mapping[Hashable, int],
    edges: Sequence[Mapping[str, Any]],
) -> list[dict[str, Any]]:
    """Each path for the side list: node and edge ids, and each hop as `analyse path` tells it.

    The hops come from `analyse.paths.path_through` (relation, direction, evidence with its
    document and offsets, the note, and which ends the quote does not name).
    """
    from ..analyse.paths import path_through

    if not paths:  # the edge index below costs a second at 10k nodes: only for paths
        return []
    by_pair: dict[frozenset[int], list[int]] = {}
    for e in edges:
        by_pair.setdefault(frozenset((e["from"], e["to"])), []).append(e["id"])
    out = []
    for path in paths:
        found = path_through(graph, path)
        node_ids = [ids[n] for n in path]
        out.append(
            {
                "nodes": node_ids,
                "edges": [i for a, b in pairwise(node_ids) for i in by_pair[frozenset((a, b))]],
                "labels": found.labels,
                "hops": [
                    {
                        "from": h.source_label,
                        "to": h.target_label,
                        "property": h.property,
                        "propertyLabel": _property_label(graph, a, b, h.property),
                        "direction": h.direction,
                        "sentence": h.sentence,
                        "quote": h.quote,
                        "document": h.document,
                        "start": h.start,
                        "end": h.end,
                        "hedged": h.hedged,
                        "inferred": h.inferred,
                        "note": h.note,
                        "unnamed": h.unnamed,
                    }
                    for h, (a, b) in zip(found.hops, pairwise(path), strict=True)
                ],
            }
        )
    return out


def _property_label(graph: nx.MultiDiGraph, a: Hashable, b: Hashable, prop: str) -> str:
    """The property's label as the projection gives it (``collaborates with``)."""
    for s, o in ((a, b), (b, a)):
        for d in (graph.get_edge_data(s, o) or {}).values():
            if str(d.get("property")) == prop:
                return str(d.get("label") or prop)
    return prop


def _vis_options(n: int, large: bool, opts: VizOptions) -> dict[str, Any]:
    """vis-network options: pyvis' physics settings, our interaction and edge defaults."""
    from pyvis.network import Network

    net = Network(directed=True)
    if large:
        net.barnes_hut(gravity=-4000, central_gravity=0.2, spring_length=120, damping=0.5)
    else:
        net.force_atlas_2based(
            gravity=-110, central_gravity=0.012, spring_length=120, spring_strength=0.05,
            damping=0.5, overlap=0.6,
        )  # fmt: skip
    # a step costs ~n log n: fewer steps for bigger graphs keep the first view within seconds
    budget = max(50, int(opts.step_budget / max(n, 1)))
    net.options.physics.stabilization.iterations = (
        opts.large_iterations if large else min(opts.iterations, budget)
    )
    net.options.physics.stabilization.updateInterval = 25
    if large and opts.large_iterations <= 0:
        net.toggle_physics(False)
    options = json.loads(net.options.to_json())
    options["configure"] = {"enabled": False}
    options["edges"] = {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "smooth": {"enabled": not large, "type": "continuous"},
        "selectionWidth": 2,
    }
    # node labels are placed by viz.js (by importance, without overlap): vis draws none
    options["nodes"] = {
        "borderWidthSelected": 4,
        "widthConstraint": {"maximum": 170},
        "scaling": {"label": {"enabled": False, "drawThreshold": 10**6}},
    }
    options["interaction"] = {
        "hover": True,
        "tooltipDelay": 120,
        "hideEdgesOnDrag": large,
        "hideEdgesOnZoom": large,
        "navigationButtons": False,
        "keyboard": False,
        "multiselect": False,
    }
    options["layout"] = {"improvedLayout": not large and n <= 200, "randomSeed": 7}
    return options


# --- the page -----------------------------------------------------------------------------


def _pyvis_asset(name: str) -> str:
    return (resources.files("pyvis") / "lib" / "vis-9.1.2" / name).read_text(encoding="utf-8")


@cache
def _assets() -> dict[str, str]:
    static = resources.files(__package__) / "static"
    return {
        "vis_js": _pyvis_asset("vis-network.min.js"),
        "vis_css": _pyvis_asset("vis-network.css"),
        "page_js": (static / "viz.js").read_text(encoding="utf-8"),
        "page_css": (static / "viz.css").read_text(encoding="utf-8"),
        "template": (static / "page.html").read_text(encoding="utf-8"),
    }


def read_page_data(page: str) -> dict[str, Any]:
    """The data of a page `render_html` wrote, with each node and edge whole (as `page_data`)."""
    start = page.index('type="application/json"')
    start = page.index(">", start) + 1
    return _whole(json.loads(page[start : page.index("</script>", start)]))


def _json_for_script(data: object) -> str:
    """JSON safe inside a <script> element: no `<`, `>`, `&` or line separators left raw."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                     ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):  # fmt: skip
        text = text.replace(raw, esc)
    return text


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def render_html(
    graph: nx.MultiDiGraph,
    *,
    highlight_paths: Sequence[Sequence[Hashable]] | None = None,
    sizes: Mapping[Hashable, float] | None = None,
    options: VizOptions | None = None,
) -> str:
    """The page as one HTML string: vis-network, data, legend, filters and search inlined."""
    opts = options or VizOptions()
    data = _page_data(graph, highlight_paths, sizes, opts)
    a = _assets()
    scripts = [a["vis_js"], a["page_js"]]
    csp = (
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
        f"script-src {' '.join(_sha256(s) for s in scripts)}; "
        "base-uri 'none'; form-action 'none'"
    )
    fill = {
        "%%CSP%%": html.escape(csp),
        "%%TITLE%%": html.escape(opts.title),
        "%%HEIGHT%%": html.escape(opts.height),
        "%%VIS_CSS%%": a["vis_css"],
        "%%PAGE_CSS%%": a["page_css"],
        "%%DATA%%": _json_for_script(data),
        "%%VIS_JS%%": a["vis_js"],
        "%%PAGE_JS%%": a["page_js"],
    }
    page = a["template"]
    # one pass, in template order, so nothing substituted is searched again
    out, pos = [], 0
    while (start := page.find("%%", pos)) != -1:
        end = page.index("%%", start + 2) + 2
        out.append(page[pos:start])
        out.append(fill[page[start:end]])
        pos = end
    out.append(page[pos:])
    return "".join(out)


def write_html(
    graph: nx.MultiDiGraph,
    out: Path,
    *,
    highlight_paths: Sequence[Sequence[Hashable]] | None = None,
    sizes: Mapping[Hashable, float] | None = None,
    options: VizOptions | None = None,
) -> Path:
    """Write the page to `out` atomically; return the path."""
    text = render_html(graph, highlight_paths=highlight_paths, sizes=sizes, options=options)
    with atomic_write(Path(out)) as fh:
        fh.write(text.encode("utf-8"))
    return Path(out)


def inline(
    graph: nx.MultiDiGraph,
    *,
    highlight_paths: Sequence[Sequence[Hashable]] | None = None,
    sizes: Mapping[Hashable, float] | None = None,
    options: VizOptions | None = None,
    height: int = 650,
) -> Any:
    """The page for a Jupyter cell: an `IPython.display.HTML` holding a sandboxed iframe.

    The page goes in ``srcdoc`` (escaped), so it runs isolated from the notebook.
    """
    try:
        from IPython.display import HTML
    except ImportError:  # pragma: no cover - depends on the environment
        raise InputError("inline display needs IPython (run it inside Jupyter)") from None
    opts = options or VizOptions()
    if opts.height == VizOptions.height:
        opts = replace(opts, height=f"{int(height) - 4}px")
    page = render_html(graph, highlight_paths=highlight_paths, sizes=sizes, options=opts)
    return HTML(
        f'<div class="alliance-kg-viz"><iframe srcdoc="{html.escape(page, quote=True)}" '
        'sandbox="allow-scripts" '
        f'style="width:100%;height:{int(height)}px;border:1px solid #ddd"></iframe></div>'
    )
