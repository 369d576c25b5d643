"""The command as a whole: --version, and a --help that imports no heavy library."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

from alliance_kg import __version__

from .conftest import ROOT

HEAVY = ("networkx", "pyoxigraph", "rdflib", "pyshacl", "owlready2", "pydantic", "yaml",
         "alliance_kg.build", "alliance_kg.analyse", "alliance_kg.visualise",
         "alliance_kg.reason", "alliance_kg.query", "alliance_kg.ontology")  # fmt: skip


def test_version(cli: Callable) -> None:
    r = cli("--version")
    assert r.code == 0 and r.out.strip() == f"alliance-kg {__version__}"


def test_help_imports_no_heavy_library() -> None:
    """Each verb imports the API it calls inside its function, so --help stays quick."""
    code = (
        "import sys\n"
        "sys.argv = ['alliance-kg', '--help']\n"
        "from alliance_kg.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""},
    ).stdout  # fmt: skip
    assert out.splitlines()[-1] == "[]", out
