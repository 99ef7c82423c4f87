"""Whether a file a document ships beside its Markdown may be published.

Every file of a document's folder but its Markdown sources and hidden files is served as
it is at `library/<id>/...` (`views/common.py`, `site_assets`). Each is checked here and
refused, never rewritten: the editor learns file, line and what to change, and the site
serves exactly the file that was reviewed. The rules, for editors: guidelines/README.md,
"Files a document may ship".
"""

from __future__ import annotations

import difflib
import io
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import IO

from PIL import ImageFile, JpegImagePlugin, PngImagePlugin, WebPImagePlugin

from .problems import Problem
from .svg import looks_like_markup, shorten, svg_problems

FIELD = "file"
MAX_ASSET_BYTES = 5_000_000
MAX_PIXELS = 25_000_000
MAX_SIDE = 16_384

TYPES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WebP", ".svg": "SVG"}
ALLOWED_TYPES = "PNG (.png), JPEG (.jpg, .jpeg), WebP (.webp) and SVG (.svg) files"
# Types an editor may have at hand, and the allowed one to convert them to.
CONVERT = {".gif": ".png", ".bmp": ".png", ".tif": ".png", ".tiff": ".png", ".apng": ".png",
           ".avif": ".webp", ".jfif": ".jpg", ".jpe": ".jpg", ".svgz": ".svg"}
PAGE_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
# A text that exists only as a PDF: `index.pdf` beside `index.md`, `index.fr.pdf` beside
# `index.fr.md`. It is published at the version's PDF URL, not served as a file of the
# folder (nisdocs/library_pdf.py loads it).
PDF_TEXT = re.compile(r"^index(?:\.(?P<lang>[A-Za-z_-]+))?\.pdf$")



def shipped_files(folder: Path) -> list[Path]:
    """Every file the site serves as it is from the document folder `folder`: all but the
    Markdown sources, the PDFs that are texts and hidden files. The one list both the
    site (`nisdocs/views/`) and the check below read, so that nothing is served
    unchecked."""
    return [path for path in sorted(folder.rglob("*"))
            if not path.name.startswith(".") and path.suffix != ".md"
            and not PDF_TEXT.match(path.name)
            and (path.is_symlink() or not path.is_dir())]


def shipped_file_problems(folder: Path, root: Path) -> list[Problem]:
    """The problems of every file the site would serve from the document folder `folder`
    (`shipped_files`), paths relative to `root`."""
    problems: list[Problem] = []
    for path in shipped_files(folder):
        served = f"library/{folder.name}/{path.relative_to(folder).as_posix()}"
        problems += file_problems(path, path.relative_to(root).as_posix(), served)
    return problems


def file_problems(path: Path, display: str, served: str) -> list[Problem]:
    """What is wrong with the shipped file `path`, shown as `display`, which the site
    would serve at `served`."""
    def problem(message: str) -> list[Problem]:
        return [Problem(display, None, FIELD, message)]

    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            return []  # the loader refuses every symbolic link
        if not stat.S_ISREG(info.st_mode):
            return problem("found a special file (a pipe, socket or device); allowed: "
                           f"{ALLOWED_TYPES}")
        kind = TYPES.get(path.suffix)
        if kind is None:
            return problem(type_message(path.name, served))
        if info.st_size > MAX_ASSET_BYTES:
            return problem(f"the file is {info.st_size} bytes; allowed: at most "
                           f"{MAX_ASSET_BYTES} bytes")
        with path.open("rb") as file:
            data = file.read(MAX_ASSET_BYTES + 1)
    except OSError as error:
        return problem(f"the file cannot be read ({error.strerror}); allowed: a readable file")
    if kind == "SVG" and not looks_like_markup(data):
        return problem(f"found {content_of(data)} in an SVG file; allowed: an SVG image, as "
                       "the extension says")
    if kind == "SVG":
        return [Problem(display, line, FIELD, message) for line, message in svg_problems(data)]
    message = raster_problem(data, kind)
    return problem(message) if message else []


def type_message(name: str, served: str) -> str:
    """Why a file of this name may not be shipped, with the name it may have meant."""
    stem, suffix = os.path.splitext(name)
    allowed = f"allowed: {ALLOWED_TYPES}"
    lower = suffix.lower()
    if lower in PAGE_SUFFIXES:
        clash = (", where the site puts a page of its own" if name.lower() == "index.html"
                 else "")
        return (f"found an HTML page, which the site would serve as it is at {served}{clash}; "
                f"a document ships no pages: the site makes them from the Markdown; {allowed}")
    if lower == ".pdf":
        return ("found a PDF; the build makes the PDF of every Markdown text itself, and a "
                "text that exists only as a PDF is named index.pdf (index.<lang>.pdf for a "
                f"translation) beside the index.md that holds its front matter; {allowed}")
    if not suffix:
        return f"found a file without an extension; {allowed}"
    if lower in TYPES:
        hint = f"; did you mean {stem}{lower}? (extensions are lower case)"
    elif lower in CONVERT:
        hint = f"; did you mean {stem}{CONVERT[lower]}? (convert the file, then rename it)"
    else:
        close = difflib.get_close_matches(lower, TYPES, n=1, cutoff=0.7)
        hint = f"; did you mean {stem}{close[0]}?" if close else ""
    return f"found a file of type {suffix}; {allowed}{hint}"


# -- raster images ----------------------------------------------------------------------


OPENERS: dict[str, Callable[[IO[bytes]], ImageFile.ImageFile]] = {
    "PNG": PngImagePlugin.PngImageFile, "JPEG": JpegImagePlugin.JpegImageFile,
    "WebP": WebPImagePlugin.WebPImageFile}


KNOWN_CONTENT = (("a PNG image", b"\x89PNG\r\n\x1a\n"), ("a JPEG image", b"\xff\xd8\xff"),
                 ("a GIF image", b"GIF8"), ("a PDF", b"%PDF"), ("a ZIP archive", b"PK\x03\x04"),
                 ("gzip data", b"\x1f\x8b"))


def content_of(data: bytes) -> str:
    """What `data` looks like, for messages: "a PNG image", "HTML", ..."""
    found = next((what for what, magic in KNOWN_CONTENT if data.startswith(magic)), None)
    if found or not data:
        return found or "an empty file"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "a WebP image"
    text = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if any(tag in text for tag in (b"<!doctype html", b"<html", b"<script", b"<body")):
        return "HTML"
    return "XML or SVG text" if text.startswith(b"<") else "data of no allowed type"


def webp_size(data: bytes) -> tuple[int, int] | None:
    """The canvas size in a WebP file's first chunk (lossy, lossless or extended). libwebp
    allocates the whole canvas when Pillow opens the file, so it is read first."""
    chunk = data[12:16]
    if chunk == b"VP8 " and len(data) >= 30 and data[23:26] == b"\x9d\x01\x2a":
        return (int.from_bytes(data[26:28], "little") & 0x3FFF,
                int.from_bytes(data[28:30], "little") & 0x3FFF)
    if chunk == b"VP8L" and len(data) >= 25 and data[20] == 0x2F:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X" and len(data) >= 30:
        return (int.from_bytes(data[24:27], "little") + 1,
                int.from_bytes(data[27:30], "little") + 1)
    return None


def raster_problem(data: bytes, kind: str) -> str | None:
    """What is wrong with a PNG, JPEG or WebP file's content, if anything. The size comes
    from the header, read by Pillow's plugin for the format (what `Image.open` runs, without
    its process-wide decompression-bomb threshold, which names no dimensions): no pixel is
    decoded, `.load()` is never called."""
    found = content_of(data)
    expected = f"a {kind} image"
    if found != expected:
        return f"found {found} in a {kind} file; allowed: {expected}, as the extension says"
    if kind == "WebP":
        size = webp_size(data)
        if size is None:
            return (f"found a {kind} image whose header cannot be read; allowed: a complete, "
                    f"valid {kind} image")
        if message := dimensions_message(size):
            return message
    try:
        with OPENERS[kind](io.BytesIO(data)) as image:
            if message := dimensions_message(image.size):
                return message
            if kind == "PNG":
                image.verify()  # every chunk complete and its checksum right; no decoding
    except Exception as error:  # Pillow raises many kinds on malformed input
        reason = shorten(str(error)) or type(error).__name__
        return (f"found a {kind} image that cannot be read ({reason}); allowed: a "
                f"complete, valid {kind} image")
    return None


def dimensions_message(size: tuple[int, int]) -> str | None:
    width, height = size
    if width < 1 or height < 1 or width > MAX_SIDE or height > MAX_SIDE \
            or width * height > MAX_PIXELS:
        return (f"found an image of {width} × {height} pixels ({width * height:,} pixels); "
                f"allowed: at most {MAX_PIXELS:,} pixels and {MAX_SIDE:,} on a side")
    return None
