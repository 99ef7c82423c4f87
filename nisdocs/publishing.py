"""The publishing gate: whether the body of a text may be published on the site.

One function, `text_problems`, decides it, and `nisdocs check` and the build call it
alike. It looks at the HTML the site will contain (the body rendered as mkdocs renders
it, nisdocs/rendering.py) and allows, by allow-list, only:

- raw HTML elements, attributes and URL schemes that the sanitiser nh3 (Ammonia's Rust
  crate) keeps under `ALLOWED_TAGS`, `ALLOWED_ATTRIBUTES` and `ALLOWED_SCHEMES`: whatever
  nh3 would remove from the HTML is refused, field "html";
- links and images whose relative targets are files in the text's own folder, and
  images that are such files and have alt text, fields "link" and "image".

The HTML is compared with nh3's cleaned copy of it, as read by two parsers: Python's
tokenizer, which sees what was written, and html5ever's tree builder (through nh3 with
everything allowed), which sees what a browser builds from it, such as a script hidden
behind `<!-->`. Anything either of them sees that the cleaned copy lacks is refused.

The build cannot afford to render every text a second time, so it renders only the texts
whose Markdown could hold something the gate refuses (`could_be_unsafe`); property tests
(tests/test_publishing.py) keep that pre-filter letting through every text the gate
refuses.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote

import nh3

from .library import Library
from .links import find_links
from .model import Source
from .problems import LibraryError, Problem, problem_order, shorten
from .rendering import Rendered, Renderer, SourceLines, normal_url
from .scanner import possible_targets

# Ammonia's own allow-list of elements: text, lists, tables, details, figures; no script,
# style, frames, forms, media, embedded objects, SVG or MathML.
ALLOWED_TAGS = frozenset(nh3.ALLOWED_TAGS)
# Ammonia's attributes, and those Python-Markdown's extensions write (ids and classes of
# headings, footnotes and admonitions; titles of links, images and abbreviations; the
# alignment of table cells as a style, of which only `text-align` is allowed).
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    tag: frozenset(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()}
for _tag, _names in {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "hreflang"}, "img": {"alt", "src", "width", "height"},
    "th": {"style"}, "td": {"style"}, "ol": {"start", "type"}, "li": {"value"},
    "details": {"open"}, "time": {"datetime"},
}.items():
    ALLOWED_ATTRIBUTES[_tag] = ALLOWED_ATTRIBUTES.get(_tag, frozenset()) | _names
STYLE_PROPERTIES = frozenset({"text-align"})
# Web and mail links, and nisdocs' links to documents (id:) and legal acts (law:).
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto", "id", "law"})
_ALLOWED_URLS = ("http:, https:, mailto:, id:, law: and relative URLs (javascript:, "
                 "vbscript: and data: URLs are refused)")
_ALLOWED_ELEMENTS = ("Markdown, and raw HTML of text, lists, tables, details and figures "
                     "(the editors' guide lists the elements); never script, style, "
                     "iframe, object, embed, form, svg or math")

# Elements html5ever may build from raw HTML, beyond Ammonia's list: the first pass keeps
# every element it sees, so that nothing a browser would build goes unnoticed.
_EVERY_TAG = ALLOWED_TAGS | {
    "script", "style", "iframe", "object", "embed", "frame", "frameset", "base", "form",
    "meta", "link", "svg", "math", "template", "noscript", "textarea", "input", "button",
    "select", "option", "video", "audio", "source", "track", "canvas", "dialog", "slot",
    "applet", "xmp", "noembed", "noframes", "plaintext", "title", "head", "body", "html",
    "marquee", "image", "keygen", "param", "picture", "portal", "fencedframe", "search",
    "menu", "label", "fieldset", "legend", "output", "progress", "meter", "datalist",
    "optgroup", "main", "section", "address", "blink", "font", "big", "nobr", "listing"}
# Attributes whose value is a URL (srcset: a comma-separated list of them).
URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "xlink:href", "poster", "background", "cite",
    "data", "longdesc", "usemap", "lowsrc", "dynsrc", "ping", "codebase", "manifest",
    "icon", "srcset"})
# A scheme such as `https:`; `C:` of a Windows path is one too.
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_EVERY_SCHEME = ALLOWED_SCHEMES | set(nh3.ALLOWED_URL_SCHEMES) | {
    "javascript", "vbscript", "data", "file", "blob", "filesystem", "jar", "about"}


@dataclass
class Text:
    """One text to decide on: its source, language, rendering and folder."""

    source: Source
    language: str
    page: Rendered
    folder: str  # absolute path of the folder the text may use files from
    lines: SourceLines = field(init=False)

    def __post_init__(self) -> None:
        self.lines = SourceLines(self.page.masked, self.source.body_line)

    @property
    def folder_name(self) -> str:
        return self.source.path.rsplit("/", 1)[0] if "/" in self.source.path else "."


def text_problems(text: Text) -> Iterator[Problem]:
    """Why `text` may not be published, if it may not: the one decision of the gate."""
    yield from _html_problems(text.source, text.page)
    yield from _links_and_images(text)


def publishing_problems(library: Library) -> list[Problem]:
    """The gate's problems for every text of `library`, rendering only the texts whose
    Markdown could hold one (`could_be_unsafe`)."""
    renderer = Renderer()
    problems: set[Problem] = set()
    for document in library.documents.values():
        for version in document.versions:
            for language, source in version.sources(library.source_language):
                if could_be_unsafe(source.body):
                    problems.update(text_problems(text_of(library, source, language,
                                                          renderer.render(source.body))))
    return sorted(problems, key=problem_order)


def refuse_unpublishable(library: Library) -> None:
    """Raise LibraryError with the `publishing_problems` of `library`, if any."""
    problems = publishing_problems(library)
    if problems:
        raise LibraryError(problems)


def text_of(library: Library, source: Source, language: str, page: Rendered) -> Text:
    path = os.path.normpath(library.config.root / source.path)
    return Text(source, language, page, os.path.dirname(path))


def unsafe_html(source: Source) -> list[Problem]:
    """The raw HTML of `source`'s body that the gate refuses."""
    return sorted(set(_html_problems(source, Renderer().render(source.body))),
                  key=problem_order)


# -- the pre-filter -----------------------------------------------------------------

# Without raw HTML (`<`), character references (`&`), images (`![`) and attribute lists
# that set a value (`{: href=...}`), a body's links are Markdown links, inline or defined,
# and the gate can only refuse one of their targets (all of them, by the scanner's
# `possible_targets`). An empty target, a definition's whose URL is on the next line,
# counts as one that could be unsafe.
_ATTRIBUTE_VALUE = re.compile(r"\{[^}\n]*=")
_SAFE_TARGET = re.compile(r"(?:https?:|mailto:|id:|law:|#)", re.IGNORECASE)
# A target that only nisdocs resolves, before the page is published.
_UNRESOLVED = re.compile(r"(?:id|law):", re.IGNORECASE)


def could_be_unsafe(body: str) -> bool:
    """False only when the gate certainly refuses nothing in `body`: no `<`, `&` or `![`,
    no attribute list that sets a value, and every link target a web, mail, id:, law:
    or #anchor one."""
    if "<" in body or "&" in body or "![" in body or (
            "{" in body and _ATTRIBUTE_VALUE.search(body)):
        return True
    targets = possible_targets(body)
    # An id: or law: target the link scanner does not find would reach the page as it is.
    ours = [target for target in targets if _UNRESOLVED.match(target)]
    if ours and len(ours) != sum(1 for _link in find_links(body)):
        return True
    return any(not _SAFE_TARGET.match(target) for target in targets)


# -- raw HTML, by allow-list --------------------------------------------------------

# An element, or an attribute of an element with its value (a style: its properties).
_Token = tuple[str, ...]


class _Tokens(HTMLParser):
    """The start tags and attributes of some HTML, in order."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[_Token] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(("element", tag))
        for name, value in attrs:
            shown = _style_properties(value or "") if name == "style" else (value or "")
            self.tokens.append(("attribute", tag, name, shown))


def _style_properties(style: str) -> str:
    names = (part.split(":", 1)[0].strip().lower() for part in style.split(";"))
    return " ".join(sorted(name for name in names if name))


def _local_image(tag: str, name: str, value: str) -> str | None:
    # Images are files of the document's folder: the site loads nothing from other sites.
    return None if tag == "img" and name == "src" and _external(value) else value


def _external(url: str) -> bool:
    normal = normal_url(url)
    return normal.startswith("//") or _SCHEME.match(normal) is not None


def _cleaned(html: str) -> str:
    return nh3.clean(html, tags=set(ALLOWED_TAGS),
                     attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
                     url_schemes=set(ALLOWED_SCHEMES), filter_style_properties=set(
                         STYLE_PROPERTIES), attribute_filter=_local_image, link_rel=None,
                     strip_comments=True)


def _as_browsers_build_it(html: str, seen: list[_Token]) -> str:
    """`html` through html5ever with every element and attribute kept: what a browser
    builds from it, which Python's tokenizer may not see (`<!--><script>`)."""
    schemes = {match[0][:-1].lower() for token in seen if token[0] == "attribute"
               for match in [_SCHEME.match(normal_url(token[3]))] if match}
    return nh3.clean(html, tags=set(_EVERY_TAG | {t[1] for t in seen if t[0] == "element"}),
                     generic_attribute_prefixes={""}, clean_content_tags=set(),
                     url_schemes=_EVERY_SCHEME | schemes, link_rel=None, strip_comments=True)


def refused_html(html: str) -> list[_Token]:
    """What the gate refuses in `html`, in order: the elements and attributes that nh3
    removes under the allow-list."""
    written = _Tokens(html).tokens
    built = _Tokens(_as_browsers_build_it(html, written)).tokens
    kept = Counter(_Tokens(_cleaned(html)).tokens)
    extra = Counter(built) - Counter(written)
    refused = []
    for token in [*written, *extra.elements()]:
        if kept[token] > 0:
            kept[token] -= 1
        else:
            refused.append(token)
    return refused


def _html_problems(source: Source, page: Rendered) -> Iterator[Problem]:
    if page.error:
        yield Problem(source.path, None, "html", (
            f"found Markdown that cannot be rendered ({page.error}); allowed: Markdown as "
            "the site renders it"))
        return
    lines = SourceLines(page.masked, source.body_line)
    refused = refused_html(page.html)
    elements = {token[1] for token in refused if token[0] == "element"}
    urls: list[str] = []
    for token in refused:
        if token[0] == "element":
            yield _element_problem(source, lines, token[1])
        elif token[1] not in elements:  # an element refused is reported once, as such
            _kind, tag, name, value = token
            if name in URL_ATTRIBUTES and _url_refused(name, value):
                urls.append(normal_url(value))
            else:
                yield _attribute_problem(source, lines, tag, name, value)
    urls += [normal_url(url) for url in page.definitions if _scheme_refused(url)]
    # One problem per URL: a reference definition is used by every link that names it.
    for url in dict.fromkeys(urls):
        yield Problem(source.path, lines.of_url(url), "html",
                      f'found the URL "{shorten(url)}"; allowed: {_ALLOWED_URLS}')


def _element_problem(source: Source, lines: SourceLines, tag: str) -> Problem:
    # An element hidden in what Python's tokenizer takes for a comment (`<!--><script>`)
    # is looked for in the body as written.
    pattern = rf"<{re.escape(tag)}(?![\w-])"
    line = lines.of_pattern(pattern) or _written_line(source, pattern)
    if tag in ALLOWED_TAGS:
        return Problem(source.path, line, "html", (
            f"found the raw HTML element <{tag}> where HTML does not allow it, so browsers "
            f"would not show it as written; allowed: <{tag}> where HTML allows it, or "
            "Markdown"))
    return Problem(source.path, line, "html",
                   f"found the raw HTML element <{tag}>; allowed: {_ALLOWED_ELEMENTS}")


def _written_line(source: Source, pattern: str) -> int | None:
    match = re.search(pattern, source.body, re.IGNORECASE)
    return None if match is None else source.body_line + source.body.count("\n", 0, match.start())


def _attribute_problem(source: Source, lines: SourceLines, tag: str, name: str,
                       value: str) -> Problem:
    line = _attribute_line(lines, name)
    if name.startswith("on"):
        return Problem(source.path, line, "html", (
            f"found the event-handler attribute {name} on <{tag}>; allowed: no on... "
            "attributes: sources cannot run scripts"))
    if name == "style":
        allowed = ", ".join(sorted(STYLE_PROPERTIES))
        return Problem(source.path, line, "html", (
            f"found the CSS properties {shorten(value)} in a style attribute on <{tag}>; "
            f"allowed: only {allowed}, as Markdown's table alignment sets it; classes "
            "(`{: .name }`) instead of styles"))
    if tag == "img" and name == "src" and _external(value):
        return Problem(source.path, lines.of_target(value) or line, "image", (
            f"found the image {shorten(value)}, which is not a file of the document's "
            "folder; allowed: image files in that folder, such as images/flow.svg (the site "
            "loads nothing from other sites)"))
    names = sorted(ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(tag, frozenset()))
    if name in names:  # allowed, but with a value a browser would read otherwise
        return Problem(source.path, lines.of_target(value) or line, "html", (
            f"found {name}=\"{shorten(value)}\" on <{tag}>, which browsers read otherwise "
            "than it is written (control characters, or markup HTML rewrites); allowed: "
            "plain text values"))
    return Problem(source.path, line, "html", (
        f"found the attribute {name} on <{tag}>; allowed on <{tag}>: {', '.join(names)}"))


def _url_refused(name: str, value: str) -> bool:
    urls = value.split(",") if name == "srcset" else [value]
    return any(_scheme_refused(url) for url in urls)


def _scheme_refused(url: str) -> bool:
    match = _SCHEME.match(normal_url(url))
    return match is not None and match[0][:-1] not in ALLOWED_SCHEMES


def _attribute_line(lines: SourceLines, name: str) -> int | None:
    pattern = rf"(?<![\w:-]){re.escape(name)}"
    return lines.of_pattern(pattern + r"\s*=") or lines.of_pattern(pattern + r"(?![\w-])")


# -- links and images ---------------------------------------------------------------


def _links_and_images(text: Text) -> Iterator[Problem]:
    # The id: and law: links the site resolves: those the scanner finds (library.py
    # checks them); any other one would reach the page unresolved, a dead href.
    resolved = {f"{link.scheme}:{link.target}" for link in find_links(text.source.body)}
    for tag, attrs in text.page.tags:
        values = dict(attrs)
        if tag not in ("a", "img") or (tag == "a" and values.get("href") is None):
            continue
        target = (values.get("href" if tag == "a" else "src") or "").strip()
        # Every target is looked up, in order, so that the n-th one gets the n-th line.
        line = text.lines.of_target(target)
        if tag == "a" and _UNRESOLVED.match(target) and not any(
                found.startswith(target) for found in resolved):
            yield Problem(text.source.path, line, "link", (
                f"found {shorten(target)}, an id: or law: link the site cannot resolve "
                "(written in HTML or in a form Markdown does not read as a link); allowed: "
                "a Markdown link, such as [the guideline](id:NCG-0003) or "
                "[the measures](law:NIS2/21/2/d)"))
            continue
        message = _target_problem(text, target) if target else None
        if message:
            yield Problem(text.source.path, line, "link" if tag == "a" else "image", message)
        if tag == "img" and not (values.get("alt") or "").strip():
            yield Problem(text.source.path, line, "image", (
                f"found an image without alt text ({shorten(target)}); allowed: an image "
                "with a description of what it shows, such as ![Timeline of the "
                f"reports]({shorten(target) or 'images/timeline.svg'})"))


def _target_problem(text: Text, value: str) -> str | None:
    """What is wrong with a relative link or image target, if anything. Targets with a
    scheme are the HTML rule's (and id: and law: ones library.py's); #anchors are
    `nisdocs check`'s, which knows the headings."""
    if _SCHEME.match(normal_url(value)) or value.startswith(("//", "#")):
        return None
    if value.startswith("/"):
        return (f"found {shorten(value)}, an absolute path, which breaks when the site is "
                "published under a sub-path; allowed: a path relative to this file, such as "
                "images/flow.svg, or a link to another document by its id, such as "
                "id:NCG-0003")
    path = value.partition("#")[0].split("?", 1)[0]
    if not path:
        return None
    if path.lower().endswith(".md"):
        return (f"found {shorten(value)}, a link to a Markdown file; allowed: links to "
                "other documents by their id, such as [the guideline](id:NCG-0003) or "
                "id:NCG-0003#section")
    target = os.path.normpath(os.path.join(text.folder, unquote(path)))
    if target != text.folder and not target.startswith(text.folder + os.sep):
        return (f"found {shorten(value)}, outside the folder {text.folder_name} (the root "
                "of this text's page and PDF); allowed: files in that folder or below it, "
                "such as images/flow.svg: each version folder keeps its own copies")
    if not os.path.isfile(target):
        return (f"found {shorten(value)}, but there is no such file; allowed: an existing "
                f"file in {text.folder_name} or below it")
    return None

