"""The site works under its Content-Security-Policy (nisdocs/csp.py), in a real browser:
Chromium driven by Playwright against the built sample site (fixtures `site_server`,
`browser` and `page` of conftest.py). Every test collects what the browser reports of
the policy, the console's "Content Security Policy" messages and the documents'
`securitypolicyviolation` events, and uses the site's features: none may be refused."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Build, copy_project, mkdocs_env, mkdocs_serve

from nisdocs.vocabulary import ui_strings

# The browser before the site: without Chromium the tests skip before the build.
pytestmark = pytest.mark.usefixtures("browser")

# Reported through the console, so that the violations of every document the page
# shows (they change with each navigation) end up in one list.
REPORTER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.warn(`nisdocs-csp-violation: ${event.violatedDirective} ${event.blockedURI} `
               + `${event.sourceFile}:${event.lineNumber} ${event.sample}`);
});
"""


@pytest.fixture
def csp_page(page: Any) -> Iterator[Any]:
    """`page`, with `page.csp_reports`: what the browser said of the policy."""
    reports: list[str] = []
    page.csp_reports = reports
    page.add_init_script(REPORTER)

    def console(message: Any) -> None:
        text = message.text
        if "nisdocs-csp-violation" in text or "Content Security Policy" in text \
                or "Content-Security-Policy" in text:
            reports.append(text)

    page.on("console", console)
    yield page


def visit(page: Any, url: str) -> None:
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.ok, url
    # The policy is there, and the page's own scripts ran under it.
    assert page.locator("meta[http-equiv='Content-Security-Policy']").count() == 1, url


def assert_clean(page: Any) -> None:
    assert not page.csp_reports, "\n".join(page.csp_reports)
    assert not page.nisdocs_errors, page.nisdocs_errors


def test_the_policy_is_enforced_and_its_violations_are_seen(csp_page: Any,
                                                            site_server: str) -> None:
    """The check of the checks: an inline script the page did not have is refused, and
    reported both ways."""
    visit(csp_page, site_server)
    with contextlib.suppress(Exception):  # Playwright may report the refusal itself
        csp_page.add_script_tag(content="window.nisdocsInjected = true;")
    csp_page.wait_for_timeout(200)
    assert csp_page.evaluate("window.nisdocsInjected === undefined")
    assert any("nisdocs-csp-violation: script-src" in r for r in csp_page.csp_reports)
    assert any("Content Security Policy" in r for r in csp_page.csp_reports)
    # Material's inline scripts ran: __md_scope is what the base partial defines.
    assert csp_page.evaluate("typeof __md_scope") == "object"


def test_home_and_document_page_work_under_the_policy(csp_page: Any, site_server: str) -> None:
    visit(csp_page, site_server)
    assert csp_page.locator(".nisdocs-latest li").count() > 0
    visit(csp_page, site_server + "library/ncg-0003/")
    # nisdocs-cite.js shows the copy buttons; a click says copied (or asks to copy).
    button = csp_page.locator(".nisdocs-cite__copy").first
    assert button.is_visible()
    button.click()
    status = csp_page.locator(".nisdocs-cite__status")
    ui = ui_strings("en")["cite"]
    csp_page.wait_for_function(
        "([el, texts]) => texts.includes(el.textContent)",
        arg=[status.element_handle(), [ui["copied"], ui["copy_failed"]]])
    # material's table-of-contents and header scripts ran (the bundle is a file).
    assert csp_page.evaluate("document.documentElement.classList.contains('js')")
    assert_clean(csp_page)


def test_library_filters_work_under_the_policy(csp_page: Any, site_server: str) -> None:
    visit(csp_page, site_server + "library/")
    form = csp_page.locator("#nisdocs-filters")
    form.wait_for(state="visible")  # nisdocs-library.js revealed it
    csp_page.select_option("#nisdocs-filter-topic", "incident-reporting")
    csp_page.fill("#nisdocs-filter-text", "report")
    csp_page.wait_for_function("() => location.search.includes('text=report')")
    shown = csp_page.eval_on_selector_all(
        "table.nisdocs-documents tbody tr", "rows => rows.filter(r => !r.hidden).length")
    assert 0 < shown < csp_page.locator("table.nisdocs-documents tbody tr").count()
    assert_clean(csp_page)


def test_search_works_under_the_policy(csp_page: Any, site_server: str) -> None:
    """The search: Pagefind's script, worker and WebAssembly (under 'wasm-unsafe-eval')
    and the index chunks they fetch."""
    visit(csp_page, site_server + "el/")
    assert "el/library/ncg-0003/" in first_search_result(csp_page, "περιστατικού")
    assert_clean(csp_page)


def first_search_result(page: Any, text: str) -> str:
    """The address of the first search result for `text`, typed key by key into the
    search of the page shown: the engine loads, and fetches the index."""
    page.keyboard.press("/")
    page.locator("#nisdocs-search-query").wait_for(state="visible")
    page.keyboard.type(text, delay=40)
    results = page.locator("#nisdocs-search-results a")
    results.first.wait_for(timeout=15_000)
    return results.first.get_attribute("href") or ""


def test_the_language_switcher_works_under_the_policy(csp_page: Any, site_server: str) -> None:
    visit(csp_page, site_server + "library/ncg-0003/")
    csp_page.locator(".md-header .md-select").hover()
    greek = csp_page.locator(".md-select__link[hreflang='el']")
    greek.click()
    csp_page.wait_for_url(site_server + "el/library/ncg-0003/")
    csp_page.wait_for_load_state("networkidle")
    assert csp_page.locator("html").get_attribute("lang") == "el"
    assert_clean(csp_page)


@pytest.mark.parametrize("path", ["id/ncg-0003/", "fr/id/ncg-0003/"])
def test_redirects_work_under_the_policy(csp_page: Any, site_server: str, path: str) -> None:
    csp_page.goto(site_server + path)
    target = site_server + path.replace("id/", "library/")
    csp_page.wait_for_url(target)
    csp_page.wait_for_load_state("networkidle")
    assert_clean(csp_page)


def test_the_not_found_page_works_under_the_policy(csp_page: Any, site_server: str) -> None:
    # The 404 page links the site by absolute paths under site_url's; served from the
    # test server's root, only the page itself is checked.
    response = csp_page.goto(site_server + "404.html", wait_until="domcontentloaded")
    assert response is not None and response.ok
    assert csp_page.locator("meta[http-equiv='Content-Security-Policy']").count() == 1
    assert not [r for r in csp_page.csp_reports if "script-src" in r or "inline" in r]


def test_the_site_works_from_the_disk_under_the_policy(csp_page: Any, built_site: Build) -> None:
    """Opened as files (file://), 'self' is the site's folder: its scripts still run."""
    csp_page.goto((built_site.site / "library" / "index.html").as_uri())
    csp_page.locator("#nisdocs-filters").wait_for(state="visible")
    csp_page.goto((built_site.site / "library" / "ncg-0003" / "index.html").as_uri())
    csp_page.locator(".nisdocs-cite__copy").first.wait_for(state="visible")
    assert csp_page.evaluate("typeof __md_scope") == "object"
    assert not csp_page.csp_reports, "\n".join(csp_page.csp_reports)


# -- the preview -----------------------------------------------------------------------


def test_the_preview_reloads_the_open_page_after_a_save(csp_page: Any, tmp_path: Path) -> None:
    """`mkdocs serve` under its own policy: the page open in the browser reloads by itself
    after an edit of its guideline, shows the change, and the browser refuses nothing.
    Then a broken edit: the page reloads with the problems above it; fixed, without."""
    project = copy_project(tmp_path / "project")
    source = project / "guidelines/ncg-0001/index.md"
    text = source.read_text(encoding="utf-8")
    with mkdocs_serve(project, mkdocs_env(tmp_path / "pdf-cache"), livereload=True) as served:
        # Not "networkidle": the reload script keeps a request open, waiting for a change.
        response = csp_page.goto(f"{served.url}library/ncg-0001/", wait_until="load")
        assert response is not None and response.ok
        csp_page.evaluate("window.nisdocsNotReloaded = true")
        source.write_text(text.replace("## ", "Reloaded by itself.\n\n## ", 1), encoding="utf-8")
        # Polled from here: the page's policy refuses the evaluated strings Playwright's
        # own waiting uses.
        _until(csp_page, "() => !window.nisdocsNotReloaded"
               " && document.body.innerText.includes('Reloaded by itself.')")
        source.write_text(text.replace("status: published", "status: final", 1),
                          encoding="utf-8")
        _until(csp_page, "() => !!document.querySelector('.nisdocs-preview-error')")
        source.write_text(text, encoding="utf-8")
        _until(csp_page, "() => !document.querySelector('.nisdocs-preview-error')"
               " && !document.body.innerText.includes('Reloaded by itself.')")
    assert csp_page.csp_reports == []
    assert csp_page.nisdocs_errors == []


def _until(page: Any, test: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        with contextlib.suppress(Exception):  # the page is being reloaded
            if page.evaluate(test):
                return
        assert time.monotonic() < deadline, test
        time.sleep(0.2)
