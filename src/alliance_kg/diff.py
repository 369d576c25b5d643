"""A semantic diff of two versions of the graph: entities, facts and values added, removed, changed.

Every kind of input reduces to one RDF graph with the project's own code, so the comparison is
the same for all of them:

* an annotation file (``.yaml``) is loaded as a build would load it (`load_annotation`), with
  the other annotations of its folder indexed beside it so that names it borrows resolve; a
  draft's ``confidence``/``rule``/``explain`` keys are dropped first;
* an RDF export (``.ttl``, ``.trig``, ``.nt``, ``.nq``) is parsed with rdflib;
* a project folder counts as its export, ``graph/alliance.ttl`` (else its store).

Both sides must be of one kind (a project and an export are one kind). What is compared: the
entities (``akid:`` IRIs) with their label, classes, aliases and literal attributes; the facts,
entity–entity triples, with the qualifiers of their reified statements (``hedged``, ``year``, …);
and each investment's amount, as one value with its currency and hedge. Provenance is not
compared (evidence spans, offsets, documents, statement IRIs): text inserted earlier in a
document moves every offset but changes no fact. Each difference carries the evidence sentence
of the side that has it (for a change, the new side's).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from rdflib import Graph, Node, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from .errors import InputError
from .namespaces import AK, AKID, short
from .ontology import Vocabulary

Kind = Literal["annotation", "export"]
Change = Literal["added", "removed", "changed"]

#: file endings of each kind of input, and the rdflib format of each export ending
ANNOTATION_SUFFIXES = (".yaml", ".yml")
EXPORT_FORMATS = {".ttl": "turtle", ".trig": "trig", ".nt": "nt", ".nq": "nquads"}
_KIND_NAMES = {"annotation": "an annotation file", "export": "an RDF export or project"}
#: the export a project folder is read through
PROJECT_EXPORT = Path("graph") / "alliance.ttl"
#: the amount's properties, compared together as one value
_AMOUNT = ("amount", "amountUSD", "currency", "amountQualifier", "amountText")
#: the parts of a reified statement that are its triple or its provenance, not its qualifiers
_STATEMENT_PARTS = {RDF.type, RDF.subject, RDF.predicate, RDF.object, PROV.wasDerivedFrom}


@dataclass(frozen=True)
class Item:
    """One difference: what changed, of which entity or fact, and the sentence that says so."""

    change: Change
    what: Literal["entity", "fact", "value"]
    subject: str  # the entity's label (the fact's subject)
    detail: str  # class of an entity; "property object" of a fact; the field of a value
    old: str | None = None
    new: str | None = None
    evidence: str | None = None
    iri: str = ""  # the entity's (the fact's subject's) IRI, for programs

    def text(self) -> str:
        """One readable line: ``fact: DOE collaboratesWith Geoscience Australia``."""
        if self.what == "value":
            return f"{self.subject}: {self.detail}: {self.old or '(none)'} → {self.new or '(none)'}"
        if self.what == "fact" and self.change == "changed":
            return f"{self.subject} {self.detail}: {self.old or '(none)'} → {self.new or '(none)'}"
        if self.what == "fact":
            return f"{self.subject} {self.detail}"
        return f"{self.subject} ({self.detail})"


@dataclass
class Diff:
    """The differences from OLD to NEW, in a stable order (entities, facts, values)."""

    old: Path
    new: Path
    kind: Kind
    items: list[Item] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """Whether the two sides state the same things (provenance aside)."""
        return not self.items

    def counts(self) -> dict[str, int]:
        """How many differences of each kind of change."""
        out = {"added": 0, "removed": 0, "changed": 0}
        for item in self.items:
            out[item.change] += 1
        return out

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON: the sides, the counts and every difference."""
        return {
            "old": str(self.old),
            "new": str(self.new),
            "kind": self.kind,
            "counts": self.counts(),
            "differences": [asdict(i) for i in self.items],
        }


# -------------------------------------------------------------------------- reading each side


def kind_of(path: Path) -> Kind:
    """Which kind of input `path` is; an `InputError` naming it if none or missing."""
    if path.is_dir():
        return "export"
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    suffix = path.suffix.lower()
    if suffix in ANNOTATION_SUFFIXES:
        return "annotation"
    if suffix in EXPORT_FORMATS:
        return "export"
    raise InputError(
        f"{path}: not an annotation file (.yaml), an RDF export (.ttl, .trig, .nt, .nq) or a "
        "project folder"
    )


def read_side(path: Path, vocab: Vocabulary, other: Path | None = None) -> Graph:
    """One side of a diff as one RDF graph (the union of its named graphs)."""
    if kind_of(path) == "annotation":
        return _annotation_graph(path, vocab, other)
    return _export_graph(path)


def _export_graph(path: Path) -> Graph:
    """An RDF export, or a project's `graph/alliance.ttl`, parsed."""
    if path.is_dir():
        export, store = path / PROJECT_EXPORT, path / "graph" / "store"
        if not export.is_file() and store.exists():
            from .export.turtle import to_graph
            from .store import open_store

            with open_store(store) as opened:
                return to_graph(opened)
        if not export.is_file():
            raise InputError(
                f"{path}: a folder without {PROJECT_EXPORT} or graph/store; give a project that "
                "has been built (alliance-kg build), or an export file"
            )
        path = export
    from .rdfread import as_graph, read_rdf

    return as_graph(read_rdf(path))  # the safe reader: graphs merged, format from the content


def _annotation_graph(path: Path, vocab: Vocabulary, other: Path | None) -> Graph:
    """An annotation loaded as a build loads it, its folder's other annotations indexed beside
    it (so borrowed names resolve and canonical labels are a build's)."""
    from .annotation import read_annotation
    from .errors import AnnotationError
    from .extract.evaluate import IGNORED_KEYS
    from .load import load_annotation
    from .names import NameIndex

    ann = read_annotation(path, IGNORED_KEYS)
    skip = {path.resolve(), other.resolve() if other else None}
    beside = []
    for sibling in sorted({*path.parent.glob("*.yaml"), *path.parent.glob("*.yml")}):
        if sibling.resolve() in skip:
            continue
        try:
            found = read_annotation(sibling, IGNORED_KEYS)
        except AnnotationError:
            continue  # not an annotation (identities.yaml, notes): nothing to borrow
        if found.doc_id != ann.doc_id:  # another version of this document is not a neighbour
            beside.append(found)
    # canonical labels follow file order: both versions take the place of the first-named one
    # (a draft.yaml is read where the a-minerals.yaml it drafts would sort)
    real = ann.path
    if other is not None and other.name < path.name:
        ann.path = path.parent / other.name
    try:
        index = NameIndex.build(sorted([ann, *beside], key=lambda a: str(a.path)), vocab)
        quads = load_annotation(ann, vocab, index).quads
    except InputError as exc:
        if ann.path == real:
            raise
        raise InputError(str(exc).replace(str(ann.path), str(real))) from None
    out = Graph()
    for s, p, o, _ in quads:
        out.add((s, p, o))
    for node in set(out.subjects()) | set(out.objects()):  # things named but declared elsewhere
        if _is_entity(node) and (node, RDFS.label, None) not in out:
            for entity in index.lookup(str(node)):
                out.add((node, RDFS.label, RDFLiteral(entity.label)))
    return out


# -------------------------------------------------------------------------- what a side states


@dataclass
class _Side:
    """What one side states, provenance aside, keyed for comparison."""

    labels: dict[URIRef, str]
    values: dict[URIRef, dict[str, frozenset[str]]]  # entity → field → values
    facts: dict[tuple[URIRef, URIRef, URIRef], frozenset[str]]  # (s, p, o) → qualifiers
    fact_evidence: dict[tuple[URIRef, URIRef, URIRef], str]
    node_evidence: dict[URIRef, str]  # an entity's class statement or n-ary node's sentence

    def label(self, iri: URIRef) -> str:
        """The entity's label on this side, else its short IRI."""
        return self.labels.get(iri) or short(str(iri))


def _is_entity(node: Node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(str(AKID))


def _name(iri: Node) -> str:
    return short(str(iri), bare_ak=True)


def _value(node: Node) -> str:
    if isinstance(node, RDFLiteral):
        value = node.toPython()
        return str(value).lower() if isinstance(value, bool) else str(value)
    return _name(node)


def _sentences(graph: Graph, node: Node) -> str | None:
    """The first (in order) evidence sentence of a statement or n-ary node."""
    found = sorted(
        str(sentence)
        for ev in graph.objects(node, AK.evidence)
        for sentence in graph.objects(ev, AK.sentence)
    )
    return found[0] if found else None


def _amount_text(graph: Graph, iri: URIRef) -> frozenset[str]:
    """The amount of an investment as text, with its currency and hedge ("up to $40,…")."""
    from .money import Amount

    values = [v.toPython() for v in graph.objects(iri, AK.amount)]
    values = values or [v.toPython() for v in graph.objects(iri, AK.amountUSD)]
    if not values:
        return frozenset()
    currency = next((str(c) for c in graph.objects(iri, AK.currency)), "USD")
    hedges = sorted(str(q) for q in graph.objects(iri, AK.amountQualifier)) or [None]
    return frozenset(Amount(Decimal(str(v)), currency, q).text() for v in values for q in hedges)


def _side(graph: Graph, vocab: Vocabulary) -> _Side:
    """Reduce a graph to entities, their values, facts and qualifiers, with evidence."""
    provenance = {AK[name] for name in vocab.provenance_properties}
    amount = {AK[name] for name in _AMOUNT}
    labels: dict[URIRef, str] = {}
    values: dict[URIRef, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    facts: dict[tuple[URIRef, URIRef, URIRef], set[str]] = {}
    for s, p, o in graph:
        if not _is_entity(s) or p in provenance or p in amount:
            continue
        assert isinstance(s, URIRef)
        if p == RDFS.label:
            labels[s] = min(labels.get(s, str(o)), str(o))  # one, whatever the triple order
            values[s]["label"].add(str(o))
        elif p == RDF.type:
            values[s]["class"].add(_name(o))
        elif p == SKOS.altLabel:
            values[s]["aliases"].add(str(o))
        elif isinstance(o, RDFLiteral):
            values[s][_name(p)].add(_value(o))
        elif _is_entity(o) and isinstance(p, URIRef) and isinstance(o, URIRef):
            facts.setdefault((s, p, o), set())
    for s in list(values):
        if text := _amount_text(graph, s):
            values[s]["amount"] = set(text)
    fact_evidence: dict[tuple[URIRef, URIRef, URIRef], str] = {}
    node_evidence: dict[URIRef, str] = {}
    for st in graph.subjects(RDF.type, RDF.Statement):
        s, p, o = (graph.value(st, part) for part in (RDF.subject, RDF.predicate, RDF.object))
        sentence = _sentences(graph, st)
        if p == RDF.type and isinstance(s, URIRef) and sentence:
            node_evidence[s] = min(node_evidence.get(s, sentence), sentence)
            continue
        key = (s, p, o)
        if key not in facts:
            continue
        if sentence and (key not in fact_evidence or sentence < fact_evidence[key]):
            fact_evidence[key] = sentence  # type: ignore[index]
        for q, value in graph.predicate_objects(st):
            if q not in _STATEMENT_PARTS and q not in provenance:
                facts[key].add(f"{_name(q)} {_value(value)}")  # type: ignore[index]
    for s in values:
        if sentence := _sentences(graph, s):  # an n-ary node's own evidence
            node_evidence[s] = sentence
    return _Side(
        labels,
        {s: {k: frozenset(v) for k, v in fields.items()} for s, fields in values.items()},
        {k: frozenset(v) for k, v in facts.items()},
        fact_evidence,
        node_evidence,
    )


# -------------------------------------------------------------------------- the comparison


def _shown(values: Iterable[str]) -> str | None:
    return ", ".join(sorted(values)) or None


def compare(old: Graph, new: Graph, vocab: Vocabulary) -> list[Item]:
    """The differences between two graphs: entities, then facts, then values."""
    a, b = _side(old, vocab), _side(new, vocab)
    items: list[Item] = []
    for side, change, iris in (
        (a, "removed", a.values.keys() - b.values.keys()),
        (b, "added", b.values.keys() - a.values.keys()),
    ):
        for iri in iris:
            fields = side.values[iri]
            detail = _shown(fields.get("class", ())) or "no class"
            if fields.get("amount"):
                detail += f", {_shown(fields['amount'])}"
            items.append(Item(change, "entity", side.label(iri), detail,  # type: ignore[arg-type]
                              evidence=side.node_evidence.get(iri), iri=str(iri)))  # fmt: skip
    for side, change, keys in (
        (a, "removed", a.facts.keys() - b.facts.keys()),
        (b, "added", b.facts.keys() - a.facts.keys()),
    ):
        for s, p, o in keys:
            items.append(Item(change, "fact", side.label(s),  # type: ignore[arg-type]
                              f"{_name(p)} {side.label(o)}",
                              evidence=side.fact_evidence.get((s, p, o)), iri=str(s)))  # fmt: skip
    for key in a.facts.keys() & b.facts.keys():
        if a.facts[key] != b.facts[key]:
            s, p, o = key
            evidence = b.fact_evidence.get(key) or a.fact_evidence.get(key)
            before, after = _shown(a.facts[key]), _shown(b.facts[key])
            items.append(Item("changed", "fact", b.label(s), f"{_name(p)} {b.label(o)}",
                              before, after, evidence, str(s)))  # fmt: skip
    for iri in a.values.keys() & b.values.keys():
        before, after = a.values[iri], b.values[iri]
        for name in sorted(before.keys() | after.keys()):
            if before.get(name, frozenset()) != after.get(name, frozenset()):
                evidence = b.node_evidence.get(iri) or a.node_evidence.get(iri)
                items.append(Item("changed", "value", b.label(iri), name,
                                  _shown(before.get(name, ())), _shown(after.get(name, ())),
                                  evidence, str(iri)))  # fmt: skip
    order = {"entity": 0, "fact": 1, "value": 2}
    return sorted(items, key=lambda i: (order[i.what], i.change != "removed", i.subject.casefold(),
                                        i.detail.casefold()))  # fmt: skip


def at_revision(spec: str, into: Path) -> Path:
    """`REV:PATH` (git's spelling, PATH from the repository's top, ``./`` from here) checked out
    into `into`: a file with the rest of its folder (texts, other annotations), or a project's
    export."""
    import io
    import subprocess
    import tarfile

    rev, _, rel = spec.partition(":")

    def git(*args: str) -> bytes:
        try:
            done = subprocess.run(["git", *args], capture_output=True, check=True)
        except FileNotFoundError:
            raise InputError(f"{spec}: no such file, and git is not installed") from None
        except subprocess.CalledProcessError as exc:
            why = exc.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["failed"]
            raise InputError(f"{spec}: no such file or git revision ({why[0]})") from None
        return done.stdout

    if rel.startswith("./") or rel in ("", "."):
        rel = git("rev-parse", "--show-prefix").decode().strip() + rel.removeprefix("./")
    rel = rel.strip("/") or "."
    is_tree = git("cat-file", "-t", f"{rev}:{'' if rel == '.' else rel}").strip() == b"tree"
    wanted = str(Path(rel) / PROJECT_EXPORT) if is_tree else str(Path(rel).parent)
    top = git("rev-parse", "--show-toplevel").decode().strip()
    archive = git("-C", top, "archive", "--format=tar", rev, "--", wanted)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / rel


def diff(old: Path | str, new: Path | str, vocab: Vocabulary) -> Diff:
    """Compare two annotation files, two exports or two projects (each a path or a git
    ``REV:PATH``); `InputError` if missing or of two kinds."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="alliance-kg-diff-") as tmp:
        paths = []
        for i, spec in enumerate((str(old), str(new))):
            path = Path(spec)
            if not path.exists() and ":" in spec and not spec.startswith(":"):
                path = at_revision(spec, Path(tmp) / str(i))
            paths.append(path)
        kinds = kind_of(paths[0]), kind_of(paths[1])
        if kinds[0] != kinds[1]:
            raise InputError(
                f"{old} ({_KIND_NAMES[kinds[0]]}) and {new} ({_KIND_NAMES[kinds[1]]}) are "
                "different kinds of input; compare two annotation files, or two exports or projects"
            )
        a, b = paths
        items = compare(read_side(a, vocab, b), read_side(b, vocab, a), vocab)
    return Diff(Path(old), Path(new), kinds[0], items)
