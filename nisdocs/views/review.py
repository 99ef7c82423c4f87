"""The preview's page "What this pull request changes": each document, version and
language the pull request touches, as added, modified or removed, with links to their
pages in the preview, to what changed since the version before, and to their PDFs.

Made only when the build is given a `Review` (NISDOCS_REVIEW_BASE, nisdocs/review.py);
a published site never has it.
"""

from __future__ import annotations

from typing import Any

from ..model import Document
from ..review import DocumentChange, FileChange, Review, VersionChange
from ..vocabulary import ui_strings
from .common import LanguageContext, SitePage
from .documents import changes_link, pdf_link


def review_page(ctx: LanguageContext, review: Review) -> SitePage:
    """The page in the context's language. Its intro is the interface's text alone: the
    base ref, which comes from the environment, is printed by the template, escaped."""
    ui = ctx.ui["review"]
    documents = [document_view(ctx, change) for change in review.documents]
    return ctx.page(ctx.urls.review(ctx.language), "review", ui["title"],
                    ui["intro"], None,
                    {"base": review.base, "documents": documents,
                     "files": files_view(ctx, review.files),
                     "pdfs_built": ctx.pdfs is not None})


def document_view(ctx: LanguageContext, change: DocumentChange) -> dict[str, Any]:
    """A changed document: its title and page where the preview has it (not a removed
    document, nor a draft the build leaves out), its changed versions and other files."""
    document = ctx.library.documents.get(change.id) if change.shown else None
    text = ctx.text_of(document.current) if document is not None else None
    return {
        "id": change.id, "status": change.status, "status_label": status_label(ctx, change.status),
        "title": text.title if text is not None else None,
        "title_language": text.language if text is not None else None,
        "url": ctx.urls.document(change.id, ctx.language) if document is not None else None,
        "versions": [version_view(ctx, document, version) for version in change.versions],
        "files": files_view(ctx, change.files),
    }


def version_view(ctx: LanguageContext, document: Document | None,
                 change: VersionChange) -> dict[str, Any]:
    """A changed version: its page, what changed since the version before it, and each
    changed language with its page and the PDF this build made of it."""
    version = document.version(change.version) if document is not None else None
    languages = []
    for text in change.texts:
        # A removed translation's page stays: it then shows the source text.
        pdf = (ctx.pdfs.find(version.document_id, version.version, text.language)
               if version is not None and ctx.pdfs is not None and text.status != "removed"
               else None)
        languages.append({
            "code": text.language, "native": ui_strings(text.language)["language_name"],
            "status": text.status, "status_label": status_label(ctx, text.status),
            "pdf_text": text.pdf,
            "url": (ctx.urls.page_of(document, version, text.language)
                    if document is not None and version is not None else None),
            "pdf": pdf_link(ctx, pdf) if pdf is not None else None,
        })
    return {
        "version": change.version, "status": change.status,
        "status_label": status_label(ctx, change.status),
        "label": ctx.ui["review"]["version"].format(version=change.version),
        "url": (ctx.urls.page_of(document, version, ctx.language)
                if document is not None and version is not None else None),
        "changes": (changes_link(ctx, document, version)
                    if document is not None and version is not None else None),
        "languages": languages,
    }


def files_view(ctx: LanguageContext, files: tuple[FileChange, ...]) -> list[dict[str, str]]:
    """Changed files that are no text's, by path: named, not linked."""
    return [{"path": change.path, "status": change.status,
             "status_label": status_label(ctx, change.status)} for change in files]


def status_label(ctx: LanguageContext, status: str) -> str:
    """Added, modified or removed, in the page's language."""
    return str(ctx.ui["review"]["statuses"][status])
