"""A pull request's preview (NISDOCS_REVIEW_BASE): what it changes, mapped from the changed
files to the library (nisdocs/review.py), and the page that lists it in every language
(nisdocs/views/review.py, overrides/nisdocs/review.html), built for real in a git
repository after a commit and some edits: exactly those changes listed, every link leading
to a built file, and, in a browser, no accessibility violation, failed request or console
error (a blocked inline script) on the page in any language."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import (
    LANGUAGES,
    PROJECT,
    Build,
    audit_tools,
    copy_project,
    run_mkdocs_build,
)
from crawl import crawl
from sitecheck import links_of, resolve

from nisdocs.changes import file_changes, pull_request_review
from nisdocs.cli import main
from nisdocs.library import Library, LibraryConfig, load_library
from nisdocs.options import SettingsError
from nisdocs.review import ADDED, MODIFIED, REMOVED, Review, merged_status, review_of
from nisdocs.settings import REVIEW_VARIABLE, review_base

BASE = "origin/main"


def git(project: Path, *args: str) -> str:
    result = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
                             *args], cwd=project, capture_output=True, text=True, check=True)
    return result.stdout


def shape(review: Review) -> dict[str, dict[str, dict[str, tuple[str, bool]]]]:
    """{document: {version: {language: (status, whether the PDF)}}}."""
    return {document.id: {version.version: {text.language: (text.status, text.pdf)
                                            for text in version.texts}
                          for version in document.versions}
            for document in review.documents}


# -- from changed files to documents, versions and languages ---------------------------


def every_text(library: Library) -> list[tuple[str, str, str, str, bool]]:
    """(path, document, version, language, whether the PDF) of every file of every text."""
    found = []
    for document in library.documents.values():
        for version in document.versions:
            for language, source in version.sources(library.source_language):
                found.append((source.path, document.id, version.version, language, False))
                if source.pdf is not None:
                    found.append((source.pdf.path, document.id, version.version, language,
                                  True))
    return found


def test_every_text_file_is_its_document_version_and_language(sample_library: Library) -> None:
    texts = every_text(sample_library)
    assert any(pdf for *_, pdf in texts) and len({doc for _, doc, *_ in texts}) > 5
    for path, doc_id, version, language, pdf in texts:
        review = review_of(sample_library, {path: MODIFIED}, BASE)
        assert shape(review) == {doc_id: {version: {language: (MODIFIED, pdf)}}}, path
        assert review.files == () and review.documents[0].status == MODIFIED
        assert review.documents[0].versions[0].status == MODIFIED


@pytest.mark.parametrize("status", [ADDED, MODIFIED, REMOVED])
def test_a_whole_documents_files_change_together(sample_library: Library, status: str) -> None:
    """Every file of a document added: the document and its versions are added; all
    removed: every text is removed (the library still has it here: its pages remain)."""
    for document in sample_library.documents.values():
        paths = {path: status for path, doc_id, *_ in every_text(sample_library)
                 if doc_id == document.id}
        review = review_of(sample_library, paths, BASE)
        (change,) = review.documents
        assert change.status == (ADDED if status == ADDED else MODIFIED)
        assert [v.version for v in change.versions] == [
            v.version for v in reversed(document.versions)]
        for version in change.versions:
            assert version.status == (ADDED if status == ADDED else MODIFIED)
            assert version.languages == tuple(document.version(version.version).languages(
                sample_library.source_language))
            assert {text.status for text in version.texts} == {status}


def test_a_release_and_an_earlier_version(sample_library: Library) -> None:
    """A release (`nisdocs release`) puts the new version in index.md and moves the old one
    into its folder: git sees index.md modified and the folder added, `before` says which
    version index.md held, and the review names the new version added, the old one
    modified (moved). An earlier version imported into a folder is added, and the current
    version, still in index.md, is not."""
    multi = [d for d in sample_library.documents.values() if len(d.versions) > 1]
    assert multi
    for document in multi:
        previous, current = document.versions[-2], document.current
        changes = {current.source.path: MODIFIED, previous.source.path: ADDED}
        released = review_of(sample_library, changes, BASE, {document.id: previous.version})
        imported = review_of(sample_library, changes, BASE, {document.id: current.version})
        for review, statuses in ((released, {current.version: ADDED,
                                             previous.version: MODIFIED}),
                                 (imported, {current.version: MODIFIED,
                                             previous.version: ADDED})):
            (change,) = review.documents
            assert change.status == MODIFIED
            assert {v.version: v.status for v in change.versions} == statuses


def test_a_release_in_git(project_copy: Path) -> None:
    """The same from git: `nisdocs release` after a commit, the version index.md held read
    from the merge base."""
    git(project_copy, "init", "-q", "-b", "main")
    git(project_copy, "add", "-A")
    git(project_copy, "commit", "-q", "-m", "sample")
    before = load_library(LibraryConfig(project_copy, LANGUAGES)).documents["NCG-0007"]
    assert [v.version for v in before.versions] == ["1.0"]
    assert main(["release", "NCG-0007", "1.1", "--config",
                 str(project_copy / "mkdocs.yml")]) == 0
    # The new version is a draft: shown with drafts, as a preview may show them.
    library = load_library(LibraryConfig(project_copy, LANGUAGES, include_drafts=True))
    review = pull_request_review(library, {REVIEW_VARIABLE: "HEAD"})
    assert review is not None
    assert [(d.id, d.status) for d in review.documents] == [("NCG-0007", MODIFIED)]
    assert {v.version: v.status for v in review.documents[0].versions} == {
        "1.1": ADDED, "1.0": MODIFIED}


def test_removed_files_by_their_names(sample_library: Library) -> None:
    doc = sample_library.documents["NCG-0001"]
    review = review_of(sample_library, {
        "guidelines/ncg-0001/index.it.md": REMOVED,  # a translation of the current version
        "guidelines/ncg-0001/index.it.pdf": REMOVED,  # its PDF, were it one
        "guidelines/ncg-0999/index.md": REMOVED,  # a whole document
        "guidelines/ncg-0999/1.0/index.fr.md": REMOVED,
        "guidelines/ncg-0003/images/old.svg": REMOVED,  # not a text
        "nisdocs/cli.py": MODIFIED,
    }, BASE)
    assert shape(review) == {"NCG-0001": {doc.current.version: {"it": (REMOVED, True)}},
                             "NCG-0003": {},
                             "NCG-0999": {"1.0": {"fr": (REMOVED, False)}}}
    gone = review.documents[2]
    assert (gone.status, gone.shown) == (REMOVED, False)
    assert [f.path for f in gone.files] == ["guidelines/ncg-0999/index.md"]
    assert not gone.versions[0].shown
    assert [f.path for f in review.documents[1].files] == ["guidelines/ncg-0003/images/old.svg"]
    assert [(f.path, f.status) for f in review.files] == [("nisdocs/cli.py", MODIFIED)]


@pytest.mark.parametrize("statuses", [[ADDED], [REMOVED], [MODIFIED], [ADDED, ADDED],
                                      [ADDED, REMOVED], [ADDED, MODIFIED], [REMOVED, REMOVED],
                                      [REMOVED, MODIFIED, ADDED]])
def test_merged_status(statuses: list[str]) -> None:
    expected = statuses[0] if set(statuses) in ({ADDED}, {REMOVED}) else MODIFIED
    assert merged_status(statuses) == expected


# -- the setting ----------------------------------------------------------------------------


def test_the_review_base_setting() -> None:
    assert review_base({}) is None
    assert review_base({REVIEW_VARIABLE: "  "}) is None
    assert review_base({REVIEW_VARIABLE: " origin/main "}) == "origin/main"
    for bad in ("--output=x", "-p", "main two", "a\tb", "a\x01"):
        with pytest.raises(SettingsError) as error:
            review_base({REVIEW_VARIABLE: bad})
        message = str(error.value)
        assert message.startswith(f"{REVIEW_VARIABLE}: found {bad.strip()!r}")
        assert "allowed" in message


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project as a git repository: one commit, tagged `base`."""
    project = copy_project(tmp_path_factory.mktemp("review") / "project")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "sample")
    return project


def test_an_unknown_ref_names_the_variable(repository: Path) -> None:
    library = load_library(LibraryConfig(repository, LANGUAGES))
    with pytest.raises(SettingsError) as error:
        pull_request_review(library, {REVIEW_VARIABLE: "no-such-branch"})
    message = str(error.value)
    assert message.startswith(f"{REVIEW_VARIABLE}: found 'no-such-branch'")
    assert "allowed: a branch, tag or commit" in message
    assert pull_request_review(library, {}) is None
    assert file_changes(repository, "HEAD") == {}


def test_the_build_refuses_an_unknown_ref_without_a_traceback(repository: Path,
                                                              tmp_path: Path) -> None:
    build = run_mkdocs_build(repository, tmp_path / "site", pdf_cache=tmp_path / "cache",
                             env={**os.environ, "NISDOCS_PDF": "false",
                                  REVIEW_VARIABLE: "no-such-branch"})
    assert build.returncode != 0
    assert f"{REVIEW_VARIABLE}: found 'no-such-branch'" in build.output
    assert "Traceback" not in build.output


# -- the page, built ------------------------------------------------------------------------

# A ref whose name holds what HTML must escape (git allows it): the page prints it as text.
HOSTILE_REF = "base<i>\"&'x"


@pytest.fixture(scope="module")
def review_site(repository: Path, pdf_cache: Path,
                tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The sample, committed, then: the text of NCG-0003's current version edited, NCG-0001's
    French translation edited, NCG-0013 removed, NCG-0014's French text (a PDF) removed, a
    French text (a PDF) added to NCG-0015 and an image added; built with PDFs and
    NISDOCS_REVIEW_BASE naming the commit."""
    git(repository, "branch", HOSTILE_REF)
    guidelines = repository / "guidelines"
    for path, sentence in (("ncg-0003/index.md", "A sentence the review adds."),
                           ("ncg-0001/index.fr.md", "Une phrase ajoutée.")):
        text = (guidelines / path).read_text(encoding="utf-8")
        (guidelines / path).write_text(text.rstrip("\n") + f"\n\n{sentence}\n",
                                       encoding="utf-8")
    # A whole document removed (none links to it).
    for path in sorted((guidelines / "ncg-0013").rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    (guidelines / "ncg-0013").rmdir()
    (guidelines / "ncg-0014/index.fr.md").unlink()
    (guidelines / "ncg-0014/index.fr.pdf").unlink()
    # A text that is a PDF, added as nisdocs import adds one: NCG-0014's French PDF as the
    # French text of NCG-0015.
    pdf = repository.parent / "fr.pdf"
    pdf.write_bytes((PROJECT / "guidelines/ncg-0014/index.fr.pdf").read_bytes())
    assert main(["import", str(pdf), "--document", "NCG-0015", "--language", "fr",
                 "--config", str(repository / "mkdocs.yml")]) == 0
    imported = guidelines / "ncg-0015/index.fr.md"
    text = imported.read_text(encoding="utf-8")
    assert "TO BE WRITTEN" in text
    imported.write_text(re.sub(r"summary: .*", "summary: Un recueil importé pour le test.",
                               text), encoding="utf-8")
    (guidelines / "ncg-0003/images/added.svg").write_bytes(
        (guidelines / "ncg-0003/images/reporting-timeline.svg").read_bytes())
    build = run_mkdocs_build(repository, tmp_path_factory.mktemp("review-site") / "site",
                             pdf_cache=pdf_cache,
                             env={**os.environ, REVIEW_VARIABLE: HOSTILE_REF})
    assert build.returncode == 0, build.output
    return build


def expected(sample_library: Library) -> dict[str, dict[str, dict[str, tuple[str, str]]]]:
    """{document: {version: {language: (status, whether the text is a PDF)}}}."""
    current = {doc_id: sample_library.documents[doc_id].current.version
               for doc_id in ("NCG-0001", "NCG-0003", "NCG-0014", "NCG-0015")}
    return {"NCG-0001": {current["NCG-0001"]: {"fr": (MODIFIED, "no")}},
            "NCG-0003": {current["NCG-0003"]: {"en": (MODIFIED, "no")}},
            "NCG-0014": {current["NCG-0014"]: {"fr": (REMOVED, "yes")}},
            "NCG-0015": {current["NCG-0015"]: {"fr": (ADDED, "yes")}},
            "NCG-0013": {}}  # removed: its files are listed, not its versions


def review_url(language: str) -> str:
    return "review/" if language == LANGUAGES[0] else f"{language}/review/"


def page_of(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_lists_exactly_the_changes(review_site: Build, sample_library: Library,
                                            language: str) -> None:
    page = page_of(review_site.site, review_url(language))
    assert page.html is not None and page.html["lang"] == language
    listed = {section["data-id"]: {
        heading["data-version"]: {row["data-language"]: (row["data-status"], row["data-pdf-text"])
                                  for row in heading.find_next("table").select("tbody tr")}
        for heading in section.select("h3[data-version]")}
        for section in page.select("section.nisdocs-review")}
    assert listed == expected(sample_library)
    # The image: another file of NCG-0003; the base as given, as text.
    files = page.select('section[data-id="NCG-0003"] .nisdocs-review__files li')
    assert [item.code.get_text() for item in files] == ["guidelines/ncg-0003/images/added.svg"]
    removed = page.select_one('section[data-id="NCG-0013"]')
    assert removed is not None and removed["data-status"] == REMOVED
    assert removed.find("a") is None
    assert [item.code.get_text() for item in removed.select(".nisdocs-review__files li")] == [
        path.relative_to(PROJECT).as_posix()
        for path in sorted((PROJECT / "guidelines/ncg-0013").rglob("*")) if path.is_file()]
    base = page.select_one(".nisdocs-review__base code")
    assert base is not None and base.get_text() == HOSTILE_REF
    assert page.select(".nisdocs-review__base i") == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_link_of_the_page_leads_to_a_built_file(review_site: Build,
                                                      sample_library: Library,
                                                      language: str) -> None:
    url = review_url(language)
    site = review_site.site
    html = (site / url / "index.html").read_text(encoding="utf-8")
    article = BeautifulSoup(html, "html.parser").select_one("article")
    assert article is not None
    hrefs = [a["href"] for a in article.find_all("a", href=True)]
    missing = [href for href in links_of(html) if not urlsplit(href).scheme
               and not href.startswith("#") and not resolve(site, url, href).exists()]
    assert missing == []
    targets = {os.path.relpath(resolve(site, url, href), site) for href in hrefs}
    current = {doc_id: versions.popitem()[0]
               for doc_id, versions in expected(sample_library).items() if versions}
    prefix = "" if language == LANGUAGES[0] else f"{language}/"
    for doc_id in current:
        assert f"{prefix}library/{doc_id.lower()}/index.html" in targets, doc_id
    # Each changed language's page, in that language.
    assert "fr/library/ncg-0001/index.html" in targets
    assert "library/ncg-0003/index.html" in targets
    # What changed since the version before, where there is one; the PDFs this build made
    # of each changed (not removed) text.
    ncg3 = sample_library.documents["NCG-0003"]
    previous = ncg3.public_versions[-2].version
    changes = f"library/ncg-0003/changes/{previous}-{current['NCG-0003']}/index.html"
    assert prefix + changes in targets
    pdfs = sorted(target for target in targets if target.endswith(".pdf"))
    assert pdfs == sorted([
        f"library/ncg-0001/{current['NCG-0001']}/ncg-0001-{current['NCG-0001']}-fr.pdf",
        f"library/ncg-0003/{current['NCG-0003']}/ncg-0003-{current['NCG-0003']}-en.pdf",
        f"library/ncg-0015/{current['NCG-0015']}/ncg-0015-{current['NCG-0015']}-fr.pdf"])
    # The added text is the PDF as it was imported, published byte for byte.
    assert (site / pdfs[-1]).read_bytes() == (
        PROJECT / "guidelines/ncg-0014/index.fr.pdf").read_bytes()


def home_url(language: str) -> str:
    return "" if language == LANGUAGES[0] else f"{language}/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_home_page_links_the_review_page(review_site: Build, language: str) -> None:
    site = review_site.site
    link = page_of(site, home_url(language)).select_one('[data-nisdocs-notice="review"] a')
    assert link is not None
    assert resolve(site, home_url(language), link["href"]) == (
        site / review_url(language) / "index.html")


def test_the_published_site_has_no_review_page(built_site: Build) -> None:
    assert not (built_site.site / "review").exists()
    assert not any((built_site.site / code / "review").exists() for code in LANGUAGES)
    for language in LANGUAGES:
        assert page_of(built_site.site, home_url(language)).select(
            '[data-nisdocs-notice="review"]') == []


def test_the_page_in_every_language_passes_axe_in_a_browser(review_site: Build) -> None:
    """The review page and the home page with its banner, in every language."""
    executable, axe, prefix = audit_tools()
    result = crawl(review_site.site, executable, axe, prefix=prefix, width=1280, height=900,
                   narrower=(375,),
                   paths=[url(code) for code in LANGUAGES for url in (review_url, home_url)])
    assert len(result.pages) == 2 * len(LANGUAGES)
    found: list[Any] = []
    for page in result.pages:
        found += [f"{page.path}: {v}" for v in page.violations]
        found += [f"{page.path}: {problem}" for problem in page.failed + page.errors]
        found += [f"{page.path}: {o} px wider than {w} px" for w, o in page.overflow.items() if o]
    assert found == []
