"""`catalogue.json`: the machine-readable list of every public document.

The format is documented in docs/catalogue.md. URLs are relative to the site root.
No build time or other changing value goes in, so the same sources give the same file.
"""

from __future__ import annotations

import json
from typing import Any

from .library import Library
from .model import Document, TranslationState, Version
from .pdf.files import PdfSet
from .urls import Urls

FORMAT_VERSION = 1


def build_catalogue(library: Library, pdfs: PdfSet | None = None) -> dict[str, Any]:
    urls = Urls(library.source_language)
    return {
        "format": "nisdocs-catalogue",
        "format_version": FORMAT_VERSION,
        "source_language": library.source_language,
        "languages": list(library.languages),
        "documents": [_document(document, library, urls, pdfs)
                      for document in library.documents.values()],
    }


def catalogue_json(library: Library, pdfs: PdfSet | None = None) -> str:
    return json.dumps(build_catalogue(library, pdfs), ensure_ascii=False, indent=2) + "\n"


def _document(document: Document, library: Library, urls: Urls,
              pdfs: PdfSet | None) -> dict[str, Any]:
    current = document.current
    source = library.source_language
    titles = {source: current.title}
    titles.update({lang: t.title for lang, t in sorted(current.translations.items())})
    return {
        "id": document.id,
        "title": titles,
        "type": current.type,
        "status": current.status,
        "date": current.date,
        "version": current.version,
        "topics": list(current.topics),
        "references": [r.as_dict() for r in current.references],
        "supersedes": list(current.supersedes),
        "superseded_by": list(document.superseded_by),
        "related": [d for d in current.related if d in library.documents],
        "url": urls.document(document.id, source),
        "short_url": urls.short(document.id, source),
        "versions": [_version(document, v, library, urls, pdfs)
                     for v in reversed(document.versions)],
    }


def _version(document: Document, version: Version, library: Library, urls: Urls,
             pdfs: PdfSet | None) -> dict[str, Any]:
    is_current = version is document.current
    languages = {}
    for language in library.languages:
        state = version.translation_state(language, library.source_language)
        if state is TranslationState.MISSING:
            continue
        url = urls.page_of(document, version, language)
        pdf = pdfs.find(document.id, version.version, language) if pdfs else None
        # A text that exists only as a PDF: the PDF is the original, published as issued.
        original = version.text(language, library.source_language).source.pdf
        entry: dict[str, Any] = {
            "url": url, "state": state.value, "format": "pdf" if original else "markdown",
            "pdf": {"url": pdf.url, "size": pdf.size, "original": original is not None,
                    **({"tagged": original.facts.tagged} if original else {})}
            if pdf else None}
        translation = version.translations.get(language)
        if translation is not None:
            entry["source_version"] = translation.source_version
        languages[language] = entry
    return {
        "version": version.version,
        "date": version.date,
        "status": version.status,
        "current": is_current,
        "references": [r.as_dict() for r in version.references],
        "languages": languages,
    }
