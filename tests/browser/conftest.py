"""Browser fixtures: a real Chromium (Debian's package) driven by Playwright, on a built site.

Playwright cannot download its own browser here, so it launches the system Chromium through
`executable_path`. Without a browser the tests skip with a clear message, except under CI=true,
where a missing browser is a failure (.ci/run installs it).
"""
from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from siteserver import serve

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH")
    if configured and Path(configured).exists():
        return configured
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def site_dir(request: pytest.FixtureRequest) -> Path:
    """The built site: the session's strict build of the project, or, when EDITION_SITE names an
    already built site folder, that folder (a quick loop while working on CSS and JS).
    EDITION_GENERATOR=zensical builds it with Zensical instead of MkDocs (`make test-zensical`)."""
    prebuilt = os.environ.get("EDITION_SITE")
    if prebuilt:
        return Path(prebuilt).resolve()
    if os.environ.get("EDITION_GENERATOR", "mkdocs") == "zensical":
        return request.getfixturevalue("built_zensical_site")
    return request.getfixturevalue("built_site")


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    """The built site served on a free loopback port for the session."""
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    executable = find_chromium()
    if executable is None:
        message = "no Chromium found (install Debian's chromium, or set CHROMIUM_PATH)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; CI must run the browser tests")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"])
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def new_page(browser):
    """Factory: a fresh page at a viewport, recording console errors and page errors."""
    contexts = []

    def make(width: int = 1440, height: int = 900, color_scheme: str = "light", javascript: bool = True,
             touch: bool = False):
        context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=color_scheme,
                                      java_script_enabled=javascript, has_touch=touch, is_mobile=touch)
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []  # type: ignore[attr-defined]
        page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
        page.on("pageerror", lambda err: page.console_errors.append(str(err)))
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def serve_directory() -> Iterator[object]:
    """Factory: serve another built site (e.g. a fixture project's) on a free loopback port."""
    with contextlib.ExitStack() as servers:
        yield lambda directory: servers.enter_context(serve(directory))
