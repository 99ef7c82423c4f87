"""What a scan of the sources learnt of each document folder, kept for the next scan.

The preview (`mkdocs serve`) loads the library again after every edit. Reading and
validating every source of a large library takes seconds (2,400 texts in 24 languages:
about 2 s), while an edit touches one folder. A folder whose files all have the size and
modification time they had at the last scan gives back the versions and problems that
scan found; any other folder is read again. The cache belongs to one library
configuration: another (other languages, drafts, another day) empties it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .model import Version
from .problems import Problem

# A folder's files as the cache compares them: each path below the folder with its
# size and modification time.
FolderKey = tuple[tuple[str, int, int], ...]


def folder_key(folder: Path) -> FolderKey:
    """Every file below `folder`, hidden ones included (a rename shows), with its size and
    modification time in nanoseconds."""
    entries = []
    for parent, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(parent, name)
            try:
                stat = os.lstat(path)
            except OSError:  # removed while walking: the next scan sees it gone
                continue
            entries.append((os.path.relpath(path, folder), stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(entries))


@dataclass(frozen=True)
class CachedFolder:
    key: FolderKey
    versions: tuple[Version, ...]  # in order; empty for a folder with no loadable version
    problems: tuple[Problem, ...]  # found in the folder's files alone


class FolderCache:
    """The folders of the last scan by path, for scans with the same configuration."""

    def __init__(self) -> None:
        self._config: object = None
        self._folders: dict[Path, CachedFolder] = {}
        self.hits = 0  # folders taken from the cache by the last scan
        self.misses = 0  # folders read again

    def of(self, config: object) -> FolderCache:
        """This cache, emptied unless its entries were made under `config`."""
        if config != self._config:
            self._config, self._folders = config, {}
        self.hits = self.misses = 0
        return self

    def get(self, folder: Path) -> tuple[CachedFolder | None, FolderKey]:
        """The folder's entry if its files are unchanged, and their key now: the key to
        `put` a new entry under, taken before reading, so that a file saved while the
        folder is read makes the next scan read it again."""
        key = folder_key(folder)
        cached = self._folders.get(folder)
        if cached is not None and cached.key == key:
            self.hits += 1
            return cached, key
        self.misses += 1
        return None, key

    def put(self, folder: Path, key: FolderKey, versions: tuple[Version, ...],
            problems: tuple[Problem, ...]) -> None:
        self._folders[folder] = CachedFolder(key, versions, problems)
