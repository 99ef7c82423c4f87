"""Where every glyph of a PDF lies, and which tagged element it belongs to.

pdfplumber (pdfminer) reads each glyph's box and its marked-content id; pikepdf reads the
structure tree, whose elements (P, H2, Table, TR, TD, Note...) own marked-content ids on
their pages. Together they tell what a reader sees where: a table cell's words, a
paragraph's lines on each page, a heading's text as copied.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from pathlib import Path

import pdfplumber
import pdfplumber.page
import pikepdf
from pdfminer.psparser import PSLiteral
from pdfplumber.utils.pdfinternals import decode_text

BODY_KINDS = {"P"}
# Inside these, a paragraph is not body text: its lines are short by design.
NOT_BODY = {"Table", "Note", "L", "Caption", "TOC", "Figure", "Div"}


@dataclass(frozen=True)
class Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int  # from 0


@dataclass
class Element:
    kind: str
    marks: list[tuple[int, int]] = field(default_factory=list)  # (page, mcid)
    children: list[Element] = field(default_factory=list)
    lang: str | None = None
    parent: Element | None = field(default=None, repr=False)

    def walk(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            yield from child.walk()

    def inside(self, kinds: set[str]) -> bool:
        node = self.parent
        while node is not None:
            if node.kind in kinds:
                return True
            node = node.parent
        return False


@dataclass(frozen=True)
class Line:
    page: int
    glyphs: tuple[Glyph, ...]

    @property
    def text(self) -> str:
        return "".join(glyph.text for glyph in self.glyphs)

    @property
    def x0(self) -> float:
        return min(glyph.x0 for glyph in self.glyphs)

    @property
    def x1(self) -> float:
        return max(glyph.x1 for glyph in self.glyphs)


@dataclass
class Layout:
    path: Path
    page_width: float
    page_height: float
    root: Element
    glyphs: dict[tuple[int, int], list[Glyph]]  # (page, mcid) -> glyphs, in drawing order
    all_glyphs: list[Glyph]

    def elements(self, *kinds: str) -> Iterator[Element]:
        return (element for element in self.root.walk() if element.kind in kinds)

    def glyphs_of(self, element: Element, *, without: frozenset[str] = frozenset()) -> list[Glyph]:
        """The glyphs of the element and its descendants, but those under an element
        of a kind in `without` (a paragraph's footnote, which typst tags inside it)."""
        found: list[Glyph] = []
        stack = [element]
        while stack:
            node = stack.pop()
            for mark in node.marks:
                found.extend(self.glyphs.get(mark, []))
            stack.extend(child for child in node.children if child.kind not in without)
        return found

    def text_of(self, element: Element) -> str:
        return "".join(glyph.text for glyph in self.glyphs_of(element))

    def reading_text(self, element: Element) -> str:
        """The element's text in reading order, line by line (a contents entry's number
        is drawn after its title, but read before it)."""
        return " ".join(line.text for line in self.lines_of(element, without=frozenset()))

    def lines_of(self, element: Element, *,
                 without: frozenset[str] = frozenset({"Note"})) -> list[Line]:
        """The element's lines (not its footnotes'), page by page, top to bottom. The
        tallest glyphs make the lines; a smaller one (a footnote's number, raised) joins
        the line its middle lies in."""
        lines: list[tuple[int, float, float, list[Glyph]]] = []
        glyphs = self.glyphs_of(element, without=without)
        for glyph in sorted(glyphs, key=lambda g: (g.top - g.bottom, g.page, g.top)):
            middle = (glyph.top + glyph.bottom) / 2
            for page, top, bottom, members in lines:
                if page == glyph.page and top <= middle <= bottom:
                    members.append(glyph)
                    break
            else:
                lines.append((glyph.page, glyph.top, glyph.bottom, [glyph]))
        return [Line(page, tuple(sorted(members, key=lambda g: g.x0)))
                for page, top, _, members in sorted(lines, key=lambda line: line[:2])]


def _structure(pdf: pikepdf.Pdf) -> Element:
    pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    root = Element("StructTreeRoot")

    def page_of(node: pikepdf.Dictionary, inherited: int | None) -> int | None:
        page = node.get("/Pg")
        return pages.get(page.objgen) if page is not None else inherited

    def read(node: object, parent: Element, page: int | None) -> None:
        if isinstance(node, pikepdf.Array):
            for item in node:
                read(item, parent, page)
        elif isinstance(node, int):
            if page is not None:
                parent.marks.append((page, int(node)))
        elif isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                lang = node.get("/Lang")
                element = Element(str(node["/S"])[1:], lang=str(lang) if lang else None,
                                  parent=parent)
                parent.children.append(element)
                if "/K" in node:
                    read(node["/K"], element, page_of(node, page))
            elif "/MCID" in node:
                mark_page = page_of(node, page)
                if mark_page is not None:
                    parent.marks.append((mark_page, int(node["/MCID"])))

    tree = pdf.Root.get("/StructTreeRoot")
    if tree is not None and "/K" in tree:
        read(tree.K, root, None)
    return root


# A glyph's tag that carries the text a span's ActualText gives instead of its glyphs.
_ACTUAL = "\0ActualText:"


class _MarkedContent(pdfplumber.page.PDFPageAggregatorWithMarkedContent):
    """pdfplumber's reader of marked content, for nested marks: it forgets the enclosing
    MCID when a nested span ends (typst nests an ActualText span, around a hyphen, inside
    tagged content), and it ignores ActualText, which is what a reader copies."""

    def begin_tag(self, tag: PSLiteral, props: object = None) -> None:
        self.__dict__.setdefault("marks", []).append((self.cur_mcid, self.cur_tag))
        if isinstance(props, dict) and "MCID" in props:
            self.cur_mcid = props["MCID"]
        actual = props.get("ActualText") if isinstance(props, dict) else None
        if isinstance(actual, bytes):
            self.cur_tag = _ACTUAL + decode_text(actual)
        else:
            self.cur_tag = decode_text(tag.name)

    def end_tag(self) -> None:
        marks = self.__dict__.get("marks") or [(None, None)]
        self.cur_mcid, self.cur_tag = marks.pop()

    def tag_cur_item(self) -> None:
        super().tag_cur_item()
        if self.cur_tag and self.cur_tag.startswith(_ACTUAL):
            self.cur_tag = _ACTUAL  # the span's text goes with its first glyph only


pdfplumber.page.PDFPageAggregatorWithMarkedContent = _MarkedContent  # type: ignore[misc]


def _text(char: dict[str, object]) -> str:
    tag = char.get("tag")
    if isinstance(tag, str) and tag.startswith(_ACTUAL):
        return tag[len(_ACTUAL):]
    return str(char["text"])


@cache
def layout(path: Path) -> Layout:
    """The layout of the PDF at `path`, read once per session."""
    with pikepdf.open(path) as pdf:
        root = _structure(pdf)
    glyphs: dict[tuple[int, int], list[Glyph]] = defaultdict(list)
    every: list[Glyph] = []
    with pdfplumber.open(path) as document:
        width, height = float(document.pages[0].width), float(document.pages[0].height)
        for index, page in enumerate(document.pages):
            for char in page.chars:
                glyph = Glyph(_text(char), char["x0"], char["x1"], char["top"],
                              char["bottom"], index)
                every.append(glyph)
                if char.get("mcid") is not None:
                    glyphs[(index, char["mcid"])].append(glyph)
    return Layout(path, width, height, root, dict(glyphs), every)


# What a page shows, measured the way a typographer would.


def body_lines(layout: Layout) -> list[list[Line]]:
    """The lines of every body paragraph (not in a table, list, note, caption...)."""
    return [layout.lines_of(element) for element in layout.elements(*BODY_KINDS)
            if not element.inside(NOT_BODY)]


def full_lines(layout: Layout) -> list[Line]:
    """Lines of body paragraphs that run the measure: all but each paragraph's last."""
    return [line for lines in body_lines(layout) for line in lines[:-1]]


def characters_per_line(layout: Layout) -> list[int]:
    return [len(line.text.strip()) for line in full_lines(layout)]


def median_measure(layout: Layout) -> float:
    counts = characters_per_line(layout)
    return statistics.median(counts) if counts else 0.0


def hyphenated_lines(layout: Layout) -> list[str]:
    """Body lines that end in a word broken by hyphenation: typst writes the hyphen it
    adds as a soft hyphen (U+00AD) in the text layer, so that copied text joins the word."""
    found = []
    for lines in body_lines(layout):
        for line, following in pairwise(lines):
            text, after = line.text.rstrip(), following.text.lstrip()
            if len(text) > 1 and text[-1] == "\u00ad" and text[-2].isalpha():
                found.append(text[-20:] + "|" + after[:10])
    return found


def widows_and_orphans(layout: Layout) -> list[str]:
    """Body paragraphs split across pages that leave one line alone on either page."""
    found = []
    for lines in body_lines(layout):
        pages = [line.page for line in lines]
        for page in sorted(set(pages))[:-1]:
            before, after = pages.count(page), pages.count(page + 1)
            if after and (before == 1 or after == 1):
                found.append(f"page {page + 1}: {lines[0].text[:40]!r} ({before} + {after} lines)")
    return found


@dataclass(frozen=True)
class Cell:
    table: int
    row: int
    column: int
    glyphs: tuple[Glyph, ...]


def table_cells(layout: Layout) -> list[Cell]:
    cells = []
    for number, table in enumerate(layout.elements("Table")):
        rows = [row for row in table.walk() if row.kind == "TR"]
        for row_number, row in enumerate(rows):
            columns = [cell for cell in row.children if cell.kind in ("TD", "TH")]
            for column, cell in enumerate(columns):
                cells.append(Cell(number, row_number, column, tuple(layout.glyphs_of(cell))))
    return cells


def cell_overflows(layout: Layout, *, gap: float = 2.0) -> list[str]:
    """Glyphs of a table cell that reach into the next column, page by page: a column's
    left edge is where its leftmost glyph starts; every glyph of the column before it must
    end `gap` points before that edge."""
    found = []
    by_table: dict[int, list[Cell]] = defaultdict(list)
    for cell in table_cells(layout):
        by_table[cell.table].append(cell)
    for number, cells in by_table.items():
        pages = {glyph.page for cell in cells for glyph in cell.glyphs}
        for page in pages:
            edges: dict[int, float] = {}
            for cell in cells:
                for glyph in cell.glyphs:
                    if glyph.page == page and glyph.text.strip():
                        edges[cell.column] = min(edges.get(cell.column, glyph.x0), glyph.x0)
            for cell in cells:
                edge = edges.get(cell.column + 1)
                if edge is None:
                    continue
                for glyph in cell.glyphs:
                    if glyph.page == page and glyph.text.strip() and glyph.x1 > edge - gap:
                        words = "".join(g.text for g in cell.glyphs)[:40]
                        found.append(f"page {page + 1}, table {number + 1}, row {cell.row + 1}, "
                                     f"column {cell.column + 1}: {words!r} reaches "
                                     f"{glyph.x1 - edge + gap:.1f} pt into the next column")
                        break
    return found


def split_rows(layout: Layout) -> list[str]:
    """Table rows whose cells lie on more than one page."""
    found = []
    for number, table in enumerate(layout.elements("Table")):
        for row_number, row in enumerate(r for r in table.walk() if r.kind == "TR"):
            pages = sorted({glyph.page + 1 for glyph in layout.glyphs_of(row)})
            if len(pages) > 1:
                found.append(f"table {number + 1}, row {row_number + 1}: pages {pages}")
    return found


def lonely_headers(layout: Layout) -> list[str]:
    """Tables whose (tagged, first) header row is on another page than their first row."""
    found = []
    for number, table in enumerate(layout.elements("Table")):
        heads = [e for e in table.walk() if e.kind == "THead"]
        bodies = [r for e in table.walk() if e.kind == "TBody" for r in e.children]
        if not heads or not bodies:
            continue
        head_pages = {g.page for g in layout.glyphs_of(heads[0])}
        first_row = {g.page for g in layout.glyphs_of(bodies[0])}
        if head_pages and first_row and min(first_row) != max(head_pages):
            found.append(f"table {number + 1}: header on page {max(head_pages) + 1}, "
                         f"first row on page {min(first_row) + 1}")
    return found


def outside_the_page(layout: Layout, *, margin: float) -> list[str]:
    """Glyphs closer than `margin` points to a page's left or right edge."""
    return [f"page {g.page + 1}: {g.text!r} at x {g.x0:.0f}-{g.x1:.0f}"
            for g in layout.all_glyphs
            if g.text.strip() and (g.x0 < margin or g.x1 > layout.page_width - margin)]
