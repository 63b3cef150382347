"""Browser fixtures: a real Chromium (Debian's package) driven by Playwright, on a built site.

Playwright cannot download its own browser here, so it launches the system Chromium through
`executable_path`. Without a browser the tests skip with a clear message, except under CI=true,
where a missing browser is a failure (.ci/run installs it).
"""
from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from pathlib import Path
from typing import Iterator

import pytest

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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature from the base class
        pass

    def do_GET(self) -> None:
        # Material's instant navigation only takes over links listed in sitemap.xml, whose URLs
        # carry site_url. Served here on another address, the sitemap is given with this
        # server's address, as if the site were deployed here; otherwise every link would
        # reload the page and the tests could not see instant navigation at all.
        if self.path.split("?", 1)[0] != "/sitemap.xml":
            return super().do_GET()
        body = local_sitemap((Path(self.directory) / "sitemap.xml").read_text(encoding="utf-8"),
                             f"http://{self.headers['Host']}/").encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def local_sitemap(sitemap: str, base: str) -> str:
    """The sitemap with the site's root URL (its shortest <loc>) replaced by `base`."""
    locations = re.findall(r"<loc>([^<]*)</loc>", sitemap)
    if not locations:
        return sitemap
    root = min(locations, key=len)
    return sitemap.replace(f"<loc>{root}", f"<loc>{base}")


@pytest.fixture(scope="session")
def site_dir(request: pytest.FixtureRequest) -> Path:
    """The built site: the session's strict build of the project, or, when EDITION_SITE names an
    already built site folder, that folder (a quick loop while working on CSS and JS)."""
    prebuilt = os.environ.get("EDITION_SITE")
    if prebuilt:
        return Path(prebuilt).resolve()
    return request.getfixturevalue("built_site")


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    """The built site served on a free loopback port for the session."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


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
    servers: list[http.server.ThreadingHTTPServer] = []

    def serve(directory: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(directory))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()
