"""`build_site`: every generated page in every language, and the redirects.

One `LanguageContext` per language; each kind of page is made from it by its own
module, in a fixed order: the order of `Site.pages` is the order mkdocs is given them.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..born_pdf.extract import ExtractedText
from ..library import Library
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
               review: Review | None = None) -> Site:
    """The generated pages; with `pdfs`, each version's page offers its PDFs and every
    language has a downloads page. `site_url` makes the URLs in citations absolute.
    `pdf_texts` holds the text extracted from each PDF that is a text, by its path
    (`library_pdf.extract_pdf_texts`); without it their pages say none could be read.
    With `review`, a pull request's preview: every language has its review page."""
    # What every language shares: the translation matrix is the same in all of them,
    # and the memo keeps the diffs that languages shown untranslated have in common.
    status = translation_status(library)
    urls = Urls(library.source_language)
    memo = Memo()
    pages: dict[str, SitePage] = {}
    redirects: list[Redirect] = []
    for language in library.languages:
        ctx = LanguageContext.of(library, language, pdfs=pdfs, site_url=site_url, urls=urls,
                                 memo=memo, pdf_texts=pdf_texts)
        made: list[SitePage] = []
        for document in library.documents.values():
            made += document_pages(ctx, document)
            made += changes_pages(ctx, document)
            redirects += document_redirects(ctx, document)
        made.append(library_page(ctx))
        made += topic_pages(ctx)
        made += legislation_pages(ctx)
        made += [downloads_page(ctx), translations_page(ctx, status), front_matter_page(ctx)]
        # A pull request's preview only (NISDOCS_REVIEW_BASE): what it changes.
        if review is not None:
            made.append(review_page(ctx, review))
        pages.update((page.src_uri, page) for page in made)
    return Site(pages, redirects, site_assets(library))
