"""SHACL validation of the built graph (``ontology/shapes.ttl``) with pyshacl.

The data graph is the instance data plus the ontology, so that ``sh:class`` sees subclasses
through ``rdfs:subClassOf`` without RDFS inference (which can hide violations, FIELD-NOTES.md).
Each violation is traced back to the annotation line that asserted the offending triple.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph, Node, URIRef
from rdflib.namespace import RDF, SH

from .errors import ProjectError

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
    shapes = Graph()
    try:
        shapes.parse(path, format="turtle")
    except FileNotFoundError:
        raise ProjectError(f"{path}: shapes file not found") from None
    except Exception as exc:
        raise ProjectError(f"{path}: cannot parse the SHACL shapes: {exc}") from None
    return shapes


def validate_graph(
    data: Graph,
    ontology: Graph,
    shapes: Graph,
    origins: Mapping[object, Origin] | None = None,
) -> ShaclResult:
    """Validate `data` (with `ontology` mixed in) against `shapes`; never raises on violations."""
    combined = Graph()
    for triple in ontology:
        combined.add(triple)
    for triple in data:
        combined.add(triple)
    conforms, report, _text = shacl_validate(
        combined,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
        abort_on_first=False,
    )
    n_shapes = len(set(shapes.subjects(RDF.type, SH.NodeShape))) + len(
        set(shapes.subjects(RDF.type, SH.PropertyShape))
    )
    violations = sorted(_describe(report, data, origins or {}))
    return ShaclResult(bool(conforms), violations, n_shapes)


def _short(node: Node | None, data: Graph) -> str:
    if node is None:
        return "-"
    if isinstance(node, URIRef):
        try:
            return data.namespace_manager.normalizeUri(node)
        except Exception:  # pragma: no cover - rdflib edge cases
            return f"<{node}>"
    return repr(str(node))


def _describe(report: Graph, data: Graph, origins: Mapping[object, Origin]) -> Iterable[str]:
    for result in report.subjects(RDF.type, SH.ValidationResult):
        if report.value(result, SH.resultSeverity) != SH.Violation:
            continue
        focus = report.value(result, SH.focusNode)
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
