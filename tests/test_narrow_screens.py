"""Phones (issue 19): on a 375 × 667 screen in Chromium, the library, topic, downloads
and translations tables read as cards (no horizontal scroll, no word split, every cell
under its column's label), and every document page, in every language, shows its title,
status, version, date, summary and PDF button in its first screen, with the details
panel one tap away. Fixtures `browser` and `site_server`: conftest.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from conftest import LANGUAGES, Build
from readercheck import document_pages, html_pages, language_of, prefix

from nisdocs.library import Library

PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 900}
CARDS = "table.nisdocs-cards"

# The page's width against the viewport's, each table wrapper's, and every word of the
# cards that the line breaks split (a word's text in more than one box); hyphens and
# dashes may break a compound.
LAYOUT = """() => {
  const root = document.documentElement;
  const wraps = [...document.querySelectorAll(".md-typeset__scrollwrap")]
    .filter(w => w.querySelector("table.nisdocs-cards"))
    .map(w => [w.scrollWidth, w.clientWidth]);
  const split = [], unlabelled = [], outside = [];
  for (const cell of document.querySelectorAll(
      "table.nisdocs-cards tbody td, table.nisdocs-cards tbody th")) {
    const box = cell.getBoundingClientRect();
    if (box.left < 0 || box.right > root.clientWidth) outside.push(cell.textContent.trim());
    const label = getComputedStyle(cell, "::before").content;
    if (cell.tagName === "TD" && (!cell.dataset.label || label === "none" || label === "normal"))
      unlabelled.push(cell.textContent.trim());
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const words = /[^\\s\\-\\u2010-\\u2014]+/g;
      let match;
      while ((match = words.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const boxes = [...range.getClientRects()].filter(r => r.width > 0);
        if (boxes.length > 1) split.push(match[0]);
      }
    }
  }
  return {scroll: root.scrollWidth, client: root.clientWidth, wraps, split, unlabelled,
          outside, cards: document.querySelectorAll(CARDS_SELECTOR + " tbody tr").length};
}""".replace("CARDS_SELECTOR", '"table.nisdocs-cards"')

# When the page is wider than the screen: the outermost elements that reach past it.
OVERFLOW = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return [];
  return [...document.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right > root.clientWidth + 1
                 && !e.parentElement.closest(".md-typeset__scrollwrap")
                 && e.parentElement.getBoundingClientRect().right <= root.clientWidth + 1)
    .map(e => e.tagName.toLowerCase() + "." + [...e.classList].join("."));
}"""

# Where the first screen's parts are: bottom edge of each, and whether it is shown.
FIRST_SCREEN = {
    "title": "article .nisdocs-head h1",
    "status": ".nisdocs-head__facts .nisdocs-status",
    "version": ".nisdocs-head__version",
    "date": ".nisdocs-head__date",
    "summary": ".nisdocs-head__summary",
    "pdf": ".nisdocs-pdfs__main",
}
BOXES = """(selectors) => Object.fromEntries(Object.entries(selectors).map(([name, s]) => {
  const element = document.querySelector(s);
  if (!element) return [name, null];
  const box = element.getBoundingClientRect();
  return [name, {top: box.top, bottom: box.bottom, right: box.right,
                 shown: box.width > 0 && box.height > 0}];
}))"""


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A page in a 375 × 667 viewport (an iPhone SE's CSS pixels), touch enabled."""
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    try:
        yield context.new_page()
    finally:
        context.close()


def list_urls(built_site: Build) -> list[str]:
    """Every page of the built site that has a table of cards, in every language."""
    return [url for url, soup in html_pages(built_site.site) if soup.select_one(CARDS)]


def test_every_card_cell_has_its_column_label(built_site: Build) -> None:
    """Every cell of the library, topic, downloads and translations tables carries its
    column's label, on every page of the built site."""
    kinds = set()
    for url, soup in html_pages(built_site.site):
        for table in soup.select(CARDS):
            kinds.add(url.removeprefix(prefix(language_of(url))).split("/")[0])
            for cell in table.select("tbody td"):
                assert cell.get("data-label", "").strip(), (url, cell)
    assert kinds >= {"library", "topics", "downloads", "translations"}, kinds


def test_tables_read_as_cards_on_a_phone(phone: Any, site_server: str,
                                         built_site: Build) -> None:
    urls = list_urls(built_site)
    assert {language_of(url) for url in urls} == set(LANGUAGES)
    for url in urls:
        phone.goto(site_server + url, wait_until="load")
        layout = phone.evaluate(LAYOUT)
        assert layout["scroll"] == layout["client"], (url, layout)
        assert all(scroll <= client for scroll, client in layout["wraps"]), (url, layout)
        assert layout["cards"], url
        assert not layout["split"], (url, layout["split"])
        assert not layout["unlabelled"], (url, layout["unlabelled"])
        assert not layout["outside"], (url, layout["outside"])


def test_document_pages_first_screen_on_a_phone(phone: Any, site_server: str,
                                                sample_library: Library) -> None:
    """Every document and version page in every language: nothing wider than the
    screen, the first screen's parts within it, the details panel closed."""
    overflowing, misplaced = {}, {}
    for _language, _document, _version, url in document_pages(sample_library):
        phone.goto(site_server + url, wait_until="load")
        wider = phone.evaluate(OVERFLOW)
        if wider:
            overflowing[url] = wider
        boxes = phone.evaluate(BOXES, FIRST_SCREEN)
        for name, box in boxes.items():
            if not (box and box["shown"] and box["top"] >= 0
                    and box["bottom"] <= PHONE["height"] and box["right"] <= PHONE["width"]):
                misplaced.setdefault(url, []).append((name, box))
        # The details are one tap away: closed here, and open on a tap of their heading.
        if phone.evaluate("() => document.querySelector("
                          "'details.nisdocs-details__panel')?.open ?? null") is not False:
            misplaced.setdefault(url, []).append(("details open", None))
    assert not misplaced, misplaced
    assert not overflowing, overflowing
    phone.locator("details.nisdocs-details__panel > summary").tap()
    assert phone.locator("details.nisdocs-details__panel").evaluate("d => d.open") is True
    assert phone.locator(".nisdocs-details dl").is_visible()


def test_details_panel_stays_open_on_a_desktop(browser: Any, site_server: str) -> None:
    context = browser.new_context(viewport=DESKTOP)
    try:
        desktop = context.new_page()
        for language in LANGUAGES:
            desktop.goto(f"{site_server}{prefix(language)}library/ncg-0002/", wait_until="load")
            assert desktop.locator(".nisdocs-details dl").is_visible()
    finally:
        context.close()

