"""What a pull request changes in the library, for its preview site: the documents, the
versions and the texts (one per language, born-PDF texts marked) that its files touch,
each added, modified or removed.

Plain data made from the library the build loaded and the changed files with their git
status (`changes.file_changes`, the one place that asks git); `review_of` only maps
paths to what they hold. The preview's page "What this pull request changes" shows it
(nisdocs/views/review.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from .library import VERSION_FOLDER, Library, document_of
from .model import Document, Version

ADDED, MODIFIED, REMOVED = "added", "modified", "removed"
STATUSES = (ADDED, MODIFIED, REMOVED)
# A text's file inside a document folder: `index.md`, `1.0/index.fr.md`, `index.pdf`.
TEXT_FILE = re.compile(r"^(?:(?P<version>[^/]+)/)?index(?:\.(?P<lang>[A-Za-z_-]+))?"
                       r"\.(?P<ext>md|pdf)$")


@dataclass(frozen=True)
class FileChange:
    path: str  # relative to the project
    status: str  # added, modified or removed


@dataclass(frozen=True)
class TextChange:
    """One language's text of a version, with the files of it that changed (a born-PDF
    text has two: its front matter's Markdown and the PDF)."""

    language: str
    status: str
    files: tuple[FileChange, ...]
    pdf: bool  # a PDF that is the text changed (`index.pdf`, `index.<lang>.pdf`)


@dataclass(frozen=True)
class VersionChange:
    version: str
    status: str
    shown: bool  # the build has a page for it (not removed, not a hidden draft)
    texts: tuple[TextChange, ...]  # by language, the source language first

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(text.language for text in self.texts)


@dataclass(frozen=True)
class DocumentChange:
    id: str
    status: str
    shown: bool  # the build has a page for it
    versions: tuple[VersionChange, ...]  # newest first
    files: tuple[FileChange, ...] = ()  # its other files: images, drafts not shown...


@dataclass(frozen=True)
class Review:
    base: str  # the git ref the change is measured from, as it was given
    documents: tuple[DocumentChange, ...]  # in id order
    files: tuple[FileChange, ...] = field(default=())  # outside every document folder

    @property
    def empty(self) -> bool:
        return not self.documents and not self.files


def merged_status(statuses: Iterable[str]) -> str:
    """Added when every file is, removed when every file is, else modified."""
    found = set(statuses)
    return found.pop() if len(found) == 1 and found <= {ADDED, REMOVED} else MODIFIED


def review_of(library: Library, changes: Mapping[str, str], base: str,
              before: Mapping[str, str] | None = None) -> Review:
    """What `changes` ({path: status}, paths relative to the project) touch in
    `library`, the library the build shows. `before` gives, by document id, the version
    that the `index.md` at the top of its folder held at the base, where that file
    changed: a version that is now there and was not is new, and one that was there and
    is now in its folder was moved by a release, not added."""
    source_dir = library.config.source_dir
    source_language = library.source_language
    # Every file of every shown text: (document, version, language, whether the PDF).
    texts: dict[str, tuple[Document, Version, str, bool]] = {}
    for document in library.documents.values():
        for version in document.versions:
            for language, source in version.sources(source_language):
                texts[source.path] = (document, version, language, False)
                if source.pdf is not None:
                    texts[source.pdf.path] = (document, version, language, True)
    # Per document: its texts' changed files by (version, language), and other files.
    found: dict[str, dict[tuple[str, str], list[tuple[FileChange, bool]]]] = {}
    others: dict[str, list[FileChange]] = {}
    outside: list[FileChange] = []
    for path, status in sorted(changes.items()):
        change = FileChange(path, status)
        doc_id = document_of(path, source_dir)
        if doc_id is None:
            outside.append(change)
            continue
        place = _place_of(library, doc_id, path, status, texts)
        if place is None:
            others.setdefault(doc_id, []).append(change)
        else:
            number, language, pdf = place
            found.setdefault(doc_id, {}).setdefault((number, language), []).append(
                (change, pdf))
    documents = [_document_change(library, doc_id, found.get(doc_id, {}),
                                  others.get(doc_id, []), changes, (before or {}).get(doc_id))
                 for doc_id in sorted(set(found) | set(others))]
    return Review(base, tuple(documents), tuple(outside))


def _place_of(library: Library, doc_id: str, path: str, status: str,
              texts: Mapping[str, tuple[Document, Version, str, bool]]
              ) -> tuple[str, str, bool] | None:
    """The (version, language, is the PDF) of a text's file: from the library for a
    file the build reads; from its name for a removed one (a version folder names its
    version, a file at the top the document's current version)."""
    if path in texts:
        _, version, language, pdf = texts[path]
        return version.version, language, pdf
    if status != REMOVED:
        return None  # not a text the build shows: a hidden draft, an image...
    relative = "/".join(PurePosixPath(path).parts[2:])
    match = TEXT_FILE.match(relative)
    if match is None:
        return None
    number = match["version"]
    if number is not None and not VERSION_FOLDER.match(number):
        return None
    if number is None:
        document = library.documents.get(doc_id)
        if document is None:
            return None  # a removed document: its files are listed, it has no versions
        number = document.current.version
    return number, match["lang"] or library.source_language, match["ext"] == "pdf"


def _document_change(library: Library, doc_id: str,
                     texts: Mapping[tuple[str, str], list[tuple[FileChange, bool]]],
                     others: list[FileChange], changes: Mapping[str, str],
                     top_before: str | None) -> DocumentChange:
    document = library.documents.get(doc_id)
    languages = library.languages
    versions = []
    for number in sorted({number for number, _ in texts}, key=_version_order, reverse=True):
        version = document.version(number) if document is not None else None
        text_changes = tuple(
            TextChange(language, merged_status(f.status for f, _ in files),
                       tuple(f for f, _ in files), any(pdf for _, pdf in files))
            for language in sorted({lang for n, lang in texts if n == number},
                                   key=lambda code: (code not in languages[:1], code))
            for files in [texts[number, language]])
        status = (_version_status(library, version, changes, top_before)
                  if version is not None
                  else merged_status(text.status for text in text_changes))
        versions.append(VersionChange(number, status, version is not None, text_changes))
    every = [change.status for change in others] + [
        text.status for version in versions for text in version.texts]
    if document is None:
        status = merged_status(every)
    elif changes.get(f"{library.config.source_dir}/{document.slug}/index.md") == ADDED:
        status = ADDED  # the text at the top of its folder is new: so is the document
    else:
        status = MODIFIED
    return DocumentChange(doc_id, status, document is not None, tuple(versions),
                          tuple(others))


def _version_status(library: Library, version: Version, changes: Mapping[str, str],
                    top_before: str | None) -> str:
    """Added when its source text's file is new, unless the version is the one the
    document's `index.md` held before (a release moved it into its folder); added too when
    it is now in `index.md`, which held another version before (a release put it there)."""
    status = changes.get(version.source.path)
    if status == ADDED:
        return MODIFIED if version.version == top_before else ADDED
    top = f"{library.config.source_dir}/{version.document_id.lower()}/index.md"
    if version.source.path == top and top_before not in (None, version.version):
        return ADDED
    return MODIFIED


def _version_order(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split("."))
