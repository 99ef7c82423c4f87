"""The reader's view of the built sample site (issue 19), on every page in every language:
the standing of superseded, withdrawn and draft documents in the `<title>`, the `<h1>`
area and every list, with the successor named and linked; the latest version of a
superseded document never called current; the summary under the title; dates as each
language writes them (pages and PDF covers); languages by name, never by code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import LANGUAGES, PROJECT, Build
from pdfcheck import page_texts
from readercheck import SOURCE, document_pages, html_pages, language_of, prefix, text_of
from sitecheck import page, resolve

from nisdocs.dates import format_date
from nisdocs.library import Library, LibraryConfig, load_library
from nisdocs.model import Document
from nisdocs.standing import in_force, standing
from nisdocs.views import build_site, home_view
from nisdocs.vocabulary import ui_languages, ui_strings

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# -- standing: <title>, <h1> area ---------------------------------------------------


def test_flagged_documents_say_so_in_title_and_head(built_site: Build,
                                                    sample_library: Library) -> None:
    site = built_site.site
    flagged = 0
    for language, document, version, url in document_pages(sample_library):
        ui = ui_strings(language)
        soup = page(site, url)
        title = text_of(soup.title)
        head = soup.select_one(".nisdocs-head")
        assert head is not None and head.h1 is not None, url
        key = standing(document, version)
        flagged_labels = [ui["statuses"][k] for k in ("superseded", "withdrawn", "draft")]
        if key is None:
            assert not any(f"({label})" in title for label in flagged_labels), url
            continue
        flagged += 1
        label = ui["statuses"][key]
        assert f"({label})" in title, (url, title)
        badges = [text_of(b) for b in head.select(f".nisdocs-status--{key}")]
        assert label in badges, (url, text_of(head))
        if key == "superseded":
            links = {resolve(site, url, a["href"]) for a in head.select(".nisdocs-successors a")}
            assert links == {site / prefix(language) / f"library/{s.lower()}/index.html"
                             for s in document.superseded_by}, url
    assert flagged >= 2 * len(LANGUAGES)  # NCG-0002 (superseded), NCG-0012 (withdrawn)


def test_latest_version_of_a_document_not_in_force_is_not_called_current(
        built_site: Build, sample_library: Library) -> None:
    for language, document, version, url in document_pages(sample_library):
        if version is not document.current:
            continue
        ui = ui_strings(language)["document"]
        soup = page(built_site.site, url)
        said = text_of(soup.select_one(".nisdocs-details")) + text_of(
            soup.select_one(".nisdocs-head")) + text_of(soup.select_one(".nisdocs-history"))
        if in_force(document):
            assert ui["current"] in said, url
        else:
            assert ui["current"] not in said, (url, said)
            assert ui["latest"] in said, url


def test_summary_is_shown_under_the_title(built_site: Build, sample_library: Library) -> None:
    for language, _document, version, url in document_pages(sample_library):
        text = version.text(language, SOURCE)
        summary = page(built_site.site, url).select_one(".nisdocs-head .nisdocs-head__summary")
        assert summary is not None, url
        assert text_of(summary) == " ".join(text.summary.split()), url
        assert summary["lang"] == text.language


# -- standing in every list ---------------------------------------------------------


def check_row(site: Path, url: str, row: Tag, document: Document, language: str) -> None:
    """A listed document in force shows no flag; one superseded or withdrawn shows its
    status, and a superseded one names and links its successor."""
    key = standing(document, document.current)
    said = text_of(row)
    if key is None:
        assert not row.select(".nisdocs-successors"), (url, said)
        return
    assert ui_strings(language)["statuses"][key] in said, (url, said)
    if key == "superseded":
        links = {resolve(site, url, a["href"]) for a in row.select(".nisdocs-successors a")}
        assert links == {site / prefix(language) / f"library/{s.lower()}/index.html"
                         for s in document.superseded_by}, (url, said)
        assert all(s in said for s in document.superseded_by), (url, said)


def listed_rows(soup: BeautifulSoup, kind: str) -> list[Tag]:
    """The documents a list page lists: the home page's latest, an article's citing
    documents, or the rows of a table of documents (library, topics, downloads)."""
    if kind == "":
        return list(soup.select(".nisdocs-latest li"))
    if kind.startswith("legislation/"):
        return list(soup.select(".nisdocs-backlinks > li"))
    return list(soup.select("table.nisdocs-cards tbody tr[data-id]"))


def test_every_list_flags_superseded_and_withdrawn_documents(
        built_site: Build, sample_library: Library) -> None:
    site = built_site.site
    checked: dict[str, int] = {}
    for url, soup in html_pages(site):
        language = language_of(url)
        kind = url.removeprefix(prefix(language))
        is_list = (kind in ("", "library/", "downloads/") or kind.startswith("topics/")
                   or re.fullmatch(r"legislation/[^/]+/article-\d+/", kind))
        if not is_list:
            continue
        rows = listed_rows(soup, kind)
        for row in rows:
            doc_id = row.get("data-id") or text_of(row.select_one("code"))
            check_row(site, url, row, sample_library.documents[str(doc_id)], language)
            checked[kind.split("/")[0]] = checked.get(kind.split("/")[0], 0) + 1
    assert set(checked) >= {"", "library", "downloads", "topics", "legislation"}, checked


def test_drafts_are_flagged_in_the_preview() -> None:
    """Drafts are only in previews (NISDOCS_DRAFTS): their views carry the flag."""
    library = load_library(LibraryConfig(PROJECT, LANGUAGES, include_drafts=True))
    site = build_site(library)
    draft = site.pages["library/ncg-0013/index.md"].view
    assert draft["standing"] == "draft" and draft["standing_label"] == "Draft"
    rows = site.pages["library/index.md"].view["documents"]
    assert {row["id"]: row["standing"] for row in rows}["NCG-0013"] == "draft"
    latest = home_view(library, "fr")["latest"]
    assert any(entry["standing"] == "draft" for entry in latest)


# -- dates --------------------------------------------------------------------------


@pytest.mark.parametrize("language", ui_languages())
def test_dates_have_month_names_in_every_eu_language(language: str) -> None:
    written = format_date("2025-06-03", language)
    assert not ISO_DATE.search(written) and "2025" in written and "3" in written
    assert format_date("2025-06-03", language) != format_date("2025-07-03", language)
    assert re.search(r"[^\W\d_]{3,}", written), written  # a month's name, not a number


def test_dates_are_written_in_the_readers_language(built_site: Build) -> None:
    """Every <time> of every page shows the date as the page's language writes it, and
    keeps the ISO date in `datetime`."""
    seen = 0
    for url, soup in html_pages(built_site.site):
        language = language_of(url)
        # What-changed pages (changes.html, changes_page's view) are not converted yet.
        if "/changes/" in url:
            continue
        for time in soup.find_all("time"):
            iso = time.get("datetime")
            if not iso or not ISO_DATE.fullmatch(str(iso)):
                continue
            seen += 1
            written = " ".join(format_date(str(iso), language).split())
            assert text_of(time) == written, (url, text_of(time))
    assert seen > 500


def test_pdf_covers_write_dates_in_their_language(built_site: Build,
                                                  sample_library: Library) -> None:
    site = built_site.site
    pdfs = sorted(site.glob("library/*/*/*.pdf"))
    assert pdfs
    for path in pdfs:
        document = sample_library.documents[path.parent.parent.name.upper()]
        version = next(v for v in document.versions if v.version == path.parent.name)
        language = path.stem.rsplit("-", 1)[1]
        cover = page_texts(path)[0]
        assert " ".join(format_date(version.date, language).split()) in cover, (path, cover)
        assert version.date not in cover, path


# -- language names -----------------------------------------------------------------


def test_languages_are_listed_by_name(built_site: Build) -> None:
    """The library's and topics' languages column, and the version history's PDFs."""
    site = built_site.site
    codes = set(ui_strings(SOURCE)["language_names"])
    checked = 0
    for url, soup in html_pages(site):
        language = language_of(url)
        names = ui_strings(language)["language_names"]
        for cell in soup.select("table.nisdocs-documents tbody td:last-child"):
            listed = [text_of(span) for span in cell.select("[data-language]")]
            assert listed == [names[span["data-language"]]
                              for span in cell.select("[data-language]")], url
            assert not set(re.split(r"[,\s]+", text_of(cell))) & codes, (url, text_of(cell))
            checked += 1
        for link in soup.select(".nisdocs-history a[type='application/pdf']"):
            assert text_of(link) == ui_strings(str(link["hreflang"]))["language_name"], url
    assert checked


def test_a_notice_and_its_link_read_as_two_words(built_site: Build) -> None:
    """A notice's link ("superseded ... for reference. Guideline on ...") is its own
    word, on every page: no "reference.Guideline"."""
    linked = 0
    for url, soup in html_pages(built_site.site):
        for link in soup.select(".nisdocs-notice p > a"):
            before = link.previous_sibling
            assert isinstance(before, str) and before[-1:].isspace(), (url, str(link.parent))
            linked += 1
    assert linked > 0
