"""The nisdocs plugin for mkdocs: hands the library's generated pages to mkdocs.

Registered under the entry point `nisdocs` (pyproject.toml) and configured in mkdocs.yml
after static-i18n (nisdocs/mkdocs/config.py lists the options):

    plugins:
      - i18n: …
      - nisdocs:
          sources: guidelines

mkdocs-static-i18n builds the site once per language on the same config object, so
every event below runs once per language; the library is loaded once per build
(`BuildState`, kept on the plugin instance). The pages' content comes from the core
(`nisdocs.views`); this module only connects it to mkdocs' events, and the priorities
place each handler against static-i18n's (which mostly run at -100 and 50).
"""

from __future__ import annotations

import logging
import os
import posixpath
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, cast
from urllib.parse import urlsplit

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url, is_error_template
from mkdocs.utils.templates import TemplateContext

from .. import csp
from ..content import CheckMemo
from ..feeds import feed_title
from ..library_cache import FolderCache
from ..links import resolve_law_hrefs
from ..options import SettingsError
from ..settings import Options, read_options, refuse_extra_options, shown_languages
from ..sitemaps import SitemapEntry, lastmod_of
from ..switcher import switcher_view, untranslated_docs, untranslated_in_view
from ..urls import Urls
from ..views import home_view, page_view
from ..views.pdf_texts import UNTAGGED_PDFS, fill_untagged_pdfs
from . import pdf_preview
from .config import NisdocsConfig, check_options
from .i18n import Languages, root_url, sitemap_alternates
from .output import StagedOutput
from .patches import static_i18n, template_lookup
from .preview import Preview
from .refresh import LanguageBuild, refresh, render_pending
from .site_files import write_library_files, write_not_found_page
from .state import BuildState, load
from .theme import TemplateBytecode, ThemeInline, own_template, skip_root_templates

log = logging.getLogger("mkdocs.plugins.nisdocs")

# material's search files: its lunr worker and lunr's language files. nisdocs searches
# with Pagefind (nisdocs/search.py); the site serves no script that no page runs.
_UNUSED_THEME_FILES = ("assets/javascripts/workers/search.", "assets/javascripts/lunr/")


class NisdocsPlugin(BasePlugin[NisdocsConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.command = "build"  # the mkdocs command: build, serve or gh-deploy
        self.options = Options()
        self.languages: Languages | None = None
        self.state: BuildState | None = None  # the build's, from on_pre_build
        self.staged: StagedOutput | None = None  # where the build writes until it succeeds
        self.template_bytecode = TemplateBytecode()  # across builds of `mkdocs serve` too
        # `mkdocs serve` keeps this plugin object from build to build (it has on_startup):
        # the last full build's config and language builds, and the sources' folders as
        # read, let the preview render only what an edit changes (refresh.py).
        self.mkdocs_config: MkDocsConfig | None = None
        self.builds: dict[str, LanguageBuild] = {}
        self.folder_cache = FolderCache()
        self.check_memo = CheckMemo()  # what the preview's checks learnt of each text
        # Pages an edit changed, not rendered yet: (language, src_uri) by output path.
        self.pending: dict[str, tuple[str, str]] = {}

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None
                    ) -> tuple[Any, Any]:
        # The core's reader first: a misspelt option is an error, not mkdocs' warning.
        errors = check_options(options)
        if errors:
            return errors, []
        return super().load_config(options, config_file_path)

    # -- the build's settings and library -------------------------------------------

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"],
                   dirty: bool) -> None:
        self.command = command

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig,
                 builder: Callable[..., Any]) -> LiveReloadServer:
        # An edit of a guideline renders only the pages it changes (refresh.py); a broken
        # edit shows in the browser, above the last good pages (preview.py).
        roots = [config.docs_dir, config.config_file_path, *config.watch]
        Preview(lambda paths: refresh(self, paths), lambda path: render_pending(self, path),
                roots, Path(config.config_file_path).parent).install(server)
        pdf_preview.install(server, lambda: (self.state, self.mkdocs_config or config,
                                             self.options))
        return server

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            refuse_extra_options(config.extra)
        except SettingsError as error:
            raise PluginError(str(error)) from None
        self.options = read_options({**self.config, "pdf": dict(self.config.pdf)})
        self.languages = Languages(config)
        # A preview of some languages only (`nisdocs serve --language`): before static-i18n
        # (whose on_config runs at -100) reads which languages to build.
        try:
            self.languages.show_only(shown_languages(os.environ, self.languages.all))
        except ValueError as error:
            raise PluginError(f"nisdocs: {error}") from None
        # static-i18n's search for each page's language alternates costs pages x
        # languages³ over a site; nisdocs' equivalent costs pages x languages²
        # (nisdocs/mkdocs/patches/static_i18n.py).
        if self.languages.plugin is not None:
            static_i18n.install(self.languages.plugin)
        return config

    # Before anything else of the build: bad sources stop it before mkdocs cleans site/,
    # and the site is written beside site/ from the start (mkdocs cleans and writes after
    # this).
    @event_priority(100)
    def on_pre_build(self, config: MkDocsConfig) -> None:
        languages = self._languages()
        if not languages.rebuilding or self.state is None:
            self._discard_output()  # an earlier build of this process that never ended
            # Not under `mkdocs serve`, which builds into a temporary folder of its own.
            if self.command in ("build", "gh-deploy"):
                self.staged = StagedOutput.start(config)
            serving = self.command == "serve"
            self.mkdocs_config, self.builds, self.pending = config, {}, {}
            self.state = load(config, self.options, languages, command=self.command,
                              folders=self.folder_cache if serving else None)
        skip_root_templates(config)

    # -- files ------------------------------------------------------------------------

    # Above static-i18n (-100): it drops files whose source lies outside docs_dir, so the
    # generated pages are registered as if they were there, and the plugin places them by
    # language suffix like any page. Only the language being built: every generated page
    # exists in the languages its view lists, so none needs static-i18n's fallback, and
    # the plugin would otherwise sort every language's pages in every language's build.
    @event_priority(50)
    def _register_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        site = self._state().site
        pages = [page.src_uri for page in site.for_language(self._languages().current)]
        for uri in [*pages, *site.assets]:
            if files.get_file_from_path(uri) is not None:
                raise PluginError(f"docs/{uri} clashes with a page nisdocs generates; "
                                  "rename or remove it")
            files.append(File(uri, config.docs_dir, config.site_dir,
                              config.use_directory_urls, inclusion=InclusionLevel.NOT_IN_NAV))
        return files

    # Below static-i18n (-100): it has rebuilt the File objects for the language being
    # built; give the surviving ones their content (pages) or their real source (assets).
    @event_priority(-200)
    def _fill_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        state = self._state()
        site = state.site
        root = Path(config.config_file_path).parent
        for file in [file for file in files if file.src_uri.startswith(_UNUSED_THEME_FILES)]:
            files.remove(file)
        for file in files:
            page = site.pages.get(file.src_uri)
            if page is not None:
                file.content_string = page.markdown
                # static-i18n found no other language's copy, none being registered in
                # this build: the page's alternates (sitemap, language switcher) are
                # nisdocs'.
                file.alternates = {  # type: ignore[attr-defined]
                    code: file if code == page.language else state.alternate(url, code)
                    for code, url in site.alternates(page).items()}
            elif file.src_uri in site.assets:
                file.abs_src_path = str(root / site.assets[file.src_uri])
        return files

    on_files = CombinedEvent(_register_files, _fill_files)

    # Last, after static-i18n's (which translates the nav): the navigation the 404 page
    # shows.
    @event_priority(-200)
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        state = self._state()
        state.nav, state.files = nav, files
        return nav

    # -- pages ------------------------------------------------------------------------

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        # A document shown untranslated has the source-language page's Markdown:
        # converted once for all languages (nisdocs/mkdocs/patches/shared_render.py).
        state = self._state()
        generated = state.site.pages.get(page.file.src_uri)
        # The accessibility statement lists the PDFs that are not tagged, as built.
        if generated is None and UNTAGGED_PDFS in markdown:
            return fill_untagged_pdfs(markdown, state.library, self._languages().current)
        shared = state.shared_render
        if shared is None or generated is None or generated.kind not in ("document", "version"):
            return markdown
        # The text of a PDF comes under headings in the reader's language: its Markdown
        # differs from language to language.
        if generated.view.get("pdf_text"):
            return markdown
        source_language = self._languages().source
        key = getattr(page.file, "norm_src_uri", page.file.src_uri)  # set by static-i18n
        if generated.language == source_language:
            shared.share(page, key=key, source=True)
        elif generated.view.get("text_language") == source_language:
            shared.share(page, key=key, source=False)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        # law: links of a document's text lead to EUR-Lex in the page's language; they are
        # resolved here, after conversion, so that the Markdown is the same in every
        # language.
        state = self._state()
        generated = state.site.pages.get(page.file.src_uri)
        if generated is None or generated.kind not in ("document", "version"):
            return html
        language, library = self._languages().current, state.library
        return resolve_law_hrefs(html, lambda target: library.law_url(target, language))

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        state = self._state()
        env.bytecode_cache = self.template_bytecode
        # nisdocs' templates escape what they print, material's print HTML
        # (nisdocs/escaping.py).
        env.autoescape = own_template
        # nisdocs' views are dicts: `a.b` looks the key up without Jinja's exception round
        # trip (nisdocs/mkdocs/patches/template_lookup.py).
        template_lookup.install(env)
        # The theme's partials are listed once a build, for every language's policy.
        known = state.theme.partials if state.theme is not None else None
        state.env, state.theme = env, ThemeInline(env, config, known)
        # material's navigation, rendered once per place for the pages outside it.
        if state.navigation_cache is not None:
            state.navigation_cache.install(env)
        return env

    # Below static-i18n's on_page_context (50), which sets the language switcher's links.
    @event_priority(0)
    def on_page_context(self, template_context: TemplateContext, *, page: Page,
                        config: MkDocsConfig, nav: Navigation) -> TemplateContext:
        # nisdocs' own keys beside mkdocs' (TemplateContext names mkdocs' only).
        context = cast(dict[str, Any], template_context)
        state, languages = self._state(), self._languages()
        languages.relative_switcher_links()
        language = languages.current
        generated = state.site.pages.get(page.file.src_uri)
        if generated is not None:
            context["nisdocs"] = generated.view
            if "alternates" in generated.view:
                languages.point_switcher_at(generated.view["alternates"])
            edit_path = generated.edit_path
        else:
            text_language = getattr(page.file, "locale", None) or language
            context["nisdocs"] = page_view(language, text_language, languages.source)
            edit_path = posixpath.join(Path(config.docs_dir).name, page.file.src_uri)
        # Beside each language of the switcher: whether the page's text is translated there.
        untranslated = (untranslated_in_view(generated.view, languages.all) if generated
                        else untranslated_docs(Path(config.docs_dir), page.file.src_uri,
                                               languages.all))
        context["nisdocs_switcher"] = switcher_view(language, untranslated)
        if page.meta.get("template") == "home.html":
            # On a pull request's preview, with a banner linking the page of what it changes.
            review = any(p.kind == "review" for p in state.site.for_language(language))
            context["nisdocs"].update(home_view(state.library, language, review))
        # "Suggest a change": the source in the repository's editor, and its path.
        edit_url = self.options.edit_url
        page.edit_url = f"{edit_url}{edit_path}" if edit_url and edit_path else None
        context["nisdocs_edit_path"] = edit_path if page.edit_url else None
        # The Atom feed of the page's language, for the <link rel="alternate"> in its head.
        context["nisdocs_feed"] = {"url": Urls(languages.source).feed(language),
                                   "title": feed_title(language, config.site_name),
                                   "language": language}
        # The page as its language's sitemap lists it, dated by the sources
        # (nisdocs/sitemaps.py).
        lastmod = lastmod_of(generated.kind, generated.view) if generated else None
        state.sitemap.setdefault(language, []).append(
            SitemapEntry(root_url(page.url), lastmod, sitemap_alternates(page)))
        return template_context

    # -- Content-Security-Policy ------------------------------------------------------

    # Last of all, below static-i18n (-100) and any plugin: the policy hashes the inline
    # scripts of the page's final HTML (nisdocs/csp.py).
    @event_priority(-200)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return csp.add_policy(output, self._theme_texts(get_relative_url(".", page.url)),
                              live_reload=self.command == "serve")

    # The same for the theme's own pages (404.html), with their base_url as mkdocs sets it.
    @event_priority(-200)
    def on_post_template(self, output: str, *, template_name: str,
                         config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):
            return output
        base_url = (urlsplit(config.site_url or "/").path if is_error_template(template_name)
                    else get_relative_url(".", template_name))
        return csp.add_policy(output, self._theme_texts(base_url),
                              live_reload=self.command == "serve")

    def _theme_texts(self, base_url: str) -> frozenset[str]:
        theme = self.state.theme if self.state is not None else None
        return theme.texts(base_url) if theme is not None else frozenset()

    # -- after every language is built ------------------------------------------------

    # In each language's build, before static-i18n (-100) starts the next one: the 404
    # page of the language.
    @event_priority(0)
    def _write_not_found_page(self, config: MkDocsConfig) -> None:
        state, languages = self._state(), self._languages()
        write_not_found_page(state, config, languages, live_reload=self.command == "serve")
        # What the preview needs to render this language's pages again (refresh.py).
        if (self.command == "serve" and state.env is not None and state.theme is not None
                and state.nav is not None and state.files is not None):
            self.builds[languages.current] = LanguageBuild(
                state.env, state.theme, state.nav, state.files,
                state.files.documentation_pages(inclusion=InclusionLevel.is_in_serve))

    # Below static-i18n (-100), whose on_post_build runs the other languages' builds: this
    # runs once, after all of them, writes what spans every language, then swaps the
    # finished site in for site/.
    @event_priority(-200)
    def _after_every_language(self, config: MkDocsConfig) -> None:
        languages, state = self._languages(), self._state()
        if languages.rebuilding:
            return
        if state.shared_render is not None:
            log.info(f"nisdocs: {state.shared_render.reused} pages shown untranslated "
                     "took the source language's conversion")
        if state.navigation_cache is not None:
            log.info(f"nisdocs: {state.navigation_cache.reused} navigation partials taken "
                     "from a page at the same place")
        write_library_files(state, config, languages, serving=self.command == "serve")
        staged, self.staged = self.staged, None
        if staged is not None:
            staged.publish()

    on_post_build = CombinedEvent(_write_not_found_page, _after_every_language)

    # -- failures -----------------------------------------------------------------------

    def on_build_error(self, *, error: Exception) -> None:
        # mkdocs calls this for a failed build and, when one of static-i18n's language
        # builds failed, again for the build that ran it: the first call cleans up.
        self._discard_output()

    def on_shutdown(self) -> None:
        # After an interruption (Ctrl-C), which is no build error.
        self._discard_output()

    def _discard_output(self) -> None:
        staged, self.staged = self.staged, None
        if staged is not None:
            staged.discard()

    def _state(self) -> BuildState:
        if self.state is None:  # on_pre_build always runs first
            raise PluginError("nisdocs: the library was not loaded")
        return self.state

    def _languages(self) -> Languages:
        if self.languages is None:  # on_config always runs first
            raise PluginError("nisdocs: the plugin was not configured")
        return self.languages
