"""Distinct rows over every graph of a store, decoded only at the end (pyoxigraph alone).

Its own module so that the derived tables (`nations`, `hierarchy`), which the query path
imports for their names, do not pull in `store` and with it rdflib.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox


def select_everywhere(store: ox.Store, query: str) -> list[tuple[Any, ...]]:
    """The rows of a ``SELECT DISTINCT`` `query` over every graph of `store`: its default graph
    when a build wrote the union there, else pyoxigraph's union of the named graphs.

    For tables derived from the whole store: the joins, filters and ``DISTINCT`` run inside
    pyoxigraph on its encoded terms, and only the rows are decoded (each term read out of an
    on-disk store costs tens of microseconds: the 370,000 ``rdf:type`` quads of a million-triple
    store took 15-20 s to read one by one)."""
    has_union = next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None)
    rows = store.query(query, use_default_graph_as_union=has_union is None)
    return [tuple(row) for row in rows]
