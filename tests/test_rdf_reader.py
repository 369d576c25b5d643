"""The one safe RDF reader (alliance_kg.rdfread): hostile and malformed files, each refused with
the file and line, or read as what it really is."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from alliance_kg.errors import RdfInputError
from alliance_kg.rdfread import MAX_NUMBER_CHARS, read_rdf

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_XML = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:x="http://x.example/">
{body}
</rdf:RDF>
"""
#: the FIELD-NOTES file: ten levels of ten, 10^9 "lol"s once expanded (a few GB)
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:x="http://x.example/">
  <rdf:Description rdf:about="http://x.example/a"><x:p>&lol9;</x:p></rdf:Description>
</rdf:RDF>
"""


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def refused(path: Path | str, fmt: str | None = None) -> RdfInputError:
    with pytest.raises(RdfInputError) as info:
        read_rdf(path, fmt)
    return info.value


# --------------------------------------------------------------------------- XML entities


def test_billion_laughs_is_refused_before_parsing(tmp_path: Path) -> None:
    """Run in a child with a 1 GB address-space cap: were the parser ever reached, it would
    die of the cap (a test failure), not take the machine down."""
    bomb = write(tmp_path, "laughs.rdf", BILLION_LAUGHS)
    script = textwrap.dedent(
        f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        from alliance_kg.errors import RdfInputError
        from alliance_kg.rdfread import read_rdf
        try:
            read_rdf({str(bomb)!r})
        except RdfInputError as exc:
            print(exc)
            sys.exit(2)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2, done.stderr
    assert done.stdout.strip() == (
        f"{bomb}:2: RDF/XML with a DOCTYPE declaration is refused (entity expansion can exhaust "
        "memory, and external entities read files); remove the declaration, or convert the file "
        "to Turtle"
    )


def test_external_entity_is_refused(tmp_path: Path) -> None:
    xxe = write(
        tmp_path,
        "xxe.owl",
        '<?xml version="1.0"?>\n\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        + RDF_XML.split("\n", 1)[1].format(
            body='<rdf:Description rdf:about="http://x.example/a"><x:p>&x;</x:p></rdf:Description>'
        ),
    )
    err = refused(xxe)
    assert (err.path, err.line) == (str(xxe), 3)
    assert "DOCTYPE declaration is refused" in str(err)


def test_entity_declaration_alone_is_refused_even_if_asked_for_rdfxml(tmp_path: Path) -> None:
    path = write(tmp_path, "x.xml", RDF_XML.format(body='<!ENTITY a "b">'))
    err = refused(path, "rdfxml")
    assert err.line == 3 and "ENTITY declaration is refused" in str(err)


# --------------------------------------------------------------------------- JSON-LD


def test_remote_jsonld_context_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "remote.jsonld",
        '{\n  "@context": "https://schema.org/",\n  "@id": "http://x.example/a",\n'
        '  "name": "A"\n}\n',
    )
    assert str(refused(path)) == (
        f"{path}:2: JSON-LD @context 'https://schema.org/' is a remote or file context, which "
        "is never fetched; put the context inline (an object)"
    )


def test_file_context_in_a_list_and_import_are_refused(tmp_path: Path) -> None:
    listed = write(
        tmp_path,
        "file.json",
        '{\n "@id": "http://x.example/a",\n "@context": [\n  {"n": "http://x.example/n"},\n'
        '  "file:///etc/passwd"\n ],\n "n": "A"\n}\n',
    )
    err = refused(listed)
    assert err.line == 5 and "'file:///etc/passwd' is a remote or file context" in str(err)
    imported = write(
        tmp_path,
        "import.jsonld",
        '{"@context": {"@import": "http://x.example/ctx"},\n "@id": "http://x.example/a"}',
    )
    assert "JSON-LD @import 'http://x.example/ctx'" in str(refused(imported))


def test_inline_context_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "ok.jsonld",
        '{"@context": {"name": "http://x.example/name"}, "@id": "http://x.example/a", "name": "A"}',
    )
    data = read_rdf(path)
    assert data.format == "jsonld"
    assert [(t.subject.value, t.predicate.value, t.object.value) for t in data.triples()] == [
        ("http://x.example/a", "http://x.example/name", "A")
    ]


def test_jsonld_relative_id_without_base_is_refused_not_dropped(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "rel.jsonld",
        '{\n "@context": {"name": "http://x.example/name"},\n "@id": "a",\n "name": "A"\n}',
    )
    assert str(refused(path)) == (
        f"{path}:3: relative IRI 'a' and no @base: give an absolute IRI (relative IRIs are "
        "never resolved against the file's location)"
    )


def test_jsonld_invalid_iri_is_refused_not_dropped(tmp_path: Path) -> None:
    path = write(
        tmp_path, "bad.jsonld", '{\n "@id": "http://x.example/a b",\n "http://x.example/p": 1\n}'
    )
    err = refused(path)
    assert err.line == 2 and "invalid IRI 'http://x.example/a b'" in str(err)


# --------------------------------------------------------------------------- owl:imports


def test_owl_imports_is_reported_not_fetched(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "onto.ttl",
        "<http://x.example/o> a <http://www.w3.org/2002/07/owl#Ontology> ;\n"
        "  <http://www.w3.org/2002/07/owl#imports> <http://127.0.0.1:9/never> .\n",
    )
    data = read_rdf(path)
    assert len(data.quads) == 2
    assert data.warnings == [
        f"{path}: owl:imports <http://127.0.0.1:9/never> is not fetched; give that file too if "
        "its terms are needed"
    ]


# --------------------------------------------------------------------------- terms and bytes


def test_invalid_iri_names_file_and_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "bad.nt",
        '<http://x.example/a> <http://x.example/p> "1" .\n'
        "<http://x.example/a> <http://x.example/p> <http://x.example/b c> .\n",
    )
    assert str(refused(path)) == (f"{path}:2: not valid N-Triples: Invalid IRI code point ' '")


def test_invalid_iri_in_rdfxml_names_the_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "bad.rdf",
        RDF_XML.format(
            body='<rdf:Description rdf:about="http://x.example/a">\n'
            '  <x:p rdf:resource="http://x.example/b c"/>\n</rdf:Description>'
        ),
    )
    err = refused(path)
    assert (
        err.line == 4 and "not valid RDF/XML" in str(err) and "'http://x.example/b c'" in str(err)
    )


@pytest.mark.parametrize(
    ("lexical", "dtype"),
    [("abc", "integer"), ("1.5", "integer"), ("2025-13-45", "date"), ("yes", "boolean"),
     ("20x5", "gYear"), ("1,000", "decimal")],
)  # fmt: skip
def test_ill_typed_literal_names_file_and_line(tmp_path: Path, lexical: str, dtype: str) -> None:
    path = write(
        tmp_path,
        "typed.ttl",
        f"@prefix xsd: <{XSD}> .\n<http://x.example/a> <http://x.example/p> 1 .\n"
        f'<http://x.example/a> <http://x.example/q> "{lexical}"^^xsd:{dtype} .\n',
    )
    assert str(refused(path)) == f"{path}:3: ill-typed literal {lexical!r}^^xsd:{dtype}"


def test_well_typed_literals_pass(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "typed.ttl",
        f"@prefix xsd: <{XSD}> .\n<http://x.example/a> <http://x.example/p> 1, -2.5, 1e3, true,"
        ' "2025-10-28"^^xsd:date, "2025"^^xsd:gYear, " 7 "^^xsd:integer, "INF"^^xsd:double .\n',
    )
    assert len(read_rdf(path).quads) == 8


def test_huge_integer_is_refused_cleanly(tmp_path: Path) -> None:
    path = write(
        tmp_path, "big.ttl", "\n<http://x.example/a> <http://x.example/p> " + "9" * 5000 + " .\n"
    )
    assert str(refused(path)) == (
        f"{path}:2: an xsd:integer of 5,000 characters; numbers longer than "
        f"{MAX_NUMBER_CHARS:,} are refused (OWL tools cannot read them)"
    )


def test_control_character_in_a_literal_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "ctl.ttl", '<http://x.example/a> <http://x.example/p> "a\\u0007b" .\n')
    err = refused(path)
    assert err.line == 1 and str(err).endswith("a literal with control character U+0007")


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = write(
        tmp_path, "bom.ttl", b'\xef\xbb\xbf<http://x.example/a> <http://x.example/p> "x" .\n'
    )
    assert len(read_rdf(path).quads) == 1


def test_bad_utf8_names_file_and_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "latin1.ttl",
        b'<http://x.example/a> <http://x.example/p> "ok" .\n'
        b'<http://x.example/a> <http://x.example/p> "caf\xe9" .\n',
    )
    assert str(refused(path)) == f"{path}:2: not UTF-8 (byte 0xe9); save the file as UTF-8"


def test_utf16_is_refused_by_its_nul_bytes(tmp_path: Path) -> None:
    path = write(tmp_path, "u16.rdf", RDF_XML.format(body="").encode("utf-16"))
    assert "a NUL byte: binary, or UTF-16" in str(refused(path))


def test_relative_iri_without_base_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "rel.ttl",
        '<http://x.example/a> <http://x.example/p> "x" .\n<b> <http://x.example/p> "y" .\n',
    )
    assert str(refused(path)) == (
        f"{path}:2: not valid Turtle: relative IRI and no base: give an absolute IRI or an "
        "@base / xml:base (relative IRIs are never resolved against the file's location)"
    )


def test_relative_iri_in_rdfxml_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "rel.rdf",
        RDF_XML.format(
            body='<rdf:Description rdf:about="local-thing"><x:p>v</x:p></rdf:Description>'
        ),
    )
    err = refused(path)
    assert err.line == 3 and "relative IRI 'local-thing' and no base" in str(err)


def test_declared_base_is_used(tmp_path: Path) -> None:
    path = write(tmp_path, "base.ttl", '@base <http://x.example/> .\n<b> <p> "y" .\n')
    (t,) = read_rdf(path).triples()
    assert (t.subject.value, t.predicate.value) == ("http://x.example/b", "http://x.example/p")


# --------------------------------------------------------------------------- formats


def test_owl_suffix_with_rdfxml_is_read_as_rdfxml(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "onto.owl",
        RDF_XML.format(
            body='<rdf:Description rdf:about="http://x.example/a"><x:p>v</x:p></rdf:Description>'
        ),
    )
    data = read_rdf(path)
    assert data.format == "rdfxml" and len(data.quads) == 1 and data.warnings == []


def test_ttl_holding_rdfxml_is_read_as_what_it_is(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "wrong.ttl",
        RDF_XML.format(
            body='<rdf:Description rdf:about="http://x.example/a"><x:p>v</x:p></rdf:Description>'
        ),
    )
    data = read_rdf(path)
    assert data.format == "rdfxml" and len(data.quads) == 1
    assert data.warnings == [f"{path}: named .ttl but the content is XML; read as what it is"]


def test_owl_suffix_with_turtle_is_read_as_turtle(tmp_path: Path) -> None:
    path = write(
        tmp_path, "onto.owl", "# an ontology\n<http://x.example/a> <http://x.example/p> 1 .\n"
    )
    data = read_rdf(path)
    assert data.format == "trig" and len(data.quads) == 1
    assert "named .owl but the content is Turtle/N-Triples/TriG" in data.warnings[0]


def test_explicit_format_wins_and_errors_say_so(tmp_path: Path) -> None:
    path = write(tmp_path, "data.txt", '<http://x.example/a> <http://x.example/p> "x" .\n')
    assert read_rdf(path, "ntriples").format == "ntriples"
    err = refused(path, "rdfxml")
    assert str(err).startswith(f"{path}: not valid RDF/XML")
    assert "unknown format 'owl'" in str(refused(path, "owl"))


def test_nquads_and_trig_keep_their_graphs(tmp_path: Path) -> None:
    nq = write(
        tmp_path,
        "d.data",
        "<http://x.example/a> <http://x.example/p> <http://x.example/o> <http://x.example/g> .\n",
    )
    data = read_rdf(nq)
    assert data.format == "nquads" and data.quads[0].graph_name.value == "http://x.example/g"
    trig = write(
        tmp_path, "d.trig", "<http://x.example/g> { <http://x.example/a> <http://x.example/p> 1 }\n"
    )
    assert read_rdf(trig).quads[0].graph_name.value == "http://x.example/g"


def test_owl_xml_is_named(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "onto.owl",
        '<?xml version="1.0"?>\n<Ontology xmlns="http://www.w3.org/2002/07/owl#" '
        'ontologyIRI="http://x.example/o"/>\n',
    )
    assert "OWL/XML, not RDF/XML" in str(refused(path))


# --------------------------------------------------------------------------- what is read at all


def test_empty_file_is_an_error_not_zero_triples(tmp_path: Path) -> None:
    assert (
        str(refused(write(tmp_path, "empty.ttl", "")))
        == f"{tmp_path / 'empty.ttl'}: empty file: no triples"
    )
    only = write(tmp_path, "prefixes.ttl", "# nothing but\n@prefix x: <http://x.example/> .\n")
    assert str(refused(only)) == f"{only}: no triples (read as turtle)"


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:9/x.ttl", "https://example.org/onto.owl", "file:///etc/passwd"]
)
def test_url_argument_is_refused(url: str) -> None:
    assert str(refused(url)) == (
        f"{url}: only local files are read, not URLs: download it and give the file"
    )


def test_url_through_a_path_is_refused() -> None:
    """typer hands a URL over as a Path, which folds '//' to '/'."""
    assert "only local files are read" in str(refused(Path("http://127.0.0.1:9/x.ttl")))


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert str(refused(tmp_path / "nope.ttl")) == f"{tmp_path / 'nope.ttl'}: file not found"
    assert "not a regular file" in str(refused(tmp_path))
    assert "not a regular file" in str(refused("/dev/zero"))


def test_size_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "a.ttl", '<http://x.example/a> <http://x.example/p> "x" .\n')
    with pytest.raises(RdfInputError, match="files over 10 are refused"):
        read_rdf(path, max_bytes=10)


# --------------------------------------------------------------------------- every input uses it


def test_check_data_goes_through_the_reader(cli, tmp_path: Path) -> None:
    bomb = write(tmp_path, "laughs.rdf", BILLION_LAUGHS.replace("&lol9;", "&lol2;"))
    r = cli("check", "--data", bomb, "--no-hermit")
    assert r.code == 2 and f"error: {bomb}:2: RDF/XML with a DOCTYPE" in r.err
    empty = write(tmp_path, "empty.ttl", "# nothing\n")
    r = cli("check", "--data", empty, "--no-hermit")
    assert r.code == 2 and "no triples" in r.err and "consistent" not in r.out
    big = write(
        tmp_path, "big.ttl", "<http://x.example/a> <http://x.example/p> " + "1" * 5000 + " .\n"
    )
    r = cli("check", "--data", big, "--no-hermit")
    assert r.code == 2 and f"{big}:1: an xsd:integer of 5,000 characters" in r.err
    assert "Traceback" not in r.err


def test_the_project_ontology_goes_through_the_reader(tiny_project, cli) -> None:
    onto = tiny_project.root / "ontology" / "alliance.ttl"
    onto.write_text(BILLION_LAUGHS.replace("&lol9;", "&lol2;"), encoding="utf-8")
    r = cli("build", "--project", tiny_project.root)
    assert r.code == 2
    assert f"cannot read the ontology: {onto}:2: RDF/XML with a DOCTYPE declaration" in r.err


def test_check_reports_ill_typed_literals_with_or_without_hermit(cli, tmp_path: Path) -> None:
    """Issue 17: `--no-hermit` used to stop reporting ill-typed literals."""
    path = write(
        tmp_path,
        "typed.ttl",
        f'@prefix xsd: <{XSD}> .\n<http://x.example/a> <http://x.example/p> "abc"^^xsd:integer .\n',
    )
    r = cli("check", "--data", path, "--no-hermit")
    assert r.code == 2 and r.err == f"error: {path}:2: ill-typed literal 'abc'^^xsd:integer\n"


def test_check_with_a_malformed_rdfxml_ontology_names_it(cli, tmp_path: Path) -> None:
    """Issue 17: a malformed RDF/XML ontology given to `check` ended in owlready2's traceback."""
    onto = write(
        tmp_path,
        "onto.owl",
        RDF_XML.format(body='<rdf:Description rdf:about="http://x.example/a">\n<x:p>v</x:q>'),
    )
    data = write(tmp_path, "d.ttl", '<http://x.example/a> <http://x.example/p> "x" .\n')
    r = cli("check", "--data", data, "--ontology", onto, "--no-hermit")
    assert r.code == 2 and r.err.startswith(f"error: {onto}:4: not valid RDF/XML: ill-formed")
    assert "Traceback" not in r.err
