"""What a build may reuse from the one before: a record per document, and the plan of loads.

The manifest of a store keeps, for each annotation file, a `DocumentRecord`: the digests of its
bytes and of its document's text, what it declares (for the name index), the names it looked up
in other files, and the summary of its load (entities, statements, warnings, triples). The next
build reads an unchanged file from its record instead of parsing its YAML, and keeps its named
graph from the previous store when its *key* is unchanged: the key hashes everything the load of
that file depends on (the schema and code, the file, its text, and what its names resolve to in
the project's name index). docs/design.md, "Incremental builds", says why this is enough.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import URIRef

from . import __version__
from .annotation import SourcedAnnotation, read_annotation
from .files import atomic_write, file_sha256
from .identities import Decisions
from .load import DocumentLoad, EntityRecord, load_annotation
from .names import Declaration, NameIndex, declarations
from .ontology import Vocabulary
from .project import Project

#: bump when the loader's output changes for the same input, so unchanged inputs reload
LOADER_REVISION = 4  # 3: per-document records and export sections; 4: our own Turtle writer

Progress = Callable[[str], None]


def schema_digest(project: Project, reason_mode: str) -> str:
    """A digest of what every document's load and check depend on: code, ontology, shapes."""
    h = hashlib.sha256(
        f"alliance-kg {__version__} loader {LOADER_REVISION} reason {reason_mode}\n".encode()
    )
    for path in (project.ontology, project.shapes):
        h.update(f"{path.name}\n".encode())
        h.update(path.read_bytes() if path.is_file() else b"(missing)")
    return h.hexdigest()


#: the fields of a record kept in ``graph/.cache/records/<key>.json`` rather than the manifest
_DETAIL = ("declarations", "lookups", "entities", "warnings")


@dataclass
class DocumentRecord:
    """One annotation file as the last build saw it (kept in the store's manifest)."""

    path: str
    annotation_sha256: str
    text_path: str
    text_sha256: str
    key: str
    doc_id: str
    graph: str
    declarations: list[dict[str, Any]] = field(default_factory=list)
    lookups: list[str] = field(default_factory=list)
    entities: list[list[Any]] = field(default_factory=list)  # iri, label, class, file, line
    statements: int = 0
    warnings: list[str] = field(default_factory=list)
    triples: int = 0

    def as_json(self) -> dict[str, Any]:
        """The record's digests and counts, as the manifest stores them."""
        return {k: v for k, v in vars(self).items() if k not in _DETAIL}

    def detail(self) -> dict[str, Any]:
        """What the index and the report need of the load (kept beside, by key: see `save`)."""
        return {k: getattr(self, k) for k in _DETAIL}

    def save(self, folder: Path) -> None:
        """Write `detail` to ``folder/<key>.json`` once (the key names one load's outcome)."""
        target = folder / f"{self.key}.json"
        if not target.is_file():
            with atomic_write(target) as fh:
                fh.write(json.dumps(self.detail(), separators=(",", ":")).encode())

    @classmethod
    def load(cls, data: Mapping[str, Any], folder: Path) -> DocumentRecord | None:
        """A record from its manifest entry and its saved detail; None if either is unusable."""
        try:
            detail = json.loads((folder / f"{data['key']}.json").read_text())
            return cls(**{**data, **{k: detail[k] for k in _DETAIL}})
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def as_load(self) -> DocumentLoad:
        """The load this record summarises, without its quads (they stay in the store)."""
        load = DocumentLoad(self.doc_id, URIRef(self.graph), self.path)
        for iri, label, cls, file, line in self.entities:
            load.entities[URIRef(iri)] = EntityRecord(URIRef(iri), label, cls, (file, line))
        load.statements, load.warnings = self.statements, list(self.warnings)
        load.lookups = list(self.lookups)
        return load


def previous_records(
    manifest: Mapping[str, Any] | None, schema: str, folder: Path
) -> dict[str, DocumentRecord]:
    """The records of the live store's manifest (details from `folder`), if it was built with
    the same schema and code; a record whose detail is missing is left out (reloaded)."""
    if not manifest or manifest.get("schema") != schema:
        return {}
    entries = manifest.get("documents", [])
    records = [DocumentRecord.load(e, folder) for e in entries if isinstance(e, dict)]
    return {r.path: r for r in records if r is not None}


@dataclass
class Source:
    """One annotation file of this build: its digests, and its previous record if still valid."""

    path: Path
    annotation_sha256: str
    text_path: Path | None = None
    text_sha256: str = ""
    record: DocumentRecord | None = None  # set when neither the file nor its text changed
    ann: SourcedAnnotation | None = None  # parsed, when it had to be

    def annotation(self) -> SourcedAnnotation:
        """The parsed annotation (read once)."""
        if self.ann is None:
            self.ann = read_annotation(self.path)
            self.text_path = self.ann.doc_path
            self.text_sha256 = file_sha256(self.ann.doc_path)
        return self.ann


def survey(
    paths: Sequence[Path], records: Mapping[str, DocumentRecord], say: Progress
) -> list[Source]:
    """Digest every annotation file and its text; parse only those without a valid record.

    A record is valid when the annotation's bytes are unchanged and its document is still a
    file inside the annotation's folder (the check `read_annotation` makes) with the same
    bytes; a changed text alone is read through the annotation again, like a new file.
    """
    out = []
    for path in paths:
        src = Source(path, file_sha256(path))
        record = records.get(str(path))
        if record is not None and record.annotation_sha256 == src.annotation_sha256:
            text = Path(record.text_path)
            folder = path.parent.resolve()
            inside = text.resolve().is_relative_to(folder) and text.is_file()
            if inside and file_sha256(text) == record.text_sha256:
                src.record, src.text_path, src.text_sha256 = record, text, record.text_sha256
        if src.record is None:
            say(f"reading {path}")
            src.annotation()
        out.append(src)
    return out


def inputs_digest(schema: str, sources: Sequence[Source], extra: Sequence[Path] = ()) -> str:
    """A digest of every input of a build: equal digests mean nothing changed.

    `extra` are project files that are not documents but change the build (the identity
    decisions of ``graph/identities.yaml``); a missing one counts as empty.
    """
    h = hashlib.sha256(f"{schema}\n".encode())
    for src in sources:
        h.update(f"{src.path}\t{src.annotation_sha256}\t{src.text_sha256}\n".encode())
    for path in extra:
        digest = file_sha256(path) if Path(path).is_file() else "-"
        h.update(f"{path}\t{digest}\n".encode())
    return h.hexdigest()


def document_key(schema: str, src: Source, fingerprint: str) -> str:
    """What one file's load depends on: schema and code, its bytes, its text, its names."""
    text = f"{schema}\n{src.path}\n{src.annotation_sha256}\n{src.text_sha256}\n{fingerprint}\n"
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Plan:
    """The outcome of loading: every document's load (quad-less when reused) and record."""

    loads: list[DocumentLoad]
    records: list[DocumentRecord]
    fresh: list[DocumentLoad]  # loaded in this build (their quads are in memory)
    reused: list[DocumentRecord]  # kept from the previous store
    index: NameIndex  # every document's names, with the identity decisions applied

    @property
    def keys(self) -> dict[str, str]:
        """Graph IRI → key of the load in it (names the cached export section)."""
        return {r.graph: r.key for r in self.records}


def source_declarations(sources: Sequence[Source], vocab: Vocabulary) -> list[Declaration]:
    """What every source declares: from its record when it has one, else from its YAML."""
    decls: list[Declaration] = []
    for src in sources:
        if src.record is not None:
            decls += [Declaration.from_json(d) for d in src.record.declarations]
        else:
            decls += declarations(src.annotation(), vocab)
    return decls


def project_index(
    project: Project, vocab: Vocabulary, decisions: Decisions | None = None
) -> NameIndex:
    """The name index of every document of `project`, as a build makes it; an annotation
    unchanged since the live store was built is read from its record, not parsed (`add`'s
    review needs the names, and parsing every YAML file is the cost at hundreds of them)."""
    from .reason.consistency import HERMIT_LIMIT
    from .store import read_manifest

    manifest = read_manifest(project.store) if project.store.exists() else None
    folder = project.store.parent / ".cache" / "records"
    previous: dict[str, DocumentRecord] = {}
    for mode in ("off", f"hermit<={HERMIT_LIMIT}"):  # the records of a build in either mode
        previous = previous or previous_records(manifest, schema_digest(project, mode), folder)
    sources = survey(project.source_files(), previous, lambda _msg: None)
    return NameIndex.from_declarations(source_declarations(sources, vocab), vocab, decisions)


def load_documents(
    sources: Sequence[Source],
    vocab: Vocabulary,
    schema: str,
    say: Progress,
    decisions: Decisions | None = None,
    sink: Callable[[DocumentLoad], None] | None = None,
) -> Plan:
    """Index every declaration (replaying the identity `decisions`), then load each file whose
    key changed; reuse the others.

    `sink` (a full build's) takes each fresh load as it is made, to stream its quads into the
    build's store; the load's quads and origins are then dropped (and the parsed annotation),
    so memory holds one document's Python objects at a time, not the project's.
    """
    decls = source_declarations(sources, vocab)
    say("indexing the names of every document")
    index = NameIndex.from_declarations(decls, vocab, decisions)
    plan = Plan([], [], [], [], index)
    by_path: dict[str, list[Declaration]] = {}
    for d in decls:
        by_path.setdefault(d.path, []).append(d)
    for src in sources:
        record = src.record
        if record is not None:
            key = document_key(schema, src, index.fingerprint(str(src.path), record.lookups))
            if key == record.key:
                plan.reused.append(record)
                plan.records.append(record)
                plan.loads.append(record.as_load())
                continue
        say(f"loading {src.path.name}")
        load = load_annotation(src.annotation(), vocab, known=index)
        key = document_key(schema, src, index.fingerprint(str(src.path), load.lookups))
        record = DocumentRecord(
            path=str(src.path),
            annotation_sha256=src.annotation_sha256,
            text_path=str(src.text_path),
            text_sha256=src.text_sha256,
            key=key,
            doc_id=load.doc_id,
            graph=str(load.graph),
            declarations=[d.to_json() for d in by_path.get(str(src.path), [])],
            lookups=list(load.lookups),
            entities=[
                [str(e.iri), e.label, e.cls, e.origin[0], e.origin[1]]
                for e in load.entities.values()
            ],
            statements=load.statements,
            warnings=list(load.warnings),
            triples=len(load.quads),
        )
        if sink is not None:
            sink(load)
            load.quads, load.origins, src.ann = [], {}, None
        plan.fresh.append(load)
        plan.records.append(record)
        plan.loads.append(load)
    return plan
