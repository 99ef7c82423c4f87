"""Whether a PDF that is a document's text may be published, and what it says of itself.

The site serves such a PDF byte for byte, to every reader: it is refused, never rewritten,
when it is too large, no PDF, unreadable, encrypted, or holds anything that acts when it is
opened or clicked (scripts, launch actions, embedded files, XFA forms, media, actions other
than links), which `active.py` looks for in every object reachable from the trailer, not
only where viewers usually keep it: a viewer runs an action wherever the specification lets
it hang one. The facts of an accepted PDF (pages, title, language, tags, PDF/A and PDF/UA
identification) feed the document page and `pdf_warnings`, the things a legacy PDF may lack
that `nisdocs check` reports without refusing the file. Messages follow nisdocs/assets.py:
what was found, then what is allowed.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import (
    BooleanObject,
    DictionaryObject,
    StreamObject,
)

from ..problems import Problem, shorten
from .active import active_content, pdf_text, resolve

FIELD = "file"
MAX_PDF_BYTES = 50_000_000
"""The largest PDF a document's text may be: every reader downloads it whole."""
HEADER = b"%PDF-"
MAX_JUNK = 1024  # bytes before the header that PDF readers skip
ALLOWED_PDF = "allowed: a PDF file, which starts with %PDF-"
MAX_XMP_BYTES = 1_000_000  # of the XMP packet searched for the identification and title
SIGNATURES = ((b"PK\x03\x04", "a ZIP or Office file"), (b"\x89PNG", "a PNG image"),
              (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
              (b"\xd0\xcf\x11\xe0", "an old Office file (.doc, .xls or .ppt)"),
              (b"{\\rtf", "an RTF document"), (b"\x1f\x8b", "gzip data"),
              (b"%!PS", "a PostScript file"))


@dataclass(frozen=True)
class PdfFacts:
    """What an accepted PDF says of itself. `pdfa` is the PDF/A part and conformance level
    of its XMP identification, lower case ("2b", "1a", "4"); `pdfua` the PDF/UA part ("1");
    `tagged` means marked as tagged and holding a structure tree."""

    size: int
    sha256: str
    pages: int
    pdf_version: str
    title: str | None
    language: str | None
    tagged: bool
    pdfa: str | None
    pdfua: str | None


def inspect_pdf(path: Path, display: str) -> tuple[PdfFacts | None, list[Problem]]:
    """The facts of the PDF `path` and its problems, shown as `display`. The facts are None
    when it has a problem: it may not be published then. Never raises."""
    def refuse(message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(display, None, FIELD, message)]

    # The size first, from the file system: a file too large is never read.
    try:
        size = path.stat().st_size
        if size > MAX_PDF_BYTES:
            return refuse(too_large(size))
        with path.open("rb") as file:
            data = file.read(MAX_PDF_BYTES + 1)
    except OSError as error:
        return refuse(f"the file cannot be read ({error.strerror or error}); allowed: a "
                      "readable PDF file")
    if len(data) > MAX_PDF_BYTES:  # it grew since
        return refuse(too_large(len(data)))
    start = data.find(HEADER, 0, MAX_JUNK + len(HEADER))
    if start < 0:
        return refuse(not_a_pdf(data))
    # pypdf raises exceptions of many kinds on malformed input (its own errors, but also
    # ValueError, KeyError, RecursionError, ...): each is the file's fault, not ours.
    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
    except Exception as error:
        return refuse(unreadable(error))
    if encrypted:
        return refuse("found an encrypted PDF; allowed: a PDF without encryption, passwords "
                      "or permission restrictions (save it again without security)")
    try:  # as above: any exception of pypdf's means a malformed file
        pages = {(page.indirect_reference.idnum, page.indirect_reference.generation): number
                 for number, page in enumerate(reader.pages, 1)
                 if page.indirect_reference is not None}
        count = len(reader.pages)
        catalog = reader.trailer["/Root"].get_object()
        if not isinstance(catalog, DictionaryObject):
            raise ValueError("its catalog (/Root) is not a dictionary")
        found = active_content(reader, catalog, pages)
    except Exception as error:
        return refuse(unreadable(error))
    if count == 0:
        return refuse("found a PDF without pages; allowed: a PDF of at least one page")
    problems = [Problem(display, None, FIELD, message) for message in found]
    if problems:
        return None, problems
    xmp = _xmp(catalog)
    pdfa_part, conformance = _xmp_value(xmp, "pdfaid", "part"), _xmp_value(
        xmp, "pdfaid", "conformance")
    return PdfFacts(
        size=len(data), sha256=hashlib.sha256(data).hexdigest(), pages=count,
        pdf_version=_version(data[start:start + 16]),
        title=_info_title(reader) or _xmp_title(xmp),
        language=pdf_text(_quietly(lambda: catalog.get("/Lang"))),
        tagged=_tagged(catalog),
        pdfa=(pdfa_part + (conformance or "").lower()) if pdfa_part else None,
        pdfua=_xmp_value(xmp, "pdfuaid", "part")), []


def pdf_warnings(facts: PdfFacts, display: str, language: str) -> list[Problem]:
    """What the accepted PDF lacks that an accessible one has, for `nisdocs check` to warn
    about: its text is in `language` (a site language code)."""
    messages = []
    if facts.title is None:
        messages.append("the PDF has no title in its metadata; expected: the document's "
                        "title, which PDF readers show and screen readers announce (set it "
                        "in the document's properties and export it again)")
    if facts.language is None:
        messages.append(f'the PDF names no language (no /Lang in its catalog); expected: '
                        f'"{language}", the language of its text, which screen readers need '
                        "to pronounce it (set the document's language and export it again)")
    elif _primary(facts.language) != _primary(language):
        messages.append(f'the PDF names the language "{shorten(facts.language, 40)}" (/Lang); '
                        f'expected: "{language}", the language of its text (set the '
                        "document's language and export it again, or ship the file as the "
                        "text of the language it is in)")
    if not facts.tagged:
        messages.append("the PDF is not tagged: screen readers cannot follow its headings, "
                        "lists and tables; the accessibility statement lists it, with the "
                        "text extracted from it as the alternative (export it again as "
                        "tagged PDF where its source is at hand)")
    if facts.pdfa is None and facts.pdfua is None:
        messages.append("the PDF claims no standard (no PDF/A or PDF/UA identification in "
                        "its metadata); expected: PDF/UA or PDF/A, which readers and archives "
                        "can rely on (export it again as PDF/UA or PDF/A where its source is "
                        "at hand)")
    return [Problem(display, None, FIELD, message) for message in messages]


# -- messages ---------------------------------------------------------------------------


def too_large(size: int) -> str:
    return (f"the file is {size:,} bytes; allowed: at most {MAX_PDF_BYTES:,} bytes "
            "(compress its images, or split it)")


def not_a_pdf(data: bytes) -> str:
    """What a file without a PDF header looks like, for its message."""
    if not data:
        return f"found an empty file; {ALLOWED_PDF}"
    for signature, what in SIGNATURES:
        if data.startswith(signature):
            return f'found a file that is not a PDF: it starts with "{_escaped(signature)}" ' \
                   f"({what}); {ALLOWED_PDF}"
    head = data[:512]
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:  # a character cut at the end is still text
        text = head[:error.start].decode("utf-8") if error.start > len(head) - 4 else ""
    if text and not re.search(r"[\x00-\x08\x0e-\x1f\x7f]", text):
        start = text.lstrip("\ufeff \t\r\n").lower()
        what = "an HTML page" if start.startswith(("<!doctype html", "<html")) else \
            "XML" if start.startswith("<") else "text"
        shown = shorten(text[:20], 80)
    else:
        what, shown = "", _escaped(data[:8])
    kind = f" ({what})" if what else ""
    return f'found a file that is not a PDF: it starts with "{shown}"{kind}; {ALLOWED_PDF}'


def unreadable(error: Exception) -> str:
    reason = shorten(" ".join(str(error).split()), 80).rstrip(".") or type(error).__name__
    if isinstance(error, RecursionError):  # Python's words for it vary with the version
        reason = "objects nested too deeply to read"
    return (f"could not be read as a PDF: {reason}; allowed: a PDF that PDF readers open "
            "(save it again from its application)")


def _escaped(data: bytes) -> str:
    """Bytes as a message shows them: printable ASCII as it is, the rest as \\xNN."""
    return "".join(chr(byte) if 0x20 <= byte < 0x7F and byte not in b'"\\' else
                   f"\\x{byte:02x}" for byte in data)


# -- facts ------------------------------------------------------------------------------


def _quietly(read: Callable[[], object]) -> object:
    """What `read()` returns, or None when pypdf fails on the malformed object it reads."""
    try:
        return resolve(read())
    except Exception:  # pypdf raises many kinds on malformed objects
        return None


def _version(header: bytes) -> str:
    match = re.match(rb"%PDF-(\d+\.\d+)", header)
    return match[1].decode("ascii") if match else "unknown"


def _info_title(reader: PdfReader) -> str | None:
    info = _quietly(lambda: reader.trailer.get("/Info"))
    return pdf_text(_quietly(lambda: info.get("/Title"))) \
        if isinstance(info, DictionaryObject) else None


def _tagged(catalog: DictionaryObject) -> bool:
    marks = _quietly(lambda: catalog.get("/MarkInfo"))
    marked = _quietly(lambda: marks.get("/Marked")) if isinstance(marks, DictionaryObject) \
        else None
    return isinstance(marked, BooleanObject) and bool(marked.value) \
        and "/StructTreeRoot" in catalog


# The XMP packet is read with str.find and regular expressions that cannot backtrack, not
# with an XML parser: a packet that is not well-formed still says what it claims, no entity
# is ever expanded, and a hostile packet costs time in proportion to its length.


def _xmp(catalog: DictionaryObject) -> str:
    """The XMP metadata packet as text; "" when it is absent or cannot be decoded."""
    stream = _quietly(lambda: catalog.get("/Metadata"))
    data = _quietly(stream.get_data) if isinstance(stream, StreamObject) else None
    return bytes(data[:MAX_XMP_BYTES]).decode("utf-8", "replace") \
        if isinstance(data, bytes) else ""


def _xmp_value(xmp: str, prefix: str, name: str) -> str | None:
    """A short XMP property (letters and digits), written as an element or an attribute."""
    match = re.search(rf"<{prefix}:{name}\s*>([^<]*)<|\b{prefix}:{name}\s*=\s*[\"']"
                      rf"([^\"'<]*)[\"']", xmp)
    value = html.unescape((match[1] or match[2] or "") if match else "").strip()
    return value if re.fullmatch(r"[A-Za-z0-9]{1,8}", value) else None


def _xmp_title(xmp: str) -> str | None:
    """The first alternative of the XMP packet's dc:title."""
    start = xmp.find("<dc:title")
    end = xmp.find("</dc:title", start + 1) if start >= 0 else -1
    item = xmp.find("<rdf:li", start, end) if end >= 0 else -1
    opened = xmp.find(">", item, end) if item >= 0 else -1
    closed = xmp.find("<", opened + 1, end + 1) if opened >= 0 else -1
    return pdf_text(html.unescape(xmp[opened + 1:closed])) if closed >= 0 else None


def _primary(language: str) -> str:
    """A language tag's primary subtag, lower case: "en-GB" is "en"."""
    return language.strip().replace("_", "-").split("-")[0].lower()
