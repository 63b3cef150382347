"""Two builds of the same commit are byte-identical: every page, the search index, the exports.

The two builds run from copies of the project in different folders, with different hash seeds
(PYTHONHASHSEED 1 and 2), so output that depends on the checkout path or on set/dict iteration
order shows up as a difference.

Sitemap dates: MkDocs writes the build date into sitemap.xml (<lastmod>) and into the gzip header
of sitemap.xml.gz, unless SOURCE_DATE_EPOCH is set, in which case it uses that time. The Makefile
sets SOURCE_DATE_EPOCH to the last commit's time, and this test sets it to a fixed time, so the
sitemaps are compared too: there is no exception to byte-identity. (Without SOURCE_DATE_EPOCH,
two builds on different days differ in those two files only.)
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from project import copy_project, run_mkdocs

FIXED_EPOCH = "1767225600"  # 2026-01-01T00:00:00Z


def _build(destination: Path, hash_seed: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    project = copy_project(destination)
    with monkeypatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)
        patch.setenv("PYTHONHASHSEED", hash_seed)
        result = run_mkdocs(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def _digests(site: Path) -> dict[str, str]:
    return {path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.mark.build
def test_two_builds_are_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _digests(_build(tmp_path / "one" / "project", "1", monkeypatch))
    second = _digests(_build(tmp_path / "two" / "elsewhere" / "project", "2", monkeypatch))
    assert first.keys() == second.keys()
    differing = sorted(name for name in first if first[name] != second[name])
    assert differing == [], f"files differ between two builds: {differing}"
    # The comparison covered what matters, not an empty or partial site.
    names = set(first)
    assert "search/search_index.json" in names and "sitemap.xml" in names and "sitemap.xml.gz" in names
    assert "annotations.jsonld" in names
    assert sum(1 for name in names if name.endswith(".html")) >= 7
    sitemap = (tmp_path / "one" / "project" / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2026-01-01</lastmod>" in sitemap, "SOURCE_DATE_EPOCH no longer sets the sitemap dates"
