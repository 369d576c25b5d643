"""Near-duplicate entities across documents, listed for review (``alliance-kg duplicates``).

The name index joins declarations of different documents only when they share an IRI, an ISO
code or a name exactly (`alliance_kg.names`). What it leaves apart but a reader would suspect is
one thing, `find_duplicates` lists: pairs of entities, declared in different files, that

* have the same or compatible classes (one a kind of the other: `Vocabulary.is_a`);
* belong to the same nation when both belong to one. An entity's nations are the objects of
  its ``country`` relations and, for its ``partOf`` and ``locatedIn`` relations, the object if
  that is a nation, else the object's ``country``. Two nations are left out when both have an
  ISO 3166 code and the codes differ;
* have similar names: rapidfuzz's ``WRatio`` (0–100) of the closest pair of their labels and
  aliases, each compared casefolded, without punctuation, a leading "the", legal suffixes
  (Ltd., Inc., Corporation, …) or a trailing parenthesis, whose content counts as a name of its
  own ("Japan Aerospace Exploration Agency (JAXA)"); or 100 when one's name is the acronym of
  the other's (NASA, National Aeronautics and Space Administration);
* and are not decided yet: a `same` decision has made them one entity, a `different` one is
  recorded in ``graph/identities.yaml`` (`alliance_kg.identities`).

It reads the annotation files as a build does, through the name index; no store is needed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .annotation import SourcedAnnotation
from .defaults import DUPLICATE_THRESHOLD
from .names import Entity, NameIndex
from .namespaces import short
from .ontology import Vocabulary
from .project import Project

#: words a company's name may end with that do not tell two companies apart
LEGAL_SUFFIXES = frozenset(
    ("ltd", "limited", "inc", "incorporated", "corp", "corporation", "co", "company", "plc",
     "llc", "gmbh", "ag", "sa", "kk", "pty")
)  # fmt: skip
#: words an acronym may skip (NASA: National Aeronautics and Space Administration)
_SKIPPED = frozenset(("of", "and", "the", "for", "on", "in", "at", "to", "de", "du", "des", "la",
                      "le", "et"))  # fmt: skip
_PARENS = re.compile(r"^(.*\S)\s*\(([^()]+)\)\s*$")
_NATION_LINKS = ("country", "partOf", "locatedIn")


@dataclass(frozen=True)
class Candidate:
    """Two entities that may be one: their score, the names that matched, a shared nation."""

    score: int
    a: Entity
    b: Entity
    matched: str  # "NASA ~ National Aeronautics and Space Administration (acronym)"
    nation: str  # the nations both belong to ("" if either has none)

    def hint(self) -> str:
        """A line for graph/identities.yaml recording the decision (same, or different)."""
        return (
            f"- {{same: [{short(str(self.a.iri))}, {short(str(self.b.iri))}], "
            "by: YOUR NAME, date: YYYY-MM-DD}"
        )

    def row(self) -> dict[str, Any]:
        """A JSON- and CSV-ready view, IRIs included."""
        return {
            "score": self.score,
            "a": self.a.label,
            "a_class": self.a.cls,
            "a_where": where(self.a),
            "b": self.b.label,
            "b_class": self.b.cls,
            "b_where": where(self.b),
            "nation": self.nation,
            "matched": self.matched,
            "a_iri": short(str(self.a.iri)),
            "b_iri": short(str(self.b.iri)),
            "hint": self.hint(),
        }


def where(entity: Entity) -> str:
    """``file.yaml:LINE`` of each of the entity's declarations."""
    return ", ".join(f"{Path(d.path).name}:{d.origin[1]}" for d in entity.members)


def find_duplicates(project: Project, threshold: int = DUPLICATE_THRESHOLD) -> list[Candidate]:
    """The project's candidate pairs scoring at least `threshold`, best first (see module doc).

    Raises `AnnotationError` / `IdentityError` for annotation or identities files a build
    would refuse."""
    from .annotation import read_annotation
    from .identities import read_decisions
    from .ontology import load_vocabulary

    vocab = load_vocabulary(project.ontology)
    annotations = [read_annotation(path) for path in project.source_files()]
    index = NameIndex.build(annotations, vocab, decisions=read_decisions(project.identities))
    return candidates(index, annotations, vocab, threshold)


def candidates(
    index: NameIndex,
    annotations: Sequence[SourcedAnnotation],
    vocab: Vocabulary,
    threshold: int = DUPLICATE_THRESHOLD,
) -> list[Candidate]:
    """Pairs of the index's entities that may be one thing (see the module doc), best first."""
    from rapidfuzz import fuzz, process

    entities = index.entities
    position = {id(e): k for k, e in enumerate(entities)}
    nations = _nations(index, annotations, vocab)
    apart = index.apart()
    best: dict[tuple[int, int], tuple[int, str]] = {}

    def consider(i: int, j: int, score: int, matched: str) -> None:
        key = (min(i, j), max(i, j))
        if i != j and score > best.get(key, (-1, ""))[0]:
            best[key] = (score, matched)

    # similar names, compared within each core class (the classes of a pair must agree)
    blocks: dict[str, list[tuple[str, str, int]]] = {}
    for k, entity in enumerate(entities):
        core = vocab.core_class(entity.cls) or entity.cls
        for name in entity.names():
            for form in _forms(name):
                blocks.setdefault(core, []).append((form, name, k))
    for block in blocks.values():
        forms = [form for form, _name, _k in block]
        for form, name, k in block:
            found = process.extract(
                form, forms, scorer=fuzz.WRatio, score_cutoff=threshold, limit=None
            )
            for _match, score, m in found:
                other_name, other = block[m][1], block[m][2]
                if other > k:
                    consider(k, other, round(score), f"{name} ~ {other_name}")
    # acronyms: NASA is the initials of National Aeronautics and Space Administration
    initials: dict[str, list[tuple[int, str]]] = {}
    for k, entity in enumerate(entities):
        for name in entity.names():
            for acronym in _initials(name):
                initials.setdefault(acronym, []).append((k, name))
    for k, entity in enumerate(entities):
        for name in entity.names():
            acronym = name.replace(".", "")
            if 2 <= len(acronym) <= 8 and acronym.isalpha() and acronym.isupper():
                for other, long in initials.get(acronym, []):
                    consider(k, other, 100, f"{name} ~ {long} (acronym)")
    found: list[Candidate] = []
    for (i, j), (score, matched) in best.items():
        a, b = entities[i], entities[j]
        if {d.path for d in a.members} & {d.path for d in b.members}:
            continue  # a file that declares both says they are different things
        if not _compatible(a.cls, b.cls, vocab):
            continue
        na, nb = nations.get(a.iri, {}), nations.get(b.iri, {})
        if na and nb and not set(na) & set(nb):
            continue
        codes_a, codes_b = _codes(a), _codes(b)
        if codes_a and codes_b and not codes_a & codes_b:
            continue  # two nations pycountry (or `iso:`) tells apart
        if frozenset((a.iri, b.iri)) in apart:
            continue
        shared = ", ".join(sorted(na[n] for n in set(na) & set(nb)))
        found.append(Candidate(score, a, b, matched, shared))
    found.sort(key=lambda c: (-c.score, position[id(c.a)], position[id(c.b)]))
    return found


def _forms(name: str) -> list[str]:
    """The forms a name is compared in: normalised, and split at a trailing parenthesis."""
    out = [name]
    paren = _PARENS.match(name)
    if paren:
        out += [paren.group(1), paren.group(2)]
    return list(dict.fromkeys(n for n in map(normalise, out) if n))


def normalise(name: str) -> str:
    """Casefolded words without punctuation, a leading "the" or trailing legal suffixes.

    >>> normalise("Mitsubishi Heavy Industries, Ltd.")
    'mitsubishi heavy industries'
    >>> normalise("The U.S. Department of Energy")
    'us department of energy'
    """
    words = re.sub(r"[^\w]+", " ", re.sub(r"[.'’]", "", name.casefold())).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words = words[:-1]
    return " ".join(words)


def _initials(name: str) -> set[str]:
    """Acronyms a name of two or more words may go by: the initials of every word, and of the
    words an acronym usually keeps (NASA skips "and"; DOE keeps "of")."""
    words = re.sub(r"[^\w]+", " ", re.sub(r"[.'’]", "", name)).split()
    if len(words) < 2:
        return set()
    every = "".join(w[0] for w in words).upper()
    kept = "".join(w[0] for w in words if w.casefold() not in _SKIPPED).upper()
    return {a for a in (every, kept) if len(a) >= 2}


def _codes(entity: Entity) -> set[str]:
    """The ISO 3166 codes of a nation's declarations (empty for anything else)."""
    return {d.iso for d in entity.members if d.iso}


def _compatible(a: str, b: str, vocab: Vocabulary) -> bool:
    if a not in vocab.classes or b not in vocab.classes:
        return a == b
    return vocab.is_a(a, b) or vocab.is_a(b, a)


def _nations(
    index: NameIndex, annotations: Sequence[SourcedAnnotation], vocab: Vocabulary
) -> dict[Any, dict[Any, str]]:
    """Each entity's nations (IRI → label), from its class and its country, partOf and
    locatedIn relations (see the module doc)."""

    def is_nation(e: Entity) -> bool:
        return e.cls in vocab.classes and vocab.is_a(e.cls, "Nation")

    links: list[tuple[Entity, str, Entity]] = []
    for ann in annotations:
        local: dict[str, list[Entity]] = {}
        for section in ("entities", "investments", "commitments"):
            for i, spec in enumerate(getattr(ann.model, section)):
                entity = index.declared(str(ann.path), (section, i))
                for name in (spec.label, *spec.aliases) if entity is not None else ():
                    local.setdefault(name.casefold(), []).append(entity)

        def named(name: str, local: dict[str, list[Entity]] = local) -> Entity | None:
            found = local.get(name.casefold()) or index.lookup(name)
            return found[0] if len(found) == 1 else None

        for rel in ann.model.relations:
            if rel.property in _NATION_LINKS:
                s, o = named(rel.subject), named(rel.object)
                if s is not None and o is not None:
                    links.append((s, rel.property, o))
    country: dict[Any, dict[Any, str]] = {}
    for s, prop, o in links:
        if prop == "country" and is_nation(o):
            country.setdefault(s.iri, {})[o.iri] = o.label
    out: dict[Any, dict[Any, str]] = {}
    for iri, found in country.items():
        out.setdefault(iri, {}).update(found)
    for s, prop, o in links:
        if prop != "country":
            found = {o.iri: o.label} if is_nation(o) else country.get(o.iri, {})
            out.setdefault(s.iri, {}).update(found)
    return {iri: found for iri, found in out.items() if found}
