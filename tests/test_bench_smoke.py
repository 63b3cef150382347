"""`make bench` keeps working: a tiny run prints every section with sane numbers.

Timings are never asserted (a slow machine must not fail `make test`); only that each figure
exists, is positive where it must be, and is consistent with the others.
"""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from htmlcheck import TEXT_ID
from project import ROOT

from bench.build_ratio import make_plain_project
from bench.throughput import anchor_and_mark, growth_exponent, synthetic_blocks, synthetic_selectors
from marginalia.edition.build import build_edition


@pytest.mark.build
def test_a_quick_bench_run_reports_every_section(tmp_path: Path) -> None:
    figures = tmp_path / "bench.json"
    env_path = str(ROOT / "hooks")
    result = subprocess.run([sys.executable, "-m", "bench", "--quick", "--json", str(figures),
                             "--root", str(ROOT)], capture_output=True, text=True, timeout=600,
                            env={**os.environ, "PYTHONPATH": env_path})
    assert result.returncode == 0, result.stderr[-3000:]
    for heading in ("(a) full build time", "(b) engine throughput", "(c) `mkdocs serve` after a notes YAML edit",
                    "(d) the project's own CSS and JS", "(e) the essay page's HTML"):
        assert heading in result.stdout
    data = json.loads(figures.read_text(encoding="utf-8"))

    build = data["build"]
    assert build["full_wall_s"] > 0 and build["plain_wall_s"] > 0
    assert build["wall_ratio"] == pytest.approx(build["full_wall_s"] / build["plain_wall_s"])
    assert build["full_pages"] == build["plain_pages"] >= 5  # the same pages, with and without the layer

    for rows in data["throughput"]["series"].values():
        for row in rows:
            assert row["notes"] > 0 and row["chars"] > 0 and row["peak_bytes"] > 0
            assert 0.9 * row["notes"] <= row["anchored"] <= row["notes"]
            assert row["total_s"] == pytest.approx(row["anchor_s"] + row["mark_s"])
    assert all(math.isfinite(value) for value in data["throughput"]["exponents"].values())

    serve = data["serve"]
    assert "error" not in serve, serve.get("error")
    assert len(serve["latencies_s"]) == serve["edits"] >= 1 and min(serve["latencies_s"]) > 0
    # MkDocs's own rebuild figure, read from the server's log, for each edit.
    assert len(serve["rebuilds_s"]) == serve["edits"] and 0 < serve["rebuild_median_s"] < max(serve["latencies_s"])

    assets = data["assets"]
    names = {row["file"] for row in assets["files"]}
    assert {"docs/assets/edition.css", "docs/assets/edition.js"} <= names
    # Sizes are of what ships: minified (smaller than the sources), then gzipped (smaller still).
    assert 0 < assets["gzip"] < assets["raw"] < sum((ROOT / name).stat().st_size for name in names)
    assert sum(row["source"] for row in assets["files"]) == sum((ROOT / name).stat().st_size for name in names)

    page = data["page"]
    assert set(page) == {"full", "plain"}
    assert all(0 < size["gzip"] < size["raw"] for size in page.values())


def test_the_plain_copy_has_the_same_pages_and_words(tmp_path: Path) -> None:
    """The floor of (a) is only fair if the plain site prints what the edition prints."""
    plain = make_plain_project(ROOT, tmp_path / "plain")
    config = (plain / "mkdocs.yml").read_text(encoding="utf-8")
    assert "hooks:" not in config and "edition_hook" not in config
    edition = build_edition(ROOT, ROOT / "docs")
    essay = (plain / "docs" / f"{TEXT_ID}.md").read_text(encoding="utf-8")
    for block in edition.essay(TEXT_ID).blocks:
        assert block.text.replace("*", r"\*").replace("_", r"\_") in essay
    for placed in edition.placed[TEXT_ID]:
        assert f"**{placed.note.title}**" in essay
    for page in ("glossary.md", "sources.md", "timeline.md"):
        assert (plain / "docs" / page).exists()
    assert "[[" not in "".join(p.read_text(encoding="utf-8") for p in (plain / "docs").rglob("*.md"))


def test_growth_exponent_tells_linear_from_quadratic() -> None:
    sizes = [100, 1_000, 10_000]
    assert growth_exponent([(n, 3e-6 * n) for n in sizes]) == pytest.approx(1.0)
    assert growth_exponent([(n, 1e-9 * n * n) for n in sizes]) == pytest.approx(2.0)


def test_synthetic_quotes_lie_inside_one_block_and_anchor() -> None:
    blocks = synthetic_blocks(20_000, seed=7)
    selectors = synthetic_selectors(blocks, 200, seed=7)
    assert all(any(s.exact in block for block in blocks) and "\n" not in s.exact for s in selectors)
    anchored, _, _ = anchor_and_mark(blocks, selectors)
    assert anchored >= 180  # a few random quotes may repeat; nearly all are unique, as editors' are
