"""A text shown untranslated is converted once, not once per language.

mkdocs-static-i18n builds the site once per language. A document without a translation
into the language being built is shown in the source language: its page's Markdown is
then, byte for byte, the source-language page's (law links are resolved after
conversion for this reason: `nisdocs.links.resolve_law_hrefs`), at the same place in the
site's tree, so its links lead to the same relative URLs. mkdocs would convert it again
in every language; `SharedRender` keeps the conversion of each source-language page and
gives it to those copies instead.

Only pages whose links all lead to pages or other sites share a conversion: an image or
a downloadable file is not copied per language (static-i18n serves the source
language's), so a link to it is written differently from each language's folder.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ...scanner import link_targets, mask_code
from . import Guard

# mkdocs' Page.render and what it sets: content, toc, _title_from_render,
# present_anchor_ids, links_to_anchors.
GUARD = Guard("sharing conversions of untranslated texts", {"mkdocs": ">=1.6,<1.7"})

# Raw HTML that links or embeds something: its URLs are not checked here.
_RAW_LINK = re.compile(r"<(?:a|img|source|video|audio|iframe|object|embed|link)\b", re.IGNORECASE)
# A URL with a scheme (https:, mailto:, law:) or an anchor on the same page.
_NOT_A_PATH = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|#)")


def links_only_pages(markdown: str) -> bool:
    """True when every link and image of `markdown` leads to a Markdown page, an anchor
    or another site, so that it reads the same from every language's folder."""
    if _RAW_LINK.search(markdown):
        return False
    # Targets as the scanner finds them: what code shows is no link.
    targets = [target.target for target in link_targets(mask_code(markdown))]
    return all(_NOT_A_PATH.match(target) or target.split("#", 1)[0].endswith(".md")
               for target in targets)


@dataclass(frozen=True)
class _Rendered:
    """What `Page.render` sets, with the pages it links to by src_uri (the File objects
    of one language's build are not those of the next)."""

    content: str
    toc: Any
    title: str | None
    anchor_ids: frozenset[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None


class SharedRender:
    """Conversions of source-language pages, for the same pages shown untranslated in
    the other languages' builds of one `mkdocs build`. Made through
    `SharedRender.if_tested()`, which gives None outside `GUARD`."""

    @classmethod
    def if_tested(cls) -> SharedRender | None:
        return cls() if GUARD.allows() else None

    def __init__(self) -> None:
        self._rendered: dict[tuple[str, str], _Rendered] = {}
        self.reused = 0

    def share(self, page: Page, *, key: str, source: bool) -> None:
        """Before mkdocs converts `page` (its Markdown read): a `source` page keeps its
        conversion under `key` (the page's place, the same in every language); another
        takes the kept one when its Markdown is the same."""
        markdown = page.markdown
        if markdown is None or not links_only_pages(markdown):
            return
        entry = (key, markdown)
        render: Callable[[MkDocsConfig, Files], None]
        if source:
            def render(config: MkDocsConfig, files: Files) -> None:
                self._keep(page, entry, config, files)
        elif entry in self._rendered:
            def render(config: MkDocsConfig, files: Files) -> None:
                self._reuse(page, self._rendered[entry], files)
        else:
            return
        page.render = render  # type: ignore[method-assign]
        page._nisdocs_shared = entry  # type: ignore[attr-defined]  # for `index`

    def _keep(self, page: Page, entry: tuple[str, str], config: MkDocsConfig,
              files: Files) -> None:
        Page.render(page, config, files)
        links = None
        if page.links_to_anchors is not None:
            links = {file.src_uri: dict(anchors)
                     for file, anchors in page.links_to_anchors.items()}
        anchor_ids = page.present_anchor_ids
        self._rendered[entry] = _Rendered(
            page.content or "", page.toc, getattr(page, "_title_from_render", None),
            None if anchor_ids is None else frozenset(anchor_ids), links)

    def _reuse(self, page: Page, rendered: _Rendered, files: Files) -> None:
        page.content = rendered.content
        page.toc = rendered.toc
        page._title_from_render = rendered.title
        if rendered.anchor_ids is not None:
            page.present_anchor_ids = set(rendered.anchor_ids)
        if rendered.links_to_anchors is not None:
            # The same links, to the pages this language's build has at those places.
            page.links_to_anchors = {
                target: dict(anchors) for uri, anchors in rendered.links_to_anchors.items()
                if (target := files.get_file_from_path(uri)) is not None}
        self.reused += 1
