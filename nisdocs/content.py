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

import os
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from urllib.parse import unquote

from .library import Library
from .links import ID_TARGET, find_links
from .model import Document, Source, Translation, Version
from .problems import Problem, problem_order, shorten
from .publishing import Text, text_of, text_problems
from .rendering import Rendered, Renderer, SourceLines, table_lines
from .scanner import footnote_definitions, footnote_references, headings
from .text_rules import text_rule_problems

# Anchors Python-Markdown's footnotes make: their problems are footnote problems.
_FOOTNOTE_ANCHOR = ("fn:", "fnref:")
# How many items of a list a message shows.
_SHOWN = 10


@dataclass
class CheckMemo:
    """What a check learnt of each text that a later check of the same texts can reuse
    (the preview checks again after every edit): each body's conversion, and the
    publishing gate's answer for each text as it was, in a folder as it was."""

    renders: dict[str, Rendered] = field(default_factory=dict)  # by body
    gate: dict[tuple[object, ...], list[Problem]] = field(default_factory=dict)


def check_content(library: Library, documents: Collection[str] | None = None,
                  memo: CheckMemo | None = None) -> list[Problem]:
    """Problems in the bodies of every version and translation of `library`; of the
    `documents` named by id only, when given. `memo` keeps what the next check can
    reuse."""
    checker = _Checker(library, memo or CheckMemo())
    problems: set[Problem] = set()
    for document in library.documents.values():
        if documents is None or document.id in documents:
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
        if href.startswith("#") and not href[1:].startswith(_FOOTNOTE_ANCHOR):
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
    length: int  # lines of the body


def _structure(page: Rendered) -> _Structure:
    masked = page.masked
    found = headings(masked)
    images = [(values.get("src") or "").strip() for values in page.elements("img")]
    image_lines = SourceLines(masked, 1)
    levels = ["#" * level for level in page.headings]
    heading_lines = [heading.line for heading in found]
    if [heading.level for heading in found] == list(page.headings):
        # An explicit {#id} is part of the structure: links to the section work in
        # every language.
        levels = [level + (f" {{#{heading.explicit_id}}}" if heading.explicit_id else "")
                  for level, heading in zip(levels, found, strict=True)]
    return _Structure(
        headings=_with_lines(levels, heading_lines),
        tables=_with_lines([f"{c}×{r}" for c, r in page.tables], table_lines(masked)),
        footnotes=[(f"[^{f.label}]", f.line) for f in footnote_references(masked)],
        definitions=sorted((f"[^{f.label}]", f.line) for f in footnote_definitions(masked)),
        links=[(_link_key(link.scheme, link.target), link.line) for link in find_links(masked)],
        images=[(src, image_lines.of_target(src)) for src in images],
        length=masked.count("\n") + 1,
    )


def _with_lines(items: list[str], lines: list[int]) -> list[tuple[str, int | None]]:
    # Lines are found in the source and items in the HTML: pair them only if they agree.
    if len(items) != len(lines):
        return [(item, None) for item in items]
    return list(zip(items, lines, strict=True))


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
        problem = _sequence(kind, getattr(ours, kind), getattr(theirs, kind), where,
                            (ours.length, theirs.length))
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
              theirs: list[tuple[str, int | None]], where: str,
              lengths: tuple[int, int] = (1, 1)) -> tuple[int | None, str] | None:
    """Where and how the translation's items first differ from the source's, if at all."""
    mine, source = [item for item, _line in ours], [item for item, _line in theirs]
    if mine == source:
        return None
    index = _first_difference(ours, theirs, lengths)
    line = ours[min(index, len(ours) - 1)][1] if ours else None
    prefix, separator = ("columns×rows: ", ", ") if kind == "tables" else ("", " ")
    found = _listing(mine, index, separator) or "none"
    has = _listing(source, index, separator) or "none"
    return line, (
        f"found {len(mine)} {_NOUNS[kind][len(mine) != 1]} ({prefix}{found}); {where} has "
        f"{len(source)} ({has}); allowed: {_ALLOWED[kind]}")


def _first_difference(ours: list[tuple[str, int | None]], theirs: list[tuple[str, int | None]],
                      lengths: tuple[int, int]) -> int:
    """The index of the translation's first item that differs from the source's.

    With one item more or fewer, it could be at several places when neighbours look
    alike (three `###` in a row, one missing), and the first place where the sequences
    part may be many sections later. The place taken is the one after which the sections
    (the lines from one item to the next) have the same sizes, relative to their texts,
    in both: the text under a heading a translator left out is still there, under the
    heading before it."""
    mine, source = [item for item, _ in ours], [item for item, _ in theirs]
    first = next((i for i, (a, b) in enumerate(zip(mine, source, strict=False)) if a != b),
                 min(len(mine), len(source)))
    if abs(len(mine) - len(source)) != 1 or any(line is None for _, line in ours + theirs):
        return first
    mine_longer = len(mine) > len(source)
    longer, shorter = (ours, theirs) if mine_longer else (theirs, ours)
    long_length, short_length = lengths if mine_longer else lengths[::-1]
    places = [i for i in range(len(longer))
              if [item for item, _ in longer[:i] + longer[i + 1:]] == [x for x, _ in shorter]]
    short_sizes = _sections([line or 0 for _, line in shorter], short_length)

    def distance(place: int) -> float:
        sizes = _sections([line or 0 for _, line in longer], long_length)
        if place > 0:  # the section of the item left out belongs to the one before
            sizes[place - 1] += sizes[place]
        del sizes[place]
        return sum(abs(a / long_length - b / short_length)
                   for a, b in zip(sizes, short_sizes, strict=True))

    return min(places, key=lambda place: (distance(place), place)) if places else first


def _sections(lines: list[int], length: int) -> list[int]:
    """How many lines each item's section has, up to the next item or the end."""
    if not lines:
        return []
    return [end - start for start, end in zip(lines, [*lines[1:], length + 1], strict=True)]


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

    def __init__(self, library: Library, memo: CheckMemo) -> None:
        self.library = library
        self.renderer = Renderer()
        self.memo = memo
        self.pages = memo.renders

    def page(self, source: Source) -> Rendered:
        # By body: the conversion of a text is a function of its Markdown alone.
        if source.body not in self.pages:
            self.pages[source.body] = self.renderer.render(source.body)
        return self.pages[source.body]

    def text(self, source: Source, language: str) -> Text:
        return text_of(self.library, source, language, self.page(source))

    def document(self, document: Document) -> Iterator[Problem]:
        source_language = self.library.source_language
        for version in document.versions:
            # Readers of a language the version has no translation into get the source.
            readers = [source_language, *(language for language in self.library.languages[1:]
                                          if language not in version.translations)]
            # A text that exists only as a PDF has no Markdown to check (its file is
            # checked when the library is loaded), nor does it mirror its source.
            if version.source.pdf is None:
                yield from self.body(self.text(version.source, source_language), readers)
            for translation in version.translations.values():
                if translation.source.pdf is not None:
                    continue
                yield from self.body(self.text(translation.source, translation.language))
                original = document.version(translation.source_version)
                # A text that cannot be rendered is reported once, by the gate.
                translated = self.page(translation.source)
                if original is not None and original.source.pdf is None and not (
                        translated.error) and not self.page(original.source).error:
                    yield from _mirrors(translation, translated, original,
                                        self.page(original.source))

    def body(self, text: Text, readers: list[str] | None = None) -> Iterator[Problem]:
        yield from self.gate(text)
        yield from text_rule_problems(text)
        yield from _anchors(text)
        for language in readers or [text.language]:
            yield from self.id_anchors(text, language)

    def gate(self, text: Text) -> list[Problem]:
        """The publishing gate's problems: a function of the text and the files beside
        it, kept while neither changes."""
        source = text.source
        key = (source.path, source.body, source.body_line, text.language,
               tuple(sorted(os.listdir(text.folder))) if os.path.isdir(text.folder) else ())
        if key not in self.memo.gate:
            self.memo.gate[key] = list(text_problems(text))
        return self.memo.gate[key]

    def id_anchors(self, text: Text, language: str) -> Iterator[Problem]:
        """`id:NCG-0003#anchor` must name a heading of the text that readers in `language`
        get of NCG-0003 (the text itself may be shown to readers of other languages,
        untranslated). Unknown ids and versions are library.py's to report."""
        for link in find_links(text.page.masked):
            match = ID_TARGET.match(link.target) if link.scheme == "id" else None
            target = self.library.documents.get(match["id"]) if match else None
            if match is None or target is None or not match["anchor"]:
                continue
            version = target.version(match["version"]) if match["version"] else target.current
            if version is None:
                continue
            linked = version.text(language, self.library.source_language)
            where = f"the text of {target.id} {version.version} in {linked.language}"
            message = _anchor_problem(self.page(linked.source), match["anchor"],
                                      f"id:{shorten(link.target)}", where)
            if message and language != text.language:
                message = (f"for readers in {language}, who get this text untranslated: "
                           f"{message}, or an id written on the heading in every language "
                           f"(## Title {{#{match['anchor']}}})")
            if message:
                yield Problem(text.source.path, text.lines.file_line(link.line), "link",
                              message)
