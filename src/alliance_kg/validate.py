"""SHACL validation of the built graph (``ontology/shapes.ttl``) with pyshacl.

The data graph is the instance data plus the ontology, so that ``sh:class`` sees subclasses
through ``rdfs:subClassOf`` without RDFS inference (which can hide violations, FIELD-NOTES.md).
Each violation is traced back to the annotation line that asserted the offending triple.

SHACL-SPARQL constraints of node shapes are evaluated once over the whole graph (with ``$this``
left free) by pyoxigraph instead of once per focus node by pyshacl, which re-parses the query
for every node (~17 ms each: 75% of a build's time at 10k statements). The shapes file is
unchanged and still valid SHACL for other tools; the result is the same set of violations.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import Graph, Node, URIRef
from rdflib.namespace import RDF, SH

from .errors import ProjectError
from .namespaces import PREFIXES
from .store import from_ox, to_ox

Origin = tuple[str, int | None]


@dataclass
class ShaclResult:
    """The outcome of a SHACL run: conforms, and one readable line per violation."""

    conforms: bool
    violations: list[str] = field(default_factory=list)
    shapes: int = 0

    def summary(self) -> str:
        """One line for the build report."""
        if self.conforms:
            return f"SHACL: conforms ({self.shapes} shapes)"
        return f"SHACL: {len(self.violations)} violation(s)"


def load_shapes(path: Path) -> Graph:
    """Parse the shapes file."""
    from .errors import RdfInputError
    from .rdfread import as_graph, read_rdf

    if not Path(path).is_file():
        raise ProjectError(f"{path}: shapes file not found")
    try:
        return as_graph(read_rdf(path))  # the safe reader: the project's shapes are input
    except RdfInputError as exc:
        raise ProjectError(f"cannot read the SHACL shapes: {exc}") from None


def validate_graph(
    data: Graph,
    ontology: Graph,
    shapes: Graph,
    origins: Mapping[object, Origin] | None = None,
    *,
    focus: Set[Node] | None = None,
    statements: Graph | None = None,
) -> ShaclResult:
    """Validate `data` (with `ontology` mixed in) against `shapes`; never raises on violations.

    With `focus`, only violations whose focus node is in it count: an incremental build
    validates the nodes its changed documents touch, with their whole description pulled in
    from the store, and the other nodes of `data` are there only to be seen (their types).
    The node-level SPARQL constraints then run over `statements` (the changed documents' own
    triples) instead of `data`: every triple a document asserts has its reified statement in
    the same document, so a pulled-in triple of an unchanged document needs no re-check.
    """
    combined = _with(ontology, data)
    core_shapes, sparql_shapes = _split_sparql_shapes(shapes)
    _conforms, report, _text = shacl_validate(
        combined,
        shacl_graph=core_shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
        abort_on_first=False,
    )
    n_shapes = len(set(shapes.subjects(RDF.type, SH.NodeShape))) + len(
        set(shapes.subjects(RDF.type, SH.PropertyShape))
    )
    names = Graph()  # only for printing IRIs with the project's prefixes
    for prefix, ns in PREFIXES.items():
        names.bind(prefix, ns, override=True, replace=True)
    violations = list(_describe(report, names, origins or {}, focus))
    sparql_data = combined if statements is None else _with(ontology, statements)
    violations += _run_sparql_constraints(sparql_shapes, shapes, sparql_data, names, origins or {})
    return ShaclResult(not violations, sorted(violations), n_shapes)


def _with(ontology: Graph, data: Graph) -> Graph:
    combined = Graph()
    for triple in ontology:
        combined.add(triple)
    for triple in data:
        combined.add(triple)
    return combined


def _split_sparql_shapes(shapes: Graph) -> tuple[Graph, list[tuple[Node, Node]]]:
    """The shapes without their node-level SPARQL constraints, and those (shape, constraint)."""
    constraints = [
        (shape, c)
        for shape, c in shapes.subject_objects(SH.sparql)
        if (shape, RDF.type, SH.NodeShape) in shapes and shapes.value(c, SH.select) is not None
    ]
    if not constraints:
        return shapes, []
    core = Graph()
    for triple in shapes:
        core.add(triple)
    for shape, c in constraints:
        core.remove((shape, SH.sparql, c))
    return core, constraints


def _prefixes(shapes: Graph) -> str:
    lines = []
    for decl in shapes.objects(None, SH.declare):
        prefix, ns = shapes.value(decl, SH.prefix), shapes.value(decl, SH.namespace)
        if prefix is not None and ns is not None:
            lines.append(f"PREFIX {prefix}: <{ns}>")
    return "\n".join(sorted(set(lines)))


def _run_sparql_constraints(
    constraints: list[tuple[Node, Node]],
    shapes: Graph,
    combined: Graph,
    data: Graph,
    origins: Mapping[object, Origin],
) -> list[str]:
    """Evaluate each SELECT constraint once, ``$this`` free, over the whole graph."""
    if not constraints:
        return []
    store = ox.Store()
    store.bulk_extend(
        ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph()) for s, p, o in combined
    )
    prefixes = _prefixes(shapes)
    out = []
    for _shape, c in constraints:
        query = str(shapes.value(c, SH.select)).replace("$this", "?this")
        message = str(shapes.value(c, SH.message) or "violates a SPARQL constraint")
        for row in store.query(f"{prefixes}\n{query}"):
            terms = {v: from_ox(row[v]) for v in ("this", "path", "value") if row[v] is not None}
            focus, path, value = terms.get("this"), terms.get("path"), terms.get("value")
            text = message
            for var, term in (("$this", focus), ("?path", path), ("?value", value)):
                text = text.replace("{" + var + "}", _short(term, data))
            origin = origins.get((focus, path, value)) or origins.get(focus)
            where = f"{origin[0]}:{origin[1]}: " if origin and origin[1] else ""
            detail = " ".join(_short(t, data) for t in (focus, path, value) if t is not None)
            out.append(f"{where}{detail}: {text}")
    return out


def _short(node: Node | None, data: Graph) -> str:
    if node is None:
        return "-"
    if isinstance(node, URIRef):
        try:
            return data.namespace_manager.normalizeUri(node)
        except Exception:  # pragma: no cover - rdflib edge cases
            return f"<{node}>"
    return repr(str(node))


def _describe(
    report: Graph,
    data: Graph,
    origins: Mapping[object, Origin],
    only: Set[Node] | None = None,
) -> Iterable[str]:
    for result in report.subjects(RDF.type, SH.ValidationResult):
        if report.value(result, SH.resultSeverity) != SH.Violation:
            continue
        focus = report.value(result, SH.focusNode)
        if only is not None and focus not in only:
            continue
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        origin = None
        if focus is not None and path is not None and value is not None:
            origin = origins.get((focus, path, value)) or origins.get((value, path, focus))
        origin = origin or origins.get(focus)
        where = f"{origin[0]}:{origin[1]}: " if origin and origin[1] else ""
        detail = f"{_short(focus, data)}"
        if path is not None:
            detail += f" {_short(path, data)}"
        if value is not None:
            detail += f" {_short(value, data)}"
        yield f"{where}{detail}: {messages[0] if messages else 'violates a shape'}"
