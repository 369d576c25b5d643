"""Name resolution (`resolve.resolve_entity`): every name of an entity leads to it.

A generated store holds entities with labels and aliases (no two sharing a name). Each entity
is found by its label, each alias, its slug, its IRI and the IRI as tables print it
(``akid:slug`` or ``<iri>``), whatever the case, the spacing around and inside the name, and a
leading "the"; an unknown name and arbitrary text give `EntityNotFoundError`, nothing else.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from alliance_kg.errors import EntityNotFoundError
from alliance_kg.identity import entity_iri, slugify
from alliance_kg.namespaces import short
from alliance_kg.resolve import _norm, resolve_entity

from .strategies import ANY_TEXT, LABEL

RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
ALT_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
GRAPH = ox.NamedNode("https://w3id.org/alliance-kg/graph/doc/test")
NAME = LABEL | st.sampled_from(["東京電力", "हिन्दी समिति", "Ωmega Labs", "Bjørn Gram"])


@st.composite
def entities(draw: st.DrawFn) -> list[tuple[str, list[str]]]:
    """(label, aliases) of a few entities; no two names alike once normalised, no clash of a
    name with another entity's slug."""
    names = draw(st.lists(NAME, min_size=1, max_size=8, unique_by=_norm))
    names = [n for n in names if _norm(n) and slugify(n)]
    out: list[tuple[str, list[str]]] = []
    while names:
        k = draw(st.integers(1, min(3, len(names))))
        out.append((names[0], names[1:k]))
        names = names[k:]
    slugs = {slugify(label) for label, _ in out}
    return [(lab, al) for lab, al in out if not any(_norm(a) in slugs for a in al)] or out[:1]


def _store(ents: list[tuple[str, list[str]]]) -> ox.Store:
    store = ox.Store()
    for label, aliases in ents:
        me = ox.NamedNode(entity_iri(slugify(label)))
        store.add(ox.Quad(me, RDFS_LABEL, ox.Literal(label), GRAPH))
        for alias in aliases:
            store.add(ox.Quad(me, ALT_LABEL, ox.Literal(alias), GRAPH))
    return store


SPELLINGS = [
    str.upper,
    str.lower,
    lambda s: f"  {s} ",
    lambda s: s.replace(" ", "   "),
    lambda s: f"the {s}",
    lambda s: s,
]


@given(entities(), st.sampled_from(range(len(SPELLINGS))))
@example([("हिन्दी समिति", [])], 5)
@example([("Ωmega Labs", ["Omega"])], 0)
def test_every_name_of_an_entity_resolves_to_it(
    ents: list[tuple[str, list[str]]], spelling: int
) -> None:
    store = _store(ents)
    spell = SPELLINGS[spelling]
    for label, aliases in ents:
        iri = entity_iri(slugify(label))
        for name in (label, *aliases):
            assert resolve_entity(store, spell(name)).iri == iri, name
        for form in (iri, slugify(label), short(iri)):
            found = resolve_entity(store, form)
            assert (found.iri, found.label) == (iri, label), form


@given(entities(), ANY_TEXT)
@example([("Japan", [])], "akid:")
@example([("Japan", [])], "<>")
def test_any_other_name_is_found_or_not_found_clearly(
    ents: list[tuple[str, list[str]]], name: str
) -> None:
    store = _store(ents)
    try:
        found = resolve_entity(store, name)
    except EntityNotFoundError as exc:
        assert repr(name) in str(exc)
    else:
        assert found.iri in {entity_iri(slugify(label)) for label, _ in ents}


def test_a_name_with_a_space_is_looked_up_without_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # `why "Mitsubishi Electric"` printed rdflib's "does not look like a valid URI" warning:
    # the slug guess was built as a URIRef
    from alliance_kg.resolve import _as_iris

    with caplog.at_level("WARNING"):
        iris = _as_iris("Mitsubishi Electric")
    assert "https://w3id.org/alliance-kg/id/Mitsubishi Electric" in iris
    assert not caplog.records


def test_an_iri_or_slug_is_looked_up_without_reading_every_name(monkeypatch) -> None:
    """At a million triples the names index takes a second; an IRI, ``akid:slug`` or slug with
    one label is found by a direct lookup, and a name that is none goes on to the index."""
    from alliance_kg import resolve

    store = _store([("Tromsvik Institute", ["TI"])])
    iri = entity_iri(slugify("Tromsvik Institute"))

    def no_index(_store: ox.Store) -> list:
        raise AssertionError("read the whole names index")

    monkeypatch.setattr(resolve, "names_index", no_index)
    for name in (iri, f"<{iri}>", short(iri), slugify("Tromsvik Institute")):
        assert resolve_entity(store, name) == resolve.Entity(iri, "Tromsvik Institute")
    with pytest.raises(AssertionError, match="names index"):
        resolve_entity(store, "TI")
