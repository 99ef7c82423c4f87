"""The preview's partial rebuild (nisdocs/views/site.py `update_site`, nisdocs/library_cache.py):
after any edit of any text of the sample library, the library reloaded through the
folder cache is the library loaded afresh, and the site updated from the last one is the
site built afresh, page for page, with exactly the changed pages reported."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import LANGUAGES, PROJECT, copy_project

from nisdocs.library import LibraryConfig, load_library
from nisdocs.library_cache import FolderCache
from nisdocs.views import build_site
from nisdocs.views.common import Site
from nisdocs.views.site import SiteUpdate, update_site

# Every Markdown text of the sample, source and translations, current and earlier versions.
TEXTS = sorted(path.relative_to(PROJECT).as_posix()
               for path in (PROJECT / "guidelines").rglob("index*.md"))


def _touch(path: Path) -> None:
    """A new modification time even on file systems with coarse timestamps."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def _edits(text: str, *, pdf: bool) -> dict[str, str]:
    """Edits editors make: a paragraph added to the body (not to a PDF's, which has
    none), the title changed."""
    edits = {}
    if not pdf:
        edits["body"] = text.rstrip("\n") + "\n\nA paragraph added in the preview.\n"
    edits["title"] = re.sub(r"(?m)^title: ([\"']?)", r"title: \1Edited ", text, count=1)
    return edits


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("incremental"))


def _config(root: Path) -> LibraryConfig:
    return LibraryConfig(root, LANGUAGES, include_drafts=True)


def _document_of(path: str) -> str:
    return path.split("/")[1].upper()


@pytest.mark.parametrize("path", TEXTS)
def test_an_edit_of_any_text_updates_the_site_as_a_full_build_would(project: Path,
                                                                   path: str) -> None:
    cache = FolderCache()
    old = load_library(_config(project), cache)
    previous = build_site(old)
    source = project / path
    original = source.read_text(encoding="utf-8")
    try:
        for kind, text in _edits(original, pdf=source.with_suffix(".pdf").exists()).items():
            source.write_text(text, encoding="utf-8")
            _touch(source)
            library = load_library(_config(project), cache)
            assert cache.misses == 1, f"{kind}: only the edited folder is read again"
            fresh = load_library(_config(project))
            assert library.documents == fresh.documents, kind
            update = update_site(previous, old, library, {_document_of(path)})
            expected = build_site(fresh)
            assert update is not None, f"{kind}: the same pages exist"
            assert update.site.pages == expected.pages, kind
            assert list(update.site.pages) == list(expected.pages), "mkdocs gets them in order"
            changed = {uri for uri, page in expected.pages.items()
                       if previous.pages[uri] != page}
            assert set(update.changed) == changed, kind
            assert changed, f"{kind}: an edit shows somewhere"
            # Only the pages that show the document change, in every language that shows it.
            if kind == "body":
                assert update.listed is False
            old, previous = library, update.site
    finally:
        source.write_text(original, encoding="utf-8")
        _touch(source)


def _site_after(project: Path, change: Callable[[Path], None], doc_id: str
                ) -> tuple[SiteUpdate | None, Site]:
    cache = FolderCache()
    old = load_library(_config(project), cache)
    previous = build_site(old)
    change(project)
    library = load_library(_config(project), cache)
    return update_site(previous, old, library, {doc_id}), build_site(library)


def test_a_removed_translation_updates_the_pages_in_place(tmp_path: Path) -> None:
    """Every language has a page of every document (the source text where there is no
    translation): removing one changes pages, not which exist."""
    update, expected = _site_after(
        copy_project(tmp_path),
        lambda project: (project / "guidelines/ncg-0004/index.fr.md").unlink(), "NCG-0004")
    assert update is not None and update.site.pages == expected.pages
    assert "library/ncg-0004/index.fr.md" in update.changed


def test_pages_that_appear_or_disappear_ask_for_the_full_build(tmp_path: Path) -> None:
    """Pages that appear or disappear are mkdocs' files: the full build makes them."""

    def new_document(project: Path) -> None:
        shutil.copytree(project / "guidelines/ncg-0004", project / "guidelines/ncg-0099")
        for path in (project / "guidelines/ncg-0099").glob("index*.md"):
            path.write_text(path.read_text(encoding="utf-8").replace(
                "id: NCG-0004", "id: NCG-0099"), encoding="utf-8")

    def new_article(project: Path) -> None:
        # An article no document referred to gets a page of its own.
        path = project / "guidelines/ncg-0004/index.md"
        path.write_text(path.read_text(encoding="utf-8").replace(
            "  - NIS2 Art. 12(2)\n", "  - NIS2 Art. 12(2)\n  - NIS2 Art. 30(1)\n"),
            encoding="utf-8")

    for index, (change, doc_id) in enumerate([(new_document, "NCG-0099"),
                                              (new_article, "NCG-0004")]):
        update, _ = _site_after(copy_project(tmp_path / str(index)), change, doc_id)
        assert update is None, change.__name__
