"""Search in every language and script, the reader's language first: the per-language
index copies (nisdocs/search.py) and material's search driven in a real browser."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import LANGUAGES, Build

from nisdocs.search import READER_BOOST, index_for_language, language_of


def test_language_of_a_location() -> None:
    assert language_of("el/library/ncg-0003/", LANGUAGES) == "el"
    assert language_of("library/ncg-0003/", LANGUAGES) == "en"
    assert language_of("", LANGUAGES) == "en"
    assert language_of("elections/", LANGUAGES) == "en"  # a folder, not a language


def test_the_readers_pages_are_boosted() -> None:
    index = {"config": {"lang": ["en"]}, "docs": [
        {"location": "library/x/", "title": "X", "text": ""},
        {"location": "el/library/x/", "title": "Χ", "text": "", "boost": 2},
    ]}
    greek = index_for_language(index, "el", LANGUAGES)
    assert [doc.get("boost") for doc in greek["docs"]] == [None, 2 * READER_BOOST]
    assert greek["config"] == index["config"]
    assert "boost" not in index["docs"][0]  # the original is left as it was


def test_every_language_has_its_index(built_site: Build) -> None:
    merged = json.loads((built_site.site / "search/search_index.json").read_text("utf-8"))
    for language in LANGUAGES:
        copy = json.loads((built_site.site / f"search/search_index.{language}.json")
                          .read_text("utf-8"))
        assert len(copy["docs"]) == len(merged["docs"])
        boosted = {doc["location"] for doc in copy["docs"] if doc.get("boost", 1) >= READER_BOOST}
        assert boosted and all(language_of(location, LANGUAGES) == language
                               for location in boosted)


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
