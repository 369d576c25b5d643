"""Names → entities: resolve "DOE" or "Department of Energy" to one IRI, or say why not.

Every command that takes an entity argument (query parameters, why, analyse, viz) uses this, so
a name means the same thing everywhere.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import pyoxigraph as ox

from .derived import union_options
from .errors import EntityNotFoundError
from .iris import AKID, PREFIXES

_NAMES = """
SELECT DISTINCT ?entity ?label ?name WHERE {
  ?entity rdfs:label ?label .
  FILTER(STRSTARTS(STR(?entity), STR(akid:)))
  { ?entity rdfs:label ?name } UNION { ?entity skos:altLabel ?name }
}
"""


@dataclass(frozen=True)
class Entity:
    """An entity of the graph: its IRI and canonical label."""

    iri: str
    label: str


def _norm(text: str) -> str:
    """Case, punctuation and a leading "the" ignored: "the U.S. DOE" ~ "us doe"."""
    text = re.sub(r"[^\w\s]", "", text.casefold())
    text = re.sub(r"^the\s+", "", " ".join(text.split()))
    return text


def names_index(store: ox.Store) -> list[tuple[Entity, str]]:
    """Every (entity, name) pair of the store (akid: entities, not ontology terms), every graph."""
    rows = store.query(_NAMES, **union_options(store), prefixes=PREFIXES)
    return [(Entity(r["entity"].value, r["label"].value), r["name"].value) for r in rows]


def _as_iris(name: str) -> list[str]:
    """The IRIs `name` may be: itself, ``<iri>``, ``prefix:local`` (as tables print IRIs), or a
    slug (of any script: ``東京電力``, ``हिन्दी-समिति``)."""
    text = name.strip()
    out = [name, text]
    if text.startswith("<") and text.endswith(">"):
        out.append(text[1:-1])
    prefix, colon, local = text.partition(":")
    if colon and prefix in PREFIXES:
        out.append(PREFIXES[prefix] + local)
    out.append(AKID + text)
    return out


_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


def _by_iri(store: ox.Store, name: str) -> Entity | None:
    """The entity `name` names as an IRI, ``akid:slug`` or slug, looked up directly when it has
    one label; None to read the whole names index (0.9-1.5 s at a million triples)."""
    for iri in _as_iris(name):
        if not iri.startswith(AKID):
            continue
        try:
            node = ox.NamedNode(iri)
        except ValueError:
            continue
        labels = {q.object.value for q in store.quads_for_pattern(node, _LABEL, None)
                  if isinstance(q.object, ox.Literal)}  # fmt: skip
        if len(labels) == 1:
            return Entity(iri, labels.pop())
        if labels:
            return None  # several labels: the index picks, as it always has
    return None


def resolve_entity(store: ox.Store, name: str) -> Entity:
    """The one entity whose IRI, slug, label or alias is `name` (case-insensitively).

    Raises `EntityNotFoundError` naming close matches when nothing matches, and the candidates
    when several entities share the name.
    """
    found = _by_iri(store, name)
    if found is not None:
        return found
    index = names_index(store)
    by_iri = {e.iri: e for e, _ in index}
    for iri in _as_iris(name):
        if iri in by_iri:
            return by_iri[iri]
    for key in (lambda s: s.casefold(), _norm):
        target = key(name)
        found = {e for e, n in index if key(n) == target}
        if len(found) == 1:
            return next(iter(found))
        if len(found) > 1:
            labels = sorted({e.label for e in found})
            raise EntityNotFoundError(
                f"{name!r} names {len(found)} entities: {'; '.join(labels)}; use a canonical label"
            )
    names = sorted({n for _, n in index})
    close = difflib.get_close_matches(name, names, n=5, cutoff=0.5)
    close += [n for n in names if _norm(name) and _norm(name) in _norm(n) and n not in close][:5]
    hint = f"; did you mean: {'; '.join(close[:5])}?" if close else ""
    raise EntityNotFoundError(f"no entity is named {name!r}{hint}")
