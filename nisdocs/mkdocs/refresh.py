"""The preview after an edit of a guideline: only the pages the edit changes are made
again, in every language that shows them.

mkdocs' live-reload server rebuilds the whole site on every save, and static-i18n builds
it once per language: 5 s on the sample, over 90 s with 100 documents in 24 languages.
After a full build the plugin keeps each language's build (its template environment,
navigation and files). When only Markdown sources inside document folders changed, the
library is loaded again (unchanged folders from the cache), the edited documents and
those linked with them are checked as the build checks them, their pages and the pages
that list documents are made again (`nisdocs.views.update_site`), and mkdocs renders the
pages whose content or view changed, with each language's own environment, through its
own page functions and every plugin's page events. Any other change (an image or a PDF
in a document folder, the topics, docs/, mkdocs.yml, templates) takes the full build, as
does an edit that adds or removes pages or redirects (a new document or version, a
reference to an article no page had yet).

The search index, the feeds and the catalogues keep the last full build's content until
the next full build.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from jinja2 import Environment
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation

from ..changes import document_of, scope_of
from ..checking import text_problems_of
from ..library import Library, LibraryConfig, load_library
from ..library_pdf import extract_pdf_texts
from ..problems import LibraryError
from ..settings import review_base
from ..views import home_view
from ..views.pdf_texts import UNTAGGED_PDFS, fill_untagged_pdfs
from ..views.site import update_site
from . import pdf_preview
from .patches import Guard
from .patches.shared_render import SharedRender
from .theme import ThemeInline

if TYPE_CHECKING:
    from .plugin import NisdocsPlugin

# mkdocs' functions that populate and render one page (mkdocs.commands.build).
GUARD = Guard("the preview renders only the pages an edit changes", {"mkdocs": ">=1.6,<1.7"})

log = logging.getLogger("mkdocs.plugins.nisdocs")


@dataclass(frozen=True)
class LanguageBuild:
    """What a language's build of `mkdocs serve` leaves to render its pages again."""

    env: Environment
    theme: ThemeInline
    nav: Navigation
    files: Files
    doc_files: Sequence[File]  # the pages of `files`, as mkdocs gives each page their list


def refresh(plugin: NisdocsPlugin, paths: Collection[str]) -> bool:
    """Render again the pages that an edit of `paths` (relative to the project) changes.
    False when the edit needs the full build; a PluginError for a source with problems,
    the last pages left as they were."""
    started = time.perf_counter()
    config, state, languages = plugin.mkdocs_config, plugin.state, plugin.languages
    if (config is None or state is None or languages is None or GUARD.mismatches()
            or state.pdfs is not None or set(plugin.builds) != set(languages.all)):
        return False
    # A pull request's preview lists what changed since its base: built whole.
    if review_base(os.environ) is not None:
        return False
    source_dir = plugin.options.sources
    edited = {document_of(path, source_dir) for path in paths}
    if None in edited or not all(PurePosixPath(path).suffix == ".md" for path in paths):
        return False
    library = _reload(state.library.config, plugin)
    documents = {doc_id for doc_id in edited if doc_id is not None}
    # The documents an edit can break: those it touches and those that link to them.
    scope = scope_of(library, paths).documents
    try:
        problems = text_problems_of(library, scope, plugin.check_memo)
        if problems:
            raise LibraryError(problems)
    except LibraryError as error:
        raise PluginError(str(error)) from None
    pdf_texts = extract_pdf_texts(library, state.text_cache)
    update = update_site(state.site, state.library, library, documents, None, config.site_url,
                         pdf_texts, pdf_preview=pdf_preview.available())
    if update is None:
        return False
    previous = state
    plugin.state = dataclasses.replace(state, library=library, site=update.site,
                                       shared_render=SharedRender.if_tested(), sitemap={})
    # At once: the pages in the source language and in the languages of the texts
    # edited; the others when a browser asks for one, or when the server is idle.
    now = {languages.source, *(_language_of(path) for path in paths)}
    try:
        rendered, pending = _render(plugin, previous.library if update.listed else None,
                                    library, update.changed, now)
    except BaseException:
        plugin.state = previous
        raise
    later = f", {pending} more when asked for" if pending else ""
    log.info(f"nisdocs: {rendered} pages rendered again{later} after an edit of "
             f"{', '.join(sorted(documents))} in {time.perf_counter() - started:.2f} s")
    return True


def _language_of(path: str) -> str:
    """The language suffix of a text's file (`index.fr.md`), "" for a source."""
    parts = PurePosixPath(path).name.split(".")
    return parts[1] if len(parts) == 3 else ""


def _reload(library_config: LibraryConfig, plugin: NisdocsPlugin) -> Library:
    """The library as the sources are now, unchanged folders from the plugin's cache."""
    try:
        return load_library(library_config, plugin.folder_cache)
    except LibraryError as error:
        raise PluginError(str(error)) from None


def _render(plugin: NisdocsPlugin, old: Library | None, new: Library,
            changed: Collection[str], now: Collection[str]) -> tuple[int, int]:
    """Render the `changed` generated pages, and the site's own pages that show the
    library (the home page, the accessibility statement) where what they show changed
    since the `old` library (None: what they show did not change): those in the
    languages `now` at once, the others when they are asked for or the server is idle
    (`render_pending`). Each language's in turn, the source language first (untranslated
    copies take its conversion). How many pages were rendered, and left pending."""
    state, languages = plugin.state, plugin.languages
    assert state is not None and languages is not None
    by_language: dict[str, list[str]] = {}
    for uri in changed:
        by_language.setdefault(state.site.pages[uri].language, []).append(uri)
    rendered = 0
    for language in languages.all:
        build = plugin.builds[language]
        uris = by_language.get(language, [])
        if old is not None:
            uris += _library_pages(build.files, old, new, language)
        for uri in uris:
            file = build.files.get_file_from_path(uri)
            if file is None:
                raise PluginError(f"nisdocs: the preview lost the page {uri}")
            if language in now:
                plugin.pending.pop(file.abs_dest_path, None)
                _render_page(plugin, language, uri)
                rendered += 1
            else:
                plugin.pending[file.abs_dest_path] = (language, uri)
    return rendered, len(plugin.pending)


def render_pending(plugin: NisdocsPlugin, dest_path: str | None) -> bool:
    """Render the pending page written at `dest_path` (None: the first one pending);
    whether there was one. The caller holds the preview's lock."""
    if not plugin.pending or (dest_path is not None and dest_path not in plugin.pending):
        return False
    key = dest_path if dest_path is not None else next(iter(plugin.pending))
    language, uri = plugin.pending.pop(key)
    _render_page(plugin, language, uri)
    return True


def _render_page(plugin: NisdocsPlugin, language: str, uri: str) -> None:
    """Render the page `uri` of `language` as that language's build would, with the
    state's current content."""
    state, languages, config = plugin.state, plugin.languages, plugin.mkdocs_config
    assert state is not None and languages is not None and config is not None
    build = plugin.builds[language]
    # static-i18n's settings for the language (theme language, site name, switcher), as
    # its own build of the language set them.
    if languages.plugin is not None and languages.plugin.current_language != language:
        languages.plugin.current_language = language
        languages.plugin.reconfigure_mkdocs_config(config)
    state.env, state.theme, state.nav, state.files = (build.env, build.theme, build.nav,
                                                      build.files)
    file = build.files.get_file_from_path(uri)
    if file is None or file.page is None:
        raise PluginError(f"nisdocs: the preview lost the page {uri}")
    generated = state.site.pages.get(uri)
    if generated is not None:
        file.content_string = generated.markdown
    # An earlier build may have pointed the page's conversion at another page's
    # (patches/shared_render.py): this one decides afresh.
    vars(file.page).pop("render", None)
    _populate_page(file.page, config, build.files)
    _build_page(file.page, config, build.doc_files, build.nav, build.env)


def _library_pages(files: Files, old: Library, new: Library, language: str) -> list[str]:
    """The site's own pages (docs/) of `language` that show what changed between the `old`
    and the `new` library: the home page's latest documents, the accessibility
    statement's untagged PDFs."""
    home = home_view(old, language) != home_view(new, language)
    untagged = (fill_untagged_pdfs(UNTAGGED_PDFS, old, language)
                != fill_untagged_pdfs(UNTAGGED_PDFS, new, language))
    if not home and not untagged:
        return []
    found: list[str] = []
    for file in files.documentation_pages():
        page = file.page
        if page is None or file.abs_src_path is None:
            continue
        if page.meta.get("template") == "home.html":
            if home:
                found.append(file.src_uri)
        elif untagged and _fills_untagged(file.abs_src_path):
            found.append(file.src_uri)
    return found


def _fills_untagged(path: str) -> bool:
    with open(path, encoding="utf-8") as source:
        return UNTAGGED_PDFS in source.read()
