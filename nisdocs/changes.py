"""What a pull request touches: the files changed since a git ref, the documents they
belong to, and the documents that depend on those (`nisdocs check --changed-since`)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .frontmatter import read_front_matter
from .library import Library
from .library import document_of as document_of  # its home since review.py needs it too
from .links import named_ids
from .options import SettingsError
from .problems import Problem
from .review import ADDED, MODIFIED, REMOVED, Review, review_of
from .settings import REVIEW_VARIABLE, review_base
from .vocabulary import TOPICS_FILE


class ChangesError(Exception):
    """git could not say what changed (no repository, unknown ref)."""


# git's letters for how a file changed (`git diff --name-status`); any other (a type
# change) is a modification.
_STATUSES = {"A": ADDED, "D": REMOVED, "M": MODIFIED}


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
    return sorted(file_changes(root, ref))


def file_changes(root: Path, ref: str) -> dict[str, str]:
    """`changed_files` with how each changed: added, modified or removed (a rename is a
    removal and an addition)."""
    base = merge_base(root, ref)
    changed = _git(root, "diff", "--name-status", "--no-renames", "--relative", base, "--")
    untracked = _git(root, "ls-files", "--others", "--exclude-standard")
    found: dict[str, str] = {}
    for line in changed.splitlines():
        status, _, path = line.partition("\t")
        if path:
            found[path] = _STATUSES.get(status[:1], MODIFIED)
    found.update((line, ADDED) for line in untracked.splitlines() if line)
    return found


def pull_request_review(library: Library, environ: Mapping[str, str]) -> Review | None:
    """What the pull request changes since NISDOCS_REVIEW_BASE, for the preview's page;
    None when it is not set. A ref git cannot compare with HEAD is a SettingsError
    naming the variable."""
    base = review_base(environ)
    if base is None:
        return None
    root = library.config.root
    try:
        changes = file_changes(root, base)
        commit = merge_base(root, base)
    except ChangesError as error:
        raise SettingsError(
            f"{REVIEW_VARIABLE}: found {base!r}, which git cannot compare with HEAD "
            f"({error}); allowed: a branch, tag or commit of this repository that shares "
            "history with HEAD, such as origin/main") from None
    # The version each changed `index.md` at the top of a document held before: a release
    # puts a new version there and moves the old one into its folder.
    before = {}
    for path, status in changes.items():
        doc_id = document_of(path, library.config.source_dir)
        if doc_id is not None and status == MODIFIED and PurePosixPath(path).parts[2:] == (
                "index.md",):
            version = _version_at(root, commit, path)
            if version is not None:
                before[doc_id] = version
    return review_of(library, changes, base, before)


def merge_base(root: Path, ref: str) -> str:
    """The commit `ref` and HEAD have in common, from which a branch's changes count."""
    return _git(root, "merge-base", ref, "HEAD").strip()


def _version_at(root: Path, commit: str, path: str) -> str | None:
    """The `version` of the front matter of `path` as it was at `commit`, if it had one."""
    try:
        text = _git(root, "show", f"{commit}:{path}")
    except ChangesError:
        return None
    front, _ = read_front_matter(text, path)
    version = front.data.get("version") if front is not None else None
    return version if isinstance(version, str) else None


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
