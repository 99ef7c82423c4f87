"""Integration: a real `mkdocs build --strict` of the sample library, read back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import LANGUAGES, PROJECT, Build
from sitecheck import links_of, page, redirect_target, resolve

from nisdocs.library import Library, LibraryConfig, load_library
from nisdocs.vocabulary import ui_strings

OTHER_LANGUAGES = LANGUAGES[1:]


def prefix(language: str) -> str:
    return "" if language == "en" else f"{language}/"


def notices(site: Path, url: str) -> dict[str, str]:
    return {n["data-nisdocs-notice"]: n.get_text(" ", strip=True)
            for n in page(site, url).select("[data-nisdocs-notice]")}


def test_the_build_logs_no_warning(built_site: Build) -> None:
    assert not re.search(r"^(WARNING|ERROR)\s+-", built_site.output, re.MULTILINE)
    shown = len(load_library(LibraryConfig(PROJECT, LANGUAGES)).documents)
    assert f"nisdocs: {shown} documents" in built_site.output


def test_the_root_404_page_is_in_the_source_language(built_site: Build) -> None:
    # Every language's build used to write it over the last; now only the first does.
    html = BeautifulSoup((built_site.site / "404.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert html.html is not None and html.html["lang"] == "en"
    assert html.title is not None and "NIS Cooperation Group" in html.title.get_text()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_exists_in_every_language(built_site: Build, sample_library: Library,
                                             language: str) -> None:
    site = built_site.site
    urls = ["", "about/", "library/", "topics/", "legislation/", "legislation/nis2/",
            "legislation/nis2/article-23/", "topics/incident-reporting/"]
    for document in sample_library.documents.values():
        urls.append(f"library/{document.slug}/")
        urls += [f"library/{document.slug}/{v.version}/" for v in document.versions]
    for url in urls:
        path = site / prefix(language) / url / "index.html"
        assert path.is_file(), path
    html = page(site, f"{prefix(language)}library/").html
    assert html is not None and html["lang"] == language


def test_every_internal_link_resolves(built_site: Build) -> None:
    site = built_site.site
    checked = 0
    for path in site.rglob("*.html"):
        url = path.parent.relative_to(site).as_posix()
        url = "" if url == "." else url + "/"
        for href in links_of(path.read_text(encoding="utf-8")):
            if re.match(r"^(https?:|mailto:|#|data:)", href) or path.name != "index.html":
                continue
            assert resolve(site, url, href).exists(), f"{url}: broken link {href}"
            checked += 1
    assert checked > 5_000


def test_nothing_is_loaded_from_other_hosts(built_site: Build) -> None:
    for path in built_site.site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in html, path
        for tag in re.findall(r"<(?:script|link|img)\b[^>]*>", html):
            if "rel=\"alternate\"" in tag or "rel=\"canonical\"" in tag:
                continue
            assert not re.search(r"(src|href)=\"(https?:)?//", tag), f"{path}: {tag}"


# -- document pages ------------------------------------------------------------


def test_document_details_panel(built_site: Build) -> None:
    details = page(built_site.site, "library/ncg-0003/").select_one(".nisdocs-details")
    assert details is not None
    text = details.get_text(" ", strip=True)
    for expected in ("NCG-0003", "Guideline", "Published", "1.1", "3 June 2025",
                     "Incident reporting", "NIS2 Art. 23(4)(a)", "Supersedes"):
        assert expected in text, expected
    topic = details.select_one('a[href$="topics/incident-reporting/"]')
    assert topic is not None
    supersedes = details.select(".nisdocs-doc-links--supersedes a")
    assert [a.code.get_text() for a in supersedes] == ["NCG-0002"]
    languages = {li.select_one("[lang]")["lang"]: li["data-state"]
                 for li in details.select(".nisdocs-languages li")}
    assert languages == {"en": "source", "fr": "current", "de": "current", "el": "current",
                         "bg": "outdated"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_legal_references_link_eurlex_in_the_readers_language(built_site: Build,
                                                              language: str) -> None:
    details = page(built_site.site, f"{prefix(language)}library/ncg-0003/")
    hrefs = [a["href"] for a in details.select(".nisdocs-references .nisdocs-eurlex")]
    assert (f"https://eur-lex.europa.eu/legal-content/{language.upper()}/TXT/HTML/"
            "?uri=CELEX:32022L2555#art_23") in hrefs
    body_links = [a["href"] for a in details.select(".nisdocs-text a[href*='eur-lex']")]
    assert body_links and all(f"/legal-content/{language.upper()}/" in h for h in body_links)


def test_superseded_by_is_computed(built_site: Build) -> None:
    doc = page(built_site.site, "fr/library/ncg-0002/")
    links = doc.select(".nisdocs-doc-links--superseded_by a")
    assert [a.code.get_text() for a in links] == ["NCG-0003"]
    banner = doc.select_one('[data-nisdocs-notice="superseded"]')
    assert banner is not None and "remplacé" in banner.get_text()
    successor = banner.select_one("a")
    assert successor is not None
    assert resolve(built_site.site, "fr/library/ncg-0002/", successor["href"]) == (
        built_site.site / "fr/library/ncg-0003/index.html")


def test_withdrawn_banner(built_site: Build) -> None:
    assert "withdrawn" in notices(built_site.site, "library/ncg-0012/")
    assert "zurückgezogen" in notices(built_site.site, "de/library/ncg-0012/")["withdrawn"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_earlier_version_has_a_stable_url_and_a_banner(built_site: Build,
                                                       language: str) -> None:
    url = f"{prefix(language)}library/ncg-0001/1.0/"
    banner = page(built_site.site, url).select_one('[data-nisdocs-notice="archived"]')
    assert banner is not None
    assert "1.0" in banner.get_text() and "2.0" in banner.get_text()
    link = banner.select_one("a")
    assert link is not None
    assert resolve(built_site.site, url, link["href"]) == (
        built_site.site / f"{prefix(language)}library/ncg-0001/index.html")


def test_version_history_links_every_version(built_site: Build) -> None:
    url = "el/library/ncg-0005/"
    rows = page(built_site.site, url).select(".nisdocs-history tbody tr")
    assert [row.th.get_text(strip=True) for row in rows] == ["2.0", "1.0"]
    earlier = rows[1].select_one("a")
    assert earlier is not None
    assert resolve(built_site.site, url, earlier["href"]) == (
        built_site.site / "el/library/ncg-0005/1.0/index.html")


@pytest.mark.parametrize("language", LANGUAGES)
def test_short_url_leads_to_the_current_version(built_site: Build, language: str) -> None:
    site = built_site.site
    assert redirect_target(site, f"{prefix(language)}id/ncg-0003/") == (
        f"{prefix(language)}library/ncg-0003/")
    # The current version's own version URL is citable from the day it is published.
    assert redirect_target(site, f"{prefix(language)}library/ncg-0003/1.1/") == (
        f"{prefix(language)}library/ncg-0003/")


def test_fallback_notice_in_the_readers_language(built_site: Build) -> None:
    site = built_site.site
    expected = {
        "fr": "Ce document n'est pas disponible en français",
        "de": "Dieses Dokument ist nicht auf Deutsch verfügbar",
        "el": "Αυτό το έγγραφο δεν είναι διαθέσιμο στα ελληνικά",
        "bg": "Този документ не е наличен на български",
    }
    for language, sentence in expected.items():
        url = f"{language}/library/ncg-0007/"
        assert sentence in notices(site, url)["fallback"]
        text = page(site, url).select_one(".nisdocs-text")
        assert text is not None and text["lang"] == "en"
    assert "fallback" not in notices(site, "fr/library/ncg-0003/")
    assert notices(site, "library/ncg-0007/") == {}


def test_outdated_translation_names_both_versions(built_site: Build) -> None:
    notice = notices(built_site.site, "bg/library/ncg-0003/")["outdated"]
    assert "версия 1.0" in notice and "версия 1.1" in notice
    text = page(built_site.site, "bg/library/ncg-0003/").select_one(".nisdocs-text")
    assert text is not None and text["lang"] == "bg"
    assert "outdated" not in notices(built_site.site, "el/library/ncg-0003/")


def test_id_links_lead_to_the_document_in_the_readers_language(built_site: Build) -> None:
    site = built_site.site
    url = "de/library/ncg-0003/"
    targets = {resolve(site, url, a["href"])
               for a in page(site, url).select(".nisdocs-text a")
               if "ncg-0002" in a["href"]}
    assert targets == {site / "de/library/ncg-0002/index.html"}


def test_language_switcher_leads_to_the_same_document(built_site: Build) -> None:
    site = built_site.site
    url = "library/ncg-0005/"
    switcher = {a["hreflang"]: a["href"] for a in page(site, url).select(".md-select__link")}
    assert set(switcher) == set(LANGUAGES)
    for language, href in switcher.items():
        assert resolve(site, url, href) == site / prefix(language) / url / "index.html"


def test_edit_link_points_to_the_source(built_site: Build) -> None:
    def edit(url: str) -> str:
        link = page(built_site.site, url).select_one("a[rel=edit]")
        assert link is not None
        return str(link["href"])

    assert edit("fr/library/ncg-0003/").endswith("/guidelines/ncg-0003/index.fr.md")
    assert edit("fr/library/ncg-0007/").endswith("/guidelines/ncg-0007/index.md")
    assert edit("library/ncg-0001/1.0/").endswith("/guidelines/ncg-0001/1.0/index.md")
    assert edit("el/about/").endswith("/docs/about.el.md")


def test_drafts_are_left_out(built_site: Build) -> None:
    assert not (built_site.site / "library/ncg-0013").exists()
    assert "NCG-0013" not in (built_site.site / "library/index.html").read_text()


# -- listings --------------------------------------------------------------------


def test_library_index_lists_every_public_document(built_site: Build,
                                                   sample_library: Library) -> None:
    rows = page(built_site.site, "el/library/").select(".nisdocs-documents tbody tr")
    assert {row["data-id"] for row in rows} == set(sample_library.documents)
    dates = [row.time["datetime"] for row in rows]
    assert dates == sorted(dates, reverse=True)


def test_topic_page_lists_its_documents(built_site: Build, sample_library: Library) -> None:
    rows = page(built_site.site, "fr/topics/incident-reporting/").select("tbody tr")
    assert {row["data-id"] for row in rows} == {
        doc_id for doc_id, document in sample_library.documents.items()
        if "incident-reporting" in document.current.topics}
    assert {"NCG-0002", "NCG-0003"} <= {row["data-id"] for row in rows}
    title = page(built_site.site, "fr/topics/incident-reporting/").h1
    assert title is not None and title.get_text() == "Notification des incidents"


def test_act_page_counts_citing_documents(built_site: Build) -> None:
    act = page(built_site.site, "legislation/nis2/")
    counts = {int(row["data-article"]): int(row["data-count"])
              for row in act.select("tr[data-article]")}
    assert len(counts) == 46
    assert counts[23] == 2  # NCG-0003 and NCG-0011
    assert counts[47 - 1] == 0
    assert act.select_one("#chapter-iv") is not None


def test_article_page_lists_the_citing_documents_and_versions(built_site: Build) -> None:
    url = "bg/legislation/nis2/article-23/"
    article = page(built_site.site, url)
    versions = {(li.find_parent("li", attrs={"data-id": True})["data-id"], li["data-version"])
                for li in article.select("li[data-version]")}
    assert versions == {("NCG-0003", "1.1"), ("NCG-0003", "1.0"), ("NCG-0011", "1.0")}
    eurlex = article.select_one(".nisdocs-eurlex[href*='#art_23']")
    assert eurlex is not None and "/legal-content/BG/" in eurlex["href"]
    h1 = article.h1
    assert h1 is not None and "Reporting obligations" in h1.get_text()


def test_home_page_shows_the_latest_publications(built_site: Build) -> None:
    latest = page(built_site.site, "de/").select(".nisdocs-latest li a")
    assert len(latest) == 6
    assert latest[0]["href"].endswith("library/ncg-0005/")


# -- accessibility statement and legal notice -----------------------------------------


LEGAL_PAGES = ("accessibility/", "legal-notice/")


@pytest.mark.parametrize("language", LANGUAGES)
def test_legal_pages_exist_in_every_language(built_site: Build, language: str) -> None:
    titles = set()
    for url in LEGAL_PAGES:
        html = page(built_site.site, f"{prefix(language)}{url}")
        assert html.html is not None and html.html["lang"] == language, url
        assert not html.select("[data-nisdocs-notice=fallback]"), url  # translated
        h1 = html.select_one("article h1")
        assert h1 is not None
        titles.add(h1.get_text(strip=True))
    assert len(titles) == 2


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("url", ["", "library/ncg-0003/"])
def test_footer_links_lead_to_the_legal_pages_in_the_readers_language(
        built_site: Build, language: str, url: str) -> None:
    site = built_site.site
    from_url = f"{prefix(language)}{url}"
    links = page(site, from_url).select(".md-footer .md-copyright nav a")
    assert [link.get_text(strip=True) for link in links] == [
        ui_strings(language)["footer"][key] for key in ("accessibility", "legal_notice")]
    for link, target in zip(links, LEGAL_PAGES, strict=True):
        assert resolve(site, from_url, link["href"]) == (
            site / f"{prefix(language)}{target}index.html")


@pytest.mark.parametrize("url", ["library/", "el/downloads/", "fr/translations/"])
def test_wide_tables_get_the_navigation_sidebars_room(built_site: Build, url: str) -> None:
    sidebar = page(built_site.site, url).find("div", class_="md-sidebar--primary")
    assert sidebar.has_attr("hidden")
    assert not page(built_site.site, "topics/").find(
        "div", class_="md-sidebar--primary").has_attr("hidden")
