"""Born-PDF texts, nisdocs/born_pdf/inspect.py: which PDFs may be published, with the exact
message for each that may not, and the facts read from those that may. The PDFs are real:
compiled with typst, then made hostile with pypdf's writer."""

from __future__ import annotations

import dataclasses
import hashlib
import io
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
import typst
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from nisdocs.born_pdf.inspect import MAX_PDF_BYTES, PdfFacts, inspect_pdf, pdf_warnings

SHOWN = "library/NCG-0001/v1/index.pdf"
ALLOWED_PDF = "allowed: a PDF file, which starts with %PDF-"
ACTIVE = ("allowed: no scripts, launch actions, embedded files or forms that act: only links "
          "(GoTo, URI and Named actions)")
TWO_PAGES = """#set document(title: [Guidelines on Incident Reporting])
#set text(lang: "en")
First page.
#pagebreak()
Second page.
"""


def compile_pdf(source: str, **options: object) -> bytes:
    return bytes(typst.compile(source.encode(), format="pdf", ignore_system_fonts=True,
                               **options))


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def messages(path: Path) -> list[str]:
    facts, problems = inspect_pdf(path, SHOWN)
    assert facts is None if problems else facts is not None
    return [str(problem) for problem in problems]


def action(kind: str, **entries: object) -> DictionaryObject:
    """An action dictionary: /S `kind`, with `entries` (keys without their slash)."""
    result = DictionaryObject({NameObject("/Type"): NameObject("/Action"),
                               NameObject("/S"): NameObject(f"/{kind}")})
    for key, value in entries.items():
        result[NameObject(f"/{key}")] = (TextStringObject(value) if isinstance(value, str)
                                         else value)
    return result


def link(writer: PdfWriter, **entries: object) -> IndirectObject:
    """A link annotation with `entries` (keys without their slash), added to the file."""
    annotation = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
        NameObject("/Rect"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(50),
                                          FloatObject(50)])})
    for key, value in entries.items():
        annotation[NameObject(f"/{key}")] = value
    return writer._add_object(annotation)


def annotate(writer: PdfWriter, page: int, annotation: IndirectObject) -> None:
    """Hang `annotation` on the page numbered `page` (1-based)."""
    target = writer.pages[page - 1]
    annotations = target.get("/Annots")
    if annotations is None:
        annotations = ArrayObject()
        target[NameObject("/Annots")] = annotations
    annotations.get_object().append(annotation)


@pytest.fixture
def hostile(tmp_path: Path) -> Callable[[Callable[[PdfWriter], None]], Path]:
    """A clean two-page PDF, changed by the function given."""
    clean = compile_pdf(TWO_PAGES)

    def make(change: Callable[[PdfWriter], None]) -> Path:
        writer = PdfWriter(clone_from=io.BytesIO(clean))
        change(writer)
        path = tmp_path / "index.pdf"
        writer.write(path)
        return path
    return make


def javascript_names_tree(writer: PdfWriter) -> None:
    script = writer._add_object(action("JavaScript", JS="app.alert('hello');"))
    tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("hello"),
                                                                script])})
    writer.root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): writer._add_object(tree)})


def javascript_deep_on_page_2(writer: PdfWriter) -> None:
    """A script behind a GoTo, in the additional actions of a link on page 2."""
    script = writer._add_object(action("JavaScript", JS="this.submitForm('x');"))
    go = writer._add_object(action("GoTo", D=ArrayObject([writer.pages[0].indirect_reference,
                                                           NameObject("/Fit")]), Next=script))
    triggers = DictionaryObject({NameObject("/E"): go})
    annotate(writer, 2, link(writer, AA=triggers))


# -- refused before pypdf reads them ----------------------------------------------------


def test_a_file_over_the_limit_is_refused_by_its_size(tmp_path: Path) -> None:
    path = tmp_path / "index.pdf"
    with path.open("wb") as file:
        file.write(b"%PDF-1.7\n")
        file.truncate(MAX_PDF_BYTES + 1)  # sparse: written at once, never read
    assert messages(path) == [
        f"{SHOWN}: file: the file is 50,000,001 bytes; allowed: at most 50,000,000 bytes "
        "(compress its images, or split it)"]


@pytest.mark.parametrize(("data", "found"), [
    (b"Hello, world\nThis is not a PDF.\n", '"Hello, world\\x0aThis is" (text)'),
    (b"<!DOCTYPE html><html><body>x</body></html>", '"<!DOCTYPE html><html" (an HTML page)'),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", '"\\x89PNG" (a PNG image)'),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", '"\\xff\\xd8\\xff" (a JPEG image)'),
    (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", '"PK\\x03\\x04" (a ZIP or Office file)'),
    (b"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09", '"\\x00\\x01\\x02\\x03\\x04\\x05\\x06\\x07"'),
], ids=["text", "html", "png", "jpeg", "zip", "binary"])
def test_a_file_that_is_not_a_pdf_is_named_for_what_it_is(tmp_path: Path, data: bytes,
                                                          found: str) -> None:
    assert messages(write(tmp_path / "index.pdf", data)) == [
        f"{SHOWN}: file: found a file that is not a PDF: it starts with {found}; "
        f"{ALLOWED_PDF}"]


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    assert messages(write(tmp_path / "index.pdf", b"")) == [
        f"{SHOWN}: file: found an empty file; {ALLOWED_PDF}"]


def test_a_folder_is_refused_with_the_reason(tmp_path: Path) -> None:
    assert messages(tmp_path) == [
        f"{SHOWN}: file: the file cannot be read (Is a directory); allowed: a readable PDF "
        "file"]


def test_junk_before_the_header_is_accepted_as_readers_do(tmp_path: Path) -> None:
    pdf = compile_pdf(TWO_PAGES)
    facts, problems = inspect_pdf(write(tmp_path / "index.pdf", b"\r\n" * 400 + pdf), SHOWN)
    assert problems == [] and facts is not None and facts.pages == 2
    # Further than 1024 bytes in, the header no longer counts.
    assert messages(write(tmp_path / "index.pdf", b" " * 1025 + pdf)) == [
        f'{SHOWN}: file: found a file that is not a PDF: it starts with "                    '
        f'" (text); {ALLOWED_PDF}']


# -- refused by what pypdf reads --------------------------------------------------------


def test_a_pdf_that_cannot_be_parsed_is_refused(tmp_path: Path) -> None:
    assert messages(write(tmp_path / "index.pdf", b"%PDF-1.7\ngarbage garbage")) == [
        f"{SHOWN}: file: could not be read as a PDF: Stream has ended unexpectedly; allowed: "
        "a PDF that PDF readers open (save it again from its application)"]


def test_a_truncated_pdf_is_refused(tmp_path: Path) -> None:
    pdf = compile_pdf(TWO_PAGES)
    [message] = messages(write(tmp_path / "index.pdf", pdf[:len(pdf) // 2]))
    assert message.startswith(f"{SHOWN}: file: could not be read as a PDF: ")
    assert message.endswith("; allowed: a PDF that PDF readers open (save it again from its "
                            "application)")


def test_a_pdf_without_pages_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "index.pdf"
    PdfWriter().write(path)
    assert messages(path) == [
        f"{SHOWN}: file: found a PDF without pages; allowed: a PDF of at least one page"]


@pytest.mark.parametrize("password", ["", "secret"], ids=["empty password", "password"])
def test_an_encrypted_pdf_is_refused_even_without_a_password(
        hostile: Callable[[Callable[[PdfWriter], None]], Path], password: str) -> None:
    path = hostile(lambda writer: writer.encrypt(password))
    assert PdfReader(path).is_encrypted
    assert messages(path) == [
        f"{SHOWN}: file: found an encrypted PDF; allowed: a PDF without encryption, "
        "passwords or permission restrictions (save it again without security)"]


# -- active content ---------------------------------------------------------------------


def test_javascript_in_the_names_tree_is_refused(
        hostile: Callable[[Callable[[PdfWriter], None]], Path]) -> None:
    assert messages(hostile(javascript_names_tree)) == [
        f"{SHOWN}: file: found JavaScript (the document's JavaScript names tree); {ACTIVE}"]


def test_javascript_deep_in_a_link_names_its_page(
        hostile: Callable[[Callable[[PdfWriter], None]], Path]) -> None:
    assert messages(hostile(javascript_deep_on_page_2)) == [
        f"{SHOWN}: file: found JavaScript (an action on page 2); {ACTIVE}"]


def test_places_of_one_kind_are_listed_together_and_counted_past_three(
        hostile: Callable[[Callable[[PdfWriter], None]], Path]) -> None:
    def scripts_everywhere(writer: PdfWriter) -> None:
        javascript_names_tree(writer)
        javascript_deep_on_page_2(writer)
        for number in range(3):
            writer.add_blank_page()
            annotate(writer, 3 + number, link(writer, A=action("JavaScript", JS="1")))
    assert messages(hostile(scripts_everywhere)) == [
        f"{SHOWN}: file: found JavaScript (an action on page 2, an action on page 3, an "
        f"action on page 4 and 2 more); {ACTIVE}"]


def test_a_launch_action_is_refused(
        hostile: Callable[[Callable[[PdfWriter], None]], Path]) -> None:
    def launch(writer: PdfWriter) -> None:
        writer.root_object[NameObject("/OpenAction")] = action("Launch", F="calc.exe")
    assert messages(hostile(launch)) == [
        f"{SHOWN}: file: found a launch action (the document's open action); {ACTIVE}"]


def test_an_embedded_file_is_refused(
        hostile: Callable[[Callable[[PdfWriter], None]], Path]) -> None:
    assert messages(hostile(lambda writer: writer.add_attachment("run.exe", b"MZ"))) == [
        f"{SHOWN}: file: found an embedded file (the document's embedded files); {ACTIVE}"]


def test_a_file_attachment_annotation_is_refused(
        hostile: Callable[[Callable[[PdfWriter], None]], Path]) -> None:
    def attach(writer: PdfWriter) -> None:
        annotation = link(writer, FS=TextStringObject("run.exe"))
        annotation.get_object()[NameObject("/Subtype")] = NameObject("/FileAttachment")
        annotate(writer, 1, annotation)
    assert messages(hostile(attach)) == [
        f"{SHOWN}: file: found an embedded file (an annotation on page 1); {ACTIVE}"]


def test_a_form_that_submits_is_refused_with_the_action_named(
        hostile: Callable[[Callable[[PdfWriter], None]], Path]) -> None:
    def submit(writer: PdfWriter) -> None:
        annotate(writer, 1, link(writer, A=action("SubmitForm", F="https://example.org/")))
    assert messages(hostile(submit)) == [
        f"{SHOWN}: file: found a SubmitForm action (an action on page 1); {ACTIVE}"]


def test_every_action_outside_the_allow_list_is_named(
        hostile: Callable[[Callable[[PdfWriter], None]], Path]) -> None:
    def actions(writer: PdfWriter) -> None:
        annotate(writer, 1, link(writer, A=action("ImportData", F="data.fdf")))
        annotate(writer, 2, link(writer, A=action("GoToR", F="other.pdf")))
        annotate(writer, 2, link(writer, A=action("URI", URI="https://example.org/")))
    assert messages(hostile(actions)) == [
        f"{SHOWN}: file: found ImportData and GoToR actions (an action on page 1, an action "
        f"on page 2); {ACTIVE}"]


def test_xfa_forms_and_media_are_refused(
        hostile: Callable[[Callable[[PdfWriter], None]], Path]) -> None:
    def xfa_and_sound(writer: PdfWriter) -> None:
        writer.root_object[NameObject("/AcroForm")] = DictionaryObject(
            {NameObject("/Fields"): ArrayObject(), NameObject("/XFA"): TextStringObject("<x/>")})
        sound = link(writer)
        sound.get_object()[NameObject("/Subtype")] = NameObject("/Sound")
        annotate(writer, 2, sound)
    assert messages(hostile(xfa_and_sound)) == [
        f"{SHOWN}: file: found an XFA form (the document's form); {ACTIVE}",
        f"{SHOWN}: file: found sound, movie, 3D or rich-media content (an annotation on page "
        f"2); {ACTIVE}"]


def test_links_and_cycles_pass(hostile: Callable[[Callable[[PdfWriter], None]], Path]) -> None:
    def links_in_a_cycle(writer: PdfWriter) -> None:
        first = writer._add_object(action("URI", URI="https://example.org/"))
        second = writer._add_object(action("Named", N=NameObject("/NextPage"), Next=first))
        first.get_object()[NameObject("/Next")] = second  # each the other's next
        annotate(writer, 1, link(writer, A=first))
        annotate(writer, 2, link(writer, A=second, P=writer.pages[1].indirect_reference))
        loop = DictionaryObject({NameObject("/Depth"): NumberObject(1)})
        reference = writer._add_object(loop)
        loop[NameObject("/Self")] = reference
        writer.root_object[NameObject("/Loop")] = reference
    facts, problems = inspect_pdf(hostile(links_in_a_cycle), SHOWN)
    assert problems == [] and facts is not None and facts.pages == 2


def raw_pdf(*objects: bytes) -> bytes:
    """A PDF written by hand: `objects` numbered from 1, the first the catalog."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, start)
    return bytes(out)


PAGE_TREE = (b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
             b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Annots [4 0 R 97 0 R] >>")


def test_the_walk_passes_broken_references_and_still_finds_what_lies_behind(
        tmp_path: Path) -> None:
    catalog = b"<< /Type /Catalog /Pages 2 0 R /Missing 99 0 R /Some [98 0 R 5 0 R] >>"
    harmless = raw_pdf(catalog, *PAGE_TREE, b"<< /Subtype /Link /A 96 0 R >>",
                       b"<< /Next 95 0 R >>")
    facts, problems = inspect_pdf(write(tmp_path / "index.pdf", harmless), SHOWN)
    assert problems == [] and facts is not None and facts.pages == 1
    hidden = raw_pdf(catalog, *PAGE_TREE, b"<< /Subtype /Link /A 5 0 R >>",
                     b"<< /S /GoTo /D [3 0 R /Fit] /Next [94 0 R 6 0 R] >>",
                     b"<< /S /Launch /F (calc.exe) >>")
    assert messages(write(tmp_path / "index.pdf", hidden)) == [
        f"{SHOWN}: file: found a launch action (an action on page 1); {ACTIVE}"]


def test_an_object_pypdf_cannot_parse_is_refused_not_skipped(tmp_path: Path) -> None:
    nested = b"[" * 100_000 + b"]" * 100_000  # beyond Python's recursion limit
    data = raw_pdf(b"<< /Type /Catalog /Pages 2 0 R /Deep 4 0 R >>", *PAGE_TREE, nested)
    assert messages(write(tmp_path / "index.pdf", data)) == [
        f"{SHOWN}: file: could not be read as a PDF: objects nested too deeply to read; "
        "allowed: a PDF that PDF readers open (save it again from "
        "its application)"]


# -- facts ------------------------------------------------------------------------------


def test_the_facts_of_a_pdf_ua_file(tmp_path: Path) -> None:
    pdf = compile_pdf(TWO_PAGES.replace('"en"', '"de"'), pdf_standards=["ua-1"])
    facts, problems = inspect_pdf(write(tmp_path / "index.pdf", pdf), SHOWN)
    assert problems == []
    assert facts == PdfFacts(size=len(pdf), sha256=hashlib.sha256(pdf).hexdigest(), pages=2,
                             pdf_version="1.7", title="Guidelines on Incident Reporting",
                             language="de", tagged=True, pdfa=None, pdfua="1")


@pytest.mark.parametrize(("standard", "found"), [("a-2b", "2b"), ("a-1a", "1a"),
                                                 ("a-3u", "3u")])
def test_the_pdf_a_identification_is_read(tmp_path: Path, standard: str, found: str) -> None:
    pdf = compile_pdf(TWO_PAGES, pdf_standards=[standard])
    facts, _ = inspect_pdf(write(tmp_path / "index.pdf", pdf), SHOWN)
    assert facts is not None and (facts.pdfa, facts.pdfua) == (found, None)


def test_an_untagged_pdf_without_a_title_or_standard(tmp_path: Path) -> None:
    pdf = compile_pdf("Text without a title.", pdf_tags=False)
    facts, _ = inspect_pdf(write(tmp_path / "index.pdf", pdf), SHOWN)
    assert facts is not None
    assert (facts.title, facts.language, facts.tagged, facts.pdfa, facts.pdfua) == (
        None, "en", False, None, None)


def test_the_title_comes_from_the_xmp_metadata_when_the_info_has_none(
        hostile: Callable[[Callable[[PdfWriter], None]], Path]) -> None:
    path = hostile(lambda writer: writer.add_metadata({"/Title": "  "}))
    metadata = PdfReader(path).metadata
    assert metadata is not None and metadata.title == "  "
    facts, _ = inspect_pdf(path, SHOWN)
    assert facts is not None and facts.title == "Guidelines on Incident Reporting"


@pytest.mark.parametrize(("xmp", "pdfa", "title"), [
    (b'<x:xmpmeta><rdf:Description pdfaid:part="3" pdfaid:conformance="u"><dc:title>'
     b'<rdf:Alt><rdf:li xml:lang="x-default">Cyber &amp; Resilience</rdf:li></rdf:Alt>'
     b"</dc:title></rdf:Description>", "3u", "Cyber & Resilience"),
    (b"<pdfaid:part>2</pdfaid:part><dc:title><rdf:Alt><rdf:li>", "2", None),
    (b"<pdfaid:part>" + b" " * 500_000 + b"<dc:title" + b"<rdf:li " * 50_000, None, None),
    (b"\xff\xfe<\x00?\x00", None, None),
    (b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;">]>'
     b"<dc:title><rdf:Alt><rdf:li>&b;</rdf:li></rdf:Alt></dc:title>", None, "&b;"),
], ids=["attributes", "unfinished", "hostile", "not UTF-8", "entities"])
def test_xmp_metadata_of_any_shape_is_read_without_fail(tmp_path: Path, xmp: bytes,
                                                        pdfa: str | None,
                                                        title: str | None) -> None:
    metadata = b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n%s\nendstream" % (
        len(xmp), xmp)
    data = raw_pdf(b"<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >>",
                   b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                   b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>", metadata)
    facts, problems = inspect_pdf(write(tmp_path / "index.pdf", data), SHOWN)
    assert problems == [] and facts is not None
    assert (facts.pdfa, facts.title) == (pdfa, title)


# -- warnings ---------------------------------------------------------------------------


def test_a_pdf_ua_file_in_the_texts_language_has_no_warnings(tmp_path: Path) -> None:
    pdf = compile_pdf(TWO_PAGES.replace('"en"', '"en", region: "GB"'), pdf_standards=["ua-1"])
    facts, _ = inspect_pdf(write(tmp_path / "index.pdf", pdf), SHOWN)
    assert facts is not None and facts.language == "en-GB"
    assert pdf_warnings(facts, SHOWN, "en") == []


def test_the_warnings_of_a_legacy_pdf(tmp_path: Path) -> None:
    pdf = compile_pdf('#set text(lang: "de")\nText.', pdf_tags=False)
    facts, _ = inspect_pdf(write(tmp_path / "index.pdf", pdf), SHOWN)
    assert facts is not None
    assert [str(problem) for problem in pdf_warnings(facts, SHOWN, "en")] == [
        f"{SHOWN}: file: the PDF has no title in its metadata; expected: the document's "
        "title, which PDF readers show and screen readers announce (set it in the "
        "document's properties and export it again)",
        f'{SHOWN}: file: the PDF names the language "de" (/Lang); expected: "en", the '
        "language of its text (set the document's language and export it again, or ship "
        "the file as the text of the language it is in)",
        f"{SHOWN}: file: the PDF is not tagged: screen readers cannot follow its headings, "
        "lists and tables; the accessibility statement lists it, with the text extracted "
        "from it as the alternative (export it again as tagged PDF where its source is at "
        "hand)",
        f"{SHOWN}: file: the PDF claims no standard (no PDF/A or PDF/UA identification in "
        "its metadata); expected: PDF/UA or PDF/A, which readers and archives can rely on "
        "(export it again as PDF/UA or PDF/A where its source is at hand)"]


def test_a_pdf_without_a_language_is_warned_about(
        hostile: Callable[[Callable[[PdfWriter], None]], Path]) -> None:
    path = hostile(lambda writer: writer.root_object.pop("/Lang"))
    facts, _ = inspect_pdf(path, SHOWN)
    assert facts is not None and facts.language is None
    facts = dataclasses.replace(facts, pdfua="1")
    assert [str(problem) for problem in pdf_warnings(facts, SHOWN, "el")] == [
        f'{SHOWN}: file: the PDF names no language (no /Lang in its catalog); expected: '
        '"el", the language of its text, which screen readers need to pronounce it (set '
        "the document's language and export it again)"]


def test_pypdf_is_new_enough_for_the_tests() -> None:
    assert int(pypdf.__version__.split(".")[0]) >= 5
