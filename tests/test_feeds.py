"""The Atom feeds, the sitemaps' language alternates and catalogue.jsonld (DCAT-AP)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from conftest import LANGUAGES, Build, TinyLibrary, mkdocs_yml, source_text
from sitecheck import page, resolve

from nisdocs.dcat import CONTEXT, build_dcat, dcat_catalogue, language_uri
from nisdocs.feeds import MAX_ENTRIES, atom_feed, feed_entries
from nisdocs.library import Library
from nisdocs.pdf.files import PdfFile, PdfSet
from nisdocs.urls import Urls

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
SITE_URL: str = mkdocs_yml()["site_url"]  # what the built site was built with
URLS = Urls("en")
RFC3339_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}T00:00:00Z$")


def prefix(language: str) -> str:
    return URLS.prefix(language)


def site_names() -> dict[str, str]:
    """The site's name per language, as mkdocs.yml sets it."""
    config = mkdocs_yml()
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    names = {lang["locale"]: lang.get("site_name") for lang in i18n["languages"]}
    return {lang: names.get(lang) or config["site_name"] for lang in LANGUAGES}


def local(site: Path, url: str) -> Path:
    """The built file an absolute URL under `site_url` names."""
    assert url.startswith(SITE_URL), url
    path = site / url[len(SITE_URL):].split("#")[0]
    return path / "index.html" if url.endswith("/") or path.is_dir() else path


def parse_feed(data: bytes) -> ET.Element:
    root = ET.fromstring(data)
    assert root.tag == f"{ATOM}feed"
    return root


# -- the feeds, on small libraries ---------------------------------------------------


def test_feed_lists_versions_newest_first(tiny: TinyLibrary) -> None:
    tiny.write("ncg-0002/index.md", source_text("NCG-0002", version='"1.1"', date="2024-09-01"))
    tiny.write("ncg-0002/1.0/index.md", source_text("NCG-0002", date="2024-05-02"))
    library, problems = tiny.scan()
    assert problems == []
    feed = parse_feed(atom_feed(library, "fr", "https://example.eu/lib/"))
    assert feed.get(XML_LANG) == "fr"
    entries = feed.findall(f"{ATOM}entry")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    # Same date: the higher id first.
    assert titles == ["NCG-0002 1.1: Title of NCG-0002", "NCG-0002 1.0: Title of NCG-0002",
                      "NCG-0001 1.0: Titre"]
    links = [e.find(f"{ATOM}link").get("href") for e in entries]  # type: ignore[union-attr]
    assert links == ["https://example.eu/lib/fr/library/ncg-0002/",
                     "https://example.eu/lib/fr/library/ncg-0002/1.0/",
                     "https://example.eu/lib/fr/library/ncg-0001/"]
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert ids == ["https://example.eu/lib/fr/library/ncg-0002/1.1/",
                   "https://example.eu/lib/fr/library/ncg-0002/1.0/",
                   "https://example.eu/lib/fr/library/ncg-0001/1.0/"]
    assert [e.findtext(f"{ATOM}updated") for e in entries] == [
        "2024-09-01T00:00:00Z", "2024-05-02T00:00:00Z", "2024-05-02T00:00:00Z"]
    assert feed.findtext(f"{ATOM}updated") == "2024-09-01T00:00:00Z"
    # NCG-0002 has no French text: its entries say they are in English.
    assert [e.get(XML_LANG) for e in entries] == ["en", "en", None]
    assert entries[2].findtext(f"{ATOM}summary") == "À quoi il sert."
    category = entries[2].find(f"{ATOM}category")
    assert category is not None
    assert (category.get("term"), category.get("label")) == (
        "incident-reporting", "Notification des incidents")
    assert feed.findtext(f"{ATOM}author/{ATOM}name")


def test_feed_is_capped_and_leaves_drafts_out(tiny: TinyLibrary) -> None:
    for number in range(3, MAX_ENTRIES + 5):
        doc_id = f"NCG-{number:04d}"
        tiny.write(f"{doc_id.lower()}/index.md", source_text(doc_id))
    tiny.write("ncg-0099/index.md", source_text("NCG-0099", status="draft",
                                                date="2026-10-01"))
    library, problems = tiny.scan(drafts=True)
    assert problems == []
    assert "NCG-0099" in library.documents
    entries = parse_feed(atom_feed(library, "en", "https://example.eu/")).findall(
        f"{ATOM}entry")
    assert len(entries) == MAX_ENTRIES
    assert not any("NCG-0099" in (e.findtext(f"{ATOM}title") or "") for e in entries)
    dcat = build_dcat(library, None, "https://example.eu/")
    assert "NCG-0099" not in {d["dct:identifier"] for d in dcat["dcat:dataset"]}


def test_feed_and_catalogue_are_reproducible(tiny: TinyLibrary) -> None:
    library, _ = tiny.scan()
    assert atom_feed(library, "en", "https://example.eu") == atom_feed(
        library, "en", "https://example.eu/")
    assert dcat_catalogue(library, None, "https://example.eu/") == dcat_catalogue(
        library, None, "https://example.eu/")


def test_empty_feed_is_valid(tmp_path: Path) -> None:
    tiny = TinyLibrary(tmp_path)
    tiny.write("topics.yml", "incident-reporting: {en: Incident reporting, fr: Incidents}\n")
    library, problems = tiny.scan()
    assert problems == [] and not library.documents
    feed = parse_feed(atom_feed(library, "en", "https://example.eu/"))
    assert feed.findall(f"{ATOM}entry") == []
    assert RFC3339_DAY.match(feed.findtext(f"{ATOM}updated") or "")


# -- the DCAT-AP catalogue, on small libraries -----------------------------------------


def test_dcat_dataset_of_a_small_library(tiny: TinyLibrary, tmp_path: Path) -> None:
    library, _ = tiny.scan()
    pdf = PdfFile("library/ncg-0001/1.0/ncg-0001-1.0-fr.pdf", "NCG-0001", "1.0", "fr",
                  tmp_path / "x.pdf", 1234)
    pdfs = PdfSet(files={pdf.url: pdf})
    data = build_dcat(library, pdfs, "https://example.eu/lib")
    assert data["@type"] == "dcat:Catalog"
    assert data["dct:issued"] == {"@value": "2024-05-02", "@type": "xsd:date"}
    datasets = {d["dct:identifier"]: d for d in data["dcat:dataset"]}
    assert list(datasets) == ["NCG-0001", "NCG-0002"]
    ncg1 = datasets["NCG-0001"]
    assert ncg1["dct:title"] == [{"@value": "Title of NCG-0001", "@language": "en"},
                                 {"@value": "Titre", "@language": "fr"}]
    assert ncg1["dct:language"] == [
        {"@id": "http://publications.europa.eu/resource/authority/language/ENG"},
        {"@id": "http://publications.europa.eu/resource/authority/language/FRA"}]
    assert ncg1["dcat:landingPage"] == {"@id": "https://example.eu/lib/library/ncg-0001/"}
    assert ncg1["dct:references"] == [{"@id": "http://data.europa.eu/eli/dir/2022/2555/oj"}]
    assert ncg1["owl:versionInfo"] == "1.0"
    kinds = [(d["dct:language"]["@id"][-3:], d["dct:format"]["@id"].rsplit("/", 1)[1])
             for d in ncg1["dcat:distribution"]]
    assert kinds == [("ENG", "HTML"), ("FRA", "HTML"), ("FRA", "PDF")]
    french_pdf = ncg1["dcat:distribution"][2]
    assert french_pdf["dcat:downloadURL"] == {
        "@id": "https://example.eu/lib/library/ncg-0001/1.0/ncg-0001-1.0-fr.pdf"}
    assert french_pdf["dcat:byteSize"] == {"@value": "1234", "@type": "xsd:nonNegativeInteger"}
    assert french_pdf["dcat:mediaType"] == {
        "@id": "http://www.iana.org/assignments/media-types/application/pdf"}
    # NCG-0002 has only its English text: one distribution.
    assert len(datasets["NCG-0002"]["dcat:distribution"]) == 1
    check_jsonld(data)


def test_language_uris() -> None:
    assert [language_uri(lang)[-3:] for lang in LANGUAGES] == ["ENG", "FRA", "DEU", "ELL",
                                                               "BUL"]


# -- JSON-LD checked by hand (no network, no JSON-LD processor) ------------------------

KEYWORDS = {"@id", "@type", "@value", "@language"}
BCP47 = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")


def check_jsonld(data: dict[str, Any]) -> None:
    """The catalogue's shape: a local context of prefixes with the official namespace
    IRIs, every property a compact IRI on one of them, every node typed, every `@id` an
    absolute IRI, every literal either language-tagged or typed, never both."""
    assert data["@context"] == CONTEXT
    assert CONTEXT == {
        "dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
        "foaf": "http://xmlns.com/foaf/0.1/", "owl": "http://www.w3.org/2002/07/owl#",
        "xsd": "http://www.w3.org/2001/XMLSchema#", "vcard": "http://www.w3.org/2006/vcard/ns#",
    }
    body = {k: v for k, v in data.items() if k != "@context"}
    _check_node(body, top=True)


def _compact(term: str) -> None:
    prefix_, _, name = term.partition(":")
    assert prefix_ in CONTEXT and name and "/" not in name, term


def _check_node(node: Any, *, top: bool = False) -> None:
    if isinstance(node, list):
        for item in node:
            _check_node(item)
        return
    if isinstance(node, str):  # a plain literal (identifier, version)
        return
    assert isinstance(node, dict), node
    if "@value" in node:
        assert set(node) in ({"@value", "@language"}, {"@value", "@type"}), node
        assert isinstance(node["@value"], str)
        if "@language" in node:
            assert BCP47.match(node["@language"]), node
        else:
            _compact(node["@type"])
        return
    assert "@id" in node, node
    assert re.match(r"^https?://", node["@id"]), node
    if set(node) == {"@id"}:
        return  # a reference
    _compact(node["@type"])
    for key, value in node.items():
        if key in KEYWORDS:
            continue
        _compact(key)
        _check_node(value)


# -- the built sample site ----------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_built_feed(built_site: Build, sample_library: Library, language: str) -> None:
    path = built_site.site / URLS.feed(language)
    data = path.read_bytes()
    feed = parse_feed(data)
    assert feed.get(XML_LANG) == language
    assert feed.findtext(f"{ATOM}title", "").startswith(site_names()[language])
    assert feed.findtext(f"{ATOM}id") == SITE_URL + URLS.feed(language)
    entries = feed.findall(f"{ATOM}entry")
    expected = feed_entries(sample_library)
    assert len(entries) == len(expected) == min(MAX_ENTRIES, sum(
        len(d.versions) for d in sample_library.documents.values()))
    assert [e.findtext(f"{ATOM}title", "").split(":")[0] for e in entries] == [
        f"{item.document.id} {item.version.version}" for item in expected]
    dates = [e.findtext(f"{ATOM}updated", "") for e in entries]
    assert dates == sorted(dates, reverse=True)
    assert all(RFC3339_DAY.match(d) for d in dates)
    assert feed.findtext(f"{ATOM}updated") == dates[0]
    for entry in entries:
        for element in entry.findall(f"{ATOM}link"):
            assert local(built_site.site, element.get("href", "")).is_file()
        assert local(built_site.site, entry.findtext(f"{ATOM}id", "")).is_file()
        assert entry.findtext(f"{ATOM}summary")
        assert entry.findall(f"{ATOM}category")
    assert "NCG-0013" not in data.decode("utf-8")  # the draft
    # The file is what the module gives for the same sources, byte for byte.
    assert data == atom_feed(sample_library, language, SITE_URL,
                             site_name=site_names()[language])


@pytest.mark.parametrize("url", ["", "library/", "library/ncg-0003/", "library/ncg-0003/1.0/",
                                 "topics/", "about/"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_link_the_feed_of_their_language(built_site: Build, language: str,
                                               url: str) -> None:
    at = prefix(language) + url
    links = page(built_site.site, at).select('head link[rel="alternate"]'
                                             '[type="application/atom+xml"]')
    assert len(links) == 1
    assert links[0]["hreflang"] == language
    assert links[0]["title"].startswith(site_names()[language])
    assert resolve(built_site.site, at, links[0]["href"]) == (
        built_site.site / URLS.feed(language))


def test_sitemaps_list_every_document_page_with_its_alternates(
        built_site: Build, sample_library: Library) -> None:
    # sitemap.xml is the index of the sitemaps, one per language (tests/test_sitemaps.py).
    index = ET.parse(built_site.site / "sitemap.xml").getroot()
    assert index.tag == f"{SITEMAP}sitemapindex"
    alternates: dict[str, dict[str, str]] = {}
    for sitemap in index.findall(f"{SITEMAP}sitemap"):
        root = ET.parse(local(built_site.site, sitemap.findtext(f"{SITEMAP}loc", ""))).getroot()
        for url in root.findall(f"{SITEMAP}url"):
            loc = url.findtext(f"{SITEMAP}loc", "")
            alternates[loc] = {link.get("hreflang", ""): link.get("href", "")
                               for link in url.findall(f"{XHTML}link")
                               if link.get("rel") == "alternate"}
    pages = []
    for document in sample_library.documents.values():
        pages.append(URLS.document(document.id, "en"))
        pages += [URLS.version(document.id, v.version, "en") for v in document.earlier]
    assert len(pages) > len(sample_library.documents)
    for url in pages:
        expected = {lang: SITE_URL + prefix(lang) + url for lang in LANGUAGES}
        for language in LANGUAGES:
            loc = SITE_URL + prefix(language) + url
            assert alternates.get(loc) == expected, loc
        for href in expected.values():
            assert local(built_site.site, href).is_file()
    # Redirects (short links, a current version's own URL) are not pages to index.
    assert SITE_URL + "id/ncg-0003/" not in alternates
    assert SITE_URL + "fr/library/ncg-0003/1.1/" not in alternates
    # Every URL the sitemap gives is a built page, listed with itself among its alternates;
    # the alternates are reciprocal: each lists the same set of pages.
    for loc, links in alternates.items():
        assert local(built_site.site, loc).is_file(), loc
        assert loc in links.values() and set(links) <= set(LANGUAGES), loc
        for href in links.values():
            assert alternates.get(href) == links, (loc, href)


@pytest.fixture(scope="module")
def jsonld(built_site: Build) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((built_site.site / "catalogue.jsonld").read_text("utf-8"))
    return data


def test_built_catalogue_jsonld(jsonld: dict[str, Any], built_site: Build,
                                sample_library: Library) -> None:
    check_jsonld(jsonld)
    assert jsonld["@type"] == "dcat:Catalog"
    assert jsonld["dct:publisher"]["foaf:name"] == "NIS Cooperation Group"
    assert jsonld["dct:publisher"]["@type"] == "foaf:Agent"
    assert jsonld["foaf:homepage"] == {"@id": SITE_URL}
    assert [t["@language"] for t in jsonld["dct:title"]] == list(LANGUAGES)
    assert {t["@value"] for t in jsonld["dct:title"]} == set(site_names().values())
    assert [lang["@id"] for lang in jsonld["dct:language"]] == [
        language_uri(lang) for lang in LANGUAGES]
    catalogue = json.loads((built_site.site / "catalogue.json").read_text("utf-8"))
    datasets = jsonld["dcat:dataset"]
    assert [d["dct:identifier"] for d in datasets] == [d["id"] for d in catalogue["documents"]]
    dates = [v["date"] for d in catalogue["documents"] for v in d["versions"]]
    assert jsonld["dct:issued"]["@value"] == min(dates)
    assert jsonld["dct:modified"]["@value"] == max(dates)
    by_id = {d["id"]: d for d in catalogue["documents"]}
    pdf_count = 0
    for dataset in datasets:
        entry = by_id[dataset["dct:identifier"]]
        assert dataset["@type"] == "dcat:Dataset"
        assert dataset["owl:versionInfo"] == entry["version"]
        assert dataset["dct:modified"]["@value"] == entry["date"]
        assert dataset["dct:issued"]["@value"] == entry["versions"][-1]["date"]
        assert {t["@language"]: t["@value"] for t in dataset["dct:title"]} == entry["title"]
        assert local(built_site.site, dataset["dcat:landingPage"]["@id"]).is_file()
        current = entry["versions"][0]["languages"]
        assert len(dataset["dcat:distribution"]) == 2 * len(current)  # HTML and PDF each
        for distribution in dataset["dcat:distribution"]:
            assert distribution["@type"] == "dcat:Distribution"
            path = local(built_site.site, distribution["dcat:accessURL"]["@id"])
            assert path.is_file()
            kind = distribution["dct:format"]["@id"].rsplit("/", 1)[1]
            if kind == "PDF":
                pdf_count += 1
                assert distribution["dcat:downloadURL"] == distribution["dcat:accessURL"]
                assert int(distribution["dcat:byteSize"]["@value"]) == path.stat().st_size
                assert path.read_bytes().startswith(b"%PDF-")
            else:
                assert kind == "HTML"
                assert distribution["dcat:mediaType"]["@id"].endswith("/text/html")
    assert pdf_count == sum(len(d["versions"][0]["languages"]) for d in catalogue["documents"])
    ncg3 = next(d for d in datasets if d["dct:identifier"] == "NCG-0003")
    assert {"@id": "http://data.europa.eu/eli/dir/2022/2555/oj"} in ncg3["dct:references"]
    assert "NCG-0013" not in {d["dct:identifier"] for d in datasets}
