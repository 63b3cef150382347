"""One small interface to a page in any of the three engines the reader is tested on.

Chromium is driven by Playwright (engine_chromium.py), Firefox ESR by WebDriver BiDi
(engine_firefox.py, bidi.py), WebKitGTK by Selenium under Xvfb (engine_webkit.py). A test
written against `Page` runs unchanged on all three:

    page.goto(url)                  load a page (waits for the load event)
    page.evaluate("expr", arg)      a JavaScript expression's value (awaited); a function is called with arg
    page.wait_for("expr")           poll until the expression is truthy
    page.click(selector)            a real pointer click on the element's centre
    page.press("Tab")               one key (Tab, Enter, Escape, " ")
    page.tab()                      to the next focusable item, as a keyboard reader of the engine does
    page.set_viewport(w, h)         the size of the layout viewport in CSS px
    page.screenshot()               a PNG of the viewport
    page.console_errors             console errors and uncaught exceptions since the page was made

Values cross as JSON, so every engine returns the same Python types.
"""
from __future__ import annotations

import json
import struct
import time
from abc import ABC, abstractmethod
from typing import Any

ENGINES = ("chromium", "firefox", "webkit")

# The body of every evaluate: the expression's value, called with `arg` if it is a function,
# awaited, and returned as JSON text (undefined becomes null).
_WRAP = "async (arg) => {{ let v = ({expression}); if (typeof v === 'function') v = v(arg); " \
        "v = await v; return v === undefined ? 'null' : JSON.stringify(v); }}"

# A click lands where the reader would click: the element is scrolled into view if it is not in
# it, and the element at its centre must be the element itself or inside it (as a reader sees
# it; something covering it would take the click).
_TARGET_JS = """(selector) => {
  const el = document.querySelector(selector);
  if (!el) return {error: 'no element matches ' + selector};
  if (!el.checkVisibility({visibilityProperty: true}) || !el.getClientRects().length)
    return {error: selector + ' is not visible'};
  let r = el.getClientRects()[0];
  if (r.top < 0 || r.bottom > innerHeight || r.left < 0 || r.right > innerWidth) {
    el.scrollIntoView({block: 'center', inline: 'nearest'});
    r = el.getClientRects()[0];
  }
  const x = Math.floor(r.left + r.width / 2), y = Math.floor(r.top + r.height / 2);
  const hit = document.elementFromPoint(x, y);
  if (!hit || !(el === hit || el.contains(hit)))
    return {error: selector + ' is covered by ' + (hit ? hit.outerHTML.slice(0, 120) : 'nothing')};
  return {x, y};
}"""

KEYS = ("Tab", "Enter", "Escape", " ")


class Page(ABC):
    """A page in one engine. Subclasses implement the primitives; the rest is shared."""

    engine: str = ""

    def __init__(self) -> None:
        self._errors: list[str] = []

    # ------------------------------------------------------------ engine primitives
    @abstractmethod
    def goto(self, url: str) -> None: ...

    @abstractmethod
    def _call(self, function: str, arg: Any) -> str: ...

    @abstractmethod
    def _click_at(self, x: int, y: int, selector: str) -> None: ...

    @abstractmethod
    def press(self, key: str) -> None: ...

    @abstractmethod
    def set_viewport(self, width: int, height: int) -> None: ...

    @abstractmethod
    def screenshot(self) -> bytes: ...

    def _pending_errors(self) -> list[str]:
        """Errors the engine holds that are not yet in self._errors (WebKit keeps them in the page)."""
        return []

    def close(self) -> None:  # noqa: B027 - most engines have nothing to release per page
        pass

    # ------------------------------------------------------------ shared
    @property
    def console_errors(self) -> list[str]:
        return self._errors + self._pending_errors()

    def evaluate(self, expression: str, arg: Any = None) -> Any:
        return json.loads(self._call(_WRAP.format(expression=expression), arg))

    @property
    def url(self) -> str:
        return str(self.evaluate("location.href"))

    def wait_for(self, expression: str, arg: Any = None, timeout: float = 5.0) -> None:
        """Poll until the expression (or the function's result) is truthy in JavaScript's sense;
        AssertionError after `timeout` seconds."""
        truthy = f"(arg) => {{ let v = ({expression}); if (typeof v === 'function') v = v(arg); " \
                 "return Promise.resolve(v).then(v => !!v) }"
        deadline = time.monotonic() + timeout
        while not self.evaluate(truthy, arg):
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.engine}: still false after {timeout} s: {expression}")
            time.sleep(0.05)

    def click(self, selector: str, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            target = self.evaluate(_TARGET_JS, selector)
            if "error" not in target:
                break
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.engine}: cannot click: {target['error']}")
            time.sleep(0.05)
        self._click_at(target["x"], target["y"], selector)

    def tab(self) -> None:
        """Move the focus to the next item as a keyboard reader of this engine does (Tab)."""
        self.press("Tab")

    def focus(self, selector: str) -> None:
        self.evaluate("(s) => document.querySelector(s).focus()", selector)

    def next_frame(self) -> None:
        """Let the page lay itself out (two animation frames)."""
        self.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height of a PNG image, from its header."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", png[16:24])
    return width, height
