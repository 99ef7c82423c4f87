"""Interface strings and topics: every language has every string."""

from __future__ import annotations

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


def test_placeholders_match_across_languages() -> None:
    english = ui_strings("en")["notices"]
    for language in LANGUAGES[1:]:
        for key, text in ui_strings(language)["notices"].items():
            for placeholder in ("{language}", "{version}", "{current}", "{translated}"):
                assert (placeholder in text) == (placeholder in english[key]), (language, key)


def test_topics_are_labelled_in_every_language() -> None:
    topics = yaml.safe_load((PROJECT / "guidelines/topics.yml").read_text("utf-8"))
    assert len(topics) >= 10
    for key, labels in topics.items():
        assert set(labels) >= set(LANGUAGES), key


def test_site_languages_are_eu_languages() -> None:
    assert set(LANGUAGES) <= set(eu_languages())
    assert eu_languages()["el"].eli == "ell"
