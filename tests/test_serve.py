"""`make serve` live preview: saving a YAML file under annotations/ rebuilds the served page."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from htmlcheck import TEXT_ID
from project import copy_project

pytestmark = pytest.mark.build

TIMEOUT = 60.0  # generous bound for each wait; the test never asserts how fast anything is


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, wanted: str, server: subprocess.Popen[str]) -> str:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        assert server.poll() is None, "mkdocs serve exited early"
        page = fetch(url)
        if page is not None and wanted in page:
            return page
        time.sleep(0.5)
    raise AssertionError(f"{wanted!r} did not appear at {url} within {TIMEOUT:.0f} s")


@pytest.fixture
def served(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    port = free_port()
    log = (tmp_path / "serve.log").open("w", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(project / "hooks"), "NO_MKDOCS_2_WARNING": "1"}
    # Same command as `make serve`, on a free port; its own process group so it can be stopped whole.
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}",
                               "--livereload"], cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT,
                              text=True, start_new_session=True)
    try:
        yield project, f"http://127.0.0.1:{port}", server
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


def test_editing_a_note_title_rebuilds_the_served_essay(served) -> None:
    project, base, server = served
    notes_file = sorted((project / "annotations" / TEXT_ID / "notes").glob("*.yml"))[0]
    text = notes_file.read_text(encoding="utf-8")
    match = re.search(r"^    title: (.+)$", text, re.MULTILINE)
    assert match, f"no block-style title in {notes_file.name}"
    # mkdocs serve keeps the site_url's path (/watchtower-diplomacy/) in its URLs.
    essay = f"{base}/watchtower-diplomacy/{TEXT_ID}/"
    page = wait_for(essay, 'class="anno-note', server)
    assert "livereload" in page, "the served page should carry the live-reload script"

    new_title = "Title changed while serving 4711"
    assert new_title not in page
    notes_file.write_text(text[:match.start(1)] + new_title + text[match.end(1):], encoding="utf-8")
    page = wait_for(essay, new_title, server)
    assert re.search(rf'class="anno-note__title"[^>]*>{new_title}</a>', page)
