"""The rules that span documents, run once every source of the library is read: each
document's versions and translations agree (numbers, dates, source versions), `id:`
and `law:` links and `supersedes`/`related` ids lead somewhere, and supersession is
consistent (the superseded say so, no cycle). The loader (nisdocs/library.py) adds
their problems to those of each file.
"""

from __future__ import annotations

import itertools

from .links import ID_TARGET, find_links
from .model import Document, Source, Version, version_key
from .problems import Problem, did_you_mean
from .registry import Registry, parse_law_link


def shown(document: Document) -> bool:
    """Whether the public site shows the document: it has a version that is no draft."""
    return any(not v.is_draft for v in document.versions)


def version_problems(versions: list[Version]) -> list[Problem]:
    """The rules across the versions of one document and their translations."""
    problems: list[Problem] = []
    numbers = [v.version for v in versions]
    for earlier, later in itertools.pairwise(versions):
        if earlier.version == later.version:
            problems.append(Problem(later.source.path, later.source.lines.get("version"),
                                    "version", (
                f'found "{later.version}", which {earlier.source.path} has too; allowed: '
                "a version number used once per document")))
        elif later.date < earlier.date:
            problems.append(Problem(later.source.path, later.source.lines.get("date"),
                                    "date", (
                f"version {later.version} is dated {later.date}, before version "
                f"{earlier.version} ({earlier.date}); allowed: {earlier.date} or later")))
    for version in versions:
        for translation in version.translations.values():
            line = translation.source.lines.get("source_version")
            if translation.source_version not in numbers:
                problems.append(Problem(translation.source.path, line, "source_version", (
                    f'found "{translation.source_version}", a version the source does not '
                    f"have; allowed: {', '.join(numbers)}")))
            elif version_key(translation.source_version) > version_key(version.version):
                problems.append(Problem(translation.source.path, line, "source_version", (
                    f'found "{translation.source_version}", newer than the text it sits next '
                    f"to (version {version.version}); allowed: {version.version} or earlier")))
    return problems


def library_problems(documents: dict[str, Document], *, known_ids: set[str],
                     registry: Registry, source_dir: str,
                     include_drafts: bool) -> list[Problem]:
    """The rules across documents. Sets each document's `superseded_by` on the way.
    `known_ids` holds every document folder's id, even one whose source has problems, so
    that a broken document is reported once, not again by every link to it."""
    return _Rules(documents, known_ids, registry, source_dir, include_drafts).run()


class _Rules:
    def __init__(self, documents: dict[str, Document], known_ids: set[str],
                 registry: Registry, source_dir: str, include_drafts: bool) -> None:
        self.all_documents = documents
        self.known_ids = known_ids
        self.registry = registry
        self.source_dir = source_dir
        self.include_drafts = include_drafts
        self.problems: list[Problem] = []

    def run(self) -> list[Problem]:
        for document in self.all_documents.values():
            for version in document.versions:
                self.check_ids(version, "supersedes", version.supersedes)
                self.check_ids(version, "related", version.related)
                self.check_body_links(version.source, version)
                for translation in version.translations.values():
                    self.check_body_links(translation.source, version)
        self.check_supersession()
        return self.problems

    def check_ids(self, version: Version, field_name: str, ids: tuple[str, ...]) -> None:
        for index, target in enumerate(ids):
            line = version.source.lines.get(f"{field_name}[{index}]")
            if target == version.document_id:
                self.problems.append(Problem(version.source.path, line, field_name,
                                             f"names the document itself ({target})"))
            elif target not in self.known_ids:
                self.problems.append(Problem(version.source.path, line, field_name, (
                    f"unknown document id {target}; allowed: ids of documents in "
                    f"{self.source_dir}/{did_you_mean(target, sorted(self.known_ids))}")))

    def check_body_links(self, source: Source, version: Version) -> None:
        for link in find_links(source.body):
            line = source.body_line + link.line - 1
            if link.scheme == "law":
                reference = parse_law_link(link.target)
                if reference is None:
                    meant = self.registry.suggest_law_link(link.target)
                    hint = f'; did you mean "law:{meant}"?' if meant else ""
                    self.problems.append(Problem(source.path, line, "law link", (
                        f"found law:{link.target}; allowed: law:ACT/ARTICLE, then an optional "
                        f"/PARAGRAPH and /POINT, such as law:NIS2/21/2/d{hint}")))
                    continue
                reason = self.registry.check(reference)
                if reason:
                    self.problems.append(Problem(source.path, line, "law link",
                                                 f"found law:{link.target}: {reason}"))
                continue
            match = ID_TARGET.match(link.target)
            target = match["id"] if match else None
            if target in self.known_ids and target not in self.all_documents:
                continue  # the linked document has problems of its own, reported there
            if match is None or target not in self.all_documents:
                wanted_id = match["id"] if match else link.target
                self.problems.append(Problem(source.path, line, "id link", (
                    f"found id:{link.target}, which names no document; allowed: the id of a "
                    "document, such as id:NCG-0003, id:NCG-0003@1.0 or id:NCG-0003#section"
                    f"{did_you_mean(wanted_id, sorted(self.all_documents))}")))
                continue
            wanted = match["version"]
            linked = self.all_documents[target]
            if wanted and linked.version(wanted) is None:
                known = ", ".join(v.version for v in linked.versions)
                self.problems.append(Problem(source.path, line, "id link", (
                    f"found id:{link.target}, but {target} has no version {wanted}; "
                    f"allowed: {known}")))
            elif not version.is_draft and not shown(linked) and not self.include_drafts:
                self.problems.append(Problem(source.path, line, "id link", (
                    f"found id:{link.target}, a draft that the public site leaves out; "
                    "allowed: links to published documents")))

    def check_supersession(self) -> None:
        # Only adopted documents replace others: a draft that will supersede a document
        # does not make it superseded yet.
        successors: dict[str, list[str]] = {}
        for document in self.all_documents.values():
            if document.current.is_draft:
                continue
            for target in document.current.supersedes:
                if target in self.all_documents and target != document.id:
                    successors.setdefault(target, []).append(document.id)
        for document in self.all_documents.values():
            current = document.current
            named_by = successors.get(document.id, [])
            document.superseded_by = sorted(named_by)
            if named_by and current.status != "superseded" and not current.is_draft:
                self.problems.append(Problem(current.source.path, None, "status", (
                    f"found {current.status}, but {', '.join(named_by)} supersedes this "
                    "document; allowed: superseded")))
        # A cycle (A supersedes B supersedes A) leaves no current successor to point to.
        for start in self.all_documents:
            cycle = self.supersedes_path(start, start, [start])
            if cycle:
                self.problems.append(Problem(
                    self.all_documents[start].current.source.path, None, "supersedes",
                    f"a cycle: {' -> '.join(cycle)}; allowed: a chain that ends"))

    def supersedes_path(self, here: str, goal: str, path: list[str]) -> list[str] | None:
        """A chain of `supersedes` from `here` back to `goal`, if there is one."""
        for target in self.all_documents[here].current.supersedes:
            if target == goal and target != here:
                return [*path, goal]
            if target in self.all_documents and target not in path:
                found = self.supersedes_path(target, goal, [*path, target])
                if found:
                    return found
        return None
