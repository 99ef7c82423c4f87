"""Translation status: the matrix, `nisdocs status` and the site's translations page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import LANGUAGES, PROJECT, Build, TinyLibrary, source_text, translation_text
from sitecheck import page

from nisdocs.cli import main
from nisdocs.library import Library, LibraryConfig, load_library
from nisdocs.model import TranslationState
from nisdocs.translations import translation_status
from nisdocs.vocabulary import ui_strings


def test_matrix_of_the_sample(sample_library: Library) -> None:
    status = translation_status(sample_library)
    assert status.languages == LANGUAGES[1:]
    assert len(status.rows) == len(sample_library.documents)
    for language in status.languages:
        translated = [d for d in sample_library.documents.values()
                      if language in d.current.translations]
        counts = status.coverage(language)
        assert counts[TranslationState.CURRENT] + counts[TranslationState.OUTDATED] == len(
            translated)
        assert counts[TranslationState.MISSING] == len(status.rows) - len(translated)
    ncg3 = next(row for row in status.rows if row.document_id == "NCG-0003")
    assert ncg3.cells["bg"].state is TranslationState.OUTDATED
    assert ncg3.cells["bg"].translated_version == "1.0"
    assert ncg3.cells["bg"].path == "guidelines/ncg-0003/index.bg.md"
    assert ncg3.cells["el"].state is TranslationState.CURRENT


def test_editing_the_source_version_makes_translations_outdated(tiny: TinyLibrary) -> None:
    library, _ = tiny.scan()
    assert translation_status(library).rows[0].cells["fr"].state is TranslationState.CURRENT
    tiny.write("ncg-0001/1.0/index.md", source_text("NCG-0001"))  # 1.0 stays published
    tiny.write("ncg-0001/index.md", source_text("NCG-0001", version='"1.1"', date="2025-01-10",
                                                version_note="Clarified the scope."))
    library, problems = tiny.scan()
    assert not problems
    cell = translation_status(library).rows[0].cells["fr"]
    assert (cell.state, cell.translated_version) == (TranslationState.OUTDATED, "1.0")
    tiny.write("ncg-0002/index.fr.md", translation_text("NCG-0002"))
    library, _ = tiny.scan()
    assert translation_status(library).rows[1].cells["fr"].state is TranslationState.CURRENT


def test_status_command_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    config = str(PROJECT / "mkdocs.yml")
    assert main(["status", "--config", config]) == 0
    text = capsys.readouterr().out
    shown = len(load_library(LibraryConfig(PROJECT, LANGUAGES)).documents)
    assert f"Translations of {shown} documents (source language: en)" in text
    rows = {line.split()[0]: re.split(r"\s{2,}", line) for line in text.splitlines()
            if line.startswith("NCG-")}
    assert rows["NCG-0003"] == ["NCG-0003", "1.1", "current", "current", "current",
                                "outdated (1.0)"]
    # A translation that exists only as a PDF says so.
    assert rows["NCG-0008"][3] == "current (PDF)"
    assert main(["status", "--format", "json", "--config", config]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["languages"] == ["fr", "de", "el", "bg"]
    assert data["coverage"]["bg"] == {"current": 2, "outdated": 1, "in-progress": 0,
                                      "missing": shown - 3}
    ncg3 = next(d for d in data["documents"] if d["id"] == "NCG-0003")
    assert ncg3["translations"]["bg"] == {"state": "outdated", "translated_version": "1.0",
                                          "path": "guidelines/ncg-0003/index.bg.md",
                                          "pdf": None}
    ncg8 = next(d for d in data["documents"] if d["id"] == "NCG-0008")
    assert ncg8["translations"]["de"]["pdf"] == "guidelines/ncg-0008/index.de.pdf"


def test_status_command_on_broken_sources(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                          ) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    (tmp_path / "guidelines/ncg-0001").mkdir(parents=True)
    (tmp_path / "guidelines/topics.yml").write_text("risk-management: {en: Risk}\n")
    (tmp_path / "guidelines/ncg-0001/index.md").write_text("no front matter\n")
    assert main(["status", "--config", str(tmp_path / "mkdocs.yml")]) == 1
    assert "guidelines/ncg-0001/index.md" in capsys.readouterr().err


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_page_in_every_language(built_site: Build, sample_library: Library,
                                             language: str) -> None:
    prefix = "" if language == "en" else f"{language}/"
    html = page(built_site.site, f"{prefix}translations/")
    assert html.h1 is not None
    assert html.h1.get_text(strip=True) == ui_strings(language)["translations"]["title"]
    status = translation_status(sample_library)
    for row in html.select(".nisdocs-coverage tbody tr"):
        counts = status.coverage(row["data-language"])
        assert [int(td.get_text()) for td in row.select("td")] == list(counts.values())
    rows = html.select(".nisdocs-matrix tbody tr")
    assert [r["data-id"] for r in rows] == [row.document_id for row in status.rows]
    outdated = html.select_one('tr[data-id="NCG-0003"] td[data-language="bg"]')
    assert outdated is not None and outdated["data-state"] == "outdated"
    assert "1.0" in outdated.get_text()
    link = outdated.select_one("a")
    assert link is not None
    assert (built_site.site / f"{prefix}translations" / link["href"] / "index.html").resolve(
    ).is_file()
