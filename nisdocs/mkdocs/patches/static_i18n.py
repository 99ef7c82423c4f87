"""A faster equivalent of one method of mkdocs-static-i18n 1.3: how it finds each page's
language alternates (the language switcher's links and the sitemap's hreflang).

The plugin builds the site once per language. In each build, for every page and every
language, `reconfigure_files_alternates` walks the page's files in other languages and
makes a new i18n File of each (path arithmetic) until it meets the one in that language:
on the order of pages x languages² File objects per build, languages³ over the site. At
24 languages that was most of the build. The file's language never depends on the build,
so here it is worked out once per file, and a File is made only for the alternate
chosen: the same alternates, pages x languages Files per build.

`install(plugin)` puts the method on the plugin object; versions other than 1.3 keep
their own, since the method is theirs to change (`GUARD`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import MethodType
from typing import Any

from . import Guard

GUARD = Guard("the faster search for language alternates",
              {"mkdocs-static-i18n": ">=1.3,<1.4"})


def install(plugin: Any) -> bool:
    """Replace the plugin object's `reconfigure_files_alternates`; False (and nothing
    changed) for a static-i18n version this was not tested on."""
    if not GUARD.allows():
        return False
    if not isinstance(plugin.__dict__.get("reconfigure_files_alternates"), MethodType):
        plugin.reconfigure_files_alternates = MethodType(reconfigure_files_alternates, plugin)
    return True


def reconfigure_files_alternates(plugin: Any, i18n_src_uris: dict[str, Any],
                                 i18n_alternate_src_uris: dict[str, Sequence[Any]],
                                 mkdocs_config: Any,
                                 create_i18n_file: Callable[..., Any]) -> None:
    """The plugin's method of the same name, step for step: for each build language and
    page without an alternate in it, the page's file in that language; else, with
    fallback on, its file in the default language; else the page itself when it is in
    the default language."""
    default = plugin.default_language
    languages = plugin.all_languages
    locales: dict[str, str] = {}

    def create(file: Any, language: str) -> Any:
        return create_i18n_file(file, language, default, languages, mkdocs_config)

    def locale_of(file: Any) -> str:
        """The language of a file's text, from its name (`index.fr.md` is French), as
        create_i18n_file works it out, whatever language is being built."""
        if file.src_uri not in locales:
            locales[file.src_uri] = create(file, default).locale
        return locales[file.src_uri]

    fallback = plugin.config.fallback_to_default is True
    for build_language in sorted(plugin.build_languages):
        for src_uri, i18n_file in i18n_src_uris.items():
            if build_language in i18n_file.alternates:
                continue
            candidates = i18n_alternate_src_uris.get(src_uri, [])
            chosen = next((f for f in candidates if locale_of(f) == build_language), None)
            if chosen is not None:
                i18n_file.alternates[build_language] = create(chosen, build_language)
                continue
            if not fallback:
                continue
            chosen = next((f for f in candidates if locale_of(f) == default), None)
            if chosen is not None:
                i18n_file.alternates[build_language] = create(chosen, build_language)
                continue
            alternate = create(i18n_file, build_language)
            if alternate.locale == default:
                i18n_file.alternates[build_language] = alternate
