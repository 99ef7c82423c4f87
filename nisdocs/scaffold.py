"""Scaffolding for editors and translators: a new document, a translation, a release.

Each function checks its arguments against the library, then writes files; on a bad
argument it raises `ScaffoldError` with a message saying what is allowed, and writes
nothing. Files are written whole (a temporary file renamed into place), so an
interrupted command leaves no half-written source behind.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from .files import write_atomically
from .library import DOCUMENT_FOLDER, VERSION_FOLDER, Library, LibraryConfig
from .model import Document, version_key
from .problems import Problem
from .translation_marks import IN_PROGRESS
from .validate import front_matter_schema
from .vocabulary import TOPICS_FILE, load_topics

# Text the scaffolds leave for the editor to replace. A version that is no longer a
# draft must not contain it: `placeholder_problems` reports it.
PLACEHOLDER = "TO BE WRITTEN"

NEW_BODY = f"""\
## Purpose and scope

{PLACEHOLDER}: what the document is for, and who it is for.

## Guidance

{PLACEHOLDER}: the guidance itself, in sections of level `##` and below.
"""


class ScaffoldError(Exception):
    """A command's argument does not fit the library; nothing was written."""


@dataclass(frozen=True)
class Release:
    archive: Path  # the folder the released version now lives in
    source: Path  # index.md, now the next version
    copied: list[Path]  # what was archived, relative to the document folder


# -- nisdocs new ----------------------------------------------------------------


def next_free_id(config: LibraryConfig) -> str:
    """The id after the highest one in the sources folder. Ids are never reused, so a gap
    left by a removed document stays a gap."""
    folder = config.root / config.source_dir
    numbers = [int(entry.name[4:]) for entry in folder.iterdir()
               if entry.is_dir() and DOCUMENT_FOLDER.match(entry.name)]
    number = max(numbers, default=0) + 1
    if number > 9999:
        raise ScaffoldError("every id up to NCG-9999 is taken; the id format allows four digits")
    return f"NCG-{number:04d}"


def check_type_and_topics(config: LibraryConfig, doc_type: str, topics: list[str]) -> None:
    """Refuse a type or topics a new document may not have (`nisdocs new` and `import`)."""
    types = front_matter_schema()["$defs"]["document"]["properties"]["type"]["enum"]
    if doc_type not in types:
        raise ScaffoldError(f"unknown type {doc_type!r}; allowed: {', '.join(types)}")
    known, problems = load_topics(config.root / config.source_dir / TOPICS_FILE,
                                  f"{config.source_dir}/{TOPICS_FILE}", config.languages)
    if problems:
        raise ScaffoldError(f"cannot read the topics: {problems[0]}")
    unknown = [topic for topic in topics if topic not in known]
    if unknown or not topics:
        found = f"unknown topic {unknown[0]!r}" if unknown else "no topic given"
        raise ScaffoldError(f"{found}; allowed (--topic, one or more): "
                            f"{', '.join(known.labels)}")


def new_document(config: LibraryConfig, *, title: str, topics: list[str], doc_type: str,
                 summary: str | None, today: date) -> Path:
    """A draft document with the next free id, version 1.0 and valid front matter."""
    title = title.strip()
    if not title:
        raise ScaffoldError("the title is empty; give the document's full title in English")
    limit = front_matter_schema()["$defs"]["document"]["properties"]["title"]["maxLength"]
    if len(title) > limit:
        raise ScaffoldError(f"the title is {len(title)} characters long; allowed: at most {limit}")
    check_type_and_topics(config, doc_type, topics)
    doc_id = next_free_id(config)
    fields = {"id": doc_id, "title": title, "type": doc_type, "status": "draft",
              "version": "1.0", "date": today.isoformat(), "topics": list(dict.fromkeys(topics)),
              "summary": summary or f"{PLACEHOLDER}: one or two sentences on what the "
                                    "document is for."}
    path = config.root / config.source_dir / doc_id.lower() / "index.md"
    write_atomically(path, (front_matter_text(fields) + "\n" + NEW_BODY).encode())
    return path


# -- nisdocs translate ----------------------------------------------------------


def check_translation_language(library: Library, language: str) -> None:
    """Refuse a language a translation may not be in (`nisdocs translate` and `import`)."""
    if language == library.source_language:
        raise ScaffoldError(f"{language} is the source language; allowed: "
                            f"{', '.join(library.languages[1:])}")
    if language not in library.languages:
        raise ScaffoldError(f"unknown language {language!r}; the site's languages to translate "
                            f"into: {', '.join(library.languages[1:])}")


def new_translation(library: Library, doc_id: str, language: str) -> Path:
    """`index.<language>.md` next to the current source, filled with the source's text
    to translate and the version it translates."""
    document = _document(library, doc_id)
    check_translation_language(library, language)
    current = document.current
    source = library.config.root / current.source.path
    path = source.with_name(f"index.{language}.md")
    existing = current.translations.get(language)
    if existing is not None and existing.source_version == current.version:
        raise ScaffoldError(f"{_rel(library, path)} exists already and translates the current "
                            f"version {current.version}; edit it there")
    if existing is not None or path.exists():
        translates = f" (it translates version {existing.source_version})" if existing else ""
        raise ScaffoldError(
            f"{_rel(library, path)} exists already{translates}; update it, and set its "
            f'source_version to "{current.version}" once it translates version {current.version}')
    fields = {"id": document.id, "title": current.title, "short_title": current.short_title,
              "source_version": current.version, "summary": current.summary,
              "translation": IN_PROGRESS}  # removed by the translator once translated
    body = current.source.body.lstrip("\n")
    write_atomically(path, (front_matter_text(fields) + "\n" + body).encode())
    return path


# -- nisdocs release ------------------------------------------------------------


def release(library: Library, doc_id: str, next_version: str, today: date) -> Release:
    """Archive the current version of `doc_id` in a folder named by its version, where it
    stays published at its stable URL, and start `next_version` as a draft in index.md."""
    document = _document(library, doc_id)
    current = document.current
    if current.is_draft:
        raise ScaffoldError(
            f"{document.id} {current.version} is a draft: it has not been released, so there "
            "is nothing to archive; publish it first (status and date in its front matter)")
    if not VERSION_FOLDER.match(next_version):
        raise ScaffoldError(f"found version {next_version!r}; allowed: MAJOR.MINOR, such as "
                            f"{_suggest(current.version)}")
    if version_key(next_version) <= version_key(current.version):
        raise ScaffoldError(f"found version {next_version}, not after the current version "
                            f"{current.version}; allowed: a later version, such as "
                            f"{_suggest(current.version)}")
    if today.isoformat() < current.date:
        raise ScaffoldError(f"found the date {today.isoformat()}, before version "
                            f"{current.version} ({current.date}); allowed: {current.date} or "
                            "later, since versions are dated in order")
    folder = (library.config.root / current.source.path).parent
    archive = folder / current.version
    if archive.exists():
        raise ScaffoldError(f"{_rel(library, archive)} exists already; version "
                            f"{current.version} seems archived")
    copied = _archive(folder, archive)
    source = folder / "index.md"
    text = source.read_text(encoding="utf-8")
    text = edit_front_matter(text, {"version": f'"{next_version}"', "status": "draft",
                                    "date": today.isoformat()}, drop={"version_note"})
    write_atomically(source, text.encode())
    return Release(archive, source, copied)


def _archive(folder: Path, archive: Path) -> list[Path]:
    """Copy the version's texts and every other file of the document (images) that is not
    an earlier version, through a hidden folder renamed into place at the end."""
    entries = [entry for entry in sorted(folder.iterdir())
               if not entry.name.startswith(".")
               and not (entry.is_dir() and VERSION_FOLDER.match(entry.name))]
    staging = Path(tempfile.mkdtemp(prefix=".release-", dir=folder))
    try:
        for entry in entries:
            if entry.is_dir():
                shutil.copytree(entry, staging / entry.name)
            else:
                shutil.copy2(entry, staging / entry.name)
        staging.rename(archive)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [Path(entry.name) for entry in entries]


def _suggest(version: str) -> str:
    major, minor = version_key(version)
    return f"{major}.{minor + 1} or {major + 1}.0"


# -- placeholders -----------------------------------------------------------------


def placeholder_problems(library: Library, documents: Collection[str] | None = None
                         ) -> list[Problem]:
    """Scaffold text left in a version that is no longer a draft (in the `documents`
    named by id only, when given)."""
    problems = []
    for document in library.documents.values():
        if documents is not None and document.id not in documents:
            continue
        for version in document.versions:
            if version.is_draft:
                continue
            for text in [version.source, *(t.source for t in version.translations.values())]:
                path = library.config.root / text.path
                for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
                    if PLACEHOLDER in line:
                        problems.append(Problem(text.path, number, None, (
                            f"found the scaffold's placeholder {PLACEHOLDER!r} in a version with "
                            f"status {version.status}; allowed: the written text (a draft may "
                            "keep placeholders)")))
    return problems


# -- writing sources --------------------------------------------------------------


def front_matter_text(fields: Mapping[str, object]) -> str:
    """YAML front matter in the library's style: one field a line, lists in flow style,
    versions in quotes; fields whose value is None are left out."""
    lines = ["---"]
    for key, value in fields.items():
        if value is None:
            continue
        if isinstance(value, list):
            lines.append(f"{key}: [{', '.join(_scalar(item) for item in value)}]")
        elif key in ("version", "source_version"):
            lines.append(f'{key}: "{value}"')
        elif key == "date":  # plain, as editors write it; nisdocs reads dates as text
            lines.append(f"{key}: {value}")
        else:
            lines.append(f"{key}: {_scalar(value)}")
    return "\n".join([*lines, "---", ""])


def _scalar(value: object) -> str:
    dumped = yaml.safe_dump(value, allow_unicode=True, width=100_000, default_style=None)
    return dumped.removesuffix("\n").removesuffix("\n...")


_TOP_LEVEL_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:")


def edit_front_matter(text: str, values: dict[str, str], drop: set[str]) -> str:
    """`text` with the front-matter fields in `values` set to the YAML written there and
    the fields in `drop` removed; every other line (comments, folded text) is kept."""
    lines = text.split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    fields: list[list[str]] = [[]]  # runs of lines, each starting at a top-level key
    for line in lines[1:end]:
        if _TOP_LEVEL_KEY.match(line):
            fields.append([])
        fields[-1].append(line)
    kept = [] if not fields[0] else [fields[0]]
    for run in fields[1:]:
        key = _TOP_LEVEL_KEY.match(run[0])["key"]  # type: ignore[index]
        if key in drop:
            continue
        if key in values:
            trailing = [line for line in run[1:] if not line.strip()]  # blank lines between
            run = [f"{key}: {values[key]}", *trailing]
        kept.append(run)
    present = {_TOP_LEVEL_KEY.match(run[0])["key"] for run in fields[1:]}  # type: ignore[index]
    missing = [f"{key}: {value}" for key, value in values.items() if key not in present]
    return "\n".join([lines[0], *(line for run in kept for line in run), *missing,
                      *lines[end:]])


def _document(library: Library, doc_id: str) -> Document:
    document = library.documents.get(doc_id.upper())
    if document is None:
        raise ScaffoldError(f"no document {doc_id!r} in {library.config.source_dir}/; known: "
                            f"{', '.join(library.documents) or 'none'}")
    return document


def _rel(library: Library, path: Path) -> str:
    return path.relative_to(library.config.root).as_posix()

