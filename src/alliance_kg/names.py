"""The project-wide name index: which declarations, across documents, are one thing.

`NameIndex.build` reads every annotation of a build before any is loaded. Declarations of
different documents are the same entity when they share an explicit IRI (`id:` or the slug of
the label), an ISO 3166 code (nations) or a name (label or alias, compared case-insensitively).
The reviewed decisions of ``graph/identities.yaml`` (`alliance_kg.identities`) are replayed on
top: `same` joins what the names did not, `different` keeps apart what they would have joined.
The loader then takes each declaration's IRI and canonical label from the index, and resolves
names a document uses without declaring them (docs/design.md, "Identity").
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from .annotation import SourcedAnnotation
from .errors import IdentityError
from .identities import Applied, Decisions, resolve
from .identity import entity_iri, find_country, slugify
from .namespaces import AKID, short
from .ontology import Vocabulary

Origin = tuple[str, int | None]
Edge = tuple[int, int, str]  # two declarations and why they are one ("the name 'lynas'")
_SECTIONS = ("entities", "investments", "commitments")


@dataclass
class Declaration:
    """One entity declared by one annotation file."""

    path: str
    doc_id: str
    index: int  # position in the file, over all sections
    loc: tuple[str, int]
    label: str
    aliases: tuple[str, ...]
    cls: str
    own_iri: URIRef  # the slug of its `id:` or label
    pinned: bool  # whether `id:` set the slug
    iso: str | None
    origin: Origin

    @property
    def where(self) -> str:
        return f"{self.origin[0]}:{self.origin[1]}"

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready record, so a build can reuse an unchanged file's declarations."""
        return {
            "path": self.path,
            "doc_id": self.doc_id,
            "index": self.index,
            "loc": list(self.loc),
            "label": self.label,
            "aliases": list(self.aliases),
            "cls": self.cls,
            "own_iri": str(self.own_iri),
            "pinned": self.pinned,
            "iso": self.iso,
            "origin": list(self.origin),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Declaration:
        """The declaration `to_json` recorded."""
        return cls(
            path=data["path"],
            doc_id=data["doc_id"],
            index=data["index"],
            loc=(data["loc"][0], data["loc"][1]),
            label=data["label"],
            aliases=tuple(data["aliases"]),
            cls=data["cls"],
            own_iri=URIRef(data["own_iri"]),
            pinned=data["pinned"],
            iso=data["iso"],
            origin=(data["origin"][0], data["origin"][1]),
        )

    def names(self) -> list[str]:
        return list(dict.fromkeys(n.casefold() for n in (self.label, *self.aliases)))

    def keys(self) -> set[str]:
        """What makes two declarations one thing: the IRI, a name, the ISO code."""
        out = {f"iri {self.own_iri}", *(f"name {n}" for n in self.names())}
        return out | ({f"iso {self.iso}"} if self.iso else set())


@dataclass
class Entity:
    """One thing, as every document declaring it sees it."""

    iri: URIRef
    label: str  # canonical: the first declaration in path order
    cls: str
    members: list[Declaration] = field(default_factory=list)

    @property
    def first(self) -> Declaration:
        return self.members[0]

    def names(self) -> list[str]:
        """Every name any document gives it: the canonical label first."""
        out = [self.label]
        for d in self.members:
            out += [n for n in (d.label, *d.aliases) if n not in out]
        return out


class NameIndex:
    """Every declaration of a build, grouped into entities."""

    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self.declarations: list[Declaration] = []
        #: the reviewed decisions applied, each with the entities its references ended up in
        self.decided: list[Applied] = []
        self._by_decl: dict[tuple[str, tuple[str, int]], Entity] = {}
        self._by_name: dict[str, list[Entity]] = {}
        self._by_iri: dict[str, Entity] = {}
        self._by_path: dict[str, list[tuple[tuple[str, int], Entity]]] = {}

    # -- building -----------------------------------------------------------------------------
    @classmethod
    def build(
        cls,
        annotations: Sequence[SourcedAnnotation],
        vocab: Vocabulary,
        decisions: Decisions | None = None,
    ) -> NameIndex:
        """Group every declaration of `annotations` into entities, replaying `decisions`."""
        decls: list[Declaration] = []
        for ann in annotations:
            decls += declarations(ann, vocab)
        return cls.from_declarations(decls, vocab, decisions)

    @classmethod
    def from_declarations(
        cls,
        decls: Sequence[Declaration],
        vocab: Vocabulary,
        decisions: Decisions | None = None,
    ) -> NameIndex:
        """The index of `decls` (of any number of files; read from them or from a manifest)."""
        decls = sorted(decls, key=lambda d: (d.path, d.index))
        documents = {d.doc_id: d.path for d in decls}
        applied = resolve(decisions, decls, documents, vocab) if decisions is not None else []
        edges = _decision_edges(applied) + _name_edges(decls, _sides(applied, len(decls)))
        # union-find over the edges: declarations of different documents that are one thing
        parent = list(range(len(decls)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for i, j, _why in edges:
            parent[find(j)] = find(i)
        _check_apart(applied, decls, edges, find)
        groups: dict[int, list[Declaration]] = {}
        for i, d in enumerate(decls):
            groups.setdefault(find(i), []).append(d)
        decided_in: dict[int, list[str]] = {}
        for i, _j, why in edges:
            if why.startswith("the decision at "):
                decided_in.setdefault(find(i), []).append(why.removeprefix("the decision at "))
        index = cls()
        index.declarations = decls
        for root, members in groups.items():  # in order of first member: path order
            index._add(members, vocab, sorted(set(decided_in.get(root, []))))
        index._index_iris()
        index._check_iris(applied)
        for a in applied:
            a.entities = [index._entities_of([decls[i] for i in g]) for g in a.groups]
        index.decided = applied
        return index

    def _add(self, members: list[Declaration], vocab: Vocabulary, via: list[str]) -> None:
        members.sort(key=lambda d: (d.path, d.index))
        joined = f" (joined by the decision at {', '.join(via)})" if via else ""
        seen: dict[str, Declaration] = {}
        for d in members:
            other = seen.setdefault(d.path, d)
            if other is not d:
                others = [m for m in members if m.path != d.path]
                both = [m for m in others if m.keys() & other.keys() and m.keys() & d.keys()]
                third = (both or others)[0]
                raise IdentityError(
                    f"{third.label!r} ({third.where}) names two different entities of "
                    f"{d.path}: {other.label!r} ({other.where}) and {d.label!r} ({d.where})"
                    f"{joined}; rename one, or set `id:` to say which is meant"
                )
        first = members[0]
        # every pair of classes: two subclasses of the first may still clash. Each class once,
        # with its first declaration (the pair the error names is the one the check of every
        # pair of declarations finds first): a nation that 700 documents declare is not 250k pairs
        first_of: dict[str, Declaration] = {}
        for d in members:
            for cls, e in first_of.items():
                known = cls in vocab.classes and d.cls in vocab.classes
                if known and not (vocab.is_a(cls, d.cls) or vocab.is_a(d.cls, cls)):
                    raise IdentityError(
                        f"{d.label!r} is declared {e.cls} and {d.cls} "
                        f"({e.where} and {d.where}){joined}; one thing has one kind"
                    )
            first_of.setdefault(d.cls, d)
        pinned = {d.own_iri for d in members if d.pinned}
        if len(pinned) > 1:
            a, b = [d for d in members if d.pinned][:2]
            raise IdentityError(
                f"{a.label!r} ({a.where}) and {b.label!r} ({b.where}) are one entity{joined} but "
                f"set different ids ({a.own_iri} and {b.own_iri})"
            )
        # the IRI must not depend on file order: a pinned id, else the shortest own slug
        iri = next(iter(pinned)) if pinned else min((d.own_iri for d in members),
                                                    key=lambda i: (len(i), str(i)))  # fmt: skip
        entity = Entity(iri, first.label, first.cls, members)
        self.entities.append(entity)
        for d in members:
            self._by_decl[(d.path, d.loc)] = entity
            self._by_path.setdefault(d.path, []).append((d.loc, entity))
            for name in d.names():
                found = self._by_name.setdefault(name, [])
                if entity not in found:
                    found.append(entity)

    def _entities_of(self, decls: list[Declaration]) -> list[Entity]:
        """The entities `decls` belong to, each once, in order."""
        out: list[Entity] = []
        for d in decls:
            entity = self._by_decl[(d.path, d.loc)]
            if all(entity is not e for e in out):
                out.append(entity)
        return out

    def _index_iris(self) -> None:
        """Look entities up by IRI: their own, and (where no entity has it) any member's slug."""
        for entity in self.entities:
            for d in entity.members:
                self._by_iri.setdefault(str(d.own_iri), entity)
        for entity in self.entities:
            self._by_iri[str(entity.iri)] = entity

    def _check_iris(self, applied: list[Applied]) -> None:
        """Entities a `different` decision keeps apart must not get one IRI."""
        owner: dict[URIRef, Entity] = {}
        for entity in self.entities:
            other = owner.setdefault(entity.iri, entity)
            paths = {d.path for d in other.members} | {d.path for d in entity.members}
            if other is entity or len(paths) < 2 or not self._apart_by(applied, other, entity):
                continue  # two labels of one file with one slug: the loader says so
            a, b = other.first, entity.first
            where = self._apart_by(applied, other, entity)
            raise IdentityError(
                f"{where}: {a.label!r} ({a.where}) and {b.label!r} ({b.where}) are different, "
                f"but both get the IRI {short(entity.iri)}; set `id:` on one of them in its "
                f"annotation (e.g. id: {str(entity.iri).rsplit('/', 1)[-1]}-{b.doc_id})"
            )

    def _apart_by(self, applied: list[Applied], a: Entity, b: Entity) -> str | None:
        """The `different` decision that keeps entities `a` and `b` apart, if one does."""
        of_a = {(d.path, d.loc) for d in a.members}
        of_b = {(d.path, d.loc) for d in b.members}
        for x in applied:
            if x.decision.kind != "different":
                continue
            sides = [{(self.declarations[i].path, self.declarations[i].loc) for i in g}
                     for g in x.groups]  # fmt: skip
            hits_a = {k for k, s in enumerate(sides) if s & of_a}
            hits_b = {k for k, s in enumerate(sides) if s & of_b}
            if hits_a and hits_b and hits_a != hits_b:
                return x.decision.where
        return None

    def apart(self) -> set[frozenset[URIRef]]:
        """Pairs of entities (IRIs) that a `different` decision keeps apart."""
        out = set()
        for a in self.decided:
            if a.decision.kind != "different":
                continue
            sides = a.entities or []
            for j, side in enumerate(sides):
                for other in sides[:j]:
                    out |= {frozenset((x.iri, y.iri)) for x in side for y in other if x is not y}
        return out

    # -- lookups ------------------------------------------------------------------------------
    def fingerprint(self, path: str, lookups: Sequence[str]) -> str:
        """A digest of what loading file `path` takes from the index.

        That is the IRI and canonical label of each thing the file declares, and what each
        name in `lookups` (the names the file used without declaring, as its last load
        recorded them) resolves to, with the names the loader searches the text for. A file
        whose fingerprint and bytes are unchanged loads to the same quads, so a build reuses
        its previous load.
        """
        h = hashlib.sha256()
        for loc, entity in sorted(self._by_path.get(path, []), key=lambda x: x[0]):
            h.update(f"d {loc[0]} {loc[1]} {entity.iri} {entity.label}\n".encode())
        for name in sorted(set(lookups)):
            for e in self.lookup(name):
                h.update(f"n {name}\t{e.iri}\t{e.label}\t{e.cls}\t{e.names()}\n".encode())
            h.update(b"\n")
        return h.hexdigest()

    def declared(self, path: str, loc: tuple[str, int]) -> Entity | None:
        """The entity a declaration (file, section, position) belongs to."""
        return self._by_decl.get((path, loc))

    def lookup(self, name: str) -> list[Entity]:
        """Entities a name can mean: by IRI (`akid:slug` or full) or `id`, else label/alias."""
        text = name.strip()
        if text.startswith("akid:"):
            text = str(AKID[text[5:]])
        if text in self._by_iri:
            return [self._by_iri[text]]
        found = self._by_name.get(name.casefold(), [])
        if found:
            return list(found)
        pinned = self._by_iri.get(entity_iri(slugify(name)))
        if pinned is not None and any(d.pinned for d in pinned.members):
            return [pinned]
        return []


def declarations(ann: SourcedAnnotation, vocab: Vocabulary) -> list[Declaration]:
    """What one annotation file declares (entities, investments, commitments), in file order."""
    out: list[Declaration] = []
    m = ann.model
    n = 0
    for section in _SECTIONS:
        for i, spec in enumerate(getattr(m, section)):
            n += 1
            slug = slugify(spec.id or spec.label)
            if not slug:
                continue  # the loader says why
            cls = getattr(spec, "class_", None) or _default_class(section, spec)
            iso = None
            if section == "entities" and cls in vocab.classes and vocab.is_a(cls, "Nation"):
                iso = _iso(spec)
            out.append(
                Declaration(
                    path=str(ann.path),
                    doc_id=ann.doc_id,
                    index=n,
                    loc=(section, i),
                    label=spec.label,
                    aliases=tuple(spec.aliases),
                    cls=cls,
                    own_iri=URIRef(entity_iri(slug)),
                    pinned=spec.id is not None,
                    iso=iso,
                    origin=(str(ann.path), ann.line(section, i)),
                )
            )
    return out


def _default_class(section: str, spec: Any) -> str:
    return "Investment" if section == "investments" else "Commitment"


def _iso(spec: Any) -> str | None:
    """The ISO 3166 alpha-2 code of a nation, as the loader finds it (None if unknown)."""
    country = find_country(spec.iso, (spec.label, *spec.aliases))
    return country.alpha_2 if country else None


# -- the edges of the union-find ------------------------------------------------------------


def _decision_edges(applied: list[Applied]) -> list[Edge]:
    """What `same` decisions join: every declaration they select, with the first."""
    edges: list[Edge] = []
    for a in applied:
        if a.decision.kind == "same":
            chosen = sorted({i for g in a.groups for i in g})
            edges += [(chosen[0], j, f"the decision at {a.decision.where}") for j in chosen[1:]]
    return edges


def _sides(applied: list[Applied], n: int) -> list[frozenset[tuple[int, int]]]:
    """For each declaration, the (decision, reference) sides of `different` decisions it is on.

    A side is what a reference selects together with everything `same` decisions join to it,
    so `same: [B, C]` puts C on B's side of `different: [A, B]`."""
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j, _why in _decision_edges(applied):
        parent[find(j)] = find(i)
    by_root: dict[int, set[tuple[int, int]]] = {}
    for k, a in enumerate(applied):
        if a.decision.kind != "different":
            continue
        for r, group in enumerate(a.groups):
            for i in group:
                by_root.setdefault(find(i), set()).add((k, r))
    for k, a in enumerate(applied):  # a `same` that puts one thing on two sides contradicts
        if a.decision.kind != "different":
            continue
        for r, group in enumerate(a.groups):
            for i in group:
                clash = {s for s in by_root[find(i)] if s[0] == k and s[1] != r}
                if clash:
                    other = a.decision.refs[min(clash)[1]].text
                    same = [
                        x.decision.where
                        for x in applied
                        if x.decision.kind == "same" and find(x.groups[0][0]) == find(i)
                    ]
                    raise IdentityError(
                        f"{a.decision.where}: different, but the `same` decision at "
                        f"{', '.join(same)} joins {a.decision.refs[r].text!r} with {other!r}; "
                        "the decisions contradict each other"
                    )
    return [frozenset(by_root.get(find(i), ())) for i in range(n)]


def _name_edges(decls: list[Declaration], sides: list[frozenset[tuple[int, int]]]) -> list[Edge]:
    """Declarations of different files that share an IRI, ISO code or name, except across the
    sides of a `different` decision."""
    keys: dict[str, list[int]] = {}
    for i, d in enumerate(decls):
        for key in sorted(d.keys()):
            keys.setdefault(key, []).append(i)
    edges: list[Edge] = []
    for key, members in keys.items():
        if len({decls[i].path for i in members}) < 2:
            continue  # within one file, names are the file's own business
        why = _why(key)
        if not any(sides[i] for i in members):
            edges += [(members[0], j, why) for j in members[1:]]
            continue
        for a, i in enumerate(members):
            for j in members[a + 1 :]:
                if decls[i].path != decls[j].path and not _across(sides[i], sides[j]):
                    edges.append((i, j, why))
    return edges


def _across(a: frozenset[tuple[int, int]], b: frozenset[tuple[int, int]]) -> bool:
    """Whether two declarations are on different sides of one `different` decision."""
    return any(k == m and r != s for k, r in a for m, s in b)


def _why(key: str) -> str:
    kind, _, value = key.partition(" ")
    if kind == "iri":
        return f"the IRI akid:{value.rsplit('/', 1)[-1]}"
    return f"the name {value!r}" if kind == "name" else f"the ISO code {value}"


def _check_apart(
    applied: list[Applied], decls: list[Declaration], edges: list[Edge], find: Any
) -> None:
    """A `different` decision whose sides the names (through a third document) or a `same`
    decision still join is an error that shows the chain joining them."""
    for a in applied:
        if a.decision.kind != "different":
            continue
        for r, group in enumerate(a.groups):
            for s in range(r):
                for i in group:
                    j = next((j for j in a.groups[s] if find(j) == find(i)), None)
                    if j is None:
                        continue
                    chain = _chain(edges, j, i, decls)
                    raise IdentityError(
                        f"{a.decision.where}: different, but {a.decision.refs[s].text!r} and "
                        f"{a.decision.refs[r].text!r} are still one entity: {chain}; add the "
                        "declarations between them to the decision (a reference each), or "
                        "join each to its side with a `same` decision"
                    )


def _chain(edges: list[Edge], start: int, goal: int, decls: list[Declaration]) -> str:
    """The shortest chain of edges from one declaration to another, as text."""
    links: dict[int, list[tuple[int, str]]] = {}
    for i, j, why in edges:
        links.setdefault(i, []).append((j, why))
        links.setdefault(j, []).append((i, why))
    back: dict[int, tuple[int, str] | None] = {start: None}
    queue = deque([start])
    while queue and goal not in back:
        here = queue.popleft()
        for there, why in links.get(here, []):
            if there not in back:
                back[there] = (here, why)
                queue.append(there)
    steps: list[str] = []
    node = goal
    while back.get(node) is not None:
        prev, why = back[node]  # type: ignore[misc]
        steps.append(f" —{why}— {decls[node].label!r} ({decls[node].where})")
        node = prev
    return f"{decls[start].label!r} ({decls[start].where})" + "".join(reversed(steps))
