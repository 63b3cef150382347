"""(a) Build time of the site against the same pages built without the annotation layer.

See bench/figures.py for what "without" means and how the figures are reported.
"""
from __future__ import annotations

import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from marginalia.markup.xrefs import XREF

if TYPE_CHECKING:
    from marginalia.edition.build import Edition


COPIED = ("mkdocs.yml", "hooks", "schemas", "seeds", "annotations", "docs", "overrides")
BUILD_RATIO_TARGET = 1.25


def copy_project(root: Path, destination: Path) -> Path:
    destination.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, destination / name)
    return destination


def _xrefs_to_labels(text: str, titles: dict[tuple[str, str], str]) -> str:
    def label(match: re.Match[str]) -> str:
        if match.group("label"):
            return match.group("label").strip()
        return titles.get((match.group("kind"), match.group("id").strip()), match.group("id"))

    return XREF.sub(label, text)


def plain_pages(edition: Edition) -> dict[str, str]:
    """Static Markdown for the pages the hook generates, with the same words and no annotation layer."""
    titles = {key: target.title for key, target in edition.targets.by_key.items()}
    pages: dict[str, str] = {}
    for text_id, essay in edition.data.essays.items():
        lines = [f"---\ntitle: {json.dumps(edition.data.texts[text_id].title, ensure_ascii=False)}\n---\n"]
        notes_by_block: dict[int, list[Any]] = {}
        for placed in edition.placed.get(text_id, []):
            notes_by_block.setdefault(placed.block_index, []).append(placed.note)
        for index, block in enumerate(essay.blocks):
            text = block.text.replace("*", r"\*").replace("_", r"\_")
            lines.append(f"# {text}\n" if block.kind == "title" else
                         f"## {text}\n" if block.kind == "heading" else f"{text}\n")
            # The notes' words too, as a hand-made edition would print them: plain quoted paragraphs.
            for note in notes_by_block.get(index, []):
                words = " ".join(_xrefs_to_labels(f"{note.body} {note.detail or ''}", titles).split())
                lines.append(f"> **{note.title}** {words}\n")
        pages[f"{text_id}.md"] = "\n".join(lines)
    glossary = ["# Glossary\n"]
    for term in edition.terms:
        glossary.append(f"## {term.term}\n\n{term.short}\n\n{_xrefs_to_labels(term.definition, titles)}\n")
    pages["glossary.md"] = "\n".join(glossary)
    sources = ["# Bibliography\n"]
    for source in edition.data.sources.values():
        sources.append(f"- {source.author or source.publisher}, {source.title}. {source.publisher}, "
                       f"{source.date}. <{source.url}>")
    pages["sources.md"] = "\n".join(sources) + "\n"
    timeline = ["# Timeline\n"]
    for placed in sorted((p for ps in edition.placed.values() for p in ps if p.note.date),
                         key=lambda p: p.note.date or ""):
        timeline.append(f"- {placed.note.date}: {placed.note.title}")
    pages["timeline.md"] = "\n".join(timeline) + "\n"
    return pages


def make_plain_project(root: Path, destination: Path) -> Path:
    """A copy built by plain MkDocs + Material: no hook, generated pages written out as Markdown,
    cross-references in docs pages replaced by their labels."""
    from marginalia.edition.build import build_edition

    copy_project(root, destination)
    config = (destination / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"^hooks:\n(?:[ \t]+- .*\n)+", "", config, flags=re.MULTILINE)
    (destination / "mkdocs.yml").write_text(config, encoding="utf-8")
    edition = build_edition(destination, destination / "docs")
    titles = {key: target.title for key, target in edition.targets.by_key.items()}
    for page in (destination / "docs").rglob("*.md"):
        page.write_text(_xrefs_to_labels(page.read_text(encoding="utf-8"), titles), encoding="utf-8")
    for path, text in plain_pages(edition).items():
        (destination / "docs" / path).write_text(text, encoding="utf-8")
    return destination


@dataclass
class BuildTimes:
    wall: list[float] = field(default_factory=list)  # whole process, as CI pays it
    reported: list[float] = field(default_factory=list)  # MkDocs's own "built in" figure (no startup)
    # CPU seconds (user + system) of the whole process: on a machine shared with other work, wall
    # time also counts the waits for a core, CPU time only the work.
    cpu: list[float] = field(default_factory=list)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def compile_hooks(project: Path) -> None:
    """Compile the copy's Python once, before timing, as Python does on a first run by default and
    as pip did for MkDocs and Material at install. Where PYTHONDONTWRITEBYTECODE is set (this
    workplace sets it) nothing is cached, and each timed build would otherwise also compile the
    engine's 60 modules from source (about 85 ms): the cost of an environment setting, not of
    the engine."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(project / "hooks")], check=True,
                   capture_output=True, timeout=120)


def time_builds(project: Path, runs: int) -> BuildTimes:
    times = BuildTimes()
    env = {**os.environ, "PYTHONPATH": str(project / "hooks"), "NO_MKDOCS_2_WARNING": "1"}
    for _ in range(runs):
        started, cpu_before = time.perf_counter(), _children_cpu()
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--clean"], cwd=project, env=env,
                                capture_output=True, text=True, timeout=600)
        elapsed = time.perf_counter() - started
        times.cpu.append(_children_cpu() - cpu_before)
        if result.returncode != 0:
            raise RuntimeError(f"mkdocs build failed in {project}:\n{result.stderr[-2000:]}")
        times.wall.append(elapsed)
        built = re.search(r"Documentation built in ([0-9.]+) seconds", result.stderr)
        if built:
            times.reported.append(float(built.group(1)))
    return times


def bench_build(root: Path, work: Path, runs: int) -> dict[str, Any]:
    full = copy_project(root, work / "full")
    plain = make_plain_project(root, work / "plain")
    for project in (full, plain):
        compile_hooks(project)
    # Paired and interleaved: each run builds both copies back to back (which goes first
    # alternates), and the ratio is the median of the five runs' own ratios. The build machine's
    # speed drifts by a fifth within a minute (other work on its host); a pair sees the same
    # machine, where the ratio of two medians could set a fast full build against a slow plain one.
    full_times, plain_times = BuildTimes(), BuildTimes()
    for run in range(runs):
        order = ((full, full_times), (plain, plain_times))
        for project, times in (order if run % 2 == 0 else order[::-1]):
            one = time_builds(project, 1)
            times.wall += one.wall
            times.reported += one.reported
            times.cpu += one.cpu
    out: dict[str, Any] = {
        "runs": runs,
        "full_wall_s": statistics.median(full_times.wall),
        "plain_wall_s": statistics.median(plain_times.wall),
        "full_pages": _count_pages(full / "site"), "plain_pages": _count_pages(plain / "site"),
    }
    out["wall_ratio"] = _paired_ratio(full_times.wall, plain_times.wall)
    out["full_cpu_s"] = statistics.median(full_times.cpu)
    out["plain_cpu_s"] = statistics.median(plain_times.cpu)
    out["cpu_ratio"] = _paired_ratio(full_times.cpu, plain_times.cpu)
    if len(full_times.reported) == len(plain_times.reported) == runs:
        out["full_reported_s"] = statistics.median(full_times.reported)
        out["plain_reported_s"] = statistics.median(plain_times.reported)
        out["reported_ratio"] = _paired_ratio(full_times.reported, plain_times.reported)
    out["sites"] = {"full": str(full / "site"), "plain": str(plain / "site")}
    return out



def _paired_ratio(full: list[float], plain: list[float]) -> float:
    """The median of each run's full/plain ratio."""
    return statistics.median(f / p for f, p in zip(full, plain, strict=True))


def _count_pages(site: Path) -> int:
    return len(list(site.rglob("index.html")))
