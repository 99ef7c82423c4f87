"""Finished PDFs, stored under a key of everything that shapes them.

The key covers the job (text, cover data, links), the files the compiler may read (the
images beside the source) and the toolchain (nisdocs, pandoc, typst, template, filter,
the archival step and its pikepdf and qpdf).
Entries are written to a temporary file of their writer's own, flushed to the disk and
renamed into place (nisdocs/files.py), so a reader never sees a half-written PDF, even
when a build is killed or two builds share the cache; temporary files a killed build
left are never read as entries and are removed once stale.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING

from ..files import remove_stale_temporaries, write_atomically
from ..library import VERSION_FOLDER

if TYPE_CHECKING:
    from .jobs import PdfJob

# A temporary file older than this was left by a killed build: a writer writes its file
# in one go and renames it at once.
STALE_SECONDS = 3600


class PdfCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pdf"

    def get(self, key: str) -> Path | None:
        path = self.path(key)
        return path if is_whole_pdf(path) else None

    def put(self, key: str, data: bytes) -> Path:
        return write_atomically(self.path(key), data)

    def sweep(self) -> int:
        """Remove the temporary files killed builds left; how many there were."""
        return remove_stale_temporaries(self.folder, STALE_SECONDS)


def is_whole_pdf(path: Path) -> bool:
    """Whether `path` is a PDF written to its end: `%PDF-` first, `%%EOF` in its last
    kilobyte. Entries only ever appear whole; this keeps out what could still break one
    (a cache restored or copied halfway), which is then compiled and written anew."""
    try:
        with path.open("rb") as file:
            head = file.read(5)
            size = file.seek(0, os.SEEK_END)
            file.seek(max(0, size - 1024))
            tail = file.read()
    except OSError:
        return False
    return head == b"%PDF-" and b"%%EOF" in tail


def job_key(job: PdfJob, folder_key: str, toolchain: str) -> str:
    """The cache key of `job`; `folder_key` is `folder_key(its compile root)`."""
    digest = hashlib.sha256()
    digest.update(toolchain.encode("ascii"))
    digest.update(folder_key.encode("ascii"))
    # The job's fields as they are: json.dumps walks the nested cover data itself, which
    # `dataclasses.asdict` would first deep-copy (most of the key's cost, for the same text).
    data = {field.name: getattr(job, field.name) for field in fields(job)}
    digest.update(json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


def folder_key(root: Path) -> str:
    """A key of every file the compiler could read in `root` (images and the like)."""
    digest = hashlib.sha256()
    for name, content in _readable_files(root):
        digest.update(f"\0{name}\0".encode())
        digest.update(hashlib.sha256(content).digest())
    return digest.hexdigest()


def _readable_files(root: Path) -> list[tuple[str, bytes]]:
    """What the compiler could read besides the job: every file of the compile root
    but the Markdown sources (already in the job) and earlier versions' folders."""
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders
                               if not (Path(folder) == root and VERSION_FOLDER.match(name))
                               and not name.startswith("."))
        for name in sorted(files):
            if name.endswith(".md") or name.startswith("."):
                continue
            path = Path(folder) / name
            found.append((path.relative_to(root).as_posix(), path.read_bytes()))
    return found
