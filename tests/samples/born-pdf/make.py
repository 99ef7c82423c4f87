"""Make the born-PDF samples of the library from their typst sources.

A born-PDF text is a version or translation whose text exists only as a PDF
(`index.pdf`, `index.<lang>.pdf`) next to a Markdown file holding only its front matter.
The samples are written for the nisdocs project; their sources sit in this folder (one
`.typ` file per PDF, sharing the layout `report.typ`), and this script compiles each one to
its place under `guidelines/`:

    python tests/samples/born-pdf/make.py [REPOSITORY_ROOT]

The output is byte-identical on every run and every machine: a fixed timestamp, and only
typst's bundled fonts (system fonts ignored). A test can rebuild each entry of `SAMPLES`
with `compile_sample` and compare the bytes with the committed file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Literal, TypedDict

import typst

HERE = Path(__file__).resolve().parent
# tests/samples/born-pdf/make.py: the repository root is three folders up from this one.
DEFAULT_ROOT = HERE.parents[2]

# Only the fonts bundled in typst: no folder of fonts, and system fonts ignored.
NO_FONT_PATHS: list[str] = []

# 2020-01-01T00:00:00Z, for everything typst would otherwise take from the clock.
TIMESTAMP = 1_577_836_800


class CompileOptions(TypedDict, total=False):
    """What differs between samples in the call to typst.compile."""

    pdf_standards: Literal["ua-1"]  # one standard, as typst.compile accepts it
    pdf_tags: bool


# Tagged and identified as PDF/UA-1: typst refuses to compile what would break the standard.
TAGGED_UA: CompileOptions = {"pdf_standards": "ua-1", "pdf_tags": True}
# Untagged, no standard: a plain legacy PDF.
UNTAGGED: CompileOptions = {"pdf_tags": False}

# Output path (relative to the repository root) -> (typst source in this folder, options);
# the options are keyword arguments of typst.compile, added to those compile_sample sets.
SAMPLES: dict[str, tuple[str, CompileOptions]] = {
    "guidelines/ncg-0014/index.pdf": ("ncg-0014.typ", TAGGED_UA),
    "guidelines/ncg-0014/index.fr.pdf": ("ncg-0014.fr.typ", TAGGED_UA),
    "guidelines/ncg-0015/index.pdf": ("ncg-0015.typ", UNTAGGED),
    "guidelines/ncg-0009/1.0/index.pdf": ("ncg-0009-1.0.typ", TAGGED_UA),
    "guidelines/ncg-0008/index.de.pdf": ("ncg-0008.de.typ", TAGGED_UA),
}


def compile_sample(source: str, options: CompileOptions) -> bytes:
    """The PDF made from `source` (a file name in this folder) with `options`."""
    pdf = typst.compile(
        str(HERE / source),
        root=str(HERE),
        font_paths=NO_FONT_PATHS,
        ignore_system_fonts=True,
        format="pdf",
        timestamp=TIMESTAMP,
        **options,
    )
    if not isinstance(pdf, bytes):
        raise TypeError(f"typst gave {type(pdf).__name__} for {source}, expected one PDF")
    return pdf


def build_samples(root: Path) -> list[Path]:
    """Compile every sample to its place under `root`; return the files written."""
    written: list[Path] = []
    for relative, (source, options) in SAMPLES.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(compile_sample(source, options))
        written.append(target)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: build the samples into the repository root given (default: this one)."""
    parser = argparse.ArgumentParser(description="Make the born-PDF samples of the library.")
    parser.add_argument(
        "root",
        nargs="?",
        type=Path,
        default=DEFAULT_ROOT,
        help="repository root (default: %(default)s)",
    )
    arguments = parser.parse_args(argv)
    for path in build_samples(arguments.root):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
