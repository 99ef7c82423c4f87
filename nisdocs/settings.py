"""Settings that both the build and the `nisdocs` command read, each in one place:
the options of the nisdocs plugin in mkdocs.yml (`read_options`), what the commands
need of mkdocs.yml (`site_settings`, found from any folder of the project by
`find_config`), and switches such as the drafts setting.

    plugins:
      - nisdocs:
          sources: guidelines    # the library's sources, relative to mkdocs.yml
          drafts: false          # NISDOCS_DRAFTS=true overrides it: drafts shown, bannered
          edit_url: https://…/edit/main/   # prefix of "suggest a change" links
          pdf: {enabled: true, serve: false, cache: …, workers: 0,   # nisdocs/pdf/settings.py
                publisher: {name: …, logo: …, copyright: …, reuse: …}}

The mkdocs plugin (nisdocs/mkdocs/config.py) declares the same options as a typed mkdocs
schema and reads them through `read_options` first, so that mkdocs and the `nisdocs`
command refuse the same mistakes with the same message. `nisdocs check` and
`mkdocs build` read the drafts setting through `include_drafts`, so that check looks at
the library the build publishes. NISDOCS_REVIEW_BASE (`review_base`) names the git ref
a pull request's preview is compared with.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml
from yaml_env_tag import construct_env_tag

from .options import SettingsError, option_mapping
from .pdf.settings import check_pdf_options
from .problems import describe, did_you_mean

CONFIG_NAME = "mkdocs.yml"
PLUGIN_NAME = "nisdocs"
WHERE = f"plugins.{PLUGIN_NAME}"  # how messages name the options: plugins.nisdocs.drafts

DRAFTS_VARIABLE = "NISDOCS_DRAFTS"
# The languages a preview shows (`nisdocs serve --language`), comma-separated.
LANGUAGES_VARIABLE = "NISDOCS_LANGUAGES"
# The git ref a pull request's preview is compared with: set, the build adds the page
# "What this pull request changes" (nisdocs/views/review.py).
REVIEW_VARIABLE = "NISDOCS_REVIEW_BASE"
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off", "")


def switch(value: Any, name: str) -> bool:
    """`value` of the setting `name` as true or false; ValueError naming the setting,
    what was found and what is allowed otherwise."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if value is not None else ""
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise SettingsError(f"{name}: found {value!r}; allowed: true or false")


@dataclass(frozen=True)
class Options:
    """The nisdocs plugin's options, with their defaults."""

    sources: str = "guidelines"
    drafts: bool = False
    edit_url: str | None = None
    pdf: Mapping[str, Any] = field(default_factory=dict)  # checked; read by pdf_settings


OPTION_NAMES = tuple(option.name for option in fields(Options))


def read_options(raw: Any) -> Options:
    """The plugin's options from mkdocs.yml (None when it names the plugin alone)."""
    raw = option_mapping(raw, WHERE, OPTION_NAMES)
    sources = raw.get("sources", Options.sources)
    if not isinstance(sources, str) or not sources.strip():
        raise SettingsError(f"{WHERE}.sources: found {describe(sources)}; expected the "
                            "folder of the library's sources, relative to mkdocs.yml")
    drafts = raw.get("drafts", Options.drafts)
    if not isinstance(drafts, bool):
        raise SettingsError(f"{WHERE}.drafts: found {describe(drafts)}; expected true or false")
    edit_url = raw.get("edit_url")
    if edit_url is not None and not isinstance(edit_url, str):
        raise SettingsError(f"{WHERE}.edit_url: found {describe(edit_url)}; expected the "
                            "address that a source's path is appended to")
    pdf = check_pdf_options(raw.get("pdf"), where=f"{WHERE}.pdf")
    return Options(sources=sources, drafts=drafts, edit_url=edit_url or None, pdf=pdf)


def refuse_extra_options(extra: Any) -> None:
    """`extra.nisdocs`, where the options were before nisdocs was a plugin, is an error:
    read by nothing, its settings (drafts, PDFs) would be silently lost."""
    if isinstance(extra, Mapping) and PLUGIN_NAME in extra:
        raise SettingsError(f"extra.{PLUGIN_NAME}: nisdocs reads its options from the plugin "
                            f"now; move them under `plugins: - {PLUGIN_NAME}:` in mkdocs.yml")


def include_drafts(options: Options, environ: Mapping[str, str]) -> bool:
    """Whether drafts are shown: NISDOCS_DRAFTS when it is set, else the `drafts`
    option."""
    if environ.get(DRAFTS_VARIABLE, "").strip():
        return switch(environ[DRAFTS_VARIABLE], DRAFTS_VARIABLE)
    return options.drafts


def shown_languages(environ: Mapping[str, str], languages: Sequence[str]) -> tuple[str, ...]:
    """The languages of `languages` (the source language first) that a build shows:
    those NISDOCS_LANGUAGES names, with the source language always, else all of them. A
    ValueError names a language the site does not have."""
    wanted = [code.strip() for code in environ.get(LANGUAGES_VARIABLE, "").split(",")
              if code.strip()]
    for code in wanted:
        if code not in languages:
            raise ValueError(f"{LANGUAGES_VARIABLE}: found {code!r}; allowed: the site's "
                             f"languages, {', '.join(languages)}"
                             f"{did_you_mean(code, list(languages))}")
    if not wanted:
        return tuple(languages)
    return tuple(code for code in languages if code == languages[0] or code in wanted)
def review_base(environ: Mapping[str, str]) -> str | None:
    """The git ref NISDOCS_REVIEW_BASE names (`origin/main`), None when it is unset or
    empty. git itself says whether the ref exists (changes.pull_request_review); here
    only what cannot be a ref is refused: an option (`-x`) or blanks inside."""
    base = environ.get(REVIEW_VARIABLE, "").strip()
    if not base:
        return None
    if base.startswith("-") or any(char.isspace() or ord(char) < 32 for char in base):
        raise SettingsError(f"{REVIEW_VARIABLE}: found {base!r}; allowed: a git branch, tag "
                            "or commit, such as origin/main")
    return base


def find_config(start: Path) -> Path | None:
    """The mkdocs.yml of the project `start` is in: in `start` or the nearest of its
    parents that has one (as git finds its repository); None outside any project."""
    for folder in (start.resolve(), *start.resolve().parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


@dataclass(frozen=True)
class SiteSettings:
    """What the commands need of mkdocs.yml."""

    languages: tuple[str, ...]  # the default (source) language first
    site_url: str | None
    options: Options  # the nisdocs plugin's


class _SettingsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as mkdocs does where it matters here (`!ENV` for site_url); other
    tags, such as `!!python/name` in Markdown extensions' options, read as None."""


_SettingsLoader.add_constructor("!ENV", construct_env_tag)
_SettingsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def site_settings(config_path: Path) -> SiteSettings:
    data = yaml.load(config_path.read_text(encoding="utf-8"), Loader=_SettingsLoader)
    if not isinstance(data, dict):
        raise ValueError("not a mkdocs configuration (a mapping of settings)")
    languages: list[str] = []
    for plugin in data.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("i18n"), dict):
            entries = plugin["i18n"].get("languages") or []
            default = [e["locale"] for e in entries if e.get("default")]
            others = [e["locale"] for e in entries if not e.get("default") and e.get("build", True)]
            languages = default + others
    if not languages:
        languages = [((data.get("theme") or {}).get("language")) or "en"]
    refuse_extra_options(data.get("extra"))
    return SiteSettings(languages=tuple(languages), site_url=data.get("site_url"),
                        options=read_options(_plugin_options(data.get("plugins"))))


def _plugin_options(plugins: Any) -> Any:
    """The nisdocs plugin's options in mkdocs.yml's `plugins`, a list (`- nisdocs:` with
    options, or `- nisdocs` alone) or a mapping; None (the defaults) when not listed."""
    entries = plugins.items() if isinstance(plugins, Mapping) else [
        next(iter(entry.items())) if isinstance(entry, Mapping) and len(entry) == 1
        else (entry, None) for entry in plugins or []]
    return next((options for name, options in entries if name == PLUGIN_NAME), None)
