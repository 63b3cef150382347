"""(c) `mkdocs serve` after a notes YAML file changes: the rebuild, and the wait a reader sees.

Two figures. The rebuild is timed inside one Python process that builds exactly as `mkdocs serve`
does (its builder: load the configuration, then build with the serve URL, after `on_startup`
with command "serve"), edit after edit; MkDocs's own "built in" log line cannot serve, since
MkDocs logs a message it has logged before only once. The wait is timed against a real
`mkdocs serve`, from the save to the page fetched again after the live-reload request returns.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.build_ratio import compile_hooks, copy_project

SERVE_TIMEOUT_S = 120.0
SERVE_TARGET_S = 0.5  # issue 13; MkDocs itself waits 0.1 s for more changes before it rebuilds


def with_title(text: str, marker: str) -> str:
    """The notes file with its first title replaced by `marker`."""
    return re.sub(r"^(\s*(?:- )?title:\s*).*$", _replace_with(marker), text, count=1, flags=re.MULTILINE)


def _replace_with(marker: str) -> Callable[[re.Match[str]], str]:
    return lambda match: f"{match.group(1)}{marker}"


def _free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _fetch(url: str, timeout: float = 5) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            body: bytes = response.read()
            return body.decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def _wait_for(predicate: Callable[[], bool], timeout: float, interval: float = 0.05) -> float | None:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if predicate():
            return time.perf_counter() - started
        time.sleep(interval)
    return None


def first_notes_file(project: Path) -> Path:
    return sorted((project / "annotations").glob("*/notes/*.yml"))[0]


_LIVERELOAD = re.compile(r"livereload\((\d+), (\d+)\);")


def _epoch(page: str) -> tuple[int, int]:
    found = _LIVERELOAD.search(page)
    if found is None:
        raise RuntimeError("the served page carries no live-reload script")
    return int(found.group(1)), int(found.group(2))


def bench_serve(root: Path, work: Path, edits: int) -> dict[str, Any]:
    """Start `mkdocs serve` on a free loopback port in a copy, change a note title, and time until
    the served essay page shows it, waiting as a browser does: the page's live-reload request
    returns when a rebuild has finished, then the page is fetched again. The server is always
    stopped."""
    project = copy_project(root, work / "serve")
    compile_hooks(project)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    site_url = re.search(r"^site_url:\s*(\S+)", config, re.MULTILINE)
    mount = re.sub(r"^[a-z]+://[^/]+", "", site_url.group(1)) if site_url else "/"
    text_id = next(p.parent.parent.name for p in [first_notes_file(project)])
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    url = f"{base}{mount.rstrip('/')}/{text_id}/"
    env = {**os.environ, "PYTHONPATH": str(project / "hooks"), "NO_MKDOCS_2_WARNING": "1"}
    log = (work / "serve.log").open("w", encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}",
                               "--livereload"], cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
    latencies: list[float] = []
    try:
        first = _wait_for(lambda: (_fetch(url) or "").find('class="anno-note"') >= 0, SERVE_TIMEOUT_S, 0.2)
        if first is None:
            raise RuntimeError(f"mkdocs serve did not serve {url} within {SERVE_TIMEOUT_S:.0f}s")
        notes_file = first_notes_file(project)
        for edit in range(edits):
            time.sleep(1.0)  # the previous edit's rebuild, and any late report of it, are over
            epoch, request = _epoch(_fetch(url) or "")
            marker = f"Bench edit {edit} {time.time_ns()}"
            changed = with_title(notes_file.read_text(encoding="utf-8"), marker)
            started = time.perf_counter()
            notes_file.write_text(changed, encoding="utf-8")
            page = ""
            while marker not in page:
                if time.perf_counter() - started > SERVE_TIMEOUT_S:
                    raise RuntimeError(f"the served page did not show the edited title within {SERVE_TIMEOUT_S:.0f}s")
                # Held by the server until a rebuild newer than `epoch` is visible (or a minute passes).
                reply = _fetch(f"{base}/livereload/{epoch}/{request}", timeout=SERVE_TIMEOUT_S)
                epoch = int(reply) if reply and reply.strip().isdigit() else epoch
                page = _fetch(url) or ""
            latencies.append(time.perf_counter() - started)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        log.close()
    rebuilds = _time_rebuilds(project, edits)
    return {"edits": edits, "latencies_s": latencies, "median_s": statistics.median(latencies),
            "rebuilds_s": rebuilds, "rebuild_median_s": statistics.median(rebuilds), "first_serve_s": first}


def _time_rebuilds(project: Path, edits: int) -> list[float]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(project / "hooks"), str(Path(__file__).parents[1])]),
           "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "bench.rebuild", str(project), str(edits)], cwd=project,
                            env=env, capture_output=True, text=True, timeout=SERVE_TIMEOUT_S * 5)
    if result.returncode != 0:
        raise RuntimeError(f"timing the rebuilds failed:\n{result.stderr[-2000:]}")
    durations: list[float] = json.loads(result.stdout.strip().splitlines()[-1])
    return durations
