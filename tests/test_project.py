"""A project is a folder marked by alliance-kg.toml; the ontology and queries ship packaged."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from collections.abc import Callable
from pathlib import Path

import pytest

from alliance_kg.errors import ProjectError
from alliance_kg.project import MARKER, Project, init_project
from alliance_kg.resources import packaged_ontology, packaged_queries, packaged_shapes

from .conftest import FIXTURES, ROOT

TINY = (FIXTURES / "tiny" / "tiny.yaml", FIXTURES / "tiny" / "tiny.txt")


def test_marker_found_from_a_subfolder(tmp_path: Path) -> None:
    (tmp_path / MARKER).write_text('[project]\nname = "x"\nformat = 1\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    found = Project.find(deep)
    assert found.root == tmp_path.resolve()
    assert found.name == "x"


def test_this_repository_is_a_project() -> None:
    assert Project.find(ROOT / "src" / "alliance_kg").root == ROOT
    assert (ROOT / MARKER).is_file()


def test_old_layout_without_marker_still_found(tmp_path: Path) -> None:
    (tmp_path / "ontology").mkdir()
    shutil.copy(ROOT / "ontology" / "alliance.ttl", tmp_path / "ontology" / "alliance.ttl")
    (tmp_path / "graph" / "sources").mkdir(parents=True)
    assert Project.find(tmp_path / "graph").root == tmp_path.resolve()


def test_outside_any_project_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="alliance-kg init"):
        Project.find(tmp_path)


def test_newer_format_is_refused(tmp_path: Path) -> None:
    (tmp_path / MARKER).write_text("[project]\nformat = 99\n")
    with pytest.raises(ProjectError, match="newer alliance-kg"):
        Project.find(tmp_path)


def test_newer_format_refused_through_project_option(cli: Callable, tmp_path: Path) -> None:
    (tmp_path / MARKER).write_text("[project]\nformat = 2\n")
    r = cli("query", "list", "--project", tmp_path)
    assert r.code == 2 and "newer alliance-kg" in r.err


def test_packaged_files_used_unless_the_project_has_its_own(tmp_path: Path) -> None:
    proj = init_project(tmp_path / "p")
    assert proj.ontology == packaged_ontology() and proj.ontology.is_file()
    assert proj.shapes == packaged_shapes() and proj.shapes.is_file()
    assert proj.queries == packaged_queries() and any(proj.queries.glob("*.rq"))
    (proj.root / "queries").mkdir()
    (proj.root / "ontology").mkdir()
    shutil.copy(ROOT / "ontology" / "shapes.ttl", proj.root / "ontology" / "shapes.ttl")
    assert proj.queries == proj.root / "queries"
    assert proj.shapes == proj.root / "ontology" / "shapes.ttl"
    assert proj.ontology == packaged_ontology()


def test_init_makes_the_layout_and_refuses_twice(cli: Callable, tmp_path: Path) -> None:
    target = tmp_path / "new"
    r = cli("init", target, "-f", "json")
    assert r.code == 0, r.err
    made = json.loads(r.out)
    assert made["name"] == "new" and Path(made["project"]) == target.resolve()
    assert "ontology/" in made["note"]
    assert (target / MARKER).is_file()
    assert (target / "graph" / "sources" / "README.txt").is_file()
    assert "graph/store" in (target / ".gitignore").read_text()
    assert not (target / "ontology").exists() and not (target / "queries").exists()
    assert Project.find(target / "graph" / "sources").root == target.resolve()

    again = cli("init", target)
    assert again.code == 2 and "already an alliance-kg project" in again.err


def test_init_refuses_a_file(cli: Callable, tmp_path: Path) -> None:
    (tmp_path / "f").write_text("")
    r = cli("init", tmp_path / "f")
    assert r.code == 2 and "not a folder" in r.err


def test_initialised_project_builds_with_packaged_files(
    cli: Callable, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    proj = init_project(tmp_path / "p")
    for src in TINY:
        shutil.copy(src, proj.sources / src.name)
    monkeypatch.chdir(proj.sources)
    r = cli("build", "--no-reason")
    assert r.code == 0, r.err
    assert proj.export.is_file() and proj.store.exists()
    r = cli("query", "run", "agreements", "-f", "json")
    assert r.code == 0, r.err
    assert json.loads(r.out)["results"]["bindings"]
    assert not (proj.root / "ontology").exists() and not (proj.root / "queries").exists()


# -- the wheel, installed in a fresh environment, outside this checkout ----------------------


def _run(cmd: list[str | Path], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.wheel
def test_wheel_works_outside_the_repository(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    wheels = tmp_path / "wheels"
    r = _run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", wheels, ROOT],
        tmp_path,
        env,
    )
    assert r.returncode == 0, r.stderr
    (wheel,) = wheels.glob("alliance_kg-*.whl")

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    py = bindir / "python"
    # the test venv is itself a venv, so --system-site-packages alone would reach only the base
    # interpreter's packages: a .pth adds the test venv's site-packages (after the new venv's
    # own, so the installed wheel wins; its .pth files, e.g. an editable install, are not read)
    r = _run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp_path, env)
    deps = {sysconfig.get_paths()[k] for k in ("purelib", "platlib")}
    (Path(r.stdout.strip()) / "_test_deps.pth").write_text("\n".join(sorted(deps)) + "\n")
    # the test venv's pip installs into the new venv; --no-deps: the dependencies are visible
    # through --system-site-packages (the test venv's editable alliance-kg is shadowed below)
    r = _run(
        [sys.executable, "-m", "pip", "--python", py, "install", "-q", "--no-deps", wheel],
        tmp_path,
        env,
    )
    assert r.returncode == 0, r.stderr

    work = tmp_path / "work"
    work.mkdir()
    r = _run([py, "-c", "import alliance_kg; print(alliance_kg.__file__)"], work, env)
    assert r.returncode == 0, r.stderr
    assert Path(r.stdout.strip()).resolve().is_relative_to(env_dir.resolve()), r.stdout

    exe = bindir / "alliance-kg"
    r = _run([exe, "init", "proj"], work, env)
    assert r.returncode == 0, r.stderr
    proj = work / "proj"
    for src in TINY:
        shutil.copy(src, proj / "graph" / "sources" / src.name)

    r = _run([exe, "build", "--no-reason"], proj, env)
    assert r.returncode == 0, r.stderr
    r = _run([exe, "query", "run", "agreements", "-f", "json"], proj / "graph", env)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["results"]["bindings"]
    r = _run([exe, "viz", "-o", "page.html"], proj, env)
    assert r.returncode == 0, r.stderr
    assert "<html" in (proj / "page.html").read_text().lower()
    assert not (proj / "ontology").exists() and not (proj / "queries").exists()

    # three more documents that share entities: an incremental build, one node per entity
    for src in sorted((FIXTURES / "multi").iterdir()):
        shutil.copy(src, proj / "graph" / "sources" / src.name)
    r = _run([exe, "build", "--no-reason"], proj, env)
    assert r.returncode == 0, r.stderr
    assert "documents: 4" in r.stdout and "3 loaded, 1 kept" in r.stdout, r.stdout
    ask = "SELECT DISTINCT ?n WHERE { ?n ak:iso3166Alpha2 'US' }"
    r = _run([exe, "query", ask, "-f", "json"], proj, env)
    assert r.returncode == 0, r.stderr
    assert len(json.loads(r.stdout)["results"]["bindings"]) == 1  # "United States (of America)"
