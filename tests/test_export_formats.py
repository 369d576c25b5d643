"""Every export format, read back by other tools: the RDF formats by rdflib and by pyoxigraph
(isomorphic to the store's graphs), GraphML and GEXF by NetworkX (same nodes, edges and
attributes), Neo4j by its header contract, the OWL profile by owlready2 and HermiT."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from alliance_kg.defaults import EXPORT_FORMATS
from alliance_kg.export.base import ExportOptions, export_store, registry
from alliance_kg.export.flat import flat_graph, projection
from alliance_kg.export.rdf import selected_graphs
from alliance_kg.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH, ONTOLOGY_IRI
from alliance_kg.project import Project
from alliance_kg.store import from_ox

RDF_FORMATS = ["turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml"]
QUAD_FORMATS = {"nquads", "trig", "jsonld"}
RDFLIB_FORMAT = {"turtle": "turtle", "ntriples": "nt", "nquads": "nquads", "trig": "trig",
                 "jsonld": "json-ld", "rdfxml": "xml"}  # fmt: skip
OX_FORMAT = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
             "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
             "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}  # fmt: skip
SELECTIONS = {
    "asserted": ExportOptions(),
    "inferred": ExportOptions(graph="inferred"),
    "all+ontology": ExportOptions(graph="all", include_ontology=True),
}


def _export(store: ox.Store, tmp: Path, fmt: str, options: ExportOptions) -> Path:
    suffix = EXPORT_FORMATS[fmt] or ""
    out = tmp / f"out{suffix}"
    export_store(store, out, fmt, options)
    return out


def _expected(store: ox.Store, options: ExportOptions) -> dict[str, Graph]:
    """Graph IRI → the store's graph, for the graphs `options` selects."""
    out = {}
    for g in selected_graphs(store, options):
        graph = Graph()
        for q in store.quads_for_pattern(None, None, None, g):
            graph.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
        out[g.value] = graph
    return out


def _same(a: Graph, b: Graph) -> bool:
    """Isomorphic: the ground triples equal, the rest (with blank nodes) isomorphic (quicker
    than `isomorphic` on the whole graph, which hashes every triple)."""

    def split(g: Graph) -> tuple[set, Graph]:
        ground, rest = set(), Graph()
        for t in g:
            (rest.add(t) if any(isinstance(x, BNode) for x in t) else ground.add(t))
        return ground, rest

    (ga, ra), (gb, rb) = split(a), split(b)
    return ga == gb and (len(ra) == len(rb) == 0 or isomorphic(ra, rb))


def _union(graphs: dict[str, Graph]) -> Graph:
    union = Graph()
    for g in graphs.values():
        for t in g:
            union.add(t)
    return union


def _read_rdflib(path: Path, fmt: str) -> dict[str, Graph]:
    if fmt in QUAD_FORMATS:
        ds = Dataset()
        ds.parse(path, format=RDFLIB_FORMAT[fmt])
        out: dict[str, Graph] = {}
        for s, p, o, g in ds.quads():
            out.setdefault(str(g), Graph()).add((s, p, o))
        return out
    return {"": Graph().parse(path, format=RDFLIB_FORMAT[fmt])}


def _read_ox(path: Path, fmt: str) -> dict[str, Graph]:
    out: dict[str, Graph] = {}
    for q in ox.parse(path=str(path), format=OX_FORMAT[fmt]):
        name = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
        out.setdefault(name, Graph()).add((from_ox(q.subject), from_ox(q.predicate),
                                           from_ox(q.object)))  # fmt: skip
    return out


def test_one_registry_knows_every_format() -> None:
    formats = registry()
    assert list(formats) == list(EXPORT_FORMATS)
    assert {f.name for f in formats.values() if f.kind == "rdf"} == set(RDF_FORMATS)
    assert {f.name for f in formats.values() if f.folder} == {"neo4j", "csv"}


@pytest.mark.parametrize("selection", list(SELECTIONS))
@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_rdf_export_reads_back_isomorphic(
    example_store: ox.Store, tmp_path: Path, fmt: str, selection: str
) -> None:
    options = SELECTIONS[selection]
    expected = _expected(example_store, options)
    assert expected and all(len(g) for g in expected.values())
    path = _export(example_store, tmp_path, fmt, options)
    for reader in (_read_rdflib, _read_ox):
        got = reader(path, fmt)
        if fmt in QUAD_FORMATS:  # named graphs kept: graph by graph
            assert set(got) == set(expected), reader.__name__
            for name, graph in expected.items():
                assert _same(got[name], graph), (reader.__name__, name)
        else:
            assert set(got) == {""}
            assert _same(got[""], _union(expected)), reader.__name__


def test_graph_choices_select_the_right_graphs(example_store: ox.Store) -> None:
    names = {k: [g.value for g in selected_graphs(example_store, o)] for k, o in SELECTIONS.items()}
    assert names["inferred"] == [str(INFERRED_GRAPH)]
    assert str(INFERRED_GRAPH) not in names["asserted"]
    assert names["all+ontology"] == [str(ONTOLOGY_GRAPH), *names["asserted"], str(INFERRED_GRAPH)]


@pytest.mark.parametrize("fmt", list(EXPORT_FORMATS))
def test_every_format_is_deterministic(example_store: ox.Store, tmp_path: Path, fmt: str) -> None:
    # the ontology's blank nodes are relabelled canonically: checked in two formats (it is slow)
    options = ExportOptions(graph="all", include_ontology=fmt in ("turtle", "nquads"))
    first = _export(example_store, tmp_path / "a", fmt, options)
    second = _export(example_store, tmp_path / "b", fmt, options)
    if first.is_dir():
        names = sorted(p.name for p in first.iterdir())
        assert names == sorted(p.name for p in second.iterdir()) == sorted(registry()[fmt].files)
        assert all((first / n).read_bytes() == (second / n).read_bytes() for n in names)
    else:
        assert first.read_bytes() == second.read_bytes()


def test_default_turtle_export_is_the_build_export(
    example: Project, example_store: ox.Store, tmp_path: Path
) -> None:
    path = _export(example_store, tmp_path, "turtle", ExportOptions())
    assert path.read_bytes() == example.export.read_bytes()


def test_jsonld_keys_read_as_the_ontology_names(example_store: ox.Store, tmp_path: Path) -> None:
    doc = json.loads(_export(example_store, tmp_path, "jsonld", ExportOptions()).read_text())
    context = doc["@context"]
    assert isinstance(context, dict)  # embedded, nothing to fetch
    assert context["label"] == "rdfs:label"
    assert context["partOf"] == {"@id": "ak:partOf", "@type": "@id"}
    assert context["amountUSD"] == {"@id": "ak:amountUSD", "@type": "xsd:decimal"}
    nodes = [n for g in doc["@graph"] for n in g["@graph"]]
    doe = next(n for n in nodes if n["@id"] == "akid:us-department-of-energy")
    assert doe["label"] == "U.S. Department of Energy"
    assert "ExecutiveDepartment" in doe["@type"]
    assert any("participatesIn" in n for n in nodes)
    assert any(n.get("amountUSD") == "40000000000" for n in nodes)


# --------------------------------------------------------------------------- the OWL profile

XSD = "http://www.w3.org/2001/XMLSchema#"


def test_owl_profile_header_declarations_and_datatypes(
    example_store: ox.Store, tmp_path: Path
) -> None:
    path = _export(example_store, tmp_path, "rdfxml", ExportOptions(profile="owl"))
    g = Graph().parse(path, format="xml")
    data = URIRef("https://w3id.org/alliance-kg/data")
    owl = "http://www.w3.org/2002/07/owl#"
    assert (data, URIRef(owl + "imports"), URIRef(ONTOLOGY_IRI)) in g
    individuals = set(g.subjects(predicate=None, object=URIRef(owl + "NamedIndividual")))
    assert URIRef("https://w3id.org/alliance-kg/id/japan") in individuals
    assert not any(str(i).startswith(ONTOLOGY_IRI) for i in individuals)
    datatypes = {str(o.datatype) for o in g.objects() if isinstance(o, Literal) and o.datatype}
    assert XSD + "gYear" not in datatypes and XSD + "date" not in datatypes
    # the example's years are still there, as integers
    years = {o for o in g.objects(None, URIRef(ONTOLOGY_IRI + "#year"))}
    assert years and all(o.datatype == URIRef(XSD + "integer") for o in years)


@pytest.mark.parametrize(
    ("literal", "expected"),
    [
        (ox.Literal("2025-10-28", datatype=ox.NamedNode(XSD + "date")),
         ox.Literal("2025-10-28T00:00:00", datatype=ox.NamedNode(XSD + "dateTime"))),
        (ox.Literal("2025-10-28+09:00", datatype=ox.NamedNode(XSD + "date")),
         ox.Literal("2025-10-28T00:00:00+09:00", datatype=ox.NamedNode(XSD + "dateTime"))),
        (ox.Literal("2025", datatype=ox.NamedNode(XSD + "gYear")),
         ox.Literal("2025", datatype=ox.NamedNode(XSD + "integer"))),
        (ox.Literal("2025-10", datatype=ox.NamedNode(XSD + "gYearMonth")), ox.Literal("2025-10")),
        (ox.Literal("40", datatype=ox.NamedNode(XSD + "decimal")),
         ox.Literal("40", datatype=ox.NamedNode(XSD + "decimal"))),
        (ox.Literal("Japan", language="en"), ox.Literal("Japan", language="en")),
    ],
)  # fmt: skip
def test_owl_literal_mapping(literal: ox.Literal, expected: ox.Literal) -> None:
    from alliance_kg.export.owl import owl_literal

    assert owl_literal(literal) == expected


def _hermit(path: Path) -> tuple[int, set[str]]:
    """Load `path` into a fresh owlready2 World, run HermiT (no datatype leniency)."""
    import contextlib

    from owlready2 import World, sync_reasoner

    world = World()
    try:
        world.get_ontology(path.as_uri()).load()
        found = {i.iri for i in world.individuals()}
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            sync_reasoner(world, infer_property_values=False, debug=0)
        return len(found), found
    finally:
        world.close()


@pytest.mark.reasoner
def test_owl_profile_loads_in_owlready2_and_hermit_runs(
    example_store: ox.Store, tmp_path: Path
) -> None:
    from owlready2 import OwlReadyJavaError

    profiled = _export(example_store, tmp_path / "owl", "rdfxml",
                       ExportOptions(profile="owl", include_ontology=True))  # fmt: skip
    _count, individuals = _hermit(profiled)
    entities = {
        q.subject.value
        for q in example_store.quads_for_pattern(
            None, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), None, None
        )
        if q.subject.value.startswith("https://w3id.org/alliance-kg/id/")
    }
    assert entities and entities <= individuals
    # the control: the same graphs without the profile make HermiT refuse xsd:gYear
    plain = _export(example_store, tmp_path / "plain", "rdfxml",
                    ExportOptions(include_ontology=True))  # fmt: skip
    with pytest.raises(OwlReadyJavaError):
        _hermit(plain)


# --------------------------------------------------------------------------- graph formats


def _compare(read: nx.MultiDiGraph, written: nx.MultiDiGraph, ignore: set[str]) -> None:
    assert set(read.nodes) == set(written.nodes)
    for node, data in written.nodes(data=True):
        got = {k: v for k, v in read.nodes[node].items() if k not in ignore}
        assert got == {k: v for k, v in data.items() if k not in ignore}, node
    assert sorted(read.edges(keys=True)) == sorted(written.edges(keys=True))
    for s, o, k, data in written.edges(keys=True, data=True):
        got = {a: v for a, v in read.edges[s, o, k].items() if a not in ignore}
        assert got == {a: v for a, v in data.items() if a not in ignore}, (s, o, k)


def test_graphml_round_trip(example_store: ox.Store, tmp_path: Path) -> None:
    options = ExportOptions(graph="all")
    written = flat_graph(projection(example_store, options))
    assert written.number_of_edges() > 100
    path = _export(example_store, tmp_path, "graphml", options)
    read = nx.read_graphml(path, force_multigraph=True)
    _compare(read, written, set())
    # flattened: every attribute a str, float, int or bool; none missing where text
    amounts = [d["amount"] for _n, d in read.nodes(data=True) if "amount" in d]
    assert amounts and all(isinstance(a, float) for a in amounts)
    assert any("; " in d["aliases"] for _n, d in read.nodes(data=True))
    assert any("us-japan-alliance-summit [" in d["evidence"] for *_e, d in read.edges(data=True))


def test_gexf_round_trip(example_store: ox.Store, tmp_path: Path) -> None:
    from alliance_kg.export.gexf import gexf_graph

    written = gexf_graph(example_store, ExportOptions())
    path = _export(example_store, tmp_path, "gexf", ExportOptions())
    read = nx.read_gexf(path)
    rebuilt = nx.MultiDiGraph()  # without parallel edges NetworkX reads a DiGraph: keys back
    rebuilt.add_nodes_from(read.nodes(data=True))
    for s, o, d in read.edges(data=True):
        data = {k: v for k, v in d.items() if k != "networkx_key"}
        rebuilt.add_edge(s, o, key=d.get("networkx_key", d["id"].split("|")[0]), **data)
    _compare(rebuilt, written, {"viz"})
    japan = read.nodes["https://w3id.org/alliance-kg/id/japan"]
    assert japan["label"] == "Japan" and japan["viz"]["color"]["r"] >= 0


def test_graph_formats_take_the_projection_filters(
    example_store: ox.Store, tmp_path: Path, cli: Callable, example: Project
) -> None:
    out = tmp_path / "orgs.graphml"
    result = cli("export", out, "--class", "Organisation", "--project", example.root)
    assert result.code == 0, result.err
    read = nx.read_graphml(out)
    assert read.number_of_nodes() > 0
    assert {d["core"] for _n, d in read.nodes(data=True)} <= {
        "Agency", "Company", "ResearchInstitute"
    }  # fmt: skip
    refused = cli(
        "export", tmp_path / "x.ttl", "--class", "Organisation", "--project", example.root
    )
    assert refused.code == 2 and "graph formats" in refused.err


NEO4J_TYPES = {"int", "long", "float", "double", "boolean", "byte", "short", "char", "string",
               "point", "date", "localtime", "time", "localdatetime", "datetime",
               "duration"}  # fmt: skip


def _parse(value: str, kind: str) -> None:
    if kind in ("int", "long", "short", "byte"):
        int(value)
    elif kind in ("float", "double"):
        float(value)
    elif kind == "boolean":
        assert value in ("true", "false")


def test_neo4j_header_contract(example_store: ox.Store, tmp_path: Path) -> None:
    from alliance_kg.export.neo4j import ARRAY_DELIMITER

    folder = _export(example_store, tmp_path / "neo", "neo4j", ExportOptions(graph="all"))
    files = {}
    for name in ("nodes.csv", "relationships.csv"):
        with (folder / name).open(encoding="utf-8", newline="") as fh:
            files[name] = list(csv.reader(fh))
    ids: set[str] = set()
    for name, rows in files.items():
        header, body = rows[0], rows[1:]
        assert body
        roles = [h.split(":", 1)[1] if ":" in h else "string" for h in header]
        for role in roles:
            kind = role.removesuffix("[]")
            assert kind in NEO4J_TYPES | {"ID", "LABEL", "START_ID", "END_ID", "TYPE"}, role
        for row in body:
            assert len(row) == len(header)
            for role, cell in zip(roles, row, strict=True):
                if not cell or role in ("ID", "LABEL", "START_ID", "END_ID", "TYPE", "string"):
                    continue
                items = cell.split(ARRAY_DELIMITER) if role.endswith("[]") else [cell]
                for item in items:
                    _parse(item, role.removesuffix("[]"))
        if name == "nodes.csv":
            assert header[:2] == ["id:ID", ":LABEL"]
            ids = {row[0] for row in body}
            labels = {row[0]: row[1].split(ARRAY_DELIMITER) for row in body}
            doe = labels["https://w3id.org/alliance-kg/id/us-department-of-energy"]
            assert doe[0] == "ExecutiveDepartment" and {"Agency", "Organisation"} <= set(doe)
        else:
            assert header[:3] == [":START_ID", ":END_ID", ":TYPE"]
            assert all(row[0] in ids and row[1] in ids for row in body)
            evidence = {h: i for i, h in enumerate(header) if h.startswith("evidence_")}
            for row in body:  # parallel arrays: one item per evidence span
                counts = {len(row[i].split(ARRAY_DELIMITER)) for i in evidence.values() if row[i]}
                assert len(counts) <= 1
            assert any(row[evidence["evidence_quotes:string[]"]] for row in body)


def test_csv_nodes_and_edges(example_store: ox.Store, tmp_path: Path) -> None:
    folder = _export(example_store, tmp_path / "sheet", "csv", ExportOptions())
    graph = projection(example_store, ExportOptions())
    with (folder / "nodes.csv").open(encoding="utf-8", newline="") as fh:
        nodes = list(csv.DictReader(fh))
    with (folder / "edges.csv").open(encoding="utf-8", newline="") as fh:
        edges = list(csv.DictReader(fh))
    assert len(nodes) == graph.number_of_nodes() and len(edges) == graph.number_of_edges()
    assert {e["source"] for e in edges} | {e["target"] for e in edges} <= {n["iri"] for n in nodes}
    assert all(e["source_label"] and e["property"] for e in edges)


# --------------------------------------------------------------------------- the command


def test_stdout_and_the_inferred_alias(example: Project, cli: Callable, tmp_path: Path) -> None:
    printed = cli("export", "-", "-f", "ntriples", "--project", example.root)
    assert printed.code == 0
    lines = printed.out.splitlines()
    assert lines == sorted(lines) and all(re.match(r"^<[^>]+> <[^>]+> .+ \.$", x) for x in lines)
    a, b = tmp_path / "a.trig", tmp_path / "b.trig"
    assert cli("export", a, "--inferred", "--project", example.root).code == 0
    assert cli("export", b, "--graph", "all", "--project", example.root).code == 0
    assert a.read_bytes() == b.read_bytes() and str(INFERRED_GRAPH).encode() in a.read_bytes()


def test_folder_output_never_deletes_other_files(
    example: Project, cli: Callable, tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    result = cli("export", folder, "-f", "neo4j", "--project", example.root)
    assert result.code == 2 and "other files" in result.err
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    # an earlier export of the format is replaced
    out = tmp_path / "neo"
    assert cli("export", out, "-f", "neo4j", "--project", example.root).code == 0
    assert cli("export", out, "-f", "neo4j", "--project", example.root).code == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_bad_choices_are_input_errors(example: Project, cli: Callable, tmp_path: Path) -> None:
    for args, words in [
        ((tmp_path / "x.xyz",), "cannot tell the format"),
        ((tmp_path / "x.ttl", "--profile", "owl"), "rdfxml"),
        ((tmp_path / "x.gexf", "--include-ontology"), "--include-ontology"),
        (("-", "-f", "csv"), "folder"),
        ((tmp_path / "x.ttl", "--inferred", "--graph", "asserted"), "--inferred"),
    ]:
        result = cli("export", *args, "--project", example.root)
        assert result.code == 2 and words in result.err, (args, result.err)


def test_exports_are_identical_across_processes_and_hash_seeds(
    example: Project, tmp_path: Path
) -> None:
    """Set and dict order changes with the hash seed: nothing may leak into the bytes."""
    import os
    import subprocess
    import sys

    script = (
        "import sys; from pathlib import Path\n"
        "from alliance_kg.export.base import ExportOptions, export_store\n"
        "from alliance_kg.store import open_store\n"
        "out = Path(sys.argv[2])\n"
        "with open_store(Path(sys.argv[1])) as s:\n"
        "    for fmt, name, o in [('jsonld', 'a.jsonld', ExportOptions(graph='all',"
        " include_ontology=True)), ('turtle', 'a.ttl', ExportOptions(include_ontology=True)),"
        " ('gexf', 'a.gexf', ExportOptions()), ('neo4j', 'neo', ExportOptions())]:\n"
        "        export_store(s, out / name, fmt, o)\n"
    )
    outputs = []
    for seed in ("1", "2"):
        folder = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script, str(example.store), str(folder)],
                       check=True, env=env)  # fmt: skip
        outputs.append({p.relative_to(folder): p.read_bytes() for p in folder.rglob("*.*")})
    assert len(outputs[0]) == 6 and outputs[0] == outputs[1]


def test_owl_profile_import_resolves_to_an_ontology_loaded_first(
    example_store: ox.Store, tmp_path: Path
) -> None:
    """Without --include-ontology the file imports the ontology IRI; owlready2 takes the
    ontology already in its World for it (nothing fetched) and finds the individuals."""
    from owlready2 import World

    path = _export(example_store, tmp_path, "rdfxml", ExportOptions(profile="owl"))
    ontology = example_store.dump(
        format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(ONTOLOGY_GRAPH))
    )
    world = World()
    try:
        world.get_ontology(ONTOLOGY_IRI + "#").load(fileobj=io.BytesIO(ontology), format="ntriples")
        data = world.get_ontology(path.as_uri()).load()
        assert [o.base_iri for o in data.imported_ontologies] == [ONTOLOGY_IRI + "#"]
        names = {i.iri for i in world.individuals()}
        assert "https://w3id.org/alliance-kg/id/japan" in names
    finally:
        world.close()


def test_the_default_turtle_export_copies_the_build_export_only_while_it_is_intact(
    built_tiny_project: Project, cli: Callable, tmp_path: Path
) -> None:
    from alliance_kg.export.turtle import copy_build_export
    from alliance_kg.store import open_store

    proj = built_tiny_project
    with open_store(proj.store) as store:
        fresh = _export(store, tmp_path, "turtle", ExportOptions())
    out = tmp_path / "copied.ttl"
    assert cli("export", out, "--project", proj.root).code == 0
    assert out.read_bytes() == fresh.read_bytes() == proj.export.read_bytes()
    # an edited export is not the build's any more: read from the store instead
    proj.export.write_bytes(proj.export.read_bytes() + b"# edited\n")
    assert not copy_build_export(proj.store, proj.export, tmp_path / "never.ttl")
    assert not (tmp_path / "never.ttl").exists()
    assert cli("export", out, "--project", proj.root).code == 0
    assert out.read_bytes() == fresh.read_bytes()


def test_export_project_is_the_cli_export_from_python(
    built_tiny_project: Project, tmp_path: Path
) -> None:
    """`export_project` copies the build's Turtle while intact and serialises otherwise, the
    same bytes either way; with a store given it never looks at the project's export."""
    from alliance_kg.export import export_project

    proj = built_tiny_project
    copied = tmp_path / "copied.ttl"
    assert export_project(proj, copied).name == "turtle"
    assert copied.read_bytes() == proj.export.read_bytes()
    proj.export.write_bytes(b"# not the build's any more\n")
    read = tmp_path / "read.ttl"
    export_project(proj, read)
    assert read.read_bytes() == copied.read_bytes()
    heard: list[str] = []
    nt = tmp_path / "all.nt"
    used = export_project(None, nt, options=ExportOptions(graph="all"), store=proj.store,
                          note=heard.append)  # fmt: skip
    assert used.name == "ntriples" and nt.stat().st_size > 0
    from alliance_kg.store import has_inferred_graph, open_store

    with open_store(proj.store) as s:
        assert bool(heard) == (not has_inferred_graph(s))
    with pytest.raises(ValueError):
        export_project(None, tmp_path / "x.ttl")
