"""Hostile files shipped beside a document's Markdown (issue 16), each through `nisdocs
check` and through `mkdocs build`: a refused file makes check exit 1 and the build fail,
both naming the file, the line where known, the field, what was found and what is
allowed, with no traceback and nothing of it in any site. Clean images are published
byte for byte.

The corpus's helpers are tests/test_hostile.py's; each refused case builds on its own
(the build stops at the library's problems, before anything is rendered: about two
seconds a case).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_project, run_mkdocs_build
from test_assets import png_declaring, raster, svg
from test_hostile import BODY, HOSTILE, HOSTILE_FILE, Refused, hostile, nisdocs_check, write_case

IMAGES = f"guidelines/{HOSTILE}/images"
ALLOWED_TYPES = "allowed: PNG (.png), JPEG (.jpg, .jpeg), WebP (.webp) and SVG (.svg) files"
HREF = 'allowed: a reference to an element of the same file, such as href="#arrow"'
OWN_URL = "allowed: url(#id), a reference to an element of the same file"


def showing(image: str, data: bytes, name: str = "chart") -> dict[str, str | bytes]:
    """NCG-0900 showing `images/<name>.<image>`, and that file."""
    text = hostile(BODY + f"\n![A chart of the reports](images/{name}.{image})\n")
    return {HOSTILE_FILE: text, f"{IMAGES}/{name}.{image}": data}


def _billion_laughs() -> str:
    """A DOCTYPE whose entity &lol9; expands to 10⁹ "lol"s."""
    lines = ["<!DOCTYPE svg [", '  <!ENTITY lol0 "lol">']
    lines += [f'  <!ENTITY lol{n} "' + f"&lol{n - 1};" * 10 + '">' for n in range(1, 10)]
    return "\n".join(lines) + "\n]>\n"


REFUSED: dict[str, Refused] = {
    "svg-with-a-script": Refused(
        showing("svg", svg('<rect width="10" height="10"/>\n'
                           '<script>fetch("/").then(() => alert(document.domain))</script>')),
        (f"{IMAGES}/chart.svg:3", "file: found a <script> element",
         "allowed: static SVG, with no scripts")),
    "svg-with-an-event-handler": Refused(
        showing("svg", svg('<rect width="10" height="10" onload="alert(document.domain)"/>')),
        (f"{IMAGES}/chart.svg:2", 'file: found the event handler onload="alert(document.domain)"'
         " on <rect>", "allowed: no event handlers")),
    "svg-with-a-foreign-object": Refused(
        showing("svg", svg('<text>Chart</text>\n\n<foreignObject width="100" height="50">'
                           '<div xmlns="http://www.w3.org/1999/xhtml"><iframe '
                           'src="https://evil.example/"/></div></foreignObject>')),
        (f"{IMAGES}/chart.svg:4", "file: found a <foreignObject> element, which embeds HTML",
         "allowed: SVG elements only")),
    "svg-with-an-external-image": Refused(
        showing("svg", svg('<image href="https://tracker.example/pixel.png" width="1" '
                           'height="1"/>')),
        (f"{IMAGES}/chart.svg:2", 'file: found href="https://tracker.example/pixel.png" on '
         "<image>", HREF)),
    "svg-with-a-css-import": Refused(
        showing("svg", svg("<style>\n  text { font-weight: bold }\n"
                           '  @import "https://evil.example/x.css";\n</style>')),
        (f"{IMAGES}/chart.svg:4", "file: found the at-rule @import in <style>",
         "allowed: @media only")),
    "svg-with-a-url-in-a-style-attribute": Refused(
        showing("svg", svg('<rect width="10" height="10"\n'
                           '      style="fill: url(https://tracker.example/p.svg#x)"/>')),
        (f"{IMAGES}/chart.svg:2", "file: found url(https://tracker.example/p.svg#x) in style "
         "of <rect>", OWN_URL)),
    "svg-with-an-xml-stylesheet": Refused(
        showing("svg", svg("<text>Chart</text>", prolog=(
            '<?xml version="1.0" encoding="UTF-8"?>\n<?xml-stylesheet type="text/css" '
            'href="https://evil.example/x.css"?>\n'))),
        (f"{IMAGES}/chart.svg:2", "file: found the processing instruction <?xml-stylesheet",
         "allowed: none")),
    "svg-with-a-doctype-entity": Refused(
        showing("svg", svg("<text>&lol9;</text>", prolog=_billion_laughs())),
        (f"{IMAGES}/chart.svg:1", "file: found a DOCTYPE declaration (<!DOCTYPE svg>)",
         "allowed: none, since its entities can expand")),
    "png-decompression-bomb": Refused(
        showing("png", png_declaring(100_000, 100_000)),
        (f"{IMAGES}/chart.png: file: found an image of 100000 × 100000 pixels "
         "(10,000,000,000 pixels)", "allowed: at most 25,000,000 pixels and 16,384 on a side")),
    "png-that-is-html": Refused(
        showing("png", b"<!DOCTYPE html>\n<html><body><script>alert(document.cookie)</script>"
                       b"</body></html>\n"),
        (f"{IMAGES}/chart.png: file: found HTML in a PNG file",
         "allowed: a PNG image, as the extension says")),
    "unknown-file-type": Refused(
        {HOSTILE_FILE: hostile(), f"guidelines/{HOSTILE}/notes.exe": b"MZ\x90\0" + b"\0" * 60},
        (f"guidelines/{HOSTILE}/notes.exe: file: found a file of type .exe", ALLOWED_TYPES)),
    "html-file": Refused(
        {HOSTILE_FILE: hostile(), f"{IMAGES}/data.html": "<script>alert(1)</script>\n"},
        (f"{IMAGES}/data.html: file: found an HTML page, which the site would serve as it is at "
         f"library/{HOSTILE}/images/data.html", ALLOWED_TYPES)),
    "file-named-like-a-page": Refused(
        {HOSTILE_FILE: hostile(), f"guidelines/{HOSTILE}/index.html": (
            "<!DOCTYPE html><title>Official</title><script>alert(1)</script>\n")},
        (f"guidelines/{HOSTILE}/index.html: file: found an HTML page, which the site would "
         f"serve as it is at library/{HOSTILE}/index.html, where the site puts a page of its "
         "own", ALLOWED_TYPES)),
}


def _leftovers(tmp_path: Path, project: Path, names: set[str]) -> list[Path]:
    """Files outside the project copy named like the case's files: a site, a staging
    folder or anything else the build left."""
    return [path for path in tmp_path.rglob("*")
            if path.name in names and project not in path.parents]


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_hostile_file_is_refused_by_check_and_build(name: str, tmp_path: Path) -> None:
    case = REFUSED[name]
    project = copy_project(tmp_path / "project")
    write_case(project, case)

    check = nisdocs_check(project)
    said = check.stdout + check.stderr
    assert check.returncode == 1, said
    assert "Traceback" not in said and "internal error" not in said, said
    assert any(all(part in line for part in case.says) for line in said.splitlines()), said

    site = tmp_path / "site"
    build = run_mkdocs_build(project, site, pdf_cache=tmp_path / "pdf-cache",
                             env={**os.environ, "NISDOCS_PDF": "false"})
    output = build.output
    assert build.returncode != 0, output[-3000:]
    assert "Traceback" not in output, output[-3000:]
    assert any(all(part in line for part in case.says) for line in output.splitlines()), (
        output[-3000:])
    assert not site.exists() or not any(site.iterdir()), "a failed build left a site"
    names = {Path(path).name for path in case.files if not path.endswith(".md")}
    assert _leftovers(tmp_path, project, names) == []


def test_the_corpus_has_the_cases_the_issue_names() -> None:
    assert len(REFUSED) >= 12


# -- accepted: clean images, published as they are ---------------------------------------


CLEAN_SVG = svg("""<title>Deadlines</title>
<defs>
  <linearGradient id="g"><stop offset="0" stop-color="#1f3a80"/>
    <stop offset="1" stop-color="#4a6fb5"/></linearGradient>
  <marker id="arrow" markerWidth="8" markerHeight="8" refX="4" refY="4" orient="auto">
    <path d="M0,0 L8,4 L0,8 z" fill="#1f3a80"/></marker>
  <symbol id="dot"><circle cx="4" cy="4" r="4"/></symbol>
</defs>
<style>.axis { stroke: #4a4a4a; stroke-width: 2 }</style>
<rect width="100" height="40" fill="url(#g)"/>
<line class="axis" x1="5" y1="30" x2="90" y2="30" marker-end="url(#arrow)"/>
<use href="#dot" x="20" y="26"/><use href="#dot" x="60" y="26"/>
<text x="5" y="15" font-size="8" fill="white">24 h, 72 h</text>""")
CLEAN = {"clean.svg": CLEAN_SVG, "clean.png": raster("PNG"), "clean.jpg": raster("JPEG"),
         "clean.webp": raster("WEBP")}


def test_clean_images_are_published_byte_for_byte(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    body = BODY + "".join(f"\n![Image {number}](images/{name})\n"
                          for number, name in enumerate(CLEAN, 1))
    write_case(project, Refused({HOSTILE_FILE: hostile(body),
                                 **{f"{IMAGES}/{name}": data for name, data in CLEAN.items()}},
                                ()))
    check = nisdocs_check(project)
    assert check.returncode == 0, check.stdout + check.stderr

    build = run_mkdocs_build(project, tmp_path / "site", pdf_cache=tmp_path / "pdf-cache",
                             env={**os.environ, "NISDOCS_PDF": "false"})
    assert build.returncode == 0, build.output[-3000:]
    for name, data in CLEAN.items():
        assert (tmp_path / "site" / "library" / HOSTILE / "images" / name).read_bytes() == data

    # The PDF step reads the same images (typst renders them): they must not stop it.
    pdf = subprocess.run([sys.executable, "-m", "nisdocs.cli", "pdf", "NCG-0900", "--config",
                          str(project / "mkdocs.yml"), "-o", str(tmp_path / "pdf")],
                         capture_output=True, text=True, cwd=project, timeout=300,
                         env={**os.environ, "NISDOCS_PDF_CACHE": str(tmp_path / "pdf-cache")})
    assert pdf.returncode == 0, pdf.stdout + pdf.stderr
    assert list((tmp_path / "pdf").rglob("*.pdf"))
