"""Reading PDFs back for the tests: text, metadata, structure and links (with pypdf)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject


def normalized(text: str) -> str:
    """Text with every run of white space made one space, in Unicode's composed form, and
    hyphens read as a reader copies them. Once typst hyphenates a word, its hyphen glyph
    maps to a soft hyphen (U+00AD) and the text's own hyphens carry an ActualText "-",
    which pypdf does not read: a soft hyphen at a line's end joins the broken word, any
    other is the text's hyphen."""
    text = re.sub(r"\u00ad\s+", "", text).replace("\u00ad", "-")
    return " ".join(unicodedata.normalize("NFC", text).split())


def page_texts(path: Path) -> list[str]:
    return [normalized(page.extract_text() or "") for page in PdfReader(path).pages]


def full_text(path: Path) -> str:
    return " ".join(page_texts(path))


def catalog(path: Path) -> DictionaryObject:
    root = PdfReader(path).trailer["/Root"]
    assert isinstance(root, DictionaryObject)
    return root


def xmp(path: Path) -> str:
    metadata = catalog(path)["/Metadata"].get_object()
    return str(metadata.get_data().decode("utf-8"))


def structure_elements(path: Path) -> Iterator[DictionaryObject]:
    """Every element of the PDF's structure tree (its tags)."""
    stack: list[Any] = [catalog(path)["/StructTreeRoot"]]
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            node = node.get_object()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, DictionaryObject):
            if "/S" in node:
                yield node
            if "/K" in node:
                stack.append(node["/K"])


def link_targets(path: Path) -> list[str]:
    """The URIs of every link annotation."""
    targets = []
    for page in PdfReader(path).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                targets.append(str(action["/URI"]))
    return targets


def plain_sentences(body: str) -> list[str]:
    """Sentences of ordinary paragraphs of a Markdown body: no markup, links, quotes or
    footnotes, which the PDF shows differently from the source."""
    sentences = []
    for paragraph in body.split("\n\n"):
        text = paragraph.strip()
        if not text or text[0] in "!|#-*> 0123456789[" or re.search(r"[\[\]`*_'\"<>]", text):
            continue
        for sentence in re.split(r"(?<=[.;·])\s+", normalized(text)):
            if len(sentence) > 40:
                sentences.append(sentence)
    return sentences
