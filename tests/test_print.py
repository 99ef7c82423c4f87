"""The printout of every page type (issue 19, "Print"), in Chromium with print media: no
controls, and the page's stable URL, version and date shown; `page.pdf()` prints it."""

from __future__ import annotations

from typing import Any

import pytest

from nisdocs.vocabulary import ui_strings

# One page of each type; documents name their version's stable URL.
PAGES = ["", "library/", "library/ncg-0003/", "library/ncg-0001/1.0/", "topics/",
         "topics/incident-reporting/", "legislation/", "legislation/nis2/",
         "legislation/nis2/article-23/", "downloads/", "translations/", "about/",
         "library/ncg-0003/changes/1.0-1.1/"]
DOCUMENTS = {"library/ncg-0003/": "library/ncg-0003/1.1/",
             "library/ncg-0001/1.0/": "library/ncg-0001/1.0/"}
# What a printout must not show: controls that only work on a screen.
CONTROLS = [".md-header", ".md-tabs", ".md-sidebar", ".md-footer", ".nisdocs-search__open",
            ".md-select", ".nisdocs-pdfs", ".nisdocs-cite__copy", ".nisdocs-cite__bibtex",
            ".nisdocs-filters", ".nisdocs-edit", ".nisdocs-home__search", "a[rel=edit]"]


@pytest.mark.usefixtures("browser")
@pytest.mark.parametrize("language", ["", "el/"], ids=["en", "el"])
@pytest.mark.parametrize("path", PAGES, ids=[path or "home" for path in PAGES])
def test_printout_hides_controls_and_shows_url_version_and_date(
        page: Any, site_server: str, path: str, language: str) -> None:
    response = page.goto(site_server + language + path, wait_until="networkidle")
    assert response is not None and response.ok
    meta = page.locator(".nisdocs-print-meta")
    assert not meta.is_visible()  # on screen: not shown
    page.emulate_media(media="print")
    assert meta.is_visible()
    for selector in CONTROLS:
        shown = [i for i in range(page.locator(selector).count())
                 if page.locator(selector).nth(i).is_visible()]
        assert not shown, f"{language}{path}: {selector} visible in print"
    ui = ui_strings(language.strip("/") or "en")
    text = meta.inner_text()
    url = meta.locator(".nisdocs-print-meta__url span").inner_text()
    assert url.startswith("https://") and url.endswith(language + DOCUMENTS.get(path, path))
    if path in DOCUMENTS:
        assert ui["print"]["stable_url"] in text
        version = meta.locator(".nisdocs-print-meta__version")
        assert version.is_visible()
        assert version.locator("time").get_attribute("datetime")
    printed = meta.locator("[data-nisdocs-printed]")
    assert printed.is_visible() and ui["print"]["printed"] in text
    assert len(printed.get_attribute("datetime") or "") == 10
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF-") and len(pdf) > 1000
