"""No state between builds: `mkdocs serve` rebuilds in one process, so whatever the engine keeps from one
build to the next either grows (a leak) or goes stale (an edit that takes effect only after a restart)."""
from __future__ import annotations

import gc
import json
import sys
from pathlib import Path

import pytest
from project import copy_project

from marginalia import DataError
from marginalia.edition.build import build_edition

REBUILDS = 20
WARM_UP = 4
# Memory is counted in blocks held by Python's allocator (sys.getallocatedblocks: no tracing, so twenty
# builds stay fast). Python's own caches (interned strings, the regex cache) settle during the warm-up;
# what is left is noise of a few hundred blocks. The leak this guards against, a module-level YAML
# constructor that kept every node it had read, held about 3,700 nodes (several blocks each) more per build.
TOLERANCE_BLOCKS = 3000


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def _blocks_after_build(project: Path) -> int:
    build_edition(project, project / "docs")
    gc.collect()
    return sys.getallocatedblocks()


def test_twenty_rebuilds_in_one_process_keep_memory_flat(project: Path) -> None:
    for _ in range(WARM_UP):
        _blocks_after_build(project)
    baseline = _blocks_after_build(project)
    sizes = [_blocks_after_build(project) for _ in range(REBUILDS - WARM_UP - 1)]
    growth = max(sizes) - baseline
    assert growth < TOLERANCE_BLOCKS, f"{growth:,} more memory blocks after {len(sizes)} rebuilds: {sizes}"


def test_a_schema_edit_takes_effect_on_the_next_build(project: Path) -> None:
    build_edition(project, project / "docs")
    schema_file = project / "schemas" / "notes.schema.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    schema["$defs"]["note"]["properties"]["title"]["maxLength"] = 5
    schema_file.write_text(json.dumps(schema), encoding="utf-8")
    with pytest.raises(DataError, match=r"title is too long: \d+ characters, at most 5 are allowed"):
        build_edition(project, project / "docs")


@pytest.mark.parametrize("enabled_before", [True, False])
def test_the_cycle_collector_is_paused_during_a_build_and_restored_after(
        project: Path, enabled_before: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine pauses Python's cycle collector while it builds (edition/build.py); the process
    gets it back as it was, after a good build and after a build that fails."""
    import marginalia.edition.build as build_module

    during: list[bool] = []
    load = build_module.load_edition

    def observed_load(*args: object, **kwargs: object) -> object:
        during.append(gc.isenabled())
        return load(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(build_module, "load_edition", observed_load)
    (gc.enable if enabled_before else gc.disable)()
    try:
        build_edition(project, project / "docs")
        assert gc.isenabled() is enabled_before
        notes = sorted((project / "annotations").glob("*/notes/*.yml"))[0]
        notes.write_text(notes.read_text(encoding="utf-8") + "  - broken: [\n", encoding="utf-8")
        with pytest.raises(DataError):
            build_edition(project, project / "docs")
        assert gc.isenabled() is enabled_before
    finally:
        gc.enable()
    assert during == [False, False]
