"""The one Markdown scanner: where code is, and the headings, links and footnotes outside it.

Everything that reads a source's Markdown without rendering it asks here: check (the
anchors, the structure of translations, footnotes, headings), the link graph (`id:` and
`law:` links, found and rewritten), the PDF dialect, the diff, the publishing gate and
the render sharing. So all of them agree on what a code block or a heading is, and what
is inside code is never taken for a link, an id or a dialect construct.

It reads Markdown as the site's renderer does (Python-Markdown with pymdownx.superfences,
nisdocs/rendering.py), not as CommonMark does: a CommonMark parser with line maps
(markdown-it-py) would disagree with the site on what is code (fences indented in lists
and admonitions, code spans over lines), and the site is what readers get. The tests
compare it with Python-Markdown's own HTML on generated texts (tests/test_scanner.py).

Positions are kept: `masked` is the body with code and comments blanked out, character
for character, so an offset or a line found in it is the source's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

# Fences of fenced code blocks (superfences allows them indented, in lists and admonitions).
_FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
# Code spans, which Python-Markdown lets run over lines but not over a blank line.
_CODE_SPAN = re.compile(r"(?<![\\`])(?P<ticks>`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)(?P=ticks)(?!`)",
                        re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# ATX headings as Python-Markdown reads them (no space needed after the hashes), in
# quotes too.
_ATX = re.compile(r"^[ \t]*(?:>[ \t]?)*+(?P<hashes>#{1,6})(?!#)(?P<text>.*?)[ \t]*#*[ \t]*$")
# A setext underline: the line above is a heading of level 1 (===) or 2 (---).
_SETEXT = re.compile(r"^[ \t]{0,3}(?P<rule>=+|-+)[ \t]*$")
# An id set on a heading with attr_list: `## Scope {#scope}` or `## Scope {: #scope .x }`.
_EXPLICIT_ID = re.compile(r"\{:?[^}]*?#(?P<id>[\w.:-]+)[^}]*\}[ \t]*#*[ \t]*$")
# The start of an inline link or image: `[label](` (the label without nested brackets);
# a label may run over lines, not over a blank one.
_LINK_START = re.compile(r"(?P<image>!?)\[(?P<text>(?:[^\]\n]|\n(?![ \t]*\n))*)\]\(")
# A reference definition: `[label]: target` (not a footnote definition), in quotes too;
# the quote markers are taken possessively: a deep quote must not backtrack.
_DEFINITION = re.compile(
    r"^(?P<lead>(?:[ \t]{0,3}>[ \t]?)*+ {0,3}\[(?!\^)[^\]\n]+\]:[ \t]*)<?(?P<target>[^\s>]+)",
    re.MULTILINE)
_FOOTNOTE_REFERENCE = re.compile(r"\[\^(?P<label>[^\]\s]+)\]")
_FOOTNOTE_DEFINITION = re.compile(r"^[ \t]{0,3}\[\^(?P<label>[^\]\s]+)\]:", re.MULTILINE)
# A link's optional title after its target: `(url "title")`.
_TITLE = re.compile(r"""\s+(?:"[^"]*"|'[^']*'|\([^)]*\))\s*$""")
# Whatever could be a link target, for checks that must not miss one (`possible_targets`):
# after `](`, and after `[label]:` anywhere on a line (a definition in a list item, a
# quote or an admonition is indented), empty where a definition's URL is on the next line.
_LOOSE_INLINE_TARGET = re.compile(r"\]\(\s*<?(?P<target>[^)\s>]*)")
_LOOSE_DEFINED_TARGET = re.compile(r"\[(?!\^)[^\]\n]*\]:[ \t]*(?P<target>[^\s>]*)")
# Images and links in one line of inline text (a heading's), for their labels.
_INLINE_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_INLINE_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\[[^\]]*\]")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str  # as written, without the hashes or the underline
    line: int  # 1-based body line
    explicit_id: str | None  # `{#id}` written on the heading


@dataclass(frozen=True)
class Target:
    """The target of a link, an image or a reference definition."""

    target: str  # as written, its title left out
    text: str | None  # the label of an inline link; None for a definition
    line: int  # 1-based body line
    start: int  # offsets of the target in the body
    end: int
    image: bool = False
    label: tuple[int, int] | None = None  # offsets of an inline link's label


@dataclass(frozen=True)
class Footnote:
    label: str
    line: int


def mask_code(body: str) -> str:
    """`body` with fenced code, code spans and HTML comments blanked out: lines and
    offsets stay where they were, so that what is found in it has its line."""
    lines = body.split("\n")
    for start, end in code_blocks(body):
        lines[start:end] = [_blank(line) for line in lines[start:end]]
    text = _CODE_SPAN.sub(lambda match: _blank(match[0]), "\n".join(lines))
    return _COMMENT.sub(lambda match: _blank(match[0]), text)


def code_blocks(body: str) -> list[tuple[int, int]]:
    """The fenced code blocks of `body`: (first line, line after the last), 0-based, the
    fences included; an unclosed fence is text, as for Python-Markdown."""
    blocks: list[tuple[int, int]] = []
    lines = body.split("\n")
    fence: str | None = None
    start = 0
    for index, line in enumerate(lines):
        if fence is None:
            match = _FENCE.match(line)
            if match and not (match["fence"][0] == "`" and "`" in match["info"]):
                fence, start = match["fence"], index
        else:
            closing = line.strip()
            if closing and closing == fence[0] * len(closing) and len(closing) >= len(fence):
                blocks.append((start, index + 1))
                fence = None
    return blocks


def fenced_lines(body: str) -> list[bool]:
    """For each line of `body`: whether it belongs to a fenced code block (its fences
    included)."""
    inside = [False] * (body.count("\n") + 1)
    for start, end in code_blocks(body):
        inside[start:end] = [True] * (end - start)
    return inside


def line_at(text: str, offset: int) -> int:
    """The 1-based line of `offset` in `text`."""
    return text.count("\n", 0, offset) + 1


def headings(masked: str) -> list[Heading]:
    """The headings of a masked body, ATX (`## Title`) and setext (a title underlined
    with === or ---), in order."""
    found: list[Heading] = []
    rows = masked.split("\n")
    for index, row in enumerate(rows):
        atx = _ATX.match(row)
        if atx:
            text = atx["text"].strip()
            explicit = _EXPLICIT_ID.search(row)
            found.append(Heading(len(atx["hashes"]), text, index + 1,
                                 explicit["id"] if explicit else None))
            continue
        setext = _SETEXT.match(row)
        above = rows[index - 1] if index else ""
        if setext and above.strip() and _is_paragraph_line(above) and (
                index < 2 or not rows[index - 2].strip()):
            level = 1 if setext["rule"][0] == "=" else 2
            explicit = _EXPLICIT_ID.search(above)
            found.append(Heading(level, above.strip(), index, explicit["id"] if explicit else None))
    return found


def written_headings(body: str, masked: str | None = None) -> list[Heading]:
    """The headings of `body` outside code, each with its text as written, code spans
    included: what the site's heading ids are made of (nisdocs/slugs.py). `masked` is
    `mask_code(body)` when the caller has it already."""
    rows = body.split("\n")
    found = []
    for heading in headings(mask_code(body) if masked is None else masked):
        row = rows[heading.line - 1]
        atx = _ATX.match(row)
        text = atx["text"].strip() if atx else row.strip()
        found.append(replace(heading, text=text))
    return found


def _is_paragraph_line(line: str) -> bool:
    """A line that can be the text of a setext heading: not a list item, quote, table row,
    heading or indented code."""
    stripped = line.lstrip()
    return not (line.startswith(("    ", "\t")) or stripped.startswith(("#", ">", "|", "- ", "* ",
                                                                       "+ ", "!!!", "???"))
                or re.match(r"\d+[.)] ", stripped) or "|" in line)


def link_targets(masked: str) -> Iterator[Target]:
    """Every inline link and image and every reference definition outside code, with its
    target whatever it holds (spaces, parentheses): a malformed target is found too."""
    for match in _LINK_START.finditer(masked):
        start = match.end()
        end = _closing_parenthesis(masked, start)
        if end is None:
            continue
        raw = masked[start:end]
        target = _TITLE.sub("", raw).strip()
        if target.startswith("<") and target.endswith(">"):
            target = target[1:-1]
        offset = start + (raw.find(target) if target else 0)
        yield Target(target, match["text"], line_at(masked, match.start()), offset,
                     offset + len(target), bool(match["image"]),
                     (match.start("text"), match.end("text")))
    for match in _DEFINITION.finditer(masked):
        yield Target(match["target"], None, line_at(masked, match.start()),
                     match.start("target"), match.end("target"))


def possible_targets(body: str) -> list[str]:
    """Every text of `body`, code included, that could be a link's target: more than
    `link_targets` finds, never less (an empty text where a definition's URL is on the
    next line). For checks that may say "nothing to refuse" only when that is certain."""
    targets = [match["target"] for match in _LOOSE_INLINE_TARGET.finditer(body)]
    if "]:" in body:
        targets += [match["target"] for match in _LOOSE_DEFINED_TARGET.finditer(body)]
    return targets


def link_labels(text: str) -> str:
    """One line of inline Markdown with each image replaced by its alternative text and
    each link (inline or by reference) by its label: the words a reader sees."""
    text = _INLINE_IMAGE.sub(r"\1", text)
    return _INLINE_LINK.sub(lambda match: match[1] if match[1] is not None else match[2], text)


def _closing_parenthesis(text: str, start: int) -> int | None:
    """The offset of the `)` that closes a link opened just before `start`, counting
    nested parentheses; None when the line ends first."""
    depth = 0
    for index in range(start, len(text)):
        char = text[index]
        if char == "\n" and index + 1 < len(text) and text[index + 1] == "\n":
            return None
        if char == "\\":
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                return index
            depth -= 1
    return None


def replace_targets(body: str, replace: Callable[[Target], str | None]) -> str:
    """`body` with each link target outside code replaced by `replace(target)` (None
    keeps it), and everything else, code first of all, left as it is."""
    pieces: list[str] = []
    last = 0
    for target in sorted(link_targets(mask_code(body)), key=lambda t: t.start):
        new = replace(target)
        if new is None or target.start < last:
            continue
        pieces += [body[last:target.start], new]
        last = target.end
    return "".join(pieces) + body[last:]


def footnote_references(masked: str) -> list[Footnote]:
    """`[^label]` anywhere but where a line starts a definition (`[^label]: ...`)."""
    definitions = {m.start("label") for m in _FOOTNOTE_DEFINITION.finditer(masked)}
    return [Footnote(m["label"], line_at(masked, m.start()))
            for m in _FOOTNOTE_REFERENCE.finditer(masked)
            if m.start("label") not in definitions]


def footnote_definitions(masked: str) -> list[Footnote]:
    return [Footnote(m["label"], line_at(masked, m.start()))
            for m in _FOOTNOTE_DEFINITION.finditer(masked)]


def outside_code(body: str, pattern: re.Pattern[str], replacement: str) -> str:
    """`pattern` replaced by `replacement` only where no code is (code spans, fences)."""
    masked = mask_code(body)
    return pattern.sub(lambda match: replacement if masked[match.start():match.end()]
                       == match[0] else match[0], body)


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)
