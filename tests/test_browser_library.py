"""The library page's filters in a real browser (docs/assets/nisdocs-library.js), with the
fixtures `site_server`, `browser` and `page` of conftest.py: Chromium driven by Playwright
against the built sample site. Without Chromium these tests skip; in CI they fail."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import LANGUAGES, PROJECT

from nisdocs.library import LibraryConfig, load_library
from nisdocs.model import Version
from nisdocs.views import search_text
from nisdocs.vocabulary import ui_strings

# The browser before the site: without Chromium the tests skip before the build.
pytestmark = pytest.mark.usefixtures("browser")

ROWS = "table.nisdocs-documents tbody tr"
LIBRARY = load_library(LibraryConfig(PROJECT, LANGUAGES))
TOTAL = len(LIBRARY.documents)  # public documents of the sample library


def ids_where(test: Callable[[Version], bool]) -> list[str]:
    """The ids of the documents whose current version passes `test`, sorted."""
    return sorted(doc_id for doc_id, document in LIBRARY.documents.items()
                  if test(document.current))


def visit(page: Any, url: str) -> None:
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.ok, url
    page.locator("#nisdocs-filters").wait_for(state="visible")


def shown(page: Any) -> list[str]:
    """The ids of the rows shown, in the table's order."""
    ids: list[str] = page.eval_on_selector_all(
        ROWS, "rows => rows.filter(r => !r.hidden && r.offsetParent).map(r => r.dataset.id)")
    return ids


def count(page: Any) -> str:
    text: str = page.locator(".nisdocs-count").inner_text()
    return text.strip()


def query(page: Any) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def rows_data(page: Any) -> list[dict[str, str]]:
    data: list[dict[str, str]] = page.eval_on_selector_all(
        ROWS, "rows => rows.map(r => Object.assign({}, r.dataset))")
    return data


def test_a_filter_narrows_the_list_and_survives_a_reload(page: Any, site_server: str) -> None:
    visit(page, site_server + "library/")
    assert len(shown(page)) == TOTAL
    assert count(page) == f"{TOTAL} documents"
    page.select_option("#nisdocs-filter-topic", "incident-reporting")
    topic = ids_where(lambda v: "incident-reporting" in v.topics)
    assert {"NCG-0002", "NCG-0003"} <= set(topic) and len(topic) < TOTAL
    assert sorted(shown(page)) == topic
    assert count(page) == f"{len(topic)} of {TOTAL} documents"
    assert query(page) == {"topic": ["incident-reporting"]}
    page.select_option("#nisdocs-filter-status", "published")
    published = ids_where(lambda v: "incident-reporting" in v.topics
                          and v.status == "published")
    assert "NCG-0003" in published and len(published) < len(topic)
    assert sorted(shown(page)) == published
    assert count(page) == f"{len(published)} of {TOTAL} documents"
    assert query(page) == {"topic": ["incident-reporting"], "status": ["published"]}
    page.reload(wait_until="networkidle")
    assert page.input_value("#nisdocs-filter-topic") == "incident-reporting"
    assert page.input_value("#nisdocs-filter-status") == "published"
    assert sorted(shown(page)) == published
    assert count(page) == f"{len(published)} of {TOTAL} documents"
    assert not page.nisdocs_errors


def test_a_shared_link_opens_the_filtered_view_in_its_language(page: Any,
                                                              site_server: str) -> None:
    visit(page, site_server + "de/library/?article=NIS2%2F23&language=de")
    assert sorted(shown(page)) == ["NCG-0003"]  # NCG-0011 cites Art. 23, in English only
    ui = ui_strings("de")["library"]["filters"]
    assert count(page) == ui["count"].format(shown=1, total=TOTAL)
    assert page.input_value("#nisdocs-filter-article") == "NIS2/23"
    # A value the form does not offer is dropped, from the form and from the URL.
    visit(page, site_server + "library/?topic=no-such-topic&year=2019")
    assert sorted(shown(page)) == ids_where(lambda v: v.date.startswith("2019"))
    assert "NCG-0012" in shown(page)
    assert query(page) == {"year": ["2019"]}


def test_free_text_matches_title_summary_and_id_without_accents(page: Any,
                                                                site_server: str) -> None:
    visit(page, site_server + "fr/library/")
    page.fill("#nisdocs-filter-text", "vulnerabilites")  # typed without accents
    # A function, not an expression: Playwright evaluates expressions with eval(), which
    # the site's Content-Security-Policy refuses (no 'unsafe-eval').
    page.wait_for_function(
        "() => new URLSearchParams(location.search).get('text') === 'vulnerabilites'")
    expected = [row["id"] for row in rows_data(page) if "vulnerabilites" in row["text"]]
    assert expected and "NCG-0005" in expected
    assert shown(page) == expected
    page.fill("#nisdocs-filter-text", "ncg-0008")
    page.press("#nisdocs-filter-text", "Enter")  # filters at once, no reload
    assert shown(page) == ["NCG-0008"]
    assert query(page) == {"text": ["ncg-0008"]}
    page.fill("#nisdocs-filter-text", "zzz nothing like this")
    page.press("#nisdocs-filter-text", "Enter")
    assert shown(page) == []
    assert page.locator("#nisdocs-filters-none").is_visible()
    assert count(page) == ui_strings("fr")["library"]["filters"]["count"].format(
        shown=0, total=TOTAL)


def test_words_in_any_order_and_case(page: Any, site_server: str) -> None:
    visit(page, site_server + "el/library/")
    words = "ΑΝΑΦΟΡΑ περιστατικων"
    page.fill("#nisdocs-filter-text", words)
    page.press("#nisdocs-filter-text", "Enter")
    folded = search_text(words).split()
    expected = [row["id"] for row in rows_data(page)
                if all(word in row["text"] for word in folded)]
    assert expected
    assert shown(page) == expected


def test_sort_by_title_and_id_orders_the_rows(page: Any, site_server: str) -> None:
    visit(page, site_server + "library/")
    by_date = shown(page)
    page.select_option("#nisdocs-filter-sort", "title")
    titles = page.eval_on_selector_all(ROWS, "rows => rows.map(r => r.dataset.title)")
    assert titles == sorted(titles)
    assert query(page) == {"sort": ["title"]}
    assert count(page) == f"{TOTAL} documents"  # sorting filters nothing
    page.select_option("#nisdocs-filter-sort", "id")
    assert shown(page) == sorted(by_date)
    page.select_option("#nisdocs-filter-sort", "date")
    assert shown(page) == by_date
    assert query(page) == {}


def test_act_limits_the_articles_offered(page: Any, site_server: str) -> None:
    visit(page, site_server + "library/?article=NIS2%2F23")
    page.select_option("#nisdocs-filter-act", "NIS1")
    assert page.input_value("#nisdocs-filter-article") == ""  # NIS2 Art. 23 is not NIS1's
    disabled = page.eval_on_selector_all(
        "#nisdocs-filter-article optgroup", "groups => groups.map(g => [g.label, g.disabled])")
    assert dict(disabled) == {"NIS2": True, "NIS1": False, "CIR-2024-2690": True}
    cites_nis1 = ids_where(lambda v: any(r.act == "NIS1" for r in v.references))
    assert {"NCG-0002", "NCG-0012"} <= set(cites_nis1)
    assert sorted(shown(page)) == cites_nis1
    assert query(page) == {"act": ["NIS1"]}


def test_keyboard_only(page: Any, site_server: str) -> None:
    visit(page, site_server + "library/")
    page.focus("#nisdocs-filter-text")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "nisdocs-filter-topic"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # the focus is visible
    page.keyboard.press("ArrowDown")  # the first topic
    first = page.eval_on_selector("#nisdocs-filter-topic", "s => s.options[1].value")
    assert page.input_value("#nisdocs-filter-topic") == first
    assert query(page) == {"topic": [first]}
    assert 0 < len(shown(page)) < TOTAL
    # On through every control to "clear", Enter, and on out of the form: no trap.
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('nisdocs-filters__clear')"):
            break
    else:
        pytest.fail("Tab never reached the clear button")
    page.keyboard.press("Enter")
    assert len(shown(page)) == TOTAL
    assert query(page) == {}
    page.keyboard.press("Tab")
    assert not page.evaluate("document.getElementById('nisdocs-filters')"
                             ".contains(document.activeElement)")


def test_clear_restores_everything(page: Any, site_server: str) -> None:
    visit(page, site_server + "library/?type=guideline&year=2025&text=risk&sort=title")
    assert 0 < len(shown(page)) < TOTAL
    assert page.input_value("#nisdocs-filter-text") == "risk"
    assert not page.locator(".md-search__output").is_visible()  # not material's search
    page.click(".nisdocs-filters__clear")
    assert len(shown(page)) == TOTAL
    assert count(page) == f"{TOTAL} documents"
    assert page.url == site_server + "library/"
    values = page.eval_on_selector_all("#nisdocs-filters select, #nisdocs-filters input",
                                       "controls => controls.map(c => c.value)")
    assert values == ["", *[""] * 7, "date"]


def test_back_returns_to_the_filtered_view(page: Any, site_server: str) -> None:
    visit(page, site_server + "library/?status=withdrawn")
    page.click(f"{ROWS}[data-id='NCG-0012'] a")
    page.wait_for_url("**/library/ncg-0012/")
    page.go_back(wait_until="networkidle")
    assert query(page) == {"status": ["withdrawn"]}
    assert page.input_value("#nisdocs-filter-status") == "withdrawn"
    assert shown(page) == ["NCG-0012"]


def test_without_javascript_the_table_lists_everything(browser: Any, site_server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        plain = context.new_page()
        plain.goto(site_server + "library/?topic=incident-reporting")
        assert not plain.locator("#nisdocs-filters").is_visible()
        assert len(shown(plain)) == TOTAL
    finally:
        context.close()


@pytest.mark.parametrize("language", ["", "el/"], ids=["en", "el"])
def test_axe_finds_no_serious_violation_in_the_filtered_page(page: Any, site_server: str,
                                                              language: str,
                                                              axe: Callable[[Any], list[str]]
                                                              ) -> None:
    visit(page, f"{site_server}{language}library/?topic=risk-management&sort=title")
    page.focus("#nisdocs-filter-topic")
    violations = axe(page)
    assert not violations, "\n".join(violations)
