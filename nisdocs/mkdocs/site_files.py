"""The files nisdocs writes into the site beside the pages mkdocs renders: each
language's 404 page, and, once every language is built, the PDFs, catalogue.json, the
Atom feeds, the DCAT-AP catalogue, the sitemaps, the short-link redirects, the search
index and the precompressed copies.
"""

from __future__ import annotations

import logging
import os
import posixpath
import time
from pathlib import Path
from typing import Any

from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.utils import write_file

from .. import csp
from ..catalogue import catalogue_json
from ..dcat import CATALOGUE_FILE, dcat_catalogue
from ..feeds import atom_feed
from ..not_found import NOT_FOUND_FILE, base_path, not_found_path, not_found_view
from ..not_found import TEMPLATE as NOT_FOUND_TEMPLATE
from ..pdf.build import publish
from ..precompress import precompress, summary
from ..search import SearchIndexError, write_index
from ..sitemaps import sitemap_files
from ..urls import Urls
from ..vocabulary import ui_strings
from .i18n import Languages
from .state import BuildState
from .theme import own_template

log = logging.getLogger("mkdocs.plugins.nisdocs")


def write_not_found_page(state: BuildState, config: MkDocsConfig, languages: Languages, *,
                         live_reload: bool) -> None:
    """The 404 page of the language being built (nisdocs/not_found.py), with its header,
    search and navigation. The server sends it from any depth, so its links are
    absolute, under site_url's path."""
    env, nav, files, theme = state.env, state.nav, state.files, state.theme
    if env is None or nav is None or files is None or theme is None:
        return
    language, source_language = languages.current, languages.source
    base_url = base_path(config.site_url)
    context: dict[str, Any] = dict(config.plugins.on_template_context(
        get_context(nav, files, config, base_url=base_url), template_name=NOT_FOUND_FILE,
        config=config))
    context["nisdocs"] = not_found_view(language, source_language)
    # The language switcher leads to each language's home page, not to the last page built.
    for alternate in languages.switcher_links():
        alternate["link"] = Urls(source_language).prefix(alternate.get("lang", "")) or "./"
    html = csp.add_policy(env.get_template(NOT_FOUND_TEMPLATE).render(context),
                          theme.texts(base_url), live_reload=live_reload)
    write_file(html.encode("utf-8"), os.path.join(config.site_dir,
                                                  not_found_path(language, source_language)))


def write_library_files(state: BuildState, config: MkDocsConfig, languages: Languages, *,
                        serving: bool) -> None:
    """What spans every language, after all of them are built."""
    library, site_dir = state.library, config.site_dir
    if state.pdfs is not None:
        publish(state.pdfs, Path(site_dir))
    write_file(catalogue_json(library, state.pdfs).encode("utf-8"),
               os.path.join(site_dir, "catalogue.json"))
    # The Atom feed of each language (nisdocs/feeds.py) and catalogue.jsonld, the DCAT-AP
    # catalogue (nisdocs/dcat.py), with absolute URLs under `site_url`.
    site_url = config.site_url or "/"
    names = languages.site_names(state.site_name or config.site_name)
    urls = Urls(library.source_language)
    for language in library.languages:
        write_file(atom_feed(library, language, site_url, site_name=names[language]),
                   os.path.join(site_dir, urls.feed(language)))
    write_file(dcat_catalogue(library, state.pdfs, site_url, site_names=names).encode("utf-8"),
               os.path.join(site_dir, CATALOGUE_FILE))
    # One sitemap per language and the index naming them, sitemap.xml
    # (nisdocs/sitemaps.py), from the pages every language's build rendered.
    pages = state.sitemap
    sitemaps = sitemap_files(pages, config.site_url, index_copies=[
        f"{code}/" for code in pages if code != library.source_language])
    for path, data in sitemaps.items():
        write_file(data, os.path.join(site_dir, path))
    _write_redirects(state, config, live_reload=serving)
    # After every page is written: the search index of each language (nisdocs/search.py).
    try:
        indexed = write_index(Path(site_dir))
    except SearchIndexError as error:
        raise PluginError(str(error)) from None
    log.info("nisdocs: search indexes of " + ", ".join(
        f"{count} pages ({language})" for language, count in indexed.pages.items()))
    # Last: after every file of the site is written, its .gz and .br copies, for hosts
    # that serve them. Not under `mkdocs serve`, whose server sends none: brotli at its
    # best takes seconds.
    if not serving:
        started = time.perf_counter()
        count, size, smallest, _ = summary(precompress(Path(site_dir)))
        log.info(f"nisdocs: {count} text files ({size / 1e6:.1f} MB) precompressed to "
                 f"{smallest / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s")


def _write_redirects(state: BuildState, config: MkDocsConfig, *, live_reload: bool) -> None:
    """The short links by id and the version URLs of current versions, as pages that
    send the reader on (overrides/nisdocs/redirect.html)."""
    env = config.theme.get_env()
    env.autoescape = own_template
    template = env.get_template("nisdocs/redirect.html")
    for redirect in state.site.redirects:
        target = posixpath.relpath(redirect.target, redirect.url) + "/"
        html = csp.add_policy(template.render(target=target, language=redirect.language,
                                              ui=ui_strings(redirect.language)),
                              live_reload=live_reload)
        write_file(html.encode("utf-8"),
                   os.path.join(config.site_dir, redirect.url, "index.html"))
