"""`alliance-kg docs`: every term of the ontology documented, with an example where the data has
one, in one offline page."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox

from alliance_kg.namespaces import AKGRAPH
from alliance_kg.ontology import Vocabulary
from alliance_kg.project import Project


class Sections(HTMLParser):
    """The text of each ``<section id=…>``, and every URL the page would load."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: dict[str, str] = {}
        self.loads: list[str] = []
        self._current: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "section":
            self._current = a["id"]
            self.sections[self._current or ""] = ""
        if tag in ("script", "img", "link", "iframe") or (tag == "link" and a.get("href")):
            self.loads.append(a.get("src") or a.get("href") or tag)
        if tag == "div" and a.get("class") == "example" and self._current:
            self.sections[self._current] += "[example]"

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self._current = None

    def handle_data(self, data: str) -> None:
        if self._current:
            self.sections[self._current] += data


def _in_data(store: ox.Store, iri: str, is_class: bool) -> bool:
    docs = str(AKGRAPH["doc/"])
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    pattern = (None, rdf_type, ox.NamedNode(iri)) if is_class else (None, ox.NamedNode(iri), None)
    return any(
        q.graph_name.value.startswith(docs)
        for q in store.quads_for_pattern(*pattern, None)
        if isinstance(q.graph_name, ox.NamedNode)
    )


def test_every_term_with_domain_range_and_examples(
    example: Project, example_store: ox.Store, cli: Callable, tmp_path: Path
) -> None:
    result = cli("docs", "-o", tmp_path / "onto", "--project", example.root)
    assert result.code == 0, result.err
    page = (tmp_path / "onto" / "index.html").read_text()
    parser = Sections()
    parser.feed(page)
    assert parser.loads == []  # nothing fetched: no script, image or stylesheet link
    vocab = Vocabulary.from_store(example_store)
    terms = vocab.terms()
    assert len(terms) > 100
    with_example = 0
    for term in terms:
        text = parser.sections[term.name]
        assert term.definition[:40] in text or not term.definition, term.name
        if term.is_property:
            assert "Domain" in text and "Range" in text, term.name
        if _in_data(example_store, term.iri, term.kind == "class"):
            assert "[example]" in text, term.name
            with_example += 1
        else:
            assert "none in the data" in text, term.name
    assert with_example > 40
    investor = parser.sections["investor"]
    assert re.search(r"Domain\s*Investment", investor) and "[example]" in investor
    assert "“" in investor  # the sentence the example comes from
