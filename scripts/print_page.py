#!/usr/bin/env python3
"""Print a static page (``alliance-kg report``, a ``--chart`` page) to PDF and PNGs in Chromium.

    .venv/bin/alliance-kg report -o build/brief.html
    .venv/bin/python scripts/print_page.py build/brief.html           # build/brief.pdf, brief-N.png
    .venv/bin/python scripts/print_page.py build/brief.html --page 1 --out docs/report.png
    .venv/bin/alliance-kg analyse money --chart build/money.html
    .venv/bin/python scripts/print_page.py build/money.html --screen .money-flows \
        --out docs/money.png

Printing uses the page's print CSS (A4 unless --paper Letter) and renders the PDF's pages with
pypdfium2; --screen takes a screenshot of the first element the CSS selector matches instead.
Uses Debian's chromium through Playwright (no downloaded browser), like the page tests.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

# the Chromium launcher and the PDF renderer are test helpers (tests/ is not in the wheel)
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.browser import ChromiumMissingError, chromium_path, launch
from tests.visualise.pdfpages import pdf_pages_to_png


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path, help="an HTML page written by alliance-kg")
    parser.add_argument("-o", "--out", type=Path, help="with --page or --screen: the PNG to write")
    parser.add_argument("--paper", default="A4", choices=["A4", "Letter"])
    parser.add_argument("--page", type=int, dest="number", help="keep only this PDF page")
    parser.add_argument("--scale", type=float, default=1.3, help="PNG pixels per PDF point")
    parser.add_argument("--screen", metavar="SELECTOR", help="screenshot this element instead")
    parser.add_argument("--width", type=int, default=1100, help="window width for --screen")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    try:
        chromium_path()
    except ChromiumMissingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    stem = args.page.with_suffix("")
    with sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport={"width": args.width, "height": 900})
        page.goto(args.page.resolve().as_uri())
        if args.screen:
            out = args.out or stem.with_suffix(".png")
            page.locator(args.screen).first.screenshot(path=str(out))
            print(out)
            browser.close()
            return 0
        pdf = page.pdf(format=args.paper, print_background=True)
        browser.close()
    stem.with_suffix(".pdf").write_bytes(pdf)
    with tempfile.TemporaryDirectory() as tmp:
        images = pdf_pages_to_png(pdf, Path(tmp), stem.name, scale=args.scale)
        print(f"{stem.with_suffix('.pdf')}: {len(images)} page(s)")
        for image in images:
            if args.number is not None and image.path.name != f"{stem.name}-{args.number}.png":
                continue
            out = args.out or stem.parent / image.path.name
            shutil.copy(image.path, out)
            print(f"{out} ({image.width}×{image.height}, {image.ink:.0%} ink)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
