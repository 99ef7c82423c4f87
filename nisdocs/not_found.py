"""The "page not found" page of each language, as data for its template.

Every language gets one (`404.html` at the site's root in the source language,
`fr/404.html` and so on), which the web server sends for a missing address under that
language's folder (deploy/nginx/nisdocs.conf). The server sends it from any depth, so
its links are absolute: under the path of `site_url` (`/nisdocs/` by default).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from .urls import Urls
from .vocabulary import ui_strings

NOT_FOUND_FILE = "404.html"
TEMPLATE = "nisdocs/not-found.html"


def not_found_path(language: str, source_language: str) -> str:
    """Where the page of `language` lives, relative to the site root."""
    return Urls(source_language).prefix(language) + NOT_FOUND_FILE


def base_path(site_url: str | None) -> str:
    """What the page's links start with, for templates that write `{{ base_url }}/x`:
    the path of `site_url` without its last slash (`/nisdocs`). At the server's root,
    `/.`: a browser reads `/./x` as `/x`, where an empty base would leave links relative
    to the missing address."""
    path = urlsplit(site_url or "/").path.rstrip("/")
    return path or "/."


def not_found_view(language: str, source_language: str) -> dict[str, Any]:
    """The page's view: its strings in `language` and its links, relative to the site
    root. No `search` entry: the page is not indexed."""
    urls = Urls(source_language)
    return {"kind": "not_found", "ui": ui_strings(language), "notices": [],
            "text_language": language, "source_language": source_language,
            "language_root": urls.prefix(language),
            "library_url": urls.library(language)}
