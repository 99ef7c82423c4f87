"""PDF throughput: PDFs per second, cold and from the cache, on the sample library and on
a synthetic corpus of three-page documents.

    python benchmarks/pdf_throughput.py                 # 200 synthetic documents
    python benchmarks/pdf_throughput.py --documents 800 --workers 2 --check

The target (issue 3) is at least 15 PDFs per second on 2 cores for 3-page documents;
`--check` exits with 1 when the synthetic corpus falls short of it.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
from pathlib import Path

import pypandoc
import typst
from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import write_library

from nisdocs.library import LibraryConfig, load_library
from nisdocs.pdf.build import build_pdfs, default_workers
from nisdocs.pdf.cache import PdfCache
from nisdocs.pdf.files import PdfSet
from nisdocs.pdf.jobs import plan_pdfs

PROJECT = Path(__file__).resolve().parents[1]
TARGET_PER_SECOND = 15.0
SITE_URL = "https://example.eu/nisdocs/"


def run(root: Path, languages: tuple[str, ...], workers: int, cache: Path) -> tuple[PdfSet, PdfSet]:
    """A cold build (empty cache), then a rebuild with nothing changed."""
    library = load_library(LibraryConfig(root, languages))
    jobs = plan_pdfs(library, SITE_URL)
    cold = build_pdfs(jobs, root, PdfCache(cache), workers=workers)
    warm = build_pdfs(jobs, root, PdfCache(cache), workers=workers)
    return cold, warm


def pages(pdfs: PdfSet) -> float:
    counts = [len(PdfReader(f.path).pages) for f in pdfs.files.values()]
    return sum(counts) / len(counts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--workers", type=int, default=0, help="0: one per CPU core")
    parser.add_argument("--check", action="store_true", help="fail below the target")
    args = parser.parse_args()
    workers = args.workers or default_workers()
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, {workers} workers; "
          f"Python {platform.python_version()}, pandoc {pypandoc.get_pandoc_version()}, "
          f"typst {getattr(typst, '__version__', '?')}")
    rows = []
    with tempfile.TemporaryDirectory() as temporary:
        scratch = Path(temporary)
        cold, warm = run(PROJECT, ("en", "fr", "de", "el", "bg"), workers, scratch / "sample")
        rows.append(("sample library", cold, warm))
        write_library(scratch / "corpus", documents=args.documents)
        synthetic_cold, synthetic_warm = run(scratch / "corpus", ("en",), workers,
                                             scratch / "corpus-cache")
        rows.append((f"synthetic, {args.documents} documents", synthetic_cold, synthetic_warm))
        print("\n| corpus | PDFs | pages per PDF | cold s | PDFs/s | rebuild s | rebuilt |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for name, first, again in rows:
            count = len(first.files)
            print(f"| {name} | {count} | {pages(first):.1f} | {first.seconds:.2f} | "
                  f"{count / first.seconds:.1f} | {again.seconds:.3f} | {again.compiled} |")
    rate = len(synthetic_cold.files) / synthetic_cold.seconds
    print(f"\ntarget: {TARGET_PER_SECOND:.0f} PDFs/s for 3-page documents; measured {rate:.1f}")
    return 1 if args.check and rate < TARGET_PER_SECOND else 0


if __name__ == "__main__":
    sys.exit(main())
