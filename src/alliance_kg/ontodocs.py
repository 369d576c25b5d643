"""Ontology documentation: one offline HTML page of every class and property, with examples.

`render_docs(store, folder)` reads the ontology the store was built with (`Vocabulary`) and, for
each ak: term, its definition, place in the hierarchy, domain and range (a union as its
members), characteristics and inverses, and an example from the data: one asserted statement
that uses the term (for a class, an entity typed with it), with the sentence of its evidence.
The page is our own template, not pyLODE's: pyLODE cannot add examples from instance data, and
this page must work offline (no CDN, no script; every text escaped).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .files import atomic_write
from .namespaces import AKGRAPH, ONTOLOGY_IRI, PREFIXES, short
from .ontology import Term, Vocabulary

_DOC_GRAPHS = str(AKGRAPH["doc/"])

#: an entity typed with the class, and the sentence of its type statement's evidence
_CLASS_EXAMPLE = """
SELECT ?s ?label ?sentence ?term ?docs WHERE {
  GRAPH ?g { ?s a ?term .
    OPTIONAL { ?s rdfs:label ?label }
    OPTIONAL { ?st rdf:subject ?s ; rdf:predicate rdf:type ; rdf:object ?term ;
                   ak:evidence/ak:sentence ?sentence } }
  FILTER(STRSTARTS(STR(?g), ?docs))
} ORDER BY ?label ?s ?sentence LIMIT 1"""

#: a triple with the property, and the sentence of its statement's (or its subject's) evidence
_PROPERTY_EXAMPLE = """
SELECT ?s ?o ?sentence ?term ?docs WHERE {
  GRAPH ?g { ?s ?term ?o .
    OPTIONAL { ?st rdf:subject ?s ; rdf:predicate ?term ; rdf:object ?o ;
                   ak:evidence/ak:sentence ?stated }
    OPTIONAL { ?s ak:evidence/ak:sentence ?own } }
  FILTER(STRSTARTS(STR(?g), ?docs))
  BIND(COALESCE(?stated, ?own) AS ?sentence)
} ORDER BY ?s ?o ?sentence LIMIT 1"""


@dataclass(frozen=True)
class Example:
    """One statement from the data that uses a term, and the sentence that says it."""

    subject: str
    predicate: str
    object: str
    sentence: str | None


@dataclass(frozen=True)
class DocsReport:
    """What `render_docs` wrote."""

    path: Path
    classes: int
    properties: int
    examples: int


def _text(term: Any) -> str:
    if isinstance(term, ox.Literal):
        return term.value
    return short(term.value) if isinstance(term, ox.NamedNode) else str(term)


def _labelled(store: ox.Store, term: Any) -> str:
    """An IRI as its label (if the data gives one) with its short form, a literal as text."""
    if not isinstance(term, ox.NamedNode):
        return _text(term)
    for q in store.quads_for_pattern(term, ox.NamedNode(PREFIXES["rdfs"] + "label"), None, None):
        return f"{q.object.value} ({short(term.value)})"
    return short(term.value)


def example(store: ox.Store, term: Term) -> Example | None:
    """An asserted statement of the data that uses `term`, with its evidence sentence."""
    query = _CLASS_EXAMPLE if term.kind == "class" else _PROPERTY_EXAMPLE
    rows = list(
        store.query(
            query,
            prefixes=PREFIXES,
            substitutions={
                ox.Variable("term"): ox.NamedNode(term.iri),
                ox.Variable("docs"): ox.Literal(_DOC_GRAPHS),
            },
        )
    )
    if not rows:
        return None
    row = rows[0]
    sentence = row["sentence"].value if row["sentence"] is not None else None
    if term.kind == "class":
        return Example(_labelled(store, row["s"]), "a", term.name, sentence)
    return Example(_labelled(store, row["s"]), term.name, _labelled(store, row["o"]), sentence)


# --------------------------------------------------------------------------- HTML

_CSS = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
line-height:1.45;color:#222}
h1{margin-bottom:.2rem}h2{border-bottom:2px solid #ddd;margin-top:2.5rem}
section.term{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;margin:1rem 0}
section.term h3{margin:.2rem 0}code{background:#f4f4f4;padding:0 .2rem;border-radius:3px}
table{border-collapse:collapse}th{text-align:left;padding-right:1rem;vertical-align:top;
font-weight:600;white-space:nowrap}td{padding:.1rem 0}.example{background:#f7faf7;
border-left:3px solid #6a6;padding:.3rem .6rem}.none{color:#888}nav ul{columns:3}
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _link(vocab: Vocabulary, iri: str) -> str:
    """A term as a link to its section (ak:) or its IRI (http(s) only), escaped."""
    term = vocab.get(iri)
    if term is not None and iri.startswith(PREFIXES["ak"]):
        return f'<a href="#{_e(term.name)}"><code>{_e(term.name)}</code></a>'
    if iri.startswith(("http://", "https://")):
        return f'<a href="{_e(iri)}"><code>{_e(short(iri))}</code></a>'
    return f"<code>{_e(short(iri))}</code>"


def _sets(vocab: Vocabulary, sets: tuple[frozenset[str], ...], empty: str) -> str:
    if not sets:
        return f'<span class="none">{_e(empty)}</span>'
    return "; ".join(" or ".join(_link(vocab, i) for i in sorted(s)) for s in sets)


def _row(name: str, value: str) -> str:
    return f"<tr><th>{_e(name)}</th><td>{value}</td></tr>"


def _section(vocab: Vocabulary, term: Term, ex: Example | None, subs: list[str]) -> str:
    rows = [_row("IRI", f"<code>{_e(term.iri)}</code>")]
    rows.append(_row("Definition", _e(term.definition) or '<span class="none">—</span>'))
    if term.kind == "class":
        rows.append(
            _row(
                "Subclass of",
                _sets(vocab, tuple(frozenset({p}) for p in sorted(term.parents)), "—"),
            )
        )
        rows.append(_row("Subclasses", ", ".join(_link(vocab, s) for s in subs) or "—"))
        if term.core_order is not None:
            rows.append(_row("Core class", f"yes (number {term.core_order} of the contract)"))
    else:
        rows.append(_row("Domain", _sets(vocab, term.domains, "any (no rdfs:domain)")))
        rows.append(_row("Range", _sets(vocab, term.ranges, "any (no rdfs:range)")))
        if term.parents:
            rows.append(
                _row("Subproperty of", ", ".join(_link(vocab, p) for p in sorted(term.parents)))
            )
        if term.inverses:
            rows.append(_row("Inverse", ", ".join(_link(vocab, i) for i in sorted(term.inverses))))
        traits = [
            n
            for n, on in (
                ("symmetric", term.symmetric),
                ("transitive", term.transitive),
                ("functional", term.functional),
            )
            if on
        ]
        if traits:
            rows.append(_row("Characteristics", _e(", ".join(traits))))
    if ex is None:
        rows.append(_row("Example", '<span class="none">none in the data</span>'))
    else:
        said = f"<br>“{_e(ex.sentence)}”" if ex.sentence else ""
        statement = f"{_e(ex.subject)} <b>{_e(ex.predicate)}</b> {_e(ex.object)}"
        rows.append(_row("Example", f'<div class="example">{statement}{said}</div>'))
    return (
        f'<section class="term" id="{_e(term.name)}"><h3>{_e(term.label)} '
        f"<code>{_e(term.name)}</code> <small>{_e(term.kind)}</small></h3>"
        f"<table>{''.join(rows)}</table></section>"
    )


KINDS = (("class", "Classes"), ("object property", "Object properties"),
         ("datatype property", "Datatype properties"),
         ("annotation property", "Annotation properties"))  # fmt: skip


def render_html(store: ox.Store, vocab: Vocabulary) -> tuple[str, int]:
    """The page, and how many terms got an example from the data."""
    meta = {
        short(q.predicate.value): q.object.value
        for q in store.quads_for_pattern(ox.NamedNode(ONTOLOGY_IRI), None, None, None)
        if isinstance(q.object, ox.Literal)
    }
    title = meta.get("dcterms:title", "alliance-kg ontology")
    parts = [
        f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>{_e(title)}</title>",
        "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">",
        f"<style>{_CSS}</style></head><body><h1>{_e(title)}</h1>",
        f"<p><code>{_e(ONTOLOGY_IRI)}</code> version {_e(meta.get('owl:versionInfo', '?'))}</p>",
        f"<p>{_e(meta.get('dcterms:description', ''))}</p>",
        "<p>Each term with its definition, domain and range, and an example statement from the "
        "built graph with the sentence it comes from. Generated by <code>alliance-kg docs</code>"
        "; do not edit.</p><nav>",
    ]
    for kind, heading in KINDS:
        terms = vocab.terms(kind)  # type: ignore[arg-type]
        links = "".join(f'<li><a href="#{_e(t.name)}">{_e(t.name)}</a></li>' for t in terms)
        parts.append(f"<h2>{_e(heading)} ({len(terms)})</h2><ul>{links}</ul>")
    parts.append("</nav>")
    examples = 0
    subclasses: dict[str, list[str]] = {}
    for t in vocab.terms("class"):
        for parent in t.parents:
            subclasses.setdefault(parent, []).append(t.iri)
    for kind, heading in KINDS:
        parts.append(f"<h2>{_e(heading)}</h2>")
        for t in vocab.terms(kind):  # type: ignore[arg-type]
            ex = example(store, t)
            examples += ex is not None
            parts.append(_section(vocab, t, ex, sorted(subclasses.get(t.iri, []))))
    parts.append("</body></html>\n")
    return "\n".join(parts), examples


def render_docs(store: ox.Store, folder: Path) -> DocsReport:
    """Write ``index.html`` documenting the store's ontology into `folder` (atomically)."""
    vocab = Vocabulary.from_store(store)
    page, examples = render_html(store, vocab)
    path = Path(folder) / "index.html"
    with atomic_write(path) as fh:
        fh.write(page.encode("utf-8"))
    classes = len(vocab.terms("class"))
    return DocsReport(path, classes, len(vocab.terms()) - classes, examples)
