"""The PDFs a build made, as plain data: each file's URL, language and size, and the
ZIP of each language.

The pages, the catalogues and the feeds only need to know where a PDF is and how big
it is: they import these types from here, which imports no part of the toolchain
(pandoc, typst), so that they load and run where it is not installed. `build.py` makes
them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path


@dataclass(frozen=True)
class PdfFile:
    url: str  # relative to the site root
    document_id: str
    version: str
    language: str
    path: Path  # the finished PDF, in the cache; the sources' file of a text that exists
    # only as a PDF (`original`)
    size: int  # in bytes
    # For a text that exists only as a PDF, published as it was issued: the SHA-256 of its
    # file, read when the library was loaded. None for a PDF the build made.
    original: str | None = None


@dataclass(frozen=True)
class Bundle:
    """The ZIP of every current PDF in one language."""

    url: str  # relative to the site root
    language: str
    path: Path  # the archive, in the cache
    size: int  # in bytes
    count: int  # PDFs inside


@dataclass
class PdfSet:
    files: dict[str, PdfFile] = field(default_factory=dict)  # by URL
    bundles: dict[str, Bundle] = field(default_factory=dict)  # by language
    compiled: int = 0  # PDFs made by this build
    reused: int = 0  # PDFs taken from the cache
    originals: int = 0  # texts that exist only as PDFs, published as they are
    seconds: float = 0.0

    def find(self, document_id: str, version: str, language: str) -> PdfFile | None:
        return self._index.get((document_id, version, language))

    @cached_property
    def _index(self) -> dict[tuple[str, str, str], PdfFile]:
        return {(f.document_id, f.version, f.language): f for f in self.files.values()}
