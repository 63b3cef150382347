"""The Content Security Policy in a real browser: no page trips it, and an injected script is refused."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from reader_helpers import essay_path, search, search_result, site_pages

pytestmark = [pytest.mark.browser, pytest.mark.chromium_only(
    "the violation listener must be in place before the page's own scripts run (Playwright's init scripts); "
    "the Firefox and WebKit drivers here can only run script once a page has loaded")]

# Runs before the page's own scripts (and is not subject to the page's policy): collects every
# violation the browser reports, whatever the directive (script, style, image, worker, connect).
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", e =>
  window.__violations.push(e.effectiveDirective + " " + (e.blockedURI || "inline") + " " + (e.sample || "")));
"""


def violations(page) -> list[str]:
    csp_console = [m for m in page.console_errors if "Content Security Policy" in m]
    return page.evaluate("window.__violations") + csp_console


def test_no_page_trips_the_policy(new_page, site_url, site_dir):
    page = new_page(1440, 900)
    page.add_init_script(RECORD_VIOLATIONS)
    for path in site_pages(site_dir):
        page.goto(site_url + path, wait_until="networkidle")
        assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1, path
        assert violations(page) == [], path


def test_search_palette_and_instant_navigation_stay_within_the_policy(new_page, site_url, site_dir):
    # The search worker, the palette toggle (theme script) and instant navigation, which swaps
    # in other pages' content and re-runs their inline scripts under the first page's policy.
    page = new_page(1440, 900)
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(site_url, wait_until="networkidle")
    search(page, "hedging")
    search_result(page, "term-hedging").first.wait_for(timeout=10000)
    page.keyboard.press("Escape")
    page.locator("label[for='__palette_1']").first.click()
    page.evaluate("window.__same_document = true")
    for title, path in (("The essay", essay_path(site_dir)), ("Glossary", "glossary/"),
                        ("Study guide", "study-guide/"), ("Home", "")):
        page.locator(".md-nav--primary").first.get_by_role("link", name=title, exact=True).first.dispatch_event("click")
        page.wait_for_url(site_url + path)
        page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__same_document") is True  # instant navigation, not reloads
    assert violations(page) == []


def injected_copy(site_dir: Path, destination: Path, keep_policy: bool) -> Path:
    """A copy of the site whose home page carries an inline script that no build wrote."""
    copy = shutil.copytree(site_dir, destination)
    home = copy / "index.html"
    html = home.read_text(encoding="utf-8")
    if not keep_policy:
        html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    html = html.replace("</article>", '<script>window.__injected = "ran"</script></article>', 1)
    home.write_text(html, encoding="utf-8")
    return copy


@pytest.mark.parametrize("keep_policy", [True, False], ids=["with-policy", "policy-removed"])
def test_an_injected_inline_script_is_refused(new_page, site_dir, serve_directory, tmp_path, keep_policy):
    # The copy without the policy is the control: there the same script runs, so a refusal with
    # the policy is the policy's doing, not a broken injection.
    url = serve_directory(injected_copy(site_dir, tmp_path / "site", keep_policy))
    page = new_page(1440, 900)
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(url, wait_until="networkidle")
    ran = page.evaluate("window.__injected")
    reported = [v for v in page.evaluate("window.__violations") if v.startswith("script-src")]
    if keep_policy:
        assert ran is None and reported, reported
    else:
        assert ran == "ran" and reported == []
