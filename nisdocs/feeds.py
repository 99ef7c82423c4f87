"""The Atom feeds (RFC 4287): the library's new documents and versions, one feed per
language (`feed.xml` at the root of each language's site).

An entry is a public version of a document, newest first; its link leads to the page
the version is read on (the document page for a current version, the version page for an
earlier one) and its id is the version's stable URL. Every date comes from the sources,
none from the build, so the same sources give the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from .library import Library
from .model import Document, Version, version_key
from .urls import Urls, site_root
from .vocabulary import ui_strings

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MAX_ENTRIES = 50
# The `updated` of a feed without entries: a fixed date, so that it too is reproducible.
EPOCH = "1970-01-01"


@dataclass(frozen=True)
class FeedEntry:
    document: Document
    version: Version


def feed_entries(library: Library, limit: int = MAX_ENTRIES) -> list[FeedEntry]:
    """The public versions of every document, newest first (by date, then id, then
    version), at most `limit`."""
    entries = [FeedEntry(document, version)
               for document in library.documents.values()
               for version in document.public_versions]
    entries.sort(key=lambda e: (e.version.date, e.document.id, version_key(e.version.version)),
                 reverse=True)
    return entries[:limit]


def atom_date(day: str) -> str:
    """An ISO date (`2025-06-03`) as an RFC 3339 date-time at midnight UTC."""
    return f"{day}T00:00:00Z"


def feed_title(language: str, site_name: str | None = None) -> str:
    ui = ui_strings(language)
    title: str = ui["feed"]["title"].format(site=site_name or ui["pdf"]["group"])
    return title


def atom_feed(library: Library, language: str, site_url: str, *,
              site_name: str | None = None) -> bytes:
    """The Atom feed of `language` as UTF-8 XML. `site_url` is the absolute URL of the
    site's root; `site_name` the site's name in `language` (the Group's name if None)."""
    base = site_root(site_url)
    urls = Urls(library.source_language)
    ui = ui_strings(language)
    entries = feed_entries(library)

    # Plain names under a default namespace declared by hand: ElementTree then needs no
    # (process-wide) prefix registration to write the Atom namespace without a prefix.
    feed = ET.Element("feed", {"xmlns": ATOM, XML_LANG: language})
    _text(feed, "id", base + urls.feed(language))
    _text(feed, "title", feed_title(language, site_name))
    _text(feed, "updated", atom_date(entries[0].version.date if entries else EPOCH))
    ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml",
                                             "href": base + urls.feed(language)})
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html",
                                             "href": base + urls.library(language)})
    author = ET.SubElement(feed, "author")
    _text(author, "name", ui["pdf"]["group"])
    for entry in entries:
        _entry(feed, entry, library, language, base, urls)

    ET.indent(feed)
    xml: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return xml + b"\n"


def _entry(feed: ET.Element, item: FeedEntry, library: Library, language: str, base: str,
           urls: Urls) -> None:
    document, version = item.document, item.version
    text = version.text(language, library.source_language)
    attributes = {XML_LANG: text.language} if text.language != language else {}
    entry = ET.SubElement(feed, "entry", attributes)
    _text(entry, "id", base + urls.version(document.id, version.version, language))
    _text(entry, "title", f"{document.id} {version.version}: {text.title}")
    ET.SubElement(entry, "link", {
        "rel": "alternate", "type": "text/html",
        "href": base + urls.page_of(document, version, language)})
    _text(entry, "published", atom_date(version.date))
    _text(entry, "updated", atom_date(version.date))
    _text(entry, "summary", text.summary.strip())
    for topic in version.topics:
        label = library.topics.labels.get(topic, {}).get(language, topic)
        ET.SubElement(entry, "category", {
            "term": topic, "scheme": base + urls.topics(library.source_language),
            "label": label})


def _text(parent: ET.Element, name: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, name)
    element.text = value
    return element
