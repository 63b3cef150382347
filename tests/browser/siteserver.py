"""A built site served on a free loopback port, for the browser tests and layout_figures.py.

With `collector=True` every HTML page gets, first thing in its <head>, a script that records
console errors, uncaught exceptions, unhandled rejections and failed loads in `window.__errors`:
WebKitGTK's driver exposes no console log, so the WebKit tests read that list instead. It is an
external script from the same origin, so a page's Content-Security-Policy (script-src 'self')
does not block it.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path

COLLECTOR_PATH = "/__edition-test-errors.js"
COLLECTOR = r"""(function () {
  if (window.__errors) return;
  var errors = window.__errors = [];
  function text(value) { return value && (value.stack || value.message) || String(value); }
  addEventListener("error", function (e) {
    if (e.target && e.target !== window)
      errors.push("failed to load " + (e.target.src || e.target.href || e.target.tagName));
    else errors.push(text(e.error || e.message) + " (" + e.filename + ":" + e.lineno + ")");
  }, true);
  addEventListener("unhandledrejection", function (e) { errors.push("unhandled rejection: " + text(e.reason)); });
  var original = console.error;
  console.error = function () {
    errors.push(Array.prototype.map.call(arguments, text).join(" "));
    return original.apply(console, arguments);
  };
})();
"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    collector = False

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if self.collector and path == COLLECTOR_PATH:
            return self._send(COLLECTOR.encode("utf-8"), "text/javascript")
        if self.collector and path.endswith(("/", ".html")):
            file = Path(self.translate_path(path))
            file = file / "index.html" if file.is_dir() else file
            if file.is_file():
                html = file.read_text(encoding="utf-8")
                html = re.sub(r"<head(\s[^>]*)?>", lambda m: m.group(0) + f'<script src="{COLLECTOR_PATH}"></script>',
                              html, count=1)
                return self._send(html.encode("utf-8"), "text/html; charset=utf-8")
        # Material's instant navigation only takes over links listed in sitemap.xml, whose URLs
        # carry site_url. Served here on another address, the sitemap is given with this
        # server's address, as if the site were deployed here; otherwise every link would
        # reload the page and the tests could not see instant navigation at all.
        if self.path.split("?", 1)[0] != "/sitemap.xml":
            return super().do_GET()
        body = local_sitemap((Path(self.directory) / "sitemap.xml").read_text(encoding="utf-8"),
                             f"http://{self.headers['Host']}/").encode("utf-8")
        self._send(body, "application/xml")

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
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


@contextlib.contextmanager
def serve(directory: Path, collector: bool = False) -> Iterator[str]:
    """Serve `directory` until the block ends; yields the site's root URL."""
    handler_class = type("Handler", (_QuietHandler,), {"collector": collector})
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
