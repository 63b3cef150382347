"""Margin layout figures of the essay pages on every installed engine, side by side.

    python tests/browser/layout_figures.py [SITE] [--widths 1200,1440,1920]

SITE is a built site folder; without it the project is built into a temporary folder first.
For each engine (Chromium, Firefox ESR, WebKitGTK), essay page and width it prints how far the
notes sit below their passages (median and maximum displacement, furthest above), how many are
folded, the overlaps (note/note, note/text, note/footer) and the page height, so that a
difference between engines is visible. Exit status 1 if any engine shows an overlap.
`main(argv)` is what `make bench` calls.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(HERE) not in sys.path:  # run as a script or imported by the bench
    sys.path.insert(0, str(HERE))

from engine_chromium import ChromiumBrowser, find_chromium, launch_chromium  # noqa: E402
from engine_firefox import FirefoxBrowser, find_firefox  # noqa: E402
from engine_webkit import WebKitBrowser, find_webkit  # noqa: E402
from layout_metrics import essay_pages, measure  # noqa: E402
from reader_helpers import open_essay  # noqa: E402
from siteserver import serve  # noqa: E402

ENGINES = {"chromium": find_chromium, "firefox": find_firefox, "webkit": find_webkit}


@contextlib.contextmanager
def running(engine: str) -> Iterator[Any]:
    if engine == "chromium":
        with launch_chromium() as browser:
            yield ChromiumBrowser(browser)
        return
    browser = FirefoxBrowser() if engine == "firefox" else WebKitBrowser()
    try:
        yield browser
    finally:
        browser.close()


def build_site(destination: Path) -> Path:
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(destination)], cwd=ROOT,
                            capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "hooks"),
                                 "NO_MKDOCS_2_WARNING": "1"})
    if result.returncode:
        raise SystemExit(result.stdout + result.stderr)
    return destination


def figures(site: Path, widths: list[int], height: int = 900) -> tuple[list[str], bool]:
    """One line per engine, page and width; and whether any overlap was seen."""
    lines, overlapped = [], False
    with serve(site) as url:
        for engine, find in ENGINES.items():
            if not find():
                lines.append(f"{engine:8} not installed")
                continue
            started = time.perf_counter()
            with running(engine) as browser:
                version = browser.version
                for path in essay_pages(site):
                    for width in widths:
                        page = browser.new_page(width, height, url)
                        open_essay(page, url + path)
                        report = measure(page)
                        folded = page.evaluate("document.querySelectorAll('.anno-note.is-compact').length")
                        page_height = page.evaluate("document.documentElement.scrollHeight")
                        page.close()
                        overlapped |= bool(report.note_overlaps or report.text_overlaps or report.footer_overlaps)
                        lines.append(
                            f"{version:22} {path} {width}px: median {round(report.median):4d} px, "
                            f"max {round(report.maximum):4d} px, above {round(max(report.largest_upward, 0)):3d} px; "
                            f"folded {folded}/{len(report.placements)}; "
                            f"overlaps {len(report.note_overlaps)}/{len(report.text_overlaps)}/"
                            f"{len(report.footer_overlaps)}; page {page_height} px")
            lines.append(f"{'':22} ({engine} took {time.perf_counter() - started:.1f} s)")
    return lines, overlapped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, help="a built site folder (default: build the project)")
    parser.add_argument("--widths", default="1200,1440,1920", help="viewport widths, comma-separated")
    args = parser.parse_args(argv)
    widths = [int(w) for w in args.widths.split(",")]
    with tempfile.TemporaryDirectory(prefix="edition-figures-") as scratch:
        site = args.site or build_site(Path(scratch) / "site")
        lines, overlapped = figures(site, widths)
    print("margin layout per engine (displacement = note top minus passage top; overlaps note/text/footer)")
    print("\n".join(lines))
    return 1 if overlapped else 0


if __name__ == "__main__":
    sys.exit(main())
