"""The reader's view in every language (issue 19): a 404 page per language, "what
changed" in every language, heading anchors in the heading's own words, and a
language switch that keeps the reader's place. Read back from the whole built sample
site, every page of every language; the switch driven in Chromium."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import LANGUAGES, Build, mkdocs_yml

from nisdocs.library import Library
from nisdocs.pdf.dialect import to_pandoc_markdown
from nisdocs.rendering import Renderer
from nisdocs.scanner import written_headings
from nisdocs.slugs import heading_ids, slugify
from nisdocs.switcher import untranslated_docs
from nisdocs.vocabulary import ui_strings

SOURCE = LANGUAGES[0]
# The path the 404 pages link the site under: site_url's, as the sample was built.
BASE = urlsplit(mkdocs_yml()["site_url"]).path
# What a link's target needs no check for: other hosts, mail, inline data.
_ELSEWHERE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
# The ids Python-Markdown's own slugify gave headings it had no ASCII letters for.
_NUMBERED = re.compile(r"^_\d+$")


def prefix(language: str) -> str:
    return "" if language == SOURCE else f"{language}/"


@cache
def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def html_files(site: Path) -> Iterator[Path]:
    """Every HTML file of the site, pages, 404 pages and redirects alike."""
    yield from sorted(site.rglob("*.html"))


def language_of(site: Path, path: Path) -> str:
    first = path.relative_to(site).parts[0]
    return first if first in LANGUAGES[1:] else SOURCE


def target_of(site: Path, path: Path, href: str) -> tuple[Path, str]:
    """The file a link of the page `path` leads to, and its fragment."""
    address, _, fragment = href.partition("#")
    address = unquote(address.split("?")[0])
    if address.startswith("/"):
        assert address.startswith(BASE), f"{path}: {href} is outside {BASE}"
        target = site / address[len(BASE):]
    elif address:
        target = site / posixpath.normpath(
            posixpath.join(path.parent.relative_to(site).as_posix(), address))
    else:
        target = path
    if target.is_dir():
        target = target / "index.html"
    return target, unquote(fragment)


def ids_of(path: Path) -> set[str]:
    soup = soup_of(path)
    return {str(tag["id"]) for tag in soup.find_all(id=True)} | {
        str(tag["name"]) for tag in soup.find_all("a", attrs={"name": True})}


# -- every link of every page ------------------------------------------------------------


def test_every_link_of_every_page_resolves_with_its_fragment(built_site: Build) -> None:
    """Links, stylesheets, scripts and images of every HTML file, in every language,
    the 404 pages' absolute ones included: the file exists, and a `#fragment` names an
    element of the page it leads to."""
    site = built_site.site
    broken: list[str] = []
    checked = 0
    for path in html_files(site):
        for tag in soup_of(path).find_all(["a", "link", "script", "img"]):
            href = tag.get("href") if tag.name in ("a", "link") else tag.get("src")
            if not isinstance(href, str) or not href or _ELSEWHERE.match(href):
                continue
            target, fragment = target_of(site, path, href)
            checked += 1
            if not target.is_file():
                broken.append(f"{path.relative_to(site)}: {href} (no file)")
            elif fragment and target.suffix == ".html" and fragment not in ids_of(target):
                broken.append(f"{path.relative_to(site)}: {href} (no #{fragment})")
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken[:40])
    assert checked > 10_000


def test_every_link_stays_in_the_readers_language(built_site: Build) -> None:
    """A link from a page in one language leads to a page in that language, unless it
    says where it goes (`hreflang`: the language switcher, PDFs, the original text):
    "what changed" is offered in every language, not in the source language's."""
    site = built_site.site
    strays: list[str] = []
    for path in html_files(site):
        language = language_of(site, path)
        for link in soup_of(path).select("a[href]"):
            href = str(link["href"])
            if _ELSEWHERE.match(href) or href.startswith("#") or link.get("hreflang"):
                continue
            target, _ = target_of(site, path, href)
            if target.suffix != ".html" or not target.is_file():
                continue
            html = soup_of(target).html
            lang = html.get("lang") if html is not None else None
            if lang is not None and lang != language and not _is_redirect(target):
                strays.append(f"{path.relative_to(site)}: {href} ({lang})")
    assert not strays, f"{len(strays)} links leave the reader's language:\n" + "\n".join(
        strays[:40])


def _is_redirect(path: Path) -> bool:
    return soup_of(path).find("meta", attrs={"http-equiv": "refresh"}) is not None


# -- 404 pages --------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_its_404_page(built_site: Build, language: str) -> None:
    """In the language, with the header's search, and links back to its library and
    home page by absolute paths (the server sends it from any depth)."""
    path = built_site.site / prefix(language) / "404.html"
    assert path.is_file(), path
    soup = soup_of(path)
    ui = ui_strings(language)["not_found"]
    assert soup.html is not None and soup.html["lang"] == language
    assert soup.title is not None and soup.title.get_text().startswith(ui["title"])
    h1 = soup.select_one("article h1")
    assert h1 is not None and h1.get_text(strip=True) == ui["title"]
    assert soup.select_one("[data-nisdocs-search-open]") is not None
    assert soup.select_one("dialog#nisdocs-search") is not None
    library = soup.select_one("a[data-nisdocs-library]")
    assert library is not None and library["href"] == f"{BASE}{prefix(language)}library/"
    assert library.get_text(strip=True) == ui["library"]
    for tag in soup.find_all(["a", "link", "script", "img"]):
        href = tag.get("href") if tag.name in ("a", "link") else tag.get("src")
        if isinstance(href, str) and href and not _ELSEWHERE.match(href) \
                and not href.startswith("#"):
            assert href.startswith(BASE), f"{path}: relative link {href}"


# -- what changed -------------------------------------------------------------------------


def test_what_changed_is_offered_in_every_language(built_site: Build) -> None:
    """Each comparison of the source language has its page in every language, in that
    language's interface; where the texts shown are the source language's, a notice
    says so and the comparison is marked as in the source language."""
    site = built_site.site
    pages = sorted(path.parent.relative_to(site).as_posix()
                   for path in (site / "library").glob("*/changes/*/index.html"))
    assert pages
    for url in pages:
        for language in LANGUAGES[1:]:
            path = site / language / url / "index.html"
            assert path.is_file(), path
            soup = soup_of(path)
            assert soup.html is not None and soup.html["lang"] == language
            diff = soup.select_one(".nisdocs-diff")
            assert diff is not None, path
            notice = soup.select_one('[data-nisdocs-notice="fallback"]')
            if diff["lang"] == language:
                assert notice is None, path
            else:
                assert diff["lang"] == SOURCE, path
                names = ui_strings(language)["language_names"]
                assert notice is not None and names[SOURCE] in notice.get_text(), path


# -- heading anchors ----------------------------------------------------------------------


def _letters(text: str) -> set[str]:
    return {char for char in text.casefold() if char.isalpha()}


def test_every_heading_anchor_reads_in_its_script(built_site: Build) -> None:
    """Every heading of every page's text (those with a permalink), in every language:
    its id is not Python-Markdown's `_1` and holds letters of the heading."""
    site = built_site.site
    bad: list[str] = []
    checked = 0
    for path in html_files(site):
        for heading in soup_of(path).select("h1[id], h2[id], h3[id], h4[id], h5[id], h6[id]"):
            if heading.select_one("a.headerlink") is None:
                continue  # nisdocs' own headings (details, search), with ids of their own
            text = heading.get_text(" ", strip=True).removesuffix("¶").strip()
            heading_id = str(heading["id"])
            checked += 1
            letters = _letters(text)
            if letters and (_NUMBERED.match(heading_id) or not letters & _letters(heading_id)):
                bad.append(f"{path.relative_to(site)}: #{heading_id} for {text!r}")
    assert not bad, f"{len(bad)} headings:\n" + "\n".join(bad[:40])
    assert checked > 500


def _texts(library: Library) -> Iterator[tuple[str, str]]:
    for document in library.documents.values():
        for version in document.versions:
            yield version.source.path, version.source.body
            for translation in version.translations.values():
                yield translation.source.path, translation.source.body


def test_the_pdf_and_check_name_headings_as_the_site_does(sample_library: Library) -> None:
    """One slug function: the ids the PDF's headings get (nisdocs/pdf/dialect.py) are
    those Python-Markdown gives them with the site's extensions, on every text of the
    library, in every language."""
    renderer = Renderer()
    for path, body in _texts(sample_library):
        site_ids = [i for i in renderer.render(body).heading_ids if not i.startswith("fn")]
        found = written_headings(body)
        assert heading_ids((h.text, h.explicit_id) for h in found) == site_ids, path
        pandoc = to_pandoc_markdown(body)
        for heading_id in site_ids:
            assert f"#{heading_id}" in pandoc, (path, heading_id)


@pytest.mark.parametrize(("markdown", "expected"), [
    ("## Πεδίο εφαρμογής", ["πεδίο-εφαρμογής"]),
    ("## Обхват и *определения*", ["обхват-и-определения"]),
    ("## 1. Scope\n\n## 1. Scope", ["1-scope", "1-scope_1"]),
    ("## Scope {#own}\n\n## [Ορισμοί](https://example.eu) `code`", ["own", "ορισμοί-code"]),
    ("## ...", ["_1"]),
])
def test_heading_ids_are_the_sites(markdown: str, expected: list[str]) -> None:
    assert list(Renderer().render(markdown).heading_ids) == expected
    found = written_headings(markdown)
    assert heading_ids((h.text, h.explicit_id) for h in found) == expected
    assert slugify("Ελληνικά Κείμενα", "-") == "ελληνικά-κείμενα"


# -- the language switcher ------------------------------------------------------------------


def test_the_switcher_names_languages_and_says_which_are_untranslated(
        built_site: Build) -> None:
    """On every page: each language by its own name, in itself (`lang`), the page's own
    marked current; beside a language whose file the page lacks, "not translated" in
    that language."""
    site = built_site.site
    names = {code: ui_strings(code)["language_name"] for code in LANGUAGES}
    checked = 0
    for path in html_files(site):
        links = soup_of(path).select(".md-select__link")
        if not links or _is_redirect(path):
            continue
        language = language_of(site, path)
        current = [link["hreflang"] for link in links if link.get("aria-current") == "true"]
        assert current == [language], path
        for link in links:
            code = str(link["hreflang"])
            assert link.get("lang") == code, path
            note = link.select_one(".nisdocs-select__note")
            name = link.get_text(" ", strip=True)
            if note is None:
                assert name == names[code], path
            else:
                missing = ui_strings(code)["states"]["missing"]
                assert name == f"{names[code]} ({missing})", path
        checked += 1
    assert checked > 200


def test_untranslated_docs_pages(tmp_path: Path) -> None:
    (tmp_path / "about.md").write_text("About", encoding="utf-8")
    (tmp_path / "about.fr.md").write_text("À propos", encoding="utf-8")
    assert untranslated_docs(tmp_path, "about.md", ("en", "fr", "el")) == ["el"]
    assert untranslated_docs(tmp_path, "about.fr.md", ("en", "fr", "el")) == ["el"]


def _document_heading_ids(page: Any) -> list[str]:
    return list(page.eval_on_selector_all(
        ".nisdocs-text h2[id], .nisdocs-text h3[id]", "hs => hs.map(h => h.id)"))


@pytest.mark.usefixtures("browser")
def test_switching_language_keeps_the_section(page: Any, site_server: str) -> None:
    """In Greek, at the third section of a document; French chosen with the keyboard
    (the switcher opens on focus, Enter moves into it): the French page opens at its
    third section, named in the address."""
    document = "library/ncg-0003/"
    page.goto(f"{site_server}el/{document}", wait_until="networkidle")
    greek = _document_heading_ids(page)
    assert len(greek) >= 3 and not any(_NUMBERED.match(i) for i in greek)
    page.goto(f"{site_server}el/{document}#{greek[2]}", wait_until="networkidle")
    button = page.locator("[data-nisdocs-language] button")
    button.focus()
    french = page.locator(".md-select__link[hreflang='fr']")
    assert french.is_visible()  # open while focus is inside
    assert button.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Enter")
    current = page.locator(".md-select__link[aria-current='true']")
    assert current.evaluate("a => a === document.activeElement")
    while not french.evaluate("a => a === document.activeElement"):
        page.keyboard.press("ArrowDown")
    with page.expect_navigation(wait_until="networkidle"):
        page.keyboard.press("Enter")
    assert page.locator("html").get_attribute("lang") == "fr"
    french_ids = _document_heading_ids(page)
    assert unquote(urlsplit(page.url).fragment) == french_ids[2]
    assert urlsplit(page.url).path.endswith(f"/fr/{document}")
    top = page.eval_on_selector(f"[id='{french_ids[2]}']",
                                "h => h.getBoundingClientRect().top")
    assert -2 <= top < 300, top  # the section is where the reader is, under the header
    assert not page.nisdocs_errors


@pytest.mark.usefixtures("browser")
def test_switching_at_the_top_stays_at_the_top(page: Any, site_server: str) -> None:
    page.goto(f"{site_server}el/library/ncg-0003/", wait_until="networkidle")
    page.locator(".md-header .md-select").hover()
    with page.expect_navigation(wait_until="networkidle"):
        page.locator(".md-select__link[hreflang='bg']").click()
    assert urlsplit(page.url).fragment == ""
    assert page.evaluate("scrollY") == 0
