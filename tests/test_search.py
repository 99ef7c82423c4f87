"""Search: one Pagefind index per language (nisdocs/search.py), the header's dialog
(overrides/partials/nisdocs/search.html, docs/assets/nisdocs-search.js), driven in a real
browser as readers use it: typed key by key at a reader's pace, without regard to case or
accents, in every script of the sample."""

from __future__ import annotations

import collections
import json
import random
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import LANGUAGES, PROJECT, Build
from hypothesis import given
from hypothesis import strategies as st
from sitecheck import page as site_page

from nisdocs.library import Library
from nisdocs.search import EXCLUDED, SEARCHED_KINDS, search_view
from nisdocs.vocabulary import ui_strings

needs_browser = pytest.mark.usefixtures("browser")


# -- what is indexed ------------------------------------------------------------------


def searched_urls(library: Library, language: str) -> set[str]:
    """The document pages search must find in `language`: every current version."""
    prefix = "" if language == library.source_language else f"{language}/"
    return {f"{prefix}library/{doc_id.lower()}/" for doc_id in library.documents}


def result_facts(body: Any) -> dict[str, str]:
    """The facts a searched page gives its result: Pagefind reads `key:value`, split at
    the first colon, from each `data-pagefind-meta` of the page but the title's."""
    pairs = (element["data-pagefind-meta"].split(":", 1)
             for element in body.select("[data-pagefind-meta*=':']"))
    return dict(pairs)


def test_each_language_has_an_index_of_its_own(built_site: Build) -> None:
    """One index per language, each with the same pages (a page shown untranslated is in
    its reader's index); material's single index of every language is gone."""
    entry = json.loads((built_site.site / "pagefind" / "pagefind-entry.json").read_text())
    assert set(entry["languages"]) == set(LANGUAGES)
    counts = {language["page_count"] for language in entry["languages"].values()}
    assert len(counts) == 1 and counts.pop() > 0
    assert not (built_site.site / "search").exists()


def test_only_nisdocs_interface_is_served(built_site: Build) -> None:
    """Pagefind's own interfaces and playground are not published: the site's search is
    its own script."""
    served = {path.name for path in (built_site.site / "pagefind").iterdir()}
    assert {"pagefind.js", "pagefind-worker.js", "pagefind-entry.json"} <= served
    assert not {name for name in served if "-ui" in name or "highlight" in name
                or name == "playground"}


def test_every_page_is_marked_for_search_as_its_kind_requires(built_site: Build,
                                                              sample_library: Library) -> None:
    """Every HTML page of the site: documents' current versions, topics, acts, articles and
    the site's own pages are searched, each with its text's language; listings, earlier
    versions, comparisons, redirects and the home page are not."""
    site = built_site.site
    documents = {url for language in LANGUAGES
                 for url in searched_urls(sample_library, language)}
    listings = re.compile(r"^(?:[a-z]{2}/)?(?:library|downloads|translations|topics|legislation)/$")
    marked = 0
    for path in sorted(site.rglob("*.html")):
        url = path.relative_to(site).as_posix().removesuffix("index.html")
        soup = site_page(site, url) if path.name == "index.html" else None
        if soup is None:
            continue
        bodies = soup.select("[data-pagefind-body]")
        assert len(bodies) <= 1, url
        if url in documents:
            assert bodies, f"{url}: a document page is not searched"
        if (listings.match(url) or re.search(r"library/ncg-\d+/\d[\d.]*/$", url)
                or "/changes/" in url or url in ("", *(f"{lang}/" for lang in LANGUAGES))
                or soup.select_one("meta[http-equiv=refresh]")):
            assert not bodies, f"{url}: a listing, earlier version or redirect is searched"
        if not bodies:
            continue
        marked += 1
        body = bodies[0]
        # The text's language: its own element's on a document, the page's elsewhere.
        text = soup.select_one(".nisdocs-text")
        language = text["lang"] if text is not None else body.get("lang") or soup.html["lang"]
        assert body["data-pagefind-filter"] == f"lang:{language}", url
        assert result_facts(body)["lang"] == language, url
    assert marked >= len(documents)


def test_document_pages_give_their_facts_and_filters(built_site: Build,
                                                     sample_library: Library) -> None:
    for language in LANGUAGES:
        ui = ui_strings(language)
        for doc_id, document in sample_library.documents.items():
            prefix = "" if language == "en" else f"{language}/"
            soup = site_page(built_site.site, f"{prefix}library/{doc_id.lower()}/")
            body = soup.select_one("[data-pagefind-body]")
            current = document.current
            meta = result_facts(body)
            assert meta["id"] == doc_id
            assert meta["version"] == current.version and meta["date"] == current.date
            assert meta["status"] == current.status
            status = body.select_one("[data-pagefind-filter=status]")
            assert status.get_text(strip=True) == ui["statuses"][current.status]
            assert status["data-pagefind-meta"] == "status_label"
            assert body.select_one("[data-pagefind-filter=type]").get_text(strip=True) == \
                ui["types"][current.type]
            topics = [a.get_text(strip=True) for a in body.select("[data-pagefind-filter=topic]")]
            assert topics == [sample_library.topics.label(key, language) for key in current.topics]
            text = current.text(language, sample_library.source_language)
            if text.language != language:  # shown untranslated: named in its result
                assert meta["language"] == ui["language_names"][text.language]


def test_what_is_left_out_of_a_result_exists_on_the_pages(built_site: Build,
                                                           sample_library: Library) -> None:
    """Each selector the index leaves out names something of the searched pages: a renamed
    class would silently put the PDF buttons or the language list into every result."""
    pages = [site_page(built_site.site, url) for language in LANGUAGES
             for url in sorted(searched_urls(sample_library, language))]
    for selector in EXCLUDED:
        assert any(soup.select_one(f"[data-pagefind-body] {selector}") for soup in pages), \
            selector


def test_the_header_is_materials_with_nisdocs_search() -> None:
    """overrides/partials/header.html is material's header partial with its search (the
    lunr plugin's) replaced by nisdocs' and its menu button made operable by keyboard
    (tests/test_keyboard.py); nothing else may differ."""
    import material

    theirs = (Path(material.__file__).parent / "templates/partials/header.html").read_text()
    ours = (PROJECT / "overrides/partials/header.html").read_text()
    comment = re.compile(r"\{#-.*?-#\}\n", re.DOTALL)
    start = theirs.index('    {% if "material/search" in config.plugins %}')
    end = theirs.index("    {% if config.repo_url %}")
    expected = theirs[:start] + '    {% include "partials/nisdocs/search.html" %}\n' + theirs[end:]
    menu = '<label class="md-header__button md-icon" for="__drawer">'
    assert menu in expected
    expected = expected.replace(menu, menu[:-1] + ' tabindex="0" role="button" aria-label='
                                '"{{ lang.t(\'nav\') }}" aria-expanded="false" data-nisdocs-menu>')
    assert comment.sub("", ours) == comment.sub("", expected)


@pytest.mark.parametrize("kind", sorted(SEARCHED_KINDS))
def test_search_view_names_the_language_of_an_untranslated_text(kind: str) -> None:
    names = ui_strings("el")["language_names"]
    view = search_view(kind, "el", "en", names)
    assert view == {"lang": "en", "meta": {"lang": "en", "language": names["en"]}}
    assert search_view(kind, "el", "el", names) == {"lang": "el", "meta": {"lang": "el"}}


def test_listings_are_not_searched() -> None:
    for kind in ("library", "downloads", "translations", "topics", "legislation", "version",
                 "changes"):
        assert search_view(kind, "en", "en", {}) is None


@given(st.dictionaries(st.sampled_from(["id", "version", "date", "status"]), st.text()))
def test_search_view_keeps_every_fact_given(facts: dict[str, str]) -> None:
    view = search_view("document", "de", "de", {}, **facts)
    assert view is not None
    assert view["meta"] == {**{key: value for key, value in facts.items() if value},
                            "lang": "de"}


# -- in a browser, as readers type ----------------------------------------------------


def type_query(page: Any, text: str, *, pace: tuple[int, int] = (30, 80),
               seed: int = 0) -> list[str]:
    """`text` typed into the search of the page shown, key by key, 30 to 80 ms apart as
    a reader types; the result links once the results of the whole text are in."""
    page.keyboard.press("/")
    query = page.locator("#nisdocs-search-query")
    query.wait_for(state="visible")
    pauses = random.Random(seed)
    for character in text:
        page.keyboard.type(character)
        page.wait_for_timeout(pauses.randint(*pace))
    return results_for(page, text)


def results_for(page: Any, text: str) -> list[str]:
    value = text.strip().replace("\\", "\\\\").replace('"', '\\"')
    status = page.locator(f'#nisdocs-search-status[data-query="{value}"]')
    status.wait_for(state="attached", timeout=30_000)
    assert not page.nisdocs_errors, page.nisdocs_errors
    return page.eval_on_selector_all("#nisdocs-search-results a",
                                     "links => links.map(a => a.getAttribute('href'))")


def pasted(page: Any, site: str, start: str, text: str) -> list[str]:
    """The result links of `text` pasted at once into the search of a fresh page."""
    page.goto(site + start)
    page.keyboard.press("/")
    page.locator("#nisdocs-search-query").fill(text)
    return results_for(page, text)


def every_result(page: Any) -> list[str]:
    """The links of every result of the search shown, "Show more results" pressed until
    there are no more."""
    more = page.locator("[data-nisdocs-search-more]")
    while more.is_visible():
        shown = page.locator("#nisdocs-search-results > li").count()
        more.click()
        page.wait_for_function(
            "n => document.querySelectorAll('#nisdocs-search-results > li').length > n",
            arg=shown)
    return page.eval_on_selector_all("#nisdocs-search-results a",
                                     "links => links.map(a => a.getAttribute('href'))")


def folded(word: str) -> str:
    """`word` without accents (Greek tonos included), as readers often type it."""
    return "".join(c for c in unicodedata.normalize("NFD", word)
                   if not unicodedata.combining(c))


def frequent_accented_words(library: Library, language: str, count: int) -> list[str]:
    """The `count` most frequent words of at least 7 letters with an accent in the
    language's translations: what readers of that language search for."""
    words: collections.Counter[str] = collections.Counter()
    for document in library.documents.values():
        translation = document.current.translations.get(language)
        if translation is not None:
            words.update(w for w in re.findall(r"\w{7,}", translation.source.body)
                         if folded(w) != w and not w.isupper())
    return [word for word, _ in words.most_common(count)]


def readers_queries() -> list[tuple[str, str]]:
    """The issue's words in every script, and the most frequent accented words of each
    language's own texts."""
    from nisdocs.library import LibraryConfig, load_library

    library = load_library(LibraryConfig(root=PROJECT, languages=LANGUAGES))
    queries = [("el", "περιστατικού"), ("bg", "инцидент"), ("fr", "sécurité"),
               ("de", "Sicherheitsvorfälle")]
    for language in ("el", "bg", "fr", "de"):
        queries += [(language, word) for word in frequent_accented_words(library, language, 2)]
    return list(dict.fromkeys(queries))


@needs_browser
@pytest.mark.parametrize(("language", "word"), readers_queries())
def test_typed_key_by_key_without_accents_or_case_finds_what_the_word_finds(
        page: Any, site_server: str, language: str, word: str) -> None:
    """Typed key by key on a fresh page, at a reader's pace, the word, its form without
    accents and its capitals each find the pages the word pasted at once finds (a match
    with the word's own accents may rank higher)."""
    pasted(page, site_server, f"{language}/", word)
    expected = sorted(every_result(page))
    assert expected, f"{word}: nothing found"
    for seed, form in enumerate(dict.fromkeys([word, folded(word), word.upper()])):
        page.goto(f"{site_server}{language}/")
        type_query(page, form, seed=seed)
        assert sorted(every_result(page)) == expected, form


@needs_browser
def test_documents_containing_the_word_are_found(page: Any, site_server: str,
                                                 sample_library: Library) -> None:
    for language, word in (("el", "περιστατικα"), ("bg", "ИНЦИДЕНТ"), ("fr", "securite"),
                           ("de", "Sicherheitsvorfalle")):
        page.goto(f"{site_server}{language}/")
        type_query(page, word)
        found = set(every_result(page))
        for doc_id, document in sample_library.documents.items():
            text = document.current.text(language, sample_library.source_language)
            if re.search(rf"\b{folded(word).lower()}", folded(text.source.body).lower()):
                assert f"/{language}/library/{doc_id.lower()}/" in found, (word, doc_id)


@needs_browser
def test_the_readers_language_ranks_first(page: Any, site_server: str) -> None:
    """From /el/, a query found in Greek texts and in texts shown untranslated (an id
    prefix every document has) lists every Greek page before any other, and marks the
    others with their language."""
    page.goto(f"{site_server}el/")
    type_query(page, "NCG")
    every_result(page)
    languages = page.eval_on_selector_all(
        "#nisdocs-search-results a", "links => links.map(a => a.lang || 'el')")
    assert "el" in languages and "en" in languages
    assert languages == sorted(languages, key=lambda code: code != "el")
    untranslated = page.locator(".nisdocs-search__language").first.inner_text()
    assert ui_strings("el")["language_names"]["en"] in untranslated


@needs_browser
@pytest.mark.parametrize(("query", "found"), [
    ("NCG-0003", "/library/ncg-0003/"),
    ("ncg-0012", "/library/ncg-0012/"),
    ("Art. 21", "/library/ncg-0001/"),
])
def test_ids_and_articles_find_their_documents(page: Any, site_server: str, query: str,
                                               found: str) -> None:
    page.goto(site_server)
    assert found in type_query(page, query)[:5]


@needs_browser
def test_a_topic_finds_its_documents(page: Any, site_server: str,
                                     sample_library: Library) -> None:
    key = "incident-reporting"
    label = sample_library.topics.label(key, "fr")
    page.goto(f"{site_server}fr/")
    type_query(page, label)
    found = set(every_result(page))
    for doc_id, document in sample_library.documents.items():
        if key in document.current.topics:
            assert f"/fr/library/{doc_id.lower()}/" in found, doc_id


@needs_browser
def test_a_result_shows_id_status_version_date_and_the_match(page: Any, site_server: str,
                                                              sample_library: Library) -> None:
    document = sample_library.documents["NCG-0002"]  # superseded
    page.goto(f"{site_server}de/")
    type_query(page, "NCG-0002")
    result = page.locator("#nisdocs-search-results > li").filter(
        has=page.locator("a[href$='/de/library/ncg-0002/']"))
    assert result.locator("code").inner_text() == "NCG-0002"
    badge = result.locator(".nisdocs-status--superseded")
    assert badge.inner_text() == ui_strings("de")["statuses"]["superseded"]
    assert document.current.version in result.inner_text()
    assert result.locator("time").get_attribute("datetime") == document.current.date
    assert result.locator(".nisdocs-search__excerpt").count() == 1


@needs_browser
def test_filters_narrow_the_results(page: Any, site_server: str) -> None:
    page.goto(site_server)
    everything = type_query(page, "incident")
    label = ui_strings("en")["statuses"]["superseded"]
    page.locator(".nisdocs-search__filters summary").click()
    page.locator("select[data-filter=status]").select_option(label)
    narrowed = results_for(page, "incident")
    assert narrowed and len(narrowed) < len(everything)
    assert page.locator("#nisdocs-search-results > li").count() == \
        page.locator("#nisdocs-search-results .nisdocs-status--superseded").count()


@needs_browser
def test_keyboard_only_and_announced(page: Any, site_server: str) -> None:
    """"/" opens the dialog on its input; the count is in a status region; Enter goes to
    the first result; Escape closes and gives focus back where it was."""
    page.goto(site_server + "library/ncg-0003/")
    type_query(page, "incident")
    status = page.locator("#nisdocs-search-status")
    assert status.get_attribute("role") == "status"
    assert re.search(r"\d+", status.inner_text())
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.closest('#nisdocs-search-results') !== null")
    page.keyboard.press("Escape")
    assert not page.locator("#nisdocs-search").is_visible()
    opener = page.locator("[data-nisdocs-search-open]")
    opener.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "nisdocs-search-query"
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.hasAttribute('data-nisdocs-search-open')")


@needs_browser
@pytest.mark.parametrize("width", [375, 1280])
def test_axe_finds_no_serious_violation_in_the_open_search(
        page: Any, site_server: str, width: int, axe: Callable[[Any], list[str]]) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site_server + "el/")
    type_query(page, "περιστατικ")
    violations = axe(page)
    assert not violations, "\n".join(violations)
    box = page.locator("#nisdocs-search").bounding_box()
    assert box is not None and box["width"] <= width
