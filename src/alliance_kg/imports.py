"""Imported RDF: existing graphs brought into a project as sources of their own kind.

`alliance-kg import FILE` reads the file with the safe reader (`alliance_kg.rdfread`), checks it
against the project's ontology, copies it to ``graph/imports/<name><suffix>`` and builds. Every
build loads each import into its own named graph (``…/graph/import/<name>``) as a
`DocumentLoad` with a record, so the incremental build keeps, replaces or drops it like a
document's (docs/design.md, "Imported sources").

Imported facts have no sentence evidence. So an import may not state provenance (the project's
documents, evidence spans and reified statements are the loader's); the SHACL check that every
entity–entity triple has an evidenced statement skips import graphs; every other shape applies,
and an ``ak:`` term the ontology does not define is an error (other vocabularies pass).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Literal, Node, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from .errors import InputError, RdfInputError
from .files import atomic_write, file_sha256
from .load import DocumentLoad, EntityRecord
from .namespaces import AK, AKDEC, AKDOC, AKEV, AKST, BASE, import_graph
from .ontology import Vocabulary
from .project import Project
from .rdfread import FORMATS, SUFFIXES, RdfData, read_rdf
from .store import from_ox

Progress = Callable[[str], None]

#: the prefix of an import's id in reports, `remove` and history (``import:<name>``)
ID_PREFIX = "import:"
#: suffix of a stored import → the format it is read as (the suffix was chosen at import)
FORMAT_OF_SUFFIX = {suffix: fmt for fmt, suffix in SUFFIXES.items()}
#: what `why` and `analyse path` print for a fact an import states
NO_EVIDENCE = "imported, no sentence evidence"
_PROVENANCE_TYPES = {str(AK.Document), str(AK.Evidence), str(RDF.Statement)}
_REIFICATION = {str(RDF.subject), str(RDF.predicate), str(RDF.object), str(PROV.wasDerivedFrom)}
_MINTED = (str(AKDOC), str(AKEV), str(AKST), str(AKDEC))


def import_id(name: str) -> str:
    """The id an import goes by in reports (``import:<name>``)."""
    return ID_PREFIX + name


def import_name(path: Path, name: str | None = None) -> str:
    """The import's name: `name`, else the slug of the file's stem (checked to be a slug)."""
    from .identity import slugify

    chosen = name if name is not None else slugify(Path(path).stem)
    if not chosen or slugify(chosen) != chosen:
        raise InputError(
            f"import name {chosen!r}: use lower-case letters, digits and '-' "
            f"(e.g. {slugify(chosen) or 'partners'!r}); pass --name"
        )
    return chosen


def stored_imports(project: Project) -> list[Path]:
    """The project's imported files (``graph/imports/*``), sorted."""
    folder = project.imports
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in FORMAT_OF_SUFFIX)


# --------------------------------------------------------------------------- checks and load


def _line(data: RdfData, iri: str) -> int | None:
    """The first line naming `iri`, in full or by its local part."""
    local = iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return data.line_of(iri) or (data.line_of(local) if local else None)


def check_terms(data: RdfData, vocab: Vocabulary) -> None:
    """Refuse ``ak:`` terms the ontology does not define and any statement of provenance."""
    ak, prov_props = str(AK), {str(AK[p]) for p in vocab.provenance_properties}
    for t in data.triples():
        for term in (t.subject, t.predicate, t.object):
            known = not isinstance(term, ox.NamedNode) or not term.value.startswith(ak)
            if not known and vocab.get(term.value) is None:
                try:
                    vocab.term("ak:" + term.value[len(ak) :])  # for "did you mean …?"
                except InputError as exc:
                    raise RdfInputError(data.path, _line(data, term.value), str(exc)) from None
        p = t.predicate.value
        o = t.object.value if isinstance(t.object, ox.NamedNode) else ""
        s = t.subject.value if isinstance(t.subject, ox.NamedNode) else ""
        bad = (
            p if p in prov_props or p in _REIFICATION
            else o if p == str(RDF.type) and o in _PROVENANCE_TYPES
            else s if s.startswith(_MINTED)
            else None
        )  # fmt: skip
        if bad is not None:
            raise RdfInputError(
                data.path,
                _line(data, bad),
                f"{bad} is provenance, which only the project's documents carry (imported "
                "facts have no sentence evidence); leave it out of the import",
            )


def read_import(path: Path | str, vocab: Vocabulary, fmt: str | None = None) -> RdfData:
    """Read an RDF file as an import: the safe reader, then `check_terms`."""
    data = read_rdf(path, fmt)
    check_terms(data, vocab)
    if any(not isinstance(q.graph_name, ox.DefaultGraph) for q in data.quads):
        data.warnings.append(f"{path}: its named graphs are merged into the import's own graph")
    return data


def _skolem(name: str) -> Callable[[Any], Node]:
    """ox term → rdflib term, blank nodes as IRIs numbered in order of first appearance (the
    same file gives the same IRIs, so the export stays byte-stable)."""
    seen: dict[str, URIRef] = {}
    base = f"{BASE}import/{name}/genid/"

    def convert(term: Any) -> Node:
        if isinstance(term, ox.BlankNode):
            return seen.setdefault(term.value, URIRef(f"{base}{len(seen) + 1}"))
        return from_ox(term)

    return convert


def load_import(path: Path, vocab: Vocabulary) -> DocumentLoad:
    """One stored import as the quads of its named graph, with its entities and warnings."""
    name = path.stem
    data = read_import(path, vocab, FORMAT_OF_SUFFIX.get(path.suffix))
    graph = URIRef(import_graph(name))
    load = DocumentLoad(import_id(name), graph, str(path))
    convert = _skolem(name)
    seen: set[tuple[Node, Node, Node]] = set()
    types: dict[URIRef, set[str]] = {}
    labels: dict[URIRef, str] = {}
    for t in data.triples():
        s, p, o = convert(t.subject), convert(t.predicate), convert(t.object)
        if (s, p, o) in seen:
            continue
        seen.add((s, p, o))
        load.quads.append((s, p, o, graph))
        if isinstance(s, URIRef):
            load.origins.setdefault(s, (str(path), _line(data, str(s))))
            if p == RDF.type and (cls := vocab.name_of(str(o))) is not None:
                types.setdefault(s, set()).add(cls)
            elif p == RDFS.label and isinstance(o, Literal):
                labels.setdefault(s, str(o))
    for iri, classes in types.items():
        cls = vocab.most_specific(classes)
        if cls is not None and vocab.core_class(cls) and iri in labels:
            load.entities[iri] = EntityRecord(iri, labels[iri], cls, load.origins[iri])
    load.warnings = list(data.warnings)
    return load


# --------------------------------------------------------------------------- in the build


def import_key(schema: str, path: Path, sha256: str) -> str:
    """What an import's load depends on: the schema and code, its path and its bytes."""
    return hashlib.sha256(f"{schema}\nimport\n{path}\n{sha256}\n".encode()).hexdigest()


@dataclass
class ImportPlan:
    """The imports of a build: loaded now (with quads) or kept from the previous store."""

    fresh: list[DocumentLoad] = field(default_factory=list)
    records: list[Any] = field(default_factory=list)  # DocumentRecord, fresh and reused
    reused: list[Any] = field(default_factory=list)


def plan_imports(
    paths: Sequence[Path],
    previous: Mapping[str, Any],
    vocab: Vocabulary,
    schema: str,
    say: Progress,
) -> ImportPlan:
    """Keep each import whose key is unchanged (its graph stays in the store); load the rest."""
    from .incremental import DocumentRecord

    plan = ImportPlan()
    for path in paths:
        sha = file_sha256(path) or ""
        key = import_key(schema, path, sha)
        record = previous.get(str(path))
        if record is not None and record.key == key:
            plan.reused.append(record)
            plan.records.append(record)
            continue
        say(f"importing {path.name}")
        load = load_import(path, vocab)
        plan.fresh.append(load)
        plan.records.append(
            DocumentRecord(
                path=str(path), annotation_sha256=sha, text_path=str(path), text_sha256=sha,
                key=key, doc_id=load.doc_id, graph=str(load.graph),
                entities=[[str(e.iri), e.label, e.cls, e.origin[0], e.origin[1]]
                          for e in load.entities.values()],
                warnings=list(load.warnings), triples=len(load.quads),
            )
        )  # fmt: skip
    return plan


def is_import(graph: str) -> bool:
    """Whether a named graph is an import's."""
    return str(graph).startswith(import_graph(""))


# --------------------------------------------------------------------------- the command


@dataclass
class ImportReport:
    """What `import_rdf` did: where the file went, how it was read, and the build."""

    name: str
    stored: str
    format: str
    triples: int
    warnings: list[str]
    build: Any = None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view (the build's report under ``build``)."""
        out = {k: v for k, v in vars(self).items() if k != "build"}
        out["build"] = self.build.as_dict() if self.build else {}
        return out


def import_rdf(
    project: Project,
    path: Path | str,
    *,
    fmt: str | None = None,
    name: str | None = None,
    build: bool = True,
    reason: bool = True,
    progress: Progress | None = None,
) -> ImportReport:
    """Check `path`, copy it into ``graph/imports/`` (atomically) and build; a failed build
    deletes the copy again, so the project is as it was."""
    from .build import build as run_build
    from .build import project_schema

    if fmt is not None and fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; one of: {', '.join(FORMATS)}")
    chosen = import_name(Path(path), name)
    vocab, _shapes = project_schema(project)
    data = read_import(path, vocab, fmt)  # the file first: a URL is refused as a URL
    taken = [p for p in stored_imports(project) if p.stem == chosen]
    if taken:
        raise InputError(
            f"an import named {chosen!r} exists ({taken[0]}); pass another --name, or "
            f"`alliance-kg remove {import_id(chosen)}` first"
        )
    stored = project.imports / f"{chosen}{SUFFIXES[data.format]}"
    stored.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(stored) as fh:
        fh.write(Path(path).read_bytes())
    report = ImportReport(chosen, str(stored), data.format, len(data.quads), list(data.warnings))
    if not build:
        return report
    try:
        report.build = run_build(project, reason=reason, progress=progress)
    except BaseException:
        os.unlink(stored)
        raise
    return report
