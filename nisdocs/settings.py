"""Settings that both the build and the `nisdocs` command read, each in one place:
what the commands need of mkdocs.yml (`site_settings`, found from any folder of the
project by `find_config`), and switches such as the drafts setting.

    extra:
      nisdocs:
        drafts: false     # NISDOCS_DRAFTS=true overrides it: drafts shown, bannered

`nisdocs check` and `mkdocs build` read the drafts setting through `include_drafts`, so
that check looks at the library the build publishes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml_env_tag import construct_env_tag

CONFIG_NAME = "mkdocs.yml"

DRAFTS_VARIABLE = "NISDOCS_DRAFTS"
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
    raise ValueError(f"{name}: found {value!r}; allowed: true or false")


def include_drafts(options: Mapping[str, Any], environ: Mapping[str, str]) -> bool:
    """Whether drafts are shown: NISDOCS_DRAFTS when it is set, else
    `extra.nisdocs.drafts` (`options`), else false."""
    if environ.get(DRAFTS_VARIABLE, "").strip():
        return switch(environ[DRAFTS_VARIABLE], DRAFTS_VARIABLE)
    return switch(options.get("drafts", False), "extra.nisdocs.drafts")


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
    sources: str
    site_url: str | None
    pdf_options: Any
    options: dict[str, Any]  # extra.nisdocs


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
        if isinstance(plugin, dict) and "i18n" in plugin:
            entries = plugin["i18n"].get("languages") or []
            default = [e["locale"] for e in entries if e.get("default")]
            others = [e["locale"] for e in entries if not e.get("default") and e.get("build", True)]
            languages = default + others
    if not languages:
        languages = [((data.get("theme") or {}).get("language")) or "en"]
    extra = ((data.get("extra") or {}).get("nisdocs")) or {}
    return SiteSettings(languages=tuple(languages), sources=str(extra.get("sources", "guidelines")),
                        site_url=data.get("site_url"), pdf_options=extra.get("pdf"),
                        options=dict(extra) if isinstance(extra, dict) else {})
