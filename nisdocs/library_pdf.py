"""Texts that exist only as PDF files, as the library loads them.

A version's text (or a translation's) may be a PDF born elsewhere: the Group's
publications since 2018 are PDFs, and nobody will retype them. Its front matter stays in
the Markdown file (`index.md`, `index.fr.md`), whose body is then empty, and the PDF sits
beside it under the same name (`index.pdf`, `index.fr.pdf`). The file is checked here
(`nisdocs/born_pdf/inspect.py`: a PDF, not too large, not encrypted, nothing that acts);
what a legacy file may lack (tags, title, language) is a warning of `nisdocs check`
(`pdf_text_warnings`), never a reason to refuse it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .assets import PDF_TEXT
from .born_pdf.extract import ExtractedText, TextCache, cached_text
from .born_pdf.inspect import inspect_pdf, pdf_warnings
from .model import Document, PdfText
from .problems import Problem

if TYPE_CHECKING:  # the library imports this module to load its texts
    from .library import Library


def pdf_text_of(markdown: Path, display: str, body: str, body_line: int,
                root: Path) -> tuple[PdfText | None, list[Problem]]:
    """The PDF that is the text of the Markdown file `markdown` (shown as `display`),
    if there is one beside it, and the problems of the pair."""
    pdf = markdown.with_suffix(".pdf")
    if not pdf.is_file() or pdf.is_symlink():  # the loader refuses every link
        return None, []
    pdf_display = pdf.relative_to(root).as_posix()
    facts, problems = inspect_pdf(pdf, pdf_display)
    # The PDF is the text: a body beside it would be a second text no reader sees.
    written = next((index for index, line in enumerate(body.split("\n")) if line.strip()),
                   None)
    if written is not None:
        problems.append(Problem(display, body_line + written, None, (
            f"found Markdown text below the front matter, but {pdf.name} beside it is this "
            f"text; allowed: an empty body (the PDF is the text), or no {pdf.name} (the "
            "Markdown is the text)")))
    return (PdfText(pdf_display, facts) if facts is not None else None), problems


def stray_pdf_texts(folder: Path, root: Path) -> list[Problem]:
    """PDFs of the version folder `folder` named like a text (`index.pdf`,
    `index.<lang>.pdf`) with no front matter beside them."""
    problems = []
    for path in sorted(folder.glob("index*.pdf")):
        markdown = path.with_suffix(".md").name
        if PDF_TEXT.match(path.name) and not path.with_suffix(".md").is_file():
            problems.append(Problem(path.relative_to(root).as_posix(), None, "file", (
                f"found a PDF text without its front matter: there is no {markdown} beside "
                f"it; allowed: {markdown} with the front matter and an empty body (`nisdocs "
                "import` writes one)")))
    return problems


def misplaced_pdf_texts(folder: Path, root: Path) -> list[Problem]:
    """PDFs named like a text anywhere in `folder`, a folder of a document that holds
    no version: a text belongs to the document's folder or a version's."""
    return [Problem(path.relative_to(root).as_posix(), None, "file", (
        f"found a PDF text in '{folder.name}', which is not a version folder; allowed: the "
        "document's folder (the newest version) or a folder named by its version, such as "
        "1.0")) for path in sorted(folder.rglob("index*.pdf")) if PDF_TEXT.match(path.name)]


def pdf_text_warnings(documents: Iterable[Document], source_language: str) -> list[Problem]:
    """What the PDF texts of `documents` lack that an accessible publication has (tags,
    a title, the language, a PDF/A or PDF/UA identification): warnings, since a legacy
    file is what it is."""
    warnings = []
    for document in documents:
        for version in document.versions:
            for language, source in version.sources(source_language):
                if source.pdf is not None:
                    warnings += pdf_warnings(source.pdf.facts, source.pdf.path, language)
    return warnings


def extract_pdf_texts(library: Library, cache: TextCache | None) -> dict[str, ExtractedText]:
    """The text of every PDF that is a text of `library`, by the PDF's path: from
    `cache` where it was extracted before, else extracted now (and kept there)."""
    texts: dict[str, ExtractedText] = {}
    root = library.config.root
    for document in library.documents.values():
        for version in document.versions:
            for _language, source in version.sources(library.source_language):
                if source.pdf is not None and source.pdf.path not in texts:
                    texts[source.pdf.path] = cached_text(root / source.pdf.path,
                                                         source.pdf.facts.sha256, cache)
    return texts
