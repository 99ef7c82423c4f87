"""Texts that exist only as PDFs, everywhere a document appears in the built site.

Every test enumerates the PDF texts of the sample library (never a list written with
the samples): each is published byte for byte, its page shows its extracted text, and
it appears in the listings, the downloads and their ZIPs, the catalogues, the feeds, the
translations matrix, `nisdocs status` and, when untagged, the accessibility statement.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import LANGUAGES, PROJECT, Build
from sitecheck import page, resolve

from nisdocs.born_pdf.extract import extract_text
from nisdocs.library import Library, LibraryConfig, load_library
from nisdocs.model import Document, PdfText, Version
from nisdocs.urls import Urls
from nisdocs.views.pdf_texts import pdf_texts_of
from nisdocs.vocabulary import ui_strings

URLS = Urls("en")
TEXTS = ("document", "version")


def pdf_texts(library: Library) -> Iterator[tuple[Document, Version, str, PdfText]]:
    """Every PDF text of `library`: its document, version and language."""
    for document in library.documents.values():
        for version in document.versions:
            for language, pdf in pdf_texts_of(version, library.source_language):
                yield document, version, language, pdf


def readers_of(library: Library, version: Version, language: str) -> list[str]:
    """The languages whose pages show the text of `version` in `language`."""
    return [code for code in LANGUAGES
            if version.text(code, library.source_language).language == language]


def test_the_samples_have_every_kind_of_pdf_text(sample_library: Library) -> None:
    """The issue's samples exist: tagged and untagged, an earlier version of a Markdown
    document, a translation that exists only as a PDF (of a PDF and of Markdown)."""
    found = list(pdf_texts(sample_library))
    assert {pdf.facts.tagged for *_, pdf in found} == {True, False}
    assert any(version is not document.current and document.current.source.pdf is None
               for document, version, _, _ in found)
    translations = [(version, language) for _, version, language, _ in found
                    if language != sample_library.source_language]
    assert {version.source.pdf is None for version, _ in translations} == {True, False}


def test_every_pdf_text_is_published_byte_for_byte(built_site: Build,
                                                   sample_library: Library) -> None:
    for document, version, language, pdf in pdf_texts(sample_library):
        published = built_site.site / URLS.pdf(document.id, version.version, language)
        assert published.read_bytes() == (PROJECT / pdf.path).read_bytes(), published
        # Nor is it served a second time as a file of the document's folder.
        assert not (built_site.site / "library" / pdf.path.split("/", 2)[2]).exists()


def test_every_page_of_a_pdf_text_shows_its_text_and_facts(built_site: Build,
                                                           sample_library: Library) -> None:
    for document, version, language, pdf in pdf_texts(sample_library):
        extracted = extract_text(PROJECT / pdf.path)
        assert extracted.readable, pdf.path  # the samples are clean: shown in full
        for reader in readers_of(sample_library, version, language):
            ui = ui_strings(reader)
            html = page(built_site.site, URLS.page_of(document, version, reader))
            shown = html.select_one(".nisdocs-pdf-text")
            assert shown is not None, (pdf.path, reader)
            assert shown["lang"] == reader
            text = shown.find("div", lang=True)
            assert text is not None and text["lang"] == language
            paragraphs = [p.get_text() for p in text.find_all("p")]
            assert paragraphs == [p for page_text in extracted.pages
                                  for p in page_text.paragraphs]
            assert {h["lang"] for h in shown.select("h3")} == {reader}
            headings = [h.get_text() for h in shown.select("h3")]
            assert headings == [ui["pdf_text"]["page"].format(number=n)
                                for n in range(1, len(extracted.pages) + 1)]
            # An untagged PDF's page says where its accessible form is: this page.
            untagged = shown.select_one(".nisdocs-pdf-text__untagged a[href]")
            assert (untagged is not None) is not pdf.facts.tagged, (pdf.path, reader)
            if untagged is not None:
                url = URLS.page_of(document, version, reader)
                target = resolve(built_site.site, url, untagged["href"])
                assert target == built_site.site / f"{URLS.prefix(reader)}accessibility" \
                    / "index.html", (pdf.path, reader)
            # Around the text, what every document page has: details, versions, citation.
            for part in (".nisdocs-details", ".nisdocs-history", ".nisdocs-cite"):
                assert html.select_one(part) is not None, (part, pdf.path, reader)
            pdf_url = URLS.pdf(document.id, version.version, language)
            assert any(a["href"].endswith(pdf_url.rsplit("/", 1)[1])
                       for a in html.select(".nisdocs-pdfs a[href]")), (pdf.path, reader)


def test_no_comparison_of_versions_is_offered_across_a_pdf(built_site: Build,
                                                           sample_library: Library) -> None:
    for document, version, language, _ in pdf_texts(sample_library):
        if language != sample_library.source_language:
            continue
        for other in document.public_versions:
            if other is version:
                continue
            old, new = sorted((other, version), key=lambda v: v.date)
            changes = built_site.site / URLS.changes(document.id, old.version, new.version,
                                                    "en")
            assert not changes.exists(), changes


def test_listings_show_documents_of_pdf_texts(built_site: Build,
                                              sample_library: Library) -> None:
    """The library index, each topic's page and each cited article's page list the
    document whose current text is a PDF, in every language."""
    for document in sample_library.documents.values():
        current = document.current
        if not any(True for _ in pdf_texts_of(current, sample_library.source_language)):
            continue
        link = f"library/{document.slug}/"
        for language in LANGUAGES:
            prefix = URLS.prefix(language)
            places = [URLS.library(language),
                      *(URLS.topic(topic, language) for topic in current.topics)]
            for reference in current.references:
                act = sample_library.registry.acts[reference.act]
                places.append(URLS.article(act.slug, reference.article, language))
            for place in places:
                hrefs = [a["href"] for a in page(built_site.site, place).select("a[href]")]
                depth = place.count("/")
                assert ("../" * depth + prefix + link) in hrefs or any(
                    href.rstrip("/").endswith(f"library/{document.slug}") for href in hrefs), (
                    document.id, place)


def test_downloads_and_zips_carry_the_pdfs_as_they_are(built_site: Build,
                                                       sample_library: Library) -> None:
    for document, version, language, pdf in pdf_texts(sample_library):
        if version is not document.current:
            continue
        name = URLS.pdf(document.id, version.version, language).rsplit("/", 1)[1]
        for reader in LANGUAGES:
            hrefs = [a["href"] for a in
                     page(built_site.site, URLS.downloads(reader)).select("a[href]")]
            assert any(href.endswith(name) for href in hrefs), (name, reader)
        with zipfile.ZipFile(built_site.site / URLS.bundle(language)) as archive:
            assert archive.read(name) == (PROJECT / pdf.path).read_bytes()


def test_catalogues_describe_the_pdf_as_the_original(built_site: Build,
                                                     sample_library: Library) -> None:
    catalogue = json.loads((built_site.site / "catalogue.json").read_text("utf-8"))
    entries = {entry["id"]: entry for entry in catalogue["documents"]}
    dcat = json.loads((built_site.site / "catalogue.jsonld").read_text("utf-8"))
    datasets = {d["dct:identifier"]: d for d in dcat["dcat:dataset"]}
    for document, version, language, pdf in pdf_texts(sample_library):
        versions = {v["version"]: v for v in entries[document.id]["versions"]}
        entry = versions[version.version]["languages"][language]
        assert entry["format"] == "pdf"
        assert entry["pdf"]["original"] is True
        assert entry["pdf"]["tagged"] is pdf.facts.tagged
        assert entry["pdf"]["size"] == pdf.facts.size
        if version is document.current:
            url = URLS.pdf(document.id, version.version, language)
            distribution = next(d for d in datasets[document.id]["dcat:distribution"]
                                if "dcat:downloadURL" in d
                                and d["dcat:downloadURL"]["@id"].endswith(url))
            assert distribution["dcat:mediaType"]["@id"].endswith("application/pdf")
            assert distribution["dcat:byteSize"]["@value"] == str(pdf.facts.size)
    for document in sample_library.documents.values():
        for version in document.versions:
            for language, entry in next(
                    v for v in entries[document.id]["versions"]
                    if v["version"] == version.version)["languages"].items():
                if version.text(language, "en").source.pdf is None:
                    assert entry["format"] == "markdown"
                    assert entry["pdf"]["original"] is False


def test_feeds_list_the_versions_of_pdf_texts(built_site: Build,
                                              sample_library: Library) -> None:
    for document, version, _, _ in pdf_texts(sample_library):
        for language in LANGUAGES:
            feed = (built_site.site / URLS.feed(language)).read_text("utf-8")
            stable = URLS.version(document.id, version.version, language)
            assert f"{stable}</id>" in feed, (document.id, version.version, language)


def test_translations_matrix_and_status_count_pdf_translations(
        built_site: Build, sample_library: Library) -> None:
    status = subprocess.run([sys.executable, "-m", "nisdocs.cli", "status", "--format",
                             "json"], cwd=PROJECT, capture_output=True, text=True, check=True)
    rows = {row["id"]: row for row in json.loads(status.stdout)["documents"]}
    matrix = page(built_site.site, URLS.translations("en"))
    found = 0
    for document, version, language, pdf in pdf_texts(sample_library):
        if version is not document.current or language == sample_library.source_language:
            continue
        found += 1
        cell = rows[document.id]["translations"][language]
        assert (cell["state"], cell["pdf"]) == ("current", pdf.path)
        row = next(tr for tr in matrix.select("tr") if document.id in tr.get_text())
        assert row.select_one(f'[data-language="{language}"]')["data-state"] == "current"
    assert found


def test_the_accessibility_statement_lists_every_untagged_pdf(
        built_site: Build, sample_library: Library) -> None:
    untagged = {(document.id, version.version, language)
                for document, version, language, pdf in pdf_texts(sample_library)
                if not pdf.facts.tagged and version in document.public_versions}
    assert untagged  # the samples have one
    for reader in LANGUAGES:
        html = page(built_site.site, f"{URLS.prefix(reader)}accessibility/")
        text = html.get_text(" ")
        listed = set()
        for document, version, language, _ in pdf_texts(sample_library):
            ui = ui_strings(reader)
            if re.search(rf"\({document.id}, [^)]*{re.escape(version.version)}, "
                         rf"{re.escape(ui['language_names'][language])}\)", text):
                listed.add((document.id, version.version, language))
        assert listed == untagged, reader
        links = {a["href"]: a for a in html.select("a[href]")}
        for doc_id, version_number, _ in untagged:
            link = links[f"../library/{doc_id.lower()}/"]
            # The title, in the language readers of this statement get it in, says so.
            document = sample_library.documents[doc_id]
            version = next(v for v in document.versions if v.version == version_number)
            title_language = version.text(reader, sample_library.source_language).language
            marked = link.find(lang=True)
            assert (marked["lang"] if marked else reader) == title_language, (reader, link)
        assert "nisdocs: untagged PDFs" not in str(html)


# -- the samples are made by the project itself -------------------------------------


def _samples() -> dict[str, tuple[str, dict[str, object]]]:
    sys.path.insert(0, str(PROJECT / "tests" / "samples" / "born-pdf"))
    try:
        import make  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    return dict(make.SAMPLES)


@pytest.mark.parametrize("target", sorted(_samples()))
def test_each_sample_pdf_is_made_from_its_typst_source(target: str) -> None:
    sys.path.insert(0, str(PROJECT / "tests" / "samples" / "born-pdf"))
    try:
        import make
    finally:
        sys.path.pop(0)
    source, options = make.SAMPLES[target]
    assert make.compile_sample(source, options) == (PROJECT / target).read_bytes()


def test_every_pdf_text_of_the_library_has_its_source(sample_library: Library) -> None:
    assert {pdf.path for *_, pdf in pdf_texts(sample_library)} <= set(_samples())


# -- search, in a browser ----------------------------------------------------------


def words_only_in_pdfs(library: Library) -> list[tuple[str, str, str]]:
    """For each current text that exists only as a PDF: (language, a word of at least 8
    letters that its PDF holds and no Markdown or front matter of the library does, the
    document's id): what only the extracted text can make search find."""
    written = " ".join(path.read_text("utf-8").lower()
                       for path in (PROJECT / "guidelines").rglob("*.md"))
    found = []
    for document, version, language, pdf in pdf_texts(library):
        if version is not document.current:
            continue
        words = re.findall(r"[^\W\d_]{8,}", extract_text(PROJECT / pdf.path).text)
        unique = sorted({w for w in words if w.lower() not in written},
                        key=lambda w: (words.count(w), w))
        if unique:
            found.append((language, unique[0], document.id))
    return found


def test_every_current_pdf_text_has_words_of_its_own(sample_library: Library) -> None:
    current = {(document.id, language) for document, version, language, _
               in pdf_texts(sample_library) if version is document.current}
    assert {(doc_id, language) for language, _, doc_id
            in words_only_in_pdfs(sample_library)} == current


@pytest.mark.usefixtures("browser")
@pytest.mark.parametrize(("language", "word", "doc_id"),
                         words_only_in_pdfs(load_library(LibraryConfig(PROJECT, LANGUAGES))))
def test_a_word_only_in_a_pdf_finds_its_document(page: Any, site_server: str, language: str,
                                                  word: str, doc_id: str) -> None:
    """Typed key by key, a word that only the PDF holds finds the document's page."""
    from test_search import every_result, type_query

    page.goto(f"{site_server}{URLS.prefix(language)}")
    type_query(page, word.lower())
    assert f"/{URLS.document(doc_id, language)}" in every_result(page), (word, doc_id)
