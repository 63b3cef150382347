"""`python -m marginalia_zensical config|finish`: the steps around `zensical build` (see __init__)."""
from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from marginalia.tools.prepare import read_site_config
from marginalia_zensical.config import write_project
from marginalia_zensical.finish import add_search_entries, finish_site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="marginalia_zensical", description=__doc__)
    parser.add_argument("--root", default=".", help="project folder (mkdocs.yml, overrides/)")
    commands = parser.add_subparsers(dest="command", required=True)
    config = commands.add_parser("config", help="write <project>/mkdocs.yml and overrides/ for Zensical")
    config.add_argument("--project", required=True, help="the prepared folder, e.g. build/zensical")
    finish = commands.add_parser("finish", help="move <project>/site to --site, with page fixes, the Content "
                                                "Security Policy and minified assets")
    finish.add_argument("--project", required=True)
    finish.add_argument("--site", required=True, help="the finished site's folder, e.g. site-zensical (replaced)")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    if args.command == "config":
        print(f"wrote {write_project(root, Path(args.project).resolve())}")
    else:
        built, site = Path(args.project).resolve() / "site", Path(args.site).resolve()
        if site.exists():
            shutil.rmtree(site)
        shutil.move(built, site)
        add_search_entries(root, site)
        site_url = read_site_config(root).get("site_url")
        print(f"finished {finish_site(site, site_url)} page(s) in {args.site}")
    return 0


raise SystemExit(main())
