"""Search in every language and script, the reader's language first: one index for every
language (static-i18n merges them), ranked in the browser by docs/assets/nisdocs-search.js,
and material's search driven in a real browser."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pytest
from conftest import LANGUAGES, Build
from sitecheck import page as site_page


def language_of(location: str, languages: Sequence[str] = LANGUAGES) -> str:
    """The language of a page from its location, as the search script reads it:
    `el/library/ncg-0003/` is Greek, a location without a language folder is English."""
    first = location.split("/", 1)[0]
    return first if first in languages[1:] else languages[0]


def test_one_index_serves_every_language(built_site: Build) -> None:
    """Every language's pages are in the one index; no per-language copies are written."""
    search = built_site.site / "search"
    index = json.loads((search / "search_index.json").read_text("utf-8"))
    assert {language_of(doc["location"]) for doc in index["docs"]} == set(LANGUAGES)
    assert sorted(path.name for path in search.iterdir()) == ["search_index.json"]


def test_every_page_tells_the_search_script_the_languages(built_site: Build) -> None:
    for url in ("", "el/library/ncg-0003/", "fr/library/"):
        script = site_page(built_site.site, url).select_one("script[data-languages]")
        assert script is not None, url
        assert script["src"].endswith("assets/nisdocs-search.js")
        assert script["data-languages"] == " ".join(LANGUAGES)


def search(page: Any, site: str, start: str, query: str) -> list[str]:
    """The result links (relative to the site, without the highlight query) of `query`
    typed into the search box of the page at `start`."""
    page.goto(f"{site}{start}")
    page.keyboard.press("/")
    page.locator("input[data-md-component=search-query]").fill(query)
    items = page.locator(".md-search-result__item > a")
    items.first.wait_for(timeout=10_000)
    assert not page.nisdocs_errors, page.nisdocs_errors
    return [str(items.nth(i).get_attribute("href")).removeprefix(site).split("?")[0]
            for i in range(items.count())]


@pytest.mark.parametrize(("start", "query", "found"), [
    ("el/", "περιστατικού", "el/library/ncg-0003/"),  # Greek
    ("bg/", "инцидент", "bg/library/ncg-0003/"),  # Cyrillic
    ("de/", "Sicherheitsvorfall", "de/library/ncg-0003/"),
])
def test_search_finds_words_of_every_script(page: Any, site_server: str, start: str, query: str,
                                            found: str) -> None:
    assert found in search(page, site_server, start, query)


@pytest.mark.parametrize("language", ["en", "fr", "el"])
def test_results_in_the_readers_language_come_first(page: Any, site_server: str,
                                                   language: str) -> None:
    start = "" if language == "en" else f"{language}/"
    results = search(page, site_server, start, "incident")
    languages = [language_of(link, LANGUAGES) for link in results]
    assert languages[0] == language
    assert languages == sorted(languages, key=lambda code: code != language)
