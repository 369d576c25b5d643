"""`alliance-kg import`: existing RDF as a source of its own kind, in its own graph, built
incrementally, shown as "imported, no sentence evidence", and refused when hostile or wrong."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from alliance_kg.build import build
from alliance_kg.errors import IdentityError, RdfInputError, ValidationError
from alliance_kg.imports import import_rdf, stored_imports
from alliance_kg.namespaces import import_graph
from alliance_kg.project import Project
from alliance_kg.provenance import why
from alliance_kg.remove import remove_document
from alliance_kg.store import open_store

from .conftest import FIXTURES, Home, make_project
from .test_incremental import _state

IMPORTS = FIXTURES / "imports"
TINY = (FIXTURES / "tiny" / "tiny.yaml", FIXTURES / "tiny" / "tiny.txt")
PREFIXES = (
    "@prefix ak: <https://w3id.org/alliance-kg/ontology#> .\n"
    "@prefix akid: <https://w3id.org/alliance-kg/id/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
)


@pytest.fixture
def tiny(tiny_home: Home) -> Project:
    """The tiny project built with reasoning off (restored from the session's build)."""
    return tiny_home.restore("tiny")


def _write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(PREFIXES + body, encoding="utf-8")
    return path


def _full(project: Project, tmp: Path) -> tuple[set[str], bytes]:
    """The state a full build of a copy of `project`'s sources and imports reaches."""
    other = make_project(tmp, *sorted(project.sources.iterdir()))
    if project.imports.is_dir():
        shutil.copytree(project.imports, other.imports)
    build(other, reason=False, force=True)
    quads, export = _state(other)
    fix = {str(other.sources): str(project.sources), str(other.imports): str(project.imports)}
    out = set()
    for q in quads:
        for a, b in fix.items():
            q = q.replace(a, b)
        out.add(q)
    return out, export


# --------------------------------------------------------------------------- end to end


def test_end_to_end_init_build_import_query_why(cli, tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "proj"
    assert cli("init", root).code == 0
    for src in TINY:
        shutil.copy(src, root / "graph" / "sources" / src.name)
    monkeypatch.chdir(root)
    assert cli("build").code == 0
    r = cli("import", IMPORTS / "partners.ttl")
    assert r.code == 0, r.err
    assert "imported import:partners: graph/imports/partners.ttl (turtle, 8 triples)" in r.out
    assert (root / "graph" / "imports" / "partners.ttl").read_bytes() == (
        IMPORTS / "partners.ttl"
    ).read_bytes()
    # the new company is an entity of the graph, and its facts are queryable
    r = cli(
        "query", "-f", "json",
        "SELECT ?l ?n WHERE { akid:portugal-quantum-fund rdfs:label ?l ; ak:country ?c . "
        "?c rdfs:label ?n }",
    )  # fmt: skip
    assert r.code == 0, r.err
    rows = json.loads(r.out)["results"]["bindings"]
    assert [(b["l"]["value"], b["n"]["value"]) for b in rows] == [
        ("Portugal Quantum Fund", "Portugal")
    ]
    # why: the document's evidence and the import's fact, each said for what it is
    r = cli("why", "Lisbon Quantum Labs")
    assert r.code == 0, r.err
    assert (
        "Lisbon Quantum Labs —country→ Portugal\n"
        "  source:   import:partners (imported, no sentence evidence)" in r.out
    )
    assert "document: tiny  characters" in r.out
    assert r.out.rstrip().endswith("1 piece of evidence; 2 imported facts")
    r = cli("why", "Portugal Quantum Fund", "type", "-f", "json")
    (row,) = json.loads(r.out)
    assert row["imported"] is True and row["document"] == "import:partners"
    assert (row["quote"], row["start"], row["end"]) == ("", None, None)
    # analyse path says so for the hop the import states
    r = cli("analyse", "path", "Portugal Quantum Fund", "Ministry of Science")
    assert r.code == 0, r.err
    assert (
        "Portugal Quantum Fund -[collaboratesWith]-> Lisbon Quantum Labs (imported, no "
        "sentence evidence)" in r.out
    )
    # the export holds the import's graph as a section of its own, blank node made an IRI
    export = (root / "graph" / "alliance.ttl").read_text()
    assert f"# graph <{import_graph('partners')}>" in export
    assert "<https://w3id.org/alliance-kg/import/partners/genid/1>" in export
    # and a second build has nothing to do
    assert "up to date" in cli("build").out


def test_import_is_its_own_named_graph_with_entities(tiny: Project) -> None:
    report = import_rdf(tiny, IMPORTS / "partners.ttl", reason=False)
    assert (report.name, report.format, report.triples) == ("partners", "turtle", 8)
    assert report.build.documents == ["tiny", "import:partners"]
    assert (report.build.loaded, report.build.reused) == (1, 1)  # only the import is loaded
    with open_store(tiny.store) as store:
        graph = ox.NamedNode(import_graph("partners"))
        assert len(list(store.quads_for_pattern(None, None, None, graph))) == 8
        found = why(store, "Portugal Quantum Fund", "country")
    assert [(p.document, p.imported, p.object_label) for p in found] == [
        ("import:partners", True, "Portugal")
    ]


def test_incremental_import_and_change_end_like_a_full_build(tiny: Project, tmp_path) -> None:
    import_rdf(tiny, IMPORTS / "partners.ttl", reason=False)
    assert _state(tiny) == _full(tiny, tmp_path / "full1")
    stored = tiny.imports / "partners.ttl"
    stored.write_text(
        stored.read_text().replace('"2019"', '"2020"'), encoding="utf-8"
    )  # change the import: only it is loaded again
    report = build(tiny, reason=False)
    assert (report.loaded, report.reused) == (1, 1)
    assert _state(tiny) == _full(tiny, tmp_path / "full2")


def test_removing_an_import_returns_to_exactly_before(tiny: Project) -> None:
    before = _state(tiny)
    import_rdf(tiny, IMPORTS / "partners.ttl", reason=False)
    assert _state(tiny) != before
    report = remove_document(tiny, "import:partners", reason=False)
    assert report.doc_id == "import:partners"
    assert [e["label"] for e in report.entities] == ["Portugal Quantum Fund"]
    assert _state(tiny) == before  # every quad and every byte of the export
    assert stored_imports(tiny) == []
    assert [Path(p).name for p in report.moved.values()] == ["partners.ttl"]


def test_jsonld_import_with_inline_context(tiny: Project) -> None:
    report = import_rdf(tiny, IMPORTS / "partners.jsonld", name="fund", reason=False)
    assert (report.format, Path(report.stored).name) == ("jsonld", "fund.jsonld")
    with open_store(tiny.store) as store:
        assert [p.object_label for p in why(store, "Portugal Quantum Fund", "country")] == [
            "Portugal"
        ]


def test_evidence_is_not_required_but_the_shapes_apply(tiny: Project, tmp_path) -> None:
    # an entity-entity triple without a reified statement: fine for an import
    fine = _write(tmp_path, "fine.ttl", "akid:portugal ak:collaboratesWith akid:united-states .\n")
    import_rdf(tiny, fine, reason=False)
    # a range violation is not: ak:country must point at a Nation
    before = _state(tiny)
    bad = _write(tmp_path, "bad.ttl", "akid:portugal ak:country akid:lisbon-quantum-labs .\n")
    with pytest.raises(ValidationError, match="ak:country"):
        import_rdf(tiny, bad, reason=False)
    assert _state(tiny) == before
    assert [p.name for p in stored_imports(tiny)] == ["fine.ttl"]  # the copy was taken back


def test_a_second_label_for_a_document_entity_is_an_identity_error(tiny: Project, tmp_path):
    path = _write(tmp_path, "other.ttl", 'akid:portugal a ak:Nation ; rdfs:label "Portugalia" .\n')
    with pytest.raises(IdentityError) as info:
        import_rdf(tiny, path, reason=False)
    assert "is labelled 'Portugal' and 'Portugalia'" in str(info.value)
    assert f"{tiny.imports / 'other.ttl'}:4" in str(info.value)
    assert stored_imports(tiny) == []


def test_unknown_ak_term_is_refused_with_file_and_line(tiny: Project, tmp_path) -> None:
    path = _write(tmp_path, "typo.ttl", "\nakid:portugal ak:countri akid:portugal .\n")
    with pytest.raises(RdfInputError) as info:
        import_rdf(tiny, path, reason=False)
    assert (info.value.path, info.value.line) == (str(path), 5)
    assert "countri" in str(info.value) and "did you mean" in str(info.value)
    assert not tiny.imports.exists() or stored_imports(tiny) == []


def test_other_vocabularies_pass(tiny: Project, tmp_path) -> None:
    path = _write(
        tmp_path, "schema.ttl", 'akid:portugal <https://schema.org/population> "10300000" .\n'
    )
    assert import_rdf(tiny, path, reason=False).triples == 1


@pytest.mark.parametrize(
    "body",
    [
        'akid:x ak:quote "forged evidence" .\n',
        "akid:x a ak:Evidence .\n",
        "akid:x a <http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement> .\n",
        "<https://w3id.org/alliance-kg/doc/tiny> rdfs:comment 'x' .\n",
    ],
)
def test_provenance_is_refused(tiny: Project, tmp_path, body: str) -> None:
    path = _write(tmp_path, "prov.ttl", body)
    with pytest.raises(RdfInputError, match="is provenance, which only the project's documents"):
        import_rdf(tiny, path, reason=False)


def test_name_taken_and_bad_name(tiny: Project, tmp_path) -> None:
    import_rdf(tiny, IMPORTS / "partners.ttl", reason=False)
    with pytest.raises(Exception, match="an import named 'partners' exists"):
        import_rdf(tiny, IMPORTS / "partners.jsonld", reason=False)
    with pytest.raises(Exception, match="use lower-case letters, digits and '-'"):
        import_rdf(tiny, IMPORTS / "partners.jsonld", name="Partners 2", reason=False)


# --------------------------------------------------------------------------- hostile, by the CLI


def test_hostile_files_are_refused_and_nothing_is_copied(cli, tiny: Project) -> None:
    before = _state(tiny)
    cases = {
        IMPORTS / "laughs.rdf": f"{IMPORTS / 'laughs.rdf'}:2: RDF/XML with a DOCTYPE declaration",
        IMPORTS / "remote-context.jsonld": (
            f"{IMPORTS / 'remote-context.jsonld'}:2: JSON-LD @context 'https://schema.org/' is a "
            "remote or file context"
        ),
        "http://127.0.0.1:9/partners.ttl": "only local files are read, not URLs",
    }
    for path, message in cases.items():
        r = cli("import", path, "--project", tiny.root)
        assert r.code == 2 and message in r.err, r.err
        assert "Traceback" not in r.err
    assert stored_imports(tiny) == []
    assert _state(tiny) == before


def test_format_option_and_json_outcome(cli, tiny: Project, tmp_path) -> None:
    path = tmp_path / "partners.data"
    shutil.copy(IMPORTS / "partners.ttl", path)
    r = cli("import", path, "-f", "turtle", "--name", "p", "--json", "--project", tiny.root,
            "--no-reason")  # fmt: skip
    assert r.code == 0, r.err
    out = json.loads(r.out)
    assert (out["name"], out["format"], Path(out["stored"]).name) == ("p", "turtle", "p.ttl")
    assert out["build"]["documents"] == ["tiny", "import:p"]
    r = cli("import", path, "-f", "owl", "--project", tiny.root)
    assert r.code == 2 and "unknown format 'owl'" in r.err
