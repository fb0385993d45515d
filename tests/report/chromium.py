"""Opening a page in Debian's headless Chromium through Playwright (no browser download).

CI installs the browser with `apt-get install -y chromium` (see .ci/run); the tests that need
it skip with this message when it is missing.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
MISSING = (
    "headless Chromium not installed: `apt-get update && apt-get install -y chromium` "
    "(Debian package) to run the report's browser tests"
)


REQUIRE_ENV = "BILDUNGSPFADE_REQUIRE_CHROMIUM"  # set by .ci/run: a missing browser fails


def available() -> bool:
    return shutil.which("chromium") is not None


def required() -> bool:
    return os.environ.get(REQUIRE_ENV, "") not in ("", "0")


@dataclass
class Visit:
    page: object
    console: list[tuple[str, str]] = field(default_factory=list)  # (type, text)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        return [t for kind, t in self.console if kind == "error"] + self.page_errors


@contextmanager
def open_page(url: str, width: int = 1100, height: int = 900) -> Iterator[Visit]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            visit = Visit(page)
            page.on("console", lambda m: visit.console.append((m.type, m.text)))
            page.on("pageerror", lambda e: visit.page_errors.append(str(e)))
            page.on("request", lambda r: visit.requests.append(r.url))
            page.goto(url, wait_until="load")
            yield visit
        finally:
            browser.close()
