"""The build's evidence table: what the store's reified statements say, kept per graph by full
and incremental builds, and read by the projection instead of the store (same graph)."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from alliance_kg.analyse import ProjectionOptions
from alliance_kg.analyse import project as project_store
from alliance_kg.build import build
from alliance_kg.evidence_table import TABLE, evidence_rows, read_table
from alliance_kg.project import Project
from alliance_kg.store import open_store

from .conftest import FIXTURES, Home, make_project
from .test_incremental import D_TEXT, D_YAML

MULTI = sorted((FIXTURES / "multi").iterdir())


def _table(project: Project) -> dict[str, list[list]]:
    return json.loads((project.store.resolve() / TABLE).read_bytes())["graphs"]


def _from_store(project: Project) -> dict[str, list[list]]:
    """The table as the store itself gives it now (rows as JSON lists)."""
    with open_store(project.store) as store:
        return {g: [list(r) for r in rows] for g, rows in sorted(evidence_rows(store).items())}


def _dump(graph: nx.MultiDiGraph) -> tuple:
    return (
        list(graph.nodes(data=True)),
        list(graph.edges(keys=True, data=True)),
        graph.graph,
    )


def _projections(project: Project, options: ProjectionOptions) -> tuple[tuple, tuple]:
    """The projection through the table (`open_store` knows the folder) and from the store."""
    with open_store(project.store) as store:
        tabled = _dump(project_store(store, options))
    raw = ox.Store.read_only(str(project.store.resolve()))  # no folder known: reads the store
    try:
        return tabled, _dump(project_store(raw, options))
    finally:
        del raw


def test_full_and_incremental_builds_keep_the_table_of_every_graph(multi_home: Home) -> None:
    multi = multi_home.restore("multi")
    assert _table(multi) == _from_store(multi) != {}
    (multi.sources / "d-pact.txt").write_text(D_TEXT)
    (multi.sources / "d-pact.yaml").write_text(D_YAML)
    assert build(multi, reason=False).loaded == 1  # incremental: only d-pact is read
    table = _table(multi)
    assert any("d-pact" in g for g in table)
    assert table == _from_store(multi)
    (multi.sources / "d-pact.yaml").unlink()
    build(multi, reason=False)
    assert not any("d-pact" in g for g in _table(multi))
    assert _table(multi) == _from_store(multi)


def test_the_projection_reads_the_table_and_gets_the_stores_graph(multi_built) -> None:
    proj = multi_built.project
    for options in (ProjectionOptions(), ProjectionOptions(nary="edges", inferred=True)):
        tabled, stored = _projections(proj, options)
        assert tabled == stored
        assert any(d["evidence"] for *_, d in tabled[1])
        assert any(d["hedged"] for *_, d in tabled[1])


def test_a_table_of_another_build_is_not_read(tmp_path: Path) -> None:
    proj = make_project(tmp_path / "proj", *MULTI)
    build(proj, reason=False)
    folder = proj.store.resolve()
    assert read_table(folder)
    body = json.loads((folder / TABLE).read_bytes())
    body["digest"] = "0" * 64
    (folder / TABLE).write_text(json.dumps(body))
    assert read_table(folder) is None
    (folder / TABLE).write_text("{not json")
    assert read_table(folder) is None
    (folder / TABLE).unlink()
    assert read_table(folder) is None
    tabled, stored = _projections(proj, ProjectionOptions())
    assert tabled == stored  # read from the store again


def test_a_store_opened_for_writing_loses_its_table(multi_home: Home) -> None:
    multi = multi_home.restore("multi")
    folder = multi.store.resolve()
    assert (folder / TABLE).exists()
    with open_store(multi.store, read_only=False):
        pass  # what a writer adds would not be in the table: it goes
    assert not (folder / TABLE).exists()
    tabled, stored = _projections(multi, ProjectionOptions())
    assert tabled == stored
