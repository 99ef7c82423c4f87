"""The preview's PDFs on demand (issue 22): `mkdocs serve` without PDFs offers each
version's PDF on its page, built when it is asked for, through the build's cache."""

from __future__ import annotations

import re
import time
import urllib.error
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from conftest import PROJECT, Served, mkdocs_env, mkdocs_serve, run_mkdocs_build
from pdfcheck import catalog, full_text
from pypdf import PdfReader

from nisdocs.library import Library
from nisdocs.mkdocs import patches, pdf_preview
from nisdocs.pdf.cache import PdfCache
from nisdocs.pdf.jobs import plan_pdfs
from nisdocs.pdf.on_demand import make_pdf, pdf_job_at, pdf_on_demand
from nisdocs.urls import Urls
from nisdocs.views import build_site
from nisdocs.views.common import SitePage
from nisdocs.vocabulary import ui_strings

SITE_URL = "https://example.org/nisdocs/"


# -- the core: a URL to its job, the job through the cache ---------------------------


def test_every_pdf_url_of_a_full_build_finds_the_job_the_build_plans(
        sample_library: Library) -> None:
    jobs = plan_pdfs(sample_library, SITE_URL)
    assert jobs
    assert all(pdf_job_at(sample_library, SITE_URL, job.url) == job for job in jobs)


@pytest.mark.parametrize("url", [
    "library/ncg-9999/1.0/ncg-9999-1.0-en.pdf",  # no such document
    "library/ncg-0003/9.9/ncg-0003-9.9-en.pdf",  # no such version
    "library/ncg-0003/1.1/ncg-0003-1.1-xx.pdf",  # no such language
    "library/ncg-0003/1.1/ncg-0003-1.0-en.pdf",  # another version's file name
    "library/NCG-0003/1.1/ncg-0003-1.1-en.pdf",  # not as the build spells it
    "library/ncg-0003/1.1/ncg-0003-1.1-en.PDF",
    "fr/library/ncg-0003/1.1/ncg-0003-1.1-fr.pdf",
    "library/ncg-0003/1.1/../1.1/ncg-0003-1.1-en.pdf",
    "library/ncg-0003/1.1/", "", "library", "/etc/passwd.pdf",
])
def test_a_url_where_the_build_publishes_no_pdf_finds_none(sample_library: Library,
                                                           url: str) -> None:
    assert pdf_job_at(sample_library, SITE_URL, url) is None


def test_a_pdf_is_compiled_once_then_read_from_the_cache(sample_library: Library,
                                                         tmp_path: Path) -> None:
    cache = PdfCache(tmp_path / "cache")
    url = Urls("en").pdf("NCG-0007", "1.0", "en")
    first = pdf_on_demand(sample_library, SITE_URL, PROJECT, cache, url)
    assert first is not None and first.path is not None and first.problems == ()
    assert first.compiled
    assert first.path.read_bytes().startswith(b"%PDF-")
    assert first.path.is_relative_to(cache.folder)
    again = make_pdf(first.job, PROJECT, cache)
    assert (again.path, again.compiled) == (first.path, False)


def test_a_text_that_is_a_pdf_is_served_as_it_is(sample_library: Library,
                                                 tmp_path: Path) -> None:
    cache = PdfCache(tmp_path / "cache")
    url = Urls("en").pdf("NCG-0014", "1.0", "en")
    result = pdf_on_demand(sample_library, SITE_URL, PROJECT, cache, url)
    assert result is not None and result.job.original is not None
    assert result.path == PROJECT / "guidelines/ncg-0014/index.pdf"
    assert not result.compiled
    assert not cache.folder.exists() or not any(cache.folder.rglob("*.pdf"))


# -- the page: the link only where the preview serves it ------------------------------


def previews(pages: dict[str, SitePage]) -> dict[str, Any]:
    """The preview link of every document and version page, by page."""
    return {uri: page.view.get("pdf_preview") for uri, page in pages.items()
            if page.kind in ("document", "version")}


def test_version_pages_offer_the_preview_only_when_asked_and_without_pdfs(
        sample_library: Library) -> None:
    pages = build_site(sample_library, None, SITE_URL, pdf_preview=True).pages
    offered = previews(pages)
    assert offered and all(offered.values())
    assert pages["library/ncg-0003/index.el.md"].view["pdf_preview"] == {
        "url": "library/ncg-0003/1.1/ncg-0003-1.1-el.pdf", "language": "el",
        "native": "Ελληνικά"}
    # Shown untranslated (1.0 has no Greek text): the PDF of the text the page shows.
    assert pages["library/ncg-0003/1.0/index.el.md"].view["pdf_preview"]["url"] == (
        "library/ncg-0003/1.0/ncg-0003-1.0-en.pdf")
    untranslated = [page for page in pages.values() if page.kind in ("document", "version")
                    and page.view["text_language"] != page.language]
    assert untranslated
    assert all(page.view["pdf_preview"]["language"] == page.view["text_language"]
               for page in untranslated)
    assert not any(previews(build_site(sample_library, None, SITE_URL).pages).values())


def test_a_site_built_without_pdfs_links_to_no_preview(tmp_path: Path) -> None:
    """`mkdocs build` without PDFs: no page offers a PDF, which would not exist."""
    build = run_mkdocs_build(PROJECT, tmp_path / "site", pdf_cache=tmp_path / "cache",
                             env={**mkdocs_env(tmp_path / "cache"), "NISDOCS_PDF": "false"})
    assert build.returncode == 0, build.output
    pages = list((tmp_path / "site").rglob("*.html"))
    assert pages
    assert not [page for page in pages if "nisdocs-pdfs__preview" in page.read_text("utf-8")]


# -- the preview, served -------------------------------------------------------------


def get(served: Served, url: str) -> tuple[int, bytes]:
    try:
        return 200, served.get(url)
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def preview_link(served: Served, page_url: str, language: str) -> str:
    """The page's "Preview the PDF" link, relative to the preview's root."""
    html = BeautifulSoup(served.get(page_url), "html.parser")
    link = html.find("a", class_="nisdocs-pdfs__preview")
    assert link is not None, page_url
    assert ui_strings(language)["pdf"]["preview"] in link.get_text()
    assert link["hreflang"] == language
    absolute = urljoin(served.url + page_url, str(link["href"]))
    assert absolute.startswith(served.url)
    return absolute[len(served.url):]


def logged(served: Served, pattern: str) -> int:
    return len(re.findall(pattern, "".join(served.log)))


def wait_for(served: Served, test: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 90
    while not test():
        assert time.monotonic() < deadline, "".join(served.log)
        time.sleep(0.5)


def test_serve_builds_a_pages_pdf_on_request_and_again_after_an_edit(
        project_copy: Path, tmp_path: Path) -> None:
    env = {**mkdocs_env(tmp_path / "pdf-cache"), "NISDOCS_PDF": "false"}
    source = project_copy / "guidelines/ncg-0003/index.el.md"
    compiled = r"PDF preview of NCG-0003 1\.1 \(el\): compiled"
    with mkdocs_serve(project_copy, env, livereload=True) as served:
        assert "nisdocs: PDFs skipped" in "".join(served.log)
        url = preview_link(served, "el/library/ncg-0003/", "el")
        assert url == "library/ncg-0003/1.1/ncg-0003-1.1-el.pdf"
        data = served.get(url)
        assert data.startswith(b"%PDF-")
        path = tmp_path / "first.pdf"
        path.write_bytes(data)
        info = PdfReader(path).metadata
        assert info is not None
        assert info.title == "Κατευθυντήρια γραμμή για την αναφορά σοβαρών περιστατικών"
        assert catalog(path)["/Lang"] == "el"
        wait_for(served, lambda: logged(served, compiled) == 1)
        # Asked again, unchanged: the same file, from the cache.
        assert served.get(url) == data
        wait_for(served, lambda: logged(served, r"NCG-0003 1\.1 \(el\): from the cache") == 1)
        assert logged(served, compiled) == 1
        # An earlier version's page offers its own PDF.
        earlier = preview_link(served, "library/ncg-0003/1.0/", "en")
        assert earlier == "library/ncg-0003/1.0/ncg-0003-1.0-en.pdf"
        assert served.get(earlier).startswith(b"%PDF-")
        # After an edit, once the preview has rebuilt, the PDF is compiled anew.
        text = source.read_text("utf-8")
        source.write_text(text.replace("## Σκοπός και πεδίο εφαρμογής\n",
                                       "## Σκοπός και πεδίο εφαρμογής\n\nPreview edit "
                                       "marker.\n", 1), "utf-8")
        wait_for(served, lambda: b"Preview edit marker" in served.get("el/library/ncg-0003/"))
        edited = tmp_path / "edited.pdf"
        edited.write_bytes(served.get(url))
        assert "Preview edit marker" in full_text(edited)
        assert "Preview edit marker" not in full_text(path)
        assert logged(served, compiled) == 2
        # A source that cannot become a PDF: its problem, where it is, on a page.
        source.write_text(text + "\nA character the fonts lack: 漢.\n", "utf-8")
        wait_for(served, lambda: b"the fonts lack" in served.get("el/library/ncg-0003/"))
        code, page = get(served, url)
        assert code == 500
        assert re.search(r"guidelines/ncg-0003/index\.el\.md:\d+: text: found &quot;漢&quot;",
                         page.decode("utf-8"))
        # Fixed, it is the first PDF again, from the cache.
        source.write_text(text, "utf-8")
        wait_for(served, lambda: b"the fonts lack" not in served.get("el/library/ncg-0003/"))
        assert served.get(url) == data
        # Where the library has no PDF: the site's 404 page.
        for missing in ("library/ncg-9999/1.0/ncg-9999-1.0-en.pdf",
                        "library/ncg-0003/1.1/ncg-0003-1.1-xx.pdf",
                        "el/library/ncg-0003/1.1/ncg-0003-1.1-el.pdf"):
            code, page = get(served, missing)
            assert code == 404 and b"<html" in page, missing
        assert "Traceback" not in "".join(served.log)


def test_on_an_untested_mkdocs_the_pages_offer_no_preview(
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert pdf_preview.available()
    monkeypatch.setattr(patches, "installed_version", lambda name: "9.0")
    assert not pdf_preview.available()
