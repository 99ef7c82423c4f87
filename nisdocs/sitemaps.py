"""The sitemaps (sitemaps.org protocol 0.9): one per language, under a sitemap index.

Files, relative to the site root:

- `sitemap.xml`: the sitemap index, naming every file below by its absolute URL under
  `site_url`; the one address to give search engines (and robots.txt, if the host has
  one);
- `sitemap-en.xml`, `sitemap-fr.xml`, …: the pages of each language, all at the root.
  Not `fr/sitemap.xml`: material's JavaScript fetches `sitemap.xml` beside the address
  of every `<link rel="alternate">` of a page, on every page load, and would download
  every language's sitemap with each language's home page (716 KB of 780 KB at N = 400,
  L = 24: benchmarks/results/downloads.md).
- `fr/sitemap.xml`, … (the folders passed as `index_copies`): a copy of the index. The
  one `<link rel="alternate">` of a page is its language's feed (`fr/feed.xml`; pages
  name their other languages in these sitemaps, not in their head), and material fetches
  the `sitemap.xml` beside it: the index, under 1 KB, instead of a 404 on every page.

A file that would pass `max_urls` URLs or `max_bytes` bytes (the protocol's 50,000 URLs
and 50 MB uncompressed by default) is split into parts: `sitemap-fr.xml`,
`sitemap-fr-2.xml`, … All are in the index.

Each `<url>` gives a page's absolute URL, its `<lastmod>` when the sources date the page
(see `lastmod_of`) and an `xhtml:link rel="alternate" hreflang` to the same page in every
language it exists in, itself included, as search engines ask of hreflang in sitemaps.
Nothing comes from the build's time, and URLs and alternates are sorted: the same sources
give the same bytes. No `<changefreq>` or `<priority>`: search engines ignore them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple
from urllib.parse import quote
from xml.sax.saxutils import escape

from .urls import site_root

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
INDEX = "sitemap.xml"
# The protocol's limits, for a sitemap and for a sitemap index alike.
MAX_URLS = 50_000
MAX_BYTES = 50 * 1024 * 1024  # 52,428,800 bytes, uncompressed

_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
_URLSET_HEAD = _DECLARATION + (f'<urlset xmlns="{NAMESPACE}" '
                               f'xmlns:xhtml="{XHTML}">\n').encode()
_URLSET_TAIL = b"</urlset>\n"
_INDEX_HEAD = _DECLARATION + f'<sitemapindex xmlns="{NAMESPACE}">\n'.encode()
_INDEX_TAIL = b"</sitemapindex>\n"
# W3C Datetime, as the protocol takes it: a date, or a date and time with a zone.
_W3C_DATETIME = re.compile(r"\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?"
                           r"(Z|[+-]\d{2}:\d{2}))?)?)?")
# What stays as it is in a URL: RFC 3986's reserved characters and `%` (escapes already
# made, such as mkdocs' own); anything else (spaces, non-ASCII letters) is percent-encoded.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"


class SitemapEntry(NamedTuple):
    """A page as the sitemaps list it."""

    url: str  # relative to the site root: `fr/library/ncg-0003/`, "" for the home page
    lastmod: str | None  # a W3C date (`2025-06-03`) from the sources, or None
    alternates: Mapping[str, str]  # hreflang -> the page in that language, its own included


def lastmod_of(kind: str, view: Mapping[str, Any]) -> str | None:
    """The date the sources give a generated page (nisdocs/views/: its `kind` and
    view): a document or version page, its version's date; what changed between two
    versions, the newer one's. Other pages (library, topics, the docs' own pages) change
    with every document or with the site itself: they get none, rather than the build's
    time."""
    if kind in ("document", "version"):
        return str(view["date"])
    if kind == "changes":
        return str(view["new"]["date"])
    return None


def sitemap_path(language: str, part: int = 1) -> str:
    """The file of `language`'s sitemap (its `part`-th, from 1), relative to the site root."""
    return f"sitemap-{language}.xml" if part == 1 else f"sitemap-{language}-{part}.xml"


def sitemap_files(pages: Mapping[str, Iterable[SitemapEntry]], site_url: str | None, *,
                  index_copies: Iterable[str] = (), max_urls: int = MAX_URLS,
                  max_bytes: int = MAX_BYTES) -> dict[str, bytes]:
    """Every sitemap file, by path relative to the site root: each language's pages
    (`pages`, by language) split into parts within the limits, and the index at
    `sitemap.xml` naming them all, copied into each folder of `index_copies` (`fr/`).
    An alternate that is no page of any language is left out, so that every hreflang
    leads to a listed page. Raises ValueError when one page alone, or the index, cannot
    keep within the limits."""
    listed = {language: list(entries) for language, entries in pages.items()}
    known = {entry.url for entries in listed.values() for entry in entries}
    files: dict[str, bytes] = {}
    for language in sorted(listed):
        entries = [entry._replace(alternates={
            code: url for code, url in entry.alternates.items() if url in known})
            for entry in listed[language]]
        parts = split_urlset(entries, site_url, max_urls=max_urls, max_bytes=max_bytes)
        for number, data in enumerate(parts, start=1):
            files[sitemap_path(language, number)] = data
    if files:  # the limits are the parts'; the index keeps within the protocol's
        files[INDEX] = sitemap_index(files, site_url)
        for folder in index_copies:
            files[folder + INDEX] = files[INDEX]
    return files


def urlset(entries: Iterable[SitemapEntry], site_url: str | None) -> bytes:
    """One sitemap of `entries`, whatever its size: sorted by URL, each URL once."""
    blocks = [_url_block(entry, site_root(site_url)) for entry in _unique(entries)]
    return _URLSET_HEAD + b"".join(blocks) + _URLSET_TAIL


def split_urlset(entries: Iterable[SitemapEntry], site_url: str | None, *,
                 max_urls: int = MAX_URLS, max_bytes: int = MAX_BYTES) -> list[bytes]:
    """The sitemaps of `entries`, sorted by URL, each URL once, in as many files as the
    limits need (none for no entries: the protocol wants a `<url>` in every sitemap)."""
    if max_urls < 1:
        raise ValueError(f"a sitemap holds at least one URL, not {max_urls}")
    budget = max_bytes - len(_URLSET_HEAD) - len(_URLSET_TAIL)
    base = site_root(site_url)
    parts: list[list[bytes]] = []
    size = 0
    for entry in _unique(entries):
        block = _url_block(entry, base)
        if len(block) > budget:
            raise ValueError(f"the sitemap entry of {entry.url!r} alone passes "
                             f"{max_bytes} bytes")
        # A new file once this one is full, by count or by size.
        if not parts or len(parts[-1]) == max_urls or size + len(block) > budget:
            parts.append([])
            size = 0
        parts[-1].append(block)
        size += len(block)
    return [_URLSET_HEAD + b"".join(blocks) + _URLSET_TAIL for blocks in parts]


def sitemap_index(paths: Iterable[str], site_url: str | None, *, max_urls: int = MAX_URLS,
                  max_bytes: int = MAX_BYTES) -> bytes:
    """The sitemap index naming the sitemaps at `paths` (relative to the site root), by
    absolute URL, sorted. No `<lastmod>`: a sitemap changes when a page without a date
    is added, which no date from the sources would say. An index cannot be split (an
    index may not name another): past the limits, ValueError."""
    base = site_root(site_url)
    locs = sorted({_loc(base, path) for path in paths})
    if len(locs) > max_urls:
        raise ValueError(f"{len(locs)} sitemaps: an index names at most {max_urls}")
    data = _INDEX_HEAD + b"".join(
        f"  <sitemap>\n    <loc>{loc}</loc>\n  </sitemap>\n".encode() for loc in locs
    ) + _INDEX_TAIL
    if len(data) > max_bytes:
        raise ValueError(f"the sitemap index has {len(data)} bytes: at most {max_bytes}")
    return data


def _unique(entries: Iterable[SitemapEntry]) -> list[SitemapEntry]:
    """`entries` sorted by URL, the last of those with the same URL kept."""
    by_url = {entry.url: entry for entry in entries}
    return [by_url[url] for url in sorted(by_url)]


def _url_block(entry: SitemapEntry, base: str) -> bytes:
    """The `<url>` element of `entry`, indented, as UTF-8."""
    lines = [f"  <url>\n    <loc>{_loc(base, entry.url)}</loc>\n"]
    if entry.lastmod is not None:
        if not _W3C_DATETIME.fullmatch(entry.lastmod):
            raise ValueError(f"lastmod of {entry.url!r} is no W3C date: {entry.lastmod!r}")
        lines.append(f"    <lastmod>{entry.lastmod}</lastmod>\n")
    for code in sorted(entry.alternates):
        lines.append(f'    <xhtml:link rel="alternate" hreflang="{_attribute(code)}" '
                     f'href="{_loc(base, entry.alternates[code])}"/>\n')
    lines.append("  </url>\n")
    return "".join(lines).encode("utf-8")


def _loc(base: str, url: str) -> str:
    """The absolute URL of `url` (relative to the site root), percent-encoded where RFC
    3986 wants it and escaped for XML (`&` as `&amp;`, quotes as entities)."""
    return _attribute(quote(base + url, safe=_URL_SAFE))


def _attribute(text: str) -> str:
    return escape(text, {'"': "&quot;", "'": "&apos;"})
