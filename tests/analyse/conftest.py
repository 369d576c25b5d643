"""The example document built once into a throw-away project, and its projection."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import networkx as nx
import pyoxigraph as ox
import pytest

from alliance_kg.analyse import project
from alliance_kg.build import build
from alliance_kg.project import Project
from alliance_kg.resolve import resolve_entity
from alliance_kg.store import open_store

from ..conftest import ROOT, make_project

EXAMPLE = ROOT / "graph" / "sources"


@dataclass
class Example:
    """The built example: its project, an in-memory copy of the store and the default projection."""

    project: Project
    store: ox.Store
    graph: nx.MultiDiGraph

    def iri(self, name: str) -> str:
        """The IRI of an entity by label or alias, resolved as the CLI does."""
        return resolve_entity(self.store, name).iri


@pytest.fixture(scope="session")
def example(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Example]:
    """Build graph/sources/us-japan-alliance-summit.* into a fresh project, once per run."""
    proj = make_project(
        tmp_path_factory.mktemp("analyse") / "proj",
        EXAMPLE / "us-japan-alliance-summit.yaml",
        EXAMPLE / "us-japan-alliance-summit.txt",
    )
    build(proj)
    memory = ox.Store()
    with open_store(proj.store) as disk:
        memory.extend(disk.quads_for_pattern(None, None, None, None))
    yield Example(proj, memory, project(memory))
