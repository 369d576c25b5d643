"""Every query a user writes has a time limit, wherever it runs: `viz --query-file` and
`viz --query` run it in a child process on the store's folder, stopped after --timeout."""

from __future__ import annotations

from pathlib import Path

from alliance_kg.project import Project

CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }\n"


def test_a_runaway_viz_query_is_stopped(cli, example: Project, tmp_path: Path):
    query = tmp_path / "runaway.rq"
    query.write_text(CARTESIAN)
    out = tmp_path / "page.html"
    result = cli("viz", "-o", str(out), "--query-file", str(query), "--timeout", "1",
                 "--project", str(example.root))  # fmt: skip
    assert result.code != 0
    assert "longer than 1 s" in result.err
    assert not out.exists()


def test_a_viz_query_within_its_limit_draws(cli, example: Project, tmp_path: Path):
    out = tmp_path / "page.html"
    result = cli("viz", "-o", str(out), "--query", "systems-produced-by", "-p", "party=Japan",
                 "--project", str(example.root))  # fmt: skip
    assert result.code == 0, result.err
    assert out.stat().st_size > 0
