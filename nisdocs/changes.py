"""What a pull request touches: the files changed since a git ref, the documents they
belong to, and the documents that depend on those (`nisdocs check --changed-since`)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .library import DOCUMENT_FOLDER, Library
from .links import named_ids
from .problems import Problem
from .vocabulary import TOPICS_FILE


class ChangesError(Exception):
    """git could not say what changed (no repository, unknown ref)."""


@dataclass(frozen=True)
class Scope:
    """What to report on: every document (`everything`), or the changed ones and those
    that depend on them."""

    everything: bool
    changed: frozenset[str]  # ids of documents with a changed file
    documents: frozenset[str]  # the changed ones and their dependants
    paths: frozenset[str]  # every changed path, relative to the project

    def includes(self, problem: Problem, source_dir: str) -> bool:
        if self.everything:
            return True
        doc_id = document_of(problem.path, source_dir)
        if doc_id is not None:
            return doc_id in self.documents
        return problem.path in self.paths


def changed_files(root: Path, ref: str) -> list[str]:
    """Files changed between the merge base of `ref` and HEAD and the working tree,
    untracked ones included, relative to `root`: what the pull request would bring."""
    base = _git(root, "merge-base", ref, "HEAD").strip()
    changed = _git(root, "diff", "--name-only", "--no-renames", "--relative", base, "--")
    untracked = _git(root, "ls-files", "--others", "--exclude-standard")
    return sorted({line for line in (changed + untracked).splitlines() if line})


def scope_of(library: Library, paths: Iterable[str]) -> Scope:
    """The documents `paths` touch, and those that link to, supersede or relate to one
    of them (their links may break). A change outside the document folders (topics,
    mkdocs.yml, nisdocs itself) may affect every document."""
    source_dir = library.config.source_dir
    paths = frozenset(paths)
    changed = {doc_id for path in paths if (doc_id := document_of(path, source_dir))}
    everything = any(_affects_all(path, source_dir) for path in paths)
    dependants = {document.id for document in library.documents.values()
                  if named_ids(document) & changed}
    return Scope(everything, frozenset(changed), frozenset(changed | dependants), paths)


def document_of(path: str, source_dir: str) -> str | None:
    """The id of the document whose folder holds `path`, if any."""
    parts = PurePosixPath(path).parts
    if len(parts) >= 2 and PurePosixPath(parts[0]) == PurePosixPath(source_dir) and \
            DOCUMENT_FOLDER.match(parts[1]):
        return parts[1].upper()
    return None


def _affects_all(path: str, source_dir: str) -> bool:
    """Files that shape the checks of every document: the topics vocabulary, the site's
    configuration and nisdocs' own code and data (the schema, the legal registry)."""
    return (PurePosixPath(path).parts[0] == "nisdocs"
            or path in (f"{source_dir}/{TOPICS_FILE}", "mkdocs.yml", "pyproject.toml"))


def _git(root: Path, *args: str) -> str:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                                timeout=60, check=False)
    except FileNotFoundError:
        raise ChangesError("git is not installed; --changed-since needs it") from None
    if result.returncode != 0:
        message = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else ""
        raise ChangesError(f"git {args[0]} failed: {message}")
    return result.stdout
