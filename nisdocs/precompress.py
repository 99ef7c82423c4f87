"""Precompressed copies of the built site's text files, for hosts that serve them.

GitLab Pages sends `x.br` or `x.gz` in place of `x` to a browser that accepts brotli or
gzip, and compresses nothing itself; nginx does the same for `.gz` with `gzip_static`
(and for `.br` with the brotli module's `brotli_static`): see deploy/README.md.

`precompress(site)` writes, beside every file of the site with a text type (`TEXT_TYPES`)
larger than `MIN_SIZE`:

- `x.gz`: gzip at level 9, with no file name, modification time 0 and "unknown" as the
  operating system in its header, so the same file gives the same bytes on any machine
  with the same zlib;
- `x.br`: brotli at quality 11;

each only when smaller than `x`, and removes a `.gz` or `.br` left beside `x` that is not.
Files that are compressed already (images, PDFs, ZIPs, and Pagefind's index chunks:
`.pf_index`, `.pf_fragment`, `.pf_meta`, `wasm.*.pagefind`, gzipped by Pagefind) have no
text type and are left alone. The work is spread over threads: both compressors release
the interpreter lock, and brotli at quality 11 is most of the time (see `precompress`).
"""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import brotli  # type: ignore[import-untyped]  # no type hints in the package

# The extensions of the site's text files: pages, styles, scripts and their source maps,
# data (catalogue.json, catalogue.jsonld, search indexes), sitemaps and feeds, SVG.
TEXT_TYPES = frozenset({".html", ".htm", ".css", ".js", ".mjs", ".json", ".jsonld", ".map",
                        ".xml", ".atom", ".rss", ".svg", ".txt", ".webmanifest"})
# Below this size a compressed copy saves less than a network packet's worth, and the
# compressed formats' own headers eat much of that (a 1 KiB page saves ~500 bytes).
MIN_SIZE = 1024
GZIP_LEVEL = 9
# Brotli's quality 7: on the sample site as fast as gzip -9 (0.4 s for 13 MB on one core)
# and 8 % smaller; 11 is 16 % smaller than 7 but ~40 times slower (16 s), which a library
# of 24 languages would pay in minutes at every build.
BROTLI_QUALITY = 7
ENCODINGS = (".gz", ".br")


@dataclass(frozen=True)
class Compressed:
    """What `precompress` did to one file: its size and the size of each copy written."""

    path: Path
    size: int
    gzip: int | None  # None: not written, as it was no smaller than the file
    brotli: int | None


def gzip_bytes(data: bytes, level: int = GZIP_LEVEL) -> bytes:
    """`data` as a gzip member (RFC 1952) whose header holds nothing but the method and
    flags: no name, no time, OS 255 (unknown). Python's `gzip.compress` leaves the OS to
    zlib from 3.11 (3 on Unix, another on Windows) and wrote 255 before: the header is
    written here so that every Python on every system gives the same bytes."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
    deflated = compressor.compress(data) + compressor.flush()
    extra_flags = 2 if level == 9 else 4 if level == 1 else 0  # RFC 1952's XFL
    header = struct.pack("<BBBBIBB", 0x1F, 0x8B, 8, 0, 0, extra_flags, 255)
    trailer = struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)
    return header + deflated + trailer


def brotli_bytes(data: bytes, quality: int = BROTLI_QUALITY) -> bytes:
    compressed: bytes = brotli.compress(data, quality=quality)
    return compressed


def is_text(path: Path) -> bool:
    """Whether `path` is a file of a text type (by its extension) that compression shrinks."""
    return path.suffix.lower() in TEXT_TYPES


def candidates(site: Path, min_size: int = MIN_SIZE) -> list[Path]:
    """The text files of `site` larger than `min_size` bytes, largest first (the
    longest jobs start first, so that the threads end together), then by path."""
    found = []
    for folder, _, names in os.walk(site):
        for name in names:
            path = Path(folder, name)
            if is_text(path) and not path.is_symlink():
                size = path.stat().st_size
                if size > min_size:
                    found.append((size, path))
    found.sort(key=lambda item: (-item[0], item[1]))
    return [path for _, path in found]


def compress_file(path: Path, *, gzip_level: int = GZIP_LEVEL,
                  brotli_quality: int = BROTLI_QUALITY) -> Compressed:
    """`path.gz` and `path.br` beside `path`, each only if smaller than `path`."""
    data = path.read_bytes()
    sizes: list[int | None] = []
    for suffix, compressed in ((".gz", gzip_bytes(data, gzip_level)),
                               (".br", brotli_bytes(data, brotli_quality))):
        target = path.with_name(path.name + suffix)
        if len(compressed) < len(data):
            target.write_bytes(compressed)
            sizes.append(len(compressed))
        else:
            # A copy from an earlier build would be served in place of the new file.
            target.unlink(missing_ok=True)
            sizes.append(None)
    return Compressed(path, len(data), sizes[0], sizes[1])


def precompress(site: Path, *, min_size: int = MIN_SIZE, workers: int | None = None,
                gzip_level: int = GZIP_LEVEL,
                brotli_quality: int = BROTLI_QUALITY) -> list[Compressed]:
    """The `.gz` and `.br` copies of every text file of `site` above `min_size` bytes,
    on `workers` threads (default: one per CPU). On the 17 MB sample site (14 MB of
    text in 386 files) brotli at quality 11 takes about 16 s of CPU, gzip 1 s: about
    8 s on 2 cores."""
    files = candidates(site, min_size)
    workers = workers or os.cpu_count() or 1

    def compress(path: Path) -> Compressed:
        return compress_file(path, gzip_level=gzip_level, brotli_quality=brotli_quality)

    if workers == 1 or len(files) < 2:
        return [compress(path) for path in files]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(compress, files))


def summary(results: Iterable[Compressed]) -> tuple[int, int, int, int]:
    """The number of files, their bytes, and the bytes of their smallest copies
    (brotli's where written, else gzip's, else the file's), and of the gzip copies
    (the file's where none)."""
    count = size = smallest = gzipped = 0
    for result in results:
        count += 1
        size += result.size
        gzip_size = result.gzip if result.gzip is not None else result.size
        smallest += min(gzip_size, result.brotli if result.brotli is not None else result.size)
        gzipped += gzip_size
    return count, size, smallest, gzipped
