# ruff: noqa: E501  (the tables of hostile inputs read best one per line)
"""The hostile-input matrix: every command that reads user input, against every input class it
can meet. Each gets exit code 2 with an ``error:`` line naming the file (or value) and the
problem, or a safe result (exit 0, nothing fetched or run); never a traceback, never a hang (the
query commands have a time limit, the rest finish on their own), never a network attempt (the
autouse guard of conftest.py fails the test on one, in this process or a child, and on any
request that reaches the loopback canary the hostile inputs point at).

The commands run in-process (the CLI's real entry point); the query worker is a child process
and carries the network guard too.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from alliance_kg.project import Project

from ..conftest import FIXTURES, Built

TINY_YAML = FIXTURES / "tiny" / "tiny.yaml"
TINY_TXT = FIXTURES / "tiny" / "tiny.txt"


def clean(result, *, named: str | None = None, codes: tuple[int, ...] = (2,)) -> None:
    """No traceback; the exit code one of `codes`; on exit 2 an ``error:`` line naming `named`."""
    assert "Traceback" not in result.out + result.err, result.err[-2000:]
    assert result.code in codes, (result.code, result.out[-1000:], result.err[-1000:])
    if result.code == 2:
        errors = [ln for ln in result.err.splitlines() if ln.startswith("error:")]
        assert errors, result.err
        if named is not None:
            assert named in result.err, (named, result.err)


# --------------------------------------------------------------------------- annotations (YAML)

ALIAS_BOMB = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x]"]
    + [
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]"
        for i in range(9)
    ]
)


def _tiny_text() -> str:
    return TINY_YAML.read_text()


#: name -> (annotation text, or a function of the folder making it) ; what the error names
ANNOTATIONS: dict[str, Callable[[Path], str | bytes]] = {
    "malformed YAML": lambda d: "document: {id: x\nentities: [\n",
    "python tag": lambda d: "document: !!python/object/apply:os.system ['echo pwned']\n",
    "custom tag": lambda d: _tiny_text().replace("id: tiny", "id: !secret tiny"),
    "alias bomb": lambda d: ALIAS_BOMB + "\n",
    "duplicate key": lambda d: _tiny_text().replace("  id: tiny\n", "  id: tiny\n  id: other\n"),
    "NUL byte": lambda d: _tiny_text().replace("Tiny alliance", "Tiny\x00alliance").encode(),
    "bad UTF-8": lambda d: _tiny_text().encode().replace(b"Tiny", b"T\xffny"),
    "deep nesting": lambda d: "document: " + "[" * 50_000 + "]" * 50_000 + "\n",
    "control characters in a label": lambda d: _tiny_text().replace(
        "label: Portugal,", 'label: "Portu\\x1b[2Jgal\\x07",'
    ),
    "huge literal": lambda d: _tiny_text().replace("title: Tiny alliance note", "title: " + "x" * 2_000_000),
    "invalid IRI in id": lambda d: _tiny_text().replace(
        "{label: Portugal, class: Nation}", '{label: Portugal, class: Nation, id: "a> <b c"}'
    ),
    "absolute document.path": lambda d: _tiny_text().replace("path: tiny.txt", "path: /etc/passwd"),
    "document.path with ..": lambda d: _tiny_text().replace("path: tiny.txt", "path: ../../etc/passwd"),
    "document.path through a symlink": lambda d: _symlinked(d),
    "javascript url": lambda d: _tiny_text().replace("title: Tiny", "url: \"javascript:alert(1)\"\n  title: Tiny"),
}  # fmt: skip
#: the classes that are valid input: a safe result (exit 0) is also right for them
MAY_PASS = {"control characters in a label", "javascript url", "invalid IRI in id", "huge literal"}


def _symlinked(folder: Path) -> str:
    link = folder / "linked.txt"
    if not link.is_symlink():
        link.symlink_to("/etc/passwd")
    return _tiny_text().replace("path: tiny.txt", "path: linked.txt")


def _hostile_annotation(folder: Path, kind: str) -> Path:
    shutil.copy(TINY_TXT, folder / "tiny.txt")
    content = ANNOTATIONS[kind](folder)
    path = folder / "hostile.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    return path


#: annotation readers: arguments around the hostile annotation (HOSTILE)
ANNOTATION_COMMANDS: dict[str, tuple[str, ...]] = {
    "validate": ("validate", "HOSTILE"),
    "evaluate": ("evaluate", "HOSTILE", str(TINY_YAML)),
    "diff": ("diff", str(TINY_YAML), "HOSTILE"),
}


@pytest.mark.parametrize("kind", sorted(ANNOTATIONS))
@pytest.mark.parametrize("command", sorted(ANNOTATION_COMMANDS))
def test_a_hostile_annotation(cli, tiny_built: Built, tmp_path, kind, command):
    hostile = _hostile_annotation(tmp_path, kind)
    args = [a.replace("HOSTILE", str(hostile)) for a in ANNOTATION_COMMANDS[command]]
    result = cli(*args, "--project", str(tiny_built.project.root))
    # diff exits 1 when the two differ, evaluate 0 whatever the scores; evaluate compares
    # annotations and never opens the document, so where document.path leads does not matter
    passes = kind in MAY_PASS or (command == "evaluate" and "document.path" in kind)
    codes = (2, 0, 1) if passes else (2,)
    clean(result, named=hostile.name, codes=codes)
    assert "root:" not in result.out + result.err  # /etc/passwd never printed


@pytest.mark.parametrize("kind", sorted(ANNOTATIONS))
def test_a_build_with_a_hostile_annotation(cli, built_tiny_project: Project, kind):
    project = built_tiny_project
    hostile = _hostile_annotation(project.sources, kind)
    export_before = project.export.read_bytes()
    result = cli("build", "--no-reason", "--project", str(project.root))
    clean(result, named=hostile.name, codes=(2, 0) if kind in MAY_PASS else (2,))
    assert "root:" not in result.out + result.err
    if result.code == 2:
        assert project.export.read_bytes() == export_before  # all or nothing
    assert b"root:x:0:0" not in project.export.read_bytes()


# --------------------------------------------------------------------------- documents (text)

#: name -> (file name, bytes)
DOCUMENTS: dict[str, tuple[str, bytes]] = {
    "NUL bytes": ("doc.txt", b"Japan and\x00 Canada signed an agreement.\n"),
    "bad UTF-8": ("doc.txt", b"Japan and Canada \xff\xfe signed an agreement.\n"),
    "binary pdf": ("doc.pdf", b"%PDF-1.7\n" + os.urandom(2000)),
    "empty": ("doc.txt", b""),
    "html with script": (
        "doc.html",
        b"<html><body><script>fetch('http://127.0.0.1:1/x')</script>"
        b"<p>Japan and Canada signed an agreement.</p><img src=x onerror=alert(1)></body></html>",
    ),
    "deep html": ("doc.html", b"<div>" * 20_000 + b"Japan and Canada signed." + b"</div>" * 20_000),
    "control characters": (
        "doc.txt",
        b"Japan\x1b]0;pwned\x07 and Canada signed an agreement.\n",
    ),
}
DOC_MAY_PASS = {"html with script", "deep html", "control characters", "bad UTF-8"}


@pytest.mark.parametrize("kind", sorted(DOCUMENTS))
def test_extract_a_hostile_document(cli, tmp_path, kind):
    name, data = DOCUMENTS[kind]
    doc = tmp_path / name
    doc.write_bytes(data)
    out = tmp_path / "draft.yaml"
    result = cli("extract", str(doc), "-o", str(out))
    clean(result, named=name, codes=(2, 0) if kind in DOC_MAY_PASS else (2,))
    assert "\x1b" not in result.out + result.err
    if result.code == 0:
        from alliance_kg.yamlio import read_yaml

        read_yaml(out)  # the draft is valid YAML, whatever the document held
    else:
        assert not out.exists()


@pytest.mark.parametrize("kind", ["NUL bytes", "binary pdf", "empty"])
def test_add_a_hostile_document(cli, built_tiny_project: Project, tmp_path, kind):
    name, data = DOCUMENTS[kind]
    doc = tmp_path / name
    doc.write_bytes(data)
    before = sorted(p.name for p in built_tiny_project.sources.iterdir())
    result = cli("add", str(doc), "--yes", "--no-reason", "--project", str(built_tiny_project.root))
    clean(result, named=name)
    assert sorted(p.name for p in built_tiny_project.sources.iterdir()) == before


# --------------------------------------------------------------------------- RDF files

XXE = """<?xml version="1.0"?>
<!DOCTYPE r [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">
  <rdf:Description rdf:about="https://w3id.org/alliance-kg/id/x"><rdfs:label>&xxe;</rdfs:label>
  </rdf:Description>
</rdf:RDF>
"""
LABEL = "<https://w3id.org/alliance-kg/id/portugal> <http://www.w3.org/2000/01/rdf-schema#label>"
COMMENT = "<https://w3id.org/alliance-kg/id/portugal> <http://www.w3.org/2000/01/rdf-schema#comment>"

#: name -> (file name, content made from the canary URL)
RDF_FILES: dict[str, Callable[[str], tuple[str, str | bytes]]] = {
    "malformed Turtle": lambda c: ("bad.ttl", f"{LABEL} \"unterminated .\n"),
    "malformed RDF/XML": lambda c: ("bad.rdf", "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description></rdf:RDF>"),
    "malformed JSON-LD": lambda c: ("bad.jsonld", '{"@id": "https://x.org/a", "http://x.org/p": [1, }'),
    "entity bomb": lambda c: ("laughs.rdf", (FIXTURES / "imports" / "laughs.rdf").read_text()),
    "XXE": lambda c: ("xxe.rdf", XXE),
    "remote JSON-LD context": lambda c: ("remote.jsonld", f'{{"@context": "{c}context.jsonld", "@id": "https://x.org/a", "name": "A"}}'),
    "remote @import": lambda c: ("import.jsonld", f'{{"@context": {{"@import": "{c}ctx.jsonld"}}, "@id": "https://x.org/a"}}'),
    "owl:imports": lambda c: ("imports.ttl", f"<https://x.org/o> a <http://www.w3.org/2002/07/owl#Ontology> ; <http://www.w3.org/2002/07/owl#imports> <{c}onto.ttl> .\n{LABEL} \"Portugal\" .\n"),
    "invalid IRI": lambda c: ("iri.ttl", '<http://exa mple.org/a> <http://x.org/p> "v" .\n'),
    "relative IRI": lambda c: ("rel.ttl", '<a> <http://x.org/p> "v" .\n'),
    "NUL byte": lambda c: ("nul.ttl", f'{LABEL} "a\x00b" .\n'.encode()),
    "bad UTF-8": lambda c: ("latin.ttl", f'{LABEL} "caf\xe9" .\n'.encode("latin-1")),
    "control character literal": lambda c: ("ctl.ttl", f'{LABEL} "Portu\\u001bgal" .\n'),
    "huge integer": lambda c: ("big.ttl", f'<https://x.org/a> <https://x.org/p> "{"9" * 5000}"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'),
    "ill-typed literal": lambda c: ("ill.ttl", '<https://x.org/a> <https://x.org/p> "abc"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'),
    "huge string literal": lambda c: ("long.ttl", f'{COMMENT} "{"x" * 200_000}" .\n'),
    "deep nesting": lambda c: ("deep.ttl", "<https://x.org/a> <https://x.org/p> " + "[ <https://x.org/p> " * 3_000 + "1" + " ]" * 3_000 + " .\n"),
    "deep JSON": lambda c: ("deep.jsonld", '{"@id": "https://x.org/a", "https://x.org/p": ' + '{"https://x.org/p": ' * 50_000 + "1" + "}" * 50_000 + "}"),
    "empty": lambda c: ("empty.ttl", ""),
    "OWL/XML": lambda c: ("onto.owl", '<?xml version="1.0"?>\n<Ontology xmlns="http://www.w3.org/2002/07/owl#" ontologyIRI="https://x.org/o"/>\n'),
}  # fmt: skip
#: valid RDF whose handling is a warning or nothing, so exit 0 is right
RDF_MAY_PASS = {"owl:imports", "huge string literal", "deep nesting"}

RDF_COMMANDS: dict[str, tuple[str, ...]] = {
    "import": ("import", "HOSTILE", "--no-reason"),
    "check --data": ("check", "--data", "HOSTILE"),
    "check --ontology": ("check", "--data", "DATA", "--ontology", "HOSTILE"),
    "diff": ("diff", "DATA", "HOSTILE"),
}


@pytest.mark.parametrize("kind", sorted(RDF_FILES))
@pytest.mark.parametrize("command", sorted(RDF_COMMANDS))
def test_a_hostile_rdf_file(cli, canary, built_tiny_project: Project, tmp_path, kind, command):
    name, content = RDF_FILES[kind](canary.url)
    hostile = tmp_path / name
    if isinstance(content, bytes):
        hostile.write_bytes(content)
    else:
        hostile.write_text(content)
    data = built_tiny_project.export
    args = [a.replace("HOSTILE", str(hostile)).replace("DATA", str(data))
            for a in RDF_COMMANDS[command]]  # fmt: skip
    result = cli(*args, "--project", str(built_tiny_project.root))
    codes = (2, 0, 1) if kind in RDF_MAY_PASS else (2,)
    clean(result, named=name, codes=codes)
    assert "root:" not in result.out + result.err
    if command == "import" and result.code == 2:
        assert not (built_tiny_project.root / "graph" / "imports").exists() or not any(
            (built_tiny_project.root / "graph" / "imports").iterdir()
        )


# --------------------------------------------------------------------------- SPARQL

#: name -> query text made from the canary URL; what a refusal says
QUERIES: dict[str, Callable[[str], str]] = {
    "SERVICE": lambda c: f"SELECT * WHERE {{ SERVICE <{c}sparql> {{ ?s ?p ?o }} }}",
    "SERVICE SILENT in a subquery": lambda c: f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE SILENT <{c}s> {{ ?s ?p ?o }} }} }} }}",
    "INSERT DATA": lambda c: "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
    "LOAD": lambda c: f"LOAD <{c}data.ttl>",
    "DROP ALL": lambda c: "DROP ALL",
    "pathological property path": lambda c: "SELECT (COUNT(*) AS ?n) WHERE { ?a (<http://x/p>|!<http://x/q>)* ?b . ?c (!<http://x/q>|^!<http://x/q>)* ?d . ?e ?f ?g }",
    "cartesian product": lambda c: "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
    "deep nesting": lambda c: "SELECT * WHERE { " + "{" * 3000 + "?s ?p ?o" + "}" * 3000 + " }",
    "NUL byte": lambda c: "SELECT * WHERE { ?s ?p \"a\x00b\" }",
    "syntax error": lambda c: "SELEC * WHERE { ?s ?p ?o }",
    "empty": lambda c: "# nothing\n",
}  # fmt: skip
#: the two runaway queries: stopped by the time limit (exit 1) or answered within it
RUNAWAY = {"pathological property path", "cartesian product"}


def _query_args(command: str, query: Path, timeout: str) -> list[str]:
    return {
        "query --file": ["query", "sparql", "--file", str(query), "--timeout", timeout, "-f", "csv"],
        "query TEXT": ["query", query.read_text(), "--timeout", timeout, "-f", "csv"],
        "viz --query-file": ["viz", "-o", str(query.with_suffix(".html")), "--query-file",
                             str(query), "--timeout", timeout],
    }[command]  # fmt: skip


@pytest.mark.parametrize("kind", sorted(QUERIES))
@pytest.mark.parametrize("command", ["query --file", "query TEXT", "viz --query-file"])
def test_a_hostile_query(cli, canary, tiny_built: Built, tmp_path, kind, command):
    query = tmp_path / "hostile.rq"
    query.write_text(QUERIES[kind](canary.url))
    if command == "query TEXT" and kind == "NUL byte":
        pytest.skip("a NUL byte cannot be passed in a command-line argument")
    # the runaway queries get 1 s (each runs to its limit); the others 3 s, ample to be refused
    timeout = "1" if kind in RUNAWAY else "3"
    result = cli(*_query_args(command, query, timeout), "--project", str(tiny_built.project.root))
    if kind in RUNAWAY:
        clean(result, codes=(0, 1, 2))
        if result.code != 0:
            assert f"longer than {timeout} s" in result.err or "rows" in result.err, result.err
    else:
        clean(result, named="hostile.rq" if command != "query TEXT" else None)
    assert not query.with_suffix(".html").exists() or result.code == 0


def test_bad_utf8_query_file(cli, tiny_built: Built, tmp_path):
    query = tmp_path / "latin.rq"
    query.write_bytes('SELECT * WHERE { ?s ?p "caf\xe9" }'.encode("latin-1"))
    for args in (["query", "sparql", "--file", str(query)],
                 ["viz", "-o", str(tmp_path / "p.html"), "--query-file", str(query)]):  # fmt: skip
        clean(cli(*args, "--project", str(tiny_built.project.root)), named="latin.rq")


# --------------------------------------------------------------------------- names and values

NAMES = {
    "NUL": "Portu\x00gal",
    "escape sequence": "Portu\x1b]0;pwned\x07gal",
    "path": "../../../../etc/passwd",
    "long": "x" * 200_000,
    "IRI injection": "https://x.org/a> } ; DROP ALL ; #",
}
NAME_COMMANDS: dict[str, tuple[str, ...]] = {
    "why": ("why", "NAME"),
    "analyse path": ("analyse", "path", "NAME", "Portugal"),
    "analyse ego": ("analyse", "ego", "NAME"),
    "query run -p": ("query", "run", "statements-about", "-p", "entity=NAME"),
    "viz --focus": ("viz", "-o", "OUT/page.html", "--focus", "NAME"),
    "report --document": ("report", "-o", "OUT/report.html", "--document", "NAME"),
    "remove": ("remove", "NAME", "--no-reason"),
}


@pytest.mark.parametrize("name", sorted(NAMES))
@pytest.mark.parametrize("command", sorted(NAME_COMMANDS))
def test_a_hostile_name(cli, request, tmp_path, name, command):
    if command == "remove":
        project = request.getfixturevalue("built_tiny_project")
    else:
        project = request.getfixturevalue("tiny_built").project
    value = NAMES[name]
    out = tmp_path / "out"
    out.mkdir()
    args = [a.replace("NAME", value).replace("OUT", str(out)) for a in NAME_COMMANDS[command]]
    export = project.export.read_bytes()
    result = cli(*args, "--project", str(project.root))
    # a NUL cannot come through a real command line; in-process, the name reads as "Portugal"
    clean(result, codes=(2, 0) if name == "NUL" and command != "remove" else (2,))
    assert not any(ch in result.out + result.err for ch in "\x1b\x07\x00")
    assert "root:" not in result.out + result.err
    assert project.export.read_bytes() == export
    if result.code == 2:
        assert list(out.iterdir()) == []


# --------------------------------------------------------------------------- push and serve

PUSH_URLS = {
    "credentials in the URL": "http://user:secret@127.0.0.1:9/query",
    "file URL": "file:///etc/passwd",
    "ftp URL": "ftp://127.0.0.1/store",
    "credentials and another scheme": "ftp://user:secret@127.0.0.1/store",
    "bad port": "http://127.0.0.1:secret/query",
    "gopher URL": "gopher://127.0.0.1:70/_x",
    "no scheme": "127.0.0.1:7878/query",
    "javascript": "javascript:alert(1)",
    "empty host": "http:///query",
}


@pytest.mark.parametrize("url", sorted(PUSH_URLS))
def test_push_refuses_a_url(cli, tiny_built: Built, url):
    result = cli("push", "--endpoint", PUSH_URLS[url], "--project", str(tiny_built.project.root))
    clean(result)
    assert "secret" not in result.out + result.err
    result = cli("push", "--endpoint", "http://127.0.0.1:9/query", "--graph-store",
                 PUSH_URLS[url], "--project", str(tiny_built.project.root))  # fmt: skip
    clean(result)
    assert "secret" not in result.out + result.err


@pytest.mark.parametrize("url", sorted(PUSH_URLS))
def test_query_endpoint_refuses_a_url(cli, url):
    result = cli("query", "ASK {}", "--endpoint", PUSH_URLS[url])
    clean(result)
    assert "secret" not in result.out + result.err


@pytest.mark.parametrize("bind", ["0.0.0.0", "::", "192.0.2.1", "example.org"])
def test_serve_refuses_a_non_loopback_bind(cli, tiny_built: Built, bind):
    result = cli("serve", "--bind", bind, "--port", "0", "--project", str(tiny_built.project.root))
    clean(result, named=bind)
    assert "--allow-remote" in result.err


# --------------------------------------------------------------------------- the ontology

ONTOLOGIES: dict[str, str] = {
    "malformed": "@prefix ak: <https://w3id.org/alliance-kg/ontology#> .\nak:Nation a \n",
    "entity bomb": (FIXTURES / "imports" / "laughs.rdf").read_text(),
    "owl:imports": "IMPORTS",
}


@pytest.mark.parametrize("kind", sorted(ONTOLOGIES))
@pytest.mark.parametrize("command", ["docs", "validate", "build", "check"])
def test_a_hostile_project_ontology(
    cli, canary, built_tiny_project: Project, tmp_path, kind, command
):
    onto = built_tiny_project.ontology
    content = ONTOLOGIES[kind]
    if content == "IMPORTS":
        content = onto.read_text() + (
            f"\n<https://w3id.org/alliance-kg/ontology> <http://www.w3.org/2002/07/owl#imports> <{canary.url}o.ttl> .\n"
        )
    onto.write_text(content)
    args = {
        "docs": ("docs", "-o", str(tmp_path / "docs")),
        "validate": ("validate", str(built_tiny_project.sources / "tiny.yaml")),
        "build": ("build", "--force"),
        "check": ("check",),
    }[command]
    result = cli(*args, "--project", str(built_tiny_project.root))
    # docs and check read the ontology the store was built with, not the file: a safe result
    codes = (2,) if kind != "owl:imports" and command in ("validate", "build") else (0, 2)
    clean(result, named=onto.name, codes=codes)
