"""The sample site's PDFs, read back: text, metadata, conformance claims, structure,
cover, running header, links; and how the site offers them (pages, downloads, ZIPs)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from conftest import PROJECT, Build
from pdfcheck import (
    catalog,
    full_text,
    link_targets,
    page_texts,
    plain_sentences,
    structure_elements,
    xmp,
)
from pypdf import PdfReader
from sitecheck import page

from nisdocs.dates import format_date
from nisdocs.library import Library
from nisdocs.pdf.build import link_or_copy
from nisdocs.pdf.cache import PdfCache
from nisdocs.vocabulary import ui_strings

SITE_URL = "https://nis-cooperation-group.pages.code.europa.eu/nisdocs/"


def pdf(built_site: Build, doc_id: str, version: str, language: str) -> Path:
    slug = doc_id.lower()
    return built_site.site / f"library/{slug}/{version}/{slug}-{version}-{language}.pdf"


def test_every_version_in_every_language_has_a_pdf(built_site: Build,
                                                    sample_library: Library) -> None:
    expected = {pdf(built_site, d.id, v.version, language)
                for d in sample_library.documents.values() for v in d.versions
                for language in v.languages(sample_library.source_language)}
    found = set(built_site.site.glob("library/*/*/*.pdf"))
    assert found == expected
    assert len(found) > 33  # the sample's 33 Markdown texts and its PDF texts
    for path in found:
        assert path.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("language", ["el", "bg"])
def test_text_extracted_from_greek_and_bulgarian_pdfs_is_the_sources(
        built_site: Build, sample_library: Library, language: str) -> None:
    source = sample_library.documents["NCG-0003"].current.translations[language].source
    sentences = plain_sentences(source.body)
    assert len(sentences) >= 10
    text = full_text(pdf(built_site, "NCG-0003", "1.1", language))
    missing = [sentence for sentence in sentences if not in_reading_order(sentence, text)]
    assert not missing


def in_reading_order(sentence: str, text: str) -> bool:
    """Whether `text` holds `sentence`, or holds it broken once by a page's furniture (a
    page break sets the page's footnotes, footer and the next running header between its
    two parts): the longest start of it found, then the rest. Hyphens, and the space
    after one, are left out of both: pypdf cannot tell a hyphen of the text that ends a
    line from one typst added (see pdfcheck.normalized)."""
    sentence, text = re.sub(r"-\s*", "", sentence), re.sub(r"-\s*", "", text)
    if sentence in text:
        return True
    words = sentence.split(" ")
    for cut in range(len(words) - 1, 0, -1):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        at = text.find(head)
        if at >= 0:
            return tail in text[at + len(head):]
    return False


def test_metadata_title_language_author_subject_keywords(built_site: Build,
                                                         sample_library: Library) -> None:
    path = pdf(built_site, "NCG-0003", "1.1", "el")
    greek = sample_library.documents["NCG-0003"].current.translations["el"]
    info = PdfReader(path).metadata
    assert info is not None
    assert info.title == greek.title
    assert info.author == "Ομάδα Συνεργασίας NIS"
    assert info.subject == " ".join(greek.summary.split())
    assert "NCG-0003" in (info.get("/Keywords") or "")
    assert "NIS2 άρθρο 23(4)(α)" in (info.get("/Keywords") or "")  # the Greek point letter
    assert catalog(path)["/Lang"] == "el"
    # A translation has no date of its own, so its PDF claims none (the source's carries
    # the version's adoption date: tests/test_pdf_archival.py).
    assert "/CreationDate" not in info and "/ModDate" not in info


def test_pdfa_and_pdfua_identification_and_structure_tree(built_site: Build) -> None:
    path = pdf(built_site, "NCG-0003", "1.1", "bg")
    metadata = xmp(path)
    assert "<pdfaid:part>2</pdfaid:part>" in metadata
    assert "<pdfaid:conformance>A</pdfaid:conformance>" in metadata
    assert "<pdfuaid:part>1</pdfuaid:part>" in metadata
    root = catalog(path)
    assert bool(root["/MarkInfo"]["/Marked"])
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    tags = {str(element["/S"]) for element in structure_elements(path)}
    assert {"/H1", "/P", "/Table", "/TH", "/TD", "/L", "/LI", "/Link"} <= tags


def test_images_carry_alt_text_and_a_caption(built_site: Build) -> None:
    path = pdf(built_site, "NCG-0003", "1.1", "en")
    # The body's figures: the cover's logo (tests/test_pdf_cover.py) aside.
    logo = ui_strings("en")["pdf_notice"]["logo"].format(publisher="NIS Cooperation Group")
    figures = [e for e in structure_elements(path) if e["/S"] == "/Figure"]
    assert [str(e["/Alt"]) for e in figures].count(logo) == 1
    figures = [e for e in figures if e["/Alt"] != logo]
    assert len(figures) == 1
    assert str(figures[0]["/Alt"]).startswith("Timeline of the reporting sequence")
    text = full_text(path)
    assert ("Figure 1: The deadlines of the reporting sequence, counted from awareness "
            "of the incident") in text


@pytest.mark.parametrize("language", ["en", "fr", "de", "el", "bg"])
def test_cover_labels_are_in_the_documents_language(built_site: Build, language: str) -> None:
    ui = ui_strings(language)
    cover = page_texts(pdf(built_site, "NCG-0003", "1.1", language))[0]
    labels = ui["document"]
    for expected in (ui["pdf"]["group"], labels["id"], labels["type"], labels["version"],
                     labels["date"], labels["status"], ui["pdf"]["language"],
                     ui["types"]["guideline"], ui["statuses"]["published"], ui["language_name"],
                     "NCG-0003", "1.1", " ".join(format_date("2025-06-03", language).split())):
        assert expected in cover, expected
    if language != "en":
        assert "Identifier" not in cover


def test_contents_running_header_and_page_x_of_y(built_site: Build) -> None:
    pages = page_texts(pdf(built_site, "NCG-0003", "1.1", "el"))
    total = len(pages)
    assert total >= 5
    # Page 2 is the legal notice (tests/test_pdf_cover.py), the contents follow it.
    assert "Νομική ανακοίνωση" in pages[1]
    assert "Περιεχόμενα" in pages[2]
    assert "1 Σκοπός και πεδίο εφαρμογής" in pages[2]  # numbered headings in the contents
    for number, text in enumerate(pages, 1):
        # The cover has neither the running header nor a page number; every other page
        # both, counted from the cover.
        assert (f"Σελίδα {number} από {total}" in text) is (number > 1)
        assert text.startswith("NCG-0003 · Έκδοση 1.1 · Αναφορά περιστατικών") is (number > 1)
    assert PdfReader(pdf(built_site, "NCG-0003", "1.1", "el")).outline  # bookmarks


def test_footnotes_sit_at_the_foot_of_their_page(built_site: Build) -> None:
    pages = page_texts(pdf(built_site, "NCG-0003", "1.1", "en"))
    footnote = "Directive (EU) 2022/2555"
    with_footnote = [text for text in pages if footnote in text]
    assert with_footnote
    page_text = with_footnote[0]
    # The note comes after the body text of its page, just above the page number.
    assert page_text.index(footnote) > page_text.index("Purpose and scope")


def test_superseded_and_withdrawn_say_so_on_the_cover_and_in_the_header(
        built_site: Build) -> None:
    ui = ui_strings("en")
    for doc_id, status in (("NCG-0002", "superseded"), ("NCG-0012", "withdrawn")):
        pages = page_texts(pdf(built_site, doc_id, "1.0", "en"))
        # As written, with a typographic apostrophe ("the Group’s guidance").
        assert ui["notices"][status].replace("'", "’") in pages[0]
        assert all(ui["statuses"][status] in text.split("·")[-1][:80] for text in pages[1:])
    superseded = page_texts(pdf(built_site, "NCG-0002", "1.0", "en"))[0]
    assert "Superseded by NCG-0003" in superseded


def test_earlier_and_outdated_texts_say_so_on_the_cover(built_site: Build) -> None:
    ui = ui_strings("bg")
    cover = page_texts(pdf(built_site, "NCG-0003", "1.1", "bg"))[0]
    assert ui["notices"]["outdated"].format(translated="1.0", current="1.1") in cover
    earlier = page_texts(pdf(built_site, "NCG-0003", "1.0", "en"))[0]
    assert ui_strings("en")["notices"]["archived"].format(version="1.0", current="1.1") in earlier


def test_links_lead_to_published_pages_and_eurlex_in_the_pdfs_language(
        built_site: Build) -> None:
    targets = link_targets(pdf(built_site, "NCG-0003", "1.1", "el"))
    assert f"{SITE_URL}el/library/ncg-0002/" in targets  # an id: link
    assert f"{SITE_URL}el/library/ncg-0003/" in targets  # the cover's link to its page
    eurlex = [t for t in targets if t.startswith("https://eur-lex.europa.eu/")]
    assert eurlex
    assert all("/EL/" in t for t in eurlex)
    assert not [t for t in targets if not t.startswith(("https://", "mailto:"))]


def test_admonitions_come_out_as_boxes_with_their_title(built_site: Build) -> None:
    # The body starts on page 3, after the cover and the legal notice, below the contents.
    first_page = page_texts(pdf(built_site, "NCG-0003", "1.1", "el"))[2]
    assert "Ενδεικτικό δείγμα Το παρόν κείμενο" in first_page
    assert "!!!" not in full_text(pdf(built_site, "NCG-0003", "1.1", "el"))


# -- in the site --------------------------------------------------------------------


def test_document_page_offers_its_pdf_in_the_readers_language(built_site: Build) -> None:
    html = page(built_site.site, "el/library/ncg-0003/")
    main = html.select_one(".nisdocs-pdfs__main")
    assert main is not None
    assert main["href"].endswith("library/ncg-0003/1.1/ncg-0003-1.1-el.pdf")
    assert "Ελληνικά" in main.get_text()
    others = [a["hreflang"] for a in html.select(".nisdocs-pdfs__others a")]
    assert others == ["en", "fr", "de", "bg"]  # in the site's order of languages
    for link in [main, *html.select(".nisdocs-pdfs__others a")]:
        target = (built_site.site / "el/library/ncg-0003" / link["href"]).resolve()
        assert target.is_file()


def test_untranslated_document_offers_the_source_pdf(built_site: Build,
                                                     sample_library: Library) -> None:
    untranslated = next(d for d in sample_library.documents.values()
                        if "el" not in d.current.translations)
    html = page(built_site.site, f"el/library/{untranslated.slug}/")
    main = html.select_one(".nisdocs-pdfs__main")
    assert main is not None
    assert main["hreflang"] == "en"


def test_version_history_links_each_versions_pdfs(built_site: Build) -> None:
    html = page(built_site.site, "library/ncg-0003/")
    rows = html.select(".nisdocs-history tbody tr")
    links = [[a["href"].rsplit("/", 1)[1] for a in row.select("a[type='application/pdf']")]
             for row in rows]
    assert links == [[f"ncg-0003-1.1-{lang}.pdf" for lang in ("en", "fr", "de", "el", "bg")],
                     ["ncg-0003-1.0-en.pdf"]]


@pytest.mark.parametrize("language", ["en", "fr", "de", "el", "bg"])
def test_downloads_page_lists_every_current_pdf_and_a_zip_per_language(
        built_site: Build, sample_library: Library, language: str) -> None:
    prefix = "" if language == "en" else f"{language}/"
    html = page(built_site.site, f"{prefix}downloads/")
    listed = {a["href"].rsplit("/", 1)[1] for a in html.select(".nisdocs-downloads a[type]")}
    current = {f"{d.slug}-{d.current.version}-{lang}.pdf"
               for d in sample_library.documents.values()
               for lang in d.current.languages(sample_library.source_language)}
    assert listed == current
    sizes = html.select(".nisdocs-downloads .nisdocs-pdfs__size")
    assert len(sizes) == len(current)
    assert all(("KB" in s.get_text() or "Ko" in s.get_text() or "КБ" in s.get_text())
               for s in sizes)
    bundles = html.select(".nisdocs-bundles a")
    assert [a["hreflang"] for a in bundles] == ["en", "fr", "de", "el", "bg"]


@pytest.mark.parametrize("language", ["en", "el"])
def test_language_zip_holds_that_languages_current_pdfs(built_site: Build,
                                                       sample_library: Library,
                                                       language: str) -> None:
    expected = {f"{d.slug}-{d.current.version}-{language}.pdf": f"library/{d.slug}/"
                f"{d.current.version}/{d.slug}-{d.current.version}-{language}.pdf"
                for d in sample_library.documents.values()
                if language in d.current.languages(sample_library.source_language)}
    bundle = built_site.site / f"downloads/nisdocs-library-{language}.zip"
    with zipfile.ZipFile(bundle) as archive:
        assert archive.namelist() == sorted(expected)
        for name, url in expected.items():
            assert archive.read(name) == (built_site.site / url).read_bytes()


def test_the_site_links_its_pdfs_to_the_cache(built_site: Build,
                                              sample_library: Library) -> None:
    """Publishing hundreds of PDFs writes nothing: each is a hard link to its cache file;
    a text that exists only as a PDF is a copy of the sources' file, never a link to it."""
    cached = {path.stat().st_ino for path in built_site.pdf_cache.rglob("*.pdf")}
    originals = {PROJECT / source.pdf.path for document in sample_library.documents.values()
                 for version in document.versions
                 for source in (version.source, *(t.source for t in
                                                  version.translations.values()))
                 if source.pdf is not None}
    published = list(built_site.site.rglob("*.pdf"))
    copies = [path for path in published if path.stat().st_ino not in cached]
    assert published and len(copies) == len(originals)
    assert {path.read_bytes() for path in copies} == {path.read_bytes() for path in originals}
    assert not {path.stat().st_ino for path in copies} & {
        path.stat().st_ino for path in originals}


def test_a_pdf_is_copied_where_it_cannot_be_linked(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "cache.pdf"
    source.write_bytes(b"%PDF-1.7 one")
    target = tmp_path / "site" / "a.pdf"
    target.parent.mkdir()
    target.write_bytes(b"an older build's file")

    def no_hard_links(*args: object) -> None:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr("nisdocs.pdf.build.os.link", no_hard_links)
    link_or_copy(source, target)
    assert target.read_bytes() == b"%PDF-1.7 one"
    assert target.stat().st_ino != source.stat().st_ino


def test_a_new_cache_entry_leaves_a_linked_site_file_alone(tmp_path: Path) -> None:
    cache = PdfCache(tmp_path / "cache")
    source = cache.put("k" * 64, b"%PDF-1.7 first")
    target = tmp_path / "site.pdf"
    link_or_copy(source, target)
    assert target.stat().st_ino == source.stat().st_ino
    cache.put("k" * 64, b"%PDF-1.7 second")  # written whole under the name, never in place
    assert target.read_bytes() == b"%PDF-1.7 first"
