"""The Zensical config, derived from the project's mkdocs.yml (the one file editors maintain).

What changes, and why:
- `hooks`, `validation`: Zensical runs no hooks and does not read MkDocs' validation settings;
  the hook's work is done by the prepare step and by the Markdown extensions added here.
- `docs_dir`: the prepared copy (docs/ plus stub pages and JSON-LD files); `site_dir`: <project>/site,
  since Zensical requires it inside the config's folder (`finish` moves it to site-zensical/).
- `markdown_extensions`: the engine's cross-reference extension (links to .md files, which Zensical
  turns into URLs) and this adapter's page extension, both given the project folder.
- `theme.custom_dir`: a copy of overrides/ without partials/search.html, which restyles Material's
  search markup for MkDocs (role and label); Zensical's own search partial already has both, and
  Material's markup renders unstyled under Zensical. `theme.variant: classic` keeps Material's look.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from marginalia.tools.prepare import read_site_config

MKDOCS_ONLY_KEYS = ("hooks", "validation", "strict")
MKDOCS_ONLY_OVERRIDES = ("partials/search.html",)


def zensical_config(root: Path, docs_dir: Path, site_dir: Path, custom_dir: Path) -> dict[str, Any]:
    config = {k: v for k, v in read_site_config(root).items() if k not in MKDOCS_ONLY_KEYS}
    config["docs_dir"] = str(docs_dir)
    config["site_dir"] = str(site_dir)
    theme = dict(config.get("theme") or {})
    theme["custom_dir"] = str(custom_dir)
    theme["variant"] = "classic"
    config["theme"] = theme
    extensions = list(config.get("markdown_extensions") or [])
    extensions.append({"marginalia.linking.xref_extension": {"root": str(root), "links": "source"}})
    extensions.append({"marginalia_zensical.pages": {"root": str(root)}})
    config["markdown_extensions"] = extensions
    # `zensical serve` re-renders on edits to the data, not only to the prepared copy.
    config["watch"] = [str(root / name) for name in ("seeds", "annotations", "schemas")
                       if (root / name).is_dir()]
    return config


def write_project(root: Path, project: Path) -> Path:
    """Write <project>/mkdocs.yml and <project>/overrides/; the prepared docs are <project>/docs."""
    custom_dir = project / "overrides"
    if custom_dir.exists():
        shutil.rmtree(custom_dir)
    shutil.copytree(root / "overrides", custom_dir)
    for name in MKDOCS_ONLY_OVERRIDES:
        (custom_dir / name).unlink(missing_ok=True)
    config = zensical_config(root, Path("docs"), Path("site"), Path("overrides"))
    path = project / "mkdocs.yml"
    path.write_text("# Written by `python -m marginalia_zensical config` from ../../mkdocs.yml: do not edit.\n"
                    + yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
