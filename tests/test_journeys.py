"""The translators' journey: a `nisdocs translate` scaffold is "in progress" until it is
translated, and an unmarked translation copied from its source is a check problem."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import PROJECT, TinyLibrary, source_text, translation_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nisdocs.cli import main, status_table
from nisdocs.model import TranslationState
from nisdocs.scaffold import ScaffoldError, new_translation, release
from nisdocs.translation_marks import prose_paragraphs
from nisdocs.translations import translation_status
from nisdocs.vocabulary import ui_strings

LANGUAGE_FILES = sorted((PROJECT / "nisdocs/data/ui").glob("*.yml"))
WORDS = st.lists(st.sampled_from(["risk", "incident", "entity", "report", "supplier",
                                  "measure", "network", "control", "review", "notice"]),
                 min_size=4, max_size=12).map(" ".join)
BODIES = st.lists(WORDS, min_size=1, max_size=8, unique=True)


def _source(paragraphs: list[str]) -> str:
    body = "\n\n".join(f"{text.capitalize()}." for text in paragraphs)
    return source_text("NCG-0001").replace("Text of the document.\n", body + "\n")


def test_a_scaffold_is_in_progress_not_current(tiny: TinyLibrary) -> None:
    tiny.remove("ncg-0001/index.fr.md")
    library, _ = tiny.scan()
    path = new_translation(library, "NCG-0001", "fr")
    assert "translation: in-progress" in path.read_text(encoding="utf-8")
    library, problems = tiny.scan()
    assert problems == []  # a scaffold in progress passes check...
    # ...and is not published: readers of French get the English text, with its notice
    current = library.documents["NCG-0001"].current
    assert "fr" not in current.translations
    assert current.text("fr", "en").language == "en"
    cell = translation_status(library).rows[0].cells["fr"]
    assert (cell.state, cell.path) == (TranslationState.IN_PROGRESS,
                                       "guidelines/ncg-0001/index.fr.md")
    status = translation_status(library)
    assert status.coverage("fr")[TranslationState.IN_PROGRESS] == 1
    assert status.as_dict()["documents"][0]["translations"]["fr"]["state"] == "in-progress"
    table = status_table(status)
    assert "in-progress" in table.split("\n")[2]  # the coverage header
    assert "NCG-0001  1.0      in progress" in table


def test_removing_the_mark_before_translating_is_a_problem(tiny: TinyLibrary) -> None:
    tiny.remove("ncg-0001/index.fr.md")
    library, _ = tiny.scan()
    path = new_translation(library, "NCG-0001", "fr")
    path.write_text(path.read_text(encoding="utf-8").replace("translation: in-progress\n", ""),
                    encoding="utf-8")
    problems = tiny.problems()
    assert len(problems) == 1, problems
    assert problems[0].startswith("guidelines/ncg-0001/index.fr.md:10: found a body whose "
                                  "paragraphs are all identical to the source's")
    assert "allowed: the text translated, or `translation: in-progress`" in problems[0]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(paragraphs=BODIES, translated=st.data())
def test_copied_paragraphs_are_found_and_translated_ones_pass(
        tiny: TinyLibrary, paragraphs: list[str], translated: st.DataObject) -> None:
    tiny.write("ncg-0001/index.md", _source(paragraphs))
    body = "\n\n".join(f"{text.capitalize()}." for text in paragraphs)
    copy = translation_text("NCG-0001").replace("Texte.\n", body + "\n")
    tiny.write("ncg-0001/index.fr.md", copy)
    assert any("identical to the source's" in p for p in tiny.problems())
    # Marked in progress, the same copy passes and is not published
    tiny.write("ncg-0001/index.fr.md", copy.replace("---\n\n", "translation: in-progress\n"
                                                                 "---\n\n", 1))
    library, problems = tiny.scan()
    assert problems == [] and "fr" not in library.documents["NCG-0001"].current.translations
    # More than a tenth of the prose translated: a translation, however literal the rest
    count = translated.draw(st.integers(min_value=max(1, len(paragraphs) // 10 + 1),
                                        max_value=len(paragraphs)))
    mixed = [f"Traduit {index} {text}." if index < count else f"{text.capitalize()}."
             for index, text in enumerate(paragraphs)]
    tiny.write("ncg-0001/index.fr.md", translation_text("NCG-0001").replace(
        "Texte.\n", "\n\n".join(mixed) + "\n"))
    assert tiny.problems() == []


def test_headings_code_and_tables_are_not_prose() -> None:
    body = ("## Scope of the text here\n\n```\nsame code in every language here\n\n"
            "more code lines stay the same\n```\n\n| a | b |\n|---|---|\n| one two three four "
            "| x |\n\nA real paragraph of prose text.\n")
    assert prose_paragraphs(body) == [(12, "A real paragraph of prose text.")]


@pytest.mark.parametrize("path", LANGUAGE_FILES, ids=lambda path: path.stem)
def test_every_language_names_the_in_progress_state(path: Path) -> None:
    states = ui_strings(path.stem)["states"]
    assert set(states) >= {state.value for state in TranslationState}
    assert states["in-progress"] != states["missing"]
    if path.stem != "en":
        assert states["in-progress"] != ui_strings("en")["states"]["in-progress"]


def test_status_command_shows_a_scaffold_in_progress(project_copy: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    config = str(project_copy / "mkdocs.yml")
    assert main(["translate", "NCG-0002", "el", "--config", config]) == 0
    capsys.readouterr()
    assert main(["status", "--format", "json", "--config", config]) == 0
    data = json.loads(capsys.readouterr().out)
    row = next(row for row in data["documents"] if row["id"] == "NCG-0002")
    assert row["translations"]["el"] == {"state": "in-progress", "translated_version": None,
                                         "path": "guidelines/ncg-0002/index.el.md",
                                         "pdf": None}
    assert data["coverage"]["el"]["in-progress"] == 1


@pytest.mark.parametrize("value", ["in progress", "in-progres", "In-progress", "inprogress"])
def test_a_misspelt_mark_is_refused_with_the_right_value(tiny: TinyLibrary,
                                                        value: str) -> None:
    tiny.write("ncg-0001/index.fr.md", translation_text(translation=value))
    problems = tiny.problems()
    assert len(problems) == 1 and problems[0].startswith(
        "guidelines/ncg-0001/index.fr.md:6: translation: ")
    assert 'did you mean "in-progress"?' in problems[0]


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=st.dates(min_value=date(2023, 1, 1), max_value=date(2028, 12, 31)))
def test_release_succeeds_exactly_when_check_then_passes(tiny: TinyLibrary, day: date) -> None:
    # NCG-0001 1.0 is dated 2024-05-02; the tiny library's today is 2026-11-01
    tiny.write("ncg-0001/index.md", source_text("NCG-0001"))
    for archive in (tiny.root / "guidelines/ncg-0001").glob("1.0"):
        shutil.rmtree(archive)
    library, _ = tiny.scan(drafts=True)
    try:
        release(library, "NCG-0001", "1.1", day)
    except ScaffoldError as error:
        assert day.isoformat() < "2024-05-02"
        assert "before version 1.0 (2024-05-02); allowed: 2024-05-02 or later" in str(error)
        assert not (tiny.root / "guidelines/ncg-0001/1.0").exists()  # nothing written
        return
    assert day.isoformat() >= "2024-05-02"
    assert tiny.problems() == [] and tiny.problems(drafts=True) == []
