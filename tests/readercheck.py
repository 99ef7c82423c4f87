"""Helpers for the reader's-view and narrow-screen tests (issue 19): every page of the
built sample site, every document and version page, and a page's language."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from bs4 import BeautifulSoup, Tag
from conftest import LANGUAGES

from nisdocs.library import Library
from nisdocs.model import Document, Version
from nisdocs.urls import Urls

SOURCE = LANGUAGES[0]


def prefix(language: str) -> str:
    return "" if language == SOURCE else f"{language}/"


def text_of(tag: Tag | None) -> str:
    return " ".join(tag.get_text(" ").split()) if tag is not None else ""


def document_pages(library: Library) -> Iterator[tuple[str, Document, Version, str]]:
    """(language, document, version, url) of every document and version page."""
    urls = Urls(SOURCE)
    for language in LANGUAGES:
        for document in library.documents.values():
            for version in document.versions:
                yield language, document, version, urls.page_of(document, version, language)


def html_pages(site: Path) -> Iterator[tuple[str, BeautifulSoup]]:
    """Every HTML page of the built site (redirects left out), by URL."""
    for path in sorted(site.rglob("index.html")):
        html = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in html:
            continue
        url = path.parent.relative_to(site).as_posix()
        yield ("" if url == "." else url + "/"), BeautifulSoup(html, "html.parser")


def language_of(url: str) -> str:
    first = url.split("/", 1)[0]
    return first if first in LANGUAGES else SOURCE


