"""The two tables of the whole library: the downloads page (each document's current
PDFs, and the ZIP of each language) and the translations page (where each document
stands in each language, and each language's coverage).
"""

from __future__ import annotations

from ..model import TranslationState
from ..translations import TRANSLATION_STATES, TranslationStatus
from ..vocabulary import ui_strings
from .common import LanguageContext, SitePage, format_size
from .documents import pdf_links


def downloads_page(ctx: LanguageContext) -> SitePage:
    ui = ctx.ui["downloads"]
    if ctx.pdfs is None:  # a preview without PDFs: the page says so
        return ctx.page(ctx.urls.downloads(ctx.language), "downloads", ui["title"],
                        ui["not_built"], None, {"documents": [], "bundles": []})
    rows = []
    for document in ctx.library.documents.values():
        text = ctx.text_of(document.current)
        rows.append({"id": document.id, "title": text.title, "title_language": text.language,
                     "url": ctx.urls.document(document.id, ctx.language),
                     "version": document.current.version,
                     "status": document.current.status,
                     "status_label": ctx.ui["statuses"][document.current.status],
                     **ctx.standing(document, document.current),
                     "pdfs": pdf_links(ctx, document, document.current)})
    bundles = [{
        "url": bundle.url, "language": language,
        "label": ui["bundle"].format(language=ui_strings(language)["language_name"],
                                     count=bundle.count,
                                     size=format_size(bundle.size, ctx.ui)),
    } for language, bundle in ctx.pdfs.bundles.items()]
    return ctx.page(ctx.urls.downloads(ctx.language), "downloads", ui["title"], ui["intro"],
                    None, {"documents": rows, "bundles": bundles})


def translations_page(ctx: LanguageContext, status: TranslationStatus) -> SitePage:
    """The translation matrix `status` (the same in every language), labelled in the
    context's language."""
    ui = ctx.ui["translations"]
    languages = [{"code": code, "native": ui_strings(code)["language_name"]}
                 for code in status.languages]
    coverage = [{"code": code, "native": ui_strings(code)["language_name"],
                 "counts": [{"state": state.value, "label": ctx.ui["states"][state.value],
                             "count": count}
                            for state, count in status.coverage(code).items()]}
                for code in status.languages]
    rows = []
    for row in status.rows:
        document = ctx.library.documents[row.document_id]
        text = ctx.text_of(document.current)
        cells = []
        for code in status.languages:
            cell = row.cells[code]
            label = (ui["outdated_of"].format(version=cell.translated_version)
                     if cell.state is TranslationState.OUTDATED
                     else ctx.ui["states"][cell.state.value])
            url = (None if cell.state in (TranslationState.MISSING,
                                          TranslationState.IN_PROGRESS)
                   else ctx.urls.document(document.id, code))
            cells.append({"code": code, "state": cell.state.value, "label": label,
                          "url": url, "name": ui_strings(code)["language_name"]})
        rows.append({"id": document.id, "title": text.title, "title_language": text.language,
                     "url": ctx.urls.document(document.id, ctx.language),
                     "version": row.version, "cells": cells})
    return ctx.page(ctx.urls.translations(ctx.language), "translations", ui["title"],
                    ui["intro"], None, {"languages": languages, "coverage": coverage,
                                        "states": [s.value for s in TRANSLATION_STATES],
                                        "documents": rows})
