"""Time `mkdocs serve`'s rebuilds in one process: `python -m bench.rebuild <project> <edits>`.

Builds as the serve command's builder does (mkdocs/commands/serve.py): `on_startup` with command
"serve" once, then for every rebuild a fresh configuration and `build` with the serve URL. Before
each timed rebuild a note's title changes; the rebuilt essay page must show it. Prints the
durations in seconds as a JSON list on the last line.
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from bench.serve import first_notes_file, with_title

SERVE_URL = "http://127.0.0.1:8000/"


def rebuild(project: Path, site: Path, starting: bool = False) -> float:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    started = time.perf_counter()
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    if starting:
        config.plugins.on_startup(command="serve", dirty=False)
    config.site_url = SERVE_URL
    build(config, serve_url=SERVE_URL)
    return time.perf_counter() - started


def main(argv: list[str]) -> int:
    project, edits = Path(argv[0]).resolve(), int(argv[1])
    notes_file = first_notes_file(project)
    text_id = notes_file.parent.parent.name
    with tempfile.TemporaryDirectory(prefix="marginalia-rebuild-") as folder:
        site = Path(folder)
        rebuild(project, site, starting=True)
        durations = []
        for edit in range(edits):
            marker = f"Rebuild edit {edit} {time.time_ns()}"
            notes_file.write_text(with_title(notes_file.read_text(encoding="utf-8"), marker), encoding="utf-8")
            durations.append(rebuild(project, site))
            if marker not in (site / text_id / "index.html").read_text(encoding="utf-8"):
                raise SystemExit(f"the rebuilt page does not show edit {edit}")
    print(json.dumps(durations))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
