"""Full-page screenshots of each page type, at a phone's and a desktop's width, in English
and Greek, into test-results/screenshots/ (CI keeps the folder as artifacts): the look
reviewed in issue 19, "An official look". Real build, real Chromium (conftest.py)."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import PROJECT

SCREENSHOTS = PROJECT / "test-results" / "screenshots"
# Home, library, a document, downloads and a legislation page.
PAGES = {"home": "", "library": "library/", "document-ncg-0003": "library/ncg-0003/",
         "downloads": "downloads/", "article-nis2-23": "legislation/nis2/article-23/"}
WIDTHS = (375, 1280)
LANGUAGES = {"en": "", "el": "el/"}


@pytest.mark.usefixtures("browser")
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_screenshot(page: Any, site_server: str, name: str, width: int, language: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(site_server + LANGUAGES[language] + PAGES[name],
                         wait_until="networkidle")
    assert response is not None and response.ok
    target = SCREENSHOTS / f"{name}-{language}-{width}.png"
    page.screenshot(path=str(target), full_page=True, animations="disabled")
    assert target.read_bytes().startswith(b"\x89PNG")
