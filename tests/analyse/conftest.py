"""The example document built once into a throw-away project, and its projection."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import networkx as nx
import pyoxigraph as ox
import pytest

from alliance_kg.analyse import project
from alliance_kg.project import Project
from alliance_kg.resolve import resolve_entity
from alliance_kg.store import open_store


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
def example(example: Project) -> Iterator[Example]:
    """The session's built example (tests/conftest.py), with an in-memory copy and projection."""
    proj = example
    memory = ox.Store()
    with open_store(proj.store) as disk:
        memory.extend(disk.quads_for_pattern(None, None, None, None))
    yield Example(proj, memory, project(memory))
