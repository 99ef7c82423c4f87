"""What the site shows of texts that exist only as PDFs.

The page of such a text carries, where the Markdown of any other would be, the text
extracted from its PDF: all of it when every page came out readable, else the first
readable pages as a preview, else a note that none could be read. It is plain HTML,
escaped here, so that it reaches the page as it is, whatever it holds (`<`, `*` or `#`
mean nothing in it), and it is what the site's search indexes of the document.

The accessibility statement lists every such PDF that is not tagged, as the EU's model
statement asks of content that is not accessible, with the alternative the site offers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..born_pdf.extract import PageText
from ..escaping import html_attribute, html_text, markdown_text
from ..library import Library
from ..model import PdfText, Version
from ..urls import Urls
from ..vocabulary import ui_strings
from .common import LanguageContext

# The placeholder a page of the site's own (docs/accessibility.md) writes where the list
# of untagged PDFs goes; the renderer replaces it with `untagged_pdfs_markdown`.
UNTAGGED_PDFS = "<!-- nisdocs: untagged PDFs -->"


def pdf_text_body(ctx: LanguageContext, pdf: PdfText, language: str, url: str) -> str:
    """The HTML of the page at `url` of a text that exists only as the PDF `pdf`: its
    extracted text, page by page, in the text's `language`, under headings in the
    reader's; for an untagged PDF, first a word on its accessibility."""
    texts = ctx.ui["pdf_text"]
    extracted = ctx.pdf_texts.get(pdf.path)
    pages: tuple[PageText, ...] = ()
    if extracted is not None and extracted.readable:
        pages, note = extracted.pages, texts["note"]
    elif extracted is not None and extracted.preview():
        pages, note = extracted.preview(), texts["preview"]
    else:
        note = texts["none"]
    # One block of HTML without blank lines: Markdown passes it on untouched.
    parts = [f'<section class="nisdocs-pdf-text" aria-labelledby="pdf-text" '
             f'lang="{html_attribute(ctx.language)}">',
             f'<h2 id="pdf-text">{html_text(texts["title"])}</h2>']
    # Where readers of an untagged PDF learn that this page is its accessible form: a
    # link relative to the page (the HTML reaches the page as it is).
    if not pdf.facts.tagged:
        statement = "../" * url.count("/") + f"{ctx.urls.prefix(ctx.language)}accessibility/"
        parts.append(f'<p class="nisdocs-pdf-text__untagged">'
                     f'{html_text(texts["untagged"])} <a href="{html_attribute(statement)}">'
                     f'{html_text(texts["statement"])}</a></p>')
    parts.append(f'<p class="nisdocs-pdf-text__note">{html_text(note)}</p>')
    if pages:
        # The text in its language, each page's heading in the reader's.
        parts.append(f'<div lang="{html_attribute(language)}">')
        for page in (page for page in pages if page.paragraphs):
            parts.append(f'<h3 id="pdf-page-{page.number}" lang="{html_attribute(ctx.language)}">'
                         f'{html_text(texts["page"].format(number=page.number))}</h3>')
            parts += [f"<p>{html_text(paragraph)}</p>" for paragraph in page.paragraphs]
        parts.append("</div>")
    parts.append("</section>")
    return "\n".join(parts) + "\n"


def pdf_texts_of(version: Version, source_language: str) -> Iterator[tuple[str, PdfText]]:
    """The texts of `version` that exist only as PDFs, with their languages."""
    for language, source in version.sources(source_language):
        if source.pdf is not None:
            yield language, source.pdf


def fill_untagged_pdfs(markdown: str, library: Library, language: str) -> str:
    """`markdown` of a page of the site's own with the `UNTAGGED_PDFS` placeholder
    replaced by `untagged_pdfs_markdown`, indented as the placeholder is (it may sit in a
    list item)."""

    def listing(match: re.Match[str]) -> str:
        indent = match[1]
        lines = untagged_pdfs_markdown(library, language).split("\n")
        return "\n".join(indent + line for line in lines)

    return re.sub(rf"^([ \t]*){re.escape(UNTAGGED_PDFS)}[ \t]*$", listing, markdown,
                  flags=re.MULTILINE)


def untagged_pdfs_markdown(library: Library, language: str) -> str:
    """The list of every public PDF text of `library` that is not tagged, for the
    accessibility statement in `language`: each with its document, version and language,
    linked to the page that carries its text."""
    ui = ui_strings(language)
    urls = Urls(library.source_language)
    items = []
    for document in library.documents.values():
        for version in document.public_versions:
            for code, pdf in pdf_texts_of(version, library.source_language):
                if pdf.facts.tagged:
                    continue
                text = version.text(language, library.source_language)
                title = markdown_text(text.title)
                # A title in another language than the statement's is marked as such.
                if text.language != language:
                    title = f'<span lang="{html_attribute(text.language)}">{title}</span>'
                # A link to the version's Markdown file: mkdocs checks that it exists,
                # and static-i18n picks the page in the statement's language.
                path = urls.page_of(document, version, library.source_language)
                item = ui["pdf_text"]["listed"].format(
                    title=f"[{title}]({path}index.md)", id=document.id,
                    version=version.version, language=ui["language_names"][code])
                items.append(f"- {item}")
    return "\n".join(items) if items else str(ui["pdf_text"]["all_tagged"])


