"""One PDF from one job: pandoc turns the Markdown into typst, typst compiles it.

Safety: pandoc reads the Markdown with raw TeX, raw HTML and raw attributes off, so a
source cannot pass typst code through; it runs sandboxed and reads nothing but its
input. typst reads only the source's own folder (its compile root), uses only its bundled
fonts and never the network. Every value of the cover comes in as JSON data, not code.

Conformance: PDF/A-2a and PDF/UA-1, whose checks (every glyph in a font, alt text,
a title) make typst refuse what would otherwise come out broken; those refusals are
turned into problems that name the source file. typst's file is then re-saved, smaller
and with the metadata of a final publication, by archival.py.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import subprocess
import threading
import unicodedata
from datetime import datetime, timezone
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import pikepdf
import pypandoc
import typst

from .. import __version__
from ..problems import Problem
from .archival import archive
from .descriptions import describe_footnotes

if TYPE_CHECKING:
    from .jobs import PdfJob

PDF_STANDARDS = ("a-2a", "ua-1")  # as passed to typst in _compile
# mkdocs' dialect, as pandoc reads it: no raw TeX, HTML or typst; no extensions mkdocs
# lacks that would read ordinary text differently (`$5`, `@name`, `a)` lists, `~x~`).
PANDOC_FORMAT = ("markdown-raw_tex-raw_html-raw_attribute-tex_math_dollars-citations"
                 "-yaml_metadata_block-pandoc_title_block-fancy_lists-example_lists"
                 "-subscript-superscript-latex_macros")
PANDOC_TIMEOUT_SECONDS = 120
_FILTER_PROBLEM = re.compile(
    r"NISDOCS-PROBLEM\t(?P<field>[^\t]*)\t(?P<found>[^\t]*)\t(?P<message>[^\n]*)")
_MISSING_GLYPH = re.compile(r"the text `\"(?P<text>.*?)\"` could not be displayed with font")
_OUTSIDE_ROOT = re.compile(r"path `\"(?P<path>.*?)\"` would escape the project root")
_FILE_NOT_FOUND = re.compile(r"file not found \(searched at (?P<path>.*?)\)")


class PdfProblem(Exception):
    """A source cannot become a PDF; `problem` says where and why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _package_file(name: str) -> str:
    return (resources.files("nisdocs") / "pdf" / name).read_text(encoding="utf-8")


@cache
def template() -> str:
    return _package_file("template.typ")


@cache
def filter_path() -> str:
    with resources.as_file(resources.files("nisdocs") / "pdf" / "nisdocs.lua") as path:
        return str(path)


@cache
def toolchain() -> str:
    """A fingerprint of everything besides a job's own inputs that shapes its PDF (the
    job holds the Markdown after `dialect.py`, so that file needs no place here)."""
    parts = [__version__, pypandoc.get_pandoc_version(), _typst_version(), PANDOC_FORMAT,
             ",".join(PDF_STANDARDS), template(), _package_file("nisdocs.lua"),
             _package_file("tables.lua"),
             # The archival step: its code (with the footnote descriptions it rewrites),
             # and the pikepdf and qpdf that write the file.
             _package_file("archival.py"), _package_file("descriptions.py"),
             pikepdf.__version__, pikepdf.__libqpdf_version__]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def _typst_version() -> str:
    return str(getattr(typst, "__version__", "unknown"))


def render(job: PdfJob, project_root: Path) -> bytes:
    """The PDF of `job`, ready to archive; raises PdfProblem when its source cannot
    become one."""
    source_file = project_root / job.source_path
    body = _to_typst(job, source_file)
    return finish(job, _compile(job, template() + "\n" + body, project_root, source_file))


def finish(job: PdfJob, compiled: bytes) -> bytes:
    """typst's PDF of `job` archived, its footnote links described in the document's
    words in the archival step's one pass."""
    word = job.meta["typesetting"]["footnote"]
    return archive(compiled, dated=job.dated,
                   amend=lambda pdf: describe_footnotes(pdf, job.language, word))


def _to_typst(job: PdfJob, source_file: Path) -> str:
    command = [pypandoc.get_pandoc_path(), "--sandbox", f"--from={PANDOC_FORMAT}", "--to=typst",
               "--wrap=none", "--shift-heading-level-by=-1", f"--lua-filter={filter_path()}",
               f"--metadata=nisdocs-base:{job.page_url}", f"--metadata=nisdocs-lang:{job.language}",
               f"--metadata=nisdocs-hyphenate:{str(job.meta['typesetting']['hyphenate']).lower()}"]
    try:
        done = subprocess.run(command, input=job.markdown.encode("utf-8"), capture_output=True,
                              timeout=PANDOC_TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise PdfProblem(Problem(job.source_path, None, None,
                                 f"pandoc took over {PANDOC_TIMEOUT_SECONDS} s on this "
                                 "text; is it unusually large or deeply nested?")) from None
    if done.returncode != 0:
        raise PdfProblem(_pandoc_problem(job, done.stderr.decode("utf-8", "replace"),
                                         source_file))
    return done.stdout.decode("utf-8")


def _pandoc_problem(job: PdfJob, stderr: str, source_file: Path) -> Problem:
    match = _FILTER_PROBLEM.search(stderr)
    if match is None:
        return Problem(job.source_path, None, None,
                       f"pandoc could not convert the text for the PDF: {stderr.strip()}")
    return Problem(job.source_path, _line_of(source_file, match["found"]), match["field"] or None,
                   f'{match["message"]} (found "{match["found"]}")')


def _compile(job: PdfJob, source: str, project_root: Path, source_file: Path) -> bytes:
    year, month, day = (job.meta["date"][part] for part in ("year", "month", "day"))
    timestamp = datetime(year, month, day, tzinfo=timezone.utc).timestamp()
    try:
        pdf = _compiler().compile(
            input=source.encode("utf-8"), root=str(project_root / job.root),
            sys_inputs={"meta": json.dumps(job.meta, ensure_ascii=False)},
            pdf_standards=["a-2a", "ua-1"], timestamp=int(timestamp))
    except typst.TypstError as error:
        raise PdfProblem(_typst_problem(job, str(error), project_root, source_file)) from None
    assert isinstance(pdf, bytes)  # one PDF, since no output path was given
    return pdf


def _typst_problem(job: PdfJob, message: str, project_root: Path,
                   source_file: Path) -> Problem:
    glyph = _MISSING_GLYPH.search(message)
    if glyph is not None:
        text = glyph["text"]
        return Problem(job.source_path, _line_of(source_file, text), "text",
                       f"found {_described(text)} in {job.name}, which no font of the "
                       "PDFs has; allowed: the Latin, Greek and Cyrillic letters of the "
                       "EU's official languages and common typographic symbols (replace "
                       "or remove the character; the site keeps it)")
    outside = _OUTSIDE_ROOT.search(message)
    if outside is not None:
        path = outside["path"]
        return Problem(job.source_path, _line_of(source_file, path), "image",
                       f'"{path}" lies outside the document\'s folder; a document can only '
                       "use files of its own folder, like images/flow.png")
    missing = _FILE_NOT_FOUND.search(message)
    if missing is not None:
        path = missing["path"]
        with contextlib.suppress(ValueError):
            path = Path(path).relative_to(project_root / job.root).as_posix()
        return Problem(job.source_path, _line_of(source_file, path), "image",
                       f'"{path}" does not exist in the document\'s folder')
    return Problem(job.source_path, None, None,
                   f"typst could not make the PDF of {job.name}: {message.strip()}")


def _described(text: str) -> str:
    """`"🔒" (U+1F512 LOCK)`: the text, then each of its characters' code and name."""
    names = ", ".join(f"U+{ord(char):04X} {unicodedata.name(char, 'UNNAMED')}"
                      for char in text)
    return f'"{text}" ({names})'


def _line_of(source_file: Path, text: str) -> int | None:
    """The first line of the source file that contains `text`, if any."""
    try:
        lines = source_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((number for number, line in enumerate(lines, 1) if text in line), None)


_local = threading.local()


def _compiler() -> typst.Compiler:
    """One compiler per thread (a compiler is not shared): it loads the fonts once."""
    compiler: typst.Compiler | None = getattr(_local, "compiler", None)
    if compiler is None:
        compiler = _local.compiler = typst.Compiler(ignore_system_fonts=True)
    return compiler
