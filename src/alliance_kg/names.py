"""The project-wide name index: which declarations, across documents, are one thing.

`NameIndex.build` reads every annotation of a build before any is loaded. Declarations of
different documents are the same entity when they share an explicit IRI (`id:` or the slug of
the label), an ISO 3166 code (nations) or a name (label or alias, compared case-insensitively).
The loader then takes each declaration's IRI and canonical label from the index, and resolves
names a document uses without declaring them (docs/design.md, "Identity").
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from .annotation import SourcedAnnotation
from .errors import IdentityError
from .identity import entity_iri, find_country, slugify
from .namespaces import AKID
from .ontology import Vocabulary

Origin = tuple[str, int | None]
_SECTIONS = ("entities", "investments", "commitments")


@dataclass
class Declaration:
    """One entity declared by one annotation file."""

    path: str
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
        self._by_decl: dict[tuple[str, tuple[str, int]], Entity] = {}
        self._by_name: dict[str, list[Entity]] = {}
        self._by_iri: dict[str, Entity] = {}
        self._by_path: dict[str, list[tuple[tuple[str, int], Entity]]] = {}

    # -- building -----------------------------------------------------------------------------
    @classmethod
    def build(cls, annotations: Sequence[SourcedAnnotation], vocab: Vocabulary) -> NameIndex:
        """The index of every declaration of `annotations`."""
        decls: list[Declaration] = []
        for ann in annotations:
            decls += declarations(ann, vocab)
        return cls.from_declarations(decls, vocab)

    @classmethod
    def from_declarations(cls, decls: Sequence[Declaration], vocab: Vocabulary) -> NameIndex:
        """The index of `decls` (of any number of files; read from them or from a manifest)."""
        decls = sorted(decls, key=lambda d: (d.path, d.index))
        # union-find over declarations of *different* documents that share a key
        parent = list(range(len(decls)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        keys: dict[str, list[int]] = {}
        for i, d in enumerate(decls):
            for key in sorted(d.keys()):
                keys.setdefault(key, []).append(i)
        for members in keys.values():
            if len({decls[i].path for i in members}) < 2:
                continue  # within one file, names are the file's own business
            for i in members[1:]:
                parent[find(i)] = find(members[0])
        groups: dict[int, list[Declaration]] = {}
        for i, d in enumerate(decls):
            groups.setdefault(find(i), []).append(d)
        index = cls()
        for members in groups.values():  # in order of first member: path order
            index._add(members, vocab)
        return index

    def _add(self, members: list[Declaration], vocab: Vocabulary) -> None:
        members.sort(key=lambda d: (d.path, d.index))
        seen: dict[str, Declaration] = {}
        for d in members:
            other = seen.setdefault(d.path, d)
            if other is not d:
                others = [m for m in members if m.path != d.path]
                both = [m for m in others if m.keys() & other.keys() and m.keys() & d.keys()]
                third = (both or others)[0]
                raise IdentityError(
                    f"{third.label!r} ({third.where}) names two different entities of "
                    f"{d.path}: {other.label!r} ({other.where}) and {d.label!r} ({d.where}); "
                    "rename one, or set `id:` to say which is meant"
                )
        first = members[0]
        for j, d in enumerate(members):
            for e in members[:j]:  # every pair: two subclasses of the first may still clash
                known = e.cls in vocab.classes and d.cls in vocab.classes
                if known and not (vocab.is_a(e.cls, d.cls) or vocab.is_a(d.cls, e.cls)):
                    raise IdentityError(
                        f"{d.label!r} is declared {e.cls} and {d.cls} "
                        f"({e.where} and {d.where}); one thing has one kind"
                    )
        pinned = {d.own_iri for d in members if d.pinned}
        if len(pinned) > 1:
            a, b = [d for d in members if d.pinned][:2]
            raise IdentityError(
                f"{a.label!r} ({a.where}) and {b.label!r} ({b.where}) are one entity but set "
                f"different ids ({a.own_iri} and {b.own_iri})"
            )
        # the IRI must not depend on file order: a pinned id, else the shortest own slug
        iri = next(iter(pinned)) if pinned else min((d.own_iri for d in members),
                                                    key=lambda i: (len(i), str(i)))  # fmt: skip
        entity = Entity(iri, first.label, first.cls, members)
        self.entities.append(entity)
        for d in members:
            self._by_decl[(d.path, d.loc)] = entity
            self._by_path.setdefault(d.path, []).append((d.loc, entity))
            self._by_iri[str(d.own_iri)] = entity
            for name in d.names():
                found = self._by_name.setdefault(name, [])
                if entity not in found:
                    found.append(entity)
        self._by_iri[str(iri)] = entity

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
