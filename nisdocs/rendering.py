"""A text's body as the site renders it, and where in the source each finding is.

Bodies are rendered with Python-Markdown and the extensions of mkdocs.yml, so that what
is checked is what the site shows: code blocks and code spans come out escaped, heading
ids are the site's own. The source text, with its code blanked out, is only read to find
the line of what the rendered HTML holds. Used by the publishing gate
(nisdocs/publishing.py) and the checks of `nisdocs check` (nisdocs/content.py).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown  # type: ignore[import-untyped]

from .scanner import mask_code
from .slugs import slugify

# The Markdown extensions of mkdocs.yml (`markdown_extensions`): keep the two in step, or
# heading ids and what counts as code would differ from the site's.
EXTENSIONS = ("abbr", "admonition", "attr_list", "def_list", "footnotes", "tables", "toc",
              "pymdownx.details", "pymdownx.superfences")
# Their options in mkdocs.yml: tables' alignment as an `align` attribute, not a style the
# pages' Content-Security-Policy would block; heading ids in the heading's own script
# (nisdocs/slugs.py).
EXTENSION_CONFIGS: dict[str, dict[str, object]] = {
    "tables": {"use_align_attribute": True}, "toc": {"slugify": slugify}}

_HEADING_TAGS = {f"h{level}": level for level in range(1, 7)}
# What the delimiter row under a table's header is made of: dashes, colons and pipes.
_TABLE_RULE_CHARACTERS = frozenset("|:- \t")
# What browsers drop from a URL before they read its scheme: control characters and
# spaces around it, tabs and line breaks anywhere in it (the WHATWG URL standard).
_URL_EDGES = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")
_URL_BREAKS = re.compile(r"[\t\n\r]+")


@dataclass(frozen=True)
class Rendered:
    """A body as the site renders it, and the body with its code blanked out."""

    masked: str
    html: str = ""  # what Python-Markdown made of the body
    tags: tuple[tuple[str, tuple[tuple[str, str | None], ...]], ...] = ()
    ids: frozenset[str] = frozenset()
    heading_ids: tuple[str, ...] = ()
    headings: tuple[int, ...] = ()
    tables: tuple[tuple[int, int], ...] = ()  # (columns, rows under the header)
    definitions: tuple[str, ...] = ()  # URLs of reference definitions, used or not
    error: str | None = None

    def elements(self, name: str) -> Iterator[dict[str, str | None]]:
        return (dict(attrs) for tag, attrs in self.tags if tag == name)


class Renderer:
    """One Markdown converter, reset between texts: building one costs more than a text."""

    def __init__(self) -> None:
        self.markdown = markdown.Markdown(extensions=list(EXTENSIONS),
                                          extension_configs=EXTENSION_CONFIGS)

    def render(self, body: str) -> Rendered:
        masked = mask_code(body)
        self.markdown.reset()
        walker = Walker()
        try:
            rendered = self.markdown.convert(body)
            walker.feed(rendered)
            walker.close()
        except Exception as error:  # a converter bug must not stop the other checks
            return Rendered(masked, error=f"{type(error).__name__}: {error}")
        definitions = tuple(str(url) for url, _title in self.markdown.references.values())
        return Rendered(masked, rendered, tuple(walker.tags), frozenset(walker.ids),
                        tuple(walker.heading_ids), tuple(walker.headings),
                        tuple((columns, max(rows - 1, 0)) for columns, rows in walker.tables),
                        definitions)


class Walker(HTMLParser):
    """Collects the elements, ids, headings and tables of rendered HTML, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple[tuple[str, str | None], ...]]] = []
        self.ids: set[str] = set()
        self.heading_ids: list[str] = []
        self.headings: list[int] = []
        self.tables: list[list[int]] = []  # [columns of the first row, rows]
        self.open_tables: list[list[int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, tuple(attrs)))
        element_id = dict(attrs).get("id")
        if element_id:
            self.ids.add(element_id)
        if tag in _HEADING_TAGS:
            self.headings.append(_HEADING_TAGS[tag])
            if element_id:
                self.heading_ids.append(element_id)
        self.count_table(tag)

    def count_table(self, tag: str) -> None:
        # Columns are the cells of the header row: Python-Markdown pads or cuts the others.
        if tag == "table":
            self.tables.append([0, 0])
            self.open_tables.append(self.tables[-1])
        elif self.open_tables and tag == "tr":
            self.open_tables[-1][1] += 1
        elif self.open_tables and tag in ("th", "td") and self.open_tables[-1][1] == 1:
            self.open_tables[-1][0] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.open_tables:
            self.open_tables.pop()


# -- where a finding is written ------------------------------------------------------


class SourceLines:
    """Finds the file line of what the rendered HTML holds, in the body outside code."""

    def __init__(self, masked: str, body_line: int) -> None:
        self.masked = masked
        self.body_line = body_line  # the file line of the body's first line
        self.seen: Counter[str] = Counter()  # how often each pattern was asked for

    def of_pattern(self, pattern: str) -> int | None:
        """The line of the next occurrence of `pattern`: each call for the same pattern
        moves on, and stays on the first when the source has fewer."""
        occurrence = self.seen[pattern]
        self.seen[pattern] += 1
        offsets = [match.start() for match in re.finditer(pattern, self.masked, re.IGNORECASE)]
        if not offsets:
            return None
        offset = offsets[occurrence] if occurrence < len(offsets) else offsets[0]
        return self.file_line(self.masked.count("\n", 0, offset) + 1)

    def of_target(self, target: str) -> int | None:
        """The line of a link or image target: `images/x.png`, not `../images/x.png`."""
        if not target:
            return None
        return self.of_pattern(rf"(?<![\w./-]){re.escape(target)}(?![\w/-])")

    def of_url(self, url: str) -> int | None:
        """The first line holding `url` (a `normal_url`) once entities are decoded and
        whitespace dropped, as a browser reads it; else the first line holding its scheme."""
        lines = [normal_url(line) for line in self.masked.split("\n")]
        # A URL may run over two lines of raw HTML: each line is tried with the next.
        pairs = [line + after for line, after in zip(lines, [*lines[1:], ""], strict=True)]
        for needle in (url[:40], url.split(":", 1)[0] + ":"):
            for candidates in (lines, pairs):
                number = next((n for n, line in enumerate(candidates, 1) if needle in line), 0)
                if number:
                    return self.file_line(number)
        return None

    def file_line(self, body_line: int) -> int:
        return self.body_line + body_line - 1


def body_lines(pattern: re.Pattern[str], masked: str) -> list[int]:
    """The body line of each match of `pattern`."""
    return [masked.count("\n", 0, match.start()) + 1 for match in pattern.finditer(masked)]


def table_lines(masked: str) -> list[int]:
    """The body line of each table's header: the line above a delimiter row."""
    return [max(number - 1, 1) for number, line in enumerate(masked.split("\n"), 1)
            if "|" in line and "-" in line and set(line) <= _TABLE_RULE_CHARACTERS]


def normal_url(url: str) -> str:
    """A URL as a browser reads its scheme: entities decoded, control characters and
    spaces around it and tabs and line breaks in it dropped, in lower case."""
    return _URL_BREAKS.sub("", _URL_EDGES.sub("", html.unescape(url))).lower()
