"""Firefox ESR (Debian's `firefox-esr`) through its built-in WebDriver BiDi, behind pagedriver.Page.

Each page gets its own user context (like a Playwright browser context): storage is not shared
between tests. Console errors and uncaught exceptions come from BiDi's `log.entryAdded` events.
"""
from __future__ import annotations

import base64
import contextlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, Any

from bidi import BiDiClient, BiDiError, Event
from pagedriver import Page

CANDIDATES = ("firefox-esr", "firefox")
# WebDriver key codes (the WebDriver spec's table) for the keys the tests press.
KEY_CODES = {"Tab": "\ue004", "Enter": "\ue007", "Escape": "\ue00c", " ": " "}
PREFS = {
    "browser.startup.page": 0,             # no start page: the session starts in 3-5 s, not 20
    "ui.useOverlayScrollbars": 1,          # like a phone: no 12 px classic scrollbar at 390 px
    "browser.shell.checkDefaultBrowser": False,
    "app.update.disabledForTesting": True,
    "datareporting.policy.dataSubmissionEnabled": False,
    "toolkit.telemetry.reportingpolicy.firstRun": False,
    "browser.aboutwelcome.enabled": False,
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
}


def _drain(stream: IO[str]) -> None:
    for _ in stream:
        pass


def find_firefox() -> str | None:
    """FIREFOX_PATH, or Debian's firefox-esr, or a firefox on PATH (GitHub's runners have Mozilla's)."""
    if importlib.util.find_spec("websocket") is None:  # websocket-client, installed with selenium
        return None
    configured = os.environ.get("FIREFOX_PATH")
    if configured and Path(configured).exists():
        return configured
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


class FirefoxPage(Page):
    engine = "firefox"

    def __init__(self, owner: FirefoxBrowser, width: int, height: int) -> None:
        super().__init__()
        self.client = owner.client
        self.user_context = self.client.send("browser.createUserContext")["userContext"]
        self.context = self.client.send("browsingContext.create",
                                        {"type": "tab", "userContext": self.user_context})["context"]
        owner.pages[self.context] = self
        self._owner = owner
        self.set_viewport(width, height)

    def goto(self, url: str) -> None:
        try:
            self.client.send("browsingContext.navigate", {"context": self.context, "url": url, "wait": "complete"})
        except BiDiError as error:  # the previous page's late navigation got in the way: once more
            if "interrupted" not in str(error):
                raise
            self.client.send("browsingContext.navigate", {"context": self.context, "url": url, "wait": "complete"})
        # Firefox 140 now and then answers `navigate` before the new document has replaced the old
        # one; a script sent then runs in the old document and is never answered once it unloads.
        # So wait, with calls that do not await anything, until the new document has loaded.
        target = url.split("#", 1)[0]
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            state = self.client.send("script.evaluate", {
                "expression": "location.href.split('#')[0] + ' ' + document.readyState",
                "target": {"context": self.context}, "awaitPromise": False})["result"].get("value", "")
            if state == f"{target} complete":
                return
            time.sleep(0.05)

    def _call(self, function: str, arg: Any) -> str:
        result = self.client.send("script.callFunction", {
            "functionDeclaration": f"(json) => ({function})(JSON.parse(json))",
            "arguments": [{"type": "string", "value": json.dumps(arg)}],
            "target": {"context": self.context}, "awaitPromise": True, "userActivation": True})
        if result["type"] == "exception":
            raise RuntimeError(f"firefox: {result['exceptionDetails']['text']}")
        return str(result["result"]["value"])

    def _click_at(self, x: int, y: int, selector: str) -> None:
        self._actions({"type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"}, "actions": [
            {"type": "pointerMove", "x": x, "y": y, "origin": "viewport"},
            {"type": "pointerDown", "button": 0}, {"type": "pointerUp", "button": 0}]})

    def press(self, key: str) -> None:
        code = KEY_CODES[key]
        self._actions({"type": "key", "id": "keyboard",
                       "actions": [{"type": "keyDown", "value": code}, {"type": "keyUp", "value": code}]})

    def _actions(self, source: dict[str, Any]) -> None:
        self.client.send("input.performActions", {"context": self.context, "actions": [source]})
        self.client.send("input.releaseActions", {"context": self.context})

    def set_viewport(self, width: int, height: int) -> None:
        self.client.send("browsingContext.setViewport",
                         {"context": self.context, "viewport": {"width": width, "height": height}})

    def screenshot(self) -> bytes:
        data = self.client.send("browsingContext.captureScreenshot", {"context": self.context, "origin": "viewport"})
        return base64.b64decode(data["data"])

    def _pending_errors(self) -> list[str]:
        # Events sent before a command's answer arrive before it: one round trip drains them.
        self.client.send("script.evaluate", {"expression": "0", "target": {"context": self.context},
                                             "awaitPromise": False})
        return []

    def on_log(self, entry: dict[str, Any]) -> None:
        if entry.get("level") == "error":
            self._errors.append(f"{entry.get('type')}: {entry.get('text')}")

    def close(self) -> None:
        self._owner.pages.pop(self.context, None)
        self.client.send("browsingContext.close", {"context": self.context})
        self.client.send("browser.removeUserContext", {"userContext": self.user_context})


class FirefoxBrowser:
    engine = "firefox"

    def __init__(self) -> None:
        executable = find_firefox()
        assert executable, "no Firefox found (install Debian's firefox-esr)"
        self.profile = Path(tempfile.mkdtemp(prefix="edition-firefox-"))
        (self.profile / "user.js").write_text(
            "".join(f'user_pref("{k}", {json.dumps(v)});\n' for k, v in PREFS.items()), encoding="utf-8")
        self.process = subprocess.Popen(
            [executable, "--headless", "--no-remote", "--remote-debugging-port=0", "--profile", str(self.profile)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.pages: dict[str, FirefoxPage] = {}
        try:
            self.client = BiDiClient.connect(self._websocket_url() + "/session", self._on_event)
            capabilities = self.client.send("session.new", {"capabilities": {}})["capabilities"]
            self.version = f"Firefox {capabilities.get('browserVersion', '?')}"
            self.client.send("session.subscribe", {"events": ["log.entryAdded"]})
        except BaseException:
            self.close()
            raise

    def _websocket_url(self, timeout: float = 60.0) -> str:
        assert self.process.stderr is not None
        deadline, seen = time.monotonic() + timeout, []
        for line in self.process.stderr:  # Firefox prints the address on stderr once it listens
            seen.append(line)
            found = re.search(r"WebDriver BiDi listening on (ws://\S+)", line)
            if found:
                # Stop reading, but keep draining stderr so Firefox never blocks on a full pipe.
                threading.Thread(target=_drain, args=(self.process.stderr,), daemon=True).start()
                return found.group(1)
            if time.monotonic() > deadline:
                break
        raise RuntimeError("Firefox did not start WebDriver BiDi:\n" + "".join(seen[-20:]))

    def _on_event(self, event: Event) -> None:
        if event.get("method") == "log.entryAdded":
            params = event.get("params", {})
            page = self.pages.get(params.get("source", {}).get("context", ""))
            if page:
                page.on_log(params)

    def new_page(self, width: int, height: int, site_url: str) -> FirefoxPage:
        return FirefoxPage(self, width, height)

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client:
            with contextlib.suppress(Exception):  # the browser may already be gone
                client.send("session.end")
            client.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        if self.process.stderr:
            self.process.stderr.close()
        shutil.rmtree(self.profile, ignore_errors=True)
