"""Interface strings and topics: every language has every string."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from conftest import LANGUAGES, PROJECT

from nisdocs.vocabulary import eu_languages, ui_strings


def keys(data: dict[str, Any], prefix: str = "") -> set[str]:
    found = set()
    for key, value in data.items():
        found.add(prefix + key)
        if isinstance(value, dict):
            found |= keys(value, f"{prefix}{key}.")
    return found


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_every_ui_string_is_translated(language: str) -> None:
    english = ui_strings("en")
    translated = ui_strings(language)
    assert keys(translated) == keys(english)
    assert translated["library"]["title"] != english["library"]["title"]
    assert set(translated["language_names"]) == set(LANGUAGES)


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
    for language in LANGUAGES[1:]:
        assert placeholders(ui_strings(language)) == english, language


def test_topics_are_labelled_in_every_language() -> None:
    topics = yaml.safe_load((PROJECT / "guidelines/topics.yml").read_text("utf-8"))
    assert len(topics) >= 10
    for key, labels in topics.items():
        assert set(labels) >= set(LANGUAGES), key


def test_site_languages_are_eu_languages() -> None:
    assert set(LANGUAGES) <= set(eu_languages())
    assert eu_languages()["el"].eli == "ell"
