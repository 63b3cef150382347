"""The test server (siteserver.py) without a browser: WebKit's error collector comes first in every
page's head when asked for, and pages are served untouched otherwise."""
from __future__ import annotations

import urllib.request
from pathlib import Path

from siteserver import COLLECTOR, COLLECTOR_PATH, serve

PAGE = '<!doctype html><html><head lang="en"><meta charset="utf-8"><script src="app.js"></script></head>' \
       "<body><header>x</header></body></html>"


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def site(tmp_path: Path) -> Path:
    (tmp_path / "essay").mkdir()
    (tmp_path / "essay" / "index.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "app.js").write_text("var x = '<head>';", encoding="utf-8")
    return tmp_path


def test_the_collector_is_the_first_script_of_every_page(tmp_path):
    with serve(site(tmp_path), collector=True) as url:
        tag = f'<script src="{COLLECTOR_PATH}"></script>'
        for path in ("essay/", "essay/?kinds=none", "page.html"):
            html = fetch(url + path)
            assert html.index(tag) < html.index('<script src="app.js">'), path
            assert html.count(tag) == 1, "once, in the head, not after <header>"
            assert html.replace(tag, "") == PAGE
        assert fetch(url + COLLECTOR_PATH.lstrip("/")) == COLLECTOR
        assert fetch(url + "app.js") == "var x = '<head>';", "scripts are not touched"


def test_without_the_collector_pages_are_served_as_built(tmp_path):
    with serve(site(tmp_path)) as url:
        assert fetch(url + "essay/") == PAGE
        assert fetch(url + "page.html") == PAGE
