"""The engine's folders are its layers, and imports go one way: down.

A lower layer importing a higher one (say, loading importing rendering) is how a "neutral core"
slowly grows generator-specific or tool-specific code; this test stops it at the pull request.
The order is the one `hooks/marginalia/*/__init__.py` and ARCHITECTURE.md describe.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parents[1] / "hooks" / "marginalia"
# Lowest first. `diagnostics` and the package root are the shared base.
LAYERS = ["diagnostics", "loading", "anchoring", "markup", "linking", "edition", "rendering", "interop", "tools"]
# Packages the neutral engine must never import: generators, themes, adapters, the benchmark.
FOREIGN = ("mkdocs", "material", "zensical", "marginalia_mkdocs", "marginalia_zensical", "bench")
MAX_MODULE_LINES = 400


def layer_of(module: str) -> int:
    """Rank of a dotted module name inside `marginalia` (the package root ranks with diagnostics)."""
    parts = module.split(".")
    assert parts[0] == "marginalia", module
    if len(parts) == 1 or parts[1] in ("__init__", "__main__"):
        return 0
    return LAYERS.index(parts[1])


def module_name(path: Path) -> str:
    relative = path.relative_to(ENGINE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, package: str) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in a module of `package`, relative imports resolved."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            # `from marginalia import loading` imports the layer named by the alias.
            if target == "marginalia":
                found.extend((node.lineno, f"marginalia.{alias.name}") for alias in node.names)
    return found


def layering_problems(source: str, own: str, is_package: bool = False, name: str = "") -> list[str]:
    package = own if is_package else own.rpartition(".")[0]
    rank = layer_of(own)
    problems = []
    for line, target in imported_modules(source, package):
        if target.split(".")[0] in FOREIGN:
            problems.append(f"{name}:{line}: imports {target}, which the neutral engine must not know")
        elif target.startswith("marginalia.") and layer_of(target) > rank:
            problems.append(f"{name}:{line}: {own} (layer {LAYERS[rank]}) imports {target} "
                            f"(higher layer {LAYERS[layer_of(target)]})")
    return problems


ENGINE_FILES = sorted(p for p in ENGINE.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_engine_folder_is_a_known_layer() -> None:
    folders = {p.name for p in ENGINE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders <= set(LAYERS), f"unknown layer folders: {sorted(folders - set(LAYERS))}"
    modules = {p.stem for p in ENGINE.glob("*.py")}
    assert modules <= {"__init__", "__main__", "diagnostics"}, \
        f"modules outside a layer folder: {sorted(modules - {'__init__', '__main__', 'diagnostics'})}"


@pytest.mark.parametrize("path", ENGINE_FILES, ids=lambda p: str(p.relative_to(ENGINE)))
def test_imports_only_go_down(path: Path) -> None:
    if path.name == "__main__.py":  # `python -m marginalia` is the entry point: it starts the tools.
        return
    problems = layering_problems(path.read_text(encoding="utf-8"), module_name(path),
                                 is_package=path.name == "__init__.py", name=str(path.relative_to(ENGINE)))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", ENGINE_FILES, ids=lambda p: str(p.relative_to(ENGINE)))
def test_no_engine_module_is_over_the_size_limit(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path.relative_to(ENGINE)} has {lines} lines; split it by job"


def test_the_layer_check_catches_upward_and_foreign_imports() -> None:
    """The checker itself, on a module that would sit in loading/."""
    source = ("from marginalia.rendering.site import EditionSite\n"
              "from ..tools import cli\n"
              "from . import model\n"
              "import mkdocs.config\n")
    problems = layering_problems(source, "marginalia.loading.probe", name="probe.py")
    assert problems == [
        "probe.py:1: marginalia.loading.probe (layer loading) imports marginalia.rendering.site (higher layer rendering)",
        "probe.py:2: marginalia.loading.probe (layer loading) imports marginalia.tools (higher layer tools)",
        "probe.py:4: imports mkdocs.config, which the neutral engine must not know",
    ]
