"""Checks on the bodies of the library's sources: what `nisdocs check` finds in the text.

Three rules, each reported as problems with the file and line:

- `unsafe_html`: no raw HTML that runs code or loads other pages (script, iframe, event
  handlers, javascript:/vbscript:/data: URLs), field "html";
- every relative link and image names an existing file in the text's own folder, every
  `#anchor` and `id:NCG-0003#anchor` a heading of the text readers get, and every image
  has alt text, fields "link" and "image";
- a translation mirrors the structure of the source text it translates: headings,
  tables, footnotes, id:/law: links and images, field "structure".

Bodies are rendered with Python-Markdown and the extensions of mkdocs.yml, so that what
is checked is what the site shows: code blocks and code spans come out escaped, heading
ids are the site's own. The source text, with its code blanked out, is only read to find
the line of what the rendered HTML holds.
"""

from __future__ import annotations

import html
import os
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote

import markdown  # type: ignore[import-untyped]

from .library import Library
from .links import ID_TARGET, find_links
from .model import Document, Source, Translation, Version
from .problems import LibraryError, Problem, problem_order

# The Markdown extensions of mkdocs.yml (`markdown_extensions`): keep the two in step, or
# heading ids and what counts as code would differ from the site's.
EXTENSIONS = ("abbr", "admonition", "attr_list", "def_list", "footnotes", "tables", "toc",
              "pymdownx.details", "pymdownx.superfences")

# Elements that run code, embed or load other pages, or change where links lead.
UNSAFE_ELEMENTS = ("script", "iframe", "object", "embed", "frame", "frameset", "base",
                   "form", "meta", "link", "style")
# URL schemes a browser runs or renders as a page of their own.
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")
# Attributes whose value is a URL (srcset: a comma-separated list of them).
URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "xlink:href", "poster", "background", "cite",
    "data", "longdesc", "usemap", "lowsrc", "dynsrc", "ping", "codebase", "manifest",
    "icon", "srcset"})
_HEADING_TAGS = {f"h{level}": level for level in range(1, 7)}
_ALLOWED_URLS = ("http:, https:, mailto:, id:, law: and relative URLs (javascript:, "
                 "vbscript: and data: URLs are refused)")

# A scheme such as `https:`; `C:` of a Windows path is one too, and left alone likewise.
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# Fences of fenced code blocks (superfences allows them indented, in lists and admonitions).
_FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
# Code spans, which Python-Markdown lets run over lines but not over a blank line.
_CODE_SPAN = re.compile(r"(?<![\\`])(?P<ticks>`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)(?P=ticks)(?!`)",
                        re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# ATX headings as Python-Markdown reads them (no space needed after the hashes).
_HEADING_LINE = re.compile(r"^[ \t]*#{1,6}(?!#)", re.MULTILINE)
# An id set on a heading with attr_list: `## Scope {#scope}` or `## Scope {: #scope .x }`.
_EXPLICIT_ID = re.compile(r"\{:?[^}]*?#(?P<id>[\w.:-]+)[^}]*\}[ \t]*#*[ \t]*$")
# What the delimiter row under a table's header is made of: dashes, colons and pipes.
_TABLE_RULE_CHARACTERS = frozenset("|:- \t")
_FOOTNOTE_REFERENCE = re.compile(r"\[\^(?P<label>[^\]\s]+)\](?!:)")
_FOOTNOTE_DEFINITION = re.compile(r"^[ \t]{0,3}\[\^(?P<label>[^\]\s]+)\]:", re.MULTILINE)
# Whitespace and control characters, which browsers ignore inside a URL's scheme.
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]+")
# How many items of a list a message shows.
_SHOWN = 10


def check_content(library: Library) -> list[Problem]:
    """Problems in the bodies of every version and translation of `library`."""
    checker = _Checker(library)
    problems: set[Problem] = set()
    for document in library.documents.values():
        problems.update(checker.document(document))
    return sorted(problems, key=problem_order)


def publishing_problems(library: Library) -> list[Problem]:
    """What the build refuses to publish, whatever `nisdocs check` was run or not: the
    unsafe-HTML rule and the links-and-images rule (which keeps relative links and
    images inside their text's folder) on every text of `library`.

    Rendering every text again would cost the build about as much as mkdocs' own
    conversion, so a text is rendered only when its Markdown could hold something
    either rule reports (`could_be_unsafe`); `check_content` renders them all."""
    checker = _Checker(library)
    problems: set[Problem] = set()
    for document in library.documents.values():
        for version in document.versions:
            texts = [(version.source, library.source_language),
                     *((t.source, t.language) for t in version.translations.values())]
            for source, language in texts:
                if could_be_unsafe(source.body):
                    text = checker.text(source, language)
                    problems.update(_unsafe(text.source, text.page))
                    problems.update(_links_and_images(text))
    return sorted(problems, key=problem_order)


def refuse_unpublishable(library: Library) -> None:
    """Raise LibraryError with the `publishing_problems` of `library`, if any."""
    problems = publishing_problems(library)
    if problems:
        raise LibraryError(problems)


# A URL outside raw HTML (which needs `<`), character references (`&`) and attribute
# lists (`{: href=...}`) is a Markdown link's or image's target, inline or defined: a
# body with none of the three and only these targets breaks neither rule. A test keeps
# every example of the two rules matched by `could_be_unsafe`.
_ATTRIBUTE_VALUE = re.compile(r"\{[^}\n]*=")
_INLINE_TARGET = re.compile(r"\]\(\s*<?(?P<target>[^)\s>]*)")
_DEFINED_TARGET = re.compile(r"^ {0,3}\[(?!\^)[^\]\n]+\]:[ \t]*<?(?P<target>[^\s>]+)",
                             re.MULTILINE)
_SAFE_TARGET = re.compile(r"(?:https?:|mailto:|id:|law:|#)", re.IGNORECASE)


def could_be_unsafe(body: str) -> bool:
    """False only when `body` certainly breaks neither the unsafe-HTML rule nor the
    links-and-images rule: no `<`, no `&`, no attribute list that sets a value, and
    every link and image target a web, mail, id:, law: or #anchor one."""
    if "<" in body or "&" in body or ("{" in body and _ATTRIBUTE_VALUE.search(body)):
        return True
    targets = [match["target"] for match in _INLINE_TARGET.finditer(body)]
    if "]:" in body:
        targets += [match["target"] for match in _DEFINED_TARGET.finditer(body)]
    return any(target and not _SAFE_TARGET.match(target) for target in targets)


def unsafe_html(source: Source) -> list[Problem]:
    """Raw HTML in `source`'s body that runs code or loads other pages."""
    page = _Renderer().render(source.body)
    return sorted(set(_unsafe(source, page)), key=problem_order)


# -- rendering ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Page:
    """A body as the site renders it, and the body with its code blanked out."""

    masked: str
    tags: tuple[tuple[str, tuple[tuple[str, str | None], ...]], ...] = ()
    ids: frozenset[str] = frozenset()
    heading_ids: tuple[str, ...] = ()
    headings: tuple[int, ...] = ()
    tables: tuple[tuple[int, int], ...] = ()  # (columns, rows under the header)
    definitions: tuple[str, ...] = ()  # URLs of reference definitions, used or not
    error: str | None = None

    def elements(self, name: str) -> Iterator[dict[str, str | None]]:
        return (dict(attrs) for tag, attrs in self.tags if tag == name)


class _Renderer:
    """One Markdown converter, reset between texts: building one costs more than a text."""

    def __init__(self) -> None:
        self.markdown = markdown.Markdown(extensions=list(EXTENSIONS))

    def render(self, body: str) -> _Page:
        masked = _mask_code(body)
        self.markdown.reset()
        walker = _Walker()
        try:
            walker.feed(self.markdown.convert(body))
            walker.close()
        except Exception as error:  # a converter bug must not stop the other checks
            return _Page(masked, error=f"{type(error).__name__}: {error}")
        definitions = tuple(str(url) for url, _title in self.markdown.references.values())
        return _Page(masked, tuple(walker.tags), frozenset(walker.ids),
                     tuple(walker.heading_ids), tuple(walker.headings),
                     tuple((columns, max(rows - 1, 0)) for columns, rows in walker.tables),
                     definitions)


class _Walker(HTMLParser):
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


def _mask_code(body: str) -> str:
    """`body` with fenced code, code spans and HTML comments blanked out: lines and
    offsets stay where they were, so that what is found in it has its line."""
    lines = body.split("\n")
    fence: str | None = None
    start = 0
    for index, line in enumerate(lines):
        if fence is None:
            match = _FENCE.match(line)
            if match and not (match["fence"][0] == "`" and "`" in match["info"]):
                fence, start = match["fence"], index
                lines[index] = _blank(line)
        else:
            closing = line.strip()
            if closing and closing == fence[0] * len(closing) and len(closing) >= len(fence):
                fence = None
            lines[index] = _blank(line)
    # An unclosed fence is no code block for Python-Markdown: its lines are text.
    if fence is not None:
        lines[start:] = body.split("\n")[start:]
    text = _CODE_SPAN.sub(lambda match: _blank(match[0]), "\n".join(lines))
    return _COMMENT.sub(lambda match: _blank(match[0]), text)


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


# -- where a finding is written ------------------------------------------------------


class _Lines:
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

    def of_url(self, normal_url: str) -> int | None:
        """The first line holding `normal_url` once entities are decoded and whitespace
        dropped, as a browser reads it; else the first line holding its scheme."""
        lines = [_normal_url(line) for line in self.masked.split("\n")]
        # A URL may run over two lines of raw HTML: each line is tried with the next.
        pairs = [line + after for line, after in zip(lines, [*lines[1:], ""], strict=True)]
        for needle in (normal_url[:40], normal_url.split(":", 1)[0] + ":"):
            for candidates in (lines, pairs):
                number = next((n for n, line in enumerate(candidates, 1) if needle in line), 0)
                if number:
                    return self.file_line(number)
        return None

    def file_line(self, body_line: int) -> int:
        return self.body_line + body_line - 1


def _body_lines(pattern: re.Pattern[str], masked: str) -> list[int]:
    """The body line of each match of `pattern`."""
    return [masked.count("\n", 0, match.start()) + 1 for match in pattern.finditer(masked)]


def _table_lines(masked: str) -> list[int]:
    """The body line of each table's header: the line above a delimiter row."""
    return [max(number - 1, 1) for number, line in enumerate(masked.split("\n"), 1)
            if "|" in line and "-" in line and set(line) <= _TABLE_RULE_CHARACTERS]


# -- rule 1: unsafe HTML ----------------------------------------------------------------


def _unsafe(source: Source, page: _Page) -> Iterator[Problem]:
    if page.error:
        yield Problem(source.path, None, "html", (
            f"found Markdown that cannot be rendered ({page.error}); allowed: Markdown as "
            "the site renders it"))
        return
    lines = _Lines(page.masked, source.body_line)
    urls: list[str] = []
    for tag, attrs in page.tags:
        if tag in UNSAFE_ELEMENTS:
            yield Problem(source.path, lines.of_pattern(rf"<{tag}(?![\w-])"), "html", (
                f"found the raw HTML element <{tag}>; allowed: Markdown, with no "
                f"{', '.join(UNSAFE_ELEMENTS[:-1])} or {UNSAFE_ELEMENTS[-1]} elements"))
        for name, value in attrs:
            if name.startswith("on"):
                yield Problem(source.path, _attribute_line(lines, name), "html", (
                    f"found the event-handler attribute {name} on <{tag}>; allowed: no "
                    "on... attributes: sources cannot run scripts"))
            elif name in URL_ATTRIBUTES and value:
                urls += [url for url in _urls_of(name, value) if _is_unsafe(url)]
    urls += [_normal_url(url) for url in page.definitions if _is_unsafe(_normal_url(url))]
    # One problem per URL: a reference definition is used by every link that names it.
    for url in dict.fromkeys(urls):
        yield Problem(source.path, lines.of_url(url), "html",
                      f'found the URL "{_shorten(url)}"; allowed: {_ALLOWED_URLS}')


def _attribute_line(lines: _Lines, name: str) -> int | None:
    pattern = rf"(?<![\w:-]){re.escape(name)}"
    return lines.of_pattern(pattern + r"\s*=") or lines.of_pattern(pattern + r"(?![\w-])")


def _urls_of(name: str, value: str) -> list[str]:
    normal = _normal_url(value)
    return normal.split(",") if name == "srcset" else [normal]


def _normal_url(url: str) -> str:
    """A URL as a browser reads its scheme: entities decoded, whitespace and control
    characters dropped, in lower case."""
    return _IGNORED_IN_URLS.sub("", html.unescape(url)).lower()


def _is_unsafe(normal_url: str) -> bool:
    return normal_url.startswith(UNSAFE_SCHEMES)


# -- rule 2: links and images ---------------------------------------------------------


@dataclass
class _Text:
    """One text to check: its source, language, and rendering."""

    source: Source
    language: str
    page: _Page
    folder: str  # absolute path of the folder the text may use files from
    lines: _Lines = field(init=False)

    def __post_init__(self) -> None:
        self.lines = _Lines(self.page.masked, self.source.body_line)

    @property
    def folder_name(self) -> str:
        return self.source.path.rsplit("/", 1)[0] if "/" in self.source.path else "."


def _links_and_images(text: _Text) -> Iterator[Problem]:
    for tag, attrs in text.page.tags:
        values = dict(attrs)
        if tag not in ("a", "img") or (tag == "a" and values.get("href") is None):
            continue
        target = (values.get("href" if tag == "a" else "src") or "").strip()
        # Every target is looked up, in order, so that the n-th one gets the n-th line.
        line = text.lines.of_target(target)
        message = _target_problem(text, target) if target else None
        if message:
            yield Problem(text.source.path, line, "link" if tag == "a" else "image", message)
        if tag == "img" and not (values.get("alt") or "").strip():
            yield Problem(text.source.path, line, "image", (
                f"found an image without alt text ({_shorten(target)}); allowed: an image "
                "with a description of what it shows, such as ![Timeline of the "
                f"reports]({_shorten(target) or 'images/timeline.svg'})"))


def _target_problem(text: _Text, value: str) -> str | None:
    """What is wrong with a link or image target, if anything. Targets with a scheme
    are not checked here: unsafe ones are rule 1's, id: and law: ones library.py's and
    `_id_anchors`', and web ones cannot be checked offline."""
    if _SCHEME.match(value) or value.startswith("//") or _is_unsafe(_normal_url(value)):
        return None
    if value.startswith("/"):
        return (f"found {_shorten(value)}, an absolute path, which breaks when the site is "
                "published under a sub-path; allowed: a path relative to this file, such as "
                "images/flow.svg, or a link to another document by its id, such as "
                "id:NCG-0003")
    path, _hash, anchor = value.partition("#")
    path = path.split("?", 1)[0]
    if not path:
        return _anchor_problem(text.page, anchor, f"#{_shorten(anchor)}", "this text")
    if path.lower().endswith(".md"):
        return (f"found {_shorten(value)}, a link to a Markdown file; allowed: links to "
                "other documents by their id, such as [the guideline](id:NCG-0003) or "
                "id:NCG-0003#section")
    return _file_problem(text, value, unquote(path))


def _file_problem(text: _Text, value: str, path: str) -> str | None:
    target = os.path.normpath(os.path.join(text.folder, path))
    if target != text.folder and not target.startswith(text.folder + os.sep):
        return (f"found {_shorten(value)}, outside the folder {text.folder_name} (the root "
                "of this text's page and PDF); allowed: files in that folder or below it, "
                "such as images/flow.svg: each version folder keeps its own copies")
    if not os.path.isfile(target):
        return (f"found {_shorten(value)}, but there is no such file; allowed: an existing "
                f"file in {text.folder_name} or below it")
    return None


def _anchor_problem(page: _Page, anchor: str, shown: str, where: str) -> str | None:
    if not anchor or anchor in page.ids or unquote(anchor) in page.ids:
        return None
    known = _listing(list(page.heading_ids), 0, separator=", ") or "none"
    return (f"found {shown}, but {where} has no heading with the id {_shorten(anchor)}; "
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


def _structure(page: _Page) -> _Structure:
    masked = page.masked
    heading_lines = _body_lines(_HEADING_LINE, masked)
    images = [(values.get("src") or "").strip() for values in page.elements("img")]
    image_lines = _Lines(masked, 1)
    headings = ["#" * level for level in page.headings]
    if len(headings) == len(heading_lines):  # an explicit {#id} is part of the structure
        rows = masked.split("\n")
        headings = [heading + _explicit_id(rows[line - 1])
                    for heading, line in zip(headings, heading_lines, strict=True)]
    return _Structure(
        headings=_with_lines(headings, heading_lines),
        tables=_with_lines([f"{c}×{r}" for c, r in page.tables], _table_lines(masked)),
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


def _mirrors(translation: Translation, translated: _Page, version: Version,
             original: _Page) -> Iterator[Problem]:
    ours, theirs = _structure(translated), _structure(original)
    where = f"the source {version.source.path}, version {version.version},"
    lines = _Lines(translated.masked, translation.source.body_line)
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


def _shorten(value: str) -> str:
    """`value` for a message: control characters shown as escapes, at most 80 long."""
    value = re.sub(r"[\x00-\x1f\x7f]", lambda match: f"\\x{ord(match[0]):02x}", value)
    return value if len(value) <= 80 else value[:77] + "..."


# -- the whole library ------------------------------------------------------------------


class _Checker:
    """Runs the rules over a library, rendering each text once."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.renderer = _Renderer()
        self.pages: dict[str, _Page] = {}

    def page(self, source: Source) -> _Page:
        if source.path not in self.pages:
            self.pages[source.path] = self.renderer.render(source.body)
        return self.pages[source.path]

    def text(self, source: Source, language: str) -> _Text:
        path = os.path.normpath(self.library.config.root / source.path)
        return _Text(source, language, self.page(source), os.path.dirname(path))

    def document(self, document: Document) -> Iterator[Problem]:
        source_language = self.library.source_language
        for version in document.versions:
            yield from self.body(self.text(version.source, source_language))
            for translation in version.translations.values():
                yield from self.body(self.text(translation.source, translation.language))
                original = document.version(translation.source_version)
                # A text that cannot be rendered is reported once, by `_unsafe`.
                translated = self.page(translation.source)
                if original is not None and not translated.error and not (
                        self.page(original.source).error):
                    yield from _mirrors(translation, translated, original,
                                        self.page(original.source))

    def body(self, text: _Text) -> Iterator[Problem]:
        yield from _unsafe(text.source, text.page)
        yield from _links_and_images(text)
        yield from self.id_anchors(text)

    def id_anchors(self, text: _Text) -> Iterator[Problem]:
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
                                      f"id:{_shorten(link.target)}", where)
            if message:
                yield Problem(text.source.path, text.lines.file_line(link.line), "link",
                              message)
