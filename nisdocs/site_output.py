"""A site written beside the published one, and put in its place only when complete.

A build writes into a hidden staging folder next to the target folder (the same parent,
so on the same file system), `.site.nisdocs-staging-<pid>` for `site/`. When the whole
build has succeeded, `commit` swaps it in with two renames: the old site aside
(`.site.nisdocs-previous-<pid>`), the staging folder to the target; then the old site
is removed. When the build fails, `discard` removes the staging folder and the target
was never touched.

A build killed outright (no chance to clean up) leaves its staging folder behind; the
next build of the same target removes it, and if the kill fell between the two renames
of a swap, puts the previous site back. Leftovers of a process that still runs (another
build of the same target) are left alone.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

STAGING_MARK = ".nisdocs-staging-"
PREVIOUS_MARK = ".nisdocs-previous-"


class CannotStage(Exception):
    """The target cannot be replaced by a rename: the site must be written in place."""


class StagedSite:
    """The staging folder of one build and the target it replaces."""

    def __init__(self, target: Path, staging: Path) -> None:
        self.target = target
        self.staging = staging

    def commit(self) -> None:
        """Put the staging folder in the target's place and remove the old site. On an
        error the target is as it was (the old site renamed back) and the error raised."""
        previous = _sibling(self.target, PREVIOUS_MARK, os.getpid())
        _remove(previous)
        try:
            os.rename(self.target, previous)
            moved = True
        except FileNotFoundError:  # no earlier site
            moved = False
        try:
            os.rename(self.staging, self.target)
        except BaseException:
            if moved:
                os.rename(previous, self.target)
            raise
        if moved:
            shutil.rmtree(previous, ignore_errors=True)  # else swept by the next build

    def discard(self) -> None:
        """Remove the staging folder; the target stays as it was. Safe to call twice."""
        shutil.rmtree(self.staging, ignore_errors=True)


def stage(target: str | os.PathLike[str]) -> StagedSite:
    """A new, empty staging folder for a build of `target` (created with its parents if
    need be), after the leftovers of earlier interrupted builds of `target` are cleaned
    up. A symbolic link as `target` is followed: the folder it leads to is replaced, and
    the link keeps leading to the new site. Raises CannotStage when the target is a
    mount point (which cannot be renamed) or its parent folder is not writable."""
    real = Path(os.path.realpath(os.path.abspath(target)))
    if os.path.ismount(real):
        raise CannotStage(f"{real} is a mount point, which cannot be replaced by a rename")
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
        sweep(real)
        staging = _sibling(real, STAGING_MARK, os.getpid())
        _remove(staging)  # an earlier build of this process, or of a process now dead
        staging.mkdir()
    except PermissionError as error:
        raise CannotStage(f"cannot write beside {real}: {error}") from None
    return StagedSite(real, staging)


def sweep(target: Path) -> list[Path]:
    """Clean up what interrupted builds of `target` left beside it: staging folders are
    removed; an old site renamed aside is put back when the target is missing (the build
    was killed in the middle of a swap), else removed. Leftovers of running processes
    other than this one are kept. Returns what was found and handled."""
    handled = []
    for mark in (PREVIOUS_MARK, STAGING_MARK):  # an old site is restored before all else
        for path, pid in _leftovers(target, mark):
            if pid != os.getpid() and _running(pid):
                continue
            if mark == PREVIOUS_MARK and not os.path.lexists(target):
                os.rename(path, target)
            else:
                _remove(path)
            handled.append(path)
    return handled


def _sibling(target: Path, mark: str, pid: int) -> Path:
    return target.parent / f".{target.name}{mark}{pid}"


def _leftovers(target: Path, mark: str) -> list[tuple[Path, int]]:
    prefix = f".{target.name}{mark}"
    found = []
    try:
        entries = sorted(os.scandir(target.parent), key=lambda entry: entry.name)
    except FileNotFoundError:
        return []
    for entry in entries:
        suffix = entry.name[len(prefix):]
        if entry.name.startswith(prefix) and suffix.isdigit():
            found.append((Path(entry.path), int(suffix)))
    return found


def _running(pid: int) -> bool:
    """Whether process `pid` runs. Outside POSIX, where there is no harmless probe,
    every other process is taken to run: its leftovers stay."""
    if os.name != "posix":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's
        return True
    return True


def _remove(path: Path) -> None:
    """Remove a folder, a file or a link at `path`, if any."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
