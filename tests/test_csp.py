"""The Content Security Policy: inline scripts allowed by hash only, on every page of the build."""
from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

from marginalia_mkdocs.csp import add_content_security_policy, inline_scripts, policy_for, script_hash

PAGE = """<!doctype html>
<html><head>
<meta charset="utf-8">
<title>t</title>
<script>var a = 1;</script>
<script src="x.js"></script>
<script id="__config" type="application/json">{"a": 1}</script>
<script type="module">import("./m.js")</script>
</head><body><script>
document.body.className = "b"
</script></body></html>"""


def directives(policy: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


def meta_policy(html: str) -> str:
    found = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    assert len(found) == 1, found
    return found[0]


def test_the_hash_is_sha256_of_the_utf8_text_in_base64():
    # The empty script's hash is the one browsers report in their console for `<script></script>`.
    assert script_hash("") == "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    # Every character counts, non-ASCII ones as UTF-8 bytes: a changed script is a refused script.
    assert script_hash("a();") != script_hash("a(); ")
    digest = base64.b64decode(script_hash("’")[len("'sha256-"):-1])
    assert len(digest) == 32 and script_hash("’") != script_hash("'")


def test_only_scripts_the_browser_runs_are_hashed():
    assert inline_scripts(PAGE) == ["var a = 1;", 'import("./m.js")', '\ndocument.body.className = "b"\n']


def test_the_policy_lists_each_inline_script_and_nothing_unsafe():
    policy = directives(policy_for(PAGE))
    assert policy["script-src"] == ["'self'", *sorted(script_hash(s) for s in inline_scripts(PAGE))]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]
    assert not any("unsafe" in source for sources in policy.values() for source in sources)


def test_the_policy_comes_right_after_the_charset_before_any_script():
    html = add_content_security_policy(PAGE)
    head = html[: html.index("</head>")]
    assert head.index("Content-Security-Policy") < head.index("<script")
    assert head.index("<meta charset") < head.index("Content-Security-Policy")
    assert add_content_security_policy(html) == html  # a second pass (mkdocs serve) changes nothing


def test_a_script_added_later_is_not_covered():
    # The hashes describe the page as built; what an attacker injects afterwards is not in them.
    html = add_content_security_policy(PAGE)
    injected = "alert(document.cookie)"
    assert script_hash(injected) not in meta_policy(html)


@pytest.mark.build
def test_every_built_page_carries_a_policy_that_covers_its_inline_scripts(built_site: Path):
    pages = sorted(built_site.rglob("*.html"))
    assert built_site / "404.html" in pages and len(pages) >= 8
    for path in pages:
        html = path.read_text(encoding="utf-8")
        policy = directives(meta_policy(html))
        head = html[: html.index("</head>")]
        first = min(head.index(tag) for tag in ("<script", "<link") if tag in head)
        assert head.index("Content-Security-Policy") < first, path
        assert set(policy["script-src"]) == {"'self'", *(script_hash(s) for s in inline_scripts(html))}, path
        # style-src 'self' holds because the pages have no <style> element and no style attribute.
        assert "<style" not in html and not re.search(r"<[^>]+\sstyle=", html), path
