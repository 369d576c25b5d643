"""Fixtures for the page tests: built projects (the example, a hostile one) and a real browser."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from alliance_kg.analyse import project
from alliance_kg.build import build
from alliance_kg.project import Project
from alliance_kg.store import open_store

from ..browser import launch
from ..conftest import FIXTURES, ROOT, make_project

EXAMPLE = ROOT / "graph" / "sources" / "us-japan-alliance-summit"
XSS_LABEL = "<img src=x onerror=window.__xss=1>"
XSS_ALIAS = "<b onmouseover=window.__xss=2>evil</b>"
XSS_QUOTE = "works with Lisbon Quantum Labs <script>window.__xss=3</script>"


@pytest.fixture(scope="session")
def example_graph(example: Project) -> nx.MultiDiGraph:
    """The example's projection, as `viz` draws it by default."""
    with open_store(example.store) as store:
        return project(store)


def _hostile_sources(folder: Path) -> tuple[Path, Path]:
    """The tiny fixture plus an entity whose label, alias and evidence are HTML."""
    folder.mkdir(parents=True)
    text = (FIXTURES / "tiny" / "tiny.txt").read_text()
    text += f"\nThe {XSS_LABEL} consortium ({XSS_ALIAS}) {XSS_QUOTE}.\n"
    annotation = (FIXTURES / "tiny" / "tiny.yaml").read_text()
    extra = (
        f'  - label: "{XSS_LABEL}"\n    class: Company\n    aliases: ["{XSS_ALIAS}"]\n'
        "relations:\n"
        f'  - subject: "{XSS_LABEL}"\n    property: collaboratesWith\n'
        f'    object: Lisbon Quantum Labs\n    evidence: "{XSS_QUOTE}"\n'
    )
    annotation = annotation.replace("relations:\n", extra, 1)
    (folder / "tiny.txt").write_text(text)
    (folder / "tiny.yaml").write_text(annotation)
    return folder / "tiny.yaml", folder / "tiny.txt"


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """A built project whose document names an entity `<img src=x onerror=…>`."""
    base = tmp_path_factory.mktemp("hostile")
    proj = make_project(base / "proj", *_hostile_sources(base / "src"))
    build(proj)
    return proj


# --- the browser ------------------------------------------------------------------------------


@dataclass
class Opened:
    """A page opened in Chromium, with what it logged and asked the network for."""

    page: Any
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def js(self, expression: str, arg: object = None) -> Any:
        return self.page.evaluate(expression, arg)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Debian Chromium per session, driven by Playwright (no downloaded browser).

    A missing chromium fails the browser tests (it is part of the set-up), never skips them.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch(pw)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[..., Opened]]:
    """Open a page file in a fresh context; every request other than file:/data: is refused.

    With ``enforce_csp=False`` the page's Content-Security-Policy is bypassed so the test can
    evaluate JavaScript in it, and so what it proves about escaping does not rest on the CSP.
    The page must say it is ready (laid out, physics off) within ``ready_within`` seconds.
    """
    contexts: list[Any] = []

    def open_(
        path: Path, *, enforce_csp: bool = False, width: int = 1400, ready_within: float = 120
    ) -> Opened:
        context = browser.new_context(
            viewport={"width": width, "height": 900}, bypass_csp=not enforce_csp
        )
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page)
        page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: opened.errors.append(str(exc)))

        def route(r: Any) -> None:
            url = r.request.url
            opened.requests.append(url)
            if url.startswith(("file:", "data:")):
                r.continue_()
            else:
                r.abort()

        page.route("**/*", route)
        page.on("requestfailed", lambda req: opened.errors.append(f"failed: {req.url}"))
        page.goto(Path(path).resolve().as_uri())
        page.wait_for_selector("body[data-ready]", state="attached", timeout=ready_within * 1000)
        return opened

    yield open_
    for context in contexts:
        context.close()
