"""The files a document ships beside its Markdown (nisdocs/assets.py): types, sizes, raster
headers and SVG, each rule with its exact message, through the loader too; and a property
test of the SVG check against an independent oracle."""

from __future__ import annotations

import io
import re
import struct
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path
from typing import cast
from xml.sax.saxutils import escape, quoteattr

import pytest
from conftest import PROJECT, TinyLibrary
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageFile

from nisdocs.assets import (
    MAX_ASSET_BYTES,
    MAX_PIXELS,
    MAX_SIDE,
    raster_problem,
    shipped_file_problems,
)
from nisdocs.problems import Problem
from nisdocs.svg import MAX_SVG_PROBLEMS, SVG_ELEMENTS, svg_problems

ALLOWED = "allowed: PNG (.png), JPEG (.jpg, .jpeg), WebP (.webp) and SVG (.svg) files"
SVG_NS = "http://www.w3.org/2000/svg"
OPEN = (f'<svg xmlns="{SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'viewBox="0 0 100 100">')


def svg(body: str, prolog: str = "") -> bytes:
    """An SVG file whose `body` starts on line 2 (after `prolog`'s lines)."""
    return f"{prolog}{OPEN}\n{body}\n</svg>\n".encode()


def raster(kind: str, size: tuple[int, int] = (30, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (31, 58, 128)).save(out, kind)
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_declaring(width: int, height: int) -> bytes:
    """A PNG whose header declares width × height, with a few bytes of pixel data: a
    decompression bomb for anything that decodes it."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(b"\0" * 4096, 9)) + _chunk(b"IEND", b""))


def webp_declaring(width: int, height: int) -> bytes:
    """An extended WebP whose canvas is width × height (and nothing else)."""
    chunk = b"VP8X" + struct.pack("<I", 10) + b"\0\0\0\0" + (width - 1).to_bytes(3, "little") \
        + (height - 1).to_bytes(3, "little")
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


def problems_of(tmp_path: Path, files: dict[str, bytes]) -> list[str]:
    """The problems of a document folder holding `files`, as the loader reports them."""
    folder = tmp_path / "guidelines" / "ncg-0900"
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return [str(problem) for problem in shipped_file_problems(folder, tmp_path)]


FILE = "guidelines/ncg-0900"
# Made before any test forbids decoding (saving an image loads it).
PNG, JPEG, WEBP = raster("PNG"), raster("JPEG"), raster("WEBP")


# -- types ------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "message"), [
    ("notes.exe", f"found a file of type .exe; {ALLOWED}"),
    ("images/flow.PNG", f"found a file of type .PNG; {ALLOWED}; did you mean flow.png? "
                        "(extensions are lower case)"),
    ("images/flow.SVG", f"found a file of type .SVG; {ALLOWED}; did you mean flow.svg? "
                        "(extensions are lower case)"),
    ("images/flow.svgz", f"found a file of type .svgz; {ALLOWED}; did you mean flow.svg? "
                         "(convert the file, then rename it)"),
    ("images/flow.gif", f"found a file of type .gif; {ALLOWED}; did you mean flow.png? "
                        "(convert the file, then rename it)"),
    ("images/flow.pgn", f"found a file of type .pgn; {ALLOWED}; did you mean flow.png?"),
    ("images/flow.jpgg", f"found a file of type .jpgg; {ALLOWED}; did you mean flow.jpg?"),
    ("Makefile", f"found a file without an extension; {ALLOWED}"),
    ("ncg-0900-1.0-en.pdf", "found a PDF; the build makes the PDF of every Markdown text "
                            "itself, and a text that exists only as a PDF is named index.pdf "
                            "(index.<lang>.pdf for a translation) beside the index.md that "
                            f"holds its front matter; {ALLOWED}"),
    ("index.html", "found an HTML page, which the site would serve as it is at "
                   "library/ncg-0900/index.html, where the site puts a page of its own; a "
                   f"document ships no pages: the site makes them from the Markdown; {ALLOWED}"),
    ("1.0/index.html", "found an HTML page, which the site would serve as it is at "
                       "library/ncg-0900/1.0/index.html, where the site puts a page of its own; "
                       f"a document ships no pages: the site makes them from the Markdown; "
                       f"{ALLOWED}"),
    ("images/data.htm", "found an HTML page, which the site would serve as it is at "
                        "library/ncg-0900/images/data.htm; a document ships no pages: the site "
                        f"makes them from the Markdown; {ALLOWED}"),
])
def test_only_the_listed_types_may_be_shipped(tmp_path: Path, name: str, message: str) -> None:
    assert problems_of(tmp_path, {name: b"whatever"}) == [f"{FILE}/{name}: file: {message}"]


def test_allowed_types_hidden_files_and_markdown_pass(tmp_path: Path) -> None:
    assert problems_of(tmp_path, {
        "images/a.png": raster("PNG"), "images/b.jpg": raster("JPEG"),
        "images/c.jpeg": raster("JPEG"), "images/d.webp": raster("WEBP"),
        "1.0/images/e.svg": svg('<rect width="10" height="10"/>'),
        ".DS_Store": b"\0\0\0\1Bud1", "images/.gitkeep": b"", "index.md": b"not checked here",
    }) == []


def test_a_file_in_a_hidden_folder_is_checked_since_the_site_serves_it(tmp_path: Path) -> None:
    assert problems_of(tmp_path, {".drafts/page.html": b"<script>"})[0].startswith(
        f"{FILE}/.drafts/page.html: file: found an HTML page")


def test_a_special_file_is_refused_without_being_opened(tmp_path: Path) -> None:
    import os

    folder = tmp_path / "guidelines" / "ncg-0900" / "images"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "pipe.png")  # opening it would block
    assert problems_of(tmp_path, {}) == [
        f"{FILE}/images/pipe.png: file: found a special file (a pipe, socket or device); "
        f"{ALLOWED}"]


def test_a_file_over_the_size_limit(tmp_path: Path) -> None:
    folder = tmp_path / "guidelines" / "ncg-0900" / "images"
    folder.mkdir(parents=True)
    with (folder / "big.png").open("wb") as file:
        file.truncate(MAX_ASSET_BYTES + 1)  # sparse: nothing to write
    assert problems_of(tmp_path, {}) == [
        f"{FILE}/images/big.png: file: the file is 5000001 bytes; allowed: at most 5000000 bytes"]


@pytest.mark.parametrize(("name", "data", "message"), [
    ("chart.png", b"<!DOCTYPE html><script>alert(1)</script>",
     "found HTML in a PNG file; allowed: a PNG image, as the extension says"),
    ("chart.jpg", raster("PNG"),
     "found a PNG image in a JPEG file; allowed: a JPEG image, as the extension says"),
    ("chart.webp", raster("JPEG"),
     "found a JPEG image in a WebP file; allowed: a WebP image, as the extension says"),
    ("chart.png", b"GIF89a" + b"\0" * 20,
     "found a GIF image in a PNG file; allowed: a PNG image, as the extension says"),
    ("chart.png", b"", "found an empty file in a PNG file; allowed: a PNG image, as the "
                       "extension says"),
    ("chart.svg", raster("PNG"),
     "found a PNG image in an SVG file; allowed: an SVG image, as the extension says"),
    ("chart.svg", b"%PDF-1.7", "found a PDF in an SVG file; allowed: an SVG image, as the "
                               "extension says"),
])
def test_the_content_must_match_the_extension(tmp_path: Path, name: str, data: bytes,
                                              message: str) -> None:
    assert problems_of(tmp_path, {name: data}) == [f"{FILE}/{name}: file: {message}"]


# -- raster images ----------------------------------------------------------------------


@pytest.fixture
def nothing_decoded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to decode pixels fails the test."""
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)
    monkeypatch.setattr(Image.Image, "load", refuse)


@pytest.mark.usefixtures("nothing_decoded")
@pytest.mark.parametrize(("kind", "data", "found"), [
    ("PNG", png_declaring(100_000, 100_000), "100000 × 100000 pixels (10,000,000,000 pixels)"),
    ("PNG", png_declaring(5001, 5000), "5001 × 5000 pixels (25,005,000 pixels)"),
    ("PNG", png_declaring(MAX_SIDE + 1, 10), "16385 × 10 pixels (163,850 pixels)"),
    ("WebP", webp_declaring(16_384, 16_384), "16384 × 16384 pixels (268,435,456 pixels)"),
])
def test_an_image_too_large_is_refused_from_its_header(kind: str, data: bytes,
                                                      found: str) -> None:
    assert len(data) < 200
    assert raster_problem(data, kind) == (
        f"found an image of {found}; allowed: at most 25,000,000 pixels and 16,384 on a side")


def test_a_jpeg_too_large_is_refused_from_its_header(nothing_decoded: None) -> None:
    data = bytearray(JPEG)
    sof = data.index(b"\xff\xc0")  # baseline frame header: length, precision, height, width
    data[sof + 5:sof + 9] = struct.pack(">HH", 60_000, 50_000)
    assert raster_problem(bytes(data), "JPEG") == (
        "found an image of 50000 × 60000 pixels (3,000,000,000 pixels); allowed: at most "
        "25,000,000 pixels and 16,384 on a side")


@pytest.mark.usefixtures("nothing_decoded")
@pytest.mark.parametrize(("kind", "data"), [("PNG", PNG), ("JPEG", JPEG), ("WebP", WEBP)])
def test_images_within_the_limits_pass(kind: str, data: bytes) -> None:
    assert raster_problem(data, kind) is None
    assert raster_problem(png_declaring(5000, 5000), "PNG") is None
    assert MAX_PIXELS == 5000 * 5000


@pytest.mark.parametrize(("kind", "data"), [
    ("PNG", PNG[:40]), ("PNG", PNG[:-6]), ("PNG", PNG[:33] + PNG[60:]), ("JPEG", JPEG[:60]),
    ("JPEG", JPEG[:2] + b"\xff" * 40), ("WebP", WEBP[:30] + b"\0" * 40),
])
def test_a_truncated_or_corrupt_image_is_refused(kind: str, data: bytes) -> None:
    # The reason in brackets is Pillow's own, and changes with its versions.
    assert re.fullmatch(rf"found a {kind} image that cannot be read \(.+\); allowed: a "
                        rf"complete, valid {kind} image", raster_problem(data, kind) or "")


def test_a_webp_without_a_readable_header_is_refused() -> None:
    assert raster_problem(WEBP[:20], "WebP") == (
        "found a WebP image whose header cannot be read; allowed: a complete, valid WebP image")


@given(st.binary(max_size=300), st.sampled_from(["PNG", "JPEG", "WebP"]))
@settings(max_examples=300, deadline=None, derandomize=True, database=None)
def test_the_raster_check_never_raises(tail: bytes, kind: str) -> None:
    head = {"PNG": png_declaring(30, 20)[:33], "JPEG": b"\xff\xd8\xff",
            "WebP": b"RIFF\0\0\0\0WEBPVP8"}[kind]
    result = raster_problem(head + tail, kind)
    assert result is None or isinstance(result, str)


# -- SVG --------------------------------------------------------------------------------


ELEMENTS = ", ".join(sorted(SVG_ELEMENTS))
OWN = "allowed: url(#id), a reference to an element of the same file"
HREF = 'allowed: a reference to an element of the same file, such as href="#arrow"'
FUNCTIONS = "allowed: url(#id), colours (rgb(), hsl()), calc(), var() and transforms"
NOT_IN_SVG = f"allowed: elements of the SVG namespace ({SVG_NS}); save the drawing as plain SVG"

SVG_REFUSED: dict[str, tuple[bytes, list[tuple[int | None, str]]]] = {
    "script": (svg('<g>\n<script>alert(1)</script></g>'), [
        (3, "found a <script> element; allowed: static SVG, with no scripts")]),
    "event handler": (svg('<rect width="1" height="1"\n  onclick="alert(1)"/>'), [
        (2, 'found the event handler onclick="alert(1)" on <rect>; allowed: no event handlers '
            "(static SVG)")]),
    "event handler in capitals": (svg('<g ONLOAD="x()"/>'), [
        (2, 'found the event handler ONLOAD="x()" on <g>; allowed: no event handlers (static '
            "SVG)")]),
    "foreignObject": (svg('<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">Hi</p>'
                          "</foreignObject>"), [
        (2, "found a <foreignObject> element, which embeds HTML; allowed: SVG elements only"),
        (2, f"found <p> in the namespace http://www.w3.org/1999/xhtml; {NOT_IN_SVG}")]),
    "set": (svg('<a><set attributeName="href" to="https://example.org/"/></a>'), [
        (2, f"found the element <a>; allowed: {ELEMENTS}"),
        (2, "found the animation element <set>; allowed: static SVG (an animation can change "
            "any attribute, an href too, after the check)")]),
    "animate": (svg('<rect><animate attributeName="fill" values="red;blue"/></rect>'), [
        (2, "found the animation element <animate>; allowed: static SVG (an animation can "
            "change any attribute, an href too, after the check)")]),
    "external image": (svg('<image href="https://tracker.example/p.png"/>'), [
        (2, f"found the element <image>; allowed: {ELEMENTS}"),
        (2, f'found href="https://tracker.example/p.png" on <image>; {HREF}')]),
    "image beside it": (svg('<image xlink:href="x.png"/>'), [
        (2, f"found the element <image>; allowed: {ELEMENTS}"),
        (2, f'found xlink:href="x.png" on <image>; {HREF}')]),
    "use of another file": (svg('<use href="other.svg#a"/>'), [
        (2, f'found href="other.svg#a" on <use>; {HREF}')]),
    "javascript href": (svg('<use xlink:href="javascript:alert(1)"/>'), [
        (2, f'found xlink:href="javascript:alert(1)" on <use>; {HREF}')]),
    "data href": (svg('<use href="data:image/svg+xml;base64,PHN2Zz4="/>'), [
        (2, f'found href="data:image/svg+xml;base64,PHN2Zz4=" on <use>; {HREF}')]),
    "href with spaces": (svg('<use href=" #a"/>'), [(2, f'found href="#a" on <use>; {HREF}')]),
    "css import": (svg("<style>\n  rect { fill: red }\n  @import url(https://x.example/s.css);"
                       "\n</style>"), [
        (4, "found the at-rule @import in <style>; allowed: @media only (@import, @font-face "
            "and the like load other files)"),
        (4, f"found url(https://x.example/s.css) in <style>; {OWN}")]),
    "css import of a string": (svg('<style>@import "s.css";</style>'), [
        (2, "found the at-rule @import in <style>; allowed: @media only (@import, @font-face "
            "and the like load other files)")]),
    "font face": (svg("<style><![CDATA[\n@font-face { src: local(x) }\n]]></style>"), [
        (3, "found the at-rule @font-face in <style>; allowed: @media only (@import, "
            "@font-face and the like load other files)"),
        (3, f"found the CSS function local() in <style>; {FUNCTIONS}")]),
    "css url in style": (svg("<style>rect { fill: url('https://x.example/p') }</style>"), [
        (2, f"found url('https://x.example/p') in <style>; {OWN}")]),
    "url in a style attribute": (svg('<rect style="fill: url(https://x.example/p)"/>'), [
        (2, f"found url(https://x.example/p) in style of <rect>; {OWN}")]),
    "url in a presentation attribute": (svg('<rect fill="URL(//x.example/p)"/>'), [
        (2, f"found URL(//x.example/p) in fill of <rect>; {OWN}")]),
    "image-set": (svg("<rect style=\"cursor: image-set('x.png' 1x)\"/>"), [
        (2, f"found the CSS function image-set() in style of <rect>; {FUNCTIONS}")]),
    "css escape": (svg('<rect style="fill: \\75 rl(https://x.example/p)"/>'), [
        (2, "found a CSS escape (\\) in style of <rect>; allowed: CSS without escapes, which "
            "can disguise url() and @import"),
        (2, f"found the CSS function rl() in style of <rect>; {FUNCTIONS}")]),
    "escape spelt as a character reference": (svg('<rect fill="&#92;75rl(x)"/>'), [
        (2, "found a CSS escape (\\) in fill of <rect>; allowed: CSS without escapes, which "
            "can disguise url() and @import"),
        (2, f"found the CSS function rl() in fill of <rect>; {FUNCTIONS}")]),
    "xml-stylesheet": (svg("", prolog='<?xml-stylesheet href="https://x.example/s.css"?>\n'), [
        (1, 'found the processing instruction <?xml-stylesheet href="https://x.example/s.css"?>;'
            " allowed: none (an <?xml-stylesheet?> would apply a style from elsewhere)")]),
    "doctype with entities": (svg("<text>&lol2;</text>", prolog=(
        '<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY lol "lol">\n'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n')), [
        (2, "found a DOCTYPE declaration (<!DOCTYPE svg>); allowed: none, since its entities "
            "can expand without bound or load other files; the check stopped there")]),
    "external entity": (svg("<text>&x;</text>", prolog=(
        '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n')), [
        (1, "found a DOCTYPE declaration (<!DOCTYPE svg>); allowed: none, since its entities "
            "can expand without bound or load other files; the check stopped there")]),
    "inkscape namespace": (svg('<sodipodi:namedview xmlns:sodipodi="http://sodipodi.sf.net/'
                               'DTD/sodipodi-0.dtd"/>\n<g xmlns:inkscape="http://www.inkscape.'
                               'org/namespaces/inkscape" inkscape:label="Layer 1"/>'), [
        (2, "found <sodipodi:namedview> in the namespace http://sodipodi.sf.net/DTD/sodipodi-0"
            f".dtd; {NOT_IN_SVG}"),
        (3, "found the attribute inkscape:label (http://www.inkscape.org/namespaces/inkscape) "
            "on <g>; allowed: SVG attributes, xlink:href, xlink:title, xml:lang and xml:space")]),
    "xml base": (svg('<g xml:base="https://x.example/"/>'), [
        (2, "found the attribute xml:base (http://www.w3.org/XML/1998/namespace) on <g>; "
            "allowed: SVG attributes, xlink:href, xlink:title, xml:lang and xml:space")]),
    "element inside style": (svg("<style><g/></style>"), [
        (2, "found <g> inside <style>; allowed: CSS text only")]),
    "other encoding": (svg("", prolog='<?xml version="1.0" encoding="ISO-8859-1"?>\n'), [
        (1, 'found encoding="ISO-8859-1"; allowed: UTF-8')]),
    "not utf-8": (svg("<text>Caf\xe9</text>").replace(b"\xc3\xa9", b"\xe9"), [
        (None, "not valid UTF-8 (byte 115); allowed: UTF-8 text")]),
    "not well-formed": (svg("<g>\n<rect></g>"), [
        (3, "not well-formed XML (mismatched tag, column 9); allowed: a well-formed SVG file")]),
    "html root": (b"<html><body><script>alert(1)</script></body></html>", [
        (1, "found <html> without a namespace as the root element; allowed: an SVG image, "
            f'whose root is <svg xmlns="{SVG_NS}">')]),
    "svg without its namespace": (b"<svg><rect/></svg>", [
        (1, "found <svg> without a namespace as the root element; allowed: an SVG image, "
            f'whose root is <svg xmlns="{SVG_NS}">')]),
    "use inside what it copies": (svg('<g id="a">\n<use href="#a"/></g>'), [
        (3, 'found <use href="#a"> inside the element it copies; allowed: a copy of an element '
            "that does not contain it")]),
    "nesting": (svg("<g>" * 60 + "</g>" * 60), [
        (2, "found <g> nested 51 elements deep; allowed: at most 50")]),
}


@pytest.mark.parametrize("name", sorted(SVG_REFUSED))
def test_an_svg_is_refused_with_line_and_reason(name: str) -> None:
    data, expected = SVG_REFUSED[name]
    assert svg_problems(data) == expected


def test_a_use_bomb_is_refused() -> None:
    levels = ['<g id="l0"><rect width="1" height="1"/></g>']
    levels += [f'<g id="l{n}">' + f'<use href="#l{n - 1}"/>' * 10 + "</g>" for n in range(1, 7)]
    data = svg("<defs>" + "".join(levels) + '</defs>\n<use href="#l6"/>')
    assert len(data) < 2000
    assert svg_problems(data) == [(None, "found <use> elements whose copies make more than "
                                         "50,000 elements; allowed: at most that many")]


def test_copies_of_copies_are_limited_in_depth() -> None:
    levels = ['<g id="l0"><rect/></g>'] + [f'<g id="l{n}"><use href="#l{n - 1}"/></g>'
                                           for n in range(1, 10)]
    assert svg_problems(svg("".join(levels))) == [
        (None, "found <use> elements that copy copies more than 8 levels deep; allowed: at "
               "most 8")]
    assert svg_problems(svg("".join(levels[:9]))) == []


def test_the_check_stops_after_ten_problems() -> None:
    problems = svg_problems(svg("\n".join(f'<g onclick="f({n})"/>' for n in range(50))))
    assert len(problems) == MAX_SVG_PROBLEMS
    assert [line for line, _message in problems] == list(range(2, 12))


def test_a_static_drawing_passes() -> None:
    assert svg_problems(svg("""<title>A chart</title><desc>What it shows</desc>
<defs>
  <linearGradient id="g" x1="0" x2="1"><stop offset="0" stop-color="#1f3a80"/>
    <stop offset="1" stop-color="rgb(74, 111, 181)"/></linearGradient>
  <marker id="arrow" markerWidth="10" markerHeight="10" refX="5" refY="5" orient="auto">
    <path d="M0,0 L10,5 L0,10 z" fill="currentColor"/></marker>
  <filter id="shadow"><feDropShadow dx="1" dy="1" stdDeviation="1"/></filter>
  <symbol id="dot"><circle cx="5" cy="5" r="4"/></symbol>
  <clipPath id="clip"><rect width="50" height="50"/></clipPath>
</defs>
<style>
  .axis { stroke: #4a4a4a; fill: url(#g) }
  @media (prefers-color-scheme: dark) { .axis { stroke: hsl(0, 0%, 80%) } }
</style>
<g class="axis" transform="translate(10, 10) rotate(45) scale(0.5)" clip-path="url(#clip)"
   aria-label="An axis (in days)" xml:lang="en" xml:space="preserve">
  <line x1="0" y1="0" x2="90" y2="0" marker-end="url('#arrow')" filter="url(#shadow)"/>
  <use href="#dot" x="10"/><use xlink:href="#dot" x="20" xlink:title="A dot"/>
  <text x="5" y="20" font-family="'DejaVu Sans', sans-serif">24 h<tspan dy="5">!</tspan></text>
</g>""", prolog='<?xml version="1.0" encoding="UTF-8"?>\n<!-- made by hand -->\n')) == []


def test_the_samples_images_pass() -> None:
    images = sorted((PROJECT / "guidelines").rglob("*.svg"))
    assert images
    for image in images:
        assert svg_problems(image.read_bytes()) == [], image


# -- through the loader -----------------------------------------------------------------


def test_the_loader_reports_shipped_files(tiny: TinyLibrary) -> None:
    images = tiny.root / "guidelines" / "ncg-0001" / "images"
    images.mkdir()
    (images / "chart.svg").write_bytes(svg('<rect onload="alert(1)"/>'))
    (images / "bomb.png").write_bytes(png_declaring(100_000, 100_000))
    (images / "ok.png").write_bytes(raster("PNG"))
    assert tiny.scan()[1] == [
        Problem("guidelines/ncg-0001/images/bomb.png", None, "file", (
            "found an image of 100000 × 100000 pixels (10,000,000,000 pixels); allowed: at "
            "most 25,000,000 pixels and 16,384 on a side")),
        Problem("guidelines/ncg-0001/images/chart.svg", 2, "file", (
            'found the event handler onload="alert(1)" on <rect>; allowed: no event handlers '
            "(static SVG)")),
    ]


def test_a_draft_and_a_broken_document_have_their_files_checked(tiny: TinyLibrary) -> None:
    tiny.write("ncg-0003/index.md", "---\nid: NCG-0003\n---\n")  # fields missing
    (tiny.root / "guidelines" / "ncg-0003" / "page.html").write_text("<script></script>")
    assert any(problem.startswith("guidelines/ncg-0003/page.html: file: found an HTML page")
               for problem in tiny.problems())


# -- the property: refused, or free of everything forbidden -----------------------------


SAFE = ["g", "rect", "path", "text", "defs", "linearGradient", "symbol", "use", "tspan"]
SAFE_LEAVES = [
    '<rect width="1" height="1"/>', "<title>A title</title>", "<!-- <script>alert(1)</script> -->",
    "<text><![CDATA[<script>alert(1)</script>]]></text>", '<use href="#a"/>',
    '<use xlink:href="#b"/>', "<style>rect { fill: url(#g) }</style>",
    "<style>@media print { .a { fill: rgb(1, 2, 3) } }</style>", "<desc>onclick=url(x)</desc>",
]
HOSTILE_LEAVES = [
    "<script>alert(1)</script>", "<script/>",
    '<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject>',
    '<foreignObject width="9"/>', '<set attributeName="href" to="javascript:alert(1)"/>',
    '<animate attributeName="x"/>',
    '<image href="https://evil.example/x.png"/>', '<use href="other.svg#a"/>',
    '<a href="https://evil.example/">x</a>',
    "<style>@import url(https://evil.example/x.css);</style>",
    '<style>@import "x.css";</style>', "<style>rect { fill: url(https://evil.example/p) }</style>",
    "<style><![CDATA[rect { fill: u\\72l(x) }]]></style>", '<?xml-stylesheet href="x.css"?>',
    "<?php echo 1 ?>", '<h:p xmlns:h="http://www.w3.org/1999/xhtml">x</h:p>',
    '<x:y xmlns:x="urn:x"/>',
]
SAFE_ATTRIBUTES = [
    ' fill="url(#g)"', ' style="fill:red"', ' href="#a"', ' xlink:href="#b"', ' id="a"', ' id="b"',
    ' transform="rotate(4)"', ' clip-path="url( \'#c\' )"', ' data-x="url(y)"',
    ' aria-label="onclick (see)"', ' class="on"',
]
HOSTILE_ATTRIBUTES = [
    ' onclick="alert(1)"', ' onLoad="x"', ' fill="url(https://evil.example/a)"',
    ' style="fill:url(https://x)"', ' style="background: image-set(\'x.png\' 1x)"',
    ' href="javascript:alert(1)"', ' xlink:href="data:image/png;base64,AA"',
    ' fill="&#92;75rl(x)"', ' xml:base="https://x/"', ' cursor="url(x.cur), auto"',
]
PROLOGS = ["", '<?xml version="1.0" encoding="UTF-8"?>\n', "<!-- c -->\n"]
HOSTILE_PROLOGS = ['<?xml-stylesheet href="s.css"?>', '<!DOCTYPE svg [<!ENTITY a "b">]>',
                   "<!DOCTYPE svg>\n", '<?xml version="1.0" encoding="latin-1"?>']
# Where a hostile leaf or attribute may go in a harmless tree.
LEAF_SLOT, ATTRIBUTE_SLOT = "\x00leaf\x00", "\x00attribute\x00"
FORBIDDEN_ELEMENTS = {"script", "foreignObject", "set", "animate", "animateMotion",
                      "animateTransform", "image", "a", "iframe", "feImage"}


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(lambda name, attributes, kids: (
        f"<{name}{''.join(attributes)}>{''.join(kids)}</{name}>"),
        st.sampled_from(SAFE), st.lists(_attributes, max_size=3, unique=True),
        st.lists(children, max_size=3))


_attributes = st.sampled_from([*SAFE_ATTRIBUTES, ATTRIBUTE_SLOT])
_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                max_size=8).map(escape)
_tree = st.recursive(st.sampled_from([*SAFE_LEAVES, LEAF_SLOT]) | _text, _element,
                     max_leaves=10)


HOSTILE_PIECES = [*HOSTILE_LEAVES, *HOSTILE_ATTRIBUTES, *HOSTILE_PROLOGS]


@st.composite
def svg_documents(draw: st.DrawFn, piece: str | None = None) -> bytes:
    """A harmless drawing with `piece` (or, without one, in most cases a hostile piece
    drawn at random) in one of its slots for such a piece, or as its prolog."""
    prolog = draw(st.sampled_from(PROLOGS))
    attributes = "".join(draw(st.lists(_attributes, max_size=2, unique=True)))
    children = "".join(draw(st.lists(_tree, max_size=4)))
    text = f"{OPEN[:-1]}{attributes}{ATTRIBUTE_SLOT}>{children}{LEAF_SLOT}</svg>"
    if piece is None:
        piece = draw(st.sampled_from(["", *HOSTILE_PIECES]))
    if piece in HOSTILE_PROLOGS:
        prolog = piece
    elif piece:
        slot = LEAF_SLOT if piece in HOSTILE_LEAVES else ATTRIBUTE_SLOT
        parts = text.split(slot)
        index = draw(st.integers(0, len(parts) - 2))
        text = "".join(part + (piece if number == index else "")
                       for number, part in enumerate(parts[:-1])) + parts[-1]
    return (prolog + text.replace(LEAF_SLOT, "").replace(ATTRIBUTE_SLOT, "")).encode()


def forbidden(data: bytes) -> list[str]:
    """Everything forbidden the file holds, found independently of nisdocs.assets: a
    DOCTYPE, processing instructions, elements outside the SVG namespace or known to run,
    embed or load, event handlers, references to anything but `#id`, and CSS that can load
    (url() not to `#`, @import, image-set, escapes)."""
    if b"<!DOCTYPE" in data:  # checked before any parser sees it
        return ["DOCTYPE"]
    found: list[str] = []

    def css(where: str, value: str) -> None:
        if (re.search(r"url\((?!\s*['\"]?#)", value, re.IGNORECASE) or "@import" in value
                or "image-set" in value or "\\" in value):
            found.append(f"CSS {value!r} in {where}")

    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end", "pi"))
    parser.feed(data)
    parser.close()
    events = cast("list[tuple[str, ET.Element]]", list(parser.read_events()))  # PIs too
    for kind, item in events:
        if kind == "pi":
            found.append(f"processing instruction {item.text!r}")
            continue
        namespace, _, local = item.tag.rpartition("}")
        namespace = namespace.removeprefix("{")
        if kind == "end":
            if local == "style":
                css("<style>", item.text or "")
            continue
        if namespace != SVG_NS or local in FORBIDDEN_ELEMENTS:
            found.append(f"element {item.tag}")
        for name, value in item.attrib.items():
            short = name.rpartition("}")[2]
            if short.lower().startswith("on"):
                found.append(f"event handler {name}")
            elif short == "href" and not value.startswith("#"):
                found.append(f"reference {value!r}")
            elif name == "{http://www.w3.org/XML/1998/namespace}base":
                found.append("xml:base")
            elif not short.startswith(("data-", "aria-")):
                css(name, value)
    return found


@given(svg_documents())
@settings(max_examples=500, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
def test_an_accepted_svg_holds_nothing_forbidden(data: bytes) -> None:
    problems = svg_problems(data)  # must not raise
    assert all(isinstance(line, (int, type(None))) and isinstance(message, str)
               for line, message in problems)
    if problems:
        event(f"refused: {problems[0][1].split(';')[0][:40]}")
        return
    event("accepted")
    assert forbidden(data) == [], data


@pytest.mark.parametrize("piece", HOSTILE_PIECES)
@given(data=st.data())
@settings(max_examples=25, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
def test_each_hostile_piece_is_refused_wherever_it_is(piece: str, data: st.DataObject) -> None:
    document = data.draw(svg_documents(piece))
    assert svg_problems(document), document


@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
@settings(max_examples=300, deadline=None, derandomize=True, database=None)
def test_the_svg_check_never_raises(tail: bytes) -> None:
    for data in (tail, OPEN.encode() + tail, b"<" + tail):
        result = svg_problems(data)
        assert isinstance(result, list)


def test_the_oracle_sees_what_it_must() -> None:
    """The oracle itself finds each forbidden thing (else the property proves nothing)."""
    for leaf in HOSTILE_LEAVES:
        assert forbidden(svg(leaf)), leaf
    for leaf in SAFE_LEAVES:
        assert forbidden(svg(leaf)) == [], leaf
    for attribute in HOSTILE_ATTRIBUTES:
        assert forbidden(svg(f"<rect{attribute}/>")), attribute
    for attribute in SAFE_ATTRIBUTES:
        assert forbidden(svg(f"<rect{attribute}/>")) == [], attribute
    for attribute in (' onclick="x"', ' fill="url(https://x)"', ' href="x.svg#a"',
                      ' style="a: \\61"', ' xml:base="x"'):
        assert forbidden(svg(f"<rect{attribute}/>")), attribute
    assert forbidden(svg("<text>x</text>", prolog="<!DOCTYPE svg>")) == ["DOCTYPE"]
    assert forbidden(svg('<rect fill="url(#g)" style="fill: url( \'#g\')"/>')) == []


def test_quoting_helpers_round_trip() -> None:
    """`quoteattr` and `escape` produce text the check and the oracle parse alike."""
    label = quoteattr('a "b" <c>')
    data = svg(f"<text aria-label={label}>{escape('x < y & z')}</text>")
    assert svg_problems(data) == [] and forbidden(data) == []
