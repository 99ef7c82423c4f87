"""The preview's PDFs on demand: `mkdocs serve` without PDFs builds one when it is asked for.

The preview's pages (built without PDFs) link each version's "Preview the PDF" to the
URL its PDF has in a full build. No such file is in the preview's site: the request is
answered here instead, by the core (`nisdocs/pdf/on_demand.py`), from the last good
build's library, through the build's PDF cache. A source that cannot become a PDF gets
a page naming its problems; a URL where the library has no PDF, mkdocs' 404 page.

This wraps an internal of mkdocs' `LiveReloadServer`, its WSGI handler
`_serve_request`, behind a version guard: on other versions the preview's pages carry
no such link (`available`), as a build without PDFs. mkdocs hands plugins its server
only with live reload: under `mkdocs serve --no-livereload` the links lead to the 404
page (the pages are built before the server is known).
"""

from __future__ import annotations

import html
import logging
import os
import posixpath
import threading
import wsgiref.util
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..pdf.cache import PdfCache
from ..pdf.on_demand import OnDemandPdf, make_pdf, pdf_job_at
from ..pdf.settings import PdfSettings, pdf_settings
from ..settings import Options
from .patches import Guard

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from .state import BuildState

    # What the handler needs of the plugin, read at each request: the last good build's
    # state (None before the first), the config and the plugin's options.
    Current = Callable[[], tuple[BuildState | None, MkDocsConfig, Options]]

GUARD = Guard("the preview builds a page's PDF on demand", {"mkdocs": ">=1.6,<1.7"})

log = logging.getLogger("mkdocs.plugins.nisdocs")

StartResponse = Callable[..., Any]


def available() -> bool:
    """Whether the preview can serve PDFs on demand (its pages then link to them)."""
    return not GUARD.mismatches()


def install(server: Any, current: Current) -> None:
    """Answer the requests of mkdocs' live-reload `server` for the PDFs a full build
    would publish, when the preview was built without them."""
    if not available():
        log.info(f"nisdocs: on {', '.join(GUARD.mismatches())} the preview offers no PDF "
                 "on demand (NISDOCS_PDF=true mkdocs serve builds them all)")
        return
    serve: Callable[[dict[str, Any], StartResponse], Iterable[bytes] | None] = (
        server._serve_request)
    # One compile at a time: two requests for the same PDF (a reload, a second tab) then
    # find the first one's result in the cache instead of compiling it twice.
    lock = threading.Lock()

    def serve_request(environ: dict[str, Any], start_response: StartResponse
                      ) -> Iterable[bytes] | None:
        url = _site_path(environ, server.mount_path)
        if url is None:
            return serve(environ, start_response)
        # As mkdocs does for a file: not from a site half rebuilt, so an edit just saved
        # is in the library once the rebuild it started is done.
        with server._epoch_cond:
            server._epoch_cond.wait_for(lambda: server._visible_epoch == server._wanted_epoch)
        state, config, options = current()
        # PDFs built with the site (NISDOCS_PDF=true) are files of the site.
        if state is None or state.pdfs is not None:
            return serve(environ, start_response)
        root = Path(config.config_file_path).parent
        # The logo the settings name may have been edited since the build: shown if bad.
        try:
            settings = _settings(options, root, state.library.source_language)
        except ValueError as error:
            return _problem_page(start_response, url, str(error))
        job = pdf_job_at(state.library, config.site_url, url, settings.publisher)
        if job is None:
            return serve(environ, start_response)  # mkdocs' 404 page
        with lock:
            result = _make(job.name, lambda: make_pdf(job, root, PdfCache(settings.cache)))
        if isinstance(result, str):
            return _problem_page(start_response, job.name, result)
        if result.path is None:
            return _problem_page(start_response, job.name,
                                 "\n".join(str(problem) for problem in result.problems))
        how = f"compiled in {result.seconds:.1f} s" if result.compiled else (
            "the original" if job.original is not None else "from the cache")
        log.info(f"nisdocs: PDF preview of {job.name}: {how}")
        return _pdf(start_response, result.path)

    server._serve_request = serve_request


def _site_path(environ: dict[str, Any], mount_path: str) -> str | None:
    """The requested path relative to the site root when it names a PDF, else None."""
    # As mkdocs reads PATH_INFO (bytes as latin-1, meant as UTF-8), then normalised.
    path = str(environ.get("PATH_INFO", "")).encode("latin-1", "replace").decode("utf-8",
                                                                                 "ignore")
    if not path.endswith(".pdf") or not path.startswith(mount_path):
        return None
    return posixpath.normpath("/" + path[len(mount_path):]).lstrip("/")


def _settings(options: Options, root: Path, source_language: str) -> PdfSettings:
    """The build's PDF settings: its cache (the plugin's `pdf.cache`, or
    NISDOCS_PDF_CACHE) and publisher, so that a PDF made on demand is the build's."""
    return pdf_settings(options.pdf, root=root, serving=True, environ=os.environ,
                        source_language=source_language)


def _make(name: str, make: Callable[[], OnDemandPdf]) -> OnDemandPdf | str:
    """`make()`, or what went wrong outside the source (the toolchain, the cache's disk)
    as a message: the preview shows it and keeps serving."""
    try:
        return make()
    except Exception as error:  # any failure: shown in the browser, logged without a traceback
        log.error(f"nisdocs: the PDF preview of {name} failed: {error}")
        return f"{type(error).__name__}: {error}"


def _pdf(start_response: StartResponse, path: Path) -> Iterable[bytes]:
    try:
        file = path.open("rb")
    except OSError as error:  # the cache emptied meanwhile: shown, not raised
        return _problem_page(start_response, path.name, str(error))
    # Not kept by the browser: the next request after an edit must reach the server.
    start_response("200 OK", [("Content-Type", "application/pdf"),
                              ("Content-Length", str(os.fstat(file.fileno()).st_size)),
                              ("Cache-Control", "no-store")])
    return wsgiref.util.FileWrapper(file)


def _problem_page(start_response: StartResponse, name: str, problems: str) -> Iterable[bytes]:
    """A page naming why the PDF could not be made; it loads nothing and runs nothing."""
    body = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>No PDF: {html.escape(name)}</title></head><body>"
        f"<h1>The PDF of {html.escape(name)} could not be made</h1>"
        f"<pre>{html.escape(problems)}</pre>"
        "<p>Fix the source and save, then load this page again.</p></body></html>"
    ).encode()
    start_response("500 Internal Server Error", [
        ("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body))),
        ("Content-Security-Policy", "default-src 'none'"), ("Cache-Control", "no-store")])
    return [body]
