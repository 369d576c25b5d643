"""Debian's Chromium driven by Playwright, as the page tests, screenshots and benchmarks use it.

Playwright's own browser download cannot work here (no download site), so the system
`chromium` is launched by path, headless, with its background network traffic switched off.
Playwright is a development dependency: it is imported only when a browser is launched.

A test helper, so it lives under tests/ and does not ship in the wheel; `scripts/` and
`benchmarks/` import it as ``tests.browser`` with the repository root on ``sys.path``.
"""

from __future__ import annotations

import shutil
from typing import Any

#: flags for a quiet, sandbox-free headless Chromium (it runs as root in CI)
CHROMIUM_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


class ChromiumMissingError(RuntimeError):
    """No `chromium` on PATH: the page tests, screenshots and browser benchmark need it."""


def chromium_path() -> str:
    """The system Chromium, or an error saying how to install it."""
    path = shutil.which("chromium")
    if path is None:
        raise ChromiumMissingError("chromium is not installed (scripts/setup.sh installs it)")
    return path


def launch(playwright: Any) -> Any:
    """A headless system Chromium from a started `sync_playwright()` object."""
    return playwright.chromium.launch(executable_path=chromium_path(), args=list(CHROMIUM_ARGS))
