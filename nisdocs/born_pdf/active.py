"""Active content in a PDF: whatever acts when the file is opened or clicked.

A PDF that is a document's text is served byte for byte to every reader, so anything in
it that a viewer could run is refused (nisdocs/born_pdf/inspect.py reports it): scripts,
launch actions, embedded files, XFA forms, media, and actions other than links. It is
looked for in every object reachable from the trailer, not only where viewers usually
keep it: a viewer runs an action wherever the specification lets it hang one.
"""

from __future__ import annotations

import sys
from typing import NamedTuple

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
)

from ..problems import shorten

MAX_PLACES = 3  # places named per kind of active content; the rest are counted
ALLOWED_ACTIVE = ("allowed: no scripts, launch actions, embedded files or forms that act: "
                  "only links (GoTo, URI and Named actions)")
ALLOWED_ACTIONS = frozenset({"/GoTo", "/URI", "/Named"})
MEDIA_ACTIONS = frozenset({"/Movie", "/Sound", "/Rendition"})
MEDIA_ANNOTATIONS = frozenset({"/RichMedia", "/Movie", "/Sound", "/Screen", "/3D"})
# (singular, plural) of each kind of active content, in the order they are reported.
KINDS = {"javascript": ("JavaScript", "JavaScript"),
         "launch": ("a launch action", "launch actions"),
         "embedded": ("an embedded file", "embedded files"),
         "xfa": ("an XFA form", "XFA forms"),
         "media": ("sound, movie, 3D or rich-media content",) * 2}


def _listed(places: list[str]) -> str:
    shown = ", ".join(places[:MAX_PLACES])
    more = len(places) - MAX_PLACES
    return f"{shown} and {more} more" if more > 0 else shown


class _Where(NamedTuple):
    page: int | None  # the page the walk came through, 1-based
    region: str | None  # a part of the document that names the place better than a page
    names: bool = False  # the catalog's /Names dictionary


# How the walk reached an object: as an action, as a dictionary of actions (/AA), or else.
_PLAIN, _ACTION, _TRIGGERS = 0, 1, 2
_CATALOG_REGIONS = {"/OpenAction": "the document's open action",
                    "/AA": "the document's additional actions",
                    "/Outlines": "the bookmarks", "/AcroForm": "the document's form"}
_NAMES_REGIONS = {"/JavaScript": "the document's JavaScript names tree",
                  "/EmbeddedFiles": "the document's embedded files"}


class _Walk:
    """Every object reachable from the trailer, each visited once (per way of reaching it:
    as an action or not), looked at for active content. A reference to a missing object
    holds nothing a viewer could run; one that pypdf cannot parse raises: what it holds
    cannot be checked, so the file is refused as unreadable."""

    def __init__(self, reader: PdfReader, catalog: DictionaryObject,
                 pages: dict[tuple[int, int], int]) -> None:
        self.catalog = catalog
        self.pages = pages
        # Places (and action types) by kind, each with the order to report it in: pages
        # by number, then the rest as found.
        self.found: dict[str, dict[str, tuple[int, int]]] = {
            kind: {} for kind in (*KINDS, "action")}
        self.action_types: dict[str, tuple[int, int]] = {}
        # The pages first, in order, so that what hangs on a page is named by its number.
        self.stack: list[tuple[object, _Where, int]] = [(reader.trailer, _Where(None, None),
                                                         _PLAIN)]
        for page in reversed(reader.pages):
            self.stack.append((page.indirect_reference, _Where(None, None), _PLAIN))

    def run(self) -> list[str]:
        visited: set[tuple[int, int, int]] = set()
        while self.stack:
            node, where, how = self.stack.pop()
            if isinstance(node, IndirectObject):
                key = (node.idnum, node.generation, how)
                if key in visited:
                    continue
                visited.add(key)
                if key[:2] in self.pages:
                    where = _Where(self.pages[key[:2]], None)
                node = resolve(node)
            if isinstance(node, DictionaryObject):
                self.dictionary(node, where, how)
            elif isinstance(node, ArrayObject):
                self.stack.extend((item, where, how) for item in reversed(node))
        return self.messages()

    def add(self, kind: str, where: _Where, noun: str) -> tuple[int, int]:
        place = where.region or (f"{noun} on page {where.page}" if where.page else
                                 f"{noun} elsewhere in the file")
        order = (where.page or sys.maxsize, sum(map(len, self.found.values())))
        return self.found[kind].setdefault(place, order)

    def dictionary(self, node: DictionaryObject, where: _Where, how: int) -> None:
        kind, subtype, action = (_name(node.get(key)) for key in ("/Type", "/Subtype", "/S"))
        if kind in ("/Catalog", "/Pages") or node is self.catalog:
            where = _Where(None, None)
        page = node.get("/P")  # an annotation's page (a structure element's parent)
        if isinstance(page, IndirectObject) and (page.idnum, page.generation) in self.pages:
            where = _Where(self.pages[page.idnum, page.generation], None)
        is_action = how == _ACTION or kind == "/Action"
        if "/JS" in node or action == "/JavaScript" or (
                is_action and action == "/URI" and (pdf_text(resolve(node.get("/URI"))) or "")
                .lower().startswith("javascript:")):
            self.add("javascript", where, "an action")
        elif action == "/Launch":
            self.add("launch", where, "an action")
        elif is_action and action in MEDIA_ACTIONS:
            self.add("media", where, "an action")
        elif is_action and action is not None and action not in ALLOWED_ACTIONS:
            order = self.add("action", where, "an action")
            self.action_types.setdefault(shorten(action[1:], 40), order)
        if "/EF" in node or kind == "/EmbeddedFile" or subtype == "/FileAttachment":
            self.add("embedded", where,
                     "an annotation" if subtype == "/FileAttachment" else "a file")
        if "/XFA" in node:
            self.add("xfa", where, "a form")
        if subtype in MEDIA_ANNOTATIONS:
            self.add("media", where, "an annotation")
        regions = _CATALOG_REGIONS if node is self.catalog or kind == "/Catalog" else \
            _NAMES_REGIONS if where.names else {}
        if where.names and "/JavaScript" in node:
            self.add("javascript", _Where(None, regions["/JavaScript"]), "")
        if "/EmbeddedFiles" in node:
            self.add("embedded", _Where(where.page, regions.get("/EmbeddedFiles",
                                                                where.region)), "a file")
        for key, value in reversed(node.items()):
            inner = _Where(where.page, regions.get(key, where.region),
                           key == "/Names" and regions is _CATALOG_REGIONS)
            self.stack.append((value, inner, _ACTION if key in ("/A", "/OpenAction", "/Next",
                                                                "/PA") or how == _TRIGGERS
                               else _TRIGGERS if key == "/AA" else _PLAIN))

    def messages(self) -> list[str]:
        messages = []
        for kind, (one, many) in KINDS.items():
            if places := _ordered(self.found[kind]):
                what = many if len(places) > 1 else one
                messages.append(f"found {what} ({_listed(places)}); {ALLOWED_ACTIVE}")
        if places := _ordered(self.found["action"]):
            types = _ordered(self.action_types)
            named = " and ".join([", ".join(types[:-1]), types[-1]] if len(types) > 1
                                 else types)
            what = f"{named} actions" if len(types) > 1 else f"a {named} action"
            messages.append(f"found {what} ({_listed(places)}); {ALLOWED_ACTIVE}")
        return messages


def _ordered(found: dict[str, tuple[int, int]]) -> list[str]:
    return sorted(found, key=found.__getitem__)


def resolve(value: object) -> object:
    """The object `value` refers to: a missing one is pypdf's NullObject. An object that
    cannot be parsed raises (the check cannot see what it holds, so the file is refused)."""
    return value.get_object() if isinstance(value, IndirectObject) else value


def _name(value: object) -> str | None:
    value = resolve(value)
    return str(value) if isinstance(value, NameObject) else None


def active_content(reader: PdfReader, catalog: DictionaryObject,
                   pages: dict[tuple[int, int], int]) -> list[str]:
    """A message per kind of active content found in the PDF of `reader` (`pages` gives
    the number of each page by its object's reference); empty when there is none. Raises
    what pypdf raises on an object it cannot parse."""
    return _Walk(reader, catalog, pages).run()


def pdf_text(value: object) -> str | None:
    """A PDF string or name as text, white space collapsed; None when it is none or blank."""
    if isinstance(value, ByteStringObject):
        value = bytes(value).decode("utf-8", "replace")
    return " ".join(value.replace("\x00", "").split()) or None \
        if isinstance(value, str) else None
