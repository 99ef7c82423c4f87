"""Precompressed copies (nisdocs/precompress.py): `.gz` and `.br` beside every text file of
the site above the threshold, that decompress to its bytes, none beside anything else,
the same bytes on every run; on a small tree, then on the built sample site."""

from __future__ import annotations

import gzip
import os
import shutil
import struct
from pathlib import Path

import brotli  # type: ignore[import-untyped]
import pytest
from conftest import Build

from nisdocs.precompress import (
    ENCODINGS,
    MIN_SIZE,
    TEXT_TYPES,
    candidates,
    gzip_bytes,
    precompress,
    summary,
)

PAGE = ("<!doctype html><html lang=\"el\"><body>"
        + "<p>Ένα κείμενο που επαναλαμβάνεται, with some English too.</p>\n" * 60
        + "</body></html>").encode("utf-8")


def copies(site: Path) -> dict[str, bytes]:
    """Every .gz and .br file of `site`, by path relative to it."""
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.suffix in ENCODINGS}


def assert_copies_of(path: Path) -> None:
    """`path.gz` and `path.br` exist, are smaller than `path`, and decompress to it."""
    data = path.read_bytes()
    gz, br = (path.with_name(path.name + suffix) for suffix in ENCODINGS)
    assert gzip.decompress(gz.read_bytes()) == data, gz
    assert brotli.decompress(br.read_bytes()) == data, br
    assert gz.stat().st_size < len(data) and br.stat().st_size < len(data), path


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A small site: texts above and below the threshold, incompressible text, binaries,
    Pagefind's gzipped chunks, and a stale copy from an earlier build."""
    site = tmp_path / "site"
    files = {
        "index.html": PAGE,
        "fr/library/index.html": PAGE.replace(b"el", b"fr"),
        "assets/app.js": b"function f(a) { return a + 1; }\n" * 100,
        "assets/style.css": b".nisdocs-a { color: red; }\n" * 100,
        "catalogue.jsonld": b'{"@id": "x", "dct:title": "y"}\n' * 100,
        "sitemap.xml": b"<url><loc>https://example.eu/</loc></url>\n" * 100,
        "small.html": b"<p>short</p>" * 10,  # below MIN_SIZE
        "image.png": b"\x89PNG\r\n\x1a\n" + bytes(5000),
        "guide.pdf": b"%PDF-1.7\n" + bytes(5000),
        "pagefind/fragment/en_1a2b3c.pf_fragment": gzip.compress(PAGE, mtime=0),
        "pagefind/index/en_4d5e.pf_index": gzip.compress(PAGE * 2, mtime=0),
        "pagefind/pagefind.en_99.pf_meta": gzip.compress(PAGE * 3, mtime=0),
        "pagefind/wasm.en.pagefind": gzip.compress(PAGE * 4, mtime=0),
        "pagefind/pagefind.js": b"export const pagefind = () => {};\n" * 100,
        # Random bytes do not compress: no copy, and the stale one is removed.
        "data/noise.json": os.urandom(4000),
        "data/noise.json.gz": b"stale",
    }
    for name, data in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(data)
    return site


def test_texts_above_the_threshold_get_both_copies(tree: Path) -> None:
    results = precompress(tree)
    texts = ["index.html", "fr/library/index.html", "assets/app.js", "assets/style.css",
             "catalogue.jsonld", "sitemap.xml", "pagefind/pagefind.js"]
    for name in texts:
        assert_copies_of(tree / name)
    expected = {f"{name}{suffix}" for name in texts for suffix in ENCODINGS}
    assert set(copies(tree)) == expected  # none for binaries, small files, noise
    assert {r.path.relative_to(tree).as_posix() for r in results} == {*texts,
                                                                      "data/noise.json"}
    noise = next(r for r in results if r.path.name == "noise.json")
    assert (noise.gzip, noise.brotli) == (None, None)
    count, size, smallest, gzipped = summary(results)
    assert count == 8 and smallest < gzipped < size


def test_copies_are_the_same_bytes_on_every_run(tree: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(tree, other)
    precompress(tree)
    first = copies(tree)
    precompress(tree)  # over its own copies: the same again
    precompress(other, workers=1)  # elsewhere, on one thread
    assert copies(tree) == first == copies(other)
    # The gzip header names no file and no time, and no operating system (RFC 1952).
    header = first["index.html.gz"][:10]
    magic, method, flags, mtime, _, system = struct.unpack("<HBBIBB", header)
    assert (magic, method, flags, mtime, system) == (0x8B1F, 8, 0, 0, 255)
    assert gzip_bytes(PAGE) == first["index.html.gz"]


def test_candidates_are_texts_by_extension(tree: Path) -> None:
    assert {".html", ".css", ".js", ".json", ".xml", ".svg", ".jsonld"} <= TEXT_TYPES
    assert not TEXT_TYPES & {".pf_fragment", ".pf_index", ".pf_meta", ".pagefind", ".png",
                             ".pdf", ".zip", ".gz", ".br", ".woff2"}
    found = candidates(tree)
    assert all((tree / "small.html") != path for path in found)
    sizes = [path.stat().st_size for path in found]
    assert sizes == sorted(sizes, reverse=True)  # the longest jobs first


# -- the built site --------------------------------------------------------------------


def test_every_text_file_of_the_built_site_has_its_copies(built_site: Build) -> None:
    site = built_site.site
    texts = 0
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix in ENCODINGS:
            continue
        has_copies = [path.with_name(path.name + s).exists() for s in ENCODINGS]
        if path.suffix in TEXT_TYPES and path.stat().st_size > MIN_SIZE:
            assert_copies_of(path)
            texts += 1
        else:
            assert has_copies == [False, False], path
    assert texts > 300
    # Every copy has its original beside it: nothing compressed but the site's texts.
    for name in copies(site):
        original = site / name[:-3]
        assert original.suffix in TEXT_TYPES and original.is_file(), name


def test_the_built_sites_copies_are_the_same_on_another_run(built_site: Build,
                                                            tmp_path: Path) -> None:
    """Compressed again, one language's pages and the root's files (sitemaps, feeds,
    catalogues) give the same bytes as in the build."""
    site = built_site.site
    chosen = [path for path in site.glob("bg/**/*") if path.is_file()]
    chosen += [path for path in site.glob("*") if path.is_file()]
    sample = tmp_path / "sample"
    for path in chosen:
        if path.suffix not in ENCODINGS:
            target = sample / path.relative_to(site)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    precompress(sample)
    again = copies(sample)
    assert len(again) > 100
    assert again == {name: (site / name).read_bytes() for name in again}
