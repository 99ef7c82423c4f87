"""The one slug function of heading ids, for the site, check and the PDF.

Python-Markdown's own slugify keeps ASCII only, so every Greek or Bulgarian heading got
`_1`, `_2`... The site (mkdocs.yml's `toc: slugify:`), the renderer check uses
(nisdocs/rendering.py) and the PDF's heading labels (nisdocs/pdf/dialect.py) all take
this one instead: the heading's own words, in lower case, in any script
(`## Πεδίο εφαρμογής` → `#πεδίο-εφαρμογής`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable

from markdown.extensions.toc import unique  # type: ignore[import-untyped]
from pymdownx.slugs import slugify as _slugify_factory  # type: ignore[import-untyped]

from .scanner import link_labels

# pymdownx's Unicode slug: NFC, tags dropped, lower case, anything but letters, digits,
# `_`, `-` and spaces removed, spaces made `sep`. No percent-encoding: browsers show and
# match Unicode fragments as they are.
_UNICODE_SLUG: Callable[[str, str], str] = _slugify_factory(case="lower")

# What inline Markdown adds around a heading's words, which the site's HTML does not
# show (the toc extension slugs the rendered text): images, links' targets, emphasis
# and code markers, backslash escapes, an attribute list at the end.
_ATTRIBUTES = re.compile(r"\s*\{:?[^}]*\}\s*$")
_UNDERSCORES = re.compile(r"(?<![^\W_])_+|_+(?![^\W_])")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")


def slugify(text: str, sep: str) -> str:
    """The id of a heading whose rendered text is `text` (the toc extension's
    `slugify` option)."""
    return _UNICODE_SLUG(text, sep)


def heading_text(markdown: str) -> str:
    """The words of a heading as written in Markdown, as the site shows them: close to
    what the toc extension slugs, without rendering the text."""
    text = _ATTRIBUTES.sub("", markdown)
    text = link_labels(text)
    text = _UNDERSCORES.sub("", text.replace("*", "").replace("`", "").replace("~~", ""))
    return html.unescape(_ESCAPE.sub(r"\1", text))


def heading_ids(headings: Iterable[tuple[str, str | None]]) -> list[str]:
    """The id of each heading, given as (Markdown text, explicit id or None), in order:
    an explicit id kept, others slugged and made unique as the toc extension does
    (`scope`, `scope_1`)."""
    pairs = list(headings)
    used = {explicit for _, explicit in pairs if explicit}
    ids: list[str] = []
    for text, explicit in pairs:
        ids.append(explicit or str(unique(slugify(heading_text(text), "-"), used)))
    return ids
