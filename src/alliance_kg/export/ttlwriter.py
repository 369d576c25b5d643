"""A small, fast, deterministic pretty Turtle writer over pyoxigraph terms.

Why our own: rdflib's Turtle serializer needs an rdflib Graph (the store copied into Python
objects) and took ~120 s of a 1M-triple build, and it rewrites lexical forms (the decimal
``"40000000000"`` comes out as ``40000000000.0``), so what it writes is not isomorphic to the
store. pyoxigraph's own Turtle writer is fast and exact but neither groups objects nor fixes
the order of its prefixes. This one keeps every term exactly as stored and writes:

* the project's prefixes (`namespaces.PREFIXES`) for IRIs whose local part is a plain name;
* one block per subject, subjects in N-Triples order (blank nodes last), ``a`` first, then
  predicates by IRI, objects sorted and joined with ``,``;
* integers, decimals and booleans bare when their lexical form is Turtle's own, every other
  literal quoted with its datatype or language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import groupby
from typing import Any

import pyoxigraph as ox

from ..namespaces import PREFIXES
from .rdf import unique_sorted

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")
_BARE = {
    _XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    _XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    _XSD + "boolean": re.compile(r"true|false"),
}
_NAMESPACES = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))  # longest namespace first


class TurtleWriter:
    """Formats terms with the project's prefixes and remembers which prefixes it used."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self._iris: dict[str, str] = {}

    def iri(self, value: str) -> str:
        found = self._iris.get(value)
        if found is None:
            found = self._iris[value] = self._iri(value)
        return found

    def _iri(self, value: str) -> str:
        for prefix, ns in _NAMESPACES:
            if value.startswith(ns) and _LOCAL.fullmatch(value[len(ns) :]):
                self.used.add(prefix)
                return f"{prefix}:{value[len(ns) :]}"
        return str(ox.NamedNode(value))

    def term(self, term: Any) -> str:
        if isinstance(term, ox.NamedNode):
            return self.iri(term.value)
        if isinstance(term, ox.BlankNode):
            return str(term)
        if isinstance(term, ox.Literal):
            quoted = str(ox.Literal(term.value))
            if term.language:
                return f"{quoted}@{term.language}"
            dt = term.datatype.value
            if dt == _XSD + "string":
                return quoted
            bare = _BARE.get(dt)
            if bare is not None and bare.fullmatch(term.value):
                return term.value
            return f"{quoted}^^{self.iri(dt)}"
        raise TypeError(f"cannot write {term!r} as Turtle")

    def prefix_lines(self) -> list[str]:
        """The ``@prefix`` lines of the prefixes used so far, in `PREFIXES` order."""
        return [f"@prefix {p}: <{ns}> ." for p, ns in PREFIXES.items() if p in self.used]

    def body(self, triples: Iterable[ox.Triple], presorted: bool = False) -> str:
        """The statements, one block per subject, each followed by a blank line.

        `presorted`: the triples are unique and in N-Triples line order already (as
        `rdf.graph_quads` gives them); otherwise they are sorted so first.
        """
        ordered = triples if presorted else unique_sorted(triples)
        out: list[str] = []
        for _key, group in groupby(ordered, key=lambda t: t.subject):
            rows = list(group)
            by_predicate: dict[str, list[str]] = {}
            types = [self.term(t.object) for t in rows if t.predicate.value == _RDF_TYPE]
            for t in rows:
                if t.predicate.value != _RDF_TYPE:
                    by_predicate.setdefault(t.predicate.value, []).append(self.term(t.object))
            parts = [("a", sorted(types))] if types else []
            parts += [(self.iri(p), sorted(objs)) for p, objs in sorted(by_predicate.items())]
            lines = []
            for i, (pred, objs) in enumerate(parts):
                lead = f"{self.term(rows[0].subject)} " if i == 0 else "    "
                end = " ." if i == len(parts) - 1 else " ;"
                lines.append(f"{lead}{pred} " + ",\n        ".join(objs) + end)
            out.append("\n".join(lines) + "\n\n")
        return "".join(out)


def turtle(triples: Iterable[ox.Triple], presorted: bool = False) -> str:
    """`triples` as a Turtle document: the prefixes used, a blank line, the statements."""
    writer = TurtleWriter()
    body = writer.body(triples, presorted)
    return "\n".join(writer.prefix_lines()) + "\n\n" + body
