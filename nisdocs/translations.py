"""Where translations stand: the matrix of documents by language, and coverage per language.

Each document's current version is compared, language by language, with its translations:
`current` (translates this version), `outdated` (translates an older one, named),
`in-progress` (a `nisdocs translate` scaffold still marked `translation: in-progress`, not
published: readers get the source text) or `missing`. The command line (`nisdocs status`)
and the site's translations page both read this; nothing here knows how it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .library import Library
from .model import TranslationState

TRANSLATION_STATES = (TranslationState.CURRENT, TranslationState.OUTDATED,
                      TranslationState.IN_PROGRESS, TranslationState.MISSING)


@dataclass(frozen=True)
class Cell:
    state: TranslationState
    translated_version: str | None  # the source version a translation translates
    path: str | None  # the translation's file, relative to the project
    pdf: str | None = None  # the PDF that is its text, for one that exists only as a PDF


@dataclass(frozen=True)
class Row:
    document_id: str
    title: str  # in the source language
    version: str  # the current version
    source_path: str
    cells: dict[str, Cell]  # by language


@dataclass(frozen=True)
class TranslationStatus:
    source_language: str
    languages: tuple[str, ...]  # the languages translated into, in the site's order
    rows: tuple[Row, ...]

    def coverage(self, language: str) -> dict[TranslationState, int]:
        """How many documents are in each state in `language`."""
        counts = dict.fromkeys(TRANSLATION_STATES, 0)
        for row in self.rows:
            counts[row.cells[language].state] += 1
        return counts

    def as_dict(self) -> dict[str, Any]:
        """The matrix as JSON data (`nisdocs status --format json`)."""
        return {
            "source_language": self.source_language,
            "languages": list(self.languages),
            "coverage": {language: {state.value: count
                                    for state, count in self.coverage(language).items()}
                         for language in self.languages},
            "documents": [{
                "id": row.document_id, "title": row.title, "version": row.version,
                "source": row.source_path,
                "translations": {language: {"state": cell.state.value,
                                            "translated_version": cell.translated_version,
                                            "path": cell.path, "pdf": cell.pdf}
                                 for language, cell in row.cells.items()},
            } for row in self.rows],
        }


def translation_status(library: Library) -> TranslationStatus:
    source = library.source_language
    languages = tuple(language for language in library.languages if language != source)
    rows = []
    for document in library.documents.values():
        current = document.current
        cells = {}
        for language in languages:
            translation = current.translations.get(language)
            pdf = translation.source.pdf if translation else None
            cells[language] = Cell(current.translation_state(language, source),
                                    translation.source_version if translation else None,
                                    translation.source.path if translation else None,
                                    pdf.path if pdf else None)
            # A scaffold still marked in progress is no translation of the library's.
            if translation is None and language in current.in_progress:
                scaffold = current.source.path.rsplit("/", 1)[0] + f"/index.{language}.md"
                cells[language] = Cell(TranslationState.IN_PROGRESS, None, scaffold)
        rows.append(Row(document.id, current.title, current.version, current.source.path,
                        cells))
    return TranslationStatus(source, languages, tuple(rows))
