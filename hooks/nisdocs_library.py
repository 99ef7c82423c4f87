"""mkdocs glue for nisdocs: hands the library's generated pages to mkdocs.

All logic lives in the `nisdocs` package; this module only connects its output to
mkdocs' events. Settings come from `extra.nisdocs` in mkdocs.yml:

    extra:
      nisdocs:
        sources: guidelines        # the library's sources, relative to mkdocs.yml
        drafts: false              # true (or NISDOCS_DRAFTS=true) shows drafts, bannered
        edit_url: https://…/edit/main/   # prefix of "edit this page" links
        pdf: {enabled: true, serve: false, cache: …, workers: 0}   # see nisdocs/pdf/settings.py

mkdocs-static-i18n builds the site once per language on the same config object, so
every event below runs once per language; the library is loaded once per build.
"""

from __future__ import annotations

import logging
import os
import posixpath
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler, get_relative_url, is_error_template, write_file

from nisdocs import csp, static_i18n, template_lookup
from nisdocs.catalogue import catalogue_json
from nisdocs.checking import text_problems_of
from nisdocs.dcat import CATALOGUE_FILE, dcat_catalogue
from nisdocs.escaping import own_template
from nisdocs.feeds import atom_feed, feed_title
from nisdocs.library import Library, LibraryConfig, load_library
from nisdocs.links import resolve_law_hrefs
from nisdocs.navigation_cache import NavigationCache
from nisdocs.not_found import NOT_FOUND_FILE, base_path, not_found_path, not_found_view
from nisdocs.not_found import TEMPLATE as NOT_FOUND_TEMPLATE
from nisdocs.pdf.build import build_pdfs, publish
from nisdocs.pdf.bundles import make_bundles
from nisdocs.pdf.cache import PdfCache
from nisdocs.pdf.files import PdfSet
from nisdocs.pdf.jobs import plan_pdfs
from nisdocs.pdf.settings import pdf_settings
from nisdocs.precompress import precompress, summary
from nisdocs.problems import LibraryError
from nisdocs.search import SearchIndexError, write_index
from nisdocs.settings import include_drafts
from nisdocs.shared_render import SharedRender
from nisdocs.site_output import CannotStage, StagedSite, stage
from nisdocs.sitemaps import SitemapEntry, lastmod_of, sitemap_files
from nisdocs.switcher import switcher_view, untranslated_docs, untranslated_in_view
from nisdocs.urls import Urls
from nisdocs.views import Site, build_site, home_view, page_view
from nisdocs.vocabulary import missing_ui_languages, ui_strings

log = logging.getLogger("mkdocs.hooks.nisdocs")


class _State:
    """What one `mkdocs build` (all its language builds) shares."""

    command: str = "build"  # the mkdocs command: build, serve or gh-deploy
    library: Library | None = None
    site: Site | None = None
    pdfs: PdfSet | None = None
    site_name: str = ""  # the default language's; static-i18n overrides it per language
    shared_render: SharedRender | None = None  # None when NISDOCS_SHARED_RENDER=false
    navigation_cache: NavigationCache | None = None  # the same
    staged: _Staged | None = None  # where the build writes, until swapped in for site/
    env: Environment | None = None  # the language build's template environment
    # The inline scripts and styles of material's partials, by the page's base_url.
    theme_inline: dict[str, frozenset[str]] | None = None
    theme_partials: list[str] | None = None  # the partials that write them, once a build
    languages: tuple[Any, tuple[str, ...]] | None = None  # static-i18n's plugin, its languages
    # The alternates of generated pages, made once for all the language builds.
    alternates: dict[tuple[str, str], _Alternate] | None = None
    # Each language's pages as the sitemaps list them (nisdocs/sitemaps.py), by language:
    # gathered as each language's build renders them, written once all are built.
    sitemap: dict[str, list[SitemapEntry]] | None = None
    # The language build's navigation and files, for its 404 page (_write_not_found_page).
    nav: Navigation | None = None
    files: Files | None = None


_state = _State()


# -- settings -----------------------------------------------------------------


def _settings(config: MkDocsConfig) -> dict[str, Any]:
    settings: dict[str, Any] = dict(config.extra.get("nisdocs") or {})
    return settings


def _i18n(config: MkDocsConfig) -> Any:
    return config.plugins.get("i18n")


def _languages(config: MkDocsConfig) -> tuple[str, ...]:
    """The site's languages, the default (source) language first."""
    i18n = _i18n(config)
    if i18n is None:
        return (config.theme.get("language") or "en",)
    if _state.languages is not None and _state.languages[0] is i18n:
        return _state.languages[1]  # asked for several times per page
    languages = [lang.locale for lang in i18n.config.languages if lang.build]
    default = i18n.default_language
    ordered = (default, *[lang for lang in languages if lang != default])
    _state.languages = (i18n, ordered)
    return ordered


def _current_language(config: MkDocsConfig) -> str:
    i18n = _i18n(config)
    return i18n.current_language if i18n and i18n.current_language else _languages(config)[0]


def _is_language_rebuild(config: MkDocsConfig) -> bool:
    """True inside static-i18n's extra build of a non-default language."""
    i18n = _i18n(config)
    return bool(i18n and i18n.building)


# -- loading the library --------------------------------------------------------


def on_startup(*, command: str, dirty: bool) -> None:
    _state.command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # static-i18n's search for each page's language alternates costs pages x languages³
    # over a site; nisdocs' equivalent costs pages x languages² (nisdocs/static_i18n.py).
    i18n = _i18n(config)
    if i18n is not None:
        static_i18n.install(i18n)
    return config


# Before anything else of the build: bad sources stop it before mkdocs cleans site/, and
# the site is written beside site/ from the start (mkdocs cleans and writes after this).
@event_priority(100)
def on_pre_build(config: MkDocsConfig) -> None:
    if not _is_language_rebuild(config) or _state.site is None:
        _stage_output(config)
        _load(config)
    _write_root_templates_once(config)


# mkdocs writes the theme's sitemap.xml (and sitemap.xml.gz) and 404.html at the site's
# root in every language's build, each over the one before. nisdocs writes a 404 page
# per language instead (_write_not_found_page). The theme's sitemap, never: it listed
# every page with every language's alternate in one file (N x L^2, past the protocol's
# 50 MB at about N = 280, L = 24) and dated each page with the build's day; nisdocs
# writes one per language under a sitemap index instead (_write_sitemaps).
def _write_root_templates_once(config: MkDocsConfig) -> None:
    theme = config.theme
    templates = getattr(theme, "_nisdocs_static_templates", None)
    if templates is None:
        templates = frozenset(theme.static_templates)
        theme._nisdocs_static_templates = templates  # type: ignore[attr-defined]
    theme.static_templates = {name for name in templates
                              if name not in ("sitemap.xml", NOT_FOUND_FILE)}


def _load(config: MkDocsConfig) -> None:
    """The library, its PDFs and its generated pages, once per `mkdocs build`."""
    languages = _languages(config)
    missing = missing_ui_languages(languages)
    if missing:
        raise PluginError(f"nisdocs has no interface strings for: {', '.join(missing)} "
                          "(add nisdocs/data/ui/<lang>.yml)")
    settings = _settings(config)
    root = Path(config.config_file_path).parent
    try:
        drafts = include_drafts(settings, os.environ)
    except ValueError as error:
        raise PluginError(f"nisdocs: {error}") from None
    library_config = LibraryConfig(
        root=root, languages=languages, source_dir=settings.get("sources", "guidelines"),
        include_drafts=drafts)
    try:
        library = load_library(library_config)
        # Whether or not `nisdocs check` ran, what it refuses in a text the build refuses
        # too: no text may inject script into the site or lead out of its folder (the
        # publishing gate), and check passes exactly when the build does
        # (tests/test_differential.py).
        problems = text_problems_of(library)
        if problems:
            raise LibraryError(problems)
        pdfs = _build_pdfs(config, library, root)
    except LibraryError as error:
        raise PluginError(str(error)) from None
    _state.library = library
    _state.pdfs = pdfs
    _state.site_name = config.site_name
    _state.site = build_site(library, pdfs, config.site_url)
    _state.alternates = None
    _state.sitemap = {}
    sharing = os.environ.get("NISDOCS_SHARED_RENDER", "").lower() not in ("0", "false",
                                                                           "no", "off")
    _state.shared_render = SharedRender() if sharing else None
    _state.navigation_cache = NavigationCache() if sharing else None
    log.info(f"nisdocs: {len(library.documents)} documents, {len(_state.site.pages)} "
             f"generated pages in {len(languages)} languages")


def _build_pdfs(config: MkDocsConfig, library: Library, root: Path) -> PdfSet | None:
    """Every PDF into the cache, before any page needs its size; None when switched off."""
    try:
        settings = pdf_settings(_settings(config).get("pdf"), root=root,
                                serving=_state.command == "serve", environ=os.environ)
    except ValueError as error:
        raise PluginError(f"nisdocs: {error}") from None
    if not settings.enabled:
        log.info("nisdocs: PDFs skipped (NISDOCS_PDF=true or extra.nisdocs.pdf.serve "
                 "builds them)")
        return None
    jobs = plan_pdfs(library, config.site_url)
    cache = PdfCache(settings.cache)
    pdfs = build_pdfs(jobs, root, cache, workers=settings.workers, progress=_log_progress)
    pdfs.bundles = make_bundles(library, pdfs, settings.cache)
    log.info(f"nisdocs: {len(pdfs.files)} PDFs: {pdfs.compiled} compiled, {pdfs.reused} "
             f"from the cache, in {pdfs.seconds:.1f} s")
    return pdfs


def _log_progress(done: int, total: int) -> None:
    step = max(1, total // 10)
    if done == total or done % step == 0:
        log.info(f"nisdocs: compiling PDFs {done}/{total}")


# -- files --------------------------------------------------------------------


# Above static-i18n (-100): it drops files whose source lies outside docs_dir, so the
# generated pages are registered as if they were there, and the plugin places them by
# language suffix like any page. Only the language being built: every generated page
# exists in the languages its view lists, so none needs static-i18n's fallback, and the
# plugin would otherwise sort every language's pages in every language's build.
@event_priority(50)
def _register_files(files: Files, *, config: MkDocsConfig) -> Files:
    site = _site()
    pages = [page.src_uri for page in site.for_language(_current_language(config))]
    for uri in [*pages, *site.assets]:
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"docs/{uri} clashes with a page nisdocs generates; "
                              "rename or remove it")
        files.append(File(uri, config.docs_dir, config.site_dir, config.use_directory_urls,
                          inclusion=InclusionLevel.NOT_IN_NAV))
    return files


# material's search files: its lunr worker and lunr's language files. nisdocs searches
# with Pagefind (nisdocs/search.py); the site serves no script that no page runs.
_UNUSED_THEME_FILES = ("assets/javascripts/workers/search.", "assets/javascripts/lunr/")


# Below static-i18n (-100): it has rebuilt the File objects for the language being built;
# give the surviving ones their content (pages) or their real source (assets).
@event_priority(-200)
def _fill_files(files: Files, *, config: MkDocsConfig) -> Files:
    site = _site()
    root = Path(config.config_file_path).parent
    for file in [file for file in files if file.src_uri.startswith(_UNUSED_THEME_FILES)]:
        files.remove(file)
    for file in files:
        page = site.pages.get(file.src_uri)
        if page is not None:
            file.content_string = page.markdown
            # static-i18n found no other language's copy, none being registered in this
            # build: the page's alternates (sitemap, language switcher) are nisdocs'.
            file.alternates = {  # type: ignore[attr-defined]
                code: file if code == page.language else _alternate(url, code)
                for code, url in site.alternates(page).items()}
        elif file.src_uri in site.assets:
            file.abs_src_path = str(root / site.assets[file.src_uri])
    return files


@dataclass(frozen=True)
class _Alternate:
    """A generated page's copy in another language, as static-i18n's alternates list it
    for the sitemap and the language switcher: its URL, with no page in this build."""

    url: str
    locale: str
    page: None = None


def _alternate(url: str, locale: str) -> _Alternate:
    made = _state.alternates
    if made is None:
        made = _state.alternates = {}
    alternate = made.get((url, locale))
    if alternate is None:
        alternate = made[(url, locale)] = _Alternate(url, locale)
    return alternate


on_files = CombinedEvent(_register_files, _fill_files)


# -- pages --------------------------------------------------------------------


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig,
                     files: Files) -> str:
    # A document shown untranslated has the source-language page's Markdown: converted
    # once for all languages (nisdocs/shared_render.py).
    generated = _site().pages.get(page.file.src_uri)
    shared = _state.shared_render
    if shared is None or generated is None or generated.kind not in ("document", "version"):
        return markdown
    source_language = _languages(config)[0]
    key = getattr(page.file, "norm_src_uri", page.file.src_uri)  # set by static-i18n
    if generated.language == source_language:
        shared.share(page, key=key, source=True)
    elif generated.view.get("text_language") == source_language:
        shared.share(page, key=key, source=False)
    return markdown


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    # law: links of a document's text lead to EUR-Lex in the page's language; they are
    # resolved here, after conversion, so that the Markdown is the same in every language.
    generated = _site().pages.get(page.file.src_uri)
    library = _state.library
    if library is None or generated is None or generated.kind not in ("document", "version"):
        return html
    language = _current_language(config)
    return resolve_law_hrefs(html, lambda target: library.law_url(target, language))


class _TemplateBytecode(BytecodeCache):
    """Compiled templates kept for the next language's build: each build makes a new
    Jinja environment, which would compile material's ~60 templates again (about half a
    second per language). Jinja checks each template's source checksum, so an edited
    template under `mkdocs serve` is compiled anew."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_template_bytecode = _TemplateBytecode()


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    env.bytecode_cache = _template_bytecode
    # nisdocs' templates escape what they print, material's print HTML (nisdocs/escaping.py).
    env.autoescape = own_template
    # nisdocs' views are dicts: `a.b` looks the key up without Jinja's exception round trip.
    template_lookup.install(env)
    _state.env = env
    _state.theme_inline = {}
    # material's navigation, rendered once per place for the pages outside it.
    if _state.navigation_cache is not None:
        _state.navigation_cache.install(env)
    if not _is_language_rebuild(config):
        _state.theme_partials = None
    return env


# Last, after static-i18n's (which translates the nav): the navigation the 404 page shows.
@event_priority(-200)
def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    _state.nav, _state.files = nav, files
    return nav


# -- Content-Security-Policy ------------------------------------------------------


# Last of all, below static-i18n (-100) and any plugin: the policy hashes the inline
# scripts of the page's final HTML (nisdocs/csp.py).
@event_priority(-200)
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    return csp.add_policy(output, _theme_inline(config, get_relative_url(".", page.url)),
                          live_reload=_state.command == "serve")


# The same for the theme's own pages (404.html), with their base_url as mkdocs sets it.
@event_priority(-200)
def on_post_template(output: str, *, template_name: str, config: MkDocsConfig) -> str:
    if not template_name.endswith(".html"):
        return output
    base_url = (urlsplit(config.site_url or "/").path if is_error_template(template_name)
                else get_relative_url(".", template_name))
    return csp.add_policy(output, _theme_inline(config, base_url),
                          live_reload=_state.command == "serve")


def _theme_inline(config: MkDocsConfig, base_url: str) -> frozenset[str]:
    """The inline scripts and styles material's partials write on a page at `base_url`,
    which the page's policy allows: rendered once per depth of page."""
    env, cache = _state.env, _state.theme_inline
    if env is None or cache is None:
        return frozenset()
    if base_url not in cache:
        if _state.theme_partials is None:  # listing the theme's ~15,000 files takes a while
            _state.theme_partials = csp.theme_partials(env.list_templates())
        context = {"config": config, "base_url": base_url,
                   "features": config.theme.get("features") or []}
        cache[base_url] = csp.trusted_texts(env.get_template(name).render(context)
                                            for name in _state.theme_partials)
    return cache[base_url]


# Below static-i18n's on_page_context (50), which sets the language switcher's links.
@event_priority(0)
def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                    nav: Navigation) -> dict[str, Any]:
    _relative_alternates(config)
    site = _site()
    language = _current_language(config)
    generated = site.pages.get(page.file.src_uri)
    if generated is not None:
        context["nisdocs"] = generated.view
        if "alternates" in generated.view:
            _page_alternates(config, generated.view["alternates"])
        edit_path = generated.edit_path
    else:
        text_language = getattr(page.file, "locale", None) or language
        context["nisdocs"] = page_view(language, text_language, _languages(config)[0])
        edit_path = posixpath.join(Path(config.docs_dir).name, page.file.src_uri)
    # Beside each language of the switcher: whether the page's text is translated there.
    languages = _languages(config)
    untranslated = (untranslated_in_view(generated.view, languages) if generated else
                    untranslated_docs(Path(config.docs_dir), page.file.src_uri, languages))
    context["nisdocs_switcher"] = switcher_view(language, untranslated)
    if page.meta.get("template") == "home.html" and _state.library is not None:
        context["nisdocs"].update(home_view(_state.library, language))
    edit_url = _settings(config).get("edit_url")
    page.edit_url = f"{edit_url}{edit_path}" if edit_url and edit_path else None
    # The Atom feed of the page's language, for the <link rel="alternate"> in its head.
    context["nisdocs_feed"] = {"url": Urls(_languages(config)[0]).feed(language),
                               "title": feed_title(language, config.site_name),
                               "language": language}
    # The page as its language's sitemap lists it, dated by the sources (nisdocs/sitemaps.py).
    if _state.sitemap is not None:
        lastmod = lastmod_of(generated.kind, generated.view) if generated else None
        _state.sitemap.setdefault(language, []).append(
            SitemapEntry(_root_url(page.url), lastmod, _sitemap_alternates(page)))
    return context


def _sitemap_alternates(page: Page) -> dict[str, str]:
    """The page's URL in each language, its own included, relative to the site root: the
    alternates static-i18n gave the page's file (nisdocs' own for a generated page)."""
    alternates = getattr(page.file, "alternates", None) or {}
    return {code: _root_url(alternate.url) for code, alternate in alternates.items()}


def _root_url(url: str) -> str:
    """A URL relative to the site root as the sitemaps take it: the home page's is ""."""
    return "" if url in (".", "./") else url


def _page_alternates(config: MkDocsConfig, links: dict[str, str]) -> None:
    """The language switcher of a generated page that exists in some languages only
    leads where its view says (URLs relative to the site root), not to a missing page."""
    for alternate in _switcher_links(config):
        if alternate.get("lang") in links:
            alternate["link"] = links[alternate["lang"]]


def _relative_alternates(config: MkDocsConfig) -> None:
    """static-i18n leaves root-absolute links (`/fr/`) in the language switcher of home
    pages; made relative to the site root, mkdocs' `url` filter makes them relative to
    the page, so the site also works from a sub-folder or straight from the disk."""
    base = urlsplit(config.site_url or "").path or "/"
    for alternate in _switcher_links(config):
        link = alternate.get("link", "")
        if link.startswith(base):
            alternate["link"] = link[len(base):] or "./"


def _switcher_links(config: MkDocsConfig) -> list[dict[str, Any]]:
    """The entries of the language switcher. static-i18n sets `config.extra.alternate` as
    an attribute, which templates read before the mapping's item of the same name: both
    lists are returned, so that a change reaches whichever the template reads."""
    lists = (getattr(config.extra, "alternate", None), config.extra.get("alternate"))
    return [alternate for alternates in lists for alternate in alternates or []]


# -- after every language is built -----------------------------------------------


# In each language's build, before static-i18n (-100) starts the next one: the 404 page
# of the language (nisdocs/not_found.py), with its header, search and navigation. The
# server sends it from any depth, so its links are absolute, under site_url's path.
@event_priority(0)
def _write_not_found_page(config: MkDocsConfig) -> None:
    env, nav, files = _state.env, _state.nav, _state.files
    if env is None or nav is None or files is None:
        return
    language, source_language = _current_language(config), _languages(config)[0]
    base_url = base_path(config.site_url)
    context: dict[str, Any] = dict(config.plugins.on_template_context(
        get_context(nav, files, config, base_url=base_url), template_name=NOT_FOUND_FILE,
        config=config))
    context["nisdocs"] = not_found_view(language, source_language)
    # The language switcher leads to each language's home page, not to the last page built.
    for alternate in _switcher_links(config):
        alternate["link"] = Urls(source_language).prefix(alternate.get("lang", "")) or "./"
    html = csp.add_policy(env.get_template(NOT_FOUND_TEMPLATE).render(context),
                          _theme_inline(config, base_url), live_reload=_state.command == "serve")
    write_file(html.encode("utf-8"), os.path.join(config.site_dir,
                                                  not_found_path(language, source_language)))


# Below static-i18n (-100), whose on_post_build runs the other languages' builds: this
# runs once, after all of them, writes what spans every language, then swaps the
# finished site in for site/.
@event_priority(-200)
def _after_every_language(config: MkDocsConfig) -> None:
    if _is_language_rebuild(config) or _state.library is None:
        return
    site = _site()
    if _state.shared_render is not None:
        log.info(f"nisdocs: {_state.shared_render.reused} pages shown untranslated took "
                 "the source language's conversion")
    if _state.navigation_cache is not None:
        log.info(f"nisdocs: {_state.navigation_cache.reused} navigation partials taken "
                 "from a page at the same place")
    if _state.pdfs is not None:
        publish(_state.pdfs, Path(config.site_dir))
    write_file(catalogue_json(_state.library, _state.pdfs).encode("utf-8"),
               os.path.join(config.site_dir, "catalogue.json"))
    _write_feeds_and_dcat(config, _state.library)
    _write_sitemaps(config)
    env = config.theme.get_env()
    env.autoescape = own_template
    template = env.get_template("nisdocs/redirect.html")
    for redirect in site.redirects:
        target = posixpath.relpath(redirect.target, redirect.url) + "/"
        html = csp.add_policy(template.render(target=target, language=redirect.language,
                                              ui=ui_strings(redirect.language)),
                              live_reload=_state.command == "serve")
        write_file(html.encode("utf-8"),
                   os.path.join(config.site_dir, redirect.url, "index.html"))
    # After every page is written: the search index of each language (nisdocs/search.py).
    try:
        indexed = write_index(Path(config.site_dir))
    except SearchIndexError as error:
        raise PluginError(str(error)) from None
    log.info("nisdocs: search indexes of " + ", ".join(
        f"{pages} pages ({language})" for language, pages in indexed.pages.items()))
    # Last: after every file of the site is written, its .gz and .br copies.
    _precompress(config)
    _publish_output(config)


on_post_build = CombinedEvent(_write_not_found_page, _after_every_language)


def _site_names(config: MkDocsConfig) -> dict[str, str]:
    """The site's name in each language: static-i18n's `site_name` of the language, else
    the default language's."""
    i18n = _i18n(config)
    overrides = {lang.locale: lang.site_name for lang in i18n.config.languages} if i18n else {}
    default = _state.site_name or config.site_name
    return {lang: overrides.get(lang) or default for lang in _languages(config)}


def _write_feeds_and_dcat(config: MkDocsConfig, library: Library) -> None:
    """The Atom feed of each language (nisdocs/feeds.py) and catalogue.jsonld, the DCAT-AP
    catalogue (nisdocs/dcat.py), with absolute URLs under `site_url`."""
    site_url = config.site_url or "/"
    names = _site_names(config)
    urls = Urls(library.source_language)
    for language in library.languages:
        write_file(atom_feed(library, language, site_url, site_name=names[language]),
                   os.path.join(config.site_dir, urls.feed(language)))
    write_file(dcat_catalogue(library, _state.pdfs, site_url, site_names=names).encode("utf-8"),
               os.path.join(config.site_dir, CATALOGUE_FILE))


def _write_sitemaps(config: MkDocsConfig) -> None:
    """One sitemap per language and the index naming them, sitemap.xml
    (nisdocs/sitemaps.py), from the pages every language's build rendered."""
    pages = _state.sitemap or {}
    source = _state.library.source_language if _state.library else None
    files = sitemap_files(pages, config.site_url,
                          index_copies=[f"{code}/" for code in pages if code != source])
    for path, data in files.items():
        write_file(data, os.path.join(config.site_dir, path))
    _state.sitemap = None  # the next build (`mkdocs serve`) gathers its own


def _precompress(config: MkDocsConfig) -> None:
    """The .gz and .br copies of the site's text files (nisdocs/precompress.py), for
    hosts that serve them. Not under `mkdocs serve`, whose server sends none: brotli at
    its best takes seconds."""
    if _state.command == "serve":
        return
    started = time.perf_counter()
    count, size, smallest, _ = summary(precompress(Path(config.site_dir)))
    log.info(f"nisdocs: {count} text files ({size / 1e6:.1f} MB) precompressed to "
             f"{smallest / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s")


def _site() -> Site:
    if _state.site is None:  # on_pre_build always runs first
        raise PluginError("nisdocs: the library was not loaded")
    return _state.site


# -- atomic output ----------------------------------------------------------------


@dataclass
class _Staged:
    """The folder the build writes into (nisdocs/site_output.py), and the site it is for."""

    site: StagedSite
    config: MkDocsConfig
    site_dir: str  # config.site_dir as mkdocs read it: the site to replace


def _stage_output(config: MkDocsConfig) -> None:
    """The default language's build points `site_dir` at an empty staging folder beside
    site/, before mkdocs cleans or writes anything; static-i18n's builds of the other
    languages, on the same config, write there too. Not under `mkdocs serve`, which
    builds into a temporary folder of its own."""
    if _state.command not in ("build", "gh-deploy") or _is_language_rebuild(config):
        return
    _discard_output()  # an earlier build of this process that never ended
    try:
        staged = stage(config.site_dir)
    except CannotStage as error:
        log.info(f"nisdocs: {error}: the site is written in place, so a failed build "
                 "can leave it half-written")
        return
    _state.staged = _Staged(staged, config, config.site_dir)
    config.site_dir = str(staged.staging)
    log.info(f"nisdocs: building into {staged.staging.name} beside {staged.target}, "
             "which it replaces once the whole build has succeeded")


def _publish_output(config: MkDocsConfig) -> None:
    """The finished site in place of site/ (mkdocs' gh-deploy then pushes site/), unless
    strict mode counted warnings: mkdocs aborts the build right after this event, and
    site/ stays as it was."""
    staged = _state.staged
    if staged is None:
        return
    _state.staged = None
    config.site_dir = staged.site_dir
    if _strict_warnings(config):
        staged.site.discard()
        log.info(f"nisdocs: {staged.site.target} left as it was: warnings in strict mode")
        return
    try:
        staged.site.commit()
    except OSError as error:
        staged.site.discard()
        raise PluginError(f"nisdocs: the new site could not replace {staged.site.target} "
                          f"(left as it was): {error}") from None
    log.info(f"nisdocs: the new site is in {staged.site.target}")


def _strict_warnings(config: MkDocsConfig) -> bool:
    """Whether strict mode counted a warning so far: mkdocs' build puts a CountHandler on
    the `mkdocs` logger in strict mode, and raises once on_post_build is over if it
    counted any (mkdocs/commands/build.py)."""
    return bool(config.strict) and any(
        handler.get_counts() for handler in logging.getLogger("mkdocs").handlers
        if isinstance(handler, CountHandler))


def on_build_error(error: Exception) -> None:
    # mkdocs calls this for a failed build and, when one of static-i18n's language builds
    # failed, again for the build that ran it: the first call cleans up.
    _discard_output()


def on_shutdown() -> None:
    # After an interruption (Ctrl-C), which is no build error.
    _discard_output()


def _discard_output() -> None:
    """The staging folder removed, `site_dir` back to site/, which stays as it was."""
    staged = _state.staged
    if staged is None:
        return
    _state.staged = None
    staged.config.site_dir = staged.site_dir
    staged.site.discard()
    log.info(f"nisdocs: {staged.site.target} left as it was")
