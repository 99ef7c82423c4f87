"""One PDF of the library, made when it is asked for: the preview's "Preview the PDF".

Under `mkdocs serve` the PDFs are off by default (settings.py): building all of them on
every save would take minutes. The preview's pages link instead to the URL each PDF has
in a full build (`Urls.pdf`), and the preview's server asks here for the file.

The request is planned as the build plans it (`plan_pdf`) and made by the build's own
`build_pdfs`, so through the same cache under the same key: asked again with the source
unchanged, the PDF is read from the cache and nothing is compiled; after an edit the key
changes and it is compiled anew. A text that exists only as a PDF is its own file. A
source that cannot become a PDF gives its problems (file, line, message), not an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..library import Library
from ..problems import LibraryError, Problem
from ..urls import Urls
from .build import build_pdfs
from .cache import PdfCache
from .jobs import PdfJob, plan_pdf
from .publisher import Publisher


@dataclass(frozen=True)
class OnDemandPdf:
    """What a request for one PDF gave."""

    job: PdfJob
    path: Path | None  # the file to send; None when the source could not become a PDF
    compiled: bool  # compiled for this request (False: from the cache, or the original)
    problems: tuple[Problem, ...] = ()
    seconds: float = 0.0


def pdf_job_at(library: Library, site_url: str | None, url: str,
               publisher: Publisher | None = None) -> PdfJob | None:
    """The job of the PDF a full build publishes at `url` (relative to the site root, as
    `Urls.pdf` makes it), naming `publisher` (the build's); None when the library has no
    PDF there."""
    # `library/<id>/<version>/<file>`: only that document's version is looked at, and the
    # URL must be exactly the one `Urls.pdf` makes (no other spelling finds a PDF).
    parts = url.split("/")
    if len(parts) != 4 or parts[0] != "library" or not parts[3].endswith(".pdf"):
        return None
    _, slug, version_name, _ = parts
    urls = Urls(library.source_language)
    for document in library.documents.values():
        if document.id.lower() != slug:
            continue
        for version in document.versions:
            if version.version != version_name:
                continue
            for language in version.languages(library.source_language):
                if urls.pdf(document.id, version.version, language) == url:
                    return plan_pdf(library, site_url, document, version, language,
                                    publisher=publisher)
    return None


def make_pdf(job: PdfJob, project_root: Path, cache: PdfCache) -> OnDemandPdf:
    """The PDF of `job`, from the cache or compiled into it as the build does."""
    # One job through the build's own path: the same key, the same cache entry, the
    # same originals; its problems come back as LibraryError, as the build's do.
    try:
        pdfs = build_pdfs([job], project_root, cache, workers=1)
    except LibraryError as error:
        return OnDemandPdf(job, None, compiled=False, problems=tuple(error.problems))
    return OnDemandPdf(job, pdfs.files[job.url].path, compiled=pdfs.compiled > 0,
                       seconds=pdfs.seconds)


def pdf_on_demand(library: Library, site_url: str | None, project_root: Path,
                  cache: PdfCache, url: str, publisher: Publisher | None = None,
                  ) -> OnDemandPdf | None:
    """The PDF a full build publishes at `url`, made now (or read from the cache); None
    when the library has no PDF there."""
    job = pdf_job_at(library, site_url, url, publisher)
    return None if job is None else make_pdf(job, project_root, cache)
