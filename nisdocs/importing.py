"""`nisdocs import`: a publication that exists only as a PDF, made a text of the library.

The PDF is copied byte for byte beside a Markdown file holding its front matter and an
empty body (`index.pdf` beside `index.md`, `index.fr.pdf` beside `index.fr.md`): as a new
document, as an earlier version of a document (in the version's folder) or as the
translation of a document's current version. The file is inspected first, as the loader
inspects it; on any problem, or an argument that does not fit the library, `ScaffoldError`
says why and nothing is written. What a legacy file lacks (tags, a title) is returned as
the warnings `nisdocs check` will give, never a reason to refuse it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .born_pdf.inspect import PdfFacts, inspect_pdf, pdf_warnings
from .files import write_atomically
from .library import VERSION_FOLDER, Library, LibraryConfig
from .model import Document, version_key
from .problems import Problem
from .scaffold import (
    PLACEHOLDER,
    ScaffoldError,
    check_translation_language,
    check_type_and_topics,
    front_matter_text,
    next_free_id,
)
from .validate import front_matter_schema

SUMMARY = f"{PLACEHOLDER}: one or two sentences on what the document is for."


@dataclass(frozen=True)
class Imported:
    """What an import wrote: the front matter, the PDF beside it, and what check will say
    of the PDF without refusing it."""

    markdown: Path
    pdf: Path
    document_id: str
    version: str
    status: str | None  # None for a translation, which has no status of its own
    warnings: list[Problem]


@dataclass(frozen=True)
class _Pdf:
    file: Path
    data: bytes
    facts: PdfFacts


def read_pdf(file: Path) -> _Pdf:
    """The PDF to import, inspected as the loader will inspect it, and its bytes."""
    # The name and kind first: a typo or a folder gets a message about the argument.
    if not file.exists():
        raise ScaffoldError(f"found no file {file}; allowed: the path of a PDF file to import")
    if file.is_dir():
        raise ScaffoldError(f"{file} is a folder; allowed: a PDF file (FILE.pdf)")
    if file.suffix.lower() != ".pdf":
        raise ScaffoldError(f"{file} does not end in .pdf; allowed: a PDF file (FILE.pdf)")
    # The same inspection as the loader's: a file the site would refuse is never copied.
    facts, problems = inspect_pdf(file, str(file))
    if problems or facts is None:
        raise ScaffoldError(f"{file} is not imported:" + "".join(
            (" " if len(problems) == 1 else "\n  ") + problem.message for problem in problems))
    # The bytes copied must be the bytes inspected: a file changed meanwhile is refused.
    data = file.read_bytes()
    if hashlib.sha256(data).hexdigest() != facts.sha256:
        raise ScaffoldError(f"{file} changed while it was read; nothing was imported, try "
                            "again once it is saved")
    return _Pdf(file, data, facts)


def import_document(config: LibraryConfig, pdf: _Pdf, *, title: str | None,
                    topics: list[str], doc_type: str, version: str, day: date) -> Imported:
    """The PDF as a new draft document with the next free id."""
    _check_source_language(pdf, config, hint_document="ID")
    title = _title(title, pdf, "give the document's full title in English with --title")
    # The same rules as `nisdocs new`: its messages, so editors meet one set of them.
    _check_length(title, "document")
    check_type_and_topics(config, doc_type, topics)
    _check_version(version)
    doc_id = next_free_id(config)
    fields = {"id": doc_id, "title": title, "type": doc_type, "status": "draft",
              "version": version, "date": day.isoformat(),
              "topics": list(dict.fromkeys(topics)), "summary": SUMMARY}
    folder = config.root / config.source_dir / doc_id.lower()
    return _write(config, pdf, folder / "index.md", fields, doc_id, version, "draft",
                  config.source_language)


def import_version(library: Library, pdf: _Pdf, document: Document, *, title: str | None,
                   version: str, day: date | None) -> Imported:
    """The PDF as an earlier version of `document`, in the folder named by the version."""
    config = library.config
    _check_source_language(pdf, config, hint_document=document.id)
    current = document.current
    _check_version(version)
    if version_key(version) >= version_key(current.version):
        raise ScaffoldError(f"found version {version}, not before the current version "
                            f"{current.version}; allowed: an earlier version (a later one "
                            "is a release: `nisdocs release`)")
    folder = (config.root / current.source.path).parent / version
    if folder.exists():
        raise ScaffoldError(f"{_shown(config, folder)}/ exists already; version {version} of "
                            f"{document.id} is there")
    # Versions are dated in order: by default, the date of the version after this one.
    before = [v for v in document.versions if version_key(v.version) < version_key(version)]
    after = next(v for v in document.versions if version_key(v.version) > version_key(version))
    chosen = day.isoformat() if day else after.date
    if not (before[-1].date if before else "") <= chosen <= after.date:
        since = f"from {before[-1].date} (version {before[-1].version}) " if before else ""
        raise ScaffoldError(f"found the date {chosen}, out of the order of versions; allowed: "
                            f"a date {since}up to {after.date} (version {after.version})")
    # Without a title of its own, the version has the document's until the editor checks it.
    title = _title(title, pdf, "") if title is not None or pdf.facts.title else current.title
    _check_length(title, "document")
    fields = {"id": document.id, "title": title, "type": current.type, "status": "published",
              "version": version, "date": chosen, "topics": list(current.topics),
              "references": [str(reference) for reference in current.references] or None,
              "summary": SUMMARY}
    return _write(config, pdf, folder / "index.md", fields, document.id, version,
                  "published", config.source_language)


def import_translation(library: Library, pdf: _Pdf, document: Document, *,
                       title: str | None, language: str) -> Imported:
    """The PDF as the `language` translation of `document`'s current version."""
    config = library.config
    check_translation_language(library, language)
    current = document.current
    markdown = (config.root / current.source.path).with_name(f"index.{language}.md")
    # One text a language: a Markdown translation, a scaffold or a PDF already there.
    existing = current.translations.get(language)
    for path in (markdown, markdown.with_suffix(".pdf")):
        if path.exists():
            translates = f" (it translates version {existing.source_version})" \
                if existing and path == markdown else ""
            raise ScaffoldError(f"{_shown(config, path)} exists already{translates}; remove "
                                "it first if the PDF is to replace it")
    title = _title(title, pdf, f"give the title in {language} with --title")
    _check_length(title, "translation")
    fields = {"id": document.id, "title": title, "source_version": current.version,
              "summary": SUMMARY}
    return _write(config, pdf, markdown, fields, document.id, current.version, None, language)


def _write(config: LibraryConfig, pdf: _Pdf, markdown: Path, fields: Mapping[str, object],
           doc_id: str, version: str, status: str | None, language: str) -> Imported:
    # The PDF first, then its front matter: an interrupted import leaves at most a PDF
    # that check names ("without its front matter"), never a text without its PDF.
    target = markdown.with_suffix(".pdf")
    write_atomically(target, pdf.data)
    try:
        write_atomically(markdown, front_matter_text(fields).encode())
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    warnings = pdf_warnings(pdf.facts, _shown(config, target), language)
    return Imported(markdown, target, doc_id, version, status, warnings)


def _check_source_language(pdf: _Pdf, config: LibraryConfig, *, hint_document: str) -> None:
    # A source text in another language is most likely a translation imported by mistake.
    named = pdf.facts.language
    if named is None or _primary(named) == _primary(config.source_language):
        return
    primary = _primary(named)
    hint = (f"if it is a translation, import it as one: --document {hint_document} "
            f"--language {primary}" if primary in config.languages[1:] else
            "if the PDF names the wrong language, set it and export the PDF again")
    raise ScaffoldError(f'{pdf.file} names the language "{named}" (/Lang), not '
                        f"{config.source_language}, the source language; {hint}")


def _title(given: str | None, pdf: _Pdf, ask: str) -> str:
    # --title wins over the metadata, which legacy tools often fill with a file name.
    title = " ".join((pdf.facts.title or "" if given is None else given).split())
    if not title:
        raise ScaffoldError(f"{pdf.file} has no title in its metadata; {ask}" if given is None
                            else "the title is empty; give the full title with --title")
    return title


def _check_length(title: str, kind: str) -> None:
    limit = front_matter_schema()["$defs"][kind]["properties"]["title"]["maxLength"]
    if len(title) > limit:
        raise ScaffoldError(f"the title is {len(title)} characters long; allowed: at most "
                            f"{limit} (give a shorter one with --title)")


def _check_version(version: str) -> None:
    if not VERSION_FOLDER.match(version):
        raise ScaffoldError(f"found version {version!r}; allowed: MAJOR.MINOR, such as 1.0")


def _primary(language: str) -> str:
    """A language tag's primary subtag, lower case: "fr-BE" is "fr"."""
    return language.strip().replace("_", "-").split("-")[0].lower()


def _shown(config: LibraryConfig, path: Path) -> str:
    return path.relative_to(config.root).as_posix()
