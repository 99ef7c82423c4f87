"""What nisdocs reads of mkdocs-static-i18n: the site's languages, the language being
built, and the language switcher's links it sets.

static-i18n builds the site once per language on the same config object: the default
language's build runs mkdocs' events, and its on_post_build runs the other languages'
builds (`building` is true during those). The attributes read here are the plugin's
public state in 1.3 (`building`, `current_language`, `default_language`,
`config.languages`) and the switcher's entries it puts in `config.extra.alternate`;
pyproject.toml bounds the version to 1.3.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

# What nisdocs reads of the plugin object: without one of them (another major version),
# the build stops here with a message rather than a traceback in the middle of it.
REQUIRED = ("building", "current_language", "default_language", "config")


class Languages:
    """The site's languages as static-i18n configures them; without the plugin, the
    theme's language alone."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.config = config
        self.plugin: Any = config.plugins.get("i18n")
        missing = [name for name in REQUIRED if not hasattr(self.plugin, name)]
        if self.plugin is not None and missing:
            try:
                installed = version("mkdocs-static-i18n")
            except PackageNotFoundError:
                installed = "of unknown version"
            raise PluginError(f"nisdocs: the i18n plugin (mkdocs-static-i18n {installed}) has "
                              f"no {', '.join(missing)}; nisdocs works with 1.3")
        if self.plugin is None:
            self.all: tuple[str, ...] = (config.theme.get("language") or "en",)
        else:
            built = [lang.locale for lang in self.plugin.config.languages if lang.build]
            default = self.plugin.default_language
            self.all = (default, *[lang for lang in built if lang != default])
        self.source = self.all[0]  # the default (source) language
        self.left_out: tuple[str, ...] = ()  # built by the site, not by this preview

    def show_only(self, shown: tuple[str, ...]) -> None:
        """Build only the `shown` languages (the source language among them): the others
        are switched off in static-i18n's settings for this build."""
        if self.plugin is None:
            return
        for language in self.plugin.config.languages:
            if language.locale in self.all and language.locale not in shown:
                language.build = False
        self.left_out = tuple(code for code in self.all if code not in shown)
        self.all = tuple(code for code in self.all if code in shown)

    @property
    def current(self) -> str:
        """The language being built."""
        plugin = self.plugin
        return plugin.current_language if plugin and plugin.current_language else self.source

    @property
    def rebuilding(self) -> bool:
        """True inside static-i18n's extra build of a non-default language."""
        return bool(self.plugin and self.plugin.building)

    def site_names(self, default: str) -> dict[str, str]:
        """The site's name in each language: static-i18n's `site_name` of the language,
        else `default`, the default language's."""
        overrides = ({lang.locale: lang.site_name for lang in self.plugin.config.languages}
                     if self.plugin else {})
        return {lang: overrides.get(lang) or default for lang in self.all}

    def switcher_links(self) -> list[dict[str, Any]]:
        """The entries of the language switcher. static-i18n sets `config.extra.alternate`
        as an attribute, which templates read before the mapping's item of the same name:
        both lists are returned, so that a change reaches whichever the template reads."""
        extra = self.config.extra
        lists = (getattr(extra, "alternate", None), extra.get("alternate"))
        return [alternate for alternates in lists for alternate in alternates or []]

    def relative_switcher_links(self) -> None:
        """static-i18n leaves root-absolute links (`/fr/`) in the language switcher of home
        pages; made relative to the site root, mkdocs' `url` filter makes them relative to
        the page, so the site also works from a sub-folder or straight from the disk."""
        base = urlsplit(self.config.site_url or "").path or "/"
        for alternate in self.switcher_links():
            link = alternate.get("link", "")
            if link.startswith(base):
                alternate["link"] = link[len(base):] or "./"

    def point_switcher_at(self, links: dict[str, str]) -> None:
        """The language switcher of a generated page that exists in some languages only
        leads where its view says (URLs relative to the site root), not to a missing page."""
        for alternate in self.switcher_links():
            if alternate.get("lang") in links:
                alternate["link"] = links[alternate["lang"]]


def sitemap_alternates(page: Page) -> dict[str, str]:
    """The page's URL in each language, its own included, relative to the site root: the
    alternates static-i18n gave the page's file (nisdocs' own for a generated page)."""
    alternates = getattr(page.file, "alternates", None) or {}
    return {code: root_url(alternate.url) for code, alternate in alternates.items()}


def root_url(url: str) -> str:
    """A URL relative to the site root as the sitemaps take it: the home page's is ""."""
    return "" if url in (".", "./") else url
