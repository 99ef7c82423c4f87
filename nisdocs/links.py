"""Links by id (`id:NCG-0003`) and to the law (`law:NIS2/21/2/d`) in Markdown bodies.

Editors write `[text](id:NCG-0003)`, `[](id:NCG-0003)` (the title is filled in),
`id:NCG-0003@1.0` (a given version) and `id:NCG-0003#heading` (a section). The same
targets work in reference definitions: `[label]: id:NCG-0003`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from html import escape, unescape

from .escaping import markdown_text
from .model import Document
from .scanner import Target, link_targets, mask_code

_SCHEME = re.compile(r"^(?P<scheme>id|law):(?P<target>.*)$", re.DOTALL)
ID_TARGET = re.compile(r"^(?P<id>[A-Za-z0-9-]+)(?:@(?P<version>[0-9.]+))?(?:#(?P<anchor>[\w-]+))?$")


@dataclass(frozen=True)
class Link:
    scheme: str  # "id" or "law"
    target: str  # what follows the scheme
    text: str | None  # the label of an inline link, None for a definition
    line: int  # 1-based line within the body


def find_links(body: str) -> Iterator[Link]:
    """The id: and law: links of a body, outside code, whatever their target holds (a
    malformed one is found, for check to report)."""
    for target, scheme, rest in _our_targets(body):
        yield Link(scheme, rest, _label(body, target), target.line)


def rewrite_links(body: str, resolve: Callable[[Link], tuple[str, str | None]]) -> str:
    """Replace each id:/law: target outside code by `resolve(link)`'s URL; an empty
    label becomes the label `resolve` returns (the document's title), as literal text."""
    pieces: list[str] = []
    last = 0
    for target, scheme, rest in _our_targets(body):
        text = _label(body, target)
        url, label = resolve(Link(scheme, rest, text, target.line))
        if target.label is not None and not text:
            # The title is text: Markdown or HTML in it is shown, not made.
            start, end = target.label
            pieces += [body[last:start], markdown_text(label) if label else rest]
            last = end
        pieces += [body[last:target.start], url]
        last = target.end
    return "".join(pieces) + body[last:]


def _our_targets(body: str) -> tuple[tuple[Target, str, str], ...]:
    return _targets_of(body)


# Every rule, view and PDF asks for the links of the same bodies (about 80 times a text
# in a build): scanned once per body. A pure function of the text, so a memo is safe;
# its size holds a large library's texts.
@lru_cache(maxsize=16384)
def _targets_of(body: str) -> tuple[tuple[Target, str, str], ...]:
    found = []
    for target in link_targets(mask_code(body)):
        match = _SCHEME.match(target.target)
        if match:
            found.append((target, match["scheme"], match["target"]))
    return tuple(found)


def _label(body: str, target: Target) -> str | None:
    return None if target.label is None else body[target.label[0]:target.label[1]]


# A law link as Python-Markdown writes it into HTML: `href="law:NIS2/21/2/d"`.
_LAW_HREF = re.compile(r'href="law:(?P<target>[^"]*)"')


def resolve_law_hrefs(html: str, resolve: Callable[[str], str | None]) -> str:
    """Point each `law:` link of converted HTML at `resolve(target)`'s URL; a target
    `resolve` does not know (None) is left as it is."""

    def href(match: re.Match[str]) -> str:
        url = resolve(unescape(match["target"]))
        return match[0] if url is None else f'href="{escape(url, quote=True)}"'

    return _LAW_HREF.sub(href, html)


# -- what a document names ------------------------------------------------------------


def named_ids(document: Document) -> set[str]:
    """Every id a document's versions and translations name (supersedes, related, id:
    links): the documents whose pages show something of it."""
    ids: set[str] = set()
    for version in document.versions:
        ids.update(version.supersedes)
        ids.update(version.related)
        for text in [version.source, *(t.source for t in version.translations.values())]:
            for link in find_links(text.body):
                match = ID_TARGET.match(link.target) if link.scheme == "id" else None
                if match:
                    ids.add(match["id"].upper())
    return ids
