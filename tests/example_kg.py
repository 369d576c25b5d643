"""The example document built once per test session into a throw-away project (with queries/)."""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path

import pytest

from alliance_kg.build import build
from alliance_kg.project import Project

from .conftest import ROOT, make_project

SOURCES = ROOT / "graph" / "sources"
DOC_TEXT = SOURCES / "us-japan-alliance-summit.txt"


@cache
def _built(base: Path) -> Project:
    project = make_project(base / "example", SOURCES / "us-japan-alliance-summit.yaml", DOC_TEXT)
    shutil.copytree(ROOT / "queries", project.root / "queries")
    build(project)
    return project


@pytest.fixture(scope="session")
def example(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """A project with the example document built into graph/store and the real saved queries."""
    return _built(tmp_path_factory.getbasetemp())
