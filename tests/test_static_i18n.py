"""nisdocs' faster alternates for mkdocs-static-i18n (nisdocs/mkdocs/patches/static_i18n.py)
give what the plugin's own method gives, on a project with every case: pages in some languages
only, a page with no default-language file, localized assets, sections, and fallback on
and off."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from nisdocs.mkdocs import patches
from nisdocs.mkdocs.patches import static_i18n

LANGUAGES = ("en", "fr", "de", "el")
SOURCES = (
    "index.md", "index.fr.md", "index.de.md", "index.el.md",
    "about.md", "about.de.md",  # some languages only
    "only-french.fr.md",  # no default-language file
    "guide/index.md", "guide/index.el.md", "guide/steps.md",
    "guide/steps.fr.md", "guide/steps.el.md",
    "figure.png", "figure.fr.png",  # a localized asset
    "notes.v2.md",  # a suffix that is not a language
)


def project(folder: Path, *, fallback: bool) -> Path:
    docs = folder / "docs"
    for name in SOURCES:
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# {name}\n", encoding="utf-8")
    languages = "".join(
        f"        - locale: {code}\n          name: {code}\n          build: true\n"
        + ("          default: true\n" if code == "en" else "") for code in LANGUAGES)
    config = folder / "mkdocs.yml"
    config.write_text(
        "site_name: t\nplugins:\n  - i18n:\n      docs_structure: suffix\n"
        f"      fallback_to_default: {str(fallback).lower()}\n      languages:\n{languages}",
        encoding="utf-8")
    return config


def alternates(config_file: Path, *, faster: bool) -> dict[str, Any]:
    """Each language build's files and their alternates, as comparable data."""
    config = load_config(config_file=str(config_file))
    plugin = config.plugins["i18n"]
    plugin.on_config(config)
    if faster:
        assert static_i18n.install(plugin)
    found = {}
    for language in LANGUAGES:
        plugin.current_language = language
        files = plugin.reconfigure_files(get_files(config), config)
        found[language] = {
            file.src_uri: {code: (alt.src_uri, alt.dest_uri, alt.url, alt.locale,
                                  alt.locale_alternate_of)
                           for code, alt in sorted(getattr(file, "alternates", {}).items())}
            for file in files}
    return found


@pytest.mark.parametrize("fallback", [True, False])
def test_the_same_alternates_as_the_plugins_own(tmp_path: Path, fallback: bool) -> None:
    config = project(tmp_path, fallback=fallback)
    theirs = alternates(config, faster=False)
    ours = alternates(config, faster=True)
    assert ours == theirs
    # The cases are there: a page in some languages, one with a fallback, an asset.
    english = theirs["en"]
    assert english["about.md"]["de"][0] == "about.de.md"
    assert ("fr" in english["about.md"]) is fallback
    assert theirs["fr"]["figure.fr.png"]


def test_other_plugin_versions_keep_their_own_method(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    monkeypatch.setattr(patches, "installed_version", lambda name: "1.4.0")
    config = load_config(config_file=str(project(tmp_path, fallback=True)))
    plugin = config.plugins["i18n"]
    assert not static_i18n.install(plugin)
    assert "reconfigure_files_alternates" not in plugin.__dict__
