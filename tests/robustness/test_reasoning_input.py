"""Control characters in a document's text do not stop HermiT (they once failed every reasoning
build with only the last frame of a Java stack trace), and a Java failure names its cause."""

from __future__ import annotations

import pyoxigraph as ox

from alliance_kg.build import build
from alliance_kg.reason.consistency import _java_cause, _xml_safe

from ..conftest import FIXTURES, make_project


def test_a_document_with_control_characters_builds_with_hermit(tmp_path):
    project = make_project(
        tmp_path, FIXTURES / "tiny" / "tiny.yaml", FIXTURES / "tiny" / "tiny.txt"
    )
    text = project.sources / "tiny.txt"
    text.write_text(text.read_text().replace(" will occur", "\x1b[2J\x07\x0b will occur", 1))
    annotation = project.sources / "tiny.yaml"
    annotation.write_text(
        annotation.read_text().replace(
            "evidence: Further work will occur through Lisbon Quantum Labs.",
            "evidence: Lisbon Quantum Labs",
        )
    )
    report = build(project)
    assert report.reasoning is not None and report.reasoning.consistent


def test_literals_lose_only_what_xml_cannot_hold():
    s, p = ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p")
    dirty = ox.Triple(s, p, ox.Literal("a\x1bb\tc\u202e", language="en"))
    clean = _xml_safe(dirty)
    assert clean.object.value == "a\ufffdb\tc\u202e" and clean.object.language == "en"
    typed = ox.Triple(
        s, p, ox.Literal("5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    )
    assert _xml_safe(typed) is typed


def test_a_java_failure_names_its_cause_not_its_last_frame():
    trace = (
        "Exception in thread main org.xml.sax.SAXParseException: An invalid XML character "
        "(Unicode: 0x1b) was found\n\tat org.apache.Parser.parse(Parser.java:1)\n"
        "\tat org.semanticweb.HermiT.cli.CommandLine.main(CommandLine.java:830)\n"
    )
    assert "invalid XML character" in _java_cause(trace)
