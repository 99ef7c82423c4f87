"""The document model: documents, their versions, and the translations of each version.

Plain data, built by `library.py` from the sources and read by every output (pages,
catalogue, later PDFs and the command line). Nothing here knows about mkdocs or YAML.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from .born_pdf.inspect import PdfFacts
from .registry import Reference

PUBLIC_STATUSES = ("consultation", "published", "superseded", "withdrawn")


class TranslationState(str, Enum):
    SOURCE = "source"  # the text in the source language
    CURRENT = "current"  # translates the version it belongs to
    OUTDATED = "outdated"  # translates an older version of the source
    MISSING = "missing"  # no text in that language: the source is shown instead
    IN_PROGRESS = "in-progress"  # a scaffold still being translated: shown as missing


def version_key(version: str) -> tuple[int, ...]:
    """Order versions numerically: "1.10" comes after "1.9"."""
    return tuple(int(part) for part in version.split("."))


@dataclass(frozen=True)
class PdfText:
    """A text that exists only as a PDF file (a publication born as PDF): `index.pdf`
    or `index.<lang>.pdf` beside the Markdown file that holds its front matter. The site
    publishes the file as it is and shows the text extracted from it."""

    path: str  # the PDF, relative to the project
    facts: PdfFacts


@dataclass(frozen=True)
class Source:
    """Where a text comes from: its path relative to the project, and its body."""

    path: str
    body: str
    body_line: int  # line of the file on which the body starts
    # The line of each front-matter field, for problems found after loading.
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)
    # The PDF that is the text, for a born-PDF text (its Markdown body is then empty).
    pdf: PdfText | None = None


@dataclass(frozen=True)
class Translation:
    language: str
    source_version: str
    title: str
    short_title: str | None
    summary: str
    source: Source


@dataclass
class Version:
    document_id: str
    version: str
    title: str
    short_title: str | None
    type: str
    status: str
    date: str
    topics: tuple[str, ...]
    references: tuple[Reference, ...]
    supersedes: tuple[str, ...]
    related: tuple[str, ...]
    summary: str
    version_note: str | None
    source: Source
    translations: dict[str, Translation] = field(default_factory=dict)
    # Whether the PDF numbers the headings; None: unless they carry their own numbers.
    number_headings: bool | None = None
    # Languages whose translation is a `nisdocs translate` scaffold still marked in
    # progress: not published, not in `translations`.
    in_progress: tuple[str, ...] = ()

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @property
    def year(self) -> int:
        return int(self.date[:4])

    def translation_state(self, language: str, source_language: str) -> TranslationState:
        if language == source_language:
            return TranslationState.SOURCE
        translation = self.translations.get(language)
        if translation is None:
            return TranslationState.MISSING
        if translation.source_version == self.version:
            return TranslationState.CURRENT
        return TranslationState.OUTDATED

    def text(self, language: str, source_language: str) -> Translation:
        """The text readers of `language` get: its translation where there is one, else
        the source text (its `language` then says which language that is)."""
        translation = self.translations.get(language)
        if translation is not None:
            return translation
        return Translation(language=source_language, source_version=self.version,
                           title=self.title, short_title=self.short_title,
                           summary=self.summary, source=self.source)

    def languages(self, source_language: str) -> list[str]:
        """The languages this version has a text in, the source language first."""
        return [source_language, *sorted(self.translations)]

    def sources(self, source_language: str) -> list[tuple[str, Source]]:
        """Each text's language and source: the source text first, then the
        translations in language order."""
        return [(source_language, self.source),
                *((language, self.translations[language].source)
                  for language in sorted(self.translations))]


@dataclass
class Document:
    id: str
    versions: list[Version]  # oldest first: every version the build shows
    superseded_by: list[str] = field(default_factory=list)  # computed from `supersedes`

    @property
    def slug(self) -> str:
        return self.id.lower()

    @property
    def current(self) -> Version:
        return self.versions[-1]

    @property
    def public_versions(self) -> list[Version]:
        """The versions the public may read, oldest first: never drafts, even in a
        preview build that shows them."""
        return [v for v in self.versions if v.status in PUBLIC_STATUSES]

    @property
    def earlier(self) -> list[Version]:
        return self.versions[:-1]

    def version(self, number: str) -> Version | None:
        return next((v for v in self.versions if v.version == number), None)
