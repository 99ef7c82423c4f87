"""`build_site`: every generated page in every language, and the redirects.

One `LanguageContext` per language; each kind of page is made from it by its own
module, in a fixed order: the order of `Site.pages` is the order mkdocs is given them.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace

from ..born_pdf.extract import ExtractedText
from ..library import Library
from ..links import named_ids
from ..model import Document, Source
from ..pdf.files import PdfSet
from ..review import Review
from ..translations import translation_status
from ..urls import Urls
from .common import LanguageContext, Memo, Redirect, Site, SitePage, site_assets
from .contributors import front_matter_page
from .documents import changes_pages, document_pages, document_redirects
from .downloads import downloads_page, translations_page
from .legislation import legislation_pages
from .listings import library_page, topic_pages
from .review import review_page


def build_site(library: Library, pdfs: PdfSet | None = None,
               site_url: str | None = None,
               pdf_texts: Mapping[str, ExtractedText] | None = None,
               review: Review | None = None, *, pdf_preview: bool = False) -> Site:
    """The generated pages; with `pdfs`, each version's page offers its PDFs and every
    language has a downloads page. `site_url` makes the URLs in citations absolute.
    `pdf_texts` holds the text extracted from each PDF that is a text, by its path
    (`library_pdf.extract_pdf_texts`); without it their pages say none could be read.
    With `review`, a pull request's preview: every language has its review page.
    `pdf_preview` (without `pdfs`, for a server that builds a PDF when it is asked for
    at its URL): each version's page offers to preview its PDF."""
    made = _Pages(library, pdfs, site_url, pdf_texts, pdf_preview, review).make(
        library.documents)
    return Site({page.src_uri: page for page in made.pages}, made.redirects,
                site_assets(library), by_document=made.by_document, lists=made.lists)


@dataclass(frozen=True)
class SiteUpdate:
    site: Site  # the whole site, as `build_site` would make it
    changed: list[str]  # the src_uri of each page whose content or view changed
    listed: bool  # whether what the pages listing documents show of them changed


def update_site(previous: Site, old: Library, library: Library, documents: Collection[str],
                pdfs: PdfSet | None = None, site_url: str | None = None,
                pdf_texts: Mapping[str, ExtractedText] | None = None,
                review: Review | None = None, *,
                pdf_preview: bool = False) -> SiteUpdate | None:
    """`previous`, the site of the `old` library, after an edit of the `documents` (ids),
    which `library` holds as they are now: their pages, and those of the documents
    linked with them, are made again in every language, and the pages that list
    documents too when what they show of one changed; the others are kept. None when
    the edit changes which pages or redirects exist (a version, a translation or a
    reference added or removed): then the whole site is built again."""
    # Beside the edited documents, those whose pages show something of them: those that
    # name one (a link's title, "supersedes") and those one names ("superseded by"),
    # before the edit and after.
    shown = set(documents)
    for known in (old, library):
        for document in known.documents.values():
            if document.id in documents:
                shown |= named_ids(document)
            elif named_ids(document) & set(documents):
                shown.add(document.id)
    edited = {doc_id: library.documents[doc_id] for doc_id in sorted(shown)
              if doc_id in library.documents}
    listed = any(_listed(old.documents.get(doc_id)) != _listed(library.documents.get(doc_id))
                 for doc_id in documents)
    made = _Pages(library, pdfs, site_url, pdf_texts, pdf_preview, review).make(
        edited, listings=listed)
    if (listed and made.lists != previous.lists) or any(
            made.by_document.get(doc_id, frozenset())
            != previous.by_document.get(doc_id, frozenset())
            for doc_id in shown):
        return None
    redirects = {(r.url, r.language): r for r in previous.redirects}
    if any(redirects.get((r.url, r.language)) != r for r in made.redirects):
        return None
    pages = dict(previous.pages)
    changed = [page.src_uri for page in made.pages if pages[page.src_uri] != page]
    pages.update((page.src_uri, page) for page in made.pages)
    return SiteUpdate(Site(pages, previous.redirects, previous.assets,
                           by_document=previous.by_document, lists=previous.lists), changed,
                      listed)


def _listed(document: Document | None) -> object:
    """What the pages that list documents (library, topics, legislation, translations,
    downloads, home page) read of `document`: everything but the bodies of its texts."""
    if document is None:
        return None

    def without_body(source: Source) -> Source:
        return replace(source, body="", body_line=0)

    return [replace(version, source=without_body(version.source), translations={
        language: replace(text, source=without_body(text.source))
        for language, text in version.translations.items()})
        for version in document.versions], document.superseded_by


@dataclass
class _Made:
    pages: list[SitePage] = field(default_factory=list)  # in the order mkdocs gets them
    redirects: list[Redirect] = field(default_factory=list)
    by_document: dict[str, frozenset[str]] = field(default_factory=dict)
    lists: frozenset[str] = frozenset()


class _Pages:
    """Makes the pages of some documents and the pages that list them, in every
    language. What every language shares: the translation matrix is the same in all of
    them, and the memo keeps the diffs that languages shown untranslated have in
    common."""

    def __init__(self, library: Library, pdfs: PdfSet | None, site_url: str | None,
                 pdf_texts: Mapping[str, ExtractedText] | None, pdf_preview: bool,
                 review: Review | None) -> None:
        self.library, self.pdfs, self.site_url, self.pdf_texts = (library, pdfs, site_url,
                                                                  pdf_texts)
        self.pdf_preview = pdf_preview and pdfs is None
        self.review = review
        self.status = translation_status(library)
        self.urls = Urls(library.source_language)
        self.memo = Memo()

    def make(self, documents: Mapping[str, Document], *, listings: bool = True) -> _Made:
        made = _Made()
        by_document: dict[str, set[str]] = {doc_id: set() for doc_id in documents}
        lists: set[str] = set()
        for language in self.library.languages:
            ctx = LanguageContext.of(self.library, language, pdfs=self.pdfs,
                                     site_url=self.site_url, urls=self.urls, memo=self.memo,
                                     pdf_texts=self.pdf_texts, pdf_preview=self.pdf_preview)
            for document in documents.values():
                pages = document_pages(ctx, document) + changes_pages(ctx, document)
                by_document[document.id].update(page.src_uri for page in pages)
                made.pages += pages
                made.redirects += document_redirects(ctx, document)
            if not listings:
                continue
            listing = [library_page(ctx), *topic_pages(ctx), *legislation_pages(ctx),
                       downloads_page(ctx), translations_page(ctx, self.status),
                       front_matter_page(ctx)]
            # A pull request's preview only (NISDOCS_REVIEW_BASE): what it changes.
            if self.review is not None:
                listing.append(review_page(ctx, self.review))
            lists.update(page.src_uri for page in listing)
            made.pages += listing
        made.by_document = {doc_id: frozenset(uris) for doc_id, uris in by_document.items()}
        made.lists = frozenset(lists)
        return made
