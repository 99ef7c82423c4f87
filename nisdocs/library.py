"""Load `guidelines/` into the document model, reporting every problem at once.

`scan_library` returns the library (when it could be built) with all problems found;
`load_library` raises `LibraryError` when there is any. Each source is read once.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from .assets import shipped_file_problems
from .frontmatter import FrontMatter, read_front_matter
from .library_cache import FolderCache
from .library_pdf import misplaced_pdf_texts, pdf_text_of, stray_pdf_texts
from .library_rules import library_problems, version_problems
from .links import ID_TARGET
from .model import Document, Source, Translation, Version, version_key
from .problems import LibraryError, Problem, did_you_mean, problem_order
from .registry import Reference, Registry, load_registry, parse_law_link, parse_reference
from .translation_marks import IN_PROGRESS, copied_from_source, marked_in_progress
from .validate import check_fields, check_not_future
from .vocabulary import TOPICS_FILE, Topics, load_topics

DOCUMENT_FOLDER = re.compile(r"^ncg-[0-9]{4}$")
VERSION_FOLDER = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")
SOURCE_FILE = re.compile(r"^index(?:\.(?P<lang>[A-Za-z_-]+))?\.md$")
# Files at the top of the sources folder that are not documents.
TOP_LEVEL_FILES = {TOPICS_FILE, "README.md"}
# The largest source nisdocs reads; a larger one is a problem, not a slow build.
MAX_SOURCE_BYTES = 1_000_000


@dataclass(frozen=True)
class LibraryConfig:
    root: Path  # the project folder; paths in messages are relative to it
    languages: tuple[str, ...]  # the site's languages, the source language first
    source_dir: str = "guidelines"
    include_drafts: bool = False
    today: date = field(default_factory=date.today)
    # Languages of the site that this build leaves out (a preview of some languages,
    # NISDOCS_LANGUAGES): their translations are passed over, not refused.
    left_out: tuple[str, ...] = ()

    @property
    def source_language(self) -> str:
        return self.languages[0]


@dataclass
class Library:
    config: LibraryConfig
    documents: dict[str, Document]  # what the build shows, by id, in id order
    topics: Topics
    registry: Registry

    @property
    def source_language(self) -> str:
        return self.config.source_language

    @property
    def languages(self) -> tuple[str, ...]:
        return self.config.languages

    def law_url(self, target: str, language: str) -> str | None:
        """Where `law:<target>` leads: the article on EUR-Lex in `language`; None for a
        target that names no known act (a law link in raw HTML is not validated)."""
        reference = parse_law_link(target)
        if reference is None or reference.act not in self.registry.acts:
            return None
        return self.registry.eurlex_url(reference, language)

    def law_link_url(self, target: str, language: str) -> str:
        """`law_url` of a link of a source's Markdown, validated when it was loaded."""
        url = self.law_url(target, language)
        assert url is not None
        return url

    def id_link_target(self, target: str) -> tuple[Document, Version, str | None]:
        """What `id:<target>` names: the document, the version (the current one unless
        `@version` names another) and the anchor, if any."""
        match = ID_TARGET.match(target)
        assert match is not None  # validated when the library was loaded
        document = self.documents[match["id"]]
        version = document.version(match["version"]) if match["version"] else None
        return document, version or document.current, match["anchor"]


def document_of(path: str, source_dir: str) -> str | None:
    """The id of the document whose folder holds `path`, if any."""
    parts = PurePosixPath(path).parts
    if len(parts) >= 2 and PurePosixPath(parts[0]) == PurePosixPath(source_dir) and \
            DOCUMENT_FOLDER.match(parts[1]):
        return parts[1].upper()
    return None


def load_library(config: LibraryConfig, cache: FolderCache | None = None) -> Library:
    library, problems = scan_library(config, cache)
    if problems:
        raise LibraryError(problems)
    return library


def scan_library(config: LibraryConfig, cache: FolderCache | None = None
                 ) -> tuple[Library, list[Problem]]:
    """The library and every problem found; with `cache`, the documents of folders left
    unchanged since the cache's last scan are taken from it (the preview reloads the
    library after every edit)."""
    loader = _Loader(config, cache.of(config) if cache is not None else None)
    loader.run()
    return loader.library(), sorted(loader.problems, key=problem_order)


class _Loader:
    def __init__(self, config: LibraryConfig, cache: FolderCache | None = None) -> None:
        self.config = config
        self.cache = cache
        self.folder = config.root / config.source_dir
        self.registry = load_registry()
        self.problems: list[Problem] = []
        self.topics = Topics({})
        self.all_documents: dict[str, Document] = {}  # every document, drafts included
        self.folders: dict[str, str] = {}  # id -> path of its index.md
        # The id of every document folder, even one whose source has problems, so that
        # a broken document is reported once, not again by every link to it.
        self.known_ids: set[str] = set()

    def rel(self, path: Path) -> str:
        return path.relative_to(self.config.root).as_posix()

    # -- walking the folder -------------------------------------------------

    def run(self) -> None:
        if not self.folder.is_dir():
            self.problems.append(Problem(self.config.source_dir, None, None,
                                         "the sources folder does not exist"))
            return
        self.reject_symbolic_links()
        self.topics, problems = load_topics(self.folder / TOPICS_FILE,
                                            f"{self.config.source_dir}/{TOPICS_FILE}",
                                            self.config.languages)
        self.problems += problems
        for entry in sorted(self.folder.iterdir()):
            if entry.name.startswith("."):
                continue
            if entry.is_file():
                if entry.name not in TOP_LEVEL_FILES:
                    self.problems.append(Problem(self.rel(entry), None, None, (
                        "unexpected file; the sources folder holds one folder per document "
                        f"and {', '.join(sorted(TOP_LEVEL_FILES))}")))
            elif not DOCUMENT_FOLDER.match(entry.name):
                self.problems.append(Problem(self.rel(entry), None, None, (
                    f"folder name '{entry.name}' is not a document id in lower case; "
                    "allowed: ncg- and four digits, such as ncg-0042")))
            else:
                self.known_ids.add(entry.name.upper())
                self.load_folder(entry)
        self.problems += library_problems(
            self.all_documents, known_ids=self.known_ids, registry=self.registry,
            source_dir=self.config.source_dir, include_drafts=self.config.include_drafts)

    def reject_symbolic_links(self) -> None:
        """A symbolic link in the sources could make the site or a PDF carry a file from
        outside the repository: none is allowed, whatever it points at."""
        for folder, subfolders, names in os.walk(self.folder):
            for name in [*subfolders, *names]:
                path = Path(folder) / name
                if path.is_symlink():
                    self.problems.append(Problem(self.rel(path), None, None, (
                        f"found a symbolic link (to {os.readlink(path)}); allowed: files and "
                        "folders themselves, no links, which could lead outside the "
                        "repository")))

    def load_folder(self, folder: Path) -> None:
        """A document's folder, from the cache when none of its files changed."""
        cached, key = self.cache.get(folder) if self.cache is not None else (None, ())
        if cached is not None:
            self.problems += cached.problems
            if cached.versions:
                self.add_document(Document(cached.versions[0].document_id,
                                           list(cached.versions)))
            return
        before = len(self.problems)
        versions = self.load_document(folder)
        # Images and other files beside the sources are served as they are.
        self.problems += shipped_file_problems(folder, self.config.root)
        if versions:
            self.add_document(Document(versions[0].document_id, versions))
        if self.cache is not None:
            self.cache.put(folder, key, tuple(versions), tuple(self.problems[before:]))

    def add_document(self, document: Document) -> None:
        if document.id in self.all_documents:
            first = self.folders[document.id]
            self.problems.append(Problem(document.versions[-1].source.path, None, "id", (
                f"duplicate id {document.id}: {first} has it already; allowed: an id used "
                "by no other document")))
            return
        self.all_documents[document.id] = document
        self.folders[document.id] = document.versions[-1].source.path

    def load_document(self, folder: Path) -> list[Version]:
        """The versions of a document folder, in order; its problems are recorded."""
        versions: list[Version] = []
        for entry in sorted(folder.iterdir()):
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                if VERSION_FOLDER.match(entry.name):
                    version = self.load_version(entry, folder, expected_version=entry.name)
                    if version:
                        versions.append(version)
                else:
                    self.reject_markdown_in(entry)
                    self.problems += misplaced_pdf_texts(entry, self.config.root)
            elif entry.suffix == ".md" and not SOURCE_FILE.match(entry.name):
                self.problems.append(Problem(self.rel(entry), None, None, (
                    "unexpected Markdown file; a document folder holds index.md, its "
                    "translations index.<lang>.md, and earlier versions in folders named by "
                    "version")))
        current = self.load_version(folder, folder, expected_version=None)
        if current:
            versions.append(current)
        if not versions:
            return versions
        versions.sort(key=lambda v: version_key(v.version))
        self.problems += version_problems(versions)
        return versions

    def reject_markdown_in(self, folder: Path) -> None:
        for path in sorted(folder.rglob("*.md")):
            self.problems.append(Problem(self.rel(path), None, None, (
                f"unexpected Markdown file; '{folder.name}' is not a version folder "
                "(allowed names: MAJOR.MINOR, such as 1.0)")))

    # -- one version and its translations -----------------------------------

    def load_version(self, folder: Path, document_folder: Path,
                     expected_version: str | None) -> Version | None:
        source_path = folder / "index.md"
        translation_paths = [p for p in sorted(folder.glob("index.*.md"))]
        self.problems += stray_pdf_texts(folder, self.config.root)
        if not source_path.is_file():
            for path in translation_paths:
                self.problems.append(Problem(self.rel(path), None, None, (
                    "a translation without a source: there is no index.md next to it")))
            if expected_version is None and not translation_paths:
                self.problems.append(Problem(self.rel(folder), None, None, (
                    "the document folder has no index.md")))
            return None
        translations = [t for p in translation_paths
                        if (t := self.load_translation(p, document_folder, source_path))]
        parsed = self.read(source_path, "document")
        if parsed is None:
            return None
        front, source, valid = parsed
        data = front.data
        rel_path = source.path
        problems_before = len(self.problems)
        if not valid:
            self.check_topics(front, rel_path)
            self.references(front, rel_path)
            return None
        expected_id = document_folder.name.upper()
        if data["id"] != expected_id:
            owner = self.folder / data["id"].lower() / "index.md"
            duplicate = (f"duplicate id: {self.rel(owner)} has {data['id']} already; "
                         if owner.is_file() else "")
            self.problems.append(Problem(rel_path, front.lines["id"], "id", (
                f"{duplicate}found {data['id']} in the folder {document_folder.name}; "
                f"allowed: {expected_id}, the id the folder is named after")))
        if expected_version is not None and data["version"] != expected_version:
            self.problems.append(Problem(rel_path, front.lines["version"], "version", (
                f'found "{data["version"]}" in the folder {folder.name}; allowed: '
                f'"{expected_version}", the version the folder is named after')))
        self.problems += check_not_future(front, rel_path, self.config.today)
        self.check_topics(front, rel_path)
        references = self.references(front, rel_path)
        if len(self.problems) > problems_before:
            return None
        version = Version(
            document_id=data["id"], version=data["version"], title=data["title"],
            short_title=data.get("short_title"), type=data["type"], status=data["status"],
            date=data["date"], topics=tuple(data["topics"]), references=references,
            supersedes=tuple(data.get("supersedes", ())), related=tuple(data.get("related", ())),
            summary=data["summary"], version_note=data.get("version_note"), source=source,
            number_headings=data.get("number_headings"),
        )
        version.translations = {t.language: t for t in translations}
        version.in_progress = tuple(
            language for path in translation_paths
            if (language := SOURCE_FILE.match(path.name)["lang"])  # type: ignore[index]
            in self.config.languages and marked_in_progress(path))
        return version

    def check_topics(self, front: FrontMatter, path: str) -> None:
        topics = front.data.get("topics")
        for index, key in enumerate(topics if isinstance(topics, list) else ()):
            if isinstance(key, str) and key not in self.topics:
                self.problems.append(Problem(path, front.lines.get(f"topics[{index}]"), "topics", (
                    f"unknown topic '{key}'; allowed: {', '.join(self.topics.labels)}"
                    f"{did_you_mean(key, self.topics.labels)}")))

    def references(self, front: FrontMatter, path: str) -> tuple[Reference, ...]:
        references = []
        texts = front.data.get("references")
        for index, text in enumerate(texts if isinstance(texts, list) else ()):
            line = front.lines.get(f"references[{index}]")
            reference = parse_reference(text) if isinstance(text, str) else None
            if reference is None:  # the schema's pattern reports the form already
                continue
            reason = self.registry.check(reference)
            if reason:
                self.problems.append(Problem(path, line, "references",
                                             f"found {text}: {reason}"))
            else:
                references.append(reference)
        return tuple(references)

    def load_translation(self, path: Path, document_folder: Path,
                         source_path: Path) -> Translation | None:
        language = SOURCE_FILE.match(path.name)["lang"]  # type: ignore[index]
        display = self.rel(path)
        if language in self.config.left_out:
            return None
        if language not in self.config.languages[1:]:
            self.problems.append(Problem(display, None, None, (
                f"language '{language}' is not configured; allowed suffixes: "
                f"{', '.join(self.config.languages[1:])} (the source language "
                f"{self.config.source_language} has no suffix)"
                f"{did_you_mean(language, self.config.languages[1:])}")))
            return None
        parsed = self.read(path, "translation")
        if parsed is None or not parsed[2]:
            return None
        front, source, _valid = parsed
        data = front.data
        expected_id = document_folder.name.upper()
        if data["id"] != expected_id:
            self.problems.append(Problem(display, front.lines["id"], "id", (
                f"found {data['id']}; allowed: {expected_id}, the id of its source "
                f"{self.rel(source_path)}")))
            return None
        # A scaffold still being translated is not published: readers get the source text
        # with the "not translated" notice, and `nisdocs status` shows it as in progress.
        if data.get("translation") == IN_PROGRESS:
            return None
        copied = copied_from_source(front.body, source_path)
        if copied is not None:
            self.problems.append(Problem(display, front.body_line + copied, None, (
                "found a body whose paragraphs are all identical to the source's (an "
                "untranslated `nisdocs translate` scaffold); allowed: the text translated, "
                "or `translation: in-progress` in the front matter while it is not")))
            return None
        return Translation(language=language, source_version=data["source_version"],
                           title=data["title"], short_title=data.get("short_title"),
                           summary=data["summary"], source=source)

    def read(self, path: Path, kind: str) -> tuple[FrontMatter, Source, bool] | None:
        """The front matter and body of a file, and whether all its fields are valid;
        None when it cannot be read at all."""
        display = self.rel(path)
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            self.problems.append(Problem(display, None, None, (
                f"the file is {size} bytes; allowed: at most {MAX_SOURCE_BYTES} bytes")))
            return None
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as error:
            self.problems.append(Problem(display, None, None, (
                f"not valid UTF-8 (byte {error.start}); allowed: UTF-8 text")))
            return None
        front, problems = read_front_matter(text, display)
        if front is None:
            self.problems += problems
            return None
        problems = check_fields(front, display, kind)
        # A text that exists only as a PDF: the file beside the front matter.
        pdf, pdf_problems = pdf_text_of(path, display, front.body, front.body_line,
                                        self.config.root)
        problems += pdf_problems
        self.problems += problems
        # A file with field problems is still returned, so that the checks of its other
        # fields run too; the caller builds nothing from it.
        source = Source(display, front.body, front.body_line, front.lines, pdf)
        return front, source, not problems

    # -- what the build shows -----------------------------------------------

    def library(self) -> Library:
        documents: dict[str, Document] = {}
        for doc_id in sorted(self.all_documents):
            document = self.all_documents[doc_id]
            versions = [v for v in document.versions
                        if self.config.include_drafts or not v.is_draft]
            if versions:
                documents[doc_id] = Document(doc_id, versions, document.superseded_by)
        for document in documents.values():
            document.superseded_by = [d for d in document.superseded_by if d in documents]
        return Library(self.config, documents, self.topics, self.registry)
