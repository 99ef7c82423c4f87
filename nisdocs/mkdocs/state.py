"""What one `mkdocs build` (all its language builds) shares, kept on the plugin
instance: the library loaded once, its PDFs and generated pages, the render patches'
memory, and what the sitemaps and 404 pages gather as each language is built.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

from ..born_pdf.extract import TextCache
from ..changes import pull_request_review
from ..checking import text_problems_of
from ..library import Library, LibraryConfig, load_library
from ..library_cache import FolderCache
from ..library_pdf import extract_pdf_texts
from ..pdf.build import build_pdfs
from ..pdf.bundles import make_bundles
from ..pdf.cache import PdfCache
from ..pdf.files import PdfSet
from ..pdf.jobs import plan_pdfs
from ..pdf.settings import PdfSettings, pdf_settings
from ..problems import LibraryError
from ..settings import Options, include_drafts
from ..sitemaps import SitemapEntry
from ..views import Site, build_site
from ..vocabulary import missing_ui_languages
from . import pdf_preview
from .i18n import Languages
from .patches.navigation_cache import NavigationCache
from .patches.shared_render import SharedRender
from .theme import ThemeInline

log = logging.getLogger("mkdocs.plugins.nisdocs")


@dataclass(frozen=True)
class Alternate:
    """A generated page's copy in another language, as static-i18n's alternates list it
    for the sitemap and the language switcher: its URL, with no page in this build."""

    url: str
    locale: str
    page: None = None


@dataclass
class BuildState:
    library: Library
    pdfs: PdfSet | None
    site: Site
    site_name: str  # the default language's; static-i18n overrides it per language
    shared_render: SharedRender | None  # None when the patch is left out
    navigation_cache: NavigationCache | None  # the same
    # The alternates of generated pages, made once for all the language builds.
    alternates: dict[tuple[str, str], Alternate] = field(default_factory=dict)
    # Each language's pages as the sitemaps list them (nisdocs/sitemaps.py), by language:
    # gathered as each language's build renders them, written once all are built.
    sitemap: dict[str, list[SitemapEntry]] = field(default_factory=dict)
    # The language build's template environment, material's inline code for the policy,
    # and its navigation and files (for its 404 page).
    env: Environment | None = None
    theme: ThemeInline | None = None
    nav: Navigation | None = None
    files: Files | None = None
    # Where the text extracted from PDFs that are texts is kept (the preview's refresh
    # reads it again).
    text_cache: TextCache | None = None

    def alternate(self, url: str, locale: str) -> Alternate:
        key = (url, locale)
        if key not in self.alternates:
            self.alternates[key] = Alternate(url, locale)
        return self.alternates[key]


def load(config: MkDocsConfig, options: Options, languages: Languages, *,
         command: str, folders: FolderCache | None = None) -> BuildState:
    """The library, its PDFs and its generated pages, once per `mkdocs build`; a
    PluginError listing every problem when the sources have any."""
    missing = missing_ui_languages(languages.all)
    if missing:
        raise PluginError(f"nisdocs has no interface strings for: {', '.join(missing)} "
                          "(add nisdocs/data/ui/<lang>.yml)")
    root = Path(config.config_file_path).parent
    try:
        drafts = include_drafts(options, os.environ)
    except ValueError as error:
        raise PluginError(f"nisdocs: {error}") from None
    library_config = LibraryConfig(root=root, languages=languages.all,
                                   source_dir=options.sources, include_drafts=drafts,
                                   left_out=languages.left_out)
    try:
        library = load_library(library_config, folders)
        # Whether or not `nisdocs check` ran, what it refuses in a text the build refuses
        # too: no text may inject script into the site or lead out of its folder (the
        # publishing gate), and check passes exactly when the build does
        # (tests/test_differential.py).
        problems = text_problems_of(library)
        if problems:
            raise LibraryError(problems)
        settings = _pdf_settings(options, root, command, library.source_language)
        pdfs = _build_pdfs(config, settings, library, root)
    except LibraryError as error:
        raise PluginError(str(error)) from None
    # The text of each PDF that is a text, for its page and the search, whether or not
    # this build publishes PDFs; kept in the PDF cache.
    text_cache = TextCache(settings.cache)
    pdf_texts = extract_pdf_texts(library, text_cache)
    try:  # a pull request's preview (NISDOCS_REVIEW_BASE): what it changes
        review = pull_request_review(library, os.environ)
    except ValueError as error:
        raise PluginError(f"nisdocs: {error}") from None
    # Under serve without PDFs, each version's page offers its PDF built on demand
    # (pdf_preview.py answers those URLs).
    site = build_site(library, pdfs, config.site_url, pdf_texts, review,
                      pdf_preview=command == "serve" and pdf_preview.available())
    state = BuildState(library=library, pdfs=pdfs, site=site,
                       site_name=config.site_name, shared_render=SharedRender.if_tested(),
                       navigation_cache=NavigationCache.if_tested(), text_cache=text_cache)
    log.info(f"nisdocs: {len(library.documents)} documents, {len(state.site.pages)} "
             f"generated pages in {len(languages.all)} languages")
    return state


def _pdf_settings(options: Options, root: Path, command: str,
                  source_language: str) -> PdfSettings:
    try:
        return pdf_settings(options.pdf, root=root, serving=command == "serve",
                            environ=os.environ, source_language=source_language)
    except ValueError as error:
        raise PluginError(f"nisdocs: {error}") from None


def _build_pdfs(config: MkDocsConfig, settings: PdfSettings, library: Library,
                root: Path) -> PdfSet | None:
    """Every PDF into the cache, before any page needs its size; None when switched off."""
    if not settings.enabled:
        log.info("nisdocs: PDFs skipped (NISDOCS_PDF=true or the pdf option serve: true "
                 "builds them)")
        return None
    jobs = plan_pdfs(library, config.site_url, publisher=settings.publisher)
    cache = PdfCache(settings.cache)
    pdfs = build_pdfs(jobs, root, cache, workers=settings.workers, progress=_log_progress)
    pdfs.bundles = make_bundles(library, pdfs, settings.cache)
    originals = f", {pdfs.originals} published as they are" if pdfs.originals else ""
    log.info(f"nisdocs: {len(pdfs.files)} PDFs: {pdfs.compiled} compiled, {pdfs.reused} "
             f"from the cache{originals}, in {pdfs.seconds:.1f} s")
    return pdfs


def _log_progress(done: int, total: int) -> None:
    step = max(1, total // 10)
    if done == total or done % step == 0:
        log.info(f"nisdocs: compiling PDFs {done}/{total}")
