"""A built site served on a free loopback port, for the browser tests and layout_metrics.py."""
from __future__ import annotations

import contextlib
import functools
import http.server
import re
import threading
from pathlib import Path
from typing import Iterator


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


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` until the block ends; yields the site's root URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
