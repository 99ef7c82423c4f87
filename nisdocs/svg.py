"""Whether an SVG file a document ships is a static drawing that may be published.

Parsed with the standard library's expat (namespace-aware, with line numbers, never
expanding an entity: a DOCTYPE stops the check). Refused: scripts, event handlers,
animation, foreignObject, elements and attributes outside the allow-lists, processing
instructions, references to anything outside the file (href other than #id, CSS
@import and url() other than url(#id)), and drawings too large to render. Used by
nisdocs/assets.py; the rules, for editors: guidelines/README.md, "Files a document may ship".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.parsers import expat

from . import problems

MAX_SVG_ELEMENTS = 50_000  # counting every copy a <use> makes
MAX_SVG_DEPTH = 50
MAX_USE_CHAIN = 8  # a <use> of an element holding a <use> of ...
MAX_SVG_PROBLEMS = 10  # per file; the check stops there
SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
SVG_ELEMENTS = frozenset({
    "svg", "g", "defs", "symbol", "use", "title", "desc", "metadata", "style",
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "text", "tspan", "textPath",
    "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker",
    "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feFuncR", "feFuncG",
    "feFuncB", "feFuncA", "feComposite", "feDropShadow", "feFlood", "feGaussianBlur",
    "feMerge", "feMergeNode", "feMorphology", "feOffset",
})
ANIMATION = frozenset({"set", "animate", "animateMotion", "animateTransform", "animateColor",
                       "discard", "mpath"})
OTHER_ATTRIBUTES = {(XLINK, "href"), (XLINK, "title"), (XML, "lang"), (XML, "space")}
# What CSS (in <style>, `style` and every attribute) may call: colours, arithmetic and
# transforms; url() only as url(#id). image-set(), src() and the like load files.
CSS_FUNCTIONS = frozenset({
    "url", "rgb", "rgba", "hsl", "hsla", "calc", "var", "min", "max", "matrix", "translate",
    "translatex", "translatey", "rotate", "scale", "scalex", "scaley", "skew", "skewx", "skewy",
})
CSS_FUNCTION = re.compile(r"(-?[A-Za-z_][A-Za-z0-9_-]*)\(")
CSS_AT_RULE = re.compile(r"@(-?[A-Za-z_][A-Za-z0-9_-]*)")
CSS_OWN_URL = re.compile(r"""url\(\s*(["']?)#[\w.:-]+\1\s*\)""", re.IGNORECASE)
FRAGMENT = re.compile(r"#[\w.:-]+")

# -- SVG --------------------------------------------------------------------------------


class _Stop(Exception):
    """Stops the parse (a DOCTYPE, enough problems) or, with (line, message), the check
    of <use> copies."""


@dataclass(eq=False)
class _Element:
    line: int
    children: list[_Element] = field(default_factory=list)
    use: str | None = None  # the id a <use> copies


def looks_like_markup(data: bytes) -> bool:
    """Whether `data` starts as XML does (after a byte-order mark and white space)."""
    return data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def svg_problems(data: bytes) -> list[tuple[int | None, str]]:
    """The (line, message) of each thing an SVG file may not hold (at most
    `MAX_SVG_PROBLEMS`). Never raises. What is no markup at all is nisdocs/assets.py's
    to name (`looks_like_markup`)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return [(None, f"not valid UTF-8 (byte {error.start}); allowed: UTF-8 text")]
    checker = _SvgChecker()
    return checker.run(data)


class _SvgChecker:
    def __init__(self) -> None:
        self.problems: list[tuple[int | None, str]] = []
        self.parser = expat.ParserCreate(encoding="UTF-8", namespace_separator=" ")
        self.parser.namespace_prefixes = True
        self.parser.ordered_attributes = True
        self.parser.StartDoctypeDeclHandler = self.doctype
        self.parser.ProcessingInstructionHandler = self.instruction
        self.parser.XmlDeclHandler = self.declaration
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.text
        self.stack: list[tuple[str, _Element]] = []
        self.root = _Element(0)
        self.ids: dict[str, _Element] = {}
        self.count = 0
        self.style: list[tuple[int, str]] = []  # the text of the open <style>, by line

    def run(self, data: bytes) -> list[tuple[int | None, str]]:
        try:
            self.parser.Parse(data, True)
        except _Stop:
            return self.problems
        except expat.ExpatError as error:
            reason = expat.ErrorString(error.code)
            return [*self.problems, (error.lineno, f"not well-formed XML ({reason}, column "
                                     f"{error.offset + 1}); allowed: a well-formed SVG file")]
        if not self.problems:
            self.check_uses()
        return self.problems

    def add(self, message: str, line: int | None = None) -> None:
        self.problems.append((line or self.parser.CurrentLineNumber, message))
        if len(self.problems) >= MAX_SVG_PROBLEMS:
            raise _Stop

    def doctype(self, name: str, *_ignored: object) -> None:
        self.add(f"found a DOCTYPE declaration (<!DOCTYPE {name}>); allowed: none, since "
                 "its entities can expand without bound or load other files; the check "
                 "stopped there")
        raise _Stop

    def instruction(self, target: str, data: str) -> None:
        self.add(f"found the processing instruction <?{target} {shorten(data)}?>; allowed: "
                 "none (an <?xml-stylesheet?> would apply a style from elsewhere)")

    def declaration(self, version: str, encoding: str | None, standalone: int) -> None:
        if encoding is not None and encoding.lower().replace("-", "") != "utf8":
            self.add(f'found encoding="{encoding}"; allowed: UTF-8')

    def start(self, name: str, attributes: list[str]) -> None:
        namespace, local, shown = split_name(name)
        line = self.parser.CurrentLineNumber
        self.count += 1
        if not self.stack and (namespace, local) != (SVG, "svg"):
            space = f" in the namespace {namespace}" if namespace else " without a namespace"
            self.add(f"found <{shown}>{space} as the root element; allowed: an SVG image, "
                     f'whose root is <svg xmlns="{SVG}">')
            raise _Stop
        if len(self.stack) >= MAX_SVG_DEPTH:
            self.add(f"found <{shown}> nested {len(self.stack) + 1} elements deep; allowed: "
                     f"at most {MAX_SVG_DEPTH}")
            raise _Stop
        if self.count > MAX_SVG_ELEMENTS:
            self.add(f"found more than {MAX_SVG_ELEMENTS:,} elements; allowed: at most that many")
            raise _Stop
        if self.stack and self.stack[-1][0] == "style":
            self.add(f"found <{shown}> inside <style>; allowed: CSS text only")
        self.element_problem(namespace, local, shown)
        element = _Element(line)
        (self.stack[-1][1] if self.stack else self.root).children.append(element)
        self.stack.append((local if namespace == SVG else "", element))
        for index in range(0, len(attributes), 2):
            self.attribute(local, element, attributes[index], attributes[index + 1])

    def element_problem(self, namespace: str | None, local: str, shown: str) -> None:
        if namespace != SVG:
            self.add(f"found <{shown}> in the namespace {namespace or '(none)'}; allowed: "
                     f"elements of the SVG namespace ({SVG}); save the drawing as plain SVG")
        elif local == "script":
            self.add("found a <script> element; allowed: static SVG, with no scripts")
        elif local == "foreignObject":
            self.add("found a <foreignObject> element, which embeds HTML; allowed: SVG "
                     "elements only")
        elif local in ANIMATION:
            self.add(f"found the animation element <{local}>; allowed: static SVG (an "
                     "animation can change any attribute, an href too, after the check)")
        elif local not in SVG_ELEMENTS:
            self.add(f"found the element <{shown}>; allowed: {', '.join(sorted(SVG_ELEMENTS))}")

    def attribute(self, element: str, node: _Element, name: str, value: str) -> None:
        namespace, local, shown = split_name(name)
        if namespace is None and local.lower().startswith("on"):
            self.add(f'found the event handler {shown}="{shorten(value)}" on <{element}>; '
                     "allowed: no event handlers (static SVG)")
        elif namespace is not None and (namespace, local) not in OTHER_ATTRIBUTES:
            self.add(f"found the attribute {shown} ({namespace}) on <{element}>; allowed: SVG "
                     "attributes, xlink:href, xlink:title, xml:lang and xml:space")
        elif local == "href":
            if not FRAGMENT.fullmatch(value):
                self.add(f'found {shown}="{shorten(value)}" on <{element}>; allowed: a '
                         'reference to an element of the same file, such as href="#arrow"')
            elif element == "use":
                node.use = value[1:]
        elif namespace is None and local == "id":
            self.ids.setdefault(value, node)
        elif namespace is None and not local.startswith(("aria-", "data-")):
            for _offset, found, allowed in css_findings(value):
                self.add(f"found {found} in {shown} of <{element}>; allowed: {allowed}")

    def text(self, data: str) -> None:
        if self.stack and self.stack[-1][0] == "style":
            self.style.append((self.parser.CurrentLineNumber, data))

    def end(self, name: str) -> None:
        local, _element = self.stack.pop()
        if local == "style" and self.style:
            first_line = self.style[0][0]
            css = "".join(text for _line, text in self.style)
            self.style = []
            for offset, found, allowed in css_findings(css):
                self.add(f"found {found} in <style>; allowed: {allowed}",
                         first_line + css.count("\n", 0, offset))

    def check_uses(self) -> None:
        """A <use> copies the element it names: nested copies can multiply beyond any
        bound (the SVG "billion laughs"), and a copy of its own ancestor never ends."""
        done: dict[int, tuple[int, int]] = {}  # element -> (elements drawn, copy depth)

        def measure(element: _Element, path: frozenset[int], chain: int) -> tuple[int, int]:
            if id(element) in done:
                return done[id(element)]
            if chain > MAX_USE_CHAIN:
                raise _Stop(None, too_deep)
            path = path | {id(element)}
            total, depth = 1, 0
            for child in element.children:
                size, child_depth = measure(child, path, chain)
                total, depth = total + size, max(depth, child_depth)
            target = self.ids.get(element.use) if element.use else None
            if target is not None:
                if id(target) in path:
                    raise _Stop(element.line, (
                        f'found <use href="#{element.use}"> inside the element it copies; '
                        "allowed: a copy of an element that does not contain it"))
                size, target_depth = measure(target, path, chain + 1)
                total, depth = total + size, max(depth, target_depth + 1)
            if total > MAX_SVG_ELEMENTS:
                raise _Stop(None, (
                    f"found <use> elements whose copies make more than {MAX_SVG_ELEMENTS:,} "
                    "elements; allowed: at most that many"))
            done[id(element)] = total, depth
            return total, depth

        too_deep = (f"found <use> elements that copy copies more than {MAX_USE_CHAIN} levels "
                    f"deep; allowed: at most {MAX_USE_CHAIN}")
        try:
            if measure(self.root, frozenset(), 0)[1] > MAX_USE_CHAIN:
                raise _Stop(None, too_deep)
        except _Stop as stop:
            self.problems.append(stop.args)


def css_findings(css: str) -> Iterator[tuple[int, str, str]]:
    """(offset, found, allowed) of each thing CSS may not hold: escapes (which can spell
    url( or @import unseen), at-rules other than @media, functions other than
    `CSS_FUNCTIONS`, and url() other than url(#id)."""
    if "\\" in css:
        yield (css.index("\\"), "a CSS escape (\\)",
               "CSS without escapes, which can disguise url() and @import")
    for match in CSS_AT_RULE.finditer(css):
        if match[1].lower() != "media":
            yield (match.start(), f"the at-rule @{match[1]}",
                   "@media only (@import, @font-face and the like load other files)")
    for match in CSS_FUNCTION.finditer(css):
        name = match[1].lower()
        if name == "url" and not CSS_OWN_URL.match(css, match.start()):
            end = css.find(")", match.start())
            yield (match.start(), shorten(css[match.start():end + 1 if end >= 0 else None]),
                   "url(#id), a reference to an element of the same file")
        elif name not in CSS_FUNCTIONS:
            yield (match.start(), f"the CSS function {match[1]}()",
                   "url(#id), colours (rgb(), hsl()), calc(), var() and transforms")


def split_name(name: str) -> tuple[str | None, str, str]:
    """expat's "uri local prefix" as (namespace, local name, name as written)."""
    parts = name.split(" ")
    if len(parts) == 1:
        return None, parts[0], parts[0]
    shown = f"{parts[2]}:{parts[1]}" if len(parts) == 3 else parts[1]
    return parts[0], parts[1], shown


def shorten(text: str) -> str:
    """`text` for a message, its white space folded: CSS and markup run over lines."""
    return problems.shorten(" ".join(text.split()), 60)
