"""Helpers to read a built site in tests: pages, links, redirects."""

from __future__ import annotations

import posixpath
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from bs4 import BeautifulSoup

REFRESH = re.compile(r'http-equiv="refresh" content="0; url=([^"]+)"')


class _LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {"a": "href", "link": "href", "script": "src", "img": "src"}
        for name, value in attrs:
            if name == names.get(tag) and value:
                self.links.append(value)


def links_of(html: str) -> list[str]:
    collector = _LinkCollector()
    collector.feed(html)
    return collector.links


@cache
def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page(site: Path, url: str) -> BeautifulSoup:
    """The parsed page at `url` (relative to the site root, such as `fr/library/`)."""
    return _soup(site / url / "index.html")


def resolve(site: Path, from_url: str, href: str) -> Path:
    """The file a relative `href` on the page at `from_url` leads to."""
    target = posixpath.normpath(posixpath.join(from_url, href.split("#")[0]))
    path = site / target
    return path / "index.html" if path.is_dir() else path


def redirect_target(site: Path, url: str) -> str:
    """Where the redirect page at `url` leads, relative to the site root."""
    html = (site / url / "index.html").read_text(encoding="utf-8")
    match = REFRESH.search(html)
    assert match, f"{url} is not a redirect"
    return posixpath.normpath(posixpath.join(url, match[1])) + "/"
