#!/usr/bin/env python3
"""Screenshot a page written by `alliance-kg viz`, opened in headless Chromium.

    .venv/bin/alliance-kg viz -o build/alliance.html
    .venv/bin/python scripts/screenshot.py build/alliance.html --open-edges

writes build/alliance.png (build/ is git-ignored). To refresh the README's picture, say so:

    .venv/bin/python scripts/screenshot.py build/alliance.html --open-edges --out docs/alliance.png

Uses Debian's chromium through Playwright (no downloaded browser), like the page tests.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# The Chromium launcher is a test helper (tests/browser.py, not shipped in the wheel); the script
# runs as `.venv/bin/python scripts/screenshot.py`, which puts scripts/ on sys.path, not the root.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.browser import ChromiumMissingError, chromium_path, launch

ROOT = Path(__file__).resolve().parents[1]
#: where the screenshot goes unless --out says otherwise: an ignored folder, never a tracked file
DEFAULT_OUT = ROOT / "build" / "alliance.png"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path, help="an HTML page written by `alliance-kg viz`")
    parser.add_argument(
        "-o",
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help="the PNG to write (default: build/alliance.png; docs/alliance.png is the README's)",
    )
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--open-edges", action="store_true", help="expand the edge legend")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    try:
        chromium_path()
    except ChromiumMissingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    with sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport={"width": args.width, "height": args.height})
        page.route(
            "**/*",
            lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort(),
        )
        page.goto(args.page.resolve().as_uri())
        page.wait_for_selector("body[data-ready]", state="attached", timeout=120_000)
        if args.open_edges:
            page.click("#akg-panel details:last-of-type summary")
        page.wait_for_timeout(300)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(args.out))
        browser.close()
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
