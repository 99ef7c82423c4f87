"""Controlled vocabularies: topics (from the library), UI strings and language names."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem, describe

TOPICS_FILE = "topics.yml"


@dataclass(frozen=True)
class Topics:
    """Topic keys in the order of the vocabulary file, with a label per language."""

    labels: dict[str, dict[str, str]]

    def __contains__(self, key: object) -> bool:
        return key in self.labels

    def label(self, key: str, language: str) -> str:
        return self.labels[key][language]


def load_topics(path: Path, display_path: str,
                languages: Sequence[str]) -> tuple[Topics, list[Problem]]:
    """Read the topics vocabulary; every topic needs a label in every language."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Topics({}), [Problem(display_path, None, None, "the topics vocabulary is missing")]
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        return Topics({}), [Problem(display_path, None, None, f"not valid YAML: {error}")]
    if not isinstance(data, dict):
        return Topics({}), [Problem(display_path, None, None,
                                    f"found {describe(data)}; expected a mapping of topic keys")]
    problems = []
    labels: dict[str, dict[str, str]] = {}
    for key, value in data.items():
        if not isinstance(value, dict):
            problems.append(Problem(display_path, None, str(key),
                                    f"found {describe(value)}; expected labels by language"))
            continue
        missing = [lang for lang in languages if not isinstance(value.get(lang), str)]
        if missing:
            problems.append(Problem(display_path, None, str(key),
                                    f"no label in {', '.join(missing)}; every topic needs a "
                                    f"label in each language: {', '.join(languages)}"))
        labels[str(key)] = {str(lang): str(label) for lang, label in value.items()}
    return Topics(labels), problems


# nisdocs' own files: PyYAML's C loader where it has one (24 languages: 0.4 s less).
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def ui_strings(language: str) -> dict[str, Any]:
    """The strings nisdocs adds to the site's interface, in `language`."""
    entry = resources.files("nisdocs") / "data" / "ui" / f"{language}.yml"
    data: dict[str, Any] = yaml.load(entry.read_text(encoding="utf-8"), Loader=_YamlLoader)
    return data


def language_names(codes: list[str], ui: dict[str, Any]) -> list[dict[str, str]]:
    """Languages as a reader of `ui`'s language names them, with their codes (for
    `lang`/`hreflang` and the filters)."""
    return [{"code": code, "name": str(ui["language_names"][code])} for code in codes]


def ui_languages() -> list[str]:
    """The languages nisdocs has interface strings for, by code."""
    folder = resources.files("nisdocs") / "data" / "ui"
    return sorted(entry.name.removesuffix(".yml") for entry in folder.iterdir()
                  if entry.name.endswith(".yml"))


def missing_ui_languages(languages: Sequence[str]) -> list[str]:
    available = ui_languages()
    return [lang for lang in languages if lang not in available]


@dataclass(frozen=True)
class Language:
    iso: str
    eli: str
    name: str
    native: str


@cache
def eu_languages() -> dict[str, Language]:
    """The EU's 24 official languages by ISO 639-1 code."""
    entry = resources.files("nisdocs") / "data" / "languages.yml"
    return {
        item["iso"]: Language(item["iso"], item["eli"], item["name"], item["native"])
        for item in yaml.safe_load(entry.read_text(encoding="utf-8"))
    }
