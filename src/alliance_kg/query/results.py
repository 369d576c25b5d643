"""What a query returned, as `QueryResult`, and its serialisation to the W3C formats.

A result crosses a process boundary (see `alliance_kg.query.run`), so it holds bytes: SELECT
solutions as W3C SPARQL results JSON, CONSTRUCT/DESCRIBE triples as N-Triples, an ASK boolean.
Rows, triples and the ``json``/``csv``/``tsv``/``turtle`` texts are computed from them on demand.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from ..errors import QueryError
from ..iris import PREFIXES
from .safety import Kind
from .terms import plain


@dataclass(frozen=True)
class QueryResult:
    """What a query returned: solutions (W3C JSON), a boolean, or triples (N-Triples)."""

    kind: Kind
    variables: tuple[str, ...] = ()
    data: bytes = b""
    boolean: bool | None = None

    def solutions(self) -> list[dict[str, Any]]:
        """SELECT rows as pyoxigraph terms (unbound variables absent)."""
        if self.kind != "select":
            raise QueryError("only SELECT queries have rows")
        parsed = ox.parse_query_results(self.data, ox.QueryResultsFormat.JSON)
        return [{v: s[v] for v in self.variables if s[v] is not None} for s in parsed]

    @property
    def rows(self) -> list[dict[str, Any]]:
        """SELECT rows as plain Python values: IRIs as str, numbers as int/Decimal, …"""
        return [{k: plain(v) for k, v in row.items()} for row in self.solutions()]

    def triples(self) -> list[Any]:
        """CONSTRUCT/DESCRIBE results as pyoxigraph triples."""
        if self.kind != "graph":
            raise QueryError("only CONSTRUCT and DESCRIBE queries return triples")
        return list(ox.parse(self.data, ox.RdfFormat.N_TRIPLES))

    def serialize(self, fmt: str) -> str:
        """The result as W3C SPARQL results ``json``/``csv``/``tsv``, or ``turtle`` for graphs."""
        if self.kind == "graph":
            if fmt not in ("turtle", "ttl"):
                raise QueryError(
                    f"a CONSTRUCT/DESCRIBE result is a graph: printed as Turtle, not {fmt}"
                )
            out = ox.serialize(self.triples(), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
            return out.decode("utf-8") if out else ""
        formats = {
            "json": ox.QueryResultsFormat.JSON,
            "csv": ox.QueryResultsFormat.CSV,
            "tsv": ox.QueryResultsFormat.TSV,
        }
        if fmt not in formats:
            raise QueryError(f"unknown result format {fmt!r}; expected json, csv or tsv")
        if self.kind == "ask":
            if fmt == "json":
                return json.dumps({"head": {}, "boolean": bool(self.boolean)}, indent=2) + "\n"
            return ("true" if self.boolean else "false") + "\n"
        if fmt == "json":
            return json.dumps(json.loads(self.data), indent=2, ensure_ascii=False) + "\n"
        parsed = ox.parse_query_results(self.data, ox.QueryResultsFormat.JSON)
        return parsed.serialize(format=formats[fmt]).decode("utf-8")
