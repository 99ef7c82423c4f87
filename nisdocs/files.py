"""Writing files so that a reader never sees half of one."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

TEMPORARY_PREFIX = "."
TEMPORARY_SUFFIX = ".part"

# The permissions a file written with open() would get: mkstemp makes its files readable
# by their owner only, which a published file (a PDF linked into the site) must not keep.
# The umask can only be read by setting it: once, at import, before any thread writes.
_UMASK = os.umask(0o022)
os.umask(_UMASK)
_MODE = 0o666 & ~_UMASK


@contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """A file to write `path` through, so that `path` is always either absent, as it was
    or complete, even after a kill or a crash of the machine: a hidden temporary file in
    the same folder, with a name of its own (mkstemp: two processes or threads never
    share one), flushed to the disk and renamed into place when the block ends; removed
    when the block raises. A temporary file a killed process leaves is never at `path`;
    `remove_stale_temporaries` cleans it away."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=TEMPORARY_PREFIX,
                                         suffix=TEMPORARY_SUFFIX)
    try:
        with os.fdopen(handle, "wb") as file:
            yield file
            file.flush()
            if hasattr(os, "fchmod"):
                os.fchmod(file.fileno(), _MODE)
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_atomically(path: Path, data: bytes) -> Path:
    """Write `data` to `path` through `atomic_writer`."""
    with atomic_writer(path) as file:
        file.write(data)
    return path


def remove_stale_temporaries(folder: Path, older_than: float) -> int:
    """Remove the temporary files of `atomic_writer` under `folder` last written over
    `older_than` seconds ago: left by a process killed while writing (a live writer
    writes its file in one go and renames it at once). Returns how many were removed."""
    limit = time.time() - older_than
    removed = 0
    for parent, _folders, names in os.walk(folder):
        for name in names:
            if not (name.startswith(TEMPORARY_PREFIX) and name.endswith(TEMPORARY_SUFFIX)):
                continue
            path = Path(parent) / name
            try:
                if path.stat().st_mtime < limit:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:  # renamed or removed meanwhile
                continue
    return removed
