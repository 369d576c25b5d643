"""Check annotation files without building: read, load, SHACL, cross-document identity.

`validate_files` does what `build` does to its inputs up to (not including) the store: each
file is read and loaded against the project's vocabulary, its triples are checked with SHACL,
and the files together pass the identity check. Nothing is written and no lock is taken, so it
is safe to run beside a build (``alliance-kg validate``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError
from .project import Project


@dataclass
class FileCheck:
    """What checking one annotation file found: counts if it loaded, error messages if not."""

    file: str
    entities: int = 0
    statements: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the file passed every check."""
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view: file, ok, entities, statements, errors."""
        return {
            "file": self.file,
            "ok": self.ok,
            "entities": self.entities,
            "statements": self.statements,
            "errors": list(self.errors),
        }

    def line(self) -> str:
        """``ok: FILE: N entities, M statements`` for a file that passed."""
        return f"ok: {self.file}: {self.entities} entities, {self.statements} statements"


def validate_files(project: Project, paths: Sequence[Path]) -> list[FileCheck]:
    """Check each annotation file in `paths` as `build` would; one `FileCheck` per file.

    Bad input is reported in the checks (never raised); a broken project (ontology, shapes)
    raises `ProjectError`. Identity errors across documents go to every file they name.
    """
    from .annotation import read_annotation
    from .build import project_schema
    from .load import DocumentLoad, load_annotation, merge

    vocab, shapes = project_schema(project)
    checks = [FileCheck(str(path)) for path in paths]
    read: dict[int, Any] = {}
    for i, (check, path) in enumerate(zip(checks, paths, strict=True)):
        try:
            read[i] = read_annotation(Path(path))
        except InputError as exc:
            check.errors.append(str(exc))
    known = _name_index(project, list(read.values()), vocab, checks)
    loaded: list[tuple[FileCheck, DocumentLoad]] = []
    for i, ann in sorted(read.items()):
        check = checks[i]
        try:
            load = load_annotation(ann, vocab, known=known)
        except InputError as exc:
            check.errors.append(str(exc))
            continue
        check.entities = len(load.entities)
        check.statements = load.statements
        check.warnings = list(load.warnings)
        check.errors += _shacl(load, vocab, shapes, known)
        loaded.append((check, load))
    try:
        merge([load for _check, load in loaded], vocab)
    except InputError as exc:
        message = str(exc)
        named = [check for check, load in loaded if load.path in message]
        for check in named or [check for check, _load in loaded]:
            check.errors.append(message)
    return checks


def _name_index(project: Project, given: list[Any], vocab: Any, checks: list[FileCheck]) -> Any:
    """The names of the given files and of the project's other (readable) annotations, with
    the project's identity decisions replayed, so a file may name an entity another document
    declares, as in a build; None if they clash."""
    from .annotation import read_annotation
    from .identities import read_decisions
    from .names import NameIndex

    mine = {a.path.resolve() for a in given}
    others = []
    for path in project.source_files():
        if path.resolve() not in mine:
            try:
                others.append(read_annotation(path))
            except InputError:
                continue  # a broken file of the project is its own validation's business
    # the project's reviewed decisions too; one about a file of the project that did not read
    # is skipped (complete=False), not refused: that file's own check says what is wrong
    read = mine | {a.path.resolve() for a in others}
    complete = all(path.resolve() in read for path in project.source_files())
    try:
        decisions = read_decisions(project.identities, complete=complete)
        return NameIndex.build([*given, *others], vocab, decisions=decisions)
    except InputError as exc:
        for check in checks:
            check.errors.append(str(exc))
        return None


def _shacl(load: Any, vocab: Any, shapes: Any, known: Any) -> list[str]:
    """SHACL violations of one document's triples, each naming its file and line.

    An entity the document names but another document declares gets its canonical label and
    class from the name index, as the other document's graph gives them in a build."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, RDFS

    from .validate import validate_graph

    data = Graph()
    for s, p, o, _g in load.quads:
        data.add((s, p, o))
    for entity in known.entities if known is not None else []:
        named = (entity.iri, None, None) in data or (None, None, entity.iri) in data
        if entity.iri not in load.entities and named:
            data.add((URIRef(entity.iri), RDFS.label, Literal(entity.label)))
            data.add((URIRef(entity.iri), RDF.type, vocab.iri(entity.cls)))
    result = validate_graph(data, vocab.graph, shapes, load.origins)
    return [f"SHACL: {violation}" for violation in result.violations]
