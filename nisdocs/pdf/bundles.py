"""One ZIP per language holding the current PDFs in that language.

The archive is reproducible: members in a fixed order, with a fixed date and
permissions, stored without compression (PDFs are compressed already).
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Sequence
from pathlib import Path

from ..files import atomic_writer
from ..library import Library
from ..urls import Urls
from .files import Bundle, PdfFile, PdfSet

# ZIP cannot store dates before 1980; a fixed date keeps the archive reproducible.
_FIXED_DATE = (1980, 1, 1, 0, 0, 0)


def bundle_key(members: Sequence[tuple[str, str]]) -> str:
    """A key of the archive's content: the names and a key of each PDF's content, so an
    unchanged library reuses its archives."""
    digest = hashlib.sha256()
    for name, key in members:
        digest.update(f"{name}\0{key}\0".encode())
    return digest.hexdigest()


def content_key(pdf: PdfFile) -> str:
    """A key of the content of `pdf`: its cache key (its file name in the cache), or the
    hash of a text that exists only as a PDF, which sits in the sources under its own
    name whatever it holds."""
    return pdf.original or pdf.path.name


def write_bundle(members: Sequence[tuple[str, Path]], target: Path) -> Path:
    """Write the ZIP of `members` (name in the archive, file) to `target`, atomically."""
    with atomic_writer(target) as file, zipfile.ZipFile(file, "w") as archive:
        for name, path in sorted(members):
            info = zipfile.ZipInfo(name, date_time=_FIXED_DATE)
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes(), compress_type=zipfile.ZIP_STORED)
    return target


def make_bundles(library: Library, pdfs: PdfSet, cache_folder: Path) -> dict[str, Bundle]:
    """The ZIP of each language's current PDFs, made (or found) in the cache."""
    urls = Urls(library.source_language)
    bundles = {}
    for language in library.languages:
        members = []
        keys = []
        for document in library.documents.values():
            pdf = pdfs.find(document.id, document.current.version, language)
            if pdf is not None:
                members.append((pdf.url.rsplit("/", 1)[1], pdf.path))
                keys.append((members[-1][0], content_key(pdf)))
        if not members:
            continue
        path = cache_folder / "bundles" / f"{bundle_key(keys)}.zip"
        if not zipfile.is_zipfile(path):  # absent (or, like a PDF, never whole)
            write_bundle(members, path)
        bundles[language] = Bundle(urls.bundle(language), language, path,
                                   path.stat().st_size, len(members))
    return bundles
