"""The command as a whole: --version, and a --help that imports no heavy library."""

from __future__ import annotations

import json
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


ROWS = [
    {"iri": "akid:x", "name": "A rather long name that has to wrap", "total": "$36,000,000,000 + "
     "over $50,000,000,000 + up to $73,000,000,000", "usd": 159000000000},
    {"iri": "akid:y", "name": "Short", "total": "$1,000", "usd": 1000},
]  # fmt: skip


def test_tables_never_cut_an_amount_or_a_number(monkeypatch, capsys) -> None:
    from alliance_kg.cli.output import print_rows

    monkeypatch.setenv("COLUMNS", "40")
    print_rows(ROWS, "table", machine=("iri",))
    out = capsys.readouterr().out
    assert "akid:x" not in out and "159000000000" in out  # machine columns: not in the table
    cells = [c.strip() for line in out.splitlines() for c in line.split("│")]
    # the sum breaks only between its terms, each term whole
    assert {"$36,000,000,000 +", "over $50,000,000,000 +", "up to $73,000,000,000"} <= set(cells)
    assert max(len(line) for line in out.splitlines()) > 40  # wider than the terminal, not cut


def test_one_printer_for_json_csv_and_tsv(capsys) -> None:
    from alliance_kg.cli.output import print_rows

    print_rows(ROWS, "json", machine=("iri",))
    assert [r["iri"] for r in json.loads(capsys.readouterr().out)] == ["akid:x", "akid:y"]
    print_rows(ROWS, "csv")
    assert capsys.readouterr().out.splitlines()[0] == "iri,name,total,usd"
    print_rows(ROWS, "tsv")
    assert capsys.readouterr().out.splitlines()[2] == "akid:y\tShort\t$1,000\t1000"


def test_build_summary_names_a_few_documents_not_hundreds() -> None:
    """A 1M project has 772 documents: the summary names a few and counts the rest."""
    from alliance_kg.cli.build import _names

    assert _names(["a", "b"]) == "a, b"
    many = [f"doc-{i:03d}" for i in range(772)]
    line = _names(many)
    assert line.startswith("doc-000, doc-001") and "doc-010" not in line
    assert "and 766 more" in line and "-f json" in line
