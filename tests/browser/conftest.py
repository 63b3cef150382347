"""Browser fixtures: the reader on three engines, on a built site.

- `reader_page(width, height)`: a page in the engine of the test's `engine` parameter (chromium,
  firefox, webkit; see pagedriver.py). Every test that asks for it runs on all three engines,
  marked `browser` plus `firefox` or `webkit`, except engines named with a reason in
  `@pytest.mark.engine_limits(webkit="why")`; the reasons are printed at the end of the run.
- `new_page(...)`: a Playwright page in Chromium, for what only Playwright can do (print
  emulation, request interception, clipboard permissions, touch). A test that uses it must say
  why with `@pytest.mark.chromium_only("why")`.

The site under test is one fixture, `site_dir` (EDITION_SITE names a prebuilt folder). An engine
that is not installed skips its tests with the reason, except under CI=true, where a missing
engine is a failure (.ci/run installs all three).
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from crowdedsite import make_crowded_project
from engine_chromium import ChromiumBrowser, find_chromium, launch_chromium
from engine_firefox import FirefoxBrowser, find_firefox
from engine_webkit import WebKitBrowser, find_webkit
from pagedriver import ENGINES, Page
from project import build_strict
from siteserver import serve

INSTALL = {"chromium": "Debian's chromium (or set CHROMIUM_PATH)",
           "firefox": "Debian's firefox-esr, and websocket-client from requirements.txt",
           "webkit": "Debian's webkit2gtk-driver and xvfb, and selenium from requirements.txt"}
ENGINE_MARKS = {"chromium": [], "firefox": [pytest.mark.firefox], "webkit": [pytest.mark.webkit]}
_LIMITS = pytest.StashKey[dict[str, list[str]]]()
_VERSIONS = pytest.StashKey[dict[str, str]]()
_FIGURES = pytest.StashKey[list[str]]()


def engine_missing(engine: str) -> str | None:
    found = {"chromium": find_chromium, "firefox": find_firefox, "webkit": find_webkit}[engine]()
    return None if found else f"{engine} is not installed (install {INSTALL[engine]})"


def require(engine: str) -> None:
    missing = engine_missing(engine)
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(missing + "; CI must run the browser tests on every engine", pytrace=False)
        pytest.skip(missing)


# ---------------------------------------------------------------- engines as a test parameter

def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine" not in metafunc.fixturenames:
        return
    marker = metafunc.definition.get_closest_marker("engine_limits")
    limits = marker.kwargs if marker else {}
    unknown = set(limits) - set(ENGINES)
    assert not unknown, f"{metafunc.definition.nodeid}: engine_limits names unknown engines {unknown}"
    metafunc.parametrize("engine", [pytest.param(e, marks=ENGINE_MARKS[e], id=e) for e in ENGINES if e not in limits])


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    limits: dict[str, list[str]] = {}
    for item in items:
        name = item.nodeid.split("[")[0]
        marker = item.get_closest_marker("engine_limits")
        for engine, reason in (marker.kwargs.items() if marker else ()):
            limits.setdefault(f"not on {engine}: {reason}", []).append(name)
        if "new_page" in item.fixturenames:
            only = item.get_closest_marker("chromium_only")
            if not only or not only.args:
                raise pytest.UsageError(f"{item.nodeid} drives Playwright's Chromium only (new_page): "
                                        "say why with @pytest.mark.chromium_only(\"reason\")")
            limits.setdefault(f"Chromium only: {only.args[0]}", []).append(name)
    config.stash[_LIMITS] = {reason: sorted(set(names)) for reason, names in limits.items()}
    config.stash[_VERSIONS] = {}


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    versions = config.stash.get(_VERSIONS, {})
    if versions:
        terminalreporter.section("browser engines")
        terminalreporter.write_line("tested on: " + ", ".join(versions[e] for e in ENGINES if e in versions))
        for line in config.stash.get(_FIGURES, []):
            terminalreporter.write_line(line)
        for reason, names in sorted(config.stash.get(_LIMITS, {}).items()):
            terminalreporter.write_line(f"{reason}\n    " + "\n    ".join(names))


@pytest.fixture(scope="session")
def engines(request: pytest.FixtureRequest) -> Iterator[Callable[[str], Any]]:
    """Factory: the running browser of an engine, launched once per session on first use."""
    running: dict[str, Any] = {}
    broken: dict[str, str] = {}  # an engine that failed to start fails its other tests at once
    versions = request.config.stash.setdefault(_VERSIONS, {})

    def get(engine: str) -> Any:
        if engine in broken:
            pytest.fail(broken[engine], pytrace=False)
        if engine not in running:
            require(engine)
            try:
                if engine == "chromium":
                    running[engine] = ChromiumBrowser(request.getfixturevalue("browser"))
                else:
                    running[engine] = {"firefox": FirefoxBrowser, "webkit": WebKitBrowser}[engine]()
            except Exception as error:
                broken[engine] = f"{engine} did not start: {type(error).__name__}: {error}"
                raise
            versions[engine] = running[engine].version
        return running[engine]

    yield get
    for browser in running.values():
        browser.close()


@pytest.fixture
def report_figures(request: pytest.FixtureRequest, engine: str) -> Callable[[str], None]:
    """Print a line of figures for this engine in the run's closing "browser engines" section."""
    def report(text: str) -> None:
        version = request.config.stash.get(_VERSIONS, {}).get(engine, engine)
        request.config.stash.setdefault(_FIGURES, []).append(f"{version}: {text}")
    return report


# ---------------------------------------------------------------- sites

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
def crowded_site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fixture edition whose margin must fold notes (crowdedsite.py), built once per session."""
    project = make_crowded_project(tmp_path_factory.mktemp("crowded") / "project")
    return build_strict(project)


@pytest.fixture(scope="session")
def served() -> Iterator[Callable[[Path, bool], str]]:
    """Factory: the root URL of a site folder served on a loopback port (one server per folder
    and collector choice, kept for the session)."""
    urls: dict[tuple[Path, bool], str] = {}
    with contextlib.ExitStack() as servers:
        def url(directory: Path, collector: bool = False) -> str:
            key = (Path(directory), collector)
            if key not in urls:
                urls[key] = servers.enter_context(serve(key[0], collector=collector))
            return urls[key]

        yield url


@pytest.fixture(scope="session")
def site_url(site_dir: Path, served: Callable[[Path, bool], str]) -> str:
    """The built site served on a free loopback port for the session."""
    return served(site_dir, False)


@pytest.fixture(scope="session")
def serve_directory(served: Callable[[Path, bool], str]) -> Callable[[Path], str]:
    """Factory: serve another built site (e.g. a fixture project's) on a free loopback port."""
    return lambda directory: served(directory, False)


# ---------------------------------------------------------------- pages

@pytest.fixture
def open_page(engine: str, engines: Callable[[str], Any],
              served: Callable[[Path, bool], str]) -> Iterator[Callable[..., Page]]:
    """Factory: a fresh page of the test's engine, on a site folder, at a viewport. The page's
    `site` is the URL of that folder as served to this engine."""
    browser = engines(engine)
    pages: list[Page] = []

    def make(site: Path, width: int = 1440, height: int = 900) -> Page:
        url = served(site, engine == "webkit")  # WebKit reads console errors from the injected collector
        page = browser.new_page(width, height, url)
        page.site = url  # type: ignore[attr-defined]
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.close()


@pytest.fixture
def reader_page(open_page: Callable[..., Page], site_dir: Path) -> Callable[..., Page]:
    """Factory: a fresh page of the test's engine on the site under test, at a viewport."""
    return lambda width=1440, height=900: open_page(site_dir, width, height)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Playwright's Chromium, shared by the Chromium-only tests and the chromium engine."""
    require("chromium")
    with launch_chromium() as launched:
        yield launched


@pytest.fixture
def new_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """Factory: a fresh Playwright page at a viewport, recording console errors and page errors."""
    contexts = []

    def make(width: int = 1440, height: int = 900, color_scheme: str = "light", javascript: bool = True,
             touch: bool = False) -> Any:
        context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=color_scheme,
                                      java_script_enabled=javascript, has_touch=touch, is_mobile=touch)
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
        page.on("pageerror", lambda err: page.console_errors.append(str(err)))
        return page

    yield make
    for context in contexts:
        context.close()
