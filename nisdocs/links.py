"""Links by id (`id:NCG-0003`) and to the law (`law:NIS2/21/2/d`) in Markdown bodies.

Editors write `[text](id:NCG-0003)`, `[](id:NCG-0003)` (the title is filled in),
`id:NCG-0003@1.0` (a given version) and `id:NCG-0003#heading` (a section). The same
targets work in reference definitions: `[label]: id:NCG-0003`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import escape, unescape

from .escaping import markdown_text

# An inline link whose target uses one of our schemes; group `text` is the label.
_INLINE = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<scheme>id|law):(?P<target>[^)\s]*)\)")
# A reference definition: `[label]: id:NCG-0003`
_DEFINITION = re.compile(r"^(?P<lead> {0,3}\[[^\]]+\]:[ \t]*)(?P<scheme>id|law):(?P<target>\S*)",
                         re.MULTILINE)
ID_TARGET = re.compile(r"^(?P<id>[A-Za-z0-9-]+)(?:@(?P<version>[0-9.]+))?(?:#(?P<anchor>[\w-]+))?$")


@dataclass(frozen=True)
class Link:
    scheme: str  # "id" or "law"
    target: str  # what follows the scheme
    text: str | None  # the label of an inline link, None for a definition
    line: int  # 1-based line within the body


def find_links(body: str) -> Iterator[Link]:
    for match in _INLINE.finditer(body):
        yield Link(match["scheme"], match["target"], match["text"], _line(body, match.start()))
    for match in _DEFINITION.finditer(body):
        yield Link(match["scheme"], match["target"], None, _line(body, match.start()))


def rewrite_links(body: str, resolve: Callable[[Link], tuple[str, str | None]]) -> str:
    """Replace each id:/law: target by `resolve(link)`'s URL; an empty label becomes
    the label `resolve` returns (the document's title), as literal text."""

    def inline(match: re.Match[str]) -> str:
        link = Link(match["scheme"], match["target"], match["text"], 0)
        url, label = resolve(link)
        # The title is text: Markdown or HTML in it is shown, not made.
        text = match["text"] or (markdown_text(label) if label else match["target"])
        return f"[{text}]({url})"

    def definition(match: re.Match[str]) -> str:
        url, _label = resolve(Link(match["scheme"], match["target"], None, 0))
        return f"{match['lead']}{url}"

    return _DEFINITION.sub(definition, _INLINE.sub(inline, body))


# A law link as Python-Markdown writes it into HTML: `href="law:NIS2/21/2/d"`.
_LAW_HREF = re.compile(r'href="law:(?P<target>[^"]*)"')


def resolve_law_hrefs(html: str, resolve: Callable[[str], str | None]) -> str:
    """Point each `law:` link of converted HTML at `resolve(target)`'s URL; a target
    `resolve` does not know (None) is left as it is."""

    def href(match: re.Match[str]) -> str:
        url = resolve(unescape(match["target"]))
        return match[0] if url is None else f'href="{escape(url, quote=True)}"'

    return _LAW_HREF.sub(href, html)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1
