"""JSON-LD: named graphs kept, keys that read as the ontology's names (``label``, ``partOf``).

The ``@context`` is generated from the ontology in the store and embedded in the file, so no
reader fetches anything: the project's prefixes, a term per property (its local name:
``partOf``, ``label``, ``altLabel``; the ontology's own term wins a clash, the other keeps its
prefixed name) and per ak: class (so ``"@type": "Agency"``). Object properties coerce to IRIs
and datatype properties to their range, so most values are plain strings; a value that does
not fit its term's coercion is written in full (``{"@value": …, "@type": …}``), so the
compaction never changes what a triple means. Nodes are sorted by ``@id``, keys and values by
their text: the same store gives the same bytes.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import Any, BinaryIO

import pyoxigraph as ox

from ..namespaces import PREFIXES
from ..ontology import Vocabulary
from .base import ExportOptions, register
from .rdf import dataset

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_AK = PREFIXES["ak"]
_LOCAL = re.compile(r"[A-Za-z_][\w-]*")


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


class Context:
    """The terms of the ``@context`` and how each compacts its values."""

    def __init__(self, vocab: Vocabulary, predicates: set[str], data: list[ox.Quad]) -> None:
        self.prefixes = dict(PREFIXES)
        self.terms: dict[str, dict[str, str]] = {}  # term → {"@id": …, "@type": …}
        self.by_iri: dict[str, str] = {}
        self.classes: dict[str, str] = {}  # class IRI → term
        coercion = self._coercions(vocab, data)
        # every property of the ontology, then what else the data uses; ak: terms first, then
        # others by IRI: a clash leaves the later one under its prefixed name
        declared = {t.iri for t in vocab.all_terms() if t.is_property}
        ordered = sorted(declared | predicates, key=lambda i: (not i.startswith(_AK), i))
        for iri in ordered:
            name = _local(iri)
            if iri == _RDF_TYPE or not _LOCAL.fullmatch(name) or name in self.terms | self.prefixes:
                continue
            self.terms[name] = {"@id": self.compact(iri), **coercion.get(iri, {})}
            self.by_iri[iri] = name
        for term in vocab.terms("class"):
            if term.name not in self.terms:
                self.terms[term.name] = {"@id": self.compact(term.iri)}
                self.classes[term.iri] = term.name

    def _coercions(self, vocab: Vocabulary, data: list[ox.Quad]) -> dict[str, dict[str, str]]:
        """Predicate IRI → its term's ``@type``: from the ontology, else from the data."""
        out: dict[str, dict[str, str]] = {}
        for t in vocab.all_terms():
            if t.kind == "object property":
                out[t.iri] = {"@type": "@id"}
            elif t.kind == "datatype property" and len(t.ranges) == 1 and len(t.ranges[0]) == 1:
                (dt,) = t.ranges[0]
                if dt != _XSD_STRING:
                    out[t.iri] = {"@type": self.compact(dt)}
        kinds: dict[str, set[str]] = defaultdict(set)
        for q in data:
            obj = q.object
            kinds[q.predicate.value].add(
                "@id" if not isinstance(obj, ox.Literal) else obj.language or obj.datatype.value
            )
        for iri, seen in kinds.items():
            if iri not in out and seen == {"@id"}:
                out[iri] = {"@type": "@id"}
        return out

    def compact(self, iri: str) -> str:
        """`iri` as ``prefix:local`` when a prefix fits and the result reads back the same."""
        for prefix, ns in self.prefixes.items():
            if iri.startswith(ns) and _LOCAL.fullmatch(iri[len(ns) :]):
                return f"{prefix}:{iri[len(ns) :]}"
        return iri

    def key(self, predicate: str) -> str:
        """The key a predicate's values go under."""
        return self.by_iri.get(predicate) or self.compact(predicate)

    def node_id(self, term: Any) -> str:
        """A subject, object or graph name as an ``@id`` string."""
        if isinstance(term, ox.BlankNode):
            return f"_:{term.value}"
        return self.compact(term.value)

    def value(self, predicate: str, obj: Any) -> Any:
        """An object as its compact form under `predicate`'s key, or in full where that differs."""
        name = self.by_iri.get(predicate)
        coerce = self.terms[name].get("@type") if name else None
        if not isinstance(obj, ox.Literal):
            return self.node_id(obj) if coerce == "@id" else {"@id": self.node_id(obj)}
        if obj.language:
            return {"@value": obj.value, "@language": obj.language}
        dt = obj.datatype.value
        if dt == _XSD_STRING:
            return obj.value if coerce is None else {"@value": obj.value}
        if coerce is not None and coerce != "@id" and coerce == self.compact(dt):
            return obj.value
        return {"@value": obj.value, "@type": self.compact(dt)}

    def document(self) -> dict[str, Any]:
        """The ``@context`` object: prefixes, then terms, sorted."""
        ctx: dict[str, Any] = dict(self.prefixes)
        for name in sorted(self.terms):
            spec = self.terms[name]
            ctx[name] = spec["@id"] if set(spec) == {"@id"} else spec
        return ctx


def _sort_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _nodes(quads: list[ox.Quad], ctx: Context) -> list[dict[str, Any]]:
    by_subject: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for q in quads:
        node = by_subject[ctx.node_id(q.subject)]
        if q.predicate.value == _RDF_TYPE and isinstance(q.object, ox.NamedNode):
            node["@type"].append(ctx.classes.get(q.object.value) or ctx.compact(q.object.value))
        else:
            node[ctx.key(q.predicate.value)].append(ctx.value(q.predicate.value, q.object))
    out = []
    for subject in sorted(by_subject):
        props = by_subject[subject]
        node: dict[str, Any] = {"@id": subject}
        if "@type" in props:
            node["@type"] = sorted(set(props.pop("@type")))
        for key in sorted(props):
            values = sorted({_sort_key(v): v for v in props[key]}.items())
            node[key] = values[0][1] if len(values) == 1 else [v for _k, v in values]
        out.append(node)
    return out


@register(
    "jsonld", "rdf", "JSON-LD: named graphs kept, with an embedded @context", named_graphs=True
)
def write(store: ox.Store, fh: BinaryIO, options: ExportOptions) -> None:
    """Write the selected graphs as compact JSON-LD, one ``@graph`` object per named graph."""
    quads = dataset(store, options)
    ctx = Context(Vocabulary.from_store(store), {q.predicate.value for q in quads}, quads)
    graphs: dict[str, list[ox.Quad]] = defaultdict(list)
    for q in quads:
        graphs[q.graph_name.value].append(q)
    doc = {
        "@context": ctx.document(),
        "@graph": [{"@id": g, "@graph": _nodes(graphs[g], ctx)} for g in graphs],
    }
    fh.write(json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8"))
    fh.write(b"\n")
