"""Interface strings and topics: every language has every string."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import LANGUAGES, PROJECT

from nisdocs.vocabulary import eu_languages, ui_languages, ui_strings


def keys(data: dict[str, Any], prefix: str = "") -> set[str]:
    found = set()
    for key, value in data.items():
        found.add(prefix + key)
        if isinstance(value, dict):
            found |= keys(value, f"{prefix}{key}.")
    return found


def test_every_eu_language_has_ui_strings() -> None:
    assert ui_languages() == sorted(eu_languages())


@pytest.mark.parametrize("language", sorted(set(eu_languages()) - {"en"}))
def test_every_ui_string_is_translated(language: str) -> None:
    english = ui_strings("en")
    translated = ui_strings(language)
    assert keys(translated) == keys(english)
    assert translated["library"]["title"] != english["library"]["title"]
    assert translated["language_name"] == eu_languages()[language].native
    # Every language's name, in the order of nisdocs/data/languages.yml.
    assert list(translated["language_names"]) == list(eu_languages())
    assert all(isinstance(name, str) and name for name in translated["language_names"].values())


def placeholders(data: dict[str, Any], prefix: str = "") -> dict[str, set[str]]:
    """The `{name}` placeholders of every string, by key."""
    found: dict[str, set[str]] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            found.update(placeholders(value, f"{prefix}{key}."))
        elif isinstance(value, str):
            found[prefix + key] = set(re.findall(r"\{\w+\}", value))
    return found


def test_placeholders_match_across_languages() -> None:
    english = placeholders(ui_strings("en"))
    assert english["pdf.page_of"] == {"{page}", "{pages}"}
    for language in ui_languages():
        assert placeholders(ui_strings(language)) == english, language


def test_topics_are_labelled_in_every_language() -> None:
    topics = yaml.safe_load((PROJECT / "guidelines/topics.yml").read_text("utf-8"))
    assert len(topics) >= 10
    for key, labels in topics.items():
        assert set(labels) >= set(LANGUAGES), key


def test_site_languages_are_eu_languages() -> None:
    assert set(LANGUAGES) <= set(eu_languages())
    assert eu_languages()["el"].eli == "ell"


def _material_keys(path: Path) -> list[str]:
    return re.findall(r'^\s*"([\w.]+)":', path.read_text(encoding="utf-8"), flags=re.M)


@pytest.mark.parametrize("language", ["ga", "mt"])
def test_material_strings_for_languages_material_lacks(language: str) -> None:
    """Material ships no Irish or Maltese; nisdocs' own files have every key of its
    English file, and the search settings unchanged."""
    import material

    english = Path(material.__file__).parent / "templates/partials/languages/en.html"
    ours = PROJECT / "overrides/partials/languages" / f"{language}.html"
    assert not (english.parent / f"{language}.html").exists(), "material ships it now"
    assert _material_keys(ours) == _material_keys(english)
    text = ours.read_text(encoding="utf-8")
    assert f'"language": "{language}"' in text
    for line in english.read_text(encoding="utf-8").splitlines():
        if '"search.config.' in line:
            assert line.strip() in text
