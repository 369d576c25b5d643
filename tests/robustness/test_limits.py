"""The size limits (SECURITY.md, "Limits"): each stops its input or query with a message that
names the limit and how to raise it, and each can be set in ``[limits]`` of alliance-kg.toml."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from alliance_kg.limits import Limits, read_limits, use
from alliance_kg.query import run_query

from ..conftest import FIXTURES, Built

ALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"


@pytest.fixture(autouse=True)
def default_limits():
    """Each test starts, and leaves, with the default limits in force."""
    use(Limits())
    yield
    use(Limits())


def _set_limits(root: Path, **limits: int) -> None:
    marker = root / "alliance-kg.toml"
    table = "".join(f"{k} = {v}\n" for k, v in limits.items())
    marker.write_text('[project]\nname = "t"\nformat = 1\n\n[limits]\n' + table)


def test_max_rows_option_stops_a_large_answer(cli, tiny_built: Built):
    result = cli("query", ALL, "--max-rows", "5", "--project", str(tiny_built.project.root))
    assert result.code == 1 and "more than 5 rows" in result.err
    assert "--max-rows" in result.err and "Traceback" not in result.err
    result = cli("query", "SELECT * WHERE { ?s ?p ?o } LIMIT 5", "--max-rows", "5",
                 "--project", str(tiny_built.project.root), "-f", "json")  # fmt: skip
    assert result.code == 0, result.err


def test_max_rows_from_the_project_file(cli, built_tiny_project):
    _set_limits(built_tiny_project.root, max_rows=3)
    result = cli("query", "run", "statements-about", "-p", "entity=Portugal",
                 "--project", str(built_tiny_project.root))  # fmt: skip
    assert result.code == 1 and "more than 3 rows" in result.err
    result = cli("query", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                 "--project", str(built_tiny_project.root))  # fmt: skip
    assert result.code == 1 and "more than 3 rows" in result.err


def test_the_row_limit_holds_in_process_too(tiny_built: Built):
    from alliance_kg.errors import QueryRuntimeError
    from alliance_kg.store import open_store

    with open_store(tiny_built.project.store) as store:
        with pytest.raises(QueryRuntimeError, match="more than 2 rows"):
            run_query(store, ALL, max_rows=2)
        rows = run_query(store, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 2", max_rows=2).rows
    assert len(rows) == 2


def test_a_query_over_the_memory_cap_is_stopped(tiny_built: Built):
    from alliance_kg.errors import QueryRuntimeError

    use(Limits(query_memory_mb=300))
    hog = "SELECT ?c ?f ?i WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i LIMIT 1"
    with pytest.raises(QueryRuntimeError, match="more than 300 MiB of memory"):
        run_query(tiny_built.project.store, hog, timeout=120)


def test_an_annotation_over_the_size_limit_is_refused(cli, tiny_built: Built, tmp_path):
    root = tmp_path / "proj"
    shutil.copytree(tiny_built.project.root, root, symlinks=True)
    _set_limits(root, max_annotation_bytes=1000)
    result = cli("validate", str(root / "graph" / "sources" / "tiny.yaml"), "--project", str(root))
    assert result.code == 2 and "tiny.yaml" in result.err
    assert "over 1,000 bytes are refused" in result.err and "max_annotation_bytes" in result.err


def test_a_document_over_the_size_limit_is_refused(cli, tiny_built: Built, tmp_path):
    root = tmp_path / "proj"
    shutil.copytree(tiny_built.project.root, root, symlinks=True)
    _set_limits(root, max_document_bytes=100)
    result = cli("validate", str(root / "graph" / "sources" / "tiny.yaml"), "--project", str(root))
    assert result.code == 2 and "tiny.txt" in result.err and "max_document_bytes" in result.err
    result = cli("extract", str(FIXTURES / "tiny" / "tiny.txt"), "-o", str(tmp_path / "d.yaml"),
                 "--project", str(root))  # fmt: skip
    assert result.code == 2 and "tiny.txt" in result.err and "too large" in result.err


@pytest.mark.parametrize(
    "table, message",
    [
        ("max_rows = 0", "positive whole number"),
        ("max_rowz = 5", "unknown limit"),
        ('max_rows = "many"', "positive whole number"),
    ],
)
def test_a_bad_limit_is_one_clear_error(cli, tiny_built: Built, tmp_path, table, message):
    marker = tmp_path / "alliance-kg.toml"
    marker.write_text(f'[project]\nname = "t"\n\n[limits]\n{table}\n')
    with pytest.raises(Exception, match=message):
        read_limits(marker)
    root = tmp_path / "proj"
    shutil.copytree(tiny_built.project.root, root, symlinks=True)
    shutil.copy(marker, root / "alliance-kg.toml")
    result = cli("query", "ASK {}", "--project", str(root))
    assert result.code == 2 and message in result.err and "alliance-kg.toml" in result.err
