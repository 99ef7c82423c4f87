"""typst's PDF made ready to archive: smaller, its metadata that of a final publication.

typst writes a valid PDF/A-2a and PDF/UA-1 file; this step re-saves it with pikepdf
(qpdf) without touching its content, tags, outlines or annotations:

- object streams: the dictionaries, most of a typst file's bytes, compressed together
  (PDF/A-2, on PDF 1.7, allows them); the XMP stays uncompressed, as qpdf leaves it;
- the XMP says the file is the final rendition (`xmpMM:RenditionClass` default, where
  typst writes proof), and the output intent names its colour space in full (the ICC's
  registry, the condition's identifier and description), the ICC profile kept;
- dates that mean what they say: typst must date a PDF/A file, and dates it on the
  version's adoption, which is the source text's date; a translation has no date of
  its own in the library, so an undated job's file carries no creation, modification
  or history date, in the Info dictionary and the XMP alike (PDF/A requires them to
  agree, and none is required);
- two rearrangements that change no meaning but let readers built on PDFBox (its
  preflight too) read what they otherwise miss: the XMP's extension schemas in an
  rdf:Description of their own, first (PDFBox finds them only there, and without them
  rejects the PDF/UA identification and checks no other metadata), and destinations
  written where they are used (the named destinations, the bookmarks) rather than as
  references (PDFBox cannot resolve such a reference: the contents' links and the
  bookmarks lead nowhere there);
- the destinations' names as text strings, sorted by their bytes as the format requires
  for lookups (typst writes UTF-8 bytes, in another order for Greek and Cyrillic).

The same input gives the same bytes: the document ID is derived from the content and
nothing records the time of the run.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from xml.dom import minidom

import pikepdf

# The output intent's colour space: the sRGB of IEC 61966-2-1, as the ICC registers it.
SRGB = "sRGB IEC61966-2.1"
ICC_REGISTRY = "http://www.color.org"

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XMP = "http://ns.adobe.com/xap/1.0/"
_XMP_MM = "http://ns.adobe.com/xap/1.0/mm/"
_STEVT = "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#"
_PDFA_EXTENSION = "http://www.aiim.org/pdfa/ns/extension/"
# The namespaces an extension schema's description is written in.
_EXTENSION_NAMESPACES = {"pdfaExtension": _PDFA_EXTENSION,
                         "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
                         "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#"}
_XMP_DATES = ("CreateDate", "ModifyDate", "MetadataDate")
_INFO_DATES = ("/CreationDate", "/ModDate")
_PACKET_HEAD = '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
_PACKET_TAIL = '<?xpacket end="r"?>'


def archive(data: bytes, *, dated: bool,
            amend: Callable[[pikepdf.Pdf], object] | None = None) -> bytes:
    """The PDF `data` (typst's) ready to archive; `dated`: whether it keeps its dates;
    `amend`, a change of the caller's made in the same pass (one open, one save)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if amend is not None:
            amend(pdf)
        _complete_output_intents(pdf)
        if not dated:
            for key in _INFO_DATES:
                if key in pdf.docinfo:
                    del pdf.docinfo[key]
        _rewrite_xmp(pdf, dated=dated)
        _destinations(pdf)
        out = io.BytesIO()
        # fix_metadata_version off: the XMP is ours alone (the version stays 1.7 anyway).
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                 compress_streams=True, deterministic_id=True, fix_metadata_version=False)
    return out.getvalue()


def _complete_output_intents(pdf: pikepdf.Pdf) -> None:
    """typst's intent leaves the registry empty and the identifier "Custom": name the
    registered sRGB condition its ICC profile (which stays as it is) describes."""
    for intent in pdf.Root.get("/OutputIntents", pikepdf.Array()):
        profile = intent.DestOutputProfile.read_bytes()
        # The profile's version, from its header: 4.2 is written 04 20.
        version = f"{profile[8]}.{profile[9] >> 4}"
        intent.OutputConditionIdentifier = pikepdf.String(SRGB)
        intent.RegistryName = pikepdf.String(ICC_REGISTRY)
        intent.OutputCondition = pikepdf.String(SRGB)
        intent.Info = pikepdf.String(f"{SRGB}, ICC profile version {version}")


def _rewrite_xmp(pdf: pikepdf.Pdf, *, dated: bool) -> None:
    stream = pdf.Root.get("/Metadata")
    if not isinstance(stream, pikepdf.Stream):
        return
    document = minidom.parseString(stream.read_bytes())
    root = document.documentElement
    if root is None:
        return
    # The final rendition, not a proof.
    for element in document.getElementsByTagNameNS(_XMP_MM, "RenditionClass"):
        while element.firstChild is not None:
            element.removeChild(element.firstChild)
        element.appendChild(document.createTextNode("default"))
    # An undated job: no date of the file, nor of the events in its history, whether
    # written as elements or as attributes of a description.
    if not dated:
        for name in _XMP_DATES:
            _remove_all(document.getElementsByTagNameNS(_XMP, name))
            for description in document.getElementsByTagNameNS(_RDF, "Description"):
                if description.hasAttributeNS(_XMP, name):
                    description.removeAttributeNS(_XMP, name)
        _remove_all(document.getElementsByTagNameNS(_STEVT, "when"))
    _separate_extension_schemas(document)
    stream.write((_PACKET_HEAD + root.toxml() + _PACKET_TAIL).encode("utf-8"))


def _separate_extension_schemas(document: minidom.Document) -> None:
    """Each pdfaExtension:schemas moved into an rdf:Description of its own, the first."""
    for schemas in list(document.getElementsByTagNameNS(_PDFA_EXTENSION, "schemas")):
        description = schemas.parentNode
        if not isinstance(description, minidom.Element) or _first_element(description) is schemas:
            continue
        rdf = description.parentNode
        if not isinstance(rdf, minidom.Element):
            continue
        own = document.createElementNS(_RDF, description.tagName)
        own.setAttributeNS(_RDF, "rdf:about", description.getAttributeNS(_RDF, "about"))
        # The schemas' own namespaces, declared where typst declared them no longer holds.
        for prefix, namespace in _EXTENSION_NAMESPACES.items():
            own.setAttribute(f"xmlns:{prefix}", namespace)
        description.removeChild(schemas)
        own.appendChild(schemas)
        rdf.insertBefore(own, _first_element(rdf))


def _first_element(parent: minidom.Element) -> minidom.Element | None:
    return next((child for child in parent.childNodes if isinstance(child, minidom.Element)),
                None)


def _remove_all(elements: Iterable[minidom.Element]) -> None:
    for element in list(elements):
        parent = element.parentNode
        if isinstance(parent, minidom.Element):
            parent.removeChild(element)


def _destinations(pdf: pikepdf.Pdf) -> None:
    """Destinations written where they are used (the name tree, the outline, links) in
    place of references to them; the named ones in one node, each name a text string in
    UTF-16 (typst writes UTF-8 bytes, which readers decode as PDFDocEncoding) and sorted
    by its bytes, as the format requires: readers look names up in that order."""
    names = pdf.Root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and "/Dests" in names:
        pairs: list[tuple[pikepdf.String, pikepdf.Object]] = []
        nodes = [names.Dests]
        while nodes:
            node = nodes.pop()
            nodes.extend(node.get("/Kids", pikepdf.Array()))
            found = node.get("/Names", pikepdf.Array())
            for index in range(0, len(found) - 1, 2):
                value = found[index + 1]
                if _is_reference(value):
                    value = pikepdf.Array(list(value))
                pairs.append((_text_string(found[index]), value))
        pairs.sort(key=lambda pair: bytes(pair[0]))
        names.Dests = pdf.make_indirect(pikepdf.Dictionary(
            Names=pikepdf.Array([item for pair in pairs for item in pair])))
    outline = pdf.Root.get("/Outlines")
    items = [outline.get("/First")] if isinstance(outline, pikepdf.Dictionary) else []
    holders = [annotation for page in pdf.pages for annotation in page.get("/Annots", ())]
    while items:
        item = items.pop()
        if not isinstance(item, pikepdf.Dictionary):
            continue
        holders.append(item)
        items.extend(item[key] for key in ("/First", "/Next") if key in item)
    for holder in holders:
        destination = holder.get("/Dest")
        if _is_reference(destination):
            holder.Dest = pikepdf.Array(list(holder.Dest))
        elif isinstance(destination, pikepdf.String):
            holder.Dest = _text_string(destination)
        action = holder.get("/A")
        if (isinstance(action, pikepdf.Dictionary) and action.get("/S") == pikepdf.Name.GoTo
                and isinstance(action.get("/D"), pikepdf.String)):
            action.D = _text_string(action.D)


def _is_reference(value: pikepdf.Object | None) -> bool:
    """Whether `value` is a destination array stored as an object of its own."""
    return isinstance(value, pikepdf.Array) and value.is_indirect


def _text_string(name: pikepdf.Object) -> pikepdf.String:
    """A destination's name as a UTF-16 text string (typst's are UTF-8 bytes): in every
    name the byte order is then the order of the characters, as text-reading tools
    (qpdf's check) compare them too."""
    raw = bytes(name)
    if raw.startswith(b"\xfe\xff"):
        return pikepdf.String(raw)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:  # not typst's UTF-8: as the format reads it (PDFDocEncoding)
        text = str(name)
    return pikepdf.String(b"\xfe\xff" + text.encode("utf-16-be"))
