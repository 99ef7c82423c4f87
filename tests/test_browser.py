"""The built sample site in a real browser: Chromium driven by Playwright, served from
localhost (fixtures `site_server`, `browser` and `page` in conftest.py). Without Chromium
these tests skip, saying how to install it; in CI (CI=true) they fail instead."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from nisdocs.library import Library
from nisdocs.vocabulary import ui_strings

# The browser before the site: without Chromium the tests skip before the build.
needs_browser = pytest.mark.usefixtures("browser")

DOCUMENT = "library/ncg-0003/"
ARTICLE = "legislation/nis2/article-23/"
# Pages of each kind: home, library, document, article, downloads, translations.
PAGES = ["", "library/", DOCUMENT, ARTICLE, "downloads/", "translations/"]


def visit(page: Any, url: str) -> None:
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.ok, url


@needs_browser
@pytest.mark.parametrize("path", [*PAGES, f"el/{DOCUMENT}"],
                         ids=[*(path or "home" for path in PAGES), f"el/{DOCUMENT}"])
def test_pages_load_nothing_from_third_parties(page: Any, site_server: str, path: str) -> None:
    visit(page, site_server + path)
    host = urlsplit(site_server).netloc
    assert page.nisdocs_requests, path
    elsewhere = [url for url in page.nisdocs_requests
                 if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != host]
    assert not elsewhere, f"{path} requested third-party resources: {elsewhere}"
    assert not page.nisdocs_errors, f"{path}: JavaScript errors: {page.nisdocs_errors}"


@needs_browser
def test_language_switcher_leads_to_the_same_document(page: Any, site_server: str,
                                                      sample_library: Library) -> None:
    current = sample_library.documents["NCG-0003"].current
    visit(page, site_server + DOCUMENT)
    assert page.title().startswith(current.text("en", "en").title)
    page.locator(".md-header .md-select").hover()  # material opens the list on hover
    greek = page.locator(".md-select__link[hreflang='el']")
    assert greek.is_visible()
    assert greek.inner_text().strip() == "Ελληνικά"
    greek.click()
    page.wait_for_url(site_server + "el/" + DOCUMENT)
    assert page.locator("html").get_attribute("lang") == "el"
    greek_title = current.text("el", "en").title
    assert page.title().startswith(greek_title)
    assert page.locator("article h1").first.inner_text() == greek_title


@needs_browser
def test_pdf_link_on_a_document_page_serves_a_pdf(page: Any, site_server: str) -> None:
    visit(page, site_server + DOCUMENT)
    link = page.locator(".nisdocs-pdfs__main")
    assert link.is_visible()
    href = link.evaluate("a => a.href")  # resolved against the page
    assert href.startswith(site_server) and href.endswith("-en.pdf"), href
    response = page.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")


@needs_browser
@pytest.mark.parametrize(("path", "kind", "values"), [
    ("bg/library/ncg-0002/", "fallback", {"language": "bg", "source_language": "en"}),
    ("bg/library/ncg-0003/", "outdated", {"translated": "1.0", "current": "1.1"}),
])
def test_translation_notices_are_visible(page: Any, site_server: str, path: str, kind: str,
                                         values: dict[str, str]) -> None:
    ui = ui_strings("bg")
    names = ui["language_names"]
    text = ui["notices"][kind].format(**{key: names.get(value, value)
                                         for key, value in values.items()})
    visit(page, site_server + path)
    notice = page.locator(f"[data-nisdocs-notice='{kind}']")
    assert notice.is_visible(), f"{path}: no visible {kind} notice"
    assert text in notice.inner_text()


