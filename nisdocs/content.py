"""Checks on the bodies of the library's sources: what `nisdocs check` finds in the text.

Besides the publishing gate (nisdocs/publishing.py: raw HTML by allow-list, links and
images that stay in their text's folder), which the build applies too:

- every `#anchor` and `id:NCG-0003#anchor` names a heading of the text readers get,
  field "link";
- a translation mirrors the structure of the source text it translates: headings,
  tables, footnotes, id:/law: links and images, field "structure".

Each text is rendered once (nisdocs/rendering.py), as the site renders it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import unquote

from .library import Library
from .links import ID_TARGET, find_links
from .model import Document, Source, Translation, Version
from .problems import Problem, problem_order, shorten
from .publishing import Text, text_of, text_problems
from .rendering import Rendered, Renderer, SourceLines, body_lines, table_lines

# ATX headings as Python-Markdown reads them (no space needed after the hashes).
_HEADING_LINE = re.compile(r"^[ \t]*#{1,6}(?!#)", re.MULTILINE)
# An id set on a heading with attr_list: `## Scope {#scope}` or `## Scope {: #scope .x }`.
_EXPLICIT_ID = re.compile(r"\{:?[^}]*?#(?P<id>[\w.:-]+)[^}]*\}[ \t]*#*[ \t]*$")
_FOOTNOTE_REFERENCE = re.compile(r"\[\^(?P<label>[^\]\s]+)\](?!:)")
_FOOTNOTE_DEFINITION = re.compile(r"^[ \t]{0,3}\[\^(?P<label>[^\]\s]+)\]:", re.MULTILINE)
# How many items of a list a message shows.
_SHOWN = 10


def check_content(library: Library) -> list[Problem]:
    """Problems in the bodies of every version and translation of `library`."""
    checker = _Checker(library)
    problems: set[Problem] = set()
    for document in library.documents.values():
        problems.update(checker.document(document))
    return sorted(problems, key=problem_order)


# -- anchors ------------------------------------------------------------------------


def _anchors(text: Text) -> Iterator[Problem]:
    """Every `#anchor` link of the text names one of its headings."""
    lines = SourceLines(text.page.masked, text.source.body_line)
    for tag, attrs in text.page.tags:
        href = (dict(attrs).get("href") or "").strip() if tag == "a" else ""
        # Every target is looked up, in order, so that the n-th one gets the n-th line.
        line = lines.of_target(href) if href else None
        if href.startswith("#"):
            message = _anchor_problem(text.page, href[1:], f"#{shorten(href[1:])}",
                                      "this text")
            if message:
                yield Problem(text.source.path, line, "link", message)


def _anchor_problem(page: Rendered, anchor: str, shown: str, where: str) -> str | None:
    if not anchor or anchor in page.ids or unquote(anchor) in page.ids:
        return None
    known = _listing(list(page.heading_ids), 0, separator=", ") or "none"
    return (f"found {shown}, but {where} has no heading with the id {shorten(anchor)}; "
            f"allowed: the id of a heading of {where}: {known}")



# -- rule 3: a translation mirrors its source ----------------------------------------------


@dataclass(frozen=True)
class _Structure:
    """What a translation must have as its source does, each item with its body line."""

    headings: list[tuple[str, int | None]]
    tables: list[tuple[str, int | None]]
    footnotes: list[tuple[str, int | None]]
    definitions: list[tuple[str, int | None]]
    links: list[tuple[str, int | None]]
    images: list[tuple[str, int | None]]


def _structure(page: Rendered) -> _Structure:
    masked = page.masked
    heading_lines = body_lines(_HEADING_LINE, masked)
    images = [(values.get("src") or "").strip() for values in page.elements("img")]
    image_lines = SourceLines(masked, 1)
    headings = ["#" * level for level in page.headings]
    if len(headings) == len(heading_lines):  # an explicit {#id} is part of the structure
        rows = masked.split("\n")
        headings = [heading + _explicit_id(rows[line - 1])
                    for heading, line in zip(headings, heading_lines, strict=True)]
    return _Structure(
        headings=_with_lines(headings, heading_lines),
        tables=_with_lines([f"{c}×{r}" for c, r in page.tables], table_lines(masked)),
        footnotes=[(f"[^{m['label']}]", _line_at(masked, m.start()))
                   for m in _FOOTNOTE_REFERENCE.finditer(masked)],
        definitions=sorted((f"[^{m['label']}]", _line_at(masked, m.start()))
                           for m in _FOOTNOTE_DEFINITION.finditer(masked)),
        links=[(_link_key(link.scheme, link.target), link.line) for link in find_links(masked)],
        images=[(src, image_lines.of_target(src)) for src in images],
    )


def _explicit_id(heading: str) -> str:
    """` {#id}` when the heading line sets its id: translations keep it, so that links to
    the section work in every language."""
    match = _EXPLICIT_ID.search(heading)
    return f" {{#{match['id']}}}" if match else ""


def _with_lines(items: list[str], lines: list[int]) -> list[tuple[str, int | None]]:
    # Lines are found in the source and items in the HTML: pair them only if they agree.
    if len(items) != len(lines):
        return [(item, None) for item in items]
    return list(zip(items, lines, strict=True))


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _link_key(scheme: str, target: str) -> str:
    # Anchors name headings, which a translation names in its own language.
    return f"{scheme}:{target.split('#', 1)[0] if scheme == 'id' else target}"


_NOUNS = {"headings": ("heading", "headings"), "tables": ("table", "tables"),
          "footnotes": ("footnote reference", "footnote references"),
          "definitions": ("footnote definition", "footnote definitions"),
          "images": ("image", "images")}
_ALLOWED = {
    "headings": "the same headings as the source, in the same order, with the same {#id}s",
    "tables": "the same tables as the source, with as many columns and rows",
    "footnotes": "the same footnotes as the source, in the same order",
    "definitions": "a definition for each footnote of the source",
    "images": "the same images as the source, in the same order",
}


def _mirrors(translation: Translation, translated: Rendered, version: Version,
             original: Rendered) -> Iterator[Problem]:
    ours, theirs = _structure(translated), _structure(original)
    where = f"the source {version.source.path}, version {version.version},"
    lines = SourceLines(translated.masked, translation.source.body_line)
    for kind in ("headings", "tables", "footnotes", "images"):
        problem = _sequence(kind, getattr(ours, kind), getattr(theirs, kind), where)
        if problem is None and kind == "footnotes":
            problem = _sequence("definitions", ours.definitions, theirs.definitions, where)
        if problem:
            line, message = problem
            yield Problem(translation.source.path, line and lines.file_line(line),
                          "structure", message)
    links = _links_compared(ours.links, theirs.links, where)
    if links:
        line, message = links
        yield Problem(translation.source.path, line and lines.file_line(line), "structure",
                      message)


def _sequence(kind: str, ours: list[tuple[str, int | None]],
              theirs: list[tuple[str, int | None]], where: str) -> tuple[int | None, str] | None:
    """Where and how the translation's items first differ from the source's, if at all."""
    mine, source = [item for item, _line in ours], [item for item, _line in theirs]
    if mine == source:
        return None
    index = next((i for i, (a, b) in enumerate(zip(mine, source, strict=False)) if a != b),
                 min(len(mine), len(source)))
    line = ours[min(index, len(ours) - 1)][1] if ours else None
    prefix, separator = ("columns×rows: ", ", ") if kind == "tables" else ("", " ")
    found = _listing(mine, index, separator) or "none"
    has = _listing(source, index, separator) or "none"
    return line, (
        f"found {len(mine)} {_NOUNS[kind][len(mine) != 1]} ({prefix}{found}); {where} has "
        f"{len(source)} ({has}); allowed: {_ALLOWED[kind]}")


def _links_compared(ours: list[tuple[str, int | None]], theirs: list[tuple[str, int | None]],
                    where: str) -> tuple[int | None, str] | None:
    mine, source = Counter(item for item, _ in ours), Counter(item for item, _ in theirs)
    extra, missing = mine - source, source - mine
    if not extra and not missing:
        return None
    line = next((line for item, line in ours if item in extra), None)
    details = []
    if missing:
        details.append(f"without {_listing(sorted(missing.elements()), 0)}")
    if extra:
        details.append(f"with {_listing(sorted(extra.elements()), 0)}, which the source has not")
    return line, (
        f"found {_count(sum(mine.values()), 'id: or law: link')}, {' and '.join(details)}; "
        f"{where} has {sum(source.values())}; allowed: the same id: and law: links as the "
        "source, in any order (id: anchors may differ)")


def _listing(items: Sequence[str], index: int, separator: str = " ") -> str:
    """Up to `_SHOWN` items around `index`, with "..." for those left out."""
    start = max(0, min(index - 3, len(items) - _SHOWN))
    shown = list(items[start:start + _SHOWN])
    if start > 0:
        shown.insert(0, "...")
    if start + _SHOWN < len(items):
        shown.append(f"... ({len(items) - start - _SHOWN} more)")
    return separator.join(shown)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"



# -- the whole library ------------------------------------------------------------------


class _Checker:
    """Runs the rules over a library, rendering each text once."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.renderer = Renderer()
        self.pages: dict[str, Rendered] = {}

    def page(self, source: Source) -> Rendered:
        if source.path not in self.pages:
            self.pages[source.path] = self.renderer.render(source.body)
        return self.pages[source.path]

    def text(self, source: Source, language: str) -> Text:
        return text_of(self.library, source, language, self.page(source))

    def document(self, document: Document) -> Iterator[Problem]:
        source_language = self.library.source_language
        for version in document.versions:
            yield from self.body(self.text(version.source, source_language))
            for translation in version.translations.values():
                yield from self.body(self.text(translation.source, translation.language))
                original = document.version(translation.source_version)
                # A text that cannot be rendered is reported once, by the gate.
                translated = self.page(translation.source)
                if original is not None and not translated.error and not (
                        self.page(original.source).error):
                    yield from _mirrors(translation, translated, original,
                                        self.page(original.source))

    def body(self, text: Text) -> Iterator[Problem]:
        yield from text_problems(text)
        yield from _anchors(text)
        yield from self.id_anchors(text)

    def id_anchors(self, text: Text) -> Iterator[Problem]:
        """`id:NCG-0003#anchor` must name a heading of the text readers of this language
        get. Unknown ids and versions are library.py's to report."""
        for link in find_links(text.page.masked):
            match = ID_TARGET.match(link.target) if link.scheme == "id" else None
            target = self.library.documents.get(match["id"]) if match else None
            if match is None or target is None or not match["anchor"]:
                continue
            version = target.version(match["version"]) if match["version"] else target.current
            if version is None:
                continue
            linked = version.text(text.language, self.library.source_language)
            where = f"the text of {target.id} {version.version} in {linked.language}"
            message = _anchor_problem(self.page(linked.source), match["anchor"],
                                      f"id:{shorten(link.target)}", where)
            if message:
                yield Problem(text.source.path, text.lines.file_line(link.line), "link",
                              message)
