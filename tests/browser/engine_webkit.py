"""WebKitGTK (Debian's `webkit2gtk-driver`: WebKitWebDriver and MiniBrowser) through Selenium,
under a private Xvfb display, behind pagedriver.Page.

MiniBrowser has no headless mode, so it runs on an Xvfb display of its own. Its GTK window will
not shrink below about 447 px, so a GTK CSS override (in a private XDG_CONFIG_HOME) removes the
minimum widths and paddings; then 390 and 320 px are exact. The driver has no console log, so
the test server injects a collector script first into every page (siteserver.COLLECTOR), and the
page's `window.__errors` is read before each navigation. One browser session serves every test;
a new page clears the site's storage instead of opening a new profile.
"""
from __future__ import annotations

import base64
import importlib.util
import json
import os
import shutil
import subprocess
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

from pagedriver import Page

MINIBROWSER = Path("/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser")
GTK_CSS = ("* { min-width: 0; min-height: 0; padding-left: 0; padding-right: 0; margin-left: 0; "
           "margin-right: 0; border-left-width: 0; border-right-width: 0; }\n")
SCREEN = "2048x1536x24"


def find_webkit() -> dict[str, str] | None:
    """The driver, the browser and Xvfb, or None if one of them is missing."""
    browser = next((str(p) for p in Path("/usr/lib").glob("*/webkit2gtk-4.1/MiniBrowser")), None) \
        or (str(MINIBROWSER) if MINIBROWSER.exists() else None)
    found = {"driver": shutil.which("WebKitWebDriver"), "browser": browser, "xvfb": shutil.which("Xvfb"),
             "selenium": "selenium" if importlib.util.find_spec("selenium") else None}
    return found if all(found.values()) else None  # type: ignore[return-value]


class WebKitPage(Page):
    engine = "webkit"

    def __init__(self, driver: Any, chrome: tuple[int, int], width: int, height: int, site_url: str) -> None:
        super().__init__()
        self.driver = driver
        self._chrome = chrome
        # A fresh reader: nothing remembered from the previous test on this site. The window
        # stays on the site: a page of another origin (about:blank) would run in another web
        # process, and the first page loaded after such a swap keeps a stale size (Material's
        # sidebar is sized for the old height and WebKit's hit testing misses it).
        driver.get(site_url + "404.html")
        driver.execute_script("localStorage.clear(); sessionStorage.clear();")
        self.set_viewport(width, height)

    def goto(self, url: str) -> None:
        self._errors.extend(self._pending_errors())
        self.driver.get(url)

    def _call(self, function: str, arg: Any) -> str:
        script = ("const done = arguments[arguments.length - 1];"
                  f"({function})(JSON.parse(arguments[0]))"
                  ".then(done, e => done(JSON.stringify({__error: String(e)})));")
        value = str(self.driver.execute_async_script(script, json.dumps(arg)))
        if value.startswith('{"__error":'):
            raise RuntimeError("webkit: " + json.loads(value)["__error"])
        return value

    def _click_at(self, x: int, y: int, selector: str) -> None:
        from selenium.webdriver.common.actions.action_builder import ActionBuilder

        actions = ActionBuilder(self.driver)
        actions.pointer_action.move_to_location(x, y).click()
        actions.perform()

    def press(self, key: str) -> None:
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys

        code = {"Tab": Keys.TAB, "Enter": Keys.ENTER, "Escape": Keys.ESCAPE, " ": Keys.SPACE}[key]
        ActionChains(self.driver).key_down(code).key_up(code).perform()

    def set_viewport(self, width: int, height: int) -> None:
        # The window's size includes MiniBrowser's toolbar (measured once per browser). Resizes are
        # asynchronous under Xvfb, so wait until the page sees the new size.
        dx, dy = self._chrome
        self.driver.set_window_size(width + dx, height + dy)
        deadline = time.monotonic() + 10
        while self.driver.execute_script("return [innerWidth, innerHeight]") != [width, height]:
            if time.monotonic() > deadline:
                inner = self.driver.execute_script("return [innerWidth, innerHeight]")
                raise AssertionError(f"webkit: the viewport is {inner}, not {[width, height]}")
            time.sleep(0.02)

    def screenshot(self) -> bytes:
        return base64.b64decode(self.driver.get_screenshot_as_base64())

    def _pending_errors(self) -> list[str]:
        errors = self.driver.execute_script("return (window.__errors || []).splice(0)")
        return [str(e) for e in errors]

    def close(self) -> None:
        self._errors.extend(self._pending_errors())


class WebKitBrowser:
    engine = "webkit"

    def __init__(self, args: tuple[str, ...] = ()) -> None:
        found = find_webkit()
        assert found, "WebKitGTK not found (install Debian's webkit2gtk-driver and xvfb)"
        self.home = Path(tempfile.mkdtemp(prefix="edition-webkit-"))
        (self.home / "gtk-3.0").mkdir()
        (self.home / "gtk-3.0" / "gtk.css").write_text(GTK_CSS, encoding="utf-8")
        self.xvfb = subprocess.Popen([found["xvfb"], "-displayfd", "1", "-screen", "0", SCREEN, "-nolisten", "tcp"],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.driver: Any = None
        try:
            assert self.xvfb.stdout is not None
            display = ":" + self.xvfb.stdout.readline().strip()
            from selenium import webdriver
            from selenium.webdriver.webkitgtk.service import Service

            options = webdriver.WebKitGTKOptions()
            options.binary_location = found["browser"]
            options.add_argument("--automation")
            for arg in args:
                options.add_argument(arg)
            env = {**os.environ, "DISPLAY": display, "XDG_CONFIG_HOME": str(self.home), "GDK_BACKEND": "x11"}
            service = Service(executable_path=found["driver"], env=env)
            with warnings.catch_warnings():
                # Selenium's own WebKitGTK class still passes remote_server_addr the deprecated way.
                warnings.simplefilter("ignore", DeprecationWarning)
                self.driver = webdriver.WebKitGTK(options=options, service=service)
            self.driver.set_script_timeout(30)
            self.chrome = self._measure_chrome()
            caps = self.driver.capabilities
            self.version = f"WebKitGTK {caps.get('browserVersion', '?')}"
        except BaseException:
            self.close()
            raise

    def _measure_chrome(self) -> tuple[int, int]:
        """Window size minus viewport size (MiniBrowser's toolbar), once the window has settled."""
        self.driver.set_window_size(1024, 768)
        last: list[int] = []
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            rect = self.driver.get_window_size()
            now = [rect["width"], rect["height"], *self.driver.execute_script("return [innerWidth, innerHeight]")]
            if now == last and now[0] == 1024:
                return now[0] - now[2], now[1] - now[3]
            last = now
            time.sleep(0.1)
        raise RuntimeError(f"webkit: the window did not settle at 1024x768: {last}")

    def new_page(self, width: int, height: int, site_url: str) -> WebKitPage:
        return WebKitPage(self.driver, self.chrome, width, height, site_url)

    def close(self) -> None:
        if self.driver is not None:
            self.driver.quit()
        self.xvfb.terminate()
        self.xvfb.wait(timeout=10)
        if self.xvfb.stdout:
            self.xvfb.stdout.close()
        shutil.rmtree(self.home, ignore_errors=True)
