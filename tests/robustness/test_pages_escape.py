"""Labels, quotes, notes and titles carrying HTML and script are shown as text on every page
alliance-kg writes (`viz`, `report`, `docs`, the money and timeline charts): the raw markup
never appears in the file, inside the HTML or inside the page's embedded data."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliance_kg.build import build
from alliance_kg.project import Project

from ..conftest import FIXTURES, make_project

LABEL = "Lisbon <script>alert(1)</script> Labs"
NOTE = '"><img src=x onerror=alert(2)>'
TITLE = "</title><script>alert(3)</script>"
#: what must never appear raw in a page
RAW = ("<script>alert", "<img src=x", "</script> Labs", 'href="javascript:', "onerror=alert(2)>")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Project:
    tmp = tmp_path_factory.mktemp("pages")
    project = make_project(tmp, FIXTURES / "tiny" / "tiny.yaml", FIXTURES / "tiny" / "tiny.txt")
    text = project.sources / "tiny.txt"
    text.write_text(text.read_text().replace("Lisbon Quantum Labs", LABEL))
    yaml_path = project.sources / "tiny.yaml"
    yaml_path.write_text(
        yaml_path.read_text()
        .replace("Lisbon Quantum Labs", LABEL)
        .replace("note: world knowledge", f"note: '{NOTE}'")
        .replace("title: Tiny alliance note", f"title: '{TITLE}'\n  url: 'javascript:alert(4)'")
    )
    build(project, reason=False)
    return project


def _assert_escaped(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    for raw in RAW:
        assert raw not in html, (page.name, raw, html[max(0, html.find(raw) - 200) :][:400])


@pytest.mark.parametrize(
    "args",
    [
        ("viz", "-o", "OUT/page.html"),
        ("viz", "-o", "OUT/page.html", "--focus", LABEL),
        ("viz", "-o", "OUT/page.html", "--path", "Ministry of Science", LABEL),
        ("report", "-o", "OUT/page.html"),
        ("report", "-o", "OUT/page.html", "--document", "tiny"),
        ("analyse", "money", "--chart", "OUT/page.html"),
        ("analyse", "timeline", "--chart", "OUT/page.html"),
        ("docs", "-o", "OUT/docs"),
    ],
    ids=lambda a: " ".join(x for x in a if "OUT" not in x and x != LABEL),
)
def test_every_page_escapes_hostile_text(cli, hostile: Project, tmp_path: Path, args):
    result = cli(*(a.replace("OUT", str(tmp_path)) for a in args), "--project", str(hostile.root))
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    pages = [p for p in tmp_path.rglob("*.html")]
    assert pages
    for page in pages:
        _assert_escaped(page)
    if args[0] in ("viz", "report"):  # the hostile label is on the page, as text
        html = pages[0].read_text(encoding="utf-8")
        assert "alert(1)" in html


def test_the_label_reached_the_graph_unchanged(hostile: Project):
    assert LABEL in hostile.export.read_text(encoding="utf-8")
