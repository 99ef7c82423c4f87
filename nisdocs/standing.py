"""What a reader must see of a document's standing wherever it is listed or shown: a
status that is not simply "in force" (superseded, withdrawn, draft), the documents that
supersede it, and whether its latest version may be called current.

Plain data for `views/`, which hands it to the templates (`<title>`, the `<h1>` area,
the library table, topic pages, downloads, the home page's latest list, legislation
pages' lists of citing documents).
"""

from __future__ import annotations

from typing import Any

from .library import Library
from .model import Document, Version
from .urls import Urls

# Statuses a reader must be told of in the title and every list: the document no
# longer applies, or never did yet.
FLAGGED = ("superseded", "withdrawn", "draft")


def standing(document: Document, version: Version) -> str | None:
    """The status the page of `version` must flag: the document's, once superseded or
    withdrawn (for every version), or the version's own when it is a draft; None when
    the document is in force (published, or in consultation, which its banner says)."""
    if not in_force(document):
        return document.current.status
    return "draft" if version.status == "draft" else None


def in_force(document: Document) -> bool:
    """Whether the document's latest version may be called its current version: not
    once the document is superseded or withdrawn (NCG-0002 1.0 is its latest version,
    not a current one)."""
    return document.current.status not in ("superseded", "withdrawn")


def successors(library: Library, urls: Urls, document: Document,
               language: str) -> list[dict[str, Any]]:
    """The documents that supersede `document`, each with its title in the text shown
    in `language`, and its page there."""
    links = []
    for doc_id in document.superseded_by:
        successor = library.documents.get(doc_id)
        if successor is None:
            continue
        text = successor.current.text(language, library.source_language)
        links.append({"id": doc_id, "title": text.title, "title_language": text.language,
                      "url": urls.document(doc_id, language)})
    return links


def standing_view(library: Library, urls: Urls, ui: dict[str, Any], document: Document,
                  version: Version, language: str) -> dict[str, Any]:
    """The standing of `version` as the templates show it: `standing` (a status key or
    None), its label, and the successors (partials/nisdocs/status-badge.html)."""
    key = standing(document, version)
    return {"standing": key,
            "standing_label": ui["statuses"][key] if key else None,
            "successors": successors(library, urls, document, language)
            if key == "superseded" else []}
