"""SHACL validation of the built graph (``ontology/shapes.ttl``): compiled to SPARQL, or pyshacl.

The data graph is the instance data plus the ontology, so that ``sh:class`` sees subclasses
through ``rdfs:subClassOf`` without RDFS inference (which can hide violations, FIELD-NOTES.md).
Each violation is traced back to the annotation line that asserted the offending triple.

The Core constraints are compiled into set-at-a-time SPARQL queries run by pyoxigraph
(`alliance_kg.shacl`); pyshacl checks any shape the compiler does not cover, and all of them
with ``engine="pyshacl"`` (the tests hold the two to the same violations).

SHACL-SPARQL constraints of node shapes are evaluated once over the whole graph (with ``$this``
left free) by pyoxigraph instead of once per focus node by pyshacl, which re-parses the query
for every node (~17 ms each: 75% of a build's time at 10k statements). The shapes file is
unchanged and still valid SHACL for other tools; the result is the same set of violations.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Node, URIRef
from rdflib.namespace import RDF, SH

from .errors import ProjectError
from .namespaces import PREFIXES
from .shacl import Finding, Unsupported, compile_shapes, path_sparql, run_checks
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


#: which engine checks the SHACL Core constraints: compiled to SPARQL (default) or pyshacl
ENGINES = ("compiled", "pyshacl")


def validate_graph(
    data: Graph,
    ontology: Graph,
    shapes: Graph,
    origins: Mapping[object, Origin] | None = None,
    *,
    focus: Set[Node] | None = None,
    statements: Graph | None = None,
    engine: str = "compiled",
) -> ShaclResult:
    """Validate `data` (with `ontology` mixed in) against `shapes`; never raises on violations.

    The Core constraints are compiled to SPARQL and run by pyoxigraph (`alliance_kg.shacl`);
    a shape using a feature the compiler lacks, or ``engine="pyshacl"``, goes to pyshacl.
    With `focus`, only violations whose focus node is in it count: an incremental build
    validates the nodes its changed documents touch, with their whole description pulled in
    from the store, and the other nodes of `data` are there only to be seen (their types).
    The node-level SPARQL constraints then run over `statements` (the changed documents' own
    triples) instead of `data`: every triple a document asserts has its reified statement in
    the same document, so a pulled-in triple of an unchanged document needs no re-check.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown SHACL engine {engine!r}; expected one of {ENGINES}")
    store = _ox_store(ontology, data)
    if engine == "pyshacl":
        core_shapes, sparql_shapes = _split_sparql_shapes(shapes)
        findings = _pyshacl(_with(ontology, data), core_shapes)
        sparql_store = store if statements is None else _ox_store(ontology, statements)
        return _result(shapes, findings, sparql_shapes, sparql_store, False, origins, focus)
    return validate_store(
        store,
        shapes,
        origins,
        focus=focus,
        statements=None if statements is None else _ox_store(ontology, statements),
    )


def validate_store(
    store: ox.Store,
    shapes: Graph,
    origins: Mapping[object, Origin] | None = None,
    *,
    union: bool = False,
    focus: Set[Node] | None = None,
    statements: ox.Store | None = None,
    evidence_graphs: Sequence[Any] | None = None,
) -> ShaclResult:
    """Validate the data already in a pyoxigraph store: its default graph, or with `union` the
    union of all its graphs.

    A full build validates its in-memory staging store this way (the documents' graphs and the
    ontology graph, without copying them into rdflib); `focus` and `statements` mean what they
    mean for `validate_graph`. `evidence_graphs` (default: `graphs`) are the graphs the
    SHACL-SPARQL constraints (every triple has an evidenced statement) read: imported graphs
    carry no evidence and are left out of them.
    """
    sparql_shapes = _sparql_constraints(shapes)
    compiled = compile_shapes(shapes, skip=sparql_shapes)
    findings = list(run_checks(store, compiled, union=union))
    leftover = compiled.leftover_graph()
    if leftover is not None:
        findings += _pyshacl(_rdflib_graph(store, union), leftover)
    sparql_union = union and statements is None
    sparql_graphs = None
    if evidence_graphs is not None and statements is None:
        sparql_graphs = list(evidence_graphs)
    return _result(
        shapes,
        findings,
        sparql_shapes,
        statements or store,
        sparql_union,
        origins,
        focus,
        sparql_graphs,
    )


def _result(
    shapes: Graph,
    findings: list[Finding],
    sparql_shapes: list[tuple[Node, Node]],
    sparql_store: ox.Store,
    sparql_union: bool,
    origins: Mapping[object, Origin] | None,
    focus: Set[Node] | None,
    sparql_graphs: list[Any] | None = None,
) -> ShaclResult:
    """The findings, and the SHACL-SPARQL constraints' own, as one sorted result."""
    n_shapes = len(set(shapes.subjects(RDF.type, SH.NodeShape))) + len(
        set(shapes.subjects(RDF.type, SH.PropertyShape))
    )
    names = Graph()  # only for printing IRIs with the project's prefixes
    for prefix, ns in PREFIXES.items():
        names.bind(prefix, ns, override=True, replace=True)
    violations = [
        _line(f, shapes, names, origins or {})
        for f in findings
        if focus is None or f.focus in focus
    ]
    violations += _run_sparql_constraints(
        sparql_shapes, shapes, sparql_store, names, origins or {}, sparql_union, sparql_graphs
    )
    return ShaclResult(not violations, sorted(violations), n_shapes)


def _rdflib_graph(store: ox.Store, union: bool) -> Graph:
    """The triples of the store's default graph (or of all its graphs) as an rdflib Graph."""
    out = Graph()
    for q in store.quads_for_pattern(None, None, None, None if union else ox.DefaultGraph()):
        out.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    return out


def _with(ontology: Graph, data: Graph) -> Graph:
    combined = Graph()
    for triple in ontology:
        combined.add(triple)
    for triple in data:
        combined.add(triple)
    return combined


def _ox_store(ontology: Graph, data: Graph) -> ox.Store:
    """An in-memory pyoxigraph store of the ontology and the data, in its default graph."""
    store = ox.Store()
    default = ox.DefaultGraph()
    store.bulk_extend(
        ox.Quad(to_ox(s), to_ox(p), to_ox(o), default)
        for graph in (ontology, data)
        for s, p, o in graph
    )
    return store


def _pyshacl(combined: Graph, shapes: Graph) -> list[Finding]:
    """pyshacl's violations of `shapes` over `combined`, as findings."""
    from pyshacl import validate as shacl_validate  # 0.5 s to import; rarely needed

    _conforms, report, _text = shacl_validate(
        combined,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
        abort_on_first=False,
    )
    findings = []
    for result in report.objects(None, SH.result):  # top-level results, not sh:detail
        if report.value(result, SH.resultSeverity) != SH.Violation:
            continue
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        findings.append(
            Finding(
                report.value(result, SH.focusNode),
                report.value(result, SH.resultPath),
                report.value(result, SH.value),
                messages[0] if messages else "violates a shape",
            )
        )
    return findings


def _line(finding: Finding, shapes: Graph, names: Graph, origins: Mapping[object, Origin]) -> str:
    """One violation as a line: the annotation file and line that asserted it, then what."""
    focus, path, value = finding.focus, finding.path, finding.value
    origin = None
    if focus is not None and path is not None and value is not None:
        origin = origins.get((focus, path, value)) or origins.get((value, path, focus))
    origin = origin or origins.get(focus)
    where = f"{origin[0]}:{origin[1]}: " if origin and origin[1] else ""
    detail = _short(focus, names)
    if path is not None:
        detail += f" {_path_text(path, shapes, names)}"
    if value is not None:
        detail += f" {_short(value, names)}"
    return f"{where}{detail}: {finding.message}"


def _path_text(path: Node, shapes: Graph, names: Graph) -> str:
    """A SHACL path as SPARQL path syntax with prefixes (``ak:evidence/ak:inDocument``)."""
    if isinstance(path, URIRef):
        return _short(path, names)
    try:
        text = path_sparql(shapes, path)
    except Unsupported:
        return _short(path, names)
    return re.sub(r"<([^>]*)>", lambda m: _short(URIRef(m.group(1)), names), text)


def _sparql_constraints(shapes: Graph) -> list[tuple[Node, Node]]:
    """The (shape, constraint) pairs of node shapes' SELECT-based SPARQL constraints."""
    return [
        (shape, c)
        for shape, c in shapes.subject_objects(SH.sparql)
        if (shape, RDF.type, SH.NodeShape) in shapes and shapes.value(c, SH.select) is not None
    ]


def _split_sparql_shapes(shapes: Graph) -> tuple[Graph, list[tuple[Node, Node]]]:
    """The shapes without their node-level SPARQL constraints, and those (shape, constraint)."""
    constraints = _sparql_constraints(shapes)
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
    store: ox.Store,
    data: Graph,
    origins: Mapping[object, Origin],
    union: bool = False,
    graphs: list[Any] | None = None,
) -> list[str]:
    """Evaluate each SELECT constraint once, ``$this`` free, over the whole graph."""
    if not constraints:
        return []
    prefixes = _prefixes(shapes)
    out = []
    for _shape, c in constraints:
        query = str(shapes.value(c, SH.select)).replace("$this", "?this")
        message = str(shapes.value(c, SH.message) or "violates a SPARQL constraint")
        options: dict[str, Any] = (
            {"default_graph": graphs}
            if graphs is not None
            else {"use_default_graph_as_union": union}
        )
        for row in store.query(f"{prefixes}\n{query}", **options):
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
