"""Interactive pages of the graph: a NetworkX projection → one offline HTML file (vis-network).

`render_html` / `write_html` / `inline` draw any projection (with optional highlighted paths
and node sizes); `build_view` makes the graph, paths and sizes from a store for a focus, a path,
a query or filters, as ``alliance-kg viz`` does.
"""

from .page import VizOptions, inline, page_data, render_html, write_html
from .view import View, ViewSpec, build_view, query_subgraph

__all__ = [
    "View",
    "ViewSpec",
    "VizOptions",
    "build_view",
    "inline",
    "page_data",
    "query_subgraph",
    "render_html",
    "write_html",
]
