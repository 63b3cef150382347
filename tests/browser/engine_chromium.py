"""Chromium (Debian's package, or CHROMIUM_PATH) through Playwright, behind pagedriver.Page."""
from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pagedriver import Page

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


def find_chromium() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH")
    if configured and Path(configured).exists():
        return configured
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


class ChromiumPage(Page):
    engine = "chromium"

    def __init__(self, browser: Any, width: int, height: int) -> None:
        super().__init__()
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.raw = self.context.new_page()  # the Playwright page, for Chromium-only tests
        self.raw.on("console", lambda msg: msg.type == "error" and self._errors.append(msg.text))
        self.raw.on("pageerror", lambda err: self._errors.append(str(err)))

    def goto(self, url: str) -> None:
        self.raw.goto(url)

    def _call(self, function: str, arg: Any) -> str:
        return str(self.raw.evaluate(function, arg))

    def _click_at(self, x: int, y: int, selector: str) -> None:
        self.raw.mouse.click(x, y)

    def press(self, key: str) -> None:
        self.raw.keyboard.press("Space" if key == " " else key)

    def set_viewport(self, width: int, height: int) -> None:
        self.raw.set_viewport_size({"width": width, "height": height})

    def screenshot(self) -> bytes:
        return bytes(self.raw.screenshot())

    def close(self) -> None:
        self.context.close()


@contextlib.contextmanager
def launch_chromium() -> Iterator[Any]:
    """A headless Playwright Chromium browser (one per process: Playwright's sync API allows one)."""
    executable = find_chromium()
    assert executable, "no Chromium found (install Debian's chromium, or set CHROMIUM_PATH)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


class ChromiumBrowser:
    """The engine-neutral face of a Playwright browser (shared with the Chromium-only tests)."""

    engine = "chromium"

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self.version = "Chromium " + browser.version

    def new_page(self, width: int, height: int, site_url: str) -> ChromiumPage:
        return ChromiumPage(self.browser, width, height)

    def close(self) -> None:
        pass  # the Playwright browser belongs to whoever launched it
