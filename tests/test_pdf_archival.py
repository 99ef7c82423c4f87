"""The PDFs' archival step (nisdocs/pdf/archival.py), over every compiled sample PDF:
object streams, qpdf's syntax check, the final rendition, a complete output intent, tags
and identification intact, destinations that PDFBox-based readers resolve, dates that
mean what they say, and rebuilds byte for byte."""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path
from typing import Any
from xml.dom import minidom

import pikepdf
import pytest
from conftest import PROJECT, Build, mkdocs_yml

from nisdocs.library import Library
from nisdocs.pdf import export
from nisdocs.pdf.archival import ICC_REGISTRY, SRGB
from nisdocs.pdf.descriptions import typst_footnote_word
from nisdocs.pdf.jobs import PdfJob, plan_pdfs

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XMP = "http://ns.adobe.com/xap/1.0/"
HEADINGS = {f"/H{level}" for level in range(1, 7)}
# PDF 1.7's standard structure types (ISO 32000-1, 14.8.4).
STANDARD_TYPES = {
    "/Document", "/Part", "/Art", "/Sect", "/Div", "/BlockQuote", "/Caption", "/TOC", "/TOCI",
    "/Index", "/NonStruct", "/Private", "/P", "/H", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6",
    "/L", "/LI", "/Lbl", "/LBody", "/Table", "/TR", "/TH", "/TD", "/THead", "/TBody", "/TFoot",
    "/Span", "/Quote", "/Note", "/Reference", "/BibEntry", "/Code", "/Link", "/Annot", "/Ruby",
    "/RB", "/RT", "/RP", "/Warichu", "/WT", "/WP", "/Figure", "/Formula", "/Form"}


@cache
def opened(path: Path) -> pikepdf.Pdf:
    """The PDF at `path`, read once per session."""
    return pikepdf.open(path)


@cache
def metadata(path: Path) -> minidom.Document:
    """The PDF's XMP, parsed."""
    return minidom.parseString(opened(path).Root.Metadata.read_bytes())


def xmp_values(path: Path, namespace: str, name: str) -> list[str]:
    """The text of every XMP property `name` in `namespace`, as element or attribute."""
    document = metadata(path)
    values = [text_of(element) for element in document.getElementsByTagNameNS(namespace, name)]
    values += [description.getAttributeNS(namespace, name)
               for description in document.getElementsByTagNameNS(RDF, "Description")
               if description.hasAttributeNS(namespace, name)]
    return values


def text_of(node: minidom.Node) -> str:
    """The text inside `node`, at any depth (an rdf:Alt's item, say)."""
    if isinstance(node, minidom.Text):
        return node.data
    return "".join(text_of(child) for child in node.childNodes)


def xmp_text(path: Path) -> str:
    return str(opened(path).Root.Metadata.read_bytes().decode("utf-8"))


def test_every_pdf_has_object_streams_and_passes_qpdfs_check(
        compiled: list[tuple[PdfJob, Path]]) -> None:
    # Measured before: no object streams, 58 % of the bytes uncompressed dictionaries.
    for job, path in compiled:
        data = path.read_bytes()
        assert re.search(rb"/Type\s*/ObjStm", data), f"{job.name}: no object stream"
        assert re.search(rb"/Type\s*/XRef", data), f"{job.name}: no cross-reference stream"
        pdf = opened(path)
        check = getattr(pdf, "check_pdf_syntax", None) or pdf.check  # pikepdf 10 / 8
        assert check() == [], job.name
        assert pdf.pdf_version == "1.7", job.name
        # The XMP stays readable without a PDF library.
        assert "/Filter" not in pdf.Root.Metadata, job.name


def test_every_pdf_is_the_final_rendition(compiled: list[tuple[PdfJob, Path]]) -> None:
    for job, path in compiled:
        assert xmp_values(path, "http://ns.adobe.com/xap/1.0/mm/", "RenditionClass") == [
            "default"], job.name


def test_every_output_intent_names_srgb_in_the_icc_registry(
        compiled: list[tuple[PdfJob, Path]]) -> None:
    for job, path in compiled:
        intents = opened(path).Root.OutputIntents
        assert len(intents) == 1, job.name
        intent = intents[0]
        assert intent.S == pikepdf.Name.GTS_PDFA1, job.name
        assert str(intent.OutputConditionIdentifier) == SRGB == "sRGB IEC61966-2.1"
        assert str(intent.RegistryName) == ICC_REGISTRY == "http://www.color.org"
        assert str(intent.OutputCondition) == SRGB, job.name
        assert str(intent.Info) == f"{SRGB}, ICC profile version 4.2", job.name
        # typst's own profile, kept: an RGB display profile of ICC version 4.2.
        profile = intent.DestOutputProfile
        header = profile.read_bytes()[:40]
        assert int(profile.N) == 3 and header[36:40] == b"acsp", job.name
        assert (header[8:10], header[12:20]) == (b"\x04\x20", b"mntrRGB "), job.name


def reaches_content(node: Any) -> bool:
    """Whether a structure element marks some content: an MCID, or a kid that does."""
    kids = node.get("/K")
    if kids is None:
        return False
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
        if isinstance(kid, int) or (isinstance(kid, pikepdf.Dictionary) and (
                kid.get("/Type") in (pikepdf.Name.MCR, pikepdf.Name.OBJR)
                or reaches_content(kid))):
            return True
    return False


def structure(pdf: pikepdf.Pdf) -> list[Any]:
    """Every element of the structure tree, in document order."""
    found, stack = [], [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(reversed(list(node)))
        elif isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                found.append(node)
            if "/K" in node:
                stack.append(node.K)
    return found


def test_tags_language_and_identification_are_intact(
        compiled: list[tuple[PdfJob, Path]]) -> None:
    for job, path in compiled:
        root = opened(path).Root
        assert str(root.Lang) == job.language, job.name
        assert bool(root.MarkInfo.Marked) is True, job.name
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True, job.name
        tree = root.StructTreeRoot
        assert "/ParentTree" in tree and len(tree.K) > 0, job.name
        assert int(root.Outlines.Count) > 0, job.name
        for page in opened(path).pages:
            for annotation in page.get("/Annots", ()):
                assert "/StructParent" in annotation, job.name
            # Tabs in the order of the structure on a page with annotations (7.18.3).
            if "/Annots" in page:
                assert page.get("/Tabs") == pikepdf.Name.S, job.name
        # Each structure type standard, or mapped to a standard one (7.1).
        roles = {str(key): str(value) for key, value in tree.get("/RoleMap", {}).items()}
        types = {str(element.S) for element in structure(opened(path))}
        assert {kind for kind in types
                if roles.get(kind, kind) not in STANDARD_TYPES} == set(), job.name
        assert xmp_values(path, "http://www.aiim.org/pdfa/ns/id/", "part") == ["2"]
        assert xmp_values(path, "http://www.aiim.org/pdfa/ns/id/", "conformance") == ["A"]
        assert xmp_values(path, "http://www.aiim.org/pdfua/ns/id/", "part") == ["1"]
        # The extension schema that declares pdfuaid:part, in the first description of
        # its own, where PDFBox reads it.
        descriptions = metadata(path).getElementsByTagNameNS(RDF, "Description")
        first = [node for node in descriptions[0].childNodes
                 if isinstance(node, minidom.Element)]
        assert [element.localName for element in first] == ["schemas"], job.name
        assert "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" in xmp_text(path)
        # Every heading marks some content: pdfua's own check of it (UA-14-001) cannot
        # run (tests/test_pdf_validators.py).
        headings = [element for element in structure(opened(path)) if element.S in HEADINGS]
        assert headings, job.name
        assert [str(element.get("/T", element.S)) for element in headings
                if not reaches_content(element)] == [], job.name


def test_destinations_are_written_where_they_are_used(
        compiled: list[tuple[PdfJob, Path]]) -> None:
    # Measured before: every named destination and bookmark pointed to a destination
    # stored as an object of its own, which PDFBox reports as "can't convert to
    # Destination" and its readers leave unresolved.
    for job, path in compiled:
        pdf = opened(path)
        pages = {page.objgen for page in pdf.pages}
        named = dict(pikepdf.NameTree(pdf.Root.Names.Dests).items())
        # One node, its keys in the order of their bytes, which lookups rely on
        # (measured before: typst's Greek and Cyrillic names out of that order).
        tree = pdf.Root.Names.Dests
        keys = [bytes(tree.Names[index]) for index in range(0, len(tree.Names), 2)]
        assert "/Kids" not in tree and keys == sorted(keys) and len(keys) == len(named)
        assert all(key.startswith(b"\xfe\xff") for key in keys), job.name
        item = pdf.Root.Outlines.get("/First")
        bookmarks = []
        while item is not None:
            bookmarks.append(item.Dest)
            item = item.get("/Next")
        assert named and bookmarks, job.name
        for destination in [*named.values(), *bookmarks]:
            assert isinstance(destination, pikepdf.Array), job.name
            assert not destination.is_indirect, job.name
            assert destination[0].objgen in pages, job.name
        # Each link inside the document leads to a named destination (by a name in UTF-16,
        # as text) or to a place on a page.
        for page in pdf.pages:
            for annotation in page.get("/Annots", ()):
                destination = annotation.get("/Dest")
                if isinstance(destination, pikepdf.String):
                    assert bytes(destination).startswith(b"\xfe\xff"), job.name
                    assert str(destination) in named, job.name
                elif destination is not None:
                    assert not destination.is_indirect, job.name
                    assert destination[0].objgen in pages, job.name


def pdf_date(date: str) -> str:
    return "D:" + date.replace("-", "") + "000000Z"


def test_the_source_is_dated_by_its_adoption_and_a_translation_not_at_all(
        compiled: list[tuple[PdfJob, Path]], sample_library: Library) -> None:
    dated = undated = 0
    for job, path in compiled:
        version = next(v for v in sample_library.documents[job.document_id].versions
                       if v.version == job.version)
        info = opened(path).docinfo
        dates = [str(info[key]) for key in ("/CreationDate", "/ModDate") if key in info]
        xmp_dates = [value for name in ("CreateDate", "ModifyDate", "MetadataDate")
                     for value in xmp_values(path, XMP, name)]
        history = xmp_values(path, "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#", "when")
        if job.language == sample_library.source_language:
            assert job.dated, job.name
            assert dates == [pdf_date(version.date)] * 2, job.name
            assert set(xmp_dates + history) == {f"{version.date}T00:00:00Z"}, job.name
            dated += 1
        else:
            # A translation has no date of its own: its PDF claims none, in the Info
            # dictionary and the XMP alike.
            assert not job.dated, job.name
            assert (dates, xmp_dates, history) == ([], [], []), job.name
            undated += 1
        # The Info dictionary and the XMP agree, as PDF/A requires.
        assert xmp_values(path, "http://purl.org/dc/elements/1.1/", "title") == [
            str(info.Title)], job.name
        assert xmp_values(path, "http://ns.adobe.com/pdf/1.3/", "Keywords") == [
            str(info.Keywords)], job.name
    assert dated and undated


def described(contents: str, typst_word: str, job: PdfJob) -> str:
    """A link's description as nisdocs rewrites typst's description of a footnote."""
    if re.fullmatch(re.escape(typst_word) + r" \d+(,\d+)*", contents):
        return job.meta["typesetting"]["footnote"] + contents.removeprefix(typst_word)
    return contents


@pytest.mark.parametrize("language", ["en", "el"])
def test_a_rebuild_is_byte_identical_and_archival_changes_no_content(
        built_site: Build, sample_library: Library, language: str) -> None:
    (job,) = [job for job in plan_pdfs(sample_library, mkdocs_yml()["site_url"], {"NCG-0003"})
              if job.version == "1.1" and job.language == language]
    published = (built_site.site / job.url).read_bytes()
    assert export.render(job, PROJECT) == published
    # typst's own file, then the archival step alone: the same bytes again.
    source_file = PROJECT / job.source_path
    typst_pdf = export._compile(job, export.template() + "\n"
                                + export._to_typst(job, source_file), PROJECT, source_file)
    assert export.finish(job, typst_pdf) == published
    # The archival step changes nothing a reader sees or a screen reader follows.
    before, after = pikepdf.open(io.BytesIO(typst_pdf)), opened(built_site.site / job.url)
    assert len(before.pages) == len(after.pages)
    for old, new in zip(before.pages, after.pages, strict=True):
        assert (pikepdf.unparse_content_stream(pikepdf.parse_content_stream(old))
                == pikepdf.unparse_content_stream(pikepdf.parse_content_stream(new)))
        # The same links, described alike but for footnotes, which are described in the
        # document's words (nisdocs/pdf/descriptions.py).
        word = typst_footnote_word(language)
        assert [(str(a.Subtype), described(str(a.get("/Contents", "")), word, job))
                for a in old.get("/Annots", ())] \
            == [(str(a.Subtype), str(a.get("/Contents", ""))) for a in new.get("/Annots", ())]
    assert len(published) < 0.75 * len(typst_pdf)
    elements = [(str(e.S), str(e.get("/Alt", "")), str(e.get("/Lang", "")))
                for e in structure(before)]
    assert elements == [(str(e.S), str(e.get("/Alt", "")), str(e.get("/Lang", "")))
                        for e in structure(after)]
    assert str(before.Root.Lang) == str(after.Root.Lang) == language

