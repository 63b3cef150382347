"""Publishing plumbing: site and repository URLs, "suggest a correction" links, 404 page, sitemap."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml

from htmlcheck import TEXT_ID
from project import ROOT


def config() -> dict:
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


def note_files() -> dict[str, str]:
    """note id -> the YAML file that holds it, relative to the repository."""
    files: dict[str, str] = {}
    for path in sorted((ROOT / "annotations").glob("*/notes/*.yml")):
        for note in yaml.safe_load(path.read_text(encoding="utf-8"))["notes"]:
            files[note["id"]] = path.relative_to(ROOT).as_posix()
    return files


def site_file_for(url_path: str, site: Path) -> Path:
    """The file a static host serves for a site-relative path (directory URLs serve index.html)."""
    target = site / url_path.lstrip("/")
    return target / "index.html" if url_path.endswith("/") or url_path in ("", ".") else target


def test_site_plumbing(built_site: Path) -> None:
    settings = config()
    site_url, repo_url = settings["site_url"], settings["repo_url"]
    assert re.fullmatch(r"https://[a-z0-9.-]+/[a-z0-9-]+/", site_url), site_url
    assert re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", repo_url), repo_url
    base_path = urlsplit(site_url).path  # e.g. /watchtower-diplomacy/

    # Every note links to its own YAML file on GitHub's editor; the file exists in the repository.
    essay = (built_site / TEXT_ID / "index.html").read_text(encoding="utf-8")
    asides = {m.group(1): m.group(0) for m in re.finditer(r'<aside[^>]* id="note-([a-z0-9-]+)".*?</aside>', essay, re.DOTALL)}
    files = note_files()
    assert asides and set(asides) == set(files)
    for note_id, aside in asides.items():
        link = re.search(r'<a class="anno-suggest" href="([^"]+)"[^>]*>Suggest a correction</a>', aside)
        assert link, f"note {note_id} has no 'Suggest a correction' link"
        assert link.group(1) == f"{repo_url}/edit/main/{files[note_id]}"
        assert (ROOT / files[note_id]).is_file()
    assert f'<link rel="canonical" href="{site_url}{TEXT_ID}/">' in essay

    # The 404 page is served at any depth, so its links must not depend on its own address: they are
    # absolute under the site's path, or relative to a <base> that is the site's path.
    not_found = (built_site / "404.html").read_text(encoding="utf-8")
    assert re.search(r"<h1[^>]*>[^<]*not found", not_found, re.IGNORECASE)
    uses_base = 'createElement("base")' in not_found or "<base " in not_found
    if uses_base:
        assert json.dumps(base_path) in not_found, "the 404 page's <base> is not the site's path"
    local = [url for url in re.findall(r'(?:href|src)="([^"#]+)"', not_found) if not re.match(r"[a-z]+:", url)]
    assert local, "the 404 page should link back into the site"
    resolved = [url if url.startswith("/") else urljoin(base_path, url) for url in local]
    for url, target in zip(local, resolved):
        assert url.startswith("/") or uses_base, f"relative link {url} on the 404 page breaks below the top level"
        assert target.startswith(base_path), f"404 page link {url} leaves the site"
        assert site_file_for(target[len(base_path):], built_site).is_file(), f"404 page links to missing {url}"
    assert any(target in (base_path, base_path + ".") for target in resolved), "no link to the home page"

    # The sitemap lists every page under site_url, and each entry exists.
    tree = ElementTree.parse(built_site / "sitemap.xml")
    locations = [element.text for element in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    for page in ("", f"{TEXT_ID}/", "glossary/", "timeline/", "sources/"):
        assert f"{site_url}{page}" in locations, f"{page or 'home'} missing from the sitemap"
    for location in locations:
        assert location.startswith(site_url)
        assert site_file_for(location[len(site_url):] or "/", built_site).is_file(), location
