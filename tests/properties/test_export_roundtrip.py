"""The RDF exports read back to the graph they were written from.

Small generated graphs (IRIs with odd characters, literals with any text, language tags,
integers, decimals with trailing zeros, dates, booleans, strings, custom datatypes) go into a
store's document graphs; each RDF format of `export.registry()` writes them through
`export_store`, and reading the file back gives the same triples (per graph where the format
keeps graphs) as the store holds them. Read back by pyoxigraph, and by the project's own safe reader
(`rdfread.read_rdf`) when no literal holds a control character (which it refuses by design).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pyoxigraph as ox
from hypothesis import example, given
from hypothesis import strategies as st

from alliance_kg.defaults import EXPORT_FORMATS
from alliance_kg.export.base import export_store, registry
from alliance_kg.identity import entity_iri, slugify
from alliance_kg.namespaces import document_graph
from alliance_kg.rdfread import read_rdf

from .strategies import LABEL

XSD = "http://www.w3.org/2001/XMLSchema#"
NASTY = ox.Literal('x\x00\x1b[31m\u2028"\\')
RDF_FORMATS = [name for name, e in registry().items() if e.kind == "rdf"]
PREDICATES = [
    ox.NamedNode(f"https://w3id.org/alliance-kg/ontology#{p}")
    for p in ("collaboratesWith", "note", "amount", "date", "year", "hedged")
]
#: any character a literal may hold (surrogates are not text)
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
LANG = st.from_regex(r"[a-z]{2,3}(-[A-Z]{2})?(-[a-z0-9]{5,8})?", fullmatch=True)
IRI_PART = st.text(alphabet="abcXYZ019-._~é東%20", min_size=1, max_size=10).filter(
    lambda s: not re.search(r"%(?![0-9A-Fa-f]{2})", s)
)


def _typed(value: str, dtype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + dtype))


LITERALS = st.one_of(
    TEXT.map(ox.Literal),
    st.tuples(TEXT, LANG).map(lambda t: ox.Literal(t[0], language=t[1])),
    st.integers(-(10**30), 10**30).map(lambda i: _typed(str(i), "integer")),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(
        lambda d: _typed(f"{d:f}", "decimal")
    ),
    st.sampled_from(["40000000000", "1.50", "-0.0", "+7", ".5", "007"]).map(
        lambda s: _typed(s, "decimal")
    ),
    st.dates().map(lambda d: _typed(d.isoformat(), "date")),
    st.booleans().map(lambda b: _typed("true" if b else "false", "boolean")),
    st.tuples(TEXT, IRI_PART).map(
        lambda t: ox.Literal(t[0], datatype=ox.NamedNode(f"https://example.org/dt/{t[1]}"))
    ),
)
SUBJECTS = st.one_of(
    LABEL.map(lambda s: ox.NamedNode(entity_iri(slugify(s)))),
    st.sampled_from(["東京電力", "ωmega-labs", "bjørn"]).map(lambda s: ox.NamedNode(entity_iri(s))),
    IRI_PART.map(lambda s: ox.NamedNode(f"https://example.org/x/{s}")),
)
QUADS = st.lists(
    st.tuples(
        SUBJECTS,
        st.sampled_from(PREDICATES),
        st.one_of(SUBJECTS, LITERALS),
        st.sampled_from(["doc-a", "doc-b"]),
    ).map(lambda t: ox.Quad(t[0], t[1], t[2], ox.NamedNode(document_graph(t[3])))),
    min_size=1,
    max_size=12,
)


def _read(path: Path, fmt: str, quads: list[ox.Quad]) -> set[ox.Quad]:
    got = set(ox.parse(path=str(path), format=_OX[fmt]))
    if not any(isinstance(q.object, ox.Literal) and _CONTROL.search(q.object.value) for q in quads):
        assert set(read_rdf(path, fmt).quads) == got
    return got


_OX = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@given(QUADS)
@example(
    [
        ox.Quad(
            ox.NamedNode(entity_iri("東京電力")),
            PREDICATES[1],
            _typed("1.50", "decimal"),
            ox.NamedNode(document_graph("doc-a")),
        )
    ]
)
@example(
    [
        ox.Quad(
            ox.NamedNode(entity_iri("a")),
            PREDICATES[1],
            NASTY,
            ox.NamedNode(document_graph("doc-a")),
        )
    ]
)
def test_every_rdf_format_reads_back_to_the_same_triples(quads: list[ox.Quad]) -> None:
    store = ox.Store()
    store.extend(quads)
    expected = set(store)  # what the store holds (it keeps decimals in canonical form)
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in RDF_FORMATS:
            out = Path(tmp) / f"out{EXPORT_FORMATS[fmt] or ''}"
            export_store(store, out, fmt)
            got = _read(out, fmt, quads)
            if registry()[fmt].named_graphs:
                assert got == expected, fmt
            else:
                assert {q.triple for q in got} == {q.triple for q in expected}, fmt
